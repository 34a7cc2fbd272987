//! `zatca::read` against the signed SDK samples and against broken input.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use zatca::model::{DocumentKind, Flow};
use zatca::read::{ReadError, read};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vendor/zatca-sdk/Data/Samples")
}

fn sample(rel: &str) -> Vec<u8> {
    std::fs::read(samples().join(rel)).expect("vendored SDK sample")
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal literal")
}

#[test]
fn every_sdk_sample_reads() {
    let mut count = 0;
    for dir in ["Simplified", "Standard"] {
        for kind in ["Invoice", "Credit", "Debit"] {
            for entry in std::fs::read_dir(samples().join(dir).join(kind)).expect("sample dir") {
                let path = entry.expect("dir entry").path();
                let xml = std::fs::read(&path).expect("sample");
                let doc = read(&xml).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert!(!doc.lines.is_empty(), "{}", path.display());
                assert!(doc.qr.is_some(), "{}", path.display());
                assert!(doc.invoice_hash.is_some(), "{}", path.display());
                let expected = match kind {
                    "Credit" => DocumentKind::CreditNote,
                    "Debit" => DocumentKind::DebitNote,
                    _ => DocumentKind::Invoice,
                };
                assert_eq!(doc.kind, expected, "{}", path.display());
                let flow = if dir == "Simplified" {
                    Flow::Simplified
                } else {
                    Flow::Standard
                };
                assert_eq!(doc.flow, flow, "{}", path.display());
                count += 1;
            }
        }
    }
    assert_eq!(count, 19);
}

#[test]
fn simplified_invoice_content() {
    let doc = read(&sample("Simplified/Invoice/Simplified_Invoice.xml")).expect("reads");
    assert_eq!(doc.number, "SME00010");
    assert_eq!(doc.uuid, "8e6000cf-1a98-4174-b3e7-b5d5954bc10d");
    assert_eq!(
        doc.issue_date,
        NaiveDate::from_ymd_opt(2022, 8, 17).expect("date")
    );
    assert_eq!(doc.issue_time, "17:41:08");
    assert_eq!(doc.currency, "SAR");
    assert!(!doc.is_foreign_currency());
    assert_eq!(doc.icv.as_deref(), Some("10"));
    assert_eq!(doc.seller.vat_number.as_deref(), Some("399999999900003"));
    assert_eq!(
        doc.seller.name.as_deref(),
        Some("شركة توريد التكنولوجيا بأقصى سرعة المحدودة | Maximum Speed Tech Supply LTD")
    );
    assert_eq!(doc.seller.ids[0].scheme.as_deref(), Some("CRN"));
    assert_eq!(doc.seller.address.city.as_deref(), Some("الرياض | Riyadh"));
    assert!(
        doc.buyer.is_none(),
        "the empty customer party reads as no buyer"
    );
    assert_eq!(doc.lines.len(), 2);
    let l = &doc.lines[0];
    assert_eq!(
        (l.name.as_str(), l.quantity, l.price),
        ("كتاب", dec("33.000000"), dec("3.00"))
    );
    assert_eq!(
        (l.net, l.vat, l.total_with_vat),
        (dec("99.00"), Some(dec("14.85")), Some(dec("113.85")))
    );
    assert_eq!(l.unit_code.as_deref(), Some("PCE"));
    assert_eq!(doc.vat_breakdown.len(), 1);
    assert_eq!(doc.vat_breakdown[0].category, "S");
    assert_eq!(doc.vat_breakdown[0].taxable, dec("201.00"));
    assert_eq!(doc.totals.vat_total, dec("30.15"));
    assert_eq!(doc.totals.payable, dec("231.15"));
    assert_eq!(
        doc.invoice_hash.as_deref(),
        Some("z5F9qsS6oWyDhehD8u8S0DaxV+2CUiUz9Y+UsR61JgQ=")
    );
    assert!(doc.qr.as_deref().is_some_and(|q| q.starts_with("AW/YtNix")));
}

