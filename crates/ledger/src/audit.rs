//! The audit log: append-only, each row hash-chained to the one before.
//!
//! `hash = hex(sha256(json([prev_hash, id, at, actor, action, entity, entity_id, detail])))`; the
//! first row's `prev_hash` is [`AUDIT_GENESIS`]. Appends happen inside the same write transaction
//! as the change they record, so the log and the books never disagree.

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::{Result, time};

/// `prev_hash` of the first row.
pub const AUDIT_GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

crate::words! {
    /// What a row of the log records.
    pub enum AuditAction ("audit action") {
        Add = "add",
        Update = "update",
        /// The company's details were set.
        Set = "set",
        Save = "save",
        Delete = "delete",
        /// A document took its chain slot.
        Issue = "issue",
        /// An attempt to send a document to FATOORA.
        Submission = "submission",
        SetCertificate = "set_certificate",
        Retire = "retire",
        SuspendChain = "suspend_chain",
        /// FATOORA refused a device's credentials: its queue stops until renewal.
        PauseQueue = "pause_queue",
        ResumeQueue = "resume_queue",
        Backup = "backup",
        Restore = "restore",
        /// After a restore, a device's chain matched the chain guard.
        ChainProven = "chain_proven",
        /// A device's secret was read from the keychain or vault (which entry, why).
        ReadSecret = "read_secret",
        /// A device's onboarding moved to its next step.
        Onboard = "onboard",
        /// A device received a certificate (compliance, production, renewal).
        AddCertificate = "add_certificate",
        /// A device came in from an encrypted device backup.
        ImportDevice = "import_device",
    }
}

crate::words! {
    /// What a row of the log is about.
    pub enum AuditEntity ("audit entity") {
        Company = "company",
        Device = "device",
        Customer = "customer",
        Item = "item",
        Series = "series",
        Draft = "draft",
        Document = "document",
        /// The books as a whole (backup, restore).
        Ledger = "ledger",
    }
}

/// One row of the log. `action` and `entity` are the stored text ([`AuditAction`],
/// [`AuditEntity`]), kept as text so that a row changed behind Sanad's back is still read and
/// reported by [`verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditProblem {
    pub id: i64,
    pub what: String,
}

/// The result of walking the whole log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    pub rows: u64,
    pub head: String,
    pub problems: Vec<AuditProblem>,
}

impl AuditReport {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

pub(crate) fn row_hash(prev_hash: &str, e: &AuditEntry) -> String {
    let body = serde_json::json!([
        prev_hash,
        e.id,
        e.at,
        e.actor,
        e.action,
        e.entity,
        e.entity_id,
        e.detail
    ]);
    hex(&Sha256::digest(body.to_string().as_bytes()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Appends one row. Call inside a write transaction.
pub(crate) fn append(
    conn: &Connection,
    actor: &str,
    action: AuditAction,
    entity: AuditEntity,
    entity_id: &str,
    detail: &str,
) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (id, prev_hash) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, AUDIT_GENESIS.to_owned()),
    };
    let mut entry = AuditEntry {
        id,
        at: time::now(),
        actor: actor.to_owned(),
        action: action.as_str().to_owned(),
        entity: entity.as_str().to_owned(),
        entity_id: entity_id.to_owned(),
        detail: detail.to_owned(),
        prev_hash: prev_hash.clone(),
        hash: String::new(),
    };
    entry.hash = row_hash(&prev_hash, &entry);
    conn.execute(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            entry.id,
            entry.at,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.detail,
            entry.prev_hash,
            entry.hash
        ],
    )?;
    Ok(())
}

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get(5)?,
        detail: r.get(6)?,
        prev_hash: r.get(7)?,
        hash: r.get(8)?,
    })
}

const COLUMNS: &str = "id, at, actor, action, entity, entity_id, detail, prev_hash, hash";

/// The newest `limit` rows, newest first.
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM audit_log ORDER BY id DESC LIMIT ?1"
    ))?;
    let rows = stmt
        .query_map([limit], read)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Walks the log from its first row and names every row that does not hold together: content
/// changed (hash mismatch), a broken link (`prev_hash` is not the previous row's hash), or a
/// missing row (a gap in ids).
pub fn verify(conn: &Connection) -> Result<AuditReport> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut prev_hash = AUDIT_GENESIS.to_owned();
    let mut expected_id = 1;
    let mut count = 0;
    let mut problems = Vec::new();
    while let Some(row) = rows.next()? {
        let e = read(row)?;
        count += 1;
        if e.id != expected_id {
            problems.push(AuditProblem {
                id: e.id,
                what: format!("rows {expected_id}..{} are missing", e.id - 1),
            });
        }
        if e.prev_hash != prev_hash {
            problems.push(AuditProblem {
                id: e.id,
                what: "its link to the previous row is broken (prev_hash differs)".to_owned(),
            });
        }
        if row_hash(&e.prev_hash, &e) != e.hash {
            problems.push(AuditProblem {
                id: e.id,
                what: format!(
                    "its content was changed after it was written ({} {})",
                    e.action, e.entity
                ),
            });
        }
        prev_hash = e.hash;
        expected_id = e.id + 1;
    }
    Ok(AuditReport {
        rows: count,
        head: prev_hash,
        problems,
    })
}

impl crate::Ledger {
    /// Records that a device's secret was read from the keychain or vault: which device, which
    /// entry (its name, never its value) and why (sign, submit, onboard, renew, backup).
    pub fn note_secret_read(
        &mut self,
        device_uuid: &str,
        entry: &str,
        purpose: &str,
    ) -> Result<()> {
        let detail = format!("{entry} for {purpose}");
        self.write(|tx, actor| {
            append(
                tx,
                actor,
                AuditAction::ReadSecret,
                AuditEntity::Device,
                device_uuid,
                &detail,
            )
        })
    }
}
