//! What "check an invoice" returns: everything the screen shows, as plain serde values.
//!
//! Amounts are decimal strings exactly as the document states them (never floats); the UI
//! formats them for the reader's locale.

use serde::Serialize;
/// The engine's words, as the report carries them.
pub use zatca::model::{DocumentKind, Flow};

/// The result of checking one file or one pasted QR text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CheckReport {
    pub source: Source,
    pub verdict: Verdict,
    /// The document's content, when an XML document was read.
    pub document: Option<DocumentView>,
    /// The QR's fields, when the document carries a QR or a QR text was pasted.
    pub qr: Option<QrView>,
    /// Each cryptographic and consistency check, in the order they were run.
    pub checks: Vec<Check>,
    /// Findings of the pre-flight business rules (ZATCA codes).
    pub findings: Vec<Finding>,
}

/// Where the checked document came from.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "kind"
)]
pub enum Source {
    /// An XML file.
    Xml { file_name: Option<String> },
    /// A PDF/A-3 file with the invoice XML embedded as `attachment`.
    Pdf {
        file_name: Option<String>,
        attachment: String,
    },
    /// A QR text pasted on its own: only the QR could be checked.
    Qr,
}

/// The overall answer.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// Every check passed and no rule reported an error or a warning.
    Valid,
    /// Nothing failed; some checks or rules reported warnings.
    ValidWithWarnings,
    /// At least one check failed or one rule reported an error.
    Invalid,
}

impl Verdict {
    /// Verdict from the checks and findings.
    pub fn from_results(checks: &[Check], findings: &[Finding]) -> Self {
        let failed = checks.iter().any(|c| c.status == CheckStatus::Failed)
            || findings.iter().any(|f| f.severity == Severity::Error);
        if failed {
            Verdict::Invalid
        } else if checks.iter().any(|c| c.status == CheckStatus::Warning)
            || findings.iter().any(|f| f.severity == Severity::Warning)
        {
            Verdict::ValidWithWarnings
        } else {
            Verdict::Valid
        }
    }
}

/// One named check.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub id: CheckId,
    pub status: CheckStatus,
    /// Technical detail (English): what was expected and what was found.
    pub detail: Option<String>,
}

/// The checks Sanad runs; the UI names each one in Arabic and English.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum CheckId {
    /// The invoice hash recomputed from the document equals the signed digest.
    InvoiceHash,
    /// The ECDSA signature verifies against the embedded certificate.
    Signature,
    /// The certificate digest in the signed properties matches the certificate.
    CertificateDigest,
    /// The digest of the signed properties matches.
    SignedProperties,
    /// The QR's fields agree with the document.
    QrMatchesDocument,
    /// The QR's signature verifies with the public key the QR carries.
    QrSignature,
    /// The invoice counter (ICV) and previous invoice hash (PIH) are present and well-formed.
    ChainReferences,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum CheckStatus {
    Passed,
    /// Not a reason to reject (e.g. a standard invoice's QR, which ZATCA replaces at clearance).
    Warning,
    Failed,
    /// The check does not apply to this document (e.g. no QR on a cleared standard invoice).
    NotApplicable,
}

/// One finding of the pre-flight rules.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// ZATCA's own code, e.g. `BR-KSA-37`, or `SANAD-…` for Sanad's own field checks.
    pub code: String,
    /// ZATCA's errors are errors; its warnings and Sanad's own checks are warnings.
    pub severity: Severity,
    /// What is wrong (English): the element path, the field in parentheses, the rule's message.
    pub message: String,
    /// The same in Arabic.
    pub message_ar: String,
    /// What the code means, who must act and what to do, in both languages (from the catalogue,
    /// [`crate::explain`]); `None` only for a code the catalogue lacks, which a test forbids.
    pub explanation: Option<crate::explain::Entry>,
}

impl Finding {
    /// A finding with its code's explanation from the catalogue.
    pub fn new(code: &str, severity: Severity, message: String, message_ar: String) -> Self {
        Self {
            code: code.to_owned(),
            severity,
            message,
            message_ar,
            explanation: crate::explain::explain(code).cloned(),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Error,
    Warning,
}

/// The content of an invoice, credit or debit note, as far as the screen shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DocumentView {
    pub kind: DocumentKind,
    /// Standard (B2B, cleared) or simplified (B2C, reported).
    pub flow: Flow,
    pub number: String,
    pub uuid: Option<String>,
    pub issue_date: String,
    pub issue_time: Option<String>,
    pub supply_date: Option<String>,
    pub currency: String,
    /// The counter value (ICV) this device gave the document.
    pub icv: Option<String>,
    pub seller: Party,
    pub buyer: Option<Party>,
    /// For credit and debit notes: the original document(s) and the reason.
    pub billing_reference: Option<String>,
    pub note_reason: Option<String>,
    pub lines: Vec<Line>,
    pub vat_breakdown: Vec<VatCategoryTotal>,
    pub totals: Totals,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Party {
    pub name: String,
    pub vat_number: Option<String>,
    /// The other identifiers (commercial registration, national ID, …), each with its scheme:
    /// the screen names the scheme in the reader's language.
    pub ids: Vec<PartyId>,
    /// The address without the country: building and street, district, city and postal code.
    pub address: Option<String>,
    /// The country code (ISO 3166-1 alpha-2), translated for the reader by the screen.
    pub country: Option<String>,
}

/// One identifier of a party (BT-29, BT-46) with its scheme (`CRN`, `NAT`, `IQA`, …).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PartyId {
    pub scheme: Option<String>,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Line {
    pub id: String,
    pub name: String,
    pub quantity: String,
    pub unit: Option<String>,
    pub unit_price: String,
    /// The line's own allowances and charges, as the document states them.
    pub allowances: Vec<LineAllowance>,
    pub net_amount: String,
    pub vat_category: String,
    pub vat_rate: Option<String>,
    pub vat_amount: Option<String>,
    pub amount_with_vat: Option<String>,
}

/// An allowance (discount) or a charge on one line.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LineAllowance {
    pub is_charge: bool,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct VatCategoryTotal {
    pub category: String,
    pub rate: Option<String>,
    pub taxable_amount: String,
    pub vat_amount: String,
    pub exemption_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    pub line_extension: String,
    pub allowances: Option<String>,
    pub charges: Option<String>,
    pub tax_exclusive: String,
    pub vat: String,
    /// VAT in SAR when the document currency is not SAR.
    pub vat_in_sar: Option<String>,
    pub tax_inclusive: String,
    pub prepaid: Option<String>,
    pub rounding: Option<String>,
    pub payable: String,
}

/// The fields of a ZATCA QR (TLV tags 1–9).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct QrView {
    pub seller_name: Option<String>,
    pub vat_number: Option<String>,
    pub timestamp: Option<String>,
    pub total_with_vat: Option<String>,
    pub vat_total: Option<String>,
    /// Base64 of tag 6.
    pub invoice_hash: Option<String>,
    /// Whether tags 7–9 (signature, public key, certificate signature) are present.
    pub has_signature: bool,
}