#[test]
fn foreign_currency_has_both_vat_totals() {
    let doc = read(&sample(
        "Standard/Invoice/Advance Payment adjustments with foreign currency invoice.xml",
    ))
    .expect("reads");
    assert_eq!(doc.currency, "USD");
    assert!(doc.is_foreign_currency());
    assert_eq!(doc.totals.vat_total, dec("285"));
    assert_eq!(doc.totals.vat_total_tax_currency, Some(dec("1068.75")));
    assert_eq!(doc.totals.prepaid, Some(dec("1150")));
    assert_eq!(doc.supply_date, NaiveDate::from_ymd_opt(2022, 9, 5));
    let buyer = doc.buyer.expect("buyer");
    assert_eq!(buyer.vat_number.as_deref(), Some("399999999800003"));
    let prepay = doc.lines[1]
        .prepayment
        .as_ref()
        .expect("prepayment reference");
    assert_eq!(prepay.id, "46531");
    assert_eq!(doc.allowances_charges[0].amount, dec("100.00"));
    assert!(!doc.allowances_charges[0].is_charge);
}

#[test]
fn credit_note_reference_and_reason() {
    let doc = read(&sample("Standard/Credit/Standard_Credit_Note.xml")).expect("reads");
    assert_eq!(doc.kind, DocumentKind::CreditNote);
    assert_eq!(doc.billing_references, vec!["SME00002".to_owned()]);
    assert_eq!(
        doc.reason.as_deref(),
        Some("In case of goods or services refund | عند ترجيع السلع أو الخدمات")
    );
}

#[test]
fn exemption_reason_and_flags() {
    let doc = read(&sample("Standard/Invoice/Exempt Tax Invoice.xml")).expect("reads");
    let exempt = doc
        .vat_breakdown
        .iter()
        .find(|b| b.category == "E")
        .expect("E category");
    assert_eq!(exempt.exemption_code.as_deref(), Some("VATEX-SA-29-7"));
    let doc = read(&sample("Standard/Invoice/Export invoice.xml")).expect("reads");
    assert!(doc.flags.export);
    let doc = read(&sample("Simplified/Invoice/Nominal supply invoice.xml")).expect("reads");
    assert!(doc.flags.nominal);
}

fn mutate(from: &str, to: &str) -> Vec<u8> {
    let xml =
        String::from_utf8(sample("Simplified/Invoice/Simplified_Invoice.xml")).expect("utf-8");
    assert!(xml.contains(from), "sample contains {from}");
    xml.replacen(from, to, 1).into_bytes()
}

#[test]
fn broken_input_gets_named_errors() {
    assert!(matches!(read(b"not xml"), Err(ReadError::Xml(_))));
    assert!(matches!(read(&[0xff, 0xfe, 0x00]), Err(ReadError::Xml(_))));
    assert_eq!(
        read(b"<CreditNote xmlns=\"urn:x\"/>"),
        Err(ReadError::NotInvoice("CreditNote".into()))
    );
    assert_eq!(
        read(&mutate("<cbc:ID>SME00010</cbc:ID>", "")),
        Err(ReadError::Missing {
            field: "cbc:ID".into()
        })
    );
    assert_eq!(
        read(&mutate(
            "<cbc:IssueDate>2022-08-17</cbc:IssueDate>",
            "<cbc:IssueDate>17/08/2022</cbc:IssueDate>"
        )),
        Err(ReadError::Invalid {
            field: "cbc:IssueDate".into(),
            value: "17/08/2022".into(),
            reason: "not a date of the form YYYY-MM-DD",
        })
    );
    match read(&mutate(">34.00<", ">34,00<")) {
        Err(ReadError::Invalid { field, value, .. }) => {
            assert_eq!(field, "cac:InvoiceLine[2]/cac:Price/cbc:PriceAmount");
            assert_eq!(value, "34,00");
        }
        other => panic!("expected an invalid price, got {other:?}"),
    }
    assert!(matches!(
        read(&mutate("name=\"0200000\"", "name=\"0300000\"")),
        Err(ReadError::Invalid { field, .. }) if field == "cbc:InvoiceTypeCode/@name"
    ));
    assert!(matches!(
        read(&mutate(">388<", ">380<")),
        Err(ReadError::Invalid { field, .. }) if field == "cbc:InvoiceTypeCode"
    ));
}
