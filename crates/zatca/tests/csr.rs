//! CSRs against the SDK's own output, openssl's verification and field rules; the device fields
//! read back from a CSR and from a certificate issued for it.

mod common;

use std::process::Command;

use authority::Authority;
use chrono::{TimeZone, Utc};
use der::{Decode, Encode};
use x509_cert::request::CertReq;
use zatca::api::Environment;
use zatca::csr::{CsrError, CsrFields, build_csr, generate_key, key_pem};
use zatca::stamp::{Certificate, signing_key_from_any};

fn env_of(case: &str) -> Environment {
    case.rsplit('-').next().unwrap().parse().unwrap()
}

/// For every SDK CSR case, ours from the same properties has the same subject and the same
/// requested extensions (template name, SAN directory name), byte for byte; key and signature
/// aside.
#[test]
fn same_subject_and_extensions_as_the_sdk() {
    let mut n = 0;
    for (name, dir) in common::cases() {
        let Ok(sdk_der) = std::fs::read(dir.join("sdk.csr.der")) else {
            continue;
        };
        let props = std::fs::read_to_string(dir.join("csr.properties")).unwrap();
        let fields = CsrFields::from_properties(&props).unwrap();
        let key = generate_key().unwrap();
        let ours =
            build_csr(&fields, env_of(&name), &key).unwrap_or_else(|e| panic!("{name}: {e}"));
        let ours = CertReq::from_der(ours.der()).unwrap();
        let sdk = CertReq::from_der(&sdk_der).unwrap();
        assert_eq!(ours.info.version, sdk.info.version, "{name}");
        assert_eq!(
            ours.info.subject.to_der().unwrap(),
            sdk.info.subject.to_der().unwrap(),
            "{name}: subject"
        );
        assert_eq!(
            ours.info.attributes.to_der().unwrap(),
            sdk.info.attributes.to_der().unwrap(),
            "{name}: extension request"
        );
        assert_eq!(
            ours.algorithm.oid, sdk.algorithm.oid,
            "{name}: signature algorithm"
        );
        assert_eq!(
            ours.info.public_key.algorithm.to_der().unwrap(),
            sdk.info.public_key.algorithm.to_der().unwrap(),
            "{name}: key algorithm (secp256k1)"
        );
        n += 1;
    }
    assert_eq!(n, 12);
}

fn sample_fields() -> CsrFields {
    let props = std::fs::read_to_string(
        common::cases_dir("csr-ar-group-simulation").join("csr.properties"),
    )
    .unwrap();
    CsrFields::from_properties(&props).unwrap()
}

#[test]
fn openssl_verifies_our_csr() {
    let key = generate_key().unwrap();
    let csr = build_csr(&sample_fields(), Environment::Simulation, &key).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("egs.csr");
    std::fs::write(&path, csr.pem()).unwrap();
    let out = Command::new("openssl")
        .args(["req", "-in"])
        .arg(&path)
        .args(["-noout", "-verify", "-text"])
        .output()
        .expect("openssl must be installed");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("verify OK"), "{text}");
    assert!(text.contains("secp256k1"), "{text}");
    assert!(text.contains("PREZATCA-Code-Signing"), "{text}");
    // The API form is base64 of the PEM text.
    use base64::Engine as _;
    let pem = base64::engine::general_purpose::STANDARD
        .decode(csr.api_text())
        .unwrap();
    assert_eq!(pem, csr.pem().as_bytes());
}

#[test]
fn sdk_failure_cases_fail_the_same_way() {
    let read = |c: &str| {
        CsrFields::from_properties(
            &std::fs::read_to_string(common::cases_dir(c).join("csr.properties")).unwrap(),
        )
        .unwrap()
    };
    let key = generate_key().unwrap();
    assert_eq!(
        build_csr(&read("csr-missing-property"), Environment::Sandbox, &key),
        Err(CsrError::Missing {
            field: "common name"
        })
    );
    assert!(matches!(
        build_csr(&read("csr-unsupported-value"), Environment::Sandbox, &key),
        Err(CsrError::Invalid {
            field: "invoice type",
            ..
        })
    ));
}

