//! The document model: every ZATCA document kind, parties, lines, VAT categories, amounts.
//!
//! A [`Draft`] is everything a document says, read from the JSON draft format
//! (`docs/draft-format.md`). It carries the document number, UUID, issue date and time: the
//! engine has no clock and no randomness. The chain values (ICV, PIH) come separately as
//! [`ChainFields`], because the ledger allocates them at the moment of signing.

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::api::Route;
use crate::error::{DraftError, Problem};

crate::words! {
    /// The kind of document (UBL `InvoiceTypeCode`).
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    pub enum DocumentKind ("document kind") {
        /// Tax invoice, 388 (also the final invoice that deducts prepayments).
        Invoice = "invoice",
        /// Credit note, 381.
        CreditNote = "credit_note",
        /// Debit note, 383.
        DebitNote = "debit_note",
        /// Prepayment (advance payment) invoice, 386.
        Prepayment = "prepayment",
    }
}

impl DocumentKind {
    /// The UN/CEFACT 1001 code ZATCA uses.
    pub fn type_code(self) -> &'static str {
        match self {
            DocumentKind::Invoice => "388",
            DocumentKind::CreditNote => "381",
            DocumentKind::DebitNote => "383",
            DocumentKind::Prepayment => "386",
        }
    }

    /// The kind for a UN/CEFACT 1001 code (`388`, `381`, `383`, `386`).
    pub fn from_type_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.type_code() == code)
    }

    /// Credit and debit notes need a billing reference and a reason.
    pub fn is_note(self) -> bool {
        matches!(self, DocumentKind::CreditNote | DocumentKind::DebitNote)
    }
}

crate::words! {
    /// Standard (B2B/B2G, cleared) or simplified (B2C, reported): the document's flow, from the
    /// first two characters of its type name. Where it is sent is its [`Route`].
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    pub enum Flow ("flow") {
        /// Standard tax invoice and its notes (`01xxxxx`), cleared by ZATCA before it is shared.
        Standard = "standard",
        /// Simplified tax invoice and its notes (`02xxxxx`), reported within 24 hours.
        Simplified = "simplified",
    }
}

impl Flow {
    /// The first two characters of the type name: `01` standard, `02` simplified.
    pub fn type_name_prefix(self) -> &'static str {
        match self {
            Flow::Standard => "01",
            Flow::Simplified => "02",
        }
    }

    /// Where a document of this flow is sent: standard to clearance, simplified to reporting.
    /// (ZATCA may re-route a standard document to reporting; see [`Route`].)
    pub fn route(self) -> Route {
        match self {
            Flow::Standard => Route::Clearance,
            Flow::Simplified => Route::Reporting,
        }
    }
}

/// The five transaction flags of the 7-character type name (`NNPNESB`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields, default)]
pub struct Flags {
    /// Issued by a third party on behalf of the seller.
    pub third_party: bool,
    /// Nominal supply (goods or services given without consideration).
    pub nominal: bool,
    /// Export (standard only).
    pub export: bool,
    /// Summary invoice covering a supply period.
    pub summary: bool,
    /// Self-billed by the buyer (standard only, never with export).
    pub self_billed: bool,
}

/// The 7-character `InvoiceTypeCode/@name` (`NNPNESB`) of a flow and its flags.
pub fn type_name(flow: Flow, flags: &Flags) -> String {
    let b = |f: bool| if f { '1' } else { '0' };
    let mut s = String::with_capacity(7);
    s.push_str(flow.type_name_prefix());
    s.push(b(flags.third_party));
    s.push(b(flags.nominal));
    s.push(b(flags.export));
    s.push(b(flags.summary));
    s.push(b(flags.self_billed));
    s
}

/// Why a type name cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TypeNameError {
    /// Not 7 characters, or a flag other than 0 or 1.
    #[error("expected 7 characters of 0 and 1 (NNPNESB)")]
    Shape,
    /// The first two characters are neither 01 nor 02.
    #[error("must start with 01 (standard) or 02 (simplified)")]
    Flow,
}

