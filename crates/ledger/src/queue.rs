//! The submission queue: claims with an expiry (what a worker sends next, and on which route),
//! what waits for clearance, which simplified documents are getting late for their 24-hour
//! reporting deadline.
//!
//! Documents are handed out by deadline ([`due_at`]): a standard document at once, a simplified
//! one within 24 hours of its issue; a document past its deadline is still handed out (late, and
//! first). A document waiting for its backoff, claimed by a live claim, or of a device whose queue
//! is paused is passed over; it never holds back the others (ZATCA takes ICVs out of order).

use chrono::Duration;
use rusqlite::{Connection, params};
use zatca::api::Route;
use zatca::model::Flow;

use crate::body::{Bodies, Codec};
use crate::documents::{DocumentSummary, SUMMARY_COLUMNS, SUMMARY_LEN, read_summary, word};
use crate::{Ledger, LedgerError, Result, Timestamp, time};

/// How long ZATCA allows for reporting a simplified document.
pub const REPORTING_DEADLINE: Duration = Duration::hours(24);

/// When ZATCA must have a document: a standard one at once (it may not be shared before it is
/// cleared), a simplified one [`REPORTING_DEADLINE`] after its issue.
pub fn due_at(flow: Flow, issued_at: Timestamp) -> Timestamp {
    match flow {
        Flow::Standard => issued_at,
        Flow::Simplified => issued_at + REPORTING_DEADLINE,
    }
}

/// How late a simplified document is for reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lateness {
    /// Issued more than 12 hours ago.
    Past12h,
    /// More than 20 hours: four hours left.
    Past20h,
    /// More than 24 hours: the deadline has passed. It is still sent.
    Past24h,
}

impl Lateness {
    /// How late a document of `flow` issued at `issued_at` is at `now` (standard documents are
    /// cleared at once and have no reporting marks).
    pub fn of(flow: Flow, issued_at: Timestamp, now: Timestamp) -> Option<Self> {
        if flow != Flow::Simplified {
            return None;
        }
        let age = now - issued_at;
        if age > REPORTING_DEADLINE {
            Some(Self::Past24h)
        } else if age > Duration::hours(20) {
            Some(Self::Past20h)
        } else if age > Duration::hours(12) {
            Some(Self::Past12h)
        } else {
            None
        }
    }
}

/// A document a worker has claimed: everything it needs to send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub summary: DocumentSummary,
    /// The invoice hash (base64), sent beside the bytes.
    pub hash: String,
    /// The exact signed bytes to send (resend identical bytes when the document is in doubt).
    pub signed_xml: Vec<u8>,
    /// Attempts recorded so far.
    pub attempts: i64,
    pub due_at: Timestamp,
    /// How late it is for reporting when it was claimed (simplified documents).
    pub lateness: Option<Lateness>,
    /// The claim lapses then if no attempt is recorded.
    pub claimed_until: Timestamp,
}

impl Claimed {
    /// The route to send it on (its document's route when it was claimed).
    pub fn route(&self) -> Route {
        self.summary.route
    }
}

/// The documents not finally answered: the condition of the `documents_pending` index, word for
/// word (SQLite uses a partial index only for a query that repeats its condition).
const PENDING: &str = "d.status IN ('queued', 'in_doubt', 'held')";

/// The documents that may be sent at `?1` (now): not finally answered nor held, past their
/// backoff, not under a live claim, their device's queue not paused.
const SENDABLE: &str = "d.status IN ('queued', 'in_doubt', 'held') AND d.status <> 'held'
    AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= ?1)
    AND (d.claimed_until IS NULL OR d.claimed_until <= ?1)
    AND d.device_id NOT IN (SELECT id FROM devices WHERE queue_paused_at IS NOT NULL)";

fn check_claim(worker_id: &str, now: Timestamp, until: Timestamp) -> Result<()> {
    if worker_id.trim().is_empty() {
        return Err(LedgerError::Invalid {
            field: "worker_id",
            reason: "must not be empty".to_owned(),
        });
    }
    if until <= now {
        return Err(LedgerError::Invalid {
            field: "until",
            reason: format!(
                "a claim must end after it starts ({} is not after {})",
                time::to_db(&until),
                time::to_db(&now)
            ),
        });
    }
    Ok(())
}

/// Claims the documents `filter` picks (in deadline order) for `worker_id`, in the caller's
/// transaction, and returns them with their bytes.
fn claim_in(
    tx: &Connection,
    bodies: &Bodies,
    worker_id: &str,
    now: Timestamp,
    until: Timestamp,
    filter: &str,
    extra: rusqlite::types::Value,
) -> Result<Vec<Claimed>> {
    let now_db = time::to_db(&now);
    let until_db = time::to_db(&until);
    let ids: Vec<i64> = tx
        .prepare_cached(&format!(
            "SELECT d.id FROM documents d WHERE {SENDABLE} AND {filter}"
        ))?
        .query_map(params![now_db, extra], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut claim = tx
        .prepare_cached("UPDATE documents SET claimed_by = ?2, claimed_until = ?3 WHERE id = ?1")?;
    let mut read = tx.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS}, d.hash, b.signed_xml, d.attempts, d.due_at, b.codec, b.dict
         FROM documents d JOIN document_bodies b ON b.document_id = d.id WHERE d.id = ?1"
    ))?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        claim.execute(params![id, worker_id, until_db])?;
        let (claimed, codec, dict) = read.query_row([id], |r| {
            let summary = read_summary(r)?;
            let due: String = r.get(SUMMARY_LEN + 3)?;
            let codec: Codec = word(r, SUMMARY_LEN + 4)?;
            Ok((
                Claimed {
                    lateness: Lateness::of(summary.flow, summary.issued_at, now),
                    summary,
                    hash: r.get(SUMMARY_LEN)?,
                    signed_xml: r.get(SUMMARY_LEN + 1)?,
                    attempts: r.get(SUMMARY_LEN + 2)?,
                    due_at: time::from_db(&due)?,
                    claimed_until: until,
                },
                codec,
                r.get::<_, Option<i64>>(SUMMARY_LEN + 5)?,
            ))
        })?;
        let mut claimed = claimed;
        claimed.signed_xml =
            bodies.open(tx, codec, dict, std::mem::take(&mut claimed.signed_xml))?;
        out.push(claimed);
    }
    Ok(out)
}

