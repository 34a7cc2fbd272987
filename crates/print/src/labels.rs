//! Bilingual wording (English, Arabic) and the formatting of amounts, quantities and rates.

use rust_decimal::Decimal;
use zatca::model::{DocumentKind, Flags, Flow};
use zatca::read::Document;

/// A label in both languages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bi {
    pub(crate) en: &'static str,
    pub(crate) ar: &'static str,
}

const fn bi(en: &'static str, ar: &'static str) -> Bi {
    Bi { en, ar }
}

pub(crate) fn title(doc: &Document) -> Bi {
    match (doc.kind, doc.flow) {
        (DocumentKind::Invoice, Flow::Standard) => bi("Tax Invoice", "فاتورة ضريبية"),
        (DocumentKind::Invoice, Flow::Simplified) => {
            bi("Simplified Tax Invoice", "فاتورة ضريبية مبسطة")
        }
        (DocumentKind::CreditNote, Flow::Standard) => bi("Credit Note", "إشعار دائن"),
        (DocumentKind::CreditNote, Flow::Simplified) => {
            bi("Simplified Credit Note", "إشعار دائن مبسط")
        }
        (DocumentKind::DebitNote, Flow::Standard) => bi("Debit Note", "إشعار مدين"),
        (DocumentKind::DebitNote, Flow::Simplified) => {
            bi("Simplified Debit Note", "إشعار مدين مبسط")
        }
        (DocumentKind::Prepayment, Flow::Standard) => {
            bi("Prepayment Tax Invoice", "فاتورة ضريبية لدفعة مقدمة")
        }
        (DocumentKind::Prepayment, Flow::Simplified) => {
            bi("Simplified Prepayment Invoice", "فاتورة مبسطة لدفعة مقدمة")
        }
    }
}

pub(crate) fn number_label(doc: &Document) -> Bi {
    match doc.kind {
        DocumentKind::CreditNote | DocumentKind::DebitNote => bi("Note number", "رقم الإشعار"),
        _ => bi("Invoice number", "رقم الفاتورة"),
    }
}

pub(crate) fn flags(flags: &Flags) -> Vec<Bi> {
    let mut out = Vec::new();
    if flags.third_party {
        out.push(bi("Third-party invoice", "فاتورة طرف ثالث"));
    }
    if flags.nominal {
        out.push(bi("Nominal supply", "توريد اعتباري"));
    }
    if flags.export {
        out.push(bi("Export invoice", "فاتورة تصدير"));
    }
    if flags.summary {
        out.push(bi("Summary invoice", "فاتورة ملخصة"));
    }
    if flags.self_billed {
        out.push(bi("Self-billed invoice", "فوترة ذاتية"));
    }
    out
}

pub(crate) fn category(code: &str) -> Bi {
    match code {
        "S" => bi("Standard rate", "النسبة الأساسية"),
        "Z" => bi("Zero rated", "خاضع لنسبة الصفر"),
        "E" => bi("Exempt", "معفى من الضريبة"),
        "O" => bi("Out of scope", "خارج نطاق الضريبة"),
        _ => bi("Other", "أخرى"),
    }
}

pub(crate) fn party_id(scheme: Option<&str>) -> Bi {
    match scheme {
        Some("CRN") => bi("Commercial reg.", "السجل التجاري"),
        Some("MOM") => bi("MOMRAH licence", "رخصة البلدية"),
        Some("MLS") => bi("MHRSD licence", "رخصة الموارد البشرية"),
        Some("700") => bi("700 number", "الرقم الموحد 700"),
        Some("SAG") => bi("MISA licence", "رخصة الاستثمار"),
        Some("NAT") => bi("National ID", "الهوية الوطنية"),
        Some("GCC") => bi("GCC ID", "هوية خليجية"),
        Some("IQA") => bi("Iqama number", "رقم الإقامة"),
        Some("PAS") => bi("Passport", "جواز السفر"),
        Some("TIN") => bi("Tax ID (TIN)", "الرقم المميز"),
        _ => bi("Other ID", "رقم آخر"),
    }
}

pub(crate) const SELLER: Bi = bi("Seller", "البائع");
pub(crate) const BUYER: Bi = bi("Buyer", "المشتري");
pub(crate) const NAME: Bi = bi("Name", "الاسم");
pub(crate) const VAT_NUMBER: Bi = bi("VAT number", "الرقم الضريبي");
pub(crate) const ADDRESS: Bi = bi("Address", "العنوان");
pub(crate) const CITY: Bi = bi("City, postal code", "المدينة والرمز البريدي");
pub(crate) const COUNTRY: Bi = bi("Country", "الدولة");

