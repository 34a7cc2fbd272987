//! What a business watches weekly, from the submission rows of a period (`[from, to)` by the
//! time each attempt started): attempts and their outcomes, delivery success, FATOORA's response
//! times, rejections by ZATCA code, retries per document, the oldest unreported simplified
//! document, and bursts of failures on one device (more than [`BURST_FAILURES`] within a
//! minute: the breach alarm). Plain numbers; the application core words and shows them.

use rusqlite::params;

use crate::documents::{DocumentSummary, SUMMARY_COLUMNS, read_summary, word};
use crate::submissions::Outcome;
use crate::{Ledger, LedgerError, Result, Timestamp, time};

/// More failures than this within one minute on one device raise the breach alarm.
pub const BURST_FAILURES: u64 = 5;

/// The outcomes that are ZATCA's acceptance of a document.
const ACCEPTED: &str = "('accepted', 'accepted_with_warnings', 'duplicate')";

/// The outcomes that are failures (a 303 is a re-route, not a failure).
const FAILED: &str = "('rejected', 'bad_request', 'csr_refused', 'unauthorized', 'too_large',
    'throttled', 'server_error', 'unknown', 'not_sent', 'malformed', 'unexpected_status')";

/// Attempts of the period, by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attempts {
    pub total: u64,
    /// Every outcome seen, with its count, most frequent first.
    pub by_outcome: Vec<(Outcome, u64)>,
}

/// Documents sent in the period and how many ZATCA accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    /// Documents with at least one attempt in the period.
    pub documents: u64,
    /// Of those, documents with an accepting answer (200, 202, 208/409) in the period.
    pub accepted: u64,
}

impl Delivery {
    /// Accepted documents per document sent (`None` when nothing was sent).
    pub fn success_rate(&self) -> Option<f64> {
        (self.documents > 0).then(|| self.accepted as f64 / self.documents as f64)
    }
}

/// FATOORA's response times (`duration_ms` of the attempts that got an HTTP answer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseTimes {
    pub answered: u64,
    /// Mean, rounded to the millisecond.
    pub average_ms: u64,
    /// The 95th percentile (nearest rank).
    pub p95_ms: u64,
    pub max_ms: u64,
}

/// Retries per document over the documents sent in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Retries {
    pub documents: u64,
    pub attempts: u64,
    /// The most attempts one document needed, and its number.
    pub most: Option<(String, u64)>,
}

impl Retries {
    /// Attempts beyond the first, per document (`None` when nothing was sent).
    pub fn per_document(&self) -> Option<f64> {
        (self.documents > 0)
            .then(|| self.attempts.saturating_sub(self.documents) as f64 / self.documents as f64)
    }
}

/// More than [`BURST_FAILURES`] failed attempts within one minute on one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureBurst {
    pub device_id: i64,
    pub device: String,
    /// When the worst minute began (its first failure).
    pub from: Timestamp,
    /// Failures in that minute.
    pub failures: u64,
}

/// Every KPI of one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Kpis {
    pub from: Timestamp,
    pub to: Timestamp,
    pub attempts: Attempts,
    pub delivery: Delivery,
    pub response: ResponseTimes,
    /// ZATCA's error codes on rejected documents, with how many rejections named each, most
    /// frequent first.
    pub rejections_by_code: Vec<(String, u64)>,
    pub retries: Retries,
    /// The oldest simplified document not yet reported (now, whatever the period).
    pub oldest_unreported: Option<DocumentSummary>,
    pub bursts: Vec<FailureBurst>,
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn check_period(from: Timestamp, to: Timestamp) -> Result<(String, String)> {
    if to <= from {
        return Err(LedgerError::Invalid {
            field: "to",
            reason: format!(
                "the period must end after it starts ({} is not after {})",
                time::to_db(&to),
                time::to_db(&from)
            ),
        });
    }
    Ok((time::to_db(&from), time::to_db(&to)))
}

impl Ledger {
    /// Every KPI of the period `[from, to)`.
    pub fn kpis(&self, from: Timestamp, to: Timestamp) -> Result<Kpis> {
        Ok(Kpis {
            from,
            to,
            attempts: self.kpi_attempts(from, to)?,
            delivery: self.kpi_delivery(from, to)?,
            response: self.kpi_response_times(from, to)?,
            rejections_by_code: self.kpi_rejections_by_code(from, to)?,
            retries: self.kpi_retries(from, to)?,
            oldest_unreported: self.oldest_unreported()?,
            bursts: self.failure_bursts(from, to)?,
        })
    }