#[test]
fn field_rules_name_the_field() {
    let key = generate_key().unwrap();
    let mut f = sample_fields();
    f.organization = "شركة".repeat(16); // 8 bytes each: 128 bytes
    assert_eq!(
        build_csr(&f, Environment::Production, &key),
        Err(CsrError::TooLong {
            field: "organization name",
            bytes: 128,
            max: 127
        })
    );
    f.organization = "ش".repeat(63); // 126 bytes fits
    assert!(build_csr(&f, Environment::Production, &key).is_ok());

    let mut f = sample_fields();
    f.organization_unit = "Riyadh Branch".into(); // VAT group needs the 10-digit TIN
    assert!(matches!(
        build_csr(&f, Environment::Production, &key),
        Err(CsrError::Invalid {
            field: "organization unit name",
            ..
        })
    ));
    let mut f = sample_fields();
    f.vat_number = "30000000000000".into();
    assert!(matches!(
        build_csr(&f, Environment::Production, &key),
        Err(CsrError::Invalid {
            field: "organization identifier (VAT number)",
            ..
        })
    ));
    let mut f = sample_fields();
    f.serial_number = "TST-1".into();
    assert!(matches!(
        build_csr(&f, Environment::Production, &key),
        Err(CsrError::Invalid {
            field: "serial number",
            ..
        })
    ));
    assert!("staging".parse::<Environment>().is_err());
}

#[test]
fn key_pem_round_trips() {
    let key = generate_key().unwrap();
    let pem = key_pem(&key).unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    assert_eq!(signing_key_from_any(pem.as_bytes()).unwrap(), key);
    // The SDK's key files: bare base64 SEC1 and PKCS#8.
    let sdk =
        std::fs::read(common::sdk().join("Data/Certificates/ec-secp256k1-priv-key.pem")).unwrap();
    assert!(signing_key_from_any(&sdk).is_ok());
    let pkcs8 =
        std::fs::read(common::cases_dir("csr-en-group-production").join("sdk-key.pem")).unwrap();
    assert!(signing_key_from_any(&pkcs8).is_ok());
}

#[test]
fn inspect_reads_back_fields_and_environment() {
    for (name, dir) in common::cases() {
        let Ok(sdk_der) = std::fs::read(dir.join("sdk.csr.der")) else {
            continue;
        };
        let props = std::fs::read_to_string(dir.join("csr.properties")).unwrap();
        let fields = CsrFields::from_properties(&props).unwrap();
        let info = zatca::csr::inspect_csr(&sdk_der).unwrap();
        assert_eq!(info.fields, fields, "{name}");
        assert_eq!(info.environment, Some(env_of(&name)), "{name}");
        // The SDK's own file is the API's base64-of-PEM text.
        let api_text = std::fs::read(dir.join("sdk.csr")).unwrap();
        assert_eq!(zatca::csr::inspect_csr(&api_text).unwrap(), info, "{name}");
    }
    let key = generate_key().unwrap();
    let csr = build_csr(&sample_fields(), Environment::Production, &key).unwrap();
    let info = zatca::csr::inspect_csr(csr.pem().as_bytes()).unwrap();
    assert_eq!(info.fields, sample_fields());
    assert_eq!(info.template_name.as_deref(), Some("ZATCA-Code-Signing"));

    // An issued certificate carries the same device fields; so does the SDK's test certificate.
    let t = |y| Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).unwrap();
    let ca = Authority::new_root(
        generate_key().unwrap(),
        "Sanad Test CA",
        &[1],
        t(2025),
        t(2035),
    )
    .unwrap();
    let leaf = ca.issue(csr.der(), &[9], t(2026), t(2027)).unwrap();
    assert_eq!(
        zatca::csr::certificate_fields(&leaf).unwrap(),
        sample_fields()
    );
    let sdk_cert = Certificate::from_any(
        &std::fs::read(common::sdk().join("Data/Certificates/cert.pem")).unwrap(),
    )
    .unwrap();
    let sdk_fields = zatca::csr::certificate_fields(sdk_cert.der()).unwrap();
    assert_eq!(sdk_fields.vat_number, "399999999900003");
    assert_eq!(sdk_fields.invoice_types, "1100");
}
