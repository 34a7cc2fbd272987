//! Sanad's e-invoicing engine for ZATCA (FATOORA, Phase 2).
//!
//! Pure, synchronous Rust: data in, bytes out. No files, no clock (time is an argument), no
//! network. Everything else in Sanad depends on this crate; it depends on nothing of Sanad's.
//!
//! The first step of every document is [`prepare`]: a [`model::Draft`] plus the chain values
//! ([`model::ChainFields`]) become the unsigned UBL 2.1 XML and its totals, after the pre-flight
//! rules ([`rules`]) found nothing wrong.

pub mod api;
pub mod calc;
pub mod csr;
pub mod error;
pub mod model;
pub mod read;
pub mod rules;
pub mod stamp;
pub mod ubl;
pub mod verify;
pub mod words;
pub mod xml;

pub use calc::Totals;
pub use error::{DraftError, ErrorKind, Problem};
pub use model::{ChainFields, Draft};

/// An unsigned document, ready for the stamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The unsigned UBL 2.1 XML (UTF-8), with ICV and PIH, without signature and QR.
    pub xml: Vec<u8>,
    /// Every amount the document carries.
    pub totals: Totals,
    /// The 7-character invoice type name (`NNPNESB`).
    pub type_name: String,
}

/// Checks a draft and computes its totals, without writing XML.
pub fn compute(draft: &Draft) -> Result<Totals, DraftError> {
    let problems = rules::check_draft(draft);
    if !problems.is_empty() {
        return Err(DraftError { problems });
    }
    let totals = calc::totals(draft);
    let problems = rules::check_totals(draft, &totals);
    if !problems.is_empty() {
        return Err(DraftError { problems });
    }
    Ok(totals)
}

/// Turns a draft and the chain values into the unsigned XML and its totals.
///
/// Every pre-flight rule runs first; on any finding nothing is written and the error lists
/// every finding with its code and field path.
///
/// ```
/// let json = br#"{
///   "kind": "invoice", "flow": "simplified", "number": "S-1",
///   "uuid": "3cf5ee18-ee25-44ea-a444-2c37ba7f28be",
///   "issue_date": "2026-11-21", "issue_time": "09:41:05",
///   "seller": { "name": "Sanad Cafe", "vat_number": "399999999900003",
///     "id": { "scheme": "CRN", "value": "1010010000" },
///     "address": { "street": "Prince Sultan", "building_number": "2322",
///       "district": "Al-Murabba", "city": "Riyadh", "postal_zone": "12345" } },
///   "lines": [ { "name": "Coffee", "quantity": "3", "price": "7.25",
///     "vat": { "category": "S" } } ]
/// }"#;
/// let draft = zatca::Draft::from_json(json)?;
/// let chain = zatca::ChainFields { icv: 1, pih: "NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==".into() };
/// let prepared = zatca::prepare(&draft, &chain)?;
/// assert_eq!(prepared.totals.tax_inclusive.to_string(), "25.01");
/// assert!(prepared.xml.starts_with(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice"));
///
/// let mut credit = draft.clone();
/// credit.kind = zatca::model::DocumentKind::CreditNote;
/// let err = zatca::prepare(&credit, &chain).unwrap_err();
/// assert!(err.has("BR-KSA-17", "reason"));
/// # Ok::<(), zatca::DraftError>(())
/// ```
pub fn prepare(draft: &Draft, chain: &ChainFields) -> Result<Prepared, DraftError> {
    let mut problems = rules::check_chain(chain);
    match compute(draft) {
        Ok(totals) if problems.is_empty() => {
            let xml = ubl::write(draft, &totals, chain);
            Ok(Prepared {
                xml,
                totals,
                type_name: draft.type_name(),
            })
        }
        Ok(_) => Err(DraftError { problems }),
        Err(mut e) => {
            problems.append(&mut e.problems);
            Err(DraftError { problems })
        }
    }
}

/// [`prepare`] straight from the JSON draft format.
pub fn prepare_json(json: &[u8], chain: &ChainFields) -> Result<Prepared, DraftError> {
    prepare(&Draft::from_json(json)?, chain)
}
