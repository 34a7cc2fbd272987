//! The catalogue explains every code Sanad can show: every assert id of ZATCA's rule files, every
//! rule of the engine's registry, every FATOORA code the client and simulator know, Sanad's own
//! codes (every `"SANAD-…"` in the sources of the application core, the command line and the
//! desktop shell); and its Arabic is real Arabic, never empty nor a copy of the English.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sanad::check::{self, CheckError};
use sanad::explain::{self, Actor, Source};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The assert ids of one of ZATCA's rule files.
fn assert_ids(file: &str) -> BTreeSet<String> {
    let path = repo()
        .join("vendor/zatca-sdk/Data/Rules/Schematrons")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("rule file");
    let doc = roxmltree::Document::parse(&text).expect("rule file is XML");
    doc.descendants()
        .filter(|n| matches!(n.tag_name().name(), "failed-assert" | "successful-report"))
        .filter_map(|n| n.attribute("id").map(str::to_owned))
        .collect()
}

/// Where the application core, the command line and the desktop shell raise their codes.
const SOURCES: [&str; 3] = ["crates/sanad/src", "crates/sanad-cli/src", "src-tauri/src"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The `"SANAD-…"` string literals of a source text.
fn sanad_literals(text: &str) -> Vec<&str> {
    text.match_indices("\"SANAD-")
        .filter_map(|(at, _)| {
            let rest = &text[at + 1..];
            let end =
                rest.find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'))?;
            let code = &rest[..end];
            (rest[end..].starts_with('"') && !code.ends_with('-')).then_some(code)
        })
        .collect()
}

/// Every `"SANAD-…"` literal of the sources, with the first file that holds it.
fn codes_in_sources() -> std::collections::BTreeMap<String, PathBuf> {
    let mut codes = std::collections::BTreeMap::new();
    for dir in SOURCES {
        let mut files = Vec::new();
        rust_files(&repo().join(dir), &mut files);
        assert!(!files.is_empty(), "no Rust sources under {dir}");
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a source file");
            let relative = file.strip_prefix(repo()).unwrap_or(&file).to_path_buf();
            for code in sanad_literals(&text) {
                codes
                    .entry(code.to_owned())
                    .or_insert_with(|| relative.clone());
            }
        }
    }
    codes
}

#[test]
fn sanad_literals_are_found_whole() {
    let text = r#"Error::new("SANAD-OTP-NEEDED", x); m("SANAD-", "SANAD-X-") "SANAD-MISSING" `SANAD-DOC` "SANAD-lower""#;
    assert_eq!(sanad_literals(text), ["SANAD-OTP-NEEDED", "SANAD-MISSING"]);
}

fn codes_of(source: Source) -> BTreeSet<String> {
    explain::catalogue()
        .iter()
        .filter(|e| e.source == source)
        .map(|e| e.code.clone())
        .collect()
}

#[test]
fn every_assert_id_of_the_rule_files_has_its_entry() {
    for (file, source) in [
        (
            "20210819_ZATCA_E-invoice_Validation_Rules.xsl",
            Source::ZatcaRules,
        ),
        ("CEN-EN16931-UBL.xsl", Source::En16931Rules),
    ] {
        let ids = assert_ids(file);
        assert!(ids.len() > 100, "{file}: {} ids", ids.len());
        let ours = codes_of(source);
        let missing: Vec<_> = ids.difference(&ours).collect();
        assert!(missing.is_empty(), "{file}: no entry for {missing:?}");
        let stale: Vec<_> = ours.difference(&ids).collect();
        assert!(stale.is_empty(), "{file}: entries for no assert: {stale:?}");
    }
}

#[test]
fn every_code_the_crates_emit_has_its_entry() {
    let mut codes: Vec<String> = zatca::rules::REGISTRY
        .iter()
        .map(|r| r.code().to_owned())
        .collect();
    codes.extend(fatoora::codes::ALL.iter().map(|c| c.to_string()));
    codes.push(fatoora::codes::DUPLICATE_INVOICE.to_owned());
    // The simulator's refusal of a malformed CSR.
    codes.push("Invalid-CSR".to_owned());
    // Every error of the check screen.
    let errors = [
        CheckError::Empty,
        CheckError::TooLarge { size: 0, limit: 0 },
        CheckError::UnknownFormat,
        CheckError::Unreadable { detail: "".into() },
        CheckError::PdfUnreadable { detail: "".into() },
        CheckError::PdfWithoutXml { attachments: 0 },
        CheckError::XmlNotUtf8,
        CheckError::XmlMalformed { detail: "".into() },
        CheckError::NotAnInvoice { detail: "".into() },
        CheckError::Incomplete { detail: "".into() },
        CheckError::QrNotBase64 { detail: "".into() },
        CheckError::QrMalformed {
            offset: 0,
            detail: "".into(),
        },
    ];
    codes.extend(
        errors
            .iter()
            .map(|e| explain::check_error_code(e).to_owned()),
    );
    let missing: Vec<&String> = codes
        .iter()
        .filter(|c| explain::explain(c).is_none_or(|e| &e.code != *c))
        .collect();
    assert!(missing.is_empty(), "codes without an entry: {missing:?}");
    // Every code the application core, the command line and the desktop shell raise.
    let missing: Vec<String> = codes_in_sources()
        .into_iter()
        .filter(|(c, _)| explain::explain(c).is_none_or(|e| &e.code != c))
        .map(|(c, file)| format!("{c} ({})", file.display()))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without an entry (add them to crates/sanad/catalogue/app.json): {missing:?}"
    );
}

