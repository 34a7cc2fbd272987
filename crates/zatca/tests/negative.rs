//! Negative tests: a valid draft, one mutation, the expected code at the expected field — for
//! every pre-flight rule and every typed error. A last test reads the rule registry and fails
//! on any rule that no case of this table produces.

mod common;

use serde_json::{Value, json};
use zatca::rules::{REGISTRY, Rule};
use zatca::{ChainFields, Draft, ErrorKind};

fn base(name: &str) -> Value {
    let path = common::scenarios_dir().join(name).join("draft.json");
    serde_json::from_slice(&std::fs::read(path).expect("read base draft")).expect("json")
}

fn set(v: &mut Value, pointer: &str, x: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer");
    let target = v
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent}"));
    match target {
        Value::Object(m) => {
            m.insert(key.to_string(), x);
        }
        Value::Array(a) => a[key.parse::<usize>().expect("index")] = x,
        _ => panic!("{parent} is not a container"),
    }
}

fn remove(v: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer");
    let target = v
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no {parent}"));
    assert!(target.remove(key).is_some(), "{pointer} absent");
}

struct Case {
    base: &'static str,
    mutate: fn(&mut Value),
    code: &'static str,
    path: &'static str,
}

macro_rules! case {
    ($base:literal, $code:literal, $path:literal, |$v:ident| $body:expr) => {
        Case {
            base: $base,
            mutate: |$v: &mut Value| {
                $body;
            },
            code: $code,
            path: $path,
        }
    };
}

const STD: &str = "standard-invoice";

