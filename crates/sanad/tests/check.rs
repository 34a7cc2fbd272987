//! "Check an invoice" on the vendored ZATCA SDK samples, their PDF/A-3 versions, tampered copies
//! and bad input.

use std::path::{Path, PathBuf};

use sanad::check::{self, CheckError, CheckId, CheckStatus, Source, Verdict};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vendor/zatca-sdk/Data/Samples")
}

fn xml_samples() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![samples()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("samples dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "xml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn status(report: &check::CheckReport, id: CheckId) -> CheckStatus {
    report
        .checks
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.status)
        .unwrap_or_else(|| panic!("{id:?} is reported"))
}

#[test]
fn every_sdk_sample_passes_every_check() {
    let files = xml_samples();
    assert_eq!(files.len(), 19, "the SDK's 19 XML samples");
    for path in files {
        let report = check::check_path(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        for c in &report.checks {
            assert_ne!(c.status, CheckStatus::Failed, "{path:?}: {c:?}");
        }
        assert_ne!(report.verdict, Verdict::Invalid, "{path:?}");
        if path.ends_with("Standard/Invoice/Export invoice.xml") {
            // A USD document with zero VAT and no `cac:TaxExchangeRate`: ZATCA's validator passes
            // it, and so does Sanad, with a warning of its own (not a ZATCA error) that no rate
            // to SAR is stated.
            let [finding] = report.findings.as_slice() else {
                panic!("{path:?}: one finding, got {:?}", report.findings);
            };
            assert_eq!(finding.code, "SANAD-MISSING");
            assert_eq!(finding.severity, check::Severity::Warning);
            assert!(
                finding.message.starts_with(
                    "Invoice/cac:TaxExchangeRate/cbc:CalculationRate (exchange_rate): "
                ),
                "{finding:?}"
            );
            assert_eq!(report.verdict, Verdict::ValidWithWarnings, "{path:?}");
        } else {
            assert_eq!(
                report.findings,
                [],
                "{path:?}: ZATCA's validator passes every sample"
            );
        }
        assert_eq!(
            status(&report, CheckId::InvoiceHash),
            CheckStatus::Passed,
            "{path:?}"
        );
        assert_eq!(
            status(&report, CheckId::Signature),
            CheckStatus::Passed,
            "{path:?}"
        );
    }
}

#[test]
fn a_simplified_sample_is_valid_with_its_qr_read() {
    let path = samples().join("Simplified/Invoice/Simplified_Invoice.xml");
    let report = check::check_path(&path).expect("checkable");
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report.checks);
    assert_eq!(
        report.source,
        Source::Xml {
            file_name: Some("Simplified_Invoice.xml".into())
        }
    );
    let qr = report.qr.clone().expect("the QR is shown");
    assert_eq!(qr.vat_number.as_deref(), Some("399999999900003"));
    assert!(qr.has_signature);
    assert_eq!(
        status(&report, CheckId::QrMatchesDocument),
        CheckStatus::Passed
    );
}

#[test]
fn a_changed_price_fails_the_hash_and_says_so() {
    let path = samples().join("Standard/Invoice/Standard_Invoice.xml");
    let original = std::fs::read_to_string(path).expect("sample");
    let tampered = original.replacen(
        r#"<cbc:PriceAmount currencyID="SAR">2.00</cbc:PriceAmount>"#,
        r#"<cbc:PriceAmount currencyID="SAR">1.00</cbc:PriceAmount>"#,
        1,
    );
    assert_ne!(tampered, original);
    let report = check::check_file(Some("tampered.xml"), tampered.as_bytes()).expect("checkable");
    assert_eq!(report.verdict, Verdict::Invalid);
    assert_eq!(status(&report, CheckId::InvoiceHash), CheckStatus::Failed);
    let hash = report
        .checks
        .iter()
        .find(|c| c.id == CheckId::InvoiceHash)
        .expect("hash");
    assert!(
        hash.detail
            .as_deref()
            .is_some_and(|d| d.contains("invoice-hash")),
        "{hash:?}"
    );
}

#[test]
fn a_changed_signing_time_fails_the_signed_properties() {
    let path = samples().join("Simplified/Invoice/Simplified_Invoice.xml");
    let original = std::fs::read_to_string(path).expect("sample");
    let start = original.find("<xades:SigningTime>").expect("signing time") + 19;
    let mut tampered = original.clone();
    tampered.replace_range(start..start + 4, "2001");
    let report = check::check_file(None, tampered.as_bytes()).expect("checkable");
    assert_eq!(report.verdict, Verdict::Invalid);
    assert_eq!(
        status(&report, CheckId::SignedProperties),
        CheckStatus::Failed
    );
    assert_eq!(status(&report, CheckId::InvoiceHash), CheckStatus::Passed);
}

#[test]
fn the_pdf_samples_are_checked_through_their_embedded_xml() {
    let pdf = |name: &str| {
        let path = samples().join("PDF-A3").join(name);
        let report = check::check_path(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let Source::Pdf { attachment, .. } = &report.source else {
            panic!("{name}: source {:?}", report.source);
        };
        assert!(attachment.ends_with(".xml"), "{name}: {attachment}");
        report
    };
    let simplified = pdf("Simplified_Invoice.pdf");
    assert_eq!(
        simplified.verdict,
        Verdict::Valid,
        "{:#?}",
        simplified.checks
    );

    // The SDK's standard PDF embeds Standard_Invoice.xml's content under a signature made for
    // other content (ZATCA's reference validator reports the same digest and signature errors).
    let standard = pdf("Standard_Invoice.pdf");
    assert_eq!(standard.verdict, Verdict::Invalid);
    assert_eq!(status(&standard, CheckId::InvoiceHash), CheckStatus::Failed);
    assert_eq!(
        status(&standard, CheckId::CertificateDigest),
        CheckStatus::Passed
    );
}

#[test]
fn a_sample_qr_verifies_on_its_own_and_a_changed_one_does_not() {
    let path = samples().join("Simplified/Invoice/Simplified_Invoice.xml");
    let report = check::check_path(&path).expect("checkable");
    let xml = std::fs::read_to_string(&path).expect("sample");
    let qr = between(
        &xml,
        "<cbc:ID>QR</cbc:ID>",
        "</cbc:EmbeddedDocumentBinaryObject>",
    );
    let qr = &qr[qr.find("text/plain\">").expect("object start") + 12..];
    let alone = check::check_qr(qr).expect("QR reads");
    assert_eq!(alone.qr, report.qr);
    assert_eq!(alone.verdict, Verdict::Valid, "{:?}", alone.checks);
    assert_eq!(status(&alone, CheckId::QrSignature), CheckStatus::Passed);

    // Same QR with another hash (tag 6): the signature no longer verifies.
    let tlv = check::qr::decode(qr).expect("decodes");
    let mut fields = tlv.fields.clone();
    let six = fields.iter_mut().find(|(t, _)| *t == 6).expect("tag 6");
    six.1 = b"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_vec();
    let mut bytes = Vec::new();
    for (t, v) in fields {
        bytes.push(t);
        bytes.push(u8::try_from(v.len()).expect("short"));
        bytes.extend(v);
    }
    use base64::Engine as _;
    let changed = base64::engine::general_purpose::STANDARD.encode(bytes);
    let report = check::check_qr(&changed).expect("QR reads");
    assert_eq!(report.verdict, Verdict::Invalid);
    assert_eq!(status(&report, CheckId::QrSignature), CheckStatus::Failed);
}

fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text.find(from).expect("start") + from.len();
    let end = start + text[start..].find(to).expect("end");
    &text[start..end]
}

#[test]
fn bad_input_gets_a_typed_error() {
    assert_eq!(check::check_file(None, b""), Err(CheckError::Empty));
    assert_eq!(check::check_file(None, b"  \n"), Err(CheckError::Empty));
    assert_eq!(
        check::check_file(None, b"hello"),
        Err(CheckError::UnknownFormat)
    );
    assert!(matches!(
        check::check_file(None, b"<Invoice><unclosed></Invoice>"),
        Err(CheckError::XmlMalformed { .. })
    ));
    assert!(matches!(
        check::check_file(None, b"<Order xmlns=\"urn:x\"/>"),
        Err(CheckError::NotAnInvoice { .. })
    ));
    assert_eq!(
        check::check_file(None, b"<?xml version=\"1.0\"?><a>\xff</a>"),
        Err(CheckError::XmlNotUtf8)
    );
    assert!(matches!(
        check::check_file(None, b"%PDF-1.7 broken"),
        Err(CheckError::PdfUnreadable { .. })
    ));
    let big = vec![b' '; check::MAX_FILE_BYTES + 1];
    assert!(matches!(
        check::check_file(None, &big),
        Err(CheckError::TooLarge { .. })
    ));
}

/// The UI tests answer with recorded reports (tests/ui/fixtures); they must keep the shape of
/// the real ones, key for key, or the UI tests would test a format that no longer exists.
#[test]
fn ui_fixtures_have_the_shape_of_real_reports() {
    fn keys(v: &serde_json::Value, at: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    let path = format!("{at}.{k}");
                    out.push(path.clone());
                    keys(v, &path, out);
                }
            }
            serde_json::Value::Array(items) => {
                for item in items.iter().take(1) {
                    keys(item, &format!("{at}[]"), out);
                }
            }
            _ => {}
        }
    }
    // Findings are compared by the shape of one Finding (a valid sample has none).
    let shape = |v: &serde_json::Value| {
        let mut out = Vec::new();
        keys(v, "", &mut out);
        out.retain(|k| !k.starts_with(".findings[]"));
        out.sort();
        out.dedup();
        out
    };
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/ui/fixtures");
    let fixture = |name: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(fixtures.join(name)).expect("fixture");
        serde_json::from_str(&text).expect("fixture JSON")
    };
    let real = check::check_path(&samples().join("Standard/Invoice/Standard_Invoice.xml"))
        .expect("sample");
    let real = serde_json::to_value(real).expect("serializes");
    assert_eq!(shape(&fixture("standard-valid.json")), shape(&real));
    assert_eq!(shape(&fixture("standard-tampered.json")), shape(&real));
    let finding = check::Finding::new(
        "BR-KSA-44",
        check::Severity::Error,
        String::new(),
        String::new(),
    );
    let finding = serde_json::to_value(finding).expect("serializes");
    for f in fixture("standard-tampered.json")["findings"]
        .as_array()
        .expect("findings")
    {
        let mut got: Vec<_> = f.as_object().expect("object").keys().collect();
        let mut want: Vec<_> = finding.as_object().expect("object").keys().collect();
        got.sort();
        want.sort();
        assert_eq!(got, want);
    }

    let xml = std::fs::read_to_string(samples().join("Simplified/Invoice/Simplified_Invoice.xml"))
        .expect("sample");
    let qr = between(
        &xml,
        "<cbc:ID>QR</cbc:ID>",
        "</cbc:EmbeddedDocumentBinaryObject>",
    );
    let qr = &qr[qr.find("text/plain\">").expect("object start") + 12..];
    let real = serde_json::to_value(check::check_qr(qr).expect("QR")).expect("serializes");
    assert_eq!(shape(&fixture("qr-only.json")), shape(&real));
}

