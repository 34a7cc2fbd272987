//! Numbering: user-visible document numbers per series (`prefix` + zero-padded sequence).
//! A number is taken inside the transaction that stores its document: never reused, no gaps.

use rusqlite::{Connection, OptionalExtension, params};

use crate::audit::{AuditAction, AuditEntity};
use crate::{Ledger, LedgerError, Result, audit};

/// A numbering series, e.g. code `INV`, prefix `INV-`, width 6 → `INV-000001`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub id: i64,
    pub code: String,
    pub prefix: String,
    pub width: u32,
    pub next_seq: i64,
}

pub(crate) fn format_number(prefix: &str, width: u32, seq: i64) -> String {
    format!("{prefix}{seq:0width$}", width = width as usize)
}

/// Takes the next number of `code`. Call inside the write transaction that stores the document.
pub(crate) fn take(conn: &Connection, code: &str) -> Result<(i64, i64, String)> {
    let (id, prefix, width, seq): (i64, String, u32, i64) = conn
        .query_row(
            "UPDATE series SET next_seq = next_seq + 1 WHERE code = ?1
             RETURNING id, prefix, width, next_seq - 1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .ok_or_else(|| LedgerError::NotFound {
            entity: "series",
            key: code.to_owned(),
        })?;
    Ok((id, seq, format_number(&prefix, width, seq)))
}

/// A prefix a number may start with: no control characters, no XML markup.
pub(crate) fn check_prefix(prefix: &str) -> Result<()> {
    if prefix
        .chars()
        .any(|c| c.is_control() || matches!(c, '<' | '>' | '&'))
    {
        return Err(LedgerError::Invalid {
            field: "series.prefix",
            reason: "must not hold control characters or XML markup".to_owned(),
        });
    }
    Ok(())
}

/// Creates a series inside a write transaction. A non-empty prefix is the series' own: two
/// series never number with the same prefix (their numbers could meet).
pub(crate) fn insert(
    conn: &Connection,
    actor: &str,
    code: &str,
    prefix: &str,
    width: u32,
) -> Result<()> {
    if code.is_empty()
        || !code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(LedgerError::Invalid {
            field: "series.code",
            reason: format!("{code:?} must be letters, digits, '-' or '_'"),
        });
    }
    if !(1..=12).contains(&width) {
        return Err(LedgerError::Invalid {
            field: "series.width",
            reason: "must be 1 to 12".to_owned(),
        });
    }
    check_prefix(prefix)?;
    if !prefix.is_empty()
        && conn
            .query_row("SELECT 1 FROM series WHERE prefix = ?1", [prefix], |_| {
                Ok(())
            })
            .optional()?
            .is_some()
    {
        return Err(LedgerError::Invalid {
            field: "series.prefix",
            reason: format!("another series already numbers with the prefix {prefix:?}"),
        });
    }
    conn.execute(
        "INSERT INTO series (code, prefix, width) VALUES (?1, ?2, ?3)",
        params![code, prefix, width],
    )?;
    audit::append(
        conn,
        actor,
        AuditAction::Add,
        AuditEntity::Series,
        code,
        &format!("{prefix} width {width}"),
    )
}

impl Ledger {
    /// Creates a series. `prefix` may be empty; numbers are `prefix` + `seq` padded to `width`.
    pub fn add_series(&mut self, code: &str, prefix: &str, width: u32) -> Result<Series> {
        self.write(|tx, actor| insert(tx, actor, code, prefix, width))?;
        self.series(code)
    }

    /// A series by code.
    pub fn series(&self, code: &str) -> Result<Series> {
        self.conn
            .query_row(
                "SELECT id, code, prefix, width, next_seq FROM series WHERE code = ?1",
                [code],
                |r| {
                    Ok(Series {
                        id: r.get(0)?,
                        code: r.get(1)?,
                        prefix: r.get(2)?,
                        width: r.get(3)?,
                        next_seq: r.get(4)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| LedgerError::NotFound {
                entity: "series",
                key: code.to_owned(),
            })
    }
}