/// A `SANAD-…` entry explains a code some source still raises: the engine's own (its rule
/// registry) or a `"SANAD-…"` of the application core, the command line or the desktop shell.
#[test]
fn every_sanad_entry_is_still_emitted() {
    let emitted = codes_in_sources();
    let engine: BTreeSet<&str> = zatca::rules::REGISTRY.iter().map(|r| r.code()).collect();
    let stale: Vec<&str> = explain::catalogue()
        .iter()
        .map(|e| e.code.as_str())
        .filter(|c| c.starts_with("SANAD-"))
        .filter(|c| !emitted.contains_key(*c) && !engine.contains(c))
        .collect();
    assert!(
        stale.is_empty(),
        "entries no source emits any more: {stale:?}"
    );
}

/// ZATCA refuses a CSR with plain sentences and no code: the real ones find their entry.
#[test]
fn plain_text_csr_refusals_are_explained() {
    for (file, code) in [
        (
            "02-compliance-400-not-compliant.json",
            "NOT_COMPLIANT: invoice type",
        ),
        (
            "03-compliance-4xx-not-compliant-template.json",
            "NOT_COMPLIANT: certificate template",
        ),
    ] {
        let text = std::fs::read_to_string(repo().join("vendor/fatoora-responses").join(file))
            .expect("real answer");
        let answer: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let errors = answer["body"]["errors"].as_array().expect("errors");
        let message = errors[0].as_str().expect("a plain string");
        let entry = explain::explain(message).unwrap_or_else(|| panic!("{message}"));
        assert_eq!(entry.code, code, "{message}");
    }
    assert!(explain::explain("no such code anywhere").is_none());
}

#[test]
fn every_entry_is_real_arabic_and_english() {
    let arabic = |s: &str| s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let indic = |s: &str| s.chars().any(|c| ('\u{0660}'..='\u{0669}').contains(&c));
    let mut seen = BTreeSet::new();
    for e in explain::catalogue() {
        assert!(seen.insert(&e.code), "{} twice", e.code);
        for t in [&e.what, &e.next] {
            assert!(!t.en.trim().is_empty(), "{}: empty English", e.code);
            assert!(!t.ar.trim().is_empty(), "{}: empty Arabic", e.code);
            assert_ne!(
                t.en.trim(),
                t.ar.trim(),
                "{}: Arabic is the English",
                e.code
            );
            assert!(arabic(&t.ar), "{}: no Arabic in {:?}", e.code, t.ar);
            assert!(!arabic(&t.en), "{}: Arabic in the English", e.code);
            assert!(
                !indic(&t.ar),
                "{}: Arabic-Indic digits in {:?}",
                e.code,
                t.ar
            );
        }
    }
    // Explanations are specific, not one sentence repeated.
    let whats: BTreeSet<&str> = explain::catalogue()
        .iter()
        .map(|e| e.what.en.as_str())
        .collect();
    assert_eq!(
        whats.len(),
        explain::catalogue().len(),
        "a repeated explanation"
    );
    let total: usize = explain::counts().iter().map(|(_, n)| n).sum();
    assert_eq!(total, explain::catalogue().len());
    assert!(
        explain::catalogue()
            .iter()
            .any(|e| e.actor == Actor::Accountant)
    );
}

/// Who must act is named with the glossary's words, the ones the check screen shows.
#[test]
fn every_actor_is_named_by_the_glossary() {
    let glossary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("assets/glossary.json")).expect("glossary"),
    )
    .expect("glossary JSON");
    for actor in Actor::ALL {
        let wire = serde_json::to_value(actor).expect("serializes");
        let key = format!("actor.{}", wire.as_str().expect("a name"));
        let term = &glossary["terms"][&key];
        let name = actor.name();
        assert_eq!(term["en"], name.en.as_str(), "{key}");
        assert_eq!(term["ar"], name.ar.as_str(), "{key}");
    }
}

/// A checked document's findings carry their explanation, in both languages.
#[test]
fn check_findings_carry_their_explanation() {
    let path = repo().join("vendor/zatca-sdk/Data/Samples/Standard/Invoice/Standard_Invoice.xml");
    let xml = std::fs::read_to_string(path).expect("sample");
    let bad = xml.replacen("<cbc:CompanyID>3", "<cbc:CompanyID>4", 2);
    assert_ne!(bad, xml);
    let report = check::check_file(Some("bad.xml"), bad.as_bytes()).expect("checked");
    assert!(!report.findings.is_empty());
    for f in &report.findings {
        let e = f.explanation.as_ref().expect("explained");
        assert_eq!(e.code, f.code);
        assert!(
            !f.message_ar.is_empty() && f.message_ar != f.message,
            "{f:?}"
        );
    }
    let json = serde_json::to_value(&report.findings[0]).expect("serializes");
    for key in ["code", "severity", "message", "messageAr", "explanation"] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    for key in ["code", "source", "actor", "what", "next"] {
        assert!(json["explanation"].get(key).is_some(), "{key} in {json}");
    }
    assert!(json["explanation"]["what"]["ar"].is_string());
}
