//! Drafts: unsigned, editable work outside the chain. Issuing a draft removes it in the same
//! transaction that stores the signed document.

use rusqlite::{OptionalExtension, params};

use crate::audit::{AuditAction, AuditEntity};
use zatca::model::{DocumentKind, Flow};

use crate::documents::word;
use crate::{Ledger, LedgerError, Result, audit, time};

/// A stored draft; `body` is the engine's draft JSON, kept as the user left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub id: i64,
    pub kind: DocumentKind,
    pub flow: Flow,
    pub body: String,
}

impl Ledger {
    /// Saves a new draft (`id: None`) or replaces an existing one; returns its id.
    pub fn save_draft(
        &mut self,
        id: Option<i64>,
        kind: DocumentKind,
        flow: Flow,
        body: &str,
    ) -> Result<i64> {
        if serde_json::from_str::<serde_json::Value>(body).is_err() {
            return Err(LedgerError::Invalid {
                field: "draft.body",
                reason: "is not JSON".to_owned(),
            });
        }
        self.write(|tx, actor| {
            let id = match id {
                Some(id) => {
                    let n = tx.execute(
                        "UPDATE drafts SET kind = ?2, flow = ?3, body = ?4, updated_at = ?5 WHERE id = ?1",
                        params![id, kind.as_str(), flow.as_str(), body, time::now()],
                    )?;
                    if n == 0 {
                        return Err(LedgerError::NotFound { entity: "draft", key: id.to_string() });
                    }
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO drafts (kind, flow, body, updated_at) VALUES (?1, ?2, ?3, ?4)",
                        params![kind.as_str(), flow.as_str(), body, time::now()],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            audit::append(tx, actor, AuditAction::Save, AuditEntity::Draft, &id.to_string(), kind.as_str())?;
            Ok(id)
        })
    }

    /// A draft by id.
    pub fn draft(&self, id: i64) -> Result<Draft> {
        self.conn
            .query_row(
                "SELECT id, kind, flow, body FROM drafts WHERE id = ?1",
                [id],
                |r| {
                    Ok(Draft {
                        id: r.get(0)?,
                        kind: word(r, 1)?,
                        flow: word(r, 2)?,
                        body: r.get(3)?,
                    })
                },
            )
            .optional()?
            .ok_or(LedgerError::NotFound {
                entity: "draft",
                key: id.to_string(),
            })
    }

    /// Discards a draft.
    pub fn delete_draft(&mut self, id: i64) -> Result<()> {
        self.write(|tx, actor| {
            if tx.execute("DELETE FROM drafts WHERE id = ?1", [id])? == 0 {
                return Err(LedgerError::NotFound {
                    entity: "draft",
                    key: id.to_string(),
                });
            }
            audit::append(
                tx,
                actor,
                AuditAction::Delete,
                AuditEntity::Draft,
                &id.to_string(),
                "",
            )
        })
    }
}
