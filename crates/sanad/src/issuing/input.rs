//! What a person enters to issue a document (the JSON of `sanad-cli issue`, the counter and
//! invoice screens): the customer (or none at the counter), lines (an item from the books or
//! free text), payment, currency, notes, references, supply date or period. Everything else —
//! the seller, the number, the UUID, the issue date and time — Sanad fills in.
//!
//! The format is documented in `docs/issuing.md`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use zatca::model::{DocumentAllowanceCharge, DocumentKind, Flags, Flow, Party, Supply, Vat};

/// A document to issue.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueInput {
    /// `invoice` (default), `prepayment`, or — for a note against an invoice made before
    /// Sanad — `credit_note` / `debit_note` with [`IssueInput::original`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DocumentKind>,
    /// `standard` (B2B/B2G, cleared) or `simplified` (B2C, reported). By default: standard when
    /// the customer has a VAT number, else simplified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<Flow>,
    #[serde(default)]
    pub flags: Flags,
    /// A customer of the books, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<i64>,
    /// A customer given in full (not stored in the books).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Party>,
    pub lines: Vec<LineInput>,
    /// `cash`, `card`, `transfer`, `bank`, `other`, or a UNTDID 4461 code (10, 48, 30, 42, 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<String>,
    /// ISO 4217; SAR by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// SAR per unit of the currency (required for another currency).
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub exchange_rate: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_order: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
    /// Supply date, or period (summary invoices). By default the issue date for standard
    /// documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply: Option<Supply>,
    /// Document-level discounts and charges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances_charges: Vec<DocumentAllowanceCharge>,
    /// Prepayment invoices of these books deducted by this (final) invoice, by number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prepayments: Vec<String>,
    /// For a note: the invoice it corrects and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<OriginalRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The invoice a note corrects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OriginalRef {
    /// Its number.
    pub number: String,
    /// Its issue date, for an invoice made before Sanad (one of these books needs none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<chrono::NaiveDate>,
}

/// One line as entered.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    /// An item of the books by id…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<i64>,
    /// …or by its barcode or SKU (what a scanner types).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Free text (or another name for the item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
    /// UN/ECE rec 20 (`PCE` by default, or the item's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_code: Option<String>,
    /// Unit price without VAT (the item's by default).
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub price: Option<Decimal>,
    /// A discount on the line, as an amount without VAT.
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub discount: Option<Decimal>,
    /// VAT (the item's by default; standard rate 15 % for free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat: Option<Vat>,
}

/// A payment word as ZATCA's code (UNTDID 4461).
pub fn payment_code(word: &str) -> Option<&'static str> {
    Some(match word.trim().to_ascii_lowercase().as_str() {
        "cash" | "10" => "10",
        "card" | "48" => "48",
        "transfer" | "credit_transfer" | "30" => "30",
        "bank" | "bank_account" | "42" => "42",
        "other" | "1" => "1",
        _ => return None,
    })
}
