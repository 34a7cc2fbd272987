//! Drafts: unsigned, editable work outside the chain. Issuing a draft removes it in the same
//! transaction that stores the signed document.

use rusqlite::{OptionalExtension, params};

use crate::documents::{DocumentKind, Flow};
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
            audit::append(tx, actor, "save", "draft", &id.to_string(), kind.as_str())?;
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
                    let kind: String = r.get(1)?;
                    let flow: String = r.get(2)?;
                    Ok((r.get(0)?, kind, flow, r.get(3)?))
                },
            )
            .optional()?
            .ok_or(LedgerError::NotFound {
                entity: "draft",
                key: id.to_string(),
            })
            .and_then(|(id, kind, flow, body)| {
                Ok(Draft {
                    id,
                    kind: DocumentKind::parse(&kind).ok_or(LedgerError::Invalid {
                        field: "draft.kind",
                        reason: kind.clone(),
                    })?,
                    flow: Flow::parse(&flow).ok_or(LedgerError::Invalid {
                        field: "draft.flow",
                        reason: flow.clone(),
                    })?,
                    body,
                })
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
            audit::append(tx, actor, "delete", "draft", &id.to_string(), "")
        })
    }
}
