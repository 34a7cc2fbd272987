//! Random baskets: quantities with 0-3 decimals, prices with 2-4 decimals, mixed VAT categories,
//! line and document allowances and charges, price discounts, base quantities, foreign currency,
//! prepayments, payable rounding. 10,000 of them must satisfy the BR-CO and BR-KSA arithmetic
//! (checked in Rust); 300 of them also go through ZATCA's rule files in one batch.

mod common;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use rust_decimal::Decimal;
use zatca::model::{
    DocumentAllowanceCharge, DocumentKind, Draft, Flow, Line, LineAllowanceCharge, Prepayment, Vat,
    VatCategory,
};

fn vat_strategy() -> impl Strategy<Value = Vat> {
    prop_oneof![
        4 => Just(Vat { category: VatCategory::S, rate: Some(Decimal::from(15)), exemption_reason_code: None, exemption_reason: None }),
        1 => Just(Vat { category: VatCategory::S, rate: Some(Decimal::from(5)), exemption_reason_code: None, exemption_reason: None }),
        1 => Just(Vat { category: VatCategory::Z, rate: None, exemption_reason_code: Some("VATEX-SA-35".into()), exemption_reason: None }),
        1 => Just(Vat { category: VatCategory::E, rate: None, exemption_reason_code: Some("VATEX-SA-29".into()), exemption_reason: None }),
        1 => Just(Vat { category: VatCategory::O, rate: None, exemption_reason_code: Some("VATEX-SA-OOS".into()), exemption_reason: Some("Outside the scope of VAT".into()) }),
    ]
}

fn money(max_cents: i64) -> impl Strategy<Value = Decimal> {
    (0..=max_cents).prop_map(|c| Decimal::new(c, 2))
}

fn line_strategy() -> impl Strategy<Value = Line> {
    (
        (1i64..=200_000, 0u32..=3).prop_map(|(n, s)| Decimal::new(n, s)),
        (0i64..=50_000_000, 2u32..=4).prop_map(|(n, s)| Decimal::new(n, s)),
        prop_oneof![4 => Just(None), 1 => Just(Some(Decimal::from(10))), 1 => Just(Some(Decimal::new(5, 1))), 1 => Just(Some(Decimal::from(100)))],
        prop::option::weighted(0.2, money(500)),
        prop::collection::vec((any::<bool>(), money(2_000)), 0..=2),
        vat_strategy(),
    )
        .prop_map(|(quantity, price, base_quantity, price_discount, acs, vat)| Line {
            name: "Item".into(),
            quantity,
            unit_code: "PCE".into(),
            price,
            base_quantity,
            price_discount,
            allowances_charges: acs
                .into_iter()
                .map(|(charge, amount)| LineAllowanceCharge {
                    charge,
                    reason_code: Some(if charge { "CG".into() } else { "95".into() }),
                    reason: Some(if charge { "Cleaning".into() } else { "Discount".into() }),
                    amount,
                })
                .collect(),
            vat,
        })
}

#[derive(Debug, Clone)]
struct Basket {
    draft: Draft,
}

