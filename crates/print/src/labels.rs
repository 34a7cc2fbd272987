//! Bilingual wording (English, Arabic) and the formatting of amounts, quantities and rates.
//!
//! Every term the paper shares with the screen comes from the glossary both draw from,
//! `assets/glossary.json`, compiled in by `build.rs`: a label naming a key the glossary lacks does
//! not compile.

use rust_decimal::Decimal;
use zatca::model::{DocumentKind, Flags, Flow};
use zatca::read::Document;

/// A label in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bi {
    pub(crate) en: &'static str,
    pub(crate) ar: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/glossary.rs"));

/// The glossary's term `key`, looked up while compiling: a key it lacks does not compile.
macro_rules! term {
    ($key:literal) => {
        const { lookup($key) }
    };
}

const fn lookup(key: &str) -> Bi {
    let mut i = 0;
    while i < TERMS.len() {
        if same(TERMS[i].0.as_bytes(), key.as_bytes()) {
            return TERMS[i].1;
        }
        i += 1;
    }
    panic!("a print label names a term that assets/glossary.json does not have");
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The glossary's term for a code (`unit.KGM`, `country.SA`, `partyId.CRN`), if it has one.
pub(crate) fn coded(prefix: &str, code: &str) -> Option<Bi> {
    let key = format!("{prefix}.{code}");
    TERMS
        .binary_search_by(|(k, _)| (*k).cmp(key.as_str()))
        .ok()
        .map(|i| TERMS[i].1)
}

/// The banner of a standard document ZATCA has not cleared yet.
pub(crate) fn not_cleared() -> Bi {
    term!("zatca.notCleared")
}

pub(crate) fn title(doc: &Document) -> Bi {
    match (doc.kind, doc.flow) {
        (DocumentKind::Invoice, Flow::Standard) => term!("kind.invoice.standard"),
        (DocumentKind::Invoice, Flow::Simplified) => term!("kind.invoice.simplified"),
        (DocumentKind::CreditNote, Flow::Standard) => term!("kind.credit_note.standard"),
        (DocumentKind::CreditNote, Flow::Simplified) => term!("kind.credit_note.simplified"),
        (DocumentKind::DebitNote, Flow::Standard) => term!("kind.debit_note.standard"),
        (DocumentKind::DebitNote, Flow::Simplified) => term!("kind.debit_note.simplified"),
        (DocumentKind::Prepayment, Flow::Standard) => term!("kind.prepayment.standard"),
        (DocumentKind::Prepayment, Flow::Simplified) => term!("kind.prepayment.simplified"),
    }
}

fn is_note(doc: &Document) -> bool {
    matches!(doc.kind, DocumentKind::CreditNote | DocumentKind::DebitNote)
}

pub(crate) fn number_label(doc: &Document) -> Bi {
    if is_note(doc) {
        term!("doc.noteNumber")
    } else {
        term!("doc.invoiceNumber")
    }
}

pub(crate) fn flags(flags: &Flags) -> Vec<Bi> {
    [
        (flags.third_party, term!("flag.thirdParty")),
        (flags.nominal, term!("flag.nominal")),
        (flags.export, term!("flag.export")),
        (flags.summary, term!("flag.summary")),
        (flags.self_billed, term!("flag.selfBilled")),
    ]
    .into_iter()
    .filter_map(|(set, label)| set.then_some(label))
    .collect()
}

/// A VAT category's name (S, Z, E, O); plain "VAT" for a code that is not ZATCA's.
pub(crate) fn category(code: &str) -> Bi {
    coded("vat", code).unwrap_or(term!("zatca.vat"))
}

/// What a party identifier is, by its scheme (BR-KSA-08, BR-KSA-14).
pub(crate) fn party_id(scheme: Option<&str>) -> Bi {
    scheme
        .and_then(|s| coded("partyId", s))
        .unwrap_or(term!("partyId.OTH"))
}

/// A unit of measure (UN/ECE rec 20) in words, if the glossary has it.
pub(crate) fn unit(code: &str) -> Option<Bi> {
    coded("unit", code)
}

/// A country (ISO 3166-1 alpha-2) by name, the code itself when the glossary does not know it.
pub(crate) fn country(code: &str) -> String {
    coded("country", code).map_or_else(|| code.to_owned(), |c| format!("{} | {}", c.ar, c.en))
}

pub(crate) const SELLER: Bi = term!("party.seller");
pub(crate) const BUYER: Bi = term!("party.buyer");
pub(crate) const NAME: Bi = term!("party.name");
pub(crate) const VAT_NUMBER: Bi = term!("party.vatNumber");
pub(crate) const ADDRESS: Bi = term!("party.address");
pub(crate) const CITY: Bi = term!("party.cityPostal");
pub(crate) const COUNTRY: Bi = term!("party.country");

pub(crate) const ISSUE_DATE: Bi = term!("doc.issueDate");
pub(crate) const ISSUE_TIME: Bi = term!("doc.issueTime");
pub(crate) const SUPPLY_DATE: Bi = term!("doc.supplyDate");
pub(crate) const SUPPLY_END: Bi = term!("doc.supplyEndDate");
pub(crate) const UUID: Bi = term!("doc.uuid");
pub(crate) const CURRENCY: Bi = term!("doc.currency");
pub(crate) const ORIGINAL: Bi = term!("doc.billingReference");
pub(crate) const REASON: Bi = term!("doc.noteReason");
pub(crate) const NOTES: Bi = term!("doc.notes");

pub(crate) const COL_NUMBER: Bi = term!("line.number");
pub(crate) const COL_DESCRIPTION: Bi = term!("line.description");
pub(crate) const COL_QTY: Bi = term!("line.quantity");
pub(crate) const COL_UNIT: Bi = term!("line.unit");
pub(crate) const COL_PRICE: Bi = term!("line.unitPrice");
pub(crate) const COL_DISCOUNT: Bi = term!("line.discount");
pub(crate) const COL_NET: Bi = term!("line.net");
pub(crate) const COL_RATE: Bi = term!("vat.rate");
pub(crate) const COL_VAT: Bi = term!("vat.amount");
pub(crate) const COL_TOTAL: Bi = term!("line.total");
pub(crate) const PREPAYMENT: Bi = term!("line.prepayment");

pub(crate) const ALLOWANCES: Bi = term!("allowance.title");
pub(crate) const ALLOWANCE_TYPE: Bi = term!("allowance.type");
pub(crate) const ALLOWANCE_REASON: Bi = term!("allowance.reason");
pub(crate) const ALLOWANCE: Bi = term!("allowance.allowance");
pub(crate) const CHARGE: Bi = term!("allowance.charge");
pub(crate) const AMOUNT: Bi = term!("allowance.amount");
pub(crate) const VAT_BREAKDOWN: Bi = term!("vat.title");
pub(crate) const COL_CATEGORY: Bi = term!("vat.category");
pub(crate) const COL_TAXABLE: Bi = term!("vat.taxable");
pub(crate) const COL_EXEMPTION: Bi = term!("vat.exemptionReason");

pub(crate) const TOTALS: Bi = term!("totals.title");
pub(crate) const TOTAL_LINE_EXTENSION: Bi = term!("total.lineExtension");
pub(crate) const TOTAL_ALLOWANCES: Bi = term!("total.allowances");
pub(crate) const TOTAL_CHARGES: Bi = term!("total.charges");
pub(crate) const TOTAL_TAX_EXCLUSIVE: Bi = term!("total.taxExclusive");
pub(crate) const TOTAL_VAT: Bi = term!("total.vat");
pub(crate) const TOTAL_TAX_INCLUSIVE: Bi = term!("total.taxInclusive");
pub(crate) const TOTAL_PREPAID: Bi = term!("total.prepaid");
pub(crate) const TOTAL_ROUNDING: Bi = term!("total.rounding");
pub(crate) const TOTAL_VAT_SAR: Bi = term!("total.vatInSar");
/// The payable amount: due on an invoice, the note's total on a credit or debit note.
pub(crate) fn total_due(doc: &Document) -> Bi {
    if is_note(doc) {
        term!("total.payableNote")
    } else {
        term!("total.payable")
    }
}

/// The currency as written after an amount in Arabic text: SAR as `ر.س`, others by name (the
/// code when the glossary does not know it).
pub(crate) fn currency_ar(code: &str) -> &str {
    coded("currency", code).map_or(code, |c| c.ar)
}

/// An amount with at least two decimals and thousands separators, as the XML states it (never
/// rounded: a value with more decimals keeps them).
pub(crate) fn money(value: Decimal) -> String {
    let mut v = value.normalize();
    if v.scale() < 2 {
        v.rescale(2);
    }
    let text = v.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v.is_sign_negative() && !v.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}.{frac}")
}

