//! Every Engine scenario, signed with a CSID that a test CA issued from our own CSR: each one
//! verifies, matches its committed golden signed file byte for byte (fixed keys, fixed signing
//! time, deterministic ECDSA), and a chain of ten consecutive invoices verifies link by link.
//!
//! `SANAD_REGENERATE_GOLDEN=1 cargo test -p zatca --test stamp_scenarios` rewrites the goldens.

mod common;

use std::path::{Path, PathBuf};

use authority::Authority;
use chrono::{NaiveDateTime, TimeZone, Utc};
use k256::ecdsa::SigningKey;
use sha2::{Digest, Sha256};
use zatca::ChainFields;
use zatca::api::Environment;
use zatca::csr::{CsrFields, build_csr};
use zatca::stamp::{Certificate, GENESIS_PIH, Signer, invoice_hash, sign};
use zatca::verify::{Check, Expect, verify_with};

fn regenerate() -> bool {
    std::env::var("SANAD_REGENERATE_GOLDEN").is_ok_and(|v| v == "1")
}

/// A fixed key from a label (tests only).
fn fixed_key(label: &str) -> SigningKey {
    SigningKey::from_slice(&Sha256::digest(label.as_bytes())).expect("valid scalar")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/signed")
}

/// The test CA, the device's CSR from the scenarios' seller, and the CSID the CA issued.
fn device() -> (Signer, Authority) {
    let t = |y| Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).unwrap();
    let ca = Authority::new_root(
        fixed_key("sanad test CA"),
        "Sanad Test CA",
        &[1],
        t(2025),
        t(2035),
    )
    .expect("root");
    let fields = CsrFields {
        common_name: "TST-886431145-399999999900003".into(),
        serial_number: "1-Sanad|2-1.0|3-6f4e2a52-7b1c-4f57-9d1e-1a2b3c4d5e6f".into(),
        vat_number: "399999999900003".into(),
        organization_unit: "الرياض | Riyadh".into(),
        organization: "شركة سند للتجارة | Sanad Trading Co".into(),
        country: "SA".into(),
        invoice_types: "1100".into(),
        location_address: "الامير سلطان | Prince Sultan".into(),
        business_category: "Retail".into(),
    };
    let key = fixed_key("sanad test device");
    let csr = build_csr(&fields, Environment::Simulation, &key).expect("csr");
    let cert = ca
        .issue(csr.der(), &[0x11, 0x22, 0x33, 0x44, 0x55], t(2026), t(2031))
        .expect("issue");
    (
        Signer::new(key, Certificate::from_der(&cert).unwrap()).unwrap(),
        ca,
    )
}

fn signing_time() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-20T10:05:00", "%Y-%m-%dT%H:%M:%S").unwrap()
}

#[test]
fn every_scenario_signed_verifies_and_matches_golden() {
    let (signer, ca) = device();
    let dir = golden_dir();
    if regenerate() {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("ca.pem"),
            zatca::csr::certificate_pem(ca.certificate_der()),
        )
        .unwrap();
        std::fs::write(
            dir.join("device.pem"),
            zatca::csr::certificate_pem(signer.certificate().der()),
        )
        .unwrap();
    }
    let chain = common::chain();
    let mut mismatched = Vec::new();
    let scenarios = common::scenarios();
    assert!(scenarios.len() >= 30);
    for (name, _, draft) in &scenarios {
        let prepared = zatca::prepare(draft, &chain).unwrap_or_else(|e| panic!("{name}: {e}"));
        let signed =
            sign(&prepared.xml, &signer, signing_time()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            invoice_hash(&prepared.xml).unwrap(),
            signed.hash,
            "{name}: hash changed by signing"
        );
        let report = verify_with(
            &signed.xml,
            &Expect {
                pih: Some(&chain.pih),
                certificate: Some(signer.certificate()),
            },
        );
        assert!(
            report.is_valid(),
            "{name}: {:?}",
            report.failures().collect::<Vec<_>>()
        );
        assert!(
            report.warnings().next().is_none(),
            "{name}: {:?}",
            report.warnings().collect::<Vec<_>>()
        );
        assert!(
            signed.qr.len() <= 1000,
            "{name}: QR {} chars",
            signed.qr.len()
        );
        // Standard documents carry tags 1-8 until ZATCA clears them; simplified ones 1-9.
        let tags = zatca::stamp::qr::decode(&signed.qr).unwrap();
        let want = if draft.type_name().starts_with("02") {
            9
        } else {
            8
        };
        assert_eq!(tags.len(), want, "{name}");
        let golden = dir.join(format!("{name}.xml"));
        if regenerate() {
            std::fs::write(&golden, &signed.xml).unwrap();
            continue;
        }
        let expected = std::fs::read(&golden)
            .unwrap_or_else(|e| panic!("{name}: no golden ({e}); regenerate"));
        if expected != signed.xml {
            mismatched.push(name.clone());
        }
    }
    assert!(
        mismatched.is_empty(),
        "signed bytes differ from golden: {mismatched:?}"
    );
    if !regenerate() {
        let ca_pem = std::fs::read_to_string(dir.join("ca.pem")).unwrap();
        assert_eq!(ca_pem, zatca::csr::certificate_pem(ca.certificate_der()));
    }
}

