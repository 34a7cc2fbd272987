//! Backup and restore with SQLite's online backup API.
//!
//! A restored backup may end before documents that were issued (and perhaps reported) after it
//! was taken; issuing from there would repeat their ICVs. So a restore re-opens a device's chain
//! only when the chain guard (which lives outside the database and is never part of a backup)
//! proves the restored books end exactly where the device's chain ends: same last ICV, same hash.
//! Every other device is suspended with the reason; it never issues again until it is retired and
//! replaced by a newly onboarded device, whose chain starts from genesis. See docs/ledger.md.

use std::path::{Path, PathBuf};

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::audit::{AuditAction, AuditEntity};
use crate::devices::{self, ChainState, DeviceState};
use crate::guard::ChainGuard;
use crate::{Ledger, LedgerError, Result, audit, default_guard_path, migrate};

/// A backup just written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub bytes: u64,
}

/// What a restore did to one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoredDevice {
    pub device_id: i64,
    pub name: String,
    /// The restored books' last ICV for this device (0: none).
    pub last_icv: i64,
    /// `None`: the chain continues. `Some(reason)`: suspended.
    pub suspended: Option<String>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    pub devices: Vec<RestoredDevice>,
}

fn copy_all(src: &Connection, dst: &mut Connection) -> Result<()> {
    let backup = Backup::new(src, dst)?;
    // All pages in one step: one consistent snapshot, however busy the source is.
    backup.step(-1)?;
    Ok(())
}

impl Ledger {
    /// Writes a consistent copy of the books to `dest` (which must not exist yet). The chain
    /// guard is not part of it.
    pub fn backup_to(&mut self, dest: impl AsRef<Path>) -> Result<BackupInfo> {
        let dest = dest.as_ref();
        if dest.exists() {
            return Err(LedgerError::Invalid {
                field: "backup path",
                reason: format!(
                    "{} already exists; a backup never overwrites a file",
                    dest.display()
                ),
            });
        }
        self.write(|tx, actor| {
            audit::append(
                tx,
                actor,
                AuditAction::Backup,
                AuditEntity::Ledger,
                "1",
                &dest.display().to_string(),
            )
        })?;
        let mut dst = Connection::open(dest)?;
        copy_all(&self.conn, &mut dst)?;
        dst.execute_batch("PRAGMA journal_mode = DELETE;")?;
        drop(dst);
        Ok(BackupInfo {
            path: dest.to_path_buf(),
            bytes: std::fs::metadata(dest)?.len(),
        })
    }
}

/// Restores `backup` over the ledger at `target`, with the target's default chain guard.
pub fn restore(backup: impl AsRef<Path>, target: impl AsRef<Path>) -> Result<RestoreReport> {
    let target = target.as_ref();
    restore_with_guard(backup, target, default_guard_path(target))
}

/// Restores `backup` over the ledger at `target`; `guard_path` is the chain guard of the
/// computer the books are restored on. Stop other users of `target` first.
pub fn restore_with_guard(
    backup: impl AsRef<Path>,
    target: impl AsRef<Path>,
    guard_path: impl AsRef<Path>,
) -> Result<RestoreReport> {
    let (backup, target) = (backup.as_ref(), target.as_ref());
    let src = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    migrate::check(&src, backup)?;
    let ok: String = src.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(LedgerError::Invalid {
            field: "backup",
            reason: format!("{} is damaged: {ok}", backup.display()),
        });
    }
    let mut dst = crate::open_connection(target)?;
    copy_all(&src, &mut dst)?;
    drop(src);
    dst.execute_batch("PRAGMA journal_mode = WAL;")?;
    drop(dst);

    let mut ledger = Ledger::open_with_guard(target, guard_path.as_ref())?;
    ledger.set_actor("restore");
    let tx = ledger
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let report = judge_devices(&tx, &ledger.guard, backup)?;
    tx.commit()?;
    Ok(report)
}

fn judge_devices(tx: &Connection, guard: &ChainGuard, backup: &Path) -> Result<RestoreReport> {
    audit::append(
        tx,
        "restore",
        AuditAction::Restore,
        AuditEntity::Ledger,
        "1",
        &backup.display().to_string(),
    )?;
    let ids: Vec<i64> = {
        let mut stmt = tx.prepare("SELECT id FROM devices WHERE state <> ?1 ORDER BY id")?;
        stmt.query_map([DeviceState::Retired.as_str()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut out = Vec::new();
    for id in ids {
        let device = devices::get(tx, id)?;
        let head = devices::head(tx, id)?;
        let last_icv = head.as_ref().map_or(0, |h| h.icv);
        let mark = guard.mark(&device.uuid)?;
        let proven = match (&head, &mark) {
            (Some(h), Some(m)) => h.icv == m.icv && h.hash == m.hash,
            _ => false,
        };
        let suspended = if proven {
            if device.suspended.is_some() {
                tx.execute(
                    "UPDATE devices SET chain_state = ?2, chain_note = NULL WHERE id = ?1",
                    rusqlite::params![id, ChainState::Open.as_str()],
                )?;
            }
            audit::append(
                tx,
                "restore",
                AuditAction::ChainProven,
                AuditEntity::Device,
                &device.uuid,
                &format!("ICV {last_icv}"),
            )?;
            None
        } else {
            let seen = match &mark {
                Some(m) if m.icv > last_icv => format!("ICV {} was already issued on it", m.icv),
                Some(m) => format!("its last known ICV {} does not match the books", m.icv),
                None => "this computer's chain guard has no record of it".to_owned(),
            };
            let reason = format!(
                "restored from a backup: the books end at ICV {last_icv} but {seen}. Issuing could \
                 repeat an ICV that ZATCA already has. Retire this device and onboard a new one: \
                 its chain starts from genesis"
            );
            devices::suspend(tx, "restore", &device, &reason)?;
            Some(reason)
        };
        out.push(RestoredDevice {
            device_id: id,
            name: device.name,
            last_icv,
            suspended,
        });
    }
    Ok(RestoreReport { devices: out })
}
