//! Signed documents: the exact signed bytes and everything needed to find, show and send them.

use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use zatca::api::Route;
use zatca::model::{DocumentKind, Flow};

use crate::body::{Bodies, Codec};
use crate::{Ledger, LedgerError, Result, Timestamp, time};

crate::words! {
    /// Where a signed document stands with ZATCA. (Unsigned work is a draft, outside the chain.)
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    pub enum DocumentStatus ("document status") {
        /// Signed and stored; waits to be sent (or re-sent after a retryable failure).
        Queued = "queued",
        /// Sent without an answer (timeout): ZATCA may have it. Resend the identical bytes.
        InDoubt = "in_doubt",
        /// Stopped for a person: size, a malformed request, a status Sanad does not know.
        /// (Refused credentials pause the device's queue instead; its documents stay queued.)
        Held = "held",
        Reported = "reported",
        ReportedWithWarnings = "reported_with_warnings",
        Cleared = "cleared",
        ClearedWithWarnings = "cleared_with_warnings",
        /// ZATCA refused it. It stays in the chain; correct it with a credit note and a new invoice.
        Rejected = "rejected",
    }
}

impl DocumentStatus {
    /// True once ZATCA has given its final word.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Reported
                | Self::ReportedWithWarnings
                | Self::Cleared
                | Self::ClearedWithWarnings
                | Self::Rejected
        )
    }
}

/// A document without its bytes: what lists and searches return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: i64,
    pub device_id: i64,
    pub icv: i64,
    pub number: String,
    pub uuid: String,
    pub kind: DocumentKind,
    pub flow: Flow,
    pub issued_at: Timestamp,
    pub customer_id: Option<i64>,
    pub original_number: Option<String>,
    pub currency: String,
    pub total_incl_vat: Decimal,
    pub status: DocumentStatus,
    /// Where it is sent now: its flow's route, or reporting once ZATCA switched clearance off.
    pub route: Route,
}

/// Everything stored about one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub summary: DocumentSummary,
    pub pih: String,
    pub hash: String,
    /// The QR payload, read from the signed bytes (empty if they carry none).
    pub qr: String,
    pub total_excl_vat: Decimal,
    pub vat_total: Decimal,
    /// The exact bytes that were hashed and signed.
    pub signed_xml: Vec<u8>,
    /// ZATCA's cleared document (standard documents, once cleared): the document of record.
    pub cleared_xml: Option<Vec<u8>>,
    pub attempts: i64,
}

impl Document {
    /// The bytes to print, archive and share: the cleared ones if ZATCA cleared it, else the
    /// signed ones.
    pub fn document_of_record(&self) -> &[u8] {
        self.cleared_xml.as_deref().unwrap_or(&self.signed_xml)
    }
}

pub(crate) const SUMMARY_COLUMNS: &str =
    "d.id, d.device_id, d.icv, d.number, d.uuid, d.kind, d.flow,
    d.issued_at, d.customer_id, d.original_number, d.currency, d.total_incl_vat, d.status,
    d.route";

/// How many columns [`SUMMARY_COLUMNS`] has; a query's own columns follow.
pub(crate) const SUMMARY_LEN: usize = 14;

fn conversion(i: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        i,
        rusqlite::types::Type::Text,
        format!("bad {what}").into(),
    )
}

