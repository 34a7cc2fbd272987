//! Reading a UBL invoice (signed, cleared or unsigned) back into a plain view of its content.
//!
//! [`read`] takes the XML of record — Sanad's own signed bytes, ZATCA's cleared bytes or the SDK
//! samples — and returns a [`Document`]: what the paper copy and the screen show. Nothing is
//! computed here; every amount is the one the XML states, so a printout cannot disagree with it.

mod parse;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{DocumentKind, Flags, Flow};

pub use parse::read;

/// A postal address; every part is optional in the XML and kept as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    pub street: Option<String>,
    pub additional_street: Option<String>,
    pub building_number: Option<String>,
    pub plot: Option<String>,
    pub district: Option<String>,
    pub city: Option<String>,
    pub postal_zone: Option<String>,
    pub country_subentity: Option<String>,
    pub country: Option<String>,
}

/// A party identification (`cac:PartyIdentification/cbc:ID`) with its scheme (CRN, NAT, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyId {
    pub scheme: Option<String>,
    pub value: String,
}

/// Seller or buyer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Party {
    pub name: Option<String>,
    pub vat_number: Option<String>,
    pub ids: Vec<PartyId>,
    pub address: Address,
}

/// A document-level allowance (discount) or charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowanceCharge {
    pub is_charge: bool,
    pub reason: Option<String>,
    pub reason_code: Option<String>,
    pub amount: Decimal,
    pub category: Option<String>,
    pub rate: Option<Decimal>,
}

/// A reference to an earlier document (a prepayment invoice on an adjustment line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentReference {
    pub id: String,
    pub uuid: Option<String>,
    pub issue_date: Option<String>,
    pub issue_time: Option<String>,
    pub type_code: Option<String>,
}

/// One invoice line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub id: String,
    pub name: String,
    pub quantity: Decimal,
    pub unit_code: Option<String>,
    /// Net unit price (`cac:Price/cbc:PriceAmount`).
    pub price: Decimal,
    pub base_quantity: Option<Decimal>,
    /// Discount on the unit price (`cac:Price/cac:AllowanceCharge/cbc:Amount`).
    pub price_discount: Option<Decimal>,
    /// Line-level allowances and charges.
    pub allowances_charges: Vec<AllowanceCharge>,
    /// Line net amount (`cbc:LineExtensionAmount`).
    pub net: Decimal,
    pub category: Option<String>,
    pub rate: Option<Decimal>,
    pub vat: Option<Decimal>,
    /// Line amount with VAT (`cac:TaxTotal/cbc:RoundingAmount`).
    pub total_with_vat: Option<Decimal>,
    /// For prepayment adjustment lines: the prepayment invoice deducted.
    pub prepayment: Option<DocumentReference>,
}

/// VAT of one category (`cac:TaxSubtotal`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatBreakdown {
    pub category: String,
    pub rate: Option<Decimal>,
    pub taxable: Decimal,
    pub vat: Decimal,
    pub exemption_code: Option<String>,
    pub exemption_reason: Option<String>,
}

/// Document totals (`cac:LegalMonetaryTotal` and the VAT totals), in the document currency
/// except [`Totals::vat_total_tax_currency`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    pub line_extension: Decimal,
    pub tax_exclusive: Decimal,
    pub tax_inclusive: Decimal,
    pub allowance_total: Option<Decimal>,
    pub charge_total: Option<Decimal>,
    pub prepaid: Option<Decimal>,
    pub payable_rounding: Option<Decimal>,
    pub payable: Decimal,
    /// The VAT total in the document currency.
    pub vat_total: Decimal,
    /// The VAT total in the tax currency (SAR), when the XML states it.
    pub vat_total_tax_currency: Option<Decimal>,
}

/// The content of one ZATCA document, as its XML states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub kind: DocumentKind,
    /// Standard or simplified, from the first two characters of the `InvoiceTypeCode` `name`.
    pub flow: Flow,
    pub flags: Flags,
    pub number: String,
    pub uuid: String,
    pub issue_date: NaiveDate,
    /// As written (`17:41:08`, possibly with a zone suffix).
    pub issue_time: String,
    /// Supply date (`cac:Delivery/cbc:ActualDeliveryDate`).
    pub supply_date: Option<NaiveDate>,
    /// Supply end date (`cac:Delivery/cbc:LatestDeliveryDate`).
    pub supply_end_date: Option<NaiveDate>,
    pub notes: Vec<String>,
    pub currency: String,
    pub tax_currency: Option<String>,
    pub seller: Party,
    pub buyer: Option<Party>,
    /// The original invoice numbers of a credit or debit note.
    pub billing_references: Vec<String>,
    /// The reason of a credit or debit note (`cac:PaymentMeans/cbc:InstructionNote`).
    pub reason: Option<String>,
    pub payment_means: Option<String>,
    pub allowances_charges: Vec<AllowanceCharge>,
    pub vat_breakdown: Vec<VatBreakdown>,
    pub totals: Totals,
    pub lines: Vec<Line>,
    /// Invoice counter value.
    pub icv: Option<String>,
    /// Previous invoice hash.
    pub pih: Option<String>,
    /// The QR payload (base64 text), absent on unsigned documents.
    pub qr: Option<String>,
    /// The invoice hash (base64) from the signature, absent on unsigned documents.
    pub invoice_hash: Option<String>,
}

impl Document {
    /// Whether amounts are in a currency other than the tax currency (SAR).
    pub fn is_foreign_currency(&self) -> bool {
        self.tax_currency
            .as_deref()
            .is_some_and(|tax| tax != self.currency)
    }
}

/// Why a document could not be read. Every variant names the XML field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the document is not well-formed XML: {0}")]
    Xml(String),
    #[error("the root element is `{0}`, not a UBL 2.1 Invoice")]
    NotInvoice(String),
    #[error("`{field}` is missing")]
    Missing { field: String },
    #[error("`{field}` has the invalid value `{value}`: {reason}")]
    Invalid {
        field: String,
        value: String,
        reason: &'static str,
    },
}
