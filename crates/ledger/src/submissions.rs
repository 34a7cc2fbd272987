//! Submission attempts: one immutable row per attempt to send a document to FATOORA. Recording an
//! attempt moves the document's status in the same transaction.

use rusqlite::{OptionalExtension, params};
use zatca::api::{Message, MessageKind, Route};

use crate::audit::{AuditAction, AuditEntity};
use crate::documents::{DocumentStatus, word};
use crate::{Ledger, LedgerError, Result, Timestamp, audit, time};

crate::words! {
    /// What one attempt came to: one value per value of the FATOORA client's answer
    /// (`fatoora::Outcome`), with the same name and meaning.
    pub enum Outcome ("submission outcome") {
        /// 200: reported / cleared.
        Accepted = "accepted",
        /// 202: accepted; warnings kept with their codes.
        AcceptedWithWarnings = "accepted_with_warnings",
        /// 208 (clearance) / 409 (reporting): ZATCA already has it: accepted.
        Duplicate = "duplicate",
        /// 303: clearance is switched off; send the same bytes to reporting.
        ClearanceOff = "clearance_off",
        /// 400 with validation results: the document is rejected.
        Rejected = "rejected",
        /// 400 without validation results: the request itself was refused; nothing advances.
        BadRequest = "bad_request",
        /// A CSID answer refusing the CSR (400, or 428 on renewal): never resent.
        CsrRefused = "csr_refused",
        /// 401 / 403: credentials or environment.
        Unauthorized = "unauthorized",
        /// 413.
        TooLarge = "too_large",
        /// 429.
        Throttled = "throttled",
        /// 5xx.
        ServerError = "server_error",
        /// Sent, no answer (timeout, connection dropped): ZATCA may have it.
        Unknown = "unknown",
        /// Connection refused, DNS: it never left.
        NotSent = "not_sent",
        /// A 2xx whose body could not be read: ZATCA may have accepted it; ask again.
        Malformed = "malformed",
        /// Any other status (404, 405, 406, …): a fault on our side; nothing advances.
        UnexpectedStatus = "unexpected_status",
    }
}

impl Outcome {
    /// The document's status after an attempt on `route`, given its current status. A final
    /// status (reported, cleared, rejected) never moves.
    pub fn next_status(
        self,
        route: Route,
        current: DocumentStatus,
        warnings: bool,
    ) -> DocumentStatus {
        use DocumentStatus as S;
        let accepted = |warn: bool| match (route, warn) {
            (Route::Clearance, false) => S::Cleared,
            (Route::Clearance, true) => S::ClearedWithWarnings,
            (Route::Reporting, false) => S::Reported,
            (Route::Reporting, true) => S::ReportedWithWarnings,
        };
        if current.is_final() {
            // ZATCA has given its word; a later attempt is recorded but changes nothing.
            return current;
        }
        match self {
            Self::Accepted => accepted(false),
            Self::AcceptedWithWarnings => accepted(true),
            Self::Duplicate => accepted(warnings),
            Self::Rejected => S::Rejected,
            Self::BadRequest
            | Self::CsrRefused
            | Self::Unauthorized
            | Self::TooLarge
            | Self::UnexpectedStatus => S::Held,
            Self::Unknown | Self::Malformed => S::InDoubt,
            // Once in doubt, a document stays in doubt until ZATCA answers.
            Self::Throttled | Self::ServerError | Self::NotSent | Self::ClearanceOff => {
                if current == S::InDoubt {
                    S::InDoubt
                } else {
                    S::Queued
                }
            }
        }
    }
}

/// One attempt, as the submission worker saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Where it was sent (by default the document's flow's route).
    pub route: Route,
    pub endpoint: String,
    pub started_at: Timestamp,
    pub duration_ms: u64,
    pub http_status: Option<u16>,
    pub outcome: Outcome,
    pub messages: Vec<Message>,
    /// ZATCA's cleared document, for an accepted clearance.
    pub cleared_xml: Option<Vec<u8>>,
    /// When to try again (backoff, `Retry-After`), for retryable outcomes.
    pub retry_at: Option<Timestamp>,
}