/// A quantity or rate without trailing zeros (`33.000000` → `33`).
pub(crate) fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

pub(crate) fn percent(value: Option<Decimal>) -> String {
    value.map(|v| format!("{}%", plain(v))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn money_keeps_the_stated_value() {
        assert_eq!(money(d("285")), "285.00");
        assert_eq!(money(d("0.6")), "0.60");
        assert_eq!(money(d("1068.75")), "1,068.75");
        assert_eq!(money(d("1234567.5")), "1,234,567.50");
        assert_eq!(money(d("-1150")), "-1,150.00");
        assert_eq!(money(d("2.345")), "2.345");
        assert_eq!(money(d("14.850")), "14.85");
        assert_eq!(money(d("0.00")), "0.00");
    }

    /// One concept, one term: two keys with the same words would be one idea defined twice, or
    /// one set of words naming two amounts (as "الإجمالي غير شامل الضريبة" once named both the
    /// line sum on paper and the taxable total on screen).
    #[test]
    fn every_glossary_term_is_translated_and_names_one_concept() {
        let is_arabic = |c: char| ('\u{0600}'..='\u{06FF}').contains(&c);
        let mut seen_en = std::collections::HashMap::new();
        let mut seen_ar = std::collections::HashMap::new();
        for (key, bi) in TERMS {
            assert!(
                bi.ar.chars().any(is_arabic),
                "{key}: `{}` is not Arabic",
                bi.ar
            );
            assert_ne!(bi.ar, bi.en, "{key}");
            assert!(
                !bi.ar
                    .chars()
                    .any(|c| ('\u{0660}'..='\u{0669}').contains(&c)),
                "{key}: Western digits only"
            );
            for (seen, words) in [(&mut seen_en, bi.en), (&mut seen_ar, bi.ar)] {
                if let Some(other) = seen.insert(words, key) {
                    panic!("`{words}` names both {other} and {key}");
                }
            }
        }
        assert!(TERMS.windows(2).all(|w| w[0].0 < w[1].0), "sorted by key");
    }

    #[test]
    fn codes_are_translated_and_unknown_codes_kept() {
        assert_eq!(unit("PCE").map(|u| u.ar), Some("حبة"));
        assert_eq!(unit("KGM").map(|u| u.ar), Some("كيلوغرام"));
        assert_eq!(unit("XYZ"), None);
        assert_eq!(country("SA"), "السعودية | Saudi Arabia");
        assert_eq!(country("XX"), "XX");
        assert_eq!(party_id(Some("CRN")).ar, "رقم السجل التجاري");
        assert_eq!(party_id(Some("ZZZ")), party_id(None));
        assert_eq!(currency_ar("SAR"), "ر.س");
        assert_eq!(currency_ar("XAU"), "XAU");
        assert_eq!(category("Z").ar, "خاضع لنسبة الصفر");
        assert_eq!(category("X").en, "VAT");
    }

    #[test]
    fn quantities_and_rates() {
        assert_eq!(plain(d("33.000000")), "33");
        assert_eq!(plain(d("1.50")), "1.5");
        assert_eq!(percent(Some(d("15.00"))), "15%");
        assert_eq!(percent(None), "");
    }
}
