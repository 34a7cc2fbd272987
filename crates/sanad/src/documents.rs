//! The documents of the books: lists and one document in full, with every submission attempt.

use ledger::documents::{DocumentStatus, DocumentSummary};
use serde::Serialize;
use zatca::api::{Message, Route};

use crate::books::Books;
use crate::error::Error;

/// One submission attempt, as the documents screen and `documents show` tell it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttemptView {
    pub attempt: i64,
    pub started_at: ledger::Timestamp,
    pub route: Route,
    pub outcome: ledger::submissions::Outcome,
    pub http_status: Option<u16>,
    pub duration_ms: i64,
    pub messages: Vec<Message>,
}

/// One document in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentDetail {
    pub summary: DocumentSummary,
    pub hash: String,
    pub pih: String,
    pub qr: String,
    /// Whether the XML of record is ZATCA's cleared XML.
    pub cleared: bool,
    pub attempts: Vec<AttemptView>,
    /// The XML of record: ZATCA's cleared bytes for a cleared document, else the signed bytes.
    #[serde(skip)]
    pub xml_of_record: Vec<u8>,
}

/// The newest documents, or the newest in one state.
pub fn list(
    books: &Books,
    state: Option<DocumentStatus>,
    limit: u32,
) -> Result<Vec<DocumentSummary>, Error> {
    let q = ledger::search::DocumentQuery {
        status: state,
        ..Default::default()
    };
    Ok(books.ledger().search_documents(&q, limit)?)
}

/// One document by its number.
pub fn show(books: &Books, number: &str) -> Result<DocumentDetail, Error> {
    let ledger = books.ledger();
    let doc = ledger.document_by_number(number)?;
    let attempts = ledger
        .attempts(doc.summary.id)?
        .into_iter()
        .map(|a| AttemptView {
            attempt: a.attempt,
            started_at: a.started_at,
            route: a.route,
            outcome: a.outcome,
            http_status: a.http_status,
            duration_ms: a.duration_ms,
            messages: a.messages,
        })
        .collect();
    Ok(DocumentDetail {
        hash: doc.hash.clone(),
        pih: doc.pih.clone(),
        qr: doc.qr.clone(),
        cleared: doc.cleared_xml.is_some(),
        xml_of_record: doc.document_of_record().to_vec(),
        attempts,
        summary: doc.summary,
    })
}