fn cases() -> Vec<Case> {
    vec![
        // Document header.
        case!("standard-invoice", "BR-KSA-03", "uuid", |v| set(
            v,
            "/uuid",
            json!("not-a-uuid")
        )),
        case!("standard-invoice", "BR-KSA-70", "issue_time", |v| set(
            v,
            "/issue_time",
            json!("10:00:00.5")
        )),
        case!("standard-invoice", "SANAD-MISSING", "number", |v| set(
            v,
            "/number",
            json!(" ")
        )),
        case!("standard-invoice", "SANAD-TOO-LONG", "number", |v| set(
            v,
            "/number",
            json!("N".repeat(128))
        )),
        case!("standard-invoice", "BR-KSA-CL-01", "currency", |v| set(
            v,
            "/currency",
            json!("XYZ")
        )),
        case!("standard-invoice", "SANAD-INVALID", "exchange_rate", |v| {
            set(v, "/exchange_rate", json!("3.75"))
        }),
        case!(
            "standard-usd",
            "SANAD-MISSING",
            "exchange_rate",
            |v| remove(v, "/exchange_rate")
        ),
        case!("standard-usd", "SANAD-NOT-POSITIVE", "exchange_rate", |v| {
            set(v, "/exchange_rate", json!("0"))
        }),
        case!("standard-usd", "SANAD-OVERFLOW", "exchange_rate", |v| set(
            v,
            "/exchange_rate",
            json!("20000")
        )),
        case!("standard-usd", "BR-KSA-97", "exchange_rate", |v| set(
            v,
            "/exchange_rate",
            json!("1")
        )),
        case!("standard-usd", "BR-KSA-90", "exchange_rate", |v| set(
            v,
            "/exchange_rate",
            json!("3.7500000000000001")
        )),
        case!("standard-invoice", "SANAD-MISSING", "notes[0]", |v| set(
            v,
            "/notes",
            json!([""])
        )),
        case!("standard-invoice", "SANAD-TOO-LONG", "notes[0]", |v| set(
            v,
            "/notes",
            json!(["n".repeat(1001)])
        )),
        // Flags.
        case!(
            "simplified-invoice",
            "BR-KSA-31",
            "flags.self_billed",
            |v| set(v, "/flags", json!({"self_billed": true}))
        ),
        case!("simplified-invoice", "SANAD-INVALID", "flags.export", |v| {
            set(v, "/flags", json!({"export": true}))
        }),
        case!("standard-invoice", "BR-KSA-07", "flags.self_billed", |v| {
            set(v, "/flags", json!({"export": true, "self_billed": true}))
        }),
        case!("standard-invoice", "BR-KSA-72", "supply.end_date", |v| set(
            v,
            "/flags",
            json!({"summary": true})
        )),
        case!("standard-invoice", "BR-KSA-36", "supply.end_date", |v| set(
            v,
            "/supply",
            json!({"date": "2026-11-20", "end_date": "2026-11-01"})
        )),
        case!("standard-invoice", "BR-KSA-15", "supply", |v| remove(
            v, "/supply"
        )),
        case!("simplified-summary", "BR-KSA-71", "buyer.name", |v| remove(
            v, "/buyer"
        )),
        // Notes.
        case!(
            "standard-credit-note",
            "BR-KSA-56",
            "billing_reference",
            |v| remove(v, "/billing_reference")
        ),
        case!("standard-credit-note", "BR-KSA-17", "reason", |v| remove(
            v, "/reason"
        )),
        case!("simplified-debit-note", "BR-KSA-17", "reason", |v| set(
            v,
            "/reason",
            json!("  ")
        )),
        case!(
            "standard-credit-note",
            "BR-49",
            "payment_means",
            |v| remove(v, "/payment_means")
        ),
        case!("standard-invoice", "SANAD-INVALID", "reason", |v| set(
            v,
            "/reason",
            json!("why")
        )),
        case!("standard-invoice", "BR-KSA-16", "payment_means", |v| set(
            v,
            "/payment_means",
            json!("99")
        )),
        case!(
            "standard-invoice",
            "SANAD-TOO-LONG",
            "purchase_order",
            |v| set(v, "/purchase_order", json!("P".repeat(128)))
        ),
        case!("standard-invoice", "SANAD-TOO-LONG", "contract", |v| set(
            v,
            "/contract",
            json!("C".repeat(128))
        )),
        // Seller.
        case!("standard-invoice", "SANAD-MISSING", "seller.name", |v| set(
            v,
            "/seller/name",
            json!("")
        )),
        case!("standard-invoice", "BR-KSA-39", "seller.vat_number", |v| {
            remove(v, "/seller/vat_number")
        }),
        case!("standard-invoice", "BR-KSA-40", "seller.vat_number", |v| {
            set(v, "/seller/vat_number", json!("399999999900004"))
        }),
        case!("standard-invoice", "BR-KSA-08", "seller.id", |v| remove(
            v,
            "/seller/id"
        )),
        case!(
            "standard-invoice",
            "BR-KSA-08",
            "seller.id.scheme",
            |v| set(v, "/seller/id/scheme", json!("NAT"))
        ),
        case!("standard-invoice", "BR-KSA-08", "seller.id.value", |v| set(
            v,
            "/seller/id/value",
            json!("1010-10000")
        )),
        case!("standard-invoice", "BR-KSA-F-08", "seller.id.value", |v| {
            set(v, "/seller/id/value", json!("101001000"))
        }),
        case!("standard-invoice", "BR-KSA-F-09", "seller.id.value", |v| {
            set(
                v,
                "/seller/id",
                json!({"scheme": "700", "value": "1010010000"}),
            )
        }),
        case!("standard-invoice", "BR-KSA-F-13", "seller.id.value", |v| {
            set(v, "/seller/id/value", json!("1012345678"))
        }),
        case!("standard-invoice", "BR-KSA-09", "seller.address", |v| {
            remove(v, "/seller/address")
        }),
        case!(
            "standard-invoice",
            "BR-KSA-09",
            "seller.address.country",
            |v| set(v, "/seller/address/country", json!("AE"))
        ),
        case!(
            "standard-invoice",
            "BR-KSA-09",
            "seller.address.district",
            |v| remove(v, "/seller/address/district")
        ),
        case!(
            "standard-invoice",
            "BR-KSA-37",
            "seller.address.building_number",
            |v| set(v, "/seller/address/building_number", json!("12"))
        ),
        case!(
            "standard-invoice",
            "BR-KSA-66",
            "seller.address.postal_zone",
            |v| set(v, "/seller/address/postal_zone", json!("1234"))
        ),
        case!(
            "standard-invoice",
            "SANAD-INVALID",
            "seller.address.additional_number",
            |v| set(v, "/seller/address/additional_number", json!("12a4"))
        ),
        case!(
            "standard-invoice",
            "SANAD-MISSING",
            "seller.address.street",
            |v| set(v, "/seller/address/street", json!(""))
        ),
        case!(
            "standard-invoice",
            "SANAD-TOO-LONG",
            "seller.address.street",
            |v| set(v, "/seller/address/street", json!("s".repeat(128)))
        ),
        case!("standard-invoice", "SANAD-INVALID", "seller.name", |v| set(
            v,
            "/seller/name",
            json!("Sanad\u{1}Trading")
        )),
        // Buyer.
        case!("standard-invoice", "BR-KSA-42", "buyer", |v| remove(
            v, "/buyer"
        )),
        case!("standard-invoice", "SANAD-MISSING", "buyer.name", |v| set(
            v,
            "/buyer/name",
            json!("")
        )),
        case!(
            "simplified-with-buyer",
            "SANAD-TOO-LONG",
            "buyer.name",
            |v| set(v, "/buyer/name", json!("b".repeat(1001)))
        ),
        case!(
            "standard-invoice",
            "BR-KSA-44",
            "buyer.vat_number",
            |v| set(v, "/buyer/vat_number", json!("31012239350000"))
        ),
        case!(
            "standard-invoice",
            "BR-CUSTOM-VALIDATION-01",
            "buyer.vat_number",
            |v| set(v, "/buyer/vat_number", json!("399999999900003"))
        ),
        case!("standard-invoice", "BR-KSA-81", "buyer.id", |v| remove(
            v,
            "/buyer/vat_number"
        )),
        case!("standard-buyer-crn", "BR-KSA-14", "buyer.id.scheme", |v| {
            set(v, "/buyer/id/scheme", json!("XYZ"))
        }),
        case!(
            "standard-buyer-crn",
            "BR-KSA-14",
            "buyer.id.value",
            |v| set(v, "/buyer/id/value", json!("40-30"))
        ),
        case!("standard-buyer-crn", "BR-KSA-F-07", "buyer.id.value", |v| {
            set(
                v,
                "/buyer/id",
                json!({"scheme": "TIN", "value": "4030000000"}),
            )
        }),
        case!("standard-buyer-crn", "BR-KSA-F-08", "buyer.id.value", |v| {
            set(v, "/buyer/id/value", json!("40300000001"))
        }),
        case!("standard-buyer-crn", "BR-KSA-F-10", "buyer.id.value", |v| {
            set(
                v,
                "/buyer/id",
                json!({"scheme": "NAT", "value": "2036281947"}),
            )
        }),
        case!("standard-buyer-crn", "BR-KSA-F-11", "buyer.id.value", |v| {
            set(
                v,
                "/buyer/id",
                json!({"scheme": "IQA", "value": "1036281947"}),
            )
        }),
        case!(
            "standard-invoice",
            "BR-KSA-63",
            "buyer.address",
            |v| remove(v, "/buyer/address")
        ),
        case!(
            "standard-invoice",
            "BR-KSA-63",
            "buyer.address.district",
            |v| remove(v, "/buyer/address/district")
        ),
        case!(
            "standard-invoice",
            "BR-KSA-63",
            "buyer.address.building_number",
            |v| remove(v, "/buyer/address/building_number")
        ),
        case!(
            "standard-invoice",
            "BR-KSA-63",
            "buyer.address.postal_zone",
            |v| remove(v, "/buyer/address/postal_zone")
        ),
        case!(
            "standard-invoice",
            "BR-KSA-67",
            "buyer.address.postal_zone",
            |v| set(v, "/buyer/address/postal_zone", json!("215"))
        ),
        case!(
            "standard-export",
            "SANAD-INVALID",
            "buyer.address.country",
            |v| set(v, "/buyer/address/country", json!("gb"))
        ),
        case!(
            "standard-export",
            "SANAD-MISSING",
            "buyer.address.city",
            |v| set(v, "/buyer/address/city", json!(""))
        ),
        case!("standard-healthcare", "BR-KSA-49", "buyer.id", |v| set(
            v,
            "/buyer/id",
            json!({"scheme": "OTH", "value": "P1234"})
        )),
        case!("simplified-education", "BR-KSA-25", "buyer.name", |v| set(
            v,
            "/buyer/name",
            json!("")
        )),
        // Lines.
        case!("standard-invoice", "SANAD-NO-LINES", "lines", |v| set(
            v,
            "/lines",
            json!([])
        )),
        case!("standard-invoice", "SANAD-TOO-LONG", "lines", |v| {
            let line = v["lines"][0].clone();
            set(v, "/lines", Value::Array(vec![line; 10_001]))
        }),
        case!(
            "simplified-invoice",
            "SANAD-INVALID",
            "lines[0].name",
            |v| set(v, "/lines/0/name", json!("coffee\u{0}"))
        ),
        case!("standard-invoice", "SANAD-MISSING", "lines[1].name", |v| {
            set(v, "/lines/1/name", json!(""))
        }),
        case!(
            "standard-invoice",
            "SANAD-INVALID",
            "lines[0].unit_code",
            |v| set(v, "/lines/0/unit_code", json!("H R"))
        ),
        case!(
            "standard-invoice",
            "SANAD-NEGATIVE",
            "lines[0].quantity",
            |v| set(v, "/lines/0/quantity", json!("-1"))
        ),
        case!(
            "standard-invoice",
            "SANAD-OVERFLOW",
            "lines[0].quantity",
            |v| set(v, "/lines/0/quantity", json!("20000000"))
        ),
        case!(
            "standard-invoice",
            "SANAD-NEGATIVE",
            "lines[0].price",
            |v| set(v, "/lines/0/price", json!("-0.01"))
        ),
        case!(
            "standard-invoice",
            "SANAD-OVERFLOW",
            "lines[0].price",
            |v| set(v, "/lines/0/price", json!("20000000000"))
        ),
        case!(
            "standard-invoice",
            "BR-KSA-EN16931-12",
            "lines[0].base_quantity",
            |v| set(v, "/lines/0/base_quantity", json!("0"))
        ),
        case!(
            "standard-invoice",
            "SANAD-INVALID",
            "lines[0].base_quantity",
            |v| set(v, "/lines/0/base_quantity", json!("0.0001"))
        ),
        case!(
            "standard-invoice",
            "SANAD-OVERFLOW",
            "lines[0].base_quantity",
            |v| set(v, "/lines/0/base_quantity", json!("20000000"))
        ),
        case!(
            "standard-invoice",
            "SANAD-DECIMALS",
            "lines[0].price_discount",
            |v| set(v, "/lines/0/price_discount", json!("1.005"))
        ),
        case!(
            "standard-invoice",
            "BR-KSA-22",
            "lines[0].allowances_charges[0].reason",
            |v| set(
                v,
                "/lines/0/allowances_charges",
                json!([{"charge": true, "amount": "1.00"}])
            )
        ),
        case!(
            "standard-invoice",
            "SANAD-NEGATIVE",
            "lines[0].allowances_charges[0].amount",
            |v| set(
                v,
                "/lines/0/allowances_charges",
                json!([{"charge": false, "reason": "x", "amount": "-1.00"}])
            )
        ),
        case!(
            "standard-invoice",
            "SANAD-OVERFLOW",
            "lines[0].allowances_charges[0].amount",
            |v| set(
                v,
                "/lines/0/allowances_charges",
                json!([{"charge": false, "reason": "x", "amount": "20000000000"}])
            )
        ),
        case!(
            "standard-invoice",
            "SANAD-INVALID",
            "lines[0].allowances_charges[0].reason_code",
            |v| set(
                v,
                "/lines/0/allowances_charges",
                json!([{"charge": false, "reason_code": "9 5", "amount": "1.00"}])
            )
        ),
        case!(
            "standard-invoice",
            "SANAD-TOO-LONG",
            "lines[0].allowances_charges[0].reason",
            |v| set(
                v,
                "/lines/0/allowances_charges",
                json!([{"charge": false, "reason": "r".repeat(1001), "amount": "1.00"}])
            )
        ),
        case!(
            "standard-document-charge",
            "BR-KSA-21",
            "allowances_charges[0].reason",
            |v| {
                remove(v, "/allowances_charges/0/reason");
                remove(v, "/allowances_charges/0/reason_code")
            }
        ),
        case!(
            "standard-document-charge",
            "SANAD-DECIMALS",
            "allowances_charges[1].amount",
            |v| set(v, "/allowances_charges/1/amount", json!("40.001"))
        ),
        // VAT.
        case!(
            "standard-invoice",
            "BR-KSA-DEC-02",
            "lines[0].vat.rate",
            |v| set(v, "/lines/0/vat/rate", json!("15.001"))
        ),
        case!("standard-invoice", "BR-KSA-84", "lines[0].vat.rate", |v| {
            set(v, "/lines/0/vat/rate", json!("10"))
        }),
        case!(
            "standard-invoice",
            "BR-KSA-84",
            "allowances_charges[0].vat.rate",
            |v| set(
                v,
                "/allowances_charges",
                json!([{"charge": false, "amount": "1.00", "vat": {"category": "S", "rate": "12"}}])
            )
        ),
        case!(
            "standard-invoice",
            "BR-S-10",
            "lines[0].vat.exemption_reason_code",
            |v| set(
                v,
                "/lines/0/vat/exemption_reason_code",
                json!("VATEX-SA-32")
            )
        ),
        case!("standard-zero-rated", "BR-Z-05", "lines[0].vat.rate", |v| {
            set(v, "/lines/0/vat/rate", json!("5"))
        }),
        case!("standard-exempt", "BR-E-05", "lines[0].vat.rate", |v| set(
            v,
            "/lines/0/vat/rate",
            json!("15")
        )),
        case!(
            "standard-out-of-scope",
            "BR-KSA-11",
            "lines[0].vat.rate",
            |v| set(v, "/lines/0/vat/rate", json!("5"))
        ),
        case!(
            "standard-zero-rated",
            "BR-KSA-69",
            "lines[0].vat.exemption_reason_code",
            |v| remove(v, "/lines/0/vat/exemption_reason_code")
        ),
        case!(
            "standard-zero-rated",
            "BR-KSA-69",
            "lines[0].vat.exemption_reason_code",
            |v| set(
                v,
                "/lines/0/vat/exemption_reason_code",
                json!("VATEX-SA-29")
            )
        ),
        case!(
            "standard-exempt",
            "BR-KSA-23",
            "lines[0].vat.exemption_reason_code",
            |v| set(
                v,
                "/lines/0/vat/exemption_reason_code",
                json!("VATEX-SA-32")
            )
        ),
        case!(
            "standard-out-of-scope",
            "BR-KSA-24",
            "lines[0].vat.exemption_reason_code",
            |v| set(
                v,
                "/lines/0/vat/exemption_reason_code",
                json!("VATEX-SA-29")
            )
        ),
        case!(
            "standard-out-of-scope",
            "BR-KSA-83",
            "lines[0].vat.exemption_reason",
            |v| remove(v, "/lines/0/vat/exemption_reason")
        ),
        case!(
            "standard-zero-rated",
            "SANAD-TOO-LONG",
            "lines[0].vat.exemption_reason",
            |v| set(v, "/lines/0/vat/exemption_reason", json!("e".repeat(1001)))
        ),
        case!(
            "standard-mixed-vat",
            "SANAD-EXEMPTION-CONFLICT",
            "lines[3].vat.exemption_reason_code",
            |v| set(
                v,
                "/lines/3/vat",
                json!({"category": "Z", "exemption_reason_code": "VATEX-SA-36"})
            )
        ),
        // Prepayments.
        case!(
            "standard-credit-note",
            "SANAD-INVALID",
            "prepayments",
            |v| {
                let p = base("standard-final-invoice")["prepayments"].clone();
                set(v, "/prepayments", p)
            }
        ),
        case!(
            "standard-final-invoice",
            "SANAD-MISSING",
            "prepayments[0].number",
            |v| set(v, "/prepayments/0/number", json!(""))
        ),
        case!(
            "standard-final-invoice",
            "SANAD-MISSING",
            "prepayments[0].description",
            |v| set(v, "/prepayments/0/description", json!(""))
        ),
        case!(
            "standard-final-invoice",
            "SANAD-INVALID",
            "prepayments[0].uuid",
            |v| set(v, "/prepayments/0/uuid", json!("x"))
        ),
        case!(
            "standard-final-invoice",
            "BR-KSA-F-05",
            "prepayments[0].issue_time",
            |v| set(v, "/prepayments/0/issue_time", json!("09:00:00.25"))
        ),
        case!(
            "standard-final-invoice",
            "SANAD-NEGATIVE",
            "prepayments[0].taxable_amount",
            |v| set(v, "/prepayments/0/taxable_amount", json!("-1"))
        ),
        case!(
            "standard-final-invoice",
            "BR-Z-01",
            "prepayments[0].vat.category",
            |v| set(
                v,
                "/prepayments/0/vat",
                json!({"category": "Z", "exemption_reason_code": "VATEX-SA-35"})
            )
        ),
        case!(
            "standard-final-invoice",
            "BR-E-01",
            "prepayments[0].vat.category",
            |v| set(
                v,
                "/prepayments/0/vat",
                json!({"category": "E", "exemption_reason_code": "VATEX-SA-29"})
            )
        ),
        case!(
            "standard-final-invoice",
            "BR-O-01",
            "prepayments[0].vat.category",
            |v| set(
                v,
                "/prepayments/0/vat",
                json!({"category": "O", "exemption_reason_code": "VATEX-SA-OOS", "exemption_reason": "x"})
            )
        ),
        case!(
            "standard-final-invoice",
            "BR-S-01",
            "prepayments[0].vat.category",
            |v| set(
                v,
                "/lines/0/vat",
                json!({"category": "Z", "exemption_reason_code": "VATEX-SA-35"})
            )
        ),
        case!(
            "standard-final-invoice",
            "BR-KSA-F-04",
            "prepayments",
            |v| set(v, "/prepayments/0/taxable_amount", json!("5000.00"))
        ),
        // Payable rounding and totals.
        case!(
            "standard-invoice",
            "SANAD-DECIMALS",
            "payable_rounding",
            |v| set(v, "/payable_rounding", json!("0.001"))
        ),
        case!(
            "standard-invoice",
            "SANAD-OVERFLOW",
            "payable_rounding",
            |v| set(v, "/payable_rounding", json!("-20000000000"))
        ),
        case!("standard-invoice", "BR-KSA-F-04", "payable_rounding", |v| {
            set(v, "/payable_rounding", json!("-10000.00"))
        }),
        case!(
            "standard-invoice",
            "BR-KSA-F-04",
            "lines[1].allowances_charges",
            |v| set(
                v,
                "/lines/1/allowances_charges",
                json!([{"charge": false, "reason": "x", "amount": "500.01"}])
            )
        ),
        case!(
            "standard-invoice",
            "BR-KSA-F-04",
            "allowances_charges[0].amount",
            |v| set(
                v,
                "/allowances_charges",
                json!([{"charge": false, "reason": "x", "amount": "800.01", "vat": {"category": "S"}}])
            )
        ),
        // Found by trying the CLI: a zero quantity, a seller name the QR cannot carry, a date
        // UBL cannot write.
        case!("standard-invoice", "BR-22", "lines[0].quantity", |v| set(
            v,
            "/lines/0/quantity",
            json!("0")
        )),
        case!(
            "standard-invoice",
            "SANAD-TOO-LONG",
            "seller.name",
            |v| set(v, "/seller/name", json!("س".repeat(128)))
        ),
        case!("standard-invoice", "SANAD-INVALID", "issue_date", |v| set(
            v,
            "/issue_date",
            json!("0999-12-31")
        )),
        case!(
            "standard-invoice",
            "BR-KSA-09",
            "seller.address.building_number",
            |v| remove(v, "/seller/address/building_number")
        ),
        case!(
            "standard-invoice",
            "BR-KSA-09",
            "seller.address.postal_zone",
            |v| remove(v, "/seller/address/postal_zone")
        ),
        case!(
            "standard-invoice",
            "SANAD-INVALID",
            "buyer.address.building_number",
            |v| set(v, "/buyer/address/building_number", json!("12"))
        ),
        // A rate other than 0 where the category has none: ZATCA's rule for each carrier.
        case!(
            "standard-document-charge",
            "BR-Z-06",
            "allowances_charges[1].vat.rate",
            |v| set(
                v,
                "/allowances_charges/1/vat",
                json!({"category": "Z", "rate": "5", "exemption_reason_code": "VATEX-SA-35"})
            )
        ),
        case!(
            "standard-document-charge",
            "BR-Z-07",
            "allowances_charges[0].vat.rate",
            |v| set(
                v,
                "/allowances_charges/0/vat",
                json!({"category": "Z", "rate": "5", "exemption_reason_code": "VATEX-SA-35"})
            )
        ),
        case!(
            "standard-final-invoice",
            "BR-KSA-76",
            "prepayments[0].vat.rate",
            |v| set(
                v,
                "/prepayments/0/vat",
                json!({"category": "Z", "rate": "5", "exemption_reason_code": "VATEX-SA-35"})
            )
        ),
        case!(
            "standard-document-charge",
            "BR-E-06",
            "allowances_charges[1].vat.rate",
            |v| set(
                v,
                "/allowances_charges/1/vat",
                json!({"category": "E", "rate": "15", "exemption_reason_code": "VATEX-SA-29"})
            )
        ),
        case!(
            "standard-document-charge",
            "BR-E-07",
            "allowances_charges[0].vat.rate",
            |v| set(
                v,
                "/allowances_charges/0/vat",
                json!({"category": "E", "rate": "15", "exemption_reason_code": "VATEX-SA-29"})
            )
        ),
        case!(
            "standard-final-invoice",
            "BR-KSA-77",
            "prepayments[0].vat.rate",
            |v| set(
                v,
                "/prepayments/0/vat",
                json!({"category": "E", "rate": "15", "exemption_reason_code": "VATEX-SA-29"})
            )
        ),
        case!(
            "standard-document-charge",
            "BR-KSA-12",
            "allowances_charges[1].vat.rate",
            |v| set(
                v,
                "/allowances_charges/1/vat",
                json!({"category": "O", "rate": "15", "exemption_reason_code": "VATEX-SA-OOS", "exemption_reason": "x"})
            )
        ),
        case!(
            "standard-document-charge",
            "BR-KSA-13",
            "allowances_charges[0].vat.rate",
            |v| set(
                v,
                "/allowances_charges/0/vat",
                json!({"category": "O", "rate": "15", "exemption_reason_code": "VATEX-SA-OOS", "exemption_reason": "x"})
            )
        ),
        case!(
            "standard-final-invoice",
            "BR-KSA-78",
            "prepayments[0].vat.rate",
            |v| set(
                v,
                "/prepayments/0/vat",
                json!({"category": "O", "rate": "15", "exemption_reason_code": "VATEX-SA-OOS", "exemption_reason": "x"})
            )
        ),
        case!(
            "standard-exempt",
            "BR-KSA-23",
            "lines[0].vat.exemption_reason_code",
            |v| remove(v, "/lines/0/vat/exemption_reason_code")
        ),
        case!(
            "standard-out-of-scope",
            "BR-KSA-24",
            "lines[0].vat.exemption_reason_code",
            |v| remove(v, "/lines/0/vat/exemption_reason_code")
        ),
        // JSON format.
        case!("standard-invoice", "SANAD-JSON", "lines[0].quantity", |v| {
            set(v, "/lines/0/quantity", json!(2))
        }),
        case!(
            "standard-invoice",
            "SANAD-JSON",
            "lines[0].vat.category",
            |v| set(v, "/lines/0/vat/category", json!("X"))
        ),
        case!(
            "standard-invoice",
            "SANAD-JSON",
            "lines[0].colour",
            |v| set(v, "/lines/0/colour", json!("red"))
        ),
        case!("standard-invoice", "SANAD-JSON", "issue_date", |v| set(
            v,
            "/issue_date",
            json!("2026-02-30")
        )),
        case!("standard-invoice", "SANAD-JSON", "", |v| remove(
            v, "/lines"
        )),
    ]
}

