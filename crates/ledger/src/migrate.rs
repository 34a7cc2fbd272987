//! Versioned SQL migrations (`migrations/NNNN_name.sql`), applied at open inside one
//! `BEGIN IMMEDIATE` transaction; `PRAGMA user_version` is the applied version.
//!
//! Foreign keys are off while migrations run (SQLite's way to rebuild a table that others
//! reference) and checked as a whole before the transaction commits.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::{APPLICATION_ID, LedgerError, Result};

const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_company",
        include_str!("../migrations/0001_company.sql"),
    ),
    (
        "0002_devices",
        include_str!("../migrations/0002_devices.sql"),
    ),
    (
        "0003_customers",
        include_str!("../migrations/0003_customers.sql"),
    ),
    ("0004_items", include_str!("../migrations/0004_items.sql")),
    ("0005_series", include_str!("../migrations/0005_series.sql")),
    (
        "0006_documents",
        include_str!("../migrations/0006_documents.sql"),
    ),
    (
        "0007_submissions",
        include_str!("../migrations/0007_submissions.sql"),
    ),
    ("0008_audit", include_str!("../migrations/0008_audit.sql")),
    (
        "0009_vocabulary",
        include_str!("../migrations/0009_vocabulary.sql"),
    ),
    (
        "0010_csr_refused",
        include_str!("../migrations/0010_csr_refused.sql"),
    ),
    (
        "0011_onboarding",
        include_str!("../migrations/0011_onboarding.sql"),
    ),
    ("0012_queue", include_str!("../migrations/0012_queue.sql")),
    ("0013_bodies", include_str!("../migrations/0013_bodies.sql")),
    ("0014_kpis", include_str!("../migrations/0014_kpis.sql")),
    (
        "0015_customer_party",
        include_str!("../migrations/0015_customer_party.sql"),
    ),
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Refuses a database that is not a ledger or is newer than this build, without touching it.
pub(crate) fn check(conn: &Connection, path: &Path) -> Result<u32> {
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let found = version(conn)?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if app != APPLICATION_ID && (app != 0 || found != 0 || tables != 0) {
        return Err(LedgerError::NotALedger {
            path: path.to_path_buf(),
        });
    }
    if found > SCHEMA_VERSION {
        return Err(LedgerError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(found)
}

pub(crate) fn migrate(conn: &Connection, path: &Path) -> Result<()> {
    if check(conn, path)? == SCHEMA_VERSION {
        return Ok(());
    }
    // Outside a transaction, or SQLite ignores it.
    conn.pragma_update(None, "foreign_keys", false)?;
    let applied = apply(conn, path);
    conn.pragma_update(None, "foreign_keys", true)?;
    applied
}

fn apply(conn: &Connection, path: &Path) -> Result<()> {
    let conn_tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    // Another process may have migrated while we waited for the lock.
    let found = check(&conn_tx, path)?;
    for (i, (_, sql)) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        conn_tx.execute_batch(sql)?;
        conn_tx.pragma_update(None, "user_version", (i + 1) as u32)?;
    }
    let broken: Option<String> = conn_tx
        .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
        .optional()?;
    if let Some(table) = broken {
        return Err(LedgerError::Invalid {
            field: "schema",
            reason: format!("a migration left rows of `{table}` without their parent"),
        });
    }
    conn_tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    conn_tx.commit()?;
    Ok(())
}