fn basket_strategy() -> impl Strategy<Value = Basket> {
    (
        prop::collection::vec(line_strategy(), 1..=8),
        prop::collection::vec((any::<bool>(), money(5_000), 0usize..8), 0..=3),
        prop_oneof![3 => Just(Flow::Simplified), 2 => Just(Flow::Standard)],
        prop_oneof![6 => Just(DocumentKind::Invoice), 1 => Just(DocumentKind::CreditNote), 1 => Just(DocumentKind::DebitNote), 1 => Just(DocumentKind::Prepayment)],
        prop_oneof![4 => Just(None), 1 => (37_000i64..=37_600).prop_map(|r| Some(Decimal::new(r, 4)))],
        prop::option::weighted(0.15, (money(200_000), 0usize..8, prop_oneof![Just(None), Just(Some(Decimal::from(5)))])),
        prop::option::weighted(0.15, (-5i64..=5).prop_map(|c| Decimal::new(c, 2))),
    )
        .prop_map(|(lines, doc_acs, flow, kind, usd_rate, prepayment, rounding)| {
            let name = match flow {
                Flow::Simplified => "simplified-invoice",
                Flow::Standard => "standard-invoice",
            };
            let json = std::fs::read(common::scenarios_dir().join(name).join("draft.json")).expect("base draft");
            let mut draft = Draft::from_json(&json).expect("base draft parses");
            draft.kind = kind;
            if kind.is_note() {
                draft.billing_reference = Some("INV-1".into());
                draft.reason = Some("Correction".into());
            }
            if let Some(rate) = usd_rate {
                draft.currency = "USD".into();
                draft.exchange_rate = Some(rate);
            }
            // Document allowances and charges use the VAT treatment of one of the lines.
            draft.allowances_charges = doc_acs
                .into_iter()
                .map(|(charge, amount, i)| DocumentAllowanceCharge {
                    charge,
                    reason_code: Some(if charge { "FC".into() } else { "95".into() }),
                    reason: Some(if charge { "Freight".into() } else { "Discount".into() }),
                    amount,
                    vat: lines[i % lines.len()].vat.clone(),
                })
                .collect();
            // One exemption reason per category (here: one per category by construction).
            draft.lines = lines;
            if kind == DocumentKind::Invoice
                && let Some((taxable, i, rate)) = prepayment
            {
                // Deducted in the category of one of the lines, at that rate or (S) at 5 %.
                let mut vat = draft.lines[i % draft.lines.len()].vat.clone();
                if vat.category == VatCategory::S && rate.is_some() {
                    vat.rate = rate;
                }
                draft.prepayments = vec![Prepayment {
                    number: "PRE-1".into(),
                    uuid: None,
                    issue_date: draft.issue_date,
                    issue_time: draft.issue_time,
                    description: "Advance".into(),
                    taxable_amount: taxable,
                    vat,
                }];
            }
            draft.payable_rounding = rounding;
            Basket { draft }
        })
}

/// Baskets whose allowances exceed what they discount are refused (BR-KSA-F-04) rather than
/// written; everything else must be accepted.
fn prepared(b: &Basket) -> Option<zatca::Prepared> {
    match zatca::prepare(&b.draft, &common::chain()) {
        Ok(p) => Some(p),
        Err(e) => {
            assert!(
                e.problems.iter().all(|p| p.code() == "BR-KSA-F-04"),
                "unexpected refusal: {e}\n{}",
                b.draft.to_json()
            );
            None
        }
    }
}

proptest! {
    #![proptest_config(Config { cases: 10_000, failure_persistence: None, ..Config::default() })]

    #[test]
    fn totals_satisfy_br_co_and_br_ksa(b in basket_strategy()) {
        if let Some(p) = prepared(&b) {
            let broken = common::arithmetic_violations(&b.draft, &p.totals);
            prop_assert!(broken.is_empty(), "{:?}\n{}", broken, b.draft.to_json());
        }
    }
}

#[test]
fn baskets_pass_zatca_rule_files() {
    let mut runner = TestRunner::deterministic();
    let strategy = basket_strategy();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    let mut flows = Vec::new();
    let mut attempts = 0;
    while files.len() < 300 {
        attempts += 1;
        let b = strategy.new_tree(&mut runner).expect("basket").current();
        if let Some(p) = prepared(&b) {
            let path = dir.path().join(format!("basket-{:03}.xml", files.len()));
            std::fs::write(&path, &p.xml).expect("write");
            files.push(path);
            flows.push(b.draft.flow);
        }
    }
    // Refusals (allowances larger than what they discount) stay rare, so the baskets are real.
    assert!(
        attempts < 330,
        "{attempts} attempts for 300 accepted baskets"
    );
    let verdicts = common::validate(&files);
    common::assert_clean(&verdicts, |f| {
        flows[files.iter().position(|p| p == f).expect("file")]
    });
}