/// Reads a 7-character type name (`NNPNESB`) into its flow and flags.
pub fn parse_type_name(name: &str) -> Result<(Flow, Flags), TypeNameError> {
    let b = name.as_bytes();
    if b.len() != 7 || !b[2..].iter().all(|c| matches!(c, b'0' | b'1')) {
        return Err(TypeNameError::Shape);
    }
    let flow = Flow::ALL
        .iter()
        .copied()
        .find(|f| f.type_name_prefix().as_bytes() == &b[..2])
        .ok_or(TypeNameError::Flow)?;
    let on = |i: usize| b[i] == b'1';
    Ok((
        flow,
        Flags {
            third_party: on(2),
            nominal: on(3),
            export: on(4),
            summary: on(5),
            self_billed: on(6),
        },
    ))
}

/// A party identifier other than the VAT number (`PartyIdentification/ID@schemeID`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "DraftPartyId"))]
pub struct PartyId {
    /// CRN, MOM, MLS, SAG, OTH, 700 (seller); also TIN, NAT, IQA, PAS, GCC (buyer).
    pub scheme: String,
    /// The identifier itself (letters and digits only).
    pub value: String,
}

/// A postal address; for Saudi addresses the full national address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Address {
    /// Street name.
    pub street: String,
    /// Additional street name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_street: Option<String>,
    /// Building number (4 digits in Saudi Arabia).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building_number: Option<String>,
    /// Additional number of the national address (`PlotIdentification`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_number: Option<String>,
    /// District (`CitySubdivisionName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// City.
    pub city: String,
    /// Postal code (5 digits in Saudi Arabia).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_zone: Option<String>,
    /// Region or province (`CountrySubentity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default = "default_country")]
    pub country: String,
}

fn default_country() -> String {
    "SA".to_string()
}

/// Seller or buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Party {
    /// Registered name (Arabic, English or both).
    pub name: String,
    /// The 15-digit VAT registration number (starts and ends with 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_number: Option<String>,
    /// Other identifier (CRN, NAT, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<PartyId>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
}

crate::words! {
    /// VAT category codes ZATCA accepts (UNCL 5305 subset).
    #[derive(PartialOrd, Ord)]
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    pub enum VatCategory ("VAT category") {
        /// Standard rate.
        S = "S",
        /// Zero rated.
        Z = "Z",
        /// Exempt from VAT.
        E = "E",
        /// Not subject to VAT (out of scope).
        O = "O",
    }
}

impl VatCategory {
    /// The one-letter code.
    pub fn code(self) -> &'static str {
        self.as_str()
    }
}

/// The VAT treatment of a line, a document allowance or charge, or a prepayment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vat {
    /// Category code.
    pub category: VatCategory,
    /// Rate in percent (15 or 5 for S; 0 otherwise). Defaults to 15 for S and 0 otherwise.
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub rate: Option<Decimal>,
    /// Exemption (or exception) reason code, e.g. `VATEX-SA-32` (Z, E and O only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption_reason_code: Option<String>,
    /// Exemption (or exception) reason text (Z, E and O only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption_reason: Option<String>,
}

impl Vat {
    /// The rate in percent, with the category's default.
    pub fn rate(&self) -> Decimal {
        match (self.rate, self.category) {
            (Some(r), _) => r,
            (None, VatCategory::S) => Decimal::from(15),
            (None, _) => Decimal::ZERO,
        }
    }
}

/// An allowance (discount) or charge on a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineAllowanceCharge {
    /// `true` for a charge, `false` for an allowance.
    pub charge: bool,
    /// UNTDID 5189 (allowance) or 7161 (charge) reason code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// Reason text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Amount in document currency, at most 2 decimals.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
}

/// A document-level allowance or charge, which carries its own VAT category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentAllowanceCharge {
    /// `true` for a charge, `false` for an allowance.
    pub charge: bool,
    /// UNTDID 5189 (allowance) or 7161 (charge) reason code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// Reason text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Amount in document currency, at most 2 decimals.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// VAT category the amount belongs to.
    pub vat: Vat,
}

/// One invoice line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// Item name.
    pub name: String,
    /// Invoiced quantity.
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
    /// UN/ECE rec 20 unit code; defaults to `PCE`.
    #[serde(default = "default_unit")]
    pub unit_code: String,
    /// Net price per base quantity (after the price discount).
    #[serde(with = "rust_decimal::serde::str")]
    pub price: Decimal,
    /// The quantity the price refers to (defaults to 1).
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub base_quantity: Option<Decimal>,
    /// Discount on the gross price; gross price = price + price_discount.
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub price_discount: Option<Decimal>,
    /// Line allowances and charges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances_charges: Vec<LineAllowanceCharge>,
    /// VAT treatment.
    pub vat: Vat,
}