impl Ledger {
    fn summaries(
        &self,
        filter: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<DocumentSummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM documents d WHERE {filter}"
        ))?;
        let rows = stmt
            .query_map(params, read_summary)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Claims up to `limit` documents to send for `worker_id` until `until`, in ONE transaction
    /// (two workers never get the same document), by deadline: the most urgent first. Send each
    /// on [`Claimed::route`] and record the attempt with `worker: Some(worker_id)`, which ends
    /// the claim. A claim nobody records lapses at `until` (a crashed worker) and the document is
    /// handed out again.
    pub fn claim_next(
        &mut self,
        worker_id: &str,
        now: Timestamp,
        until: Timestamp,
        limit: u32,
    ) -> Result<Vec<Claimed>> {
        check_claim(worker_id, now, until)?;
        let bodies = self.bodies.clone();
        self.write(|tx, _| {
            claim_in(
                tx,
                &bodies,
                worker_id,
                now,
                until,
                "1 ORDER BY d.due_at, d.id LIMIT ?2",
                i64::from(limit).into(),
            )
        })
    }

    /// Claims one document (the issuing path sends a standard invoice for clearance at once), if
    /// it may be sent now: `None` when it is answered, held, waiting for its backoff, claimed by
    /// another worker, or its device's queue is paused.
    pub fn claim(
        &mut self,
        document_id: i64,
        worker_id: &str,
        now: Timestamp,
        until: Timestamp,
    ) -> Result<Option<Claimed>> {
        check_claim(worker_id, now, until)?;
        let bodies = self.bodies.clone();
        let mut claimed = self.write(|tx, _| {
            claim_in(
                tx,
                &bodies,
                worker_id,
                now,
                until,
                "d.id = ?2",
                document_id.into(),
            )
        })?;
        Ok(claimed.pop())
    }

    /// What [`Ledger::claim_next`] would hand out at `now`, without claiming it (the outbox).
    pub fn next_to_send(&self, now: Timestamp, limit: u32) -> Result<Vec<DocumentSummary>> {
        self.summaries(
            &format!("{SENDABLE} ORDER BY d.due_at, d.id LIMIT ?2"),
            params![time::to_db(&now), limit],
        )
    }

    /// Standard documents not yet accepted by ZATCA (they may not be shared until they are), by
    /// deadline.
    pub fn awaiting_clearance(&self) -> Result<Vec<DocumentSummary>> {
        self.summaries(
            &format!("{PENDING} AND d.flow = 'standard' ORDER BY d.due_at, d.id"),
            [],
        )
    }

    /// Documents held for a person (size, malformed request, unknown status).
    pub fn held(&self) -> Result<Vec<DocumentSummary>> {
        self.summaries(
            &format!("{PENDING} AND d.status = 'held' ORDER BY d.due_at, d.id"),
            [],
        )
    }

    /// Simplified documents not yet reported that were issued more than 12 hours before `now`,
    /// most late first, each with how late it is ([`Lateness::Past24h`]: late, still sent).
    pub fn late_reporting(&self, now: Timestamp) -> Result<Vec<(DocumentSummary, Lateness)>> {
        let cutoff = time::to_db(&due_at(Flow::Simplified, now - Duration::hours(12)));
        let docs = self.summaries(
            &format!(
                "{PENDING} AND d.flow = 'simplified' AND d.due_at < ?1 ORDER BY d.due_at, d.id"
            ),
            [cutoff],
        )?;
        Ok(docs
            .into_iter()
            .filter_map(|d| Lateness::of(d.flow, d.issued_at, now).map(|l| (d, l)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every queue query reads the partial `documents_pending` index in deadline order: no scan
    /// of the books, no sort.
    #[test]
    fn the_queue_queries_walk_the_pending_index() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::open(dir.path().join("books.sanad")).unwrap();
        for filter in [
            format!("{SENDABLE} ORDER BY d.due_at, d.id LIMIT ?2"),
            format!("{PENDING} AND d.flow = 'standard' ORDER BY d.due_at, d.id"),
            format!("{PENDING} AND d.status = 'held' ORDER BY d.due_at, d.id"),
            format!(
                "{PENDING} AND d.flow = 'simplified' AND d.due_at < ?1 ORDER BY d.due_at, d.id"
            ),
        ] {
            let sql = format!("EXPLAIN QUERY PLAN SELECT d.id FROM documents d WHERE {filter}");
            let mut stmt = ledger.conn().prepare(&sql).unwrap();
            let n = stmt.parameter_count();
            let values: Vec<i64> = vec![0; n];
            let plan: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(values), |r| {
                    r.get::<_, String>(3)
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let documents: Vec<&String> = plan
                .iter()
                .filter(|p| p.contains(" d ") || p.contains(" d USING"))
                .collect();
            assert!(
                documents.iter().all(|p| p.contains("documents_pending")),
                "{filter}: {plan:?}"
            );
            assert!(
                !plan.iter().any(|p| p.contains("TEMP B-TREE")),
                "{filter}: {plan:?}"
            );
        }
    }
}
