//! Queue queries: what to send next, what waits for clearance, which simplified documents are
//! getting late for their 24-hour reporting deadline.

use chrono::Duration;

use crate::documents::{DocumentSummary, SUMMARY_COLUMNS, read_summary};
use crate::{Ledger, Result, Timestamp, time};

/// How late a simplified document is for reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lateness {
    /// Issued more than 12 hours ago.
    Past12h,
    /// More than 20 hours: four hours left.
    Past20h,
    /// More than 24 hours: the deadline has passed.
    Past24h,
}

impl Lateness {
    fn of(issued_at: Timestamp, now: Timestamp) -> Option<Self> {
        let age = now - issued_at;
        if age > Duration::hours(24) {
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

    /// Documents to send now, oldest first: queued or in doubt, and not waiting for a backoff.
    /// A document that keeps failing waits for its `retry_at` and never blocks the others.
    pub fn next_to_send(&self, now: Timestamp, limit: u32) -> Result<Vec<DocumentSummary>> {
        self.summaries(
            "d.status IN ('queued', 'in_doubt')
                 AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= ?1)
             ORDER BY d.issued_at, d.id LIMIT ?2",
            rusqlite::params![time::to_db(&now), limit],
        )
    }

    /// Standard documents not yet cleared (they may not be shared until they are).
    pub fn awaiting_clearance(&self) -> Result<Vec<DocumentSummary>> {
        self.summaries(
            "d.flow = 'standard' AND d.status IN ('queued', 'in_doubt', 'held')
             ORDER BY d.issued_at, d.id",
            [],
        )
    }

    /// Documents held for a person (credentials, size, malformed request).
    pub fn held(&self) -> Result<Vec<DocumentSummary>> {
        self.summaries("d.status = 'held' ORDER BY d.issued_at, d.id", [])
    }

    /// Simplified documents not yet reported that were issued more than 12 hours before `now`,
    /// most late first, each with how late it is.
    pub fn late_reporting(&self, now: Timestamp) -> Result<Vec<(DocumentSummary, Lateness)>> {
        let cutoff = time::to_db(&(now - Duration::hours(12)));
        let docs = self.summaries(
            "d.flow = 'simplified' AND d.status IN ('queued', 'in_doubt', 'held')
                 AND d.issued_at < ?1
             ORDER BY d.issued_at, d.id",
            [cutoff],
        )?;
        Ok(docs
            .into_iter()
            .filter_map(|d| Lateness::of(d.issued_at, now).map(|l| (d, l)))
            .collect())
    }
}
