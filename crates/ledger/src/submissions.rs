//! Submission attempts: one immutable row per attempt to send a document to FATOORA. Recording an
//! attempt moves the document's status in the same transaction.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::documents::{DocumentStatus, Flow};
use crate::{Ledger, LedgerError, Result, Timestamp, audit, time};

/// What one attempt came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 200: reported / cleared.
    Accepted,
    /// 202: accepted; warnings kept with their codes.
    AcceptedWithWarnings,
    /// 208 (clearance) / 409 (reporting): ZATCA already has it: accepted.
    Duplicate,
    /// 400 with validation results.
    Rejected,
    /// 400 without validation results: a fault on our side; nothing advances.
    Malformed,
    /// 401 / 403: credentials or environment.
    AuthProblem,
    /// 413.
    TooLarge,
    /// 429.
    Throttled,
    /// 5xx.
    ServerError,
    /// Sent, no answer: ZATCA may have it.
    Timeout,
    /// Connection refused, DNS: it never left.
    NotSent,
    /// 303: clearance is switched off; send the same bytes to reporting.
    ClearanceOff,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::AcceptedWithWarnings => "accepted_with_warnings",
            Self::Duplicate => "duplicate",
            Self::Rejected => "rejected",
            Self::Malformed => "malformed",
            Self::AuthProblem => "auth_problem",
            Self::TooLarge => "too_large",
            Self::Throttled => "throttled",
            Self::ServerError => "server_error",
            Self::Timeout => "timeout",
            Self::NotSent => "not_sent",
            Self::ClearanceOff => "clearance_off",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "accepted" => Self::Accepted,
            "accepted_with_warnings" => Self::AcceptedWithWarnings,
            "duplicate" => Self::Duplicate,
            "rejected" => Self::Rejected,
            "malformed" => Self::Malformed,
            "auth_problem" => Self::AuthProblem,
            "too_large" => Self::TooLarge,
            "throttled" => Self::Throttled,
            "server_error" => Self::ServerError,
            "timeout" => Self::Timeout,
            "not_sent" => Self::NotSent,
            "clearance_off" => Self::ClearanceOff,
            _ => return None,
        })
    }

    /// The document's status after this outcome, given its flow and current status. A final
    /// status (reported, cleared, rejected) never moves.
    pub fn next_status(
        self,
        flow: Flow,
        current: DocumentStatus,
        warnings: bool,
    ) -> DocumentStatus {
        use DocumentStatus as S;
        let accepted = |warn: bool| match (flow, warn) {
            (Flow::Clearance, false) => S::Cleared,
            (Flow::Clearance, true) => S::ClearedWithWarnings,
            (Flow::Reporting, false) => S::Reported,
            (Flow::Reporting, true) => S::ReportedWithWarnings,
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
            Self::Malformed | Self::AuthProblem | Self::TooLarge => S::Held,
            Self::Timeout => S::InDoubt,
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

/// One message from ZATCA (validation results).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZatcaMessage {
    /// INFO, WARNING or ERROR.
    pub kind: String,
    pub code: String,
    pub category: String,
    pub message: String,
}

/// One attempt, as the submission worker saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub endpoint: String,
    pub started_at: Timestamp,
    pub duration_ms: u64,
    pub http_status: Option<u16>,
    pub outcome: Outcome,
    pub messages: Vec<ZatcaMessage>,
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
    pub endpoint: String,
    pub started_at: Timestamp,
    pub duration_ms: i64,
    pub http_status: Option<u16>,
    pub outcome: Outcome,
    pub messages: Vec<ZatcaMessage>,
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
            let (flow, status, attempts, has_cleared): (String, String, i64, bool) = tx
                .query_row(
                    "SELECT d.flow, d.status, d.attempts, b.cleared_xml IS NOT NULL
                     FROM documents d JOIN document_bodies b ON b.document_id = d.id
                     WHERE d.id = ?1",
                    [document_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?
                .ok_or(LedgerError::NotFound { entity: "document", key: document_id.to_string() })?;
            let flow = Flow::parse(&flow).ok_or(LedgerError::Invalid { field: "flow", reason: flow.clone() })?;
            let current = DocumentStatus::parse(&status)
                .ok_or(LedgerError::Invalid { field: "status", reason: status.clone() })?;
            let warnings = a.messages.iter().any(|m| m.kind.eq_ignore_ascii_case("WARNING"));
            let next = a.outcome.next_status(flow, current, warnings);
            let accepted_clearance = flow == Flow::Clearance
                && matches!(next, DocumentStatus::Cleared | DocumentStatus::ClearedWithWarnings);
            if accepted_clearance && a.cleared_xml.is_none() && !has_cleared {
                return Err(LedgerError::Invalid {
                    field: "attempt.cleared_xml",
                    reason: "an accepted clearance must carry ZATCA's cleared document".to_owned(),
                });
            }
            let attempt = attempts + 1;
            let messages = serde_json::to_string(&a.messages).map_err(|e| LedgerError::Invalid {
                field: "attempt.messages",
                reason: e.to_string(),
            })?;
            tx.execute(
                "INSERT INTO submissions (document_id, attempt, endpoint, started_at, duration_ms,
                     http_status, outcome, messages)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    document_id,
                    attempt,
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
            audit::append(tx, actor, "submission", "document", &document_id.to_string(), &detail)?;
            Ok(next)
        })
    }

    /// Every attempt for a document, oldest first.
    pub fn attempts(&self, document_id: i64) -> Result<Vec<AttemptRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, document_id, attempt, endpoint, started_at, duration_ms, http_status,
                 outcome, messages
             FROM submissions WHERE document_id = ?1 ORDER BY attempt",
        )?;
        let rows = stmt
            .query_map([document_id], |r| {
                let started: String = r.get(4)?;
                let outcome: String = r.get(7)?;
                let messages: String = r.get(8)?;
                let bad = |i, e: Box<dyn std::error::Error + Send + Sync>| {
                    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e)
                };
                Ok(AttemptRecord {
                    id: r.get(0)?,
                    document_id: r.get(1)?,
                    attempt: r.get(2)?,
                    endpoint: r.get(3)?,
                    started_at: time::from_db(&started)?,
                    duration_ms: r.get(5)?,
                    http_status: r.get(6)?,
                    outcome: Outcome::parse(&outcome)
                        .ok_or_else(|| bad(7, "unknown outcome".into()))?,
                    messages: serde_json::from_str(&messages).map_err(|e| bad(8, Box::new(e)))?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
