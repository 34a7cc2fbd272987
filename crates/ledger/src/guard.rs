//! The chain guard: a small SQLite file, kept apart from the books and never part of a backup,
//! that remembers the highest ICV (and its hash) each device has ever been given.
//!
//! The allocator writes it (durably) *before* it commits a document, so the guard is never behind
//! the books. If the books ever end below the guard (an old file copied back, a restored backup),
//! the ledger knows ICVs would repeat and refuses to issue on that device.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::{Result, time};

/// The highest chain slot a device has been given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardMark {
    pub icv: i64,
    pub hash: String,
}

pub(crate) struct ChainGuard {
    conn: Connection,
}

impl ChainGuard {
    pub(crate) fn open(path: &Path) -> Result<Self> {
        let conn = crate::open_connection(path)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS chain_guard (
                device_uuid TEXT PRIMARY KEY,
                icv         INTEGER NOT NULL,
                hash        TEXT NOT NULL,
                at          TEXT NOT NULL
            ) STRICT;",
        )?;
        Ok(Self { conn })
    }

    pub(crate) fn mark(&self, device_uuid: &str) -> Result<Option<GuardMark>> {
        Ok(self
            .conn
            .query_row(
                "SELECT icv, hash FROM chain_guard WHERE device_uuid = ?1",
                [device_uuid],
                |r| {
                    Ok(GuardMark {
                        icv: r.get(0)?,
                        hash: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records that `icv` (with `hash`) is being given to the device; never moves backwards.
    pub(crate) fn raise(&self, device_uuid: &str, icv: i64, hash: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO chain_guard (device_uuid, icv, hash, at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (device_uuid) DO UPDATE SET icv = excluded.icv, hash = excluded.hash,
                 at = excluded.at
             WHERE excluded.icv >= chain_guard.icv",
            params![device_uuid, icv, hash, time::now()],
        )?;
        Ok(())
    }
}
