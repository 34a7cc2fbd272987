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
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

use crate::audit::{AuditAction, AuditEntity};
use crate::devices::{self, ChainState, DeviceState};
use crate::guard::ChainGuard;
use crate::{Ledger, LedgerError, Result, audit, default_guard_path, migrate};

/// A backup just written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BooksBackupInfo"))]
pub struct BackupInfo {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
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

/// A device coming in from an encrypted device backup (its secrets go to the keychain; this is
/// the public part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceImport {
    pub device: devices::Device,
    /// The next number of the device's own series when the backup was made.
    pub series_next: Option<i64>,
    pub certificates: Vec<crate::certificates::CertificateRecord>,
    /// The device's chain head when the backup was made.
    pub head: Option<devices::ChainHead>,
}

/// What importing a device did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub device_id: i64,
    /// The device's last ICV in these books (0: none).
    pub books_icv: i64,
    /// Why the device's chain is suspended, when it is.
    pub suspended: Option<String>,
}

impl Ledger {
    /// Brings in a device from its backup, never rewinding its chain: the backup's chain head
    /// raises this computer's chain guard; when these books end exactly there (same ICV, same
    /// hash) the chain is proven and continues; when they end before it, the device stays
    /// suspended with the reason; when they go beyond it, the chain guard and the restore rules
    /// keep deciding.
    pub fn import_device(&mut self, d: &DeviceImport) -> Result<ImportReport> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let actor = self.actor.clone();
        let existing = tx
            .query_row(
                "SELECT id FROM devices WHERE uuid = ?1",
                [&d.device.uuid],
                |r| r.get::<_, i64>(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => import_new(&tx, &actor, d)?,
        };
        let device = devices::get(&tx, id)?;
        let books = devices::head(&tx, id)?;
        let books_icv = books.as_ref().map_or(0, |h| h.icv);
        if let Some(h) = &d.head {
            self.guard.raise(&device.uuid, h.icv, &h.hash)?;
        }
        let verdict: Option<Option<String>> = match (&d.head, &books) {
            (None, None) => Some(None),
            (Some(b), Some(h)) if b == h => Some(None),
            (Some(b), Some(h)) if h.icv == b.icv => Some(Some(format!(
                "the books' document at ICV {} is not the one this device signed (its hash \
                 differs). Retire this device and onboard a new one: its chain starts from genesis",
                h.icv
            ))),
            (Some(b), _) if books_icv < b.icv => Some(Some(format!(
                "restored from a device backup whose chain reached ICV {}, but these books end at \
                 ICV {books_icv}. Restore the books' backup made with it (sanad-cli books \
                 restore) to continue, or retire this device and onboard a new one",
                b.icv
            ))),
            // The books go beyond the backup: the chain guard and the books' restore decide.
            _ => None,
        };
        let suspended = match verdict {
            Some(None) => {
                if device.suspended.is_some() {
                    tx.execute(
                        "UPDATE devices SET chain_state = ?2, chain_note = NULL WHERE id = ?1",
                        params![id, devices::ChainState::Open.as_str()],
                    )?;
                }
                audit::append(
                    &tx,
                    &actor,
                    AuditAction::ChainProven,
                    AuditEntity::Device,
                    &device.uuid,
                    &format!("ICV {books_icv}"),
                )?;
                None
            }
            Some(Some(reason)) => {
                devices::suspend(&tx, &actor, &device, &reason)?;
                Some(reason)
            }
            None => device.suspended.clone(),
        };
        tx.commit()?;
        Ok(ImportReport {
            device_id: id,
            books_icv,
            suspended,
        })
    }
}

fn import_new(tx: &Connection, actor: &str, d: &DeviceImport) -> Result<i64> {
    let dev = &d.device;
    if tx
        .query_row("SELECT 1 FROM devices WHERE name = ?1", [&dev.name], |_| {
            Ok(())
        })
        .optional()?
        .is_some()
    {
        return Err(LedgerError::Invalid {
            field: "device.name",
            reason: format!(
                "another device is already named {:?} in these books",
                dev.name
            ),
        });
    }
    if let (Some(code), Some(prefix)) = (&dev.series_code, &dev.series_prefix)
        && tx
            .query_row("SELECT 1 FROM series WHERE code = ?1", [code], |_| Ok(()))
            .optional()?
            .is_none()
    {
        crate::series::insert(tx, actor, code, prefix, devices::SERIES_WIDTH)?;
        if let Some(next) = d.series_next {
            tx.execute(
                "UPDATE series SET next_seq = ?2 WHERE code = ?1",
                params![code, next],
            )?;
        }
    }
    let c = &dev.csr;
    tx.execute(
        "INSERT INTO devices (uuid, name, environment, csr_common_name, csr_serial, csr_org_unit,
             csr_invoice_type, csr_location, csr_industry, csr_vat_number, csr_organization,
             csr_country, certificate_pem, cert_not_after, state, created_at, series_code)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            dev.uuid,
            dev.name,
            dev.environment.as_str(),
            c.common_name,
            c.serial_number,
            c.organization_unit,
            c.invoice_types,
            c.location_address,
            c.business_category,
            c.vat_number,
            c.organization,
            c.country,
            dev.certificate_pem,
            dev.cert_not_after.as_ref().map(crate::time::to_db),
            dev.state.as_str(),
            crate::time::now(),
            dev.series_code
        ],
    )?;
    let id = tx.last_insert_rowid();
    for cert in &d.certificates {
        crate::certificates::insert(tx, id, cert)?;
    }
    audit::append(
        tx,
        actor,
        AuditAction::ImportDevice,
        AuditEntity::Device,
        &dev.uuid,
        &dev.name,
    )?;
    Ok(id)
}