/// The UI tests hold the screen's totals against the XML of this sample (the print tests do the
/// same for the paper), so its fixture is the real report, value for value.
/// `SANAD_BLESS=1 cargo test -p sanad --test check` rewrites it after a deliberate change.
#[test]
fn the_usd_ui_fixture_is_the_real_report() {
    let path = samples()
        .join("Standard/Invoice/Advance Payment adjustments with foreign currency invoice.xml");
    let real = serde_json::to_value(check::check_path(&path).expect("sample")).expect("serializes");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/ui/fixtures/usd-valid.json");
    if std::env::var_os("SANAD_BLESS").is_some() {
        let text = serde_json::to_string_pretty(&real).expect("JSON") + "\n";
        std::fs::write(&fixture, text).expect("write fixture");
    }
    let text = std::fs::read_to_string(&fixture).expect("fixture");
    let recorded: serde_json::Value = serde_json::from_str(&text).expect("fixture JSON");
    assert_eq!(
        recorded, real,
        "tests/ui/fixtures/usd-valid.json is out of date"
    );
}

#[test]
fn the_pre_flight_rules_name_what_breaks_them() {
    let path = samples().join("Standard/Invoice/Standard_Invoice.xml");
    let xml = std::fs::read_to_string(path).expect("sample");
    let bad = xml.replacen(
        "<cbc:CompanyID>399999999800003</cbc:CompanyID>",
        "<cbc:CompanyID>12345</cbc:CompanyID>",
        1,
    );
    assert_ne!(bad, xml);
    let report = check::check_file(None, bad.as_bytes()).expect("checkable");
    let finding = report
        .findings
        .iter()
        .find(|f| f.code == "BR-KSA-44")
        .unwrap_or_else(|| panic!("BR-KSA-44 in {:?}", report.findings));
    assert!(
        finding.message.starts_with(
            "Invoice/cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID \
             (buyer.vat_number): "
        ),
        "{finding:?}"
    );
    assert_eq!(finding.severity, check::Severity::Error);
    // The tampering also broke the signature; the rule names what is wrong with the content.
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn a_document_the_rules_cannot_read_is_shown_with_one_warning() {
    let path = samples().join("Simplified/Invoice/Simplified_Invoice.xml");
    let xml = std::fs::read_to_string(path).expect("sample");
    let start = xml.find("<cbc:IssueTime>").expect("issue time") + 15;
    let end = start + xml[start..].find('<').expect("end");
    let mut bad = xml.clone();
    bad.replace_range(start..end, "noon");
    let report = check::check_file(None, bad.as_bytes()).expect("checkable");
    assert!(report.document.is_some(), "the document is still shown");
    let [finding] = report.findings.as_slice() else {
        panic!("one finding, got {:?}", report.findings);
    };
    assert_eq!(finding.code, "SANAD-INVALID");
    assert_eq!(finding.severity, check::Severity::Warning);
    assert!(
        finding.message.contains("Invoice/cbc:IssueTime"),
        "{finding:?}"
    );
    assert!(finding.message.contains("`noon`"), "{finding:?}");
    assert!(
        finding
            .message
            .ends_with("the pre-flight rules were not run"),
        "{finding:?}"
    );
}