#[test]
fn golden_files_verify_on_their_own() {
    let cert =
        Certificate::from_any(&std::fs::read(golden_dir().join("device.pem")).unwrap()).unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(golden_dir()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "xml") {
            let report = verify_with(
                &std::fs::read(&p).unwrap(),
                &Expect {
                    pih: Some(GENESIS_PIH),
                    certificate: Some(&cert),
                },
            );
            assert!(
                report.is_valid(),
                "{}: {:?}",
                p.display(),
                report.failures().collect::<Vec<_>>()
            );
            n += 1;
        }
    }
    assert!(n >= 30, "{n} golden files");
}

#[test]
fn a_chain_of_ten_verifies_link_by_link() {
    let (signer, _) = device();
    let scenarios = common::scenarios();
    let (_, _, draft) = scenarios
        .iter()
        .find(|(n, _, _)| n == "simplified-invoice")
        .unwrap();
    let mut pih = GENESIS_PIH.to_string();
    let mut docs = Vec::new();
    for icv in 1..=10u64 {
        let mut d = draft.clone();
        d.number = format!("SIM-2026-{icv:04}");
        let chain = ChainFields {
            icv,
            pih: pih.clone(),
        };
        let prepared = zatca::prepare(&d, &chain).unwrap();
        let signed = sign(&prepared.xml, &signer, signing_time()).unwrap();
        let chained = zatca::stamp::document_chain(&signed.xml).unwrap();
        assert_eq!(chained.icv.as_deref(), Some(icv.to_string().as_str()));
        assert_eq!(chained.pih.as_deref(), Some(pih.as_str()));
        assert_eq!(chained.number.as_deref(), Some(d.number.as_str()));
        assert_eq!(chained.uuid.as_deref(), Some(d.uuid.as_str()));
        assert_eq!(chained.type_code.as_deref(), Some(d.kind.type_code()));
        assert_eq!(chained.type_name, Some(d.type_name()));
        docs.push((pih.clone(), signed.xml));
        pih = signed.hash.to_base64();
    }
    for (i, (prev, xml)) in docs.iter().enumerate() {
        let report = verify_with(
            xml,
            &Expect {
                pih: Some(prev),
                certificate: Some(signer.certificate()),
            },
        );
        assert!(
            report.is_valid(),
            "link {}: {:?}",
            i + 1,
            report.failures().collect::<Vec<_>>()
        );
        // Each document's hash is the next one's PIH.
        if let Some((next_prev, _)) = docs.get(i + 1) {
            assert_eq!(&invoice_hash(xml).unwrap().to_base64(), next_prev);
        }
    }
    // A document checked against the wrong link fails by name.
    let report = verify_with(
        &docs[5].1,
        &Expect {
            pih: Some(&docs[3].0),
            certificate: None,
        },
    );
    assert_eq!(
        report.failures().map(|f| f.check).collect::<Vec<_>>(),
        vec![Check::Pih]
    );
}

/// The signed goldens pass ZATCA's rule files (XSD, EN 16931, KSA) through `tools/validate.py`.
/// Signed documents carry their QR and stamp, so the only warning left is BR-KSA-98 on simplified
/// ones (issued more than 24 hours before the rule files ran: the dates are fixed).
#[test]
fn signed_goldens_pass_the_rule_files() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    let mut bad = Vec::new();
    for v in common::validate(&files) {
        let simplified = v
            .file
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("simplified"));
        for e in &v.errors {
            bad.push(format!(
                "{}: error {} {}",
                v.file.display(),
                e.code,
                e.message
            ));
        }
        for w in &v.warnings {
            if !(simplified && w.code == "BR-KSA-98") {
                bad.push(format!(
                    "{}: warning {} {}",
                    v.file.display(),
                    w.code,
                    w.message
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn document_chain_reads_each_golden_as_the_full_reader_does() {
    let mut n = 0;
    for e in std::fs::read_dir(golden_dir()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "xml") {
            continue;
        }
        let xml = std::fs::read(&p).unwrap();
        let chain = zatca::stamp::document_chain(&xml).unwrap();
        let full = zatca::read::read(&xml).unwrap();
        let name = p.display();
        assert_eq!(
            chain.number.as_deref(),
            Some(full.number.as_str()),
            "{name}"
        );
        assert_eq!(chain.uuid.as_deref(), Some(full.uuid.as_str()), "{name}");
        assert_eq!(
            chain.type_code.as_deref(),
            Some(full.kind.type_code()),
            "{name}"
        );
        let type_name = chain.type_name.unwrap();
        assert_eq!(&type_name[..2], full.flow.type_name_prefix(), "{name}");
        assert_eq!(chain.icv, full.icv, "{name}");
        assert_eq!(chain.pih, full.pih, "{name}");
        assert_eq!(chain.qr, full.qr, "{name}");
        n += 1;
    }
    assert!(n >= 30, "{n} golden files");
}
