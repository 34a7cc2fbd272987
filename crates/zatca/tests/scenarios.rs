//! Every scenario draft → unsigned XML, byte for byte against its golden file, with totals that
//! satisfy the BR-CO / BR-KSA arithmetic, and every golden passes ZATCA's rule files.
//!
//! `SANAD_REGENERATE_GOLDEN=1 cargo test -p zatca --test scenarios` rewrites the golden files.

mod common;

use std::path::Path;

use zatca::model::{DocumentKind, Flow};

fn regenerate() -> bool {
    std::env::var("SANAD_REGENERATE_GOLDEN").is_ok_and(|v| v == "1")
}

#[test]
fn scenarios_match_golden_xml() {
    let scenarios = common::scenarios();
    assert!(
        scenarios.len() >= 30,
        "at least 30 scenarios, found {}",
        scenarios.len()
    );
    let mut mismatched = Vec::new();
    for (name, dir, draft) in &scenarios {
        let prepared =
            zatca::prepare(draft, &common::chain()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let broken = common::arithmetic_violations(draft, &prepared.totals);
        assert!(broken.is_empty(), "{name}: {broken:?}");
        let golden = dir.join("unsigned.xml");
        if regenerate() {
            std::fs::write(&golden, &prepared.xml).expect("write golden");
            continue;
        }
        let expected = std::fs::read(&golden)
            .unwrap_or_else(|e| panic!("{name}: no golden file ({e}); regenerate"));
        if expected != prepared.xml {
            mismatched.push(name.clone());
        }
    }
    assert!(
        mismatched.is_empty(),
        "XML differs from golden: {mismatched:?} (SANAD_REGENERATE_GOLDEN=1 to accept)"
    );
}

#[test]
fn scenarios_cover_every_kind_flow_and_category() {
    let scenarios = common::scenarios();
    for kind in [
        DocumentKind::Invoice,
        DocumentKind::CreditNote,
        DocumentKind::DebitNote,
        DocumentKind::Prepayment,
    ] {
        for flow in [Flow::Standard, Flow::Simplified] {
            assert!(
                scenarios
                    .iter()
                    .any(|(_, _, d)| d.kind == kind && d.flow == flow),
                "no scenario for {kind:?} {flow:?}"
            );
        }
    }
    let any = |f: &dyn Fn(&zatca::Draft) -> bool| scenarios.iter().any(|(_, _, d)| f(d));
    assert!(any(&|d| d.flags.export
        && d.flags
            == zatca::model::Flags {
                export: true,
                ..Default::default()
            }));
    assert!(any(&|d| d.flags.self_billed));
    assert!(any(&|d| d.flags.third_party));
    assert!(any(&|d| d.flags.nominal));
    assert!(any(&|d| d.flags.summary));
    assert!(any(&|d| d.currency == "USD"));
    assert!(any(&|d| !d.prepayments.is_empty()));
    assert!(any(&|d| d.allowances_charges.iter().any(|a| a.charge)));
    assert!(any(&|d| d
        .lines
        .iter()
        .any(|l| !l.allowances_charges.is_empty())));
    assert!(any(&|d| d.payable_rounding.is_some()));
    assert!(any(&|d| d.lines.len() >= 200));
    for cat in ["S", "Z", "E", "O"] {
        assert!(
            any(&|d| d.lines.iter().any(|l| l.vat.category.code() == cat)),
            "no category {cat}"
        );
    }
    assert!(any(&|d| {
        let mut cats: Vec<_> = d.lines.iter().map(|l| l.vat.category).collect();
        cats.dedup();
        cats.len() >= 3
    }));
}

/// The engine's current output for every scenario (equal to the golden files when
/// `scenarios_match_golden_xml` passes) goes through the rule files in one batch.
#[test]
fn scenarios_pass_zatca_rule_files() {
    let scenarios = common::scenarios();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    for (name, _, draft) in &scenarios {
        let prepared =
            zatca::prepare(draft, &common::chain()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let file = dir.path().join(format!("{name}.xml"));
        std::fs::write(&file, &prepared.xml).expect("write xml");
        files.push(file);
    }
    let verdicts = common::validate(&files);
    let flow_of = |file: &Path| {
        let i = files
            .iter()
            .position(|f| f == file)
            .expect("scenario of file");
        scenarios[i].2.flow
    };
    common::assert_clean(&verdicts, flow_of);
}
