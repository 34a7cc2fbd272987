//! The business content of ZATCA's 19 SDK samples (`vendor/zatca-sdk/Data/Samples`), entered
//! as drafts in `tests/sdk_samples/*.json`, gives the same totals as the samples themselves.

mod common;

use std::str::FromStr;

use rust_decimal::Decimal;
use zatca::Draft;

const CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

fn child<'a>(n: roxmltree::Node<'a, 'a>, ns: &str, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    n.children().find(|c| c.has_tag_name((ns, name)))
}

fn children<'a>(
    n: roxmltree::Node<'a, 'a>,
    ns: &'a str,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'a>> {
    n.children().filter(move |c| c.has_tag_name((ns, name)))
}

fn amount(n: Option<roxmltree::Node>) -> Option<Decimal> {
    n.and_then(|n| n.text())
        .map(|t| Decimal::from_str(t.trim()).expect("decimal in sample"))
}

/// Where a sample's own amounts differ from correctly rounded ones, and why.
///
/// "Standard Invoice with Payable Rounding Adjustment": 869.57 × 15 % = 130.4355, which rounds
/// half away from zero to 130.44 (the sample's VAT breakdown says 130.44 too); the sample's line
/// VAT says 130.43 (truncated) and its line amount with VAT 1000.00. No rule ties the line VAT
/// to the breakdown, so the sample passes; Sanad writes the rounded value.
fn known_differences(sample: &str) -> &'static [&'static str] {
    match sample {
        "Standard/Invoice/Standard Invoice with Payable Rounding Adjustment.xml" => &[
            "line 0 TaxAmount: ours 130.44, sample 130.43",
            "line 0 RoundingAmount: ours 1000.01, sample 1000.00",
        ],
        _ => &[],
    }
}

#[test]
fn sdk_samples_give_the_same_totals() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk_samples");
    let samples_root = common::repo_root().join("vendor/zatca-sdk/Data/Samples");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("sdk_samples dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    assert_eq!(
        entries.len(),
        19,
        "all 19 SDK samples are entered as drafts"
    );
    let mut mismatches = Vec::new();
    let out = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    let mut flows = Vec::new();
    for path in entries {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        let sample = v["sample"].as_str().expect("sample path");
        let draft = Draft::from_json(v["draft"].to_string().as_bytes())
            .unwrap_or_else(|e| panic!("{sample}: {e}"));
        let prepared =
            zatca::prepare(&draft, &common::chain()).unwrap_or_else(|e| panic!("{sample}: {e}"));
        let file = out
            .path()
            .join(path.file_name().expect("name"))
            .with_extension("xml");
        std::fs::write(&file, &prepared.xml).expect("write xml");
        files.push(file);
        flows.push(draft.flow);
        let t = prepared.totals;
        let broken = common::arithmetic_violations(&draft, &t);
        assert!(broken.is_empty(), "{sample}: {broken:?}");

        let xml = std::fs::read_to_string(samples_root.join(sample)).expect("read sample");
        let doc = roxmltree::Document::parse(&xml).expect("parse sample");
        let root = doc.root_element();
        let mut check = |what: String, ours: Decimal, theirs: Option<Decimal>| {
            if let Some(theirs) = theirs
                && ours != theirs
            {
                let m = format!("{what}: ours {ours}, sample {theirs}");
                if !known_differences(sample).contains(&m.as_str()) {
                    mismatches.push(format!("{sample}: {m}"));
                }
            }
        };
        let lmt = child(root, CAC, "LegalMonetaryTotal").expect("LegalMonetaryTotal");
        check(
            "LineExtensionAmount".into(),
            t.line_extension,
            amount(child(lmt, CBC, "LineExtensionAmount")),
        );
        check(
            "TaxExclusiveAmount".into(),
            t.tax_exclusive,
            amount(child(lmt, CBC, "TaxExclusiveAmount")),
        );
        check(
            "TaxInclusiveAmount".into(),
            t.tax_inclusive,
            amount(child(lmt, CBC, "TaxInclusiveAmount")),
        );
        check(
            "AllowanceTotalAmount".into(),
            t.allowance_total,
            amount(child(lmt, CBC, "AllowanceTotalAmount")),
        );
        check(
            "ChargeTotalAmount".into(),
            t.charge_total,
            amount(child(lmt, CBC, "ChargeTotalAmount")),
        );
        check(
            "PrepaidAmount".into(),
            t.prepaid,
            amount(child(lmt, CBC, "PrepaidAmount")),
        );
        check(
            "PayableRoundingAmount".into(),
            t.payable_rounding,
            amount(child(lmt, CBC, "PayableRoundingAmount")),
        );
        check(
            "PayableAmount".into(),
            t.payable,
            amount(child(lmt, CBC, "PayableAmount")),
        );
        for tt in children(root, CAC, "TaxTotal") {
            let total = amount(child(tt, CBC, "TaxAmount"));
            let subtotals: Vec<_> = children(tt, CAC, "TaxSubtotal").collect();
            if subtotals.is_empty() {
                check("TaxTotal (SAR)".into(), t.tax_total_sar, total);
                continue;
            }
            check("TaxTotal".into(), t.tax_total, total);
            assert_eq!(
                subtotals.len(),
                t.subtotals.len(),
                "{sample}: VAT breakdowns"
            );
            for st in subtotals {
                let cat = child(st, CAC, "TaxCategory").expect("TaxCategory");
                let id = child(cat, CBC, "ID")
                    .and_then(|n| n.text())
                    .expect("category")
                    .trim()
                    .to_string();
                let rate = amount(child(cat, CBC, "Percent")).unwrap_or_default();
                let ours = t
                    .subtotals
                    .iter()
                    .find(|s| s.category.code() == id && s.rate == rate.normalize())
                    .unwrap_or_else(|| panic!("{sample}: no breakdown {id} {rate}"));
                check(
                    format!("TaxableAmount {id} {rate}"),
                    ours.taxable,
                    amount(child(st, CBC, "TaxableAmount")),
                );
                check(
                    format!("TaxAmount {id} {rate}"),
                    ours.tax,
                    amount(child(st, CBC, "TaxAmount")),
                );
            }
        }
        let lines = children(root, CAC, "InvoiceLine")
            .filter(|l| child(*l, CAC, "DocumentReference").is_none());
        for (i, (line, ours)) in lines.zip(&t.lines).enumerate() {
            check(
                format!("line {i} LineExtensionAmount"),
                ours.net,
                amount(child(line, CBC, "LineExtensionAmount")),
            );
            let tt = child(line, CAC, "TaxTotal").expect("line TaxTotal");
            check(
                format!("line {i} TaxAmount"),
                ours.vat,
                amount(child(tt, CBC, "TaxAmount")),
            );
            check(
                format!("line {i} RoundingAmount"),
                ours.with_vat,
                amount(child(tt, CBC, "RoundingAmount")),
            );
        }
    }
    assert!(
        mismatches.is_empty(),
        "totals differ from the SDK samples:\n{}",
        mismatches.join("\n")
    );
    // Sanad's own XML for the same content passes the rule files too.
    let verdicts = common::validate(&files);
    common::assert_clean(&verdicts, |f| {
        flows[files.iter().position(|p| p == f).expect("file")]
    });
}