pub(crate) fn decimal(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Decimal> {
    let s: String = r.get(i)?;
    s.parse().map_err(|_| conversion(i, "decimal"))
}

/// A column holding one of a closed set of words ([`zatca::words!`]).
pub(crate) fn word<T>(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<T>
where
    T: std::str::FromStr<Err = zatca::words::UnknownWord>,
{
    let s: String = r.get(i)?;
    s.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn read_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentSummary> {
    let issued: String = r.get(7)?;
    Ok(DocumentSummary {
        id: r.get(0)?,
        device_id: r.get(1)?,
        icv: r.get(2)?,
        number: r.get(3)?,
        uuid: r.get(4)?,
        kind: word(r, 5)?,
        flow: word(r, 6)?,
        issued_at: time::from_db(&issued)?,
        customer_id: r.get(8)?,
        original_number: r.get(9)?,
        currency: r.get(10)?,
        total_incl_vat: decimal(r, 11)?,
        status: word(r, 12)?,
        route: word(r, 13)?,
    })
}

pub(crate) fn get(conn: &Connection, bodies: &Bodies, id: i64) -> Result<Document> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS}, d.pih, d.hash, d.total_excl_vat, d.vat_total,
                 b.signed_xml, b.cleared_xml, d.attempts, b.codec, b.dict
             FROM documents d JOIN document_bodies b ON b.document_id = d.id WHERE d.id = ?1"
        ))?
        .query_row([id], |r| {
            let codec: Codec = word(r, SUMMARY_LEN + 7)?;
            let dict: Option<i64> = r.get(SUMMARY_LEN + 8)?;
            Ok((
                Document {
                    summary: read_summary(r)?,
                    pih: r.get(SUMMARY_LEN)?,
                    hash: r.get(SUMMARY_LEN + 1)?,
                    qr: String::new(),
                    total_excl_vat: decimal(r, SUMMARY_LEN + 2)?,
                    vat_total: decimal(r, SUMMARY_LEN + 3)?,
                    signed_xml: r.get(SUMMARY_LEN + 4)?,
                    cleared_xml: r.get(SUMMARY_LEN + 5)?,
                    attempts: r.get(SUMMARY_LEN + 6)?,
                },
                codec,
                dict,
            ))
        })
        .optional()?;
    let (mut doc, codec, dict) = found.ok_or(LedgerError::NotFound {
        entity: "document",
        key: id.to_string(),
    })?;
    doc.signed_xml = bodies.open(conn, codec, dict, std::mem::take(&mut doc.signed_xml))?;
    // The QR is the signed document's own (kept once, in its bytes).
    doc.qr = zatca::stamp::document_chain(&doc.signed_xml)
        .ok()
        .and_then(|c| c.qr)
        .unwrap_or_default();
    doc.cleared_xml = doc
        .cleared_xml
        .take()
        .map(|c| bodies.open(conn, codec, dict, c))
        .transpose()?;
    Ok(doc)
}

/// One link of a device's chain as stored, for verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLink {
    pub document_id: i64,
    pub icv: i64,
    pub pih: String,
    pub hash: String,
    pub signed_xml: Vec<u8>,
}

/// What is wrong at one place of a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainProblem {
    pub icv: i64,
    pub what: String,
}

/// The result of walking a device's chain from genesis.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChainReport {
    pub documents: u64,
    pub last_icv: i64,
    pub problems: Vec<ChainProblem>,
}

impl Ledger {
    /// A document by id, with its bytes.
    pub fn document(&self, id: i64) -> Result<Document> {
        get(&self.conn, &self.bodies, id)
    }

    /// A document by its user-visible number.
    pub fn document_by_number(&self, number: &str) -> Result<Document> {
        let id: i64 = self
            .conn
            .query_row(
                "SELECT id FROM documents WHERE number = ?1",
                [number],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| LedgerError::NotFound {
                entity: "document",
                key: number.to_owned(),
            })?;
        self.document(id)
    }

    /// Walks a device's chain from genesis: ICVs 1, 2, 3… with no gap, each PIH the previous
    /// document's hash (the genesis PIH first), and `check` (the engine's verification of the
    /// signed bytes against the stored hash) passing for every document.
    pub fn verify_chain(
        &self,
        device_id: i64,
        mut check: impl FnMut(&ChainLink) -> std::result::Result<(), String>,
    ) -> Result<ChainReport> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.icv, d.pih, d.hash, b.signed_xml, b.codec, b.dict
             FROM documents d JOIN document_bodies b ON b.document_id = d.id
             WHERE d.device_id = ?1 ORDER BY d.icv",
        )?;
        let mut rows = stmt.query([device_id])?;
        let mut report = ChainReport::default();
        let mut prev_hash = crate::GENESIS_PIH.to_owned();
        while let Some(r) = rows.next()? {
            let link = ChainLink {
                document_id: r.get(0)?,
                icv: r.get(1)?,
                pih: r.get(2)?,
                hash: r.get(3)?,
                signed_xml: self
                    .bodies
                    .open(&self.conn, word(r, 5)?, r.get(6)?, r.get(4)?)?,
            };
            report.documents += 1;
            if link.icv != report.last_icv + 1 {
                report.problems.push(ChainProblem {
                    icv: link.icv,
                    what: format!(
                        "ICV {} follows {}: not contiguous",
                        link.icv, report.last_icv
                    ),
                });
            }
            if link.pih != prev_hash {
                report.problems.push(ChainProblem {
                    icv: link.icv,
                    what: "its PIH is not the previous document's hash".to_owned(),
                });
            }
            if let Err(what) = check(&link) {
                report.problems.push(ChainProblem {
                    icv: link.icv,
                    what,
                });
            }
            report.last_icv = link.icv;
            prev_hash = link.hash;
        }
        Ok(report)
    }
}

impl Ledger {
    /// The credit and debit notes issued against the document numbered `original`, oldest first.
    pub fn notes_of(&self, original: &str) -> Result<Vec<DocumentSummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM documents d
             WHERE d.original_number = ?1 ORDER BY d.issued_at, d.id"
        ))?;
        let rows = stmt
            .query_map([original], read_summary)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
