//! Pre-flight business rules, reported with ZATCA's own codes (BR-KSA-…), run before any XML
//! is produced.
//!
//! Every rule is a value in [`registry::REGISTRY`]: its code, severity, field path and message in
//! English and Arabic. Each family of rules has its own module; [`check_draft`] runs them in
//! draft order (typed field errors and ZATCA/EN rule codes, each with its field path);
//! [`check_totals`] checks what only the computed amounts can show (a negative line net or
//! category total); [`check_chain`] the chain values; [`check_xml`] runs them all on a document
//! read from XML.

mod buyer;
mod chain;
mod fields;
mod header;
mod lines;
mod notes;
mod party;
mod prepayments;
pub mod registry;
mod seller;
mod totals;
mod vat;
mod xml;

use rust_decimal::Decimal;

use crate::error::Problem;
use crate::model::Draft;

pub use chain::check_chain;
pub use registry::{REGISTRY, Rule, Severity};
pub use seller::MAX_SELLER_NAME_BYTES;
pub use totals::check_totals;
pub use xml::{XmlError, XmlFinding, check_xml, element_path};

/// Largest quantity a line may carry.
pub const MAX_QUANTITY: i64 = 10_000_000;
/// Largest price, allowance, charge or prepayment amount.
pub const MAX_AMOUNT: i64 = 10_000_000_000;
/// Largest exchange rate (SAR per unit of the document currency).
pub const MAX_EXCHANGE_RATE: i64 = 10_000;
/// Most lines a document may carry.
pub const MAX_LINES: usize = 10_000;
/// Smallest base quantity.
pub const MIN_BASE_QUANTITY: Decimal = Decimal::from_parts(1, 0, 0, false, 3);

/// Exemption reason codes allowed for zero-rated supplies (BR-KSA-69).
pub const ZERO_RATED_CODES: &[&str] = &[
    "VATEX-SA-32",
    "VATEX-SA-33",
    "VATEX-SA-34-1",
    "VATEX-SA-34-2",
    "VATEX-SA-34-3",
    "VATEX-SA-34-4",
    "VATEX-SA-34-5",
    "VATEX-SA-35",
    "VATEX-SA-36",
    "VATEX-SA-EDU",
    "VATEX-SA-HEA",
    "VATEX-SA-MLTRY",
    "VATEX-SA-DIPLOMAT",
];
/// Exemption reason codes allowed for exempt supplies (BR-KSA-23).
pub const EXEMPT_CODES: &[&str] = &["VATEX-SA-29", "VATEX-SA-29-7", "VATEX-SA-30"];
/// Exception reason codes allowed for supplies not subject to VAT (BR-KSA-24).
pub const OUT_OF_SCOPE_CODES: &[&str] = &["VATEX-SA-OOS"];
/// Payment means codes ZATCA accepts (BR-KSA-16).
pub const PAYMENT_MEANS_CODES: &[&str] = &["10", "30", "42", "48", "1"];
/// Seller identification schemes (BR-KSA-08).
pub const SELLER_ID_SCHEMES: &[&str] = &["CRN", "MOM", "MLS", "SAG", "OTH", "700"];
/// Buyer identification schemes (BR-KSA-14).
pub const BUYER_ID_SCHEMES: &[&str] = &[
    "TIN", "CRN", "MOM", "MLS", "700", "SAG", "NAT", "GCC", "IQA", "PAS", "OTH",
];

/// Checks a draft before any amount is computed or any XML is written.
pub fn check_draft(draft: &Draft) -> Vec<Problem> {
    let mut f = fields::Findings::new();
    header::check_header(&mut f, draft);
    header::check_flags(&mut f, draft);
    header::check_supply(&mut f, draft);
    notes::check_references(&mut f, draft);
    seller::check_seller(&mut f, &draft.seller);
    buyer::check_buyer_of(&mut f, draft);
    lines::check_lines(&mut f, draft);
    lines::check_document_allowances(&mut f, draft);
    prepayments::check_prepayments(&mut f, draft);
    prepayments::check_rounding(&mut f, draft);
    vat::check_categories(&mut f, draft);
    f.0
}