    /// Attempts of the period by outcome.
    pub fn kpi_attempts(&self, from: Timestamp, to: Timestamp) -> Result<Attempts> {
        let (from, to) = check_period(from, to)?;
        let by_outcome: Vec<(Outcome, u64)> = self
            .conn
            .prepare_cached(
                "SELECT outcome, count(*) FROM submissions
                 WHERE started_at >= ?1 AND started_at < ?2
                 GROUP BY outcome ORDER BY count(*) DESC, outcome",
            )?
            .query_map(params![from, to], |r| Ok((word(r, 0)?, count(r.get(1)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Attempts {
            total: by_outcome.iter().map(|(_, n)| n).sum(),
            by_outcome,
        })
    }

    /// Documents sent in the period, and how many of them ZATCA accepted.
    pub fn kpi_delivery(&self, from: Timestamp, to: Timestamp) -> Result<Delivery> {
        let (from, to) = check_period(from, to)?;
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*), coalesce(sum(accepted), 0) FROM (
                 SELECT document_id, max(outcome IN {ACCEPTED}) AS accepted FROM submissions
                 WHERE started_at >= ?1 AND started_at < ?2 GROUP BY document_id)"
            ))?
            .query_row(params![from, to], |r| {
                Ok(Delivery {
                    documents: count(r.get(0)?),
                    accepted: count(r.get(1)?),
                })
            })?)
    }

    /// FATOORA's response times over the attempts of the period that got an HTTP answer.
    pub fn kpi_response_times(&self, from: Timestamp, to: Timestamp) -> Result<ResponseTimes> {
        let (from, to) = check_period(from, to)?;
        let (answered, total, max): (i64, i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(duration_ms), 0), coalesce(max(duration_ms), 0)
                 FROM submissions
                 WHERE started_at >= ?1 AND started_at < ?2 AND http_status IS NOT NULL",
            )?
            .query_row(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        if answered == 0 {
            return Ok(ResponseTimes::default());
        }
        // Nearest rank: the ceil(0.95 n)-th smallest.
        let rank = (answered * 95 + 99) / 100;
        let p95: i64 = self
            .conn
            .prepare_cached(
                "SELECT duration_ms FROM submissions
                 WHERE started_at >= ?1 AND started_at < ?2 AND http_status IS NOT NULL
                 ORDER BY duration_ms LIMIT 1 OFFSET ?3",
            )?
            .query_row(params![from, to, rank - 1], |r| r.get(0))?;
        Ok(ResponseTimes {
            answered: count(answered),
            average_ms: count((total + answered / 2) / answered),
            p95_ms: count(p95),
            max_ms: count(max),
        })
    }

    /// ZATCA's error codes on the rejections of the period (from each attempt's messages).
    pub fn kpi_rejections_by_code(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(String, u64)>> {
        let (from, to) = check_period(from, to)?;
        let rows = self
            .conn
            .prepare_cached(
                "SELECT json_extract(m.value, '$.code') AS code, count(*)
                 FROM submissions s, json_each(s.messages) m
                 WHERE s.started_at >= ?1 AND s.started_at < ?2 AND s.outcome = 'rejected'
                     AND coalesce(json_extract(m.value, '$.type'),
                                  json_extract(m.value, '$.kind')) = 'ERROR'
                 GROUP BY code ORDER BY count(*) DESC, code",
            )?
            .query_map(params![from, to], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    count(r.get(1)?),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Attempts per document over the documents sent in the period.
    pub fn kpi_retries(&self, from: Timestamp, to: Timestamp) -> Result<Retries> {
        let (from, to) = check_period(from, to)?;
        let (documents, attempts): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT count(DISTINCT document_id), count(*) FROM submissions
                 WHERE started_at >= ?1 AND started_at < ?2",
            )?
            .query_row(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let most: Option<(String, u64)> = self
            .conn
            .prepare_cached(
                "SELECT d.number, count(*) AS n FROM submissions s
                 JOIN documents d ON d.id = s.document_id
                 WHERE s.started_at >= ?1 AND s.started_at < ?2
                 GROUP BY s.document_id ORDER BY n DESC, s.document_id LIMIT 1",
            )?
            .query_row(params![from, to], |r| Ok((r.get(0)?, count(r.get(1)?))))
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        Ok(Retries {
            documents: count(documents),
            attempts: count(attempts),
            most,
        })
    }

    /// The oldest simplified document ZATCA has not yet accepted (by deadline, which for a
    /// simplified document is its issue time + 24 hours).
    pub fn oldest_unreported(&self) -> Result<Option<DocumentSummary>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM documents d
                 WHERE d.status IN ('queued', 'in_doubt', 'held') AND d.flow = 'simplified'
                 ORDER BY d.due_at, d.id LIMIT 1"
            ))?
            .query_map([], read_summary)?
            .next()
            .transpose()?)
    }

    /// Devices with more than [`BURST_FAILURES`] failed attempts within one minute in the
    /// period: for each, its worst minute.
    pub fn failure_bursts(&self, from: Timestamp, to: Timestamp) -> Result<Vec<FailureBurst>> {
        let (from, to) = check_period(from, to)?;
        let rows = self
            .conn
            .prepare_cached(&format!(
                "WITH failed AS (
                     SELECT d.device_id, s.started_at, unixepoch(s.started_at) AS t
                     FROM submissions s JOIN documents d ON d.id = s.document_id
                     WHERE s.started_at >= ?1 AND s.started_at < ?2 AND s.outcome IN {FAILED}),
                 windows AS (
                     SELECT device_id, started_at,
                         count(*) OVER (PARTITION BY device_id ORDER BY t
                             RANGE BETWEEN CURRENT ROW AND 59 FOLLOWING) AS n
                     FROM failed),
                 worst AS (
                     SELECT device_id, started_at, n,
                         row_number() OVER (PARTITION BY device_id
                             ORDER BY n DESC, started_at) AS k
                     FROM windows WHERE n > ?3)
                 SELECT w.device_id, v.name, w.started_at, w.n FROM worst w
                 JOIN devices v ON v.id = w.device_id
                 WHERE w.k = 1 ORDER BY w.n DESC, w.device_id"
            ))?
            .query_map(params![from, to, BURST_FAILURES as i64], |r| {
                let at: String = r.get(2)?;
                Ok(FailureBurst {
                    device_id: r.get(0)?,
                    device: r.get(1)?,
                    from: time::from_db(&at)?,
                    failures: count(r.get(3)?),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
