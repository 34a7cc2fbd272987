//! Sending signed documents to FATOORA: each one under a claim with an expiry (two senders never
//! send the same document at once; a crashed sender's claim lapses), one attempt per send (the
//! worker schedules the next), the exact stored bytes on the document's route, the answer
//! recorded as its own immutable row, the status event.

use std::time::Instant;

use fatoora::InvoiceSubmission;
use ledger::documents::DocumentStatus;
use ledger::queue::Claimed;
use ledger::submissions::{Attempt, Outcome};
use serde::Serialize;
use zatca::api::{Message, Route};

use crate::error::{Class, Error};
use crate::events::Event;
use crate::outcome::{Recorded, record};
use crate::session::Session;

/// How long a claim holds: longer than one attempt can take (the request timeout), short
/// enough that a crashed sender's documents go out again soon.
pub const CLAIM: chrono::Duration = chrono::Duration::seconds(60);

/// What one send came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sent {
    pub document_id: i64,
    pub number: String,
    /// The document's status after it.
    pub status: DocumentStatus,
    /// `None` when nothing was sent (answered already, claimed by another sender, waiting).
    pub outcome: Option<Outcome>,
    pub route: Route,
    pub http_status: Option<u16>,
    pub duration_ms: u64,
    /// ZATCA's messages, as sent.
    pub messages: Vec<Message>,
    /// The server's `Date`, when it answered (the clock check).
    #[serde(skip)]
    pub server_date: Option<std::time::SystemTime>,
}

fn offline() -> Error {
    Error::new(
        "SANAD-OFFLINE",
        Class::Unreachable,
        "this session does not reach FATOORA; the document waits in the queue",
        "هذه الجلسة غير متصلة بمنصة فاتورة؛ ينتظر المستند في قائمة الإرسال",
    )
}

/// This process's name as a sender (claims are held in its name).
pub fn sender_id() -> String {
    format!("sanad-{}", std::process::id())
}

/// Sends a claimed document once, on its route; the attempt is returned, not yet recorded.
pub(crate) async fn send(s: &Session, c: &Claimed, worker: &str) -> Result<(Attempt, Sent), Error> {
    let fatoora = s.fatoora.as_ref().ok_or_else(offline)?;
    let device = s.books.ledger().device(c.summary.device_id)?;
    let creds = s.keys.credentials(&s.books, &device)?;
    // The exact bytes that were hashed and signed, never re-serialized.
    let body = InvoiceSubmission::new(&c.signed_xml, &c.hash, &c.summary.uuid);
    let route = c.route();
    let started_at = s.books.clock().now();
    let t0 = Instant::now();
    let (rec, server_date): (Recorded, _) = match route {
        Route::Clearance => {
            let x = fatoora.sender().clear(&creds, &body).await;
            (record(&x.outcome), x.server_date)
        }
        Route::Reporting => {
            let x = fatoora.sender().report(&creds, &body).await;
            (record(&x.outcome), x.server_date)
        }
    };
    let duration_ms = u64::try_from(t0.elapsed().as_millis()).unwrap_or(u64::MAX);
    let retry_at = retry_at(s, c.attempts, &rec);
    let attempt = Attempt {
        worker: Some(worker.to_owned()),
        route,
        endpoint: route.path().to_owned(),
        started_at,
        duration_ms,
        http_status: rec.http_status,
        outcome: rec.outcome,
        messages: rec.messages.clone(),
        cleared_xml: rec.cleared_xml,
        retry_at,
    };
    let sent = Sent {
        document_id: c.summary.id,
        number: c.summary.number.clone(),
        status: c.summary.status,
        outcome: Some(rec.outcome),
        route,
        http_status: rec.http_status,
        duration_ms,
        messages: rec.messages,
        server_date,
    };
    Ok((attempt, sent))
}

/// Tells the listeners a document's new status.
pub(crate) fn announce(s: &Session, sent: &Sent, device: &str) {
    s.events.send(Event::Document {
        document_id: sent.document_id,
        number: sent.number.clone(),
        device: device.to_owned(),
        status: sent.status,
    });
}

/// Sends document `document_id` once now, if it may be sent (not answered, not held, past its
/// backoff, not claimed by another sender, its device's queue not paused), and records the
/// answer. The issuing path uses it to clear a standard invoice at once.
pub async fn send_one(s: &Session, document_id: i64) -> Result<Sent, Error> {
    if s.fatoora.is_none() {
        return Err(offline());
    }
    let worker = sender_id();
    let now = s.books.clock().now();
    let claimed = s
        .books
        .ledger()
        .claim(document_id, &worker, now, now + CLAIM)?;
    let Some(c) = claimed else {
        let doc = s.books.ledger().document(document_id)?;
        return Ok(Sent {
            document_id,
            number: doc.summary.number,
            status: doc.summary.status,
            outcome: None,
            route: doc.summary.route,
            http_status: None,
            duration_ms: 0,
            messages: Vec::new(),
            server_date: None,
        });
    };
    let (attempt, mut sent) = send(s, &c, &worker).await?;
    sent.status = s.books.ledger().record_attempt(document_id, &attempt)?;
    let device = s.books.ledger().device(c.summary.device_id)?;
    announce(s, &sent, &device.name);
    Ok(sent)
}

/// When to try again after a retryable answer: exponential backoff with jitter from the
/// attempts so far (at most 15 minutes), never sooner than the server's `Retry-After`.
fn retry_at(s: &Session, attempts: i64, rec: &Recorded) -> Option<ledger::Timestamp> {
    let retryable = matches!(
        rec.outcome,
        Outcome::Throttled
            | Outcome::ServerError
            | Outcome::Unknown
            | Outcome::Malformed
            | Outcome::NotSent
    );
    if !retryable {
        return None;
    }
    let policy = fatoora::RetryPolicy {
        max_delay: std::time::Duration::from_secs(15 * 60),
        ..fatoora::RetryPolicy::default()
    };
    let next = u32::try_from(attempts + 2).unwrap_or(u32::MAX);
    let wait = policy.delay(next, rec.retry_after);
    Some(s.books.clock().now() + chrono::Duration::from_std(wait).unwrap_or_default())
}