/// A stored attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRecord {
    pub id: i64,
    pub document_id: i64,
    pub attempt: i64,
    pub route: Route,
    pub endpoint: String,
    pub started_at: Timestamp,
    pub duration_ms: i64,
    pub http_status: Option<u16>,
    pub outcome: Outcome,
    pub messages: Vec<Message>,
}

impl Ledger {
    /// Records an attempt and moves the document's status, in one transaction.
    pub fn record_attempt(&mut self, document_id: i64, a: &Attempt) -> Result<DocumentStatus> {
        if a.endpoint.is_empty() {
            return Err(LedgerError::Invalid {
                field: "attempt.endpoint",
                reason: "must not be empty".to_owned(),
            });
        }
        self.write(|tx, actor| {
            let (current, attempts, has_cleared): (DocumentStatus, i64, bool) = tx
                .query_row(
                    "SELECT d.status, d.attempts, b.cleared_xml IS NOT NULL
                     FROM documents d JOIN document_bodies b ON b.document_id = d.id
                     WHERE d.id = ?1",
                    [document_id],
                    |r| Ok((word(r, 0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
                .ok_or(LedgerError::NotFound {
                    entity: "document",
                    key: document_id.to_string(),
                })?;
            let warnings = a.messages.iter().any(|m| m.kind == MessageKind::Warning);
            let next = a.outcome.next_status(a.route, current, warnings);
            let accepted_clearance = a.route == Route::Clearance
                && matches!(
                    next,
                    DocumentStatus::Cleared | DocumentStatus::ClearedWithWarnings
                );
            if accepted_clearance && a.cleared_xml.is_none() && !has_cleared {
                return Err(LedgerError::Invalid {
                    field: "attempt.cleared_xml",
                    reason: "an accepted clearance must carry ZATCA's cleared document"
                        .to_owned(),
                });
            }
            let attempt = attempts + 1;
            let messages = serde_json::to_string(&a.messages).map_err(|e| LedgerError::Invalid {
                field: "attempt.messages",
                reason: e.to_string(),
            })?;
            tx.execute(
                "INSERT INTO submissions (document_id, attempt, route, endpoint, started_at,
                     duration_ms, http_status, outcome, messages)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    document_id,
                    attempt,
                    a.route.as_str(),
                    a.endpoint,
                    time::to_db(&a.started_at),
                    i64::try_from(a.duration_ms).unwrap_or(i64::MAX),
                    a.http_status,
                    a.outcome.as_str(),
                    messages
                ],
            )?;
            let retry_at = if next.is_final() { None } else { a.retry_at.as_ref().map(time::to_db) };
            tx.execute(
                "UPDATE documents SET status = ?2, status_at = ?3, attempts = ?4, next_attempt_at = ?5
                 WHERE id = ?1",
                params![document_id, next.as_str(), time::now(), attempt, retry_at],
            )?;
            if accepted_clearance && !has_cleared {
                tx.execute(
                    "UPDATE document_bodies SET cleared_xml = ?2 WHERE document_id = ?1",
                    params![document_id, a.cleared_xml],
                )?;
            }
            let detail = format!("attempt {attempt}: {} → {}", a.outcome.as_str(), next.as_str());
            audit::append(tx, actor, AuditAction::Submission, AuditEntity::Document, &document_id.to_string(), &detail)?;
            Ok(next)
        })
    }

    /// Every attempt for a document, oldest first.
    pub fn attempts(&self, document_id: i64) -> Result<Vec<AttemptRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, document_id, attempt, route, endpoint, started_at, duration_ms,
                 http_status, outcome, messages
             FROM submissions WHERE document_id = ?1 ORDER BY attempt",
        )?;
        let rows = stmt
            .query_map([document_id], |r| {
                let started: String = r.get(5)?;
                let messages: String = r.get(9)?;
                Ok(AttemptRecord {
                    id: r.get(0)?,
                    document_id: r.get(1)?,
                    attempt: r.get(2)?,
                    route: word(r, 3)?,
                    endpoint: r.get(4)?,
                    started_at: time::from_db(&started)?,
                    duration_ms: r.get(6)?,
                    http_status: r.get(7)?,
                    outcome: word(r, 8)?,
                    messages: serde_json::from_str(&messages).map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(
                            9,
                            rusqlite::types::Type::Text,
                            Box::new(e),
                        )
                    })?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
