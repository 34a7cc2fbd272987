//! The writer/stamp contract on every scenario: the stamp signs the unsigned XML without
//! re-serializing it (the invoice hash of the unsigned bytes is the signed document's hash),
//! the signed document verifies, and ZATCA's rule files find nothing but BR-KSA-98 (the clock).

mod common;

use zatca::model::Flow;

#[test]
fn every_scenario_signs_verifies_and_passes_the_rule_files() {
    let scenarios = common::scenarios();
    let signer = common::sdk_signer();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    for (name, _, draft) in &scenarios {
        let prepared =
            zatca::prepare(draft, &common::chain()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let at = draft.issue_date.and_time(draft.issue_time);
        let signed = zatca::stamp::sign(&prepared.xml, &signer, at)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let unsigned_hash =
            zatca::stamp::invoice_hash(&prepared.xml).expect("hash of unsigned XML");
        assert_eq!(
            unsigned_hash, signed.hash,
            "{name}: the stamp changed the hashed content"
        );
        let report = zatca::verify::verify(&signed.xml);
        let failures: Vec<_> = report.failures().collect();
        assert!(failures.is_empty(), "{name}: {failures:?}");
        let file = dir.path().join(format!("{name}.xml"));
        std::fs::write(&file, &signed.xml).expect("write");
        files.push((file, draft.flow));
    }
    let paths: Vec<_> = files.iter().map(|(f, _)| f.clone()).collect();
    let verdicts = common::validate(&paths);
    let mut bad = Vec::new();
    for (v, (_, flow)) in verdicts.iter().zip(&files) {
        let allowed: &[&str] = match flow {
            Flow::Standard => &[],
            Flow::Simplified => &["BR-KSA-98"],
        };
        for e in &v.errors {
            bad.push(format!(
                "{}: error {} {}",
                v.file.display(),
                e.code,
                e.message
            ));
        }
        for w in v
            .warnings
            .iter()
            .filter(|w| !allowed.contains(&w.code.as_str()))
        {
            bad.push(format!(
                "{}: warning {} {}",
                v.file.display(),
                w.code,
                w.message
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
