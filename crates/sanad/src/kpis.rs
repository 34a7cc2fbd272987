//! What integration guides tell a business to watch weekly, from the submission rows: delivery
//! success rate, FATOORA's average and p95 response time, rejections by code (explained),
//! retries per document, CSID days left per device, the oldest unreported simplified document,
//! and the breach alarm (more than 5 failures within one minute on one device).

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::books::Books;
use crate::error::Error;

/// A rejection code with how often it came and what it means.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejection {
    pub code: String,
    pub count: u64,
    /// The catalogue's explanation, when it knows the code.
    pub explanation: Option<&'static crate::explain::Entry>,
}

/// A device's CSID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceCsid {
    pub device: String,
    pub expires: Option<DateTime<Utc>>,
    pub days_left: Option<i64>,
    pub renewal_due: bool,
    /// Why its queue is paused (credentials refused), when it is.
    pub queue_paused: Option<String>,
}

/// A breach alarm: too many failures too fast on one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Burst {
    pub device: String,
    pub from: DateTime<Utc>,
    pub failures: u64,
}

/// The KPIs of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpis {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub attempts: u64,
    /// Attempts by outcome (`accepted`, `server_error`, …), most frequent first.
    pub by_outcome: Vec<(ledger::submissions::Outcome, u64)>,
    pub documents_sent: u64,
    pub documents_accepted: u64,
    /// Accepted per sent, 0 to 1 (`None` when nothing was sent).
    pub success_rate: Option<f64>,
    pub response_avg_ms: u64,
    pub response_p95_ms: u64,
    pub response_max_ms: u64,
    pub rejections: Vec<Rejection>,
    /// Attempts beyond the first, per document sent.
    pub retries_per_document: Option<f64>,
    /// The document that needed the most attempts, and how many.
    pub most_attempts: Option<(String, u64)>,
    pub oldest_unreported: Option<ledger::documents::DocumentSummary>,
    pub devices: Vec<DeviceCsid>,
    pub bursts: Vec<Burst>,
}

/// The KPIs of `[from, to)`.
pub fn kpis(books: &Books, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Kpis, Error> {
    let k = books.ledger().kpis(from, to)?;
    let now = books.clock().now();
    let devices = books
        .ledger()
        .devices()?
        .into_iter()
        .filter(|d| d.state == ledger::devices::DeviceState::Production)
        .map(|d| {
            let days_left = d.cert_not_after.map(|t| (t - now).num_days());
            DeviceCsid {
                renewal_due: days_left.is_some_and(|n| n <= crate::onboarding::RENEWAL_DAYS),
                device: d.name,
                expires: d.cert_not_after,
                days_left,
                queue_paused: d.queue_paused.map(|p| p.reason),
            }
        })
        .collect();
    Ok(Kpis {
        from,
        to,
        attempts: k.attempts.total,
        by_outcome: k.attempts.by_outcome.clone(),
        documents_sent: k.delivery.documents,
        documents_accepted: k.delivery.accepted,
        success_rate: k.delivery.success_rate(),
        response_avg_ms: k.response.average_ms,
        response_p95_ms: k.response.p95_ms,
        response_max_ms: k.response.max_ms,
        rejections: k
            .rejections_by_code
            .iter()
            .map(|(code, count)| Rejection {
                code: code.clone(),
                count: *count,
                explanation: crate::explain::explain(code),
            })
            .collect(),
        retries_per_document: k.retries.per_document(),
        most_attempts: k.retries.most.clone(),
        oldest_unreported: k.oldest_unreported.clone(),
        devices,
        bursts: k
            .bursts
            .iter()
            .map(|b| Burst {
                device: b.device.clone(),
                from: b.from,
                failures: b.failures,
            })
            .collect(),
    })
}
