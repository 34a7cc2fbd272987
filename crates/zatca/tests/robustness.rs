//! Hostile input never panics: extreme and malformed numbers and texts anywhere in a draft give
//! either a typed error or a well-formed document whose totals satisfy the rules.

mod common;

use proptest::prelude::*;
use rust_decimal::Decimal;
use zatca::Draft;

fn base() -> Draft {
    let json = std::fs::read(
        common::scenarios_dir()
            .join("standard-line-allowances")
            .join("draft.json"),
    )
    .expect("read");
    Draft::from_json(&json).expect("draft")
}

fn any_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::ZERO),
        Just(Decimal::new(1, 28)),
    ]
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x7f]{0,8}",
        Just(String::new()),
        Just("&<>\"'\u{FFFF}".to_string())
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn extreme_values_never_panic(
        field in 0usize..9,
        d in any_decimal(),
        text in any_text(),
        line in 0usize..3,
    ) {
        let mut draft = base();
        let l = &mut draft.lines[line];
        match field {
            0 => l.quantity = d,
            1 => l.price = d,
            2 => l.base_quantity = Some(d),
            3 => l.price_discount = Some(d),
            4 => l.vat.rate = Some(d),
            5 => draft.payable_rounding = Some(d),
            6 => { draft.currency = "USD".into(); draft.exchange_rate = Some(d); }
            7 => l.name = text.clone(),
            _ => draft.seller.name = text.clone(),
        }
        if let Some(a) = draft.lines[0].allowances_charges.first_mut() && field == 8 {
            a.amount = d;
        }
        match zatca::prepare(&draft, &common::chain()) {
            Ok(p) => {
                let xml = std::str::from_utf8(&p.xml).expect("UTF-8");
                prop_assert!(roxmltree::Document::parse(xml).is_ok(), "ill-formed XML");
                let broken = common::arithmetic_violations(&draft, &p.totals);
                prop_assert!(broken.is_empty(), "{:?}", broken);
            }
            Err(e) => prop_assert!(!e.problems.is_empty()),
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = zatca::prepare_json(&bytes, &common::chain());
    }
}
