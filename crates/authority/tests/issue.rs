//! The certificate authority: the CSIDs it issues verify with openssl, carry the CSR's subject,
//! key and extensions, and it refuses bad requests (a tampered CSR, a bad serial or validity,
//! a key that is not the CA certificate's), including from ZATCA's SDK's own high-S CSRs.

use std::path::PathBuf;
use std::process::Command;

use authority::{Authority, AuthorityError};
use chrono::{TimeZone, Utc};
use der::{Decode, Encode};
use x509_cert::request::CertReq;
use zatca::api::Environment;
use zatca::csr::{CsrFields, build_csr, certificate_pem, generate_key};
use zatca::stamp::{Certificate, Signer, signing_key_from_any};

fn sdk_cases() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../vendor/zatca-sdk/extra/sdk-evidence/cases")
}

fn sample_fields() -> CsrFields {
    let props = std::fs::read_to_string(sdk_cases().join("csr-ar-group-simulation/csr.properties"))
        .unwrap();
    CsrFields::from_properties(&props).unwrap()
}

fn t(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

#[test]
fn issues_a_csid_openssl_accepts() {
    let ca = Authority::new_root(
        generate_key().unwrap(),
        "Sanad Test CA",
        &[1],
        t(2025, 1, 1),
        t(2035, 1, 1),
    )
    .unwrap();
    let key = generate_key().unwrap();
    let csr = build_csr(&sample_fields(), Environment::Simulation, &key).unwrap();
    let serial = [
        0x11, 0, 0, 0x38, 3, 0xc5, 0xf7, 0x40, 0x23, 0xb3, 0xfc, 0x5c, 0x5f, 0, 1, 0, 0, 0x38, 3,
    ];
    // The API text form works as well as DER.
    let leaf = ca
        .issue(
            csr.api_text().as_bytes(),
            &serial,
            t(2026, 1, 1),
            t(2027, 1, 1),
        )
        .unwrap();
    assert_eq!(
        ca.issue(csr.der(), &serial, t(2026, 1, 1), t(2027, 1, 1))
            .unwrap(),
        leaf,
        "deterministic"
    );

    let cert = Certificate::from_der(&leaf).unwrap();
    assert_eq!(cert.issuer(), "CN=Sanad Test CA");
    assert_eq!(
        cert.serial_decimal(),
        "379112742831380471835263969587287663520528387"
    );
    Signer::new(key, cert).unwrap();

    let parsed = x509_cert::Certificate::from_der(&leaf).unwrap();
    let req = CertReq::from_der(csr.der()).unwrap();
    assert_eq!(parsed.tbs_certificate().subject(), &req.info.subject);
    let exts = parsed.tbs_certificate().extensions().unwrap();
    assert!(exts.iter().any(|e| e.extn_id == zatca::csr::TEMPLATE_OID));
    assert!(exts.iter().any(|e| e.extn_id.to_string() == "2.5.29.17"));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ca.pem"),
        certificate_pem(ca.certificate_der()),
    )
    .unwrap();
    std::fs::write(dir.path().join("leaf.pem"), certificate_pem(&leaf)).unwrap();
    let out = Command::new("openssl")
        .current_dir(dir.path())
        .args([
            "verify",
            "-attime",
            "1780000000",
            "-CAfile",
            "ca.pem",
            "leaf.pem",
        ])
        .output()
        .expect("openssl must be installed");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn rejects_bad_requests() {
    let ca_key = generate_key().unwrap();
    let ca = Authority::new_root(
        ca_key.clone(),
        "Sanad Test CA",
        &[7],
        t(2025, 1, 1),
        t(2035, 1, 1),
    )
    .unwrap();
    let csr = build_csr(
        &sample_fields(),
        Environment::Sandbox,
        &generate_key().unwrap(),
    )
    .unwrap();
    let mut der = csr.der().to_vec();
    let at = der.windows(10).position(|w| w == b"3999999999").unwrap();
    der[at] = b'4';
    assert_eq!(
        ca.issue(&der, &[1], t(2026, 1, 1), t(2027, 1, 1)),
        Err(AuthorityError::CsrSignature)
    );
    assert!(matches!(
        ca.issue(csr.der(), &[], t(2026, 1, 1), t(2027, 1, 1)),
        Err(AuthorityError::Serial(_))
    ));
    assert!(matches!(
        ca.issue(csr.der(), &[1], t(2027, 1, 1), t(2026, 1, 1)),
        Err(AuthorityError::Validity(_))
    ));
    assert!(matches!(
        ca.issue(b"not a csr", &[1], t(2026, 1, 1), t(2027, 1, 1)),
        Err(AuthorityError::Csr(_))
    ));
    assert_eq!(
        Authority::from_der(generate_key().unwrap(), ca.certificate_der()).err(),
        Some(AuthorityError::KeyMismatch)
    );
    assert!(Authority::from_der(ca_key, ca.certificate_der()).is_ok());
}

/// ZATCA's SDK signs some CSRs with a high-S signature (s > n/2); ECDSA accepts it as it does
/// the low-S form, and so does the authority: the certificate it issues carries the CSR's subject
/// and key, and signs with the SDK's key.
#[test]
fn issues_from_an_sdk_csr_with_a_high_s_signature() {
    let dir = sdk_cases().join("csr-en-group-nonproduction");
    let api_text = std::fs::read(dir.join("sdk.csr")).unwrap();
    let req = CertReq::from_der(&std::fs::read(dir.join("sdk.csr.der")).unwrap()).unwrap();
    let sig = k256::ecdsa::Signature::from_der(req.signature.raw_bytes()).unwrap();
    assert_ne!(sig.normalize_s(), sig, "the SDK's signature is high-S");

    let ca = Authority::new_root(
        generate_key().unwrap(),
        "Sanad Test CA",
        &[1],
        t(2025, 1, 1),
        t(2035, 1, 1),
    )
    .unwrap();
    let leaf = ca
        .issue(&api_text, &[0x42], t(2026, 1, 1), t(2027, 1, 1))
        .unwrap();
    let parsed = x509_cert::Certificate::from_der(&leaf).unwrap();
    assert_eq!(parsed.tbs_certificate().subject(), &req.info.subject);
    assert_eq!(
        parsed.tbs_certificate().subject_public_key_info(),
        &req.info.public_key
    );
    let key = signing_key_from_any(&std::fs::read(dir.join("sdk-key.pem")).unwrap()).unwrap();
    Signer::new(key, Certificate::from_der(&leaf).unwrap()).unwrap();

    // A tampered high-S CSR is still refused.
    let mut der = req.to_der().unwrap();
    let at = der.windows(2).position(|w| w == b"SA").unwrap();
    der[at] = b'S';
    der[at + 1] = b'B';
    assert_eq!(
        ca.issue(&der, &[1], t(2026, 1, 1), t(2027, 1, 1)),
        Err(AuthorityError::CsrSignature)
    );
}
