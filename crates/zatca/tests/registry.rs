//! The rule registry against ZATCA's own rule files: every ZATCA-looking code of the registry is
//! an assert id of the vendored schematrons (or Sanad's own `SANAD-…`), weighed as they weigh it.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use zatca::rules::{REGISTRY, Severity};

/// Each assert id of the rule files with the flags its asserts carry (`error`, `warning`).
fn rule_file_flags() -> BTreeMap<String, BTreeSet<String>> {
    let dir = common::sdk().join("Data/Rules/Schematrons");
    let mut flags: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("schematrons") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        let doc = roxmltree::Document::parse(&text).expect("schematron is XML");
        for n in doc
            .descendants()
            .filter(|n| matches!(n.tag_name().name(), "failed-assert" | "successful-report"))
        {
            if let (Some(id), Some(flag)) = (n.attribute("id"), n.attribute("flag")) {
                flags.entry(id.into()).or_default().insert(flag.into());
            }
        }
    }
    assert!(flags.len() > 200, "{} assert ids", flags.len());
    flags
}

#[test]
fn every_zatca_code_exists_in_the_rule_files() {
    let flags = rule_file_flags();
    let unknown: Vec<&str> = REGISTRY
        .iter()
        .map(|r| r.code())
        .filter(|c| !c.starts_with("SANAD-") && !flags.contains_key(*c))
        .collect();
    assert!(
        unknown.is_empty(),
        "codes that are neither ZATCA's nor Sanad's own: {unknown:?}"
    );
}

#[test]
fn every_severity_is_as_the_rule_files_weigh_it() {
    let flags = rule_file_flags();
    for rule in REGISTRY {
        let expected = match flags.get(rule.code()) {
            None => Severity::Sanad,
            Some(f) if f.len() == 1 && f.contains("warning") => Severity::Warning,
            Some(_) => Severity::Error,
        };
        assert_eq!(rule.severity, expected, "{} at {}", rule.code(), rule.path);
    }
}
