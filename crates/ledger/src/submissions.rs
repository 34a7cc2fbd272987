//! Submission attempts: one immutable row per attempt to send a document to FATOORA. Recording an
//! attempt moves the document's status in the same transaction.

use rusqlite::{OptionalExtension, params};
use zatca::api::{Message, MessageKind, Route};

use crate::audit::{AuditAction, AuditEntity};
use crate::body::{Bodies, Codec};
use crate::devices::{self, QueuePause};
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
            Self::BadRequest | Self::CsrRefused | Self::TooLarge | Self::UnexpectedStatus => {
                S::Held
            }
            Self::Unknown | Self::Malformed => S::InDoubt,
            // Once in doubt, a document stays in doubt until ZATCA answers. Refused credentials
            // pause the device's queue (see `Ledger::record_attempt`), never the document.
            Self::Throttled
            | Self::ServerError
            | Self::NotSent
            | Self::ClearanceOff
            | Self::Unauthorized => {
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
    /// The worker whose claim it was sent under (`Ledger::claim_next`); recording the attempt
    /// releases that claim. `None` for a send without a claim.
    pub worker: Option<String>,
    /// Where it was sent: the document's route when it was claimed.
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

fn check(a: &Attempt) -> Result<()> {
    if a.endpoint.is_empty() {
        return Err(LedgerError::Invalid {
            field: "attempt.endpoint",
            reason: "must not be empty".to_owned(),
        });
    }
    if a.worker.as_deref().is_some_and(|w| w.trim().is_empty()) {
        return Err(LedgerError::Invalid {
            field: "attempt.worker",
            reason: "must not be empty".to_owned(),
        });
    }
    Ok(())
}

/// Records one attempt in `tx`: the immutable row, the document's status, route and backoff,
/// its cleared bytes, the claim released, the device's queue paused on refused credentials, the
/// audit row.
fn record_in(
    tx: &rusqlite::Transaction<'_>,
    actor: &str,
    bodies: &Bodies,
    document_id: i64,
    a: &Attempt,
) -> Result<DocumentStatus> {
    type Row = (
        DocumentStatus,
        i64,
        bool,
        Route,
        i64,
        Option<String>,
        Codec,
        Option<i64>,
    );
    let (current, attempts, has_cleared, route, device_id, claimed_by, codec, dict): Row = tx
        .prepare_cached(
            "SELECT d.status, d.attempts, b.cleared_xml IS NOT NULL, d.route, d.device_id,
                 d.claimed_by, b.codec, b.dict
             FROM documents d JOIN document_bodies b ON b.document_id = d.id
             WHERE d.id = ?1",
        )?
        .query_row([document_id], |r| {
            Ok((
                word(r, 0)?,
                r.get(1)?,
                r.get(2)?,
                word(r, 3)?,
                r.get(4)?,
                r.get(5)?,
                word(r, 6)?,
                r.get(7)?,
            ))
        })
        .optional()?
        .ok_or(LedgerError::NotFound {
            entity: "document",
            key: document_id.to_string(),
        })?;
    if a.route != route {
        return Err(LedgerError::Invalid {
            field: "attempt.route",
            reason: format!(
                "document {document_id} is sent on {route}, not on {}",
                a.route
            ),
        });
    }
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
            reason: "an accepted clearance must carry ZATCA's cleared document".to_owned(),
        });
    }
    let attempt = attempts + 1;
    let messages = serde_json::to_string(&a.messages).map_err(|e| LedgerError::Invalid {
        field: "attempt.messages",
        reason: e.to_string(),
    })?;
    tx.prepare_cached(
        "INSERT INTO submissions (document_id, attempt, route, endpoint, started_at,
             duration_ms, http_status, outcome, messages)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        document_id,
        attempt,
        a.route.as_str(),
        a.endpoint,
        time::to_db(&a.started_at),
        i64::try_from(a.duration_ms).unwrap_or(i64::MAX),
        a.http_status,
        a.outcome.as_str(),
        messages
    ])?;
    let attempt_id = tx.last_insert_rowid();
    // ZATCA's 303: the same bytes go to reporting from now on.
    let route = if a.outcome == Outcome::ClearanceOff && !next.is_final() {
        Route::Reporting
    } else {
        route
    };
    let retry_at = if next.is_final() {
        None
    } else {
        a.retry_at.as_ref().map(time::to_db)
    };
    // The claim this attempt was sent under ends with it; another worker's claim stays.
    let release = claimed_by.is_some() && claimed_by == a.worker;
    tx.prepare_cached(
        "UPDATE documents SET status = ?2, status_at = ?3, attempts = ?4, next_attempt_at = ?5,
             route = ?6,
             claimed_by = CASE WHEN ?7 THEN NULL ELSE claimed_by END,
             claimed_until = CASE WHEN ?7 THEN NULL ELSE claimed_until END
         WHERE id = ?1",
    )?
    .execute(params![
        document_id,
        next.as_str(),
        time::now(),
        attempt,
        retry_at,
        route.as_str(),
        release
    ])?;
    if accepted_clearance
        && !has_cleared
        && let Some(cleared) = &a.cleared_xml
    {
        let stored = bodies.compress_more(tx, codec, dict, cleared)?;
        tx.prepare_cached("UPDATE document_bodies SET cleared_xml = ?2 WHERE document_id = ?1")?
            .execute(params![document_id, stored])?;
    }
    let detail = format!(
        "attempt {attempt}: {} → {}",
        a.outcome.as_str(),
        next.as_str()
    );
    audit::append(
        tx,
        actor,
        AuditAction::Submission,
        AuditEntity::Document,
        &document_id.to_string(),
        &detail,
    )?;
    if a.outcome == Outcome::Unauthorized {
        let status = a
            .http_status
            .map_or_else(|| "no status".to_owned(), |s| s.to_string());
        let said: Vec<&str> = a.messages.iter().map(|m| m.message.as_str()).collect();
        let reason = format!(
            "FATOORA refused the device's credentials ({status}) on {} at {}{}: renew the \
             device's certificate or fix its credentials",
            a.route,
            time::to_db(&a.started_at),
            if said.is_empty() {
                String::new()
            } else {
                format!(" ({})", said.join("; "))
            }
        );
        devices::pause_queue(
            tx,
            actor,
            device_id,
            &QueuePause {
                reason,
                at: a.started_at,
                attempt_id: Some(attempt_id),
            },
        )?;
    }
    Ok(next)
}

impl Ledger {
    /// Records an attempt and moves the document's status, in one transaction: the attempt's
    /// row; the status; a 303 moves the document to reporting; the claim it was sent under is
    /// released; refused credentials (401/403) pause the device's queue.
    pub fn record_attempt(&mut self, document_id: i64, a: &Attempt) -> Result<DocumentStatus> {
        check(a)?;
        let bodies = self.bodies.clone();
        self.write(|tx, actor| record_in(tx, actor, &bodies, document_id, a))
    }

    /// Records several attempts in ONE transaction (one flush for a whole round of sends), by
    /// the same rules as [`Ledger::record_attempt`], in order. All or nothing: if one is refused,
    /// none is recorded.
    pub fn record_attempts(&mut self, attempts: &[(i64, Attempt)]) -> Result<Vec<DocumentStatus>> {
        for (_, a) in attempts {
            check(a)?;
        }
        let bodies = self.bodies.clone();
        self.write(|tx, actor| {
            attempts
                .iter()
                .map(|(id, a)| record_in(tx, actor, &bodies, *id, a))
                .collect()
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
