//! Sending one signed document to FATOORA: one attempt (the worker schedules the next), the
//! exact stored bytes, the answer recorded as its own immutable row, the status event.

use std::time::Instant;

use fatoora::InvoiceSubmission;
use ledger::documents::DocumentStatus;
use ledger::submissions::{Attempt, Outcome};
use serde::Serialize;
use zatca::api::{Message, Route};

use crate::error::{Class, Error};
use crate::events::Event;
use crate::outcome::{Recorded, record};
use crate::session::Session;

/// What one send came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sent {
    pub document_id: i64,
    pub number: String,
    /// The document's status after it.
    pub status: DocumentStatus,
    /// `None` when nothing was sent (the document was already final).
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

/// The route a document goes on now: its flow's, unless ZATCA answered clearance with 303
/// (clearance switched off), which sends the same bytes to reporting.
pub fn route_of(
    books: &crate::books::Books,
    doc: &ledger::documents::Document,
) -> Result<Route, Error> {
    let attempts = books.ledger().attempts(doc.summary.id)?;
    Ok(
        if attempts.iter().any(|a| a.outcome == Outcome::ClearanceOff) {
            Route::Reporting
        } else {
            doc.summary.flow.route()
        },
    )
}

fn offline() -> Error {
    Error::new(
        "SANAD-OFFLINE",
        Class::Unreachable,
        "this session does not reach FATOORA; the document waits in the queue",
        "هذه الجلسة غير متصلة بمنصة فاتورة؛ ينتظر المستند في قائمة الإرسال",
    )
}

/// Sends document `document_id` once on its route and records the answer.
pub async fn send_one(s: &Session, document_id: i64) -> Result<Sent, Error> {
    let fatoora = s.fatoora.as_ref().ok_or_else(offline)?;
    let books = &s.books;
    let doc = books.ledger().document(document_id)?;
    let device = books.ledger().device(doc.summary.device_id)?;
    let route = route_of(books, &doc)?;
    if doc.summary.status.is_final() {
        return Ok(Sent {
            document_id,
            number: doc.summary.number,
            status: doc.summary.status,
            outcome: None,
            route,
            http_status: None,
            duration_ms: 0,
            messages: Vec::new(),
            server_date: None,
        });
    }
    let creds = s.keys.credentials(books, &device)?;
    // The exact bytes that were hashed and signed, never re-serialized.
    let body = InvoiceSubmission::new(&doc.signed_xml, &doc.hash, &doc.summary.uuid);
    let started_at = books.clock().now();
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
    let retry_at = retry_at(s, &doc, &rec);
    let status = books.ledger().record_attempt(
        document_id,
        &Attempt {
            worker: None,
            route,
            endpoint: route.path().to_owned(),
            started_at,
            duration_ms,
            http_status: rec.http_status,
            outcome: rec.outcome,
            messages: rec.messages.clone(),
            cleared_xml: rec.cleared_xml,
            retry_at,
        },
    )?;
    s.events.send(Event::Document {
        document_id,
        number: doc.summary.number.clone(),
        device: device.name.clone(),
        status,
    });
    Ok(Sent {
        document_id,
        number: doc.summary.number,
        status,
        outcome: Some(rec.outcome),
        route,
        http_status: rec.http_status,
        duration_ms,
        messages: rec.messages,
        server_date,
    })
}

/// When to try again after a retryable answer: exponential backoff with jitter from the
/// attempts so far, never sooner than the server's `Retry-After`.
fn retry_at(
    s: &Session,
    doc: &ledger::documents::Document,
    rec: &Recorded,
) -> Option<ledger::Timestamp> {
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
    let next = u32::try_from(doc.attempts + 2).unwrap_or(u32::MAX);
    let wait = policy.delay(next, rec.retry_after);
    Some(s.books.clock().now() + chrono::Duration::from_std(wait).unwrap_or_default())
}