pub(crate) const ISSUE_DATE: Bi = bi("Issue date", "تاريخ الإصدار");
pub(crate) const ISSUE_TIME: Bi = bi("Issue time", "وقت الإصدار");
pub(crate) const SUPPLY_DATE: Bi = bi("Supply date", "تاريخ التوريد");
pub(crate) const SUPPLY_END: Bi = bi("Supply end date", "تاريخ نهاية التوريد");
pub(crate) const UUID: Bi = bi("UUID", "المعرف الفريد");
pub(crate) const CURRENCY: Bi = bi("Currency", "العملة");
pub(crate) const ORIGINAL: Bi = bi("Original invoice", "الفاتورة الأصلية");
pub(crate) const REASON: Bi = bi("Reason", "سبب الإصدار");
pub(crate) const NOTES: Bi = bi("Notes", "ملاحظات");

pub(crate) const COL_DESCRIPTION: Bi = bi("Description", "الوصف");
pub(crate) const COL_QTY: Bi = bi("Qty", "الكمية");
pub(crate) const COL_PRICE: Bi = bi("Unit price", "سعر الوحدة");
pub(crate) const COL_DISCOUNT: Bi = bi("Discount", "الخصم");
pub(crate) const COL_NET: Bi = bi("Net amount", "المبلغ");
pub(crate) const COL_RATE: Bi = bi("VAT %", "النسبة");
pub(crate) const COL_VAT: Bi = bi("VAT", "الضريبة");
pub(crate) const COL_TOTAL: Bi = bi("With VAT", "الإجمالي");
pub(crate) const PREPAYMENT: Bi = bi("Prepayment invoice", "فاتورة الدفعة المقدمة");

pub(crate) const ALLOWANCES: Bi = bi("Document allowances and charges", "الخصومات والرسوم");
pub(crate) const ALLOWANCE: Bi = bi("Allowance", "خصم");
pub(crate) const CHARGE: Bi = bi("Charge", "رسوم");
pub(crate) const VAT_BREAKDOWN: Bi = bi("VAT breakdown", "تفاصيل ضريبة القيمة المضافة");
pub(crate) const COL_CATEGORY: Bi = bi("Category", "الفئة");
pub(crate) const COL_TAXABLE: Bi = bi("Taxable amount", "المبلغ الخاضع للضريبة");
pub(crate) const COL_EXEMPTION: Bi = bi("Exemption reason", "سبب الإعفاء");

pub(crate) const TOTAL_LINES: Bi = bi("Total (excluding VAT)", "الإجمالي غير شامل الضريبة");
pub(crate) const TOTAL_DISCOUNT: Bi = bi("Discount", "الخصم");
pub(crate) const TOTAL_CHARGES: Bi = bi("Charges", "الرسوم");
pub(crate) const TOTAL_TAXABLE: Bi = bi("Total taxable amount", "الإجمالي الخاضع للضريبة");
pub(crate) const TOTAL_VAT: Bi = bi("Total VAT", "مجموع ضريبة القيمة المضافة");
pub(crate) const TOTAL_WITH_VAT: Bi = bi("Total with VAT", "الإجمالي شامل الضريبة");
pub(crate) const TOTAL_PREPAID: Bi = bi("Prepaid amount", "المبلغ المدفوع مقدماً");
pub(crate) const TOTAL_ROUNDING: Bi = bi("Rounding", "التقريب");
/// The payable amount: due on an invoice, the note's total on a credit or debit note.
pub(crate) fn total_due(doc: &Document) -> Bi {
    match doc.kind {
        DocumentKind::CreditNote | DocumentKind::DebitNote => {
            bi("Total of the note", "إجمالي مبلغ الإشعار")
        }
        _ => bi("Amount due", "المبلغ المستحق"),
    }
}
pub(crate) const TOTAL_VAT_SAR: Bi = bi("Total VAT in SAR", "ضريبة القيمة المضافة بالريال");

pub(crate) const ITEM: Bi = bi("Item", "الصنف");
pub(crate) const AMOUNT: Bi = bi("Amount", "المبلغ");

/// The currency as written in Arabic text: SAR as `ر.س`, others by their code.
pub(crate) fn currency_ar(code: &str) -> &str {
    if code == "SAR" { "ر.س" } else { code }
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

    #[test]
    fn quantities_and_rates() {
        assert_eq!(plain(d("33.000000")), "33");
        assert_eq!(plain(d("1.50")), "1.5");
        assert_eq!(percent(Some(d("15.00"))), "15%");
        assert_eq!(percent(None), "");
    }
}