fn default_unit() -> String {
    "PCE".to_string()
}

/// The supply (delivery) date, or period for summary invoices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supply {
    /// Supply date (`ActualDeliveryDate`).
    pub date: NaiveDate,
    /// Supply end date (`LatestDeliveryDate`), for summary invoices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
}

/// A prepayment invoice deducted in a final invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prepayment {
    /// Number (`ID`) of the prepayment invoice.
    pub number: String,
    /// UUID of the prepayment invoice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// Issue date of the prepayment invoice.
    pub issue_date: NaiveDate,
    /// Issue time of the prepayment invoice.
    pub issue_time: NaiveTime,
    /// Text for the deduction line.
    pub description: String,
    /// Taxable amount of the prepayment in this VAT category.
    #[serde(with = "rust_decimal::serde::str")]
    pub taxable_amount: Decimal,
    /// VAT treatment of the prepayment.
    pub vat: Vat,
}

/// Everything a document says, before the chain values and the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// Document kind.
    pub kind: DocumentKind,
    /// Standard or simplified.
    pub flow: Flow,
    /// Transaction flags.
    #[serde(default)]
    pub flags: Flags,
    /// Invoice number (`cbc:ID`), unique per seller.
    pub number: String,
    /// Document UUID.
    pub uuid: String,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Issue time (local time, `hh:mm:ss`).
    pub issue_time: NaiveTime,
    /// ISO 4217 document currency; defaults to SAR.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// SAR per one unit of the document currency (required when the currency is not SAR).
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub exchange_rate: Option<Decimal>,
    /// Free-text notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Seller.
    pub seller: Party,
    /// Buyer (optional on simplified documents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Party>,
    /// Number of the original invoice (credit and debit notes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_reference: Option<String>,
    /// Reason for issuing a credit or debit note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Supply date or period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply: Option<Supply>,
    /// Payment means code (UNTDID 4461 subset: 10 cash, 30 credit transfer, 42 bank account,
    /// 48 card, 1 not defined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_means: Option<String>,
    /// Buyer's purchase order number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_order: Option<String>,
    /// Contract number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
    /// Document-level allowances and charges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances_charges: Vec<DocumentAllowanceCharge>,
    /// Prepayments deducted (final invoice).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prepayments: Vec<Prepayment>,
    /// Payable rounding amount (e.g. to round the payable to a coin).
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub payable_rounding: Option<Decimal>,
    /// Invoice lines.
    pub lines: Vec<Line>,
}

fn default_currency() -> String {
    "SAR".to_string()
}

impl Draft {
    /// Reads a draft from JSON. Errors name the field path (`lines[2].vat.category`).
    pub fn from_json(json: &[u8]) -> Result<Draft, DraftError> {
        // The plain parser is fast; only a draft that fails is read again to find the path.
        if let Ok(draft) = serde_json::from_slice(json) {
            return Ok(draft);
        }
        let de = &mut serde_json::Deserializer::from_slice(json);
        let e = match serde_path_to_error::deserialize::<_, Draft>(de) {
            Ok(draft) => return Ok(draft),
            Err(e) => e,
        };
        let path = e.path().to_string();
        let path = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        let detail = e.inner().to_string();
        Err(DraftError::single(Problem::new(
            &crate::rules::registry::JSON,
            path,
            &[("detail", &detail)],
        )))
    }

    /// The draft as pretty JSON (the format `from_json` reads).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The 7-character `InvoiceTypeCode/@name` (`NNPNESB`).
    pub fn type_name(&self) -> String {
        type_name(self.flow, &self.flags)
    }

    /// Whether the document currency is SAR.
    pub fn is_sar(&self) -> bool {
        self.currency == "SAR"
    }
}

/// The chain values the ledger allocates for one device at signing time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainFields {
    /// Invoice counter value (ICV), strictly increasing per device.
    pub icv: u64,
    /// Previous invoice hash (PIH): base64 of the previous invoice's hash.
    pub pih: String,
}