fn run(case: &Case) -> zatca::DraftError {
    let mut v = base(case.base);
    (case.mutate)(&mut v);
    let json = serde_json::to_vec(&v).expect("serialize");
    match zatca::prepare_json(&json, &common::chain()) {
        Ok(_) => panic!(
            "{} {}: accepted a draft that should fail",
            case.code, case.path
        ),
        Err(e) => e,
    }
}

#[test]
fn every_mutation_gives_its_code_and_field() {
    let mut wrong = Vec::new();
    for case in cases() {
        // The base is valid on its own.
        let json = serde_json::to_vec(&base(case.base)).expect("serialize");
        assert!(
            zatca::prepare_json(&json, &common::chain()).is_ok(),
            "base {} is invalid",
            case.base
        );
        let e = run(&case);
        if !e.has(case.code, case.path) {
            wrong.push(format!(
                "expected [{}] {} from base {}, got:\n{e}",
                case.code, case.path, case.base
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn chain_pih_must_be_base64() {
    let draft = Draft::from_json(
        &std::fs::read(common::scenarios_dir().join(STD).join("draft.json")).expect("read"),
    )
    .expect("draft");
    for pih in ["", "not base64!", "abc"] {
        let e = zatca::prepare(
            &draft,
            &ChainFields {
                icv: 1,
                pih: pih.into(),
            },
        )
        .expect_err("bad PIH");
        assert!(e.has("BR-KSA-61", "chain.pih"), "{pih:?}: {e}");
    }
}

#[test]
fn json_syntax_error_names_no_field_and_never_panics() {
    for input in [
        &b"{"[..],
        b"",
        b"[]",
        b"null",
        b"{\"kind\": 1}",
        &[0xff, 0xfe],
    ] {
        let e = zatca::prepare_json(input, &common::chain()).expect_err("not a draft");
        assert!(
            e.problems.iter().all(|p| p.kind() == ErrorKind::Json),
            "{e}"
        );
    }
}

/// Every rule of the registry has a case in the table that produces exactly that rule, with the
/// case's code at the case's field. A rule added without a negative case fails here.
#[test]
fn every_registry_rule_has_a_negative_case() {
    let mut produced: Vec<&'static Rule> = Vec::new();
    for case in cases() {
        let e = run(&case);
        produced.extend(
            e.problems
                .iter()
                .filter(|p| p.code() == case.code && p.path == case.path)
                .map(|p| p.rule),
        );
    }
    let bad_chain = ChainFields {
        icv: 1,
        pih: "abc".into(),
    };
    produced.extend(zatca::rules::check_chain(&bad_chain).iter().map(|p| p.rule));
    let missing: Vec<String> = REGISTRY
        .iter()
        .filter(|r| !produced.iter().any(|p| std::ptr::eq(*p, **r)))
        .map(|r| format!("{} at {}: {}", r.code(), r.path, r.en))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a negative case:\n{}",
        missing.join("\n")
    );
}

/// Every finding of every case fits its rule's field, with every value filled in, in both
/// languages; what only the computed amounts show names a field the draft wrote (never, say,
/// `payable_rounding` in a draft without one).
#[test]
fn findings_point_at_fields_the_draft_wrote() {
    for case in cases() {
        let mut v = base(case.base);
        (case.mutate)(&mut v);
        let e = run(&case);
        for p in &e.problems {
            assert!(p.rule.applies_to(&p.path), "{p}");
            for m in [&p.message, &p.message_ar] {
                assert!(
                    zatca::rules::registry::placeholders(m).is_empty()
                        || p.kind() == ErrorKind::Json,
                    "{p}: {m}"
                );
            }
            // What only the amounts show points at a field the draft wrote.
            if p.code() != "BR-KSA-F-04" {
                continue;
            }
            assert!(
                v.pointer(&json_pointer(&p.path)).is_some(),
                "{} {}: {p} names a field the draft lacks",
                case.base,
                case.code
            );
        }
    }
}

/// `lines[2].vat.rate` → `/lines/2/vat/rate`.
fn json_pointer(path: &str) -> String {
    let mut out = String::new();
    for seg in path.split('.') {
        match seg.split_once('[') {
            Some((head, index)) => {
                out.push('/');
                out.push_str(head);
                out.push('/');
                out.push_str(index.trim_end_matches(']'));
            }
            None => {
                out.push('/');
                out.push_str(seg);
            }
        }
    }
    out
}
