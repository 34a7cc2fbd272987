//! The simulator rejects what ZATCA rejects, and warns where ZATCA warns, with ZATCA's codes.

mod support;

use fatoora::{ApiError, InvoiceSubmission, Outcome};
use support::*;
use zatca::api::Environment;
use zatca::api::Message;

fn error_codes(outcome: &Outcome<impl std::fmt::Debug>) -> Vec<String> {
    match outcome {
        Outcome::Rejected { validation } => validation
            .error_messages
            .iter()
            .map(|m: &Message| m.code.clone())
            .collect(),
        other => panic!("expected a rejection with validationResults: {other:?}"),
    }
}

fn refusal(outcome: &Outcome<impl std::fmt::Debug>) -> ApiError {
    match outcome {
        Outcome::BadRequest { errors, .. } => errors[0].clone(),
        other => panic!("expected a refusal: {other:?}"),
    }
}

/// A refused CSR: its status, `requestID` and the plain strings of `errors`.
fn csr_refusal(outcome: &Outcome<impl std::fmt::Debug>) -> (u16, Option<i64>, Vec<String>) {
    match outcome {
        Outcome::CsrRefused {
            status,
            disposition,
            request_id,
            errors,
        } => {
            assert_eq!(disposition.as_deref(), Some("NOT_COMPLIANT"));
            assert!(errors.iter().all(|e| e.code.is_empty()), "plain strings");
            (
                *status,
                *request_id,
                errors.iter().map(|e| e.message.clone()).collect(),
            )
        }
        other => panic!("expected a refused CSR: {other:?}"),
    }
}

/// The `certificate-permissions` errors of a rejection: category and message.
fn cover(outcome: &Outcome<impl std::fmt::Debug>) -> Vec<(String, String)> {
    match outcome {
        Outcome::Rejected { validation } => validation
            .error_messages
            .iter()
            .filter(|m: &&Message| m.code == "certificate-permissions")
            .map(|m| (m.category.clone(), m.message.clone()))
            .collect(),
        other => panic!("expected a rejection: {other:?}"),
    }
}

fn warning_codes(outcome: &Outcome<impl std::fmt::Debug>) -> Vec<String> {
    match outcome {
        Outcome::AcceptedWithWarnings { warnings, .. } => {
            warnings.iter().map(|m| m.code.clone()).collect()
        }
        other => panic!("expected 202 with warnings: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampered_hash_and_tampered_content() {
    let h = Harness::start(Environment::Sandbox).await;
    let c = h.client(policy());
    let dev = onboard(&c, "csr-en-individual-nonproduction", "123345").await;
    // A body hash that is not the document's.
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    let wrong = InvoiceSubmission::new(
        &doc.xml,
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        &doc.uuid,
    );
    let r = c.report(&dev.production, &wrong).await;
    assert!(error_codes(&r.outcome).contains(&"invalid-invoice-hash".to_owned()));
    // Content changed after signing, the original hash sent along.
    let text = String::from_utf8(doc.xml.clone()).expect("utf-8");
    let tampered = text.replacen("<cbc:IssueTime>", "<cbc:IssueTime>0", 1);
    assert_ne!(tampered, text);
    let r = c
        .report(
            &dev.production,
            &InvoiceSubmission::new(tampered.as_bytes(), &doc.hash, &doc.uuid),
        )
        .await;
    let codes = error_codes(&r.outcome);
    assert!(
        codes.contains(&"invalid-invoice-hash".to_owned()),
        "{codes:?}"
    );
    assert_eq!(h.sim.stats().expect("stats").accepted_reporting, 0);
}

/// A document signed with a certificate that is not the device's is reported with warnings,
/// as at ZATCA (202 REPORTED, `certificate-issuer-name` / `invalid-signing-certificate`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signing_certificate_that_does_not_match_is_a_warning() {
    let h = Harness::start(Environment::Sandbox).await;
    let c = h.client(policy());
    let a = onboard(&c, "csr-en-individual-nonproduction", "123345").await;
    let b = onboard(&c, "csr-ar-individual-nonproduction", "123345").await;
    // Signed by device B of the same taxpayer, sent with device A's credentials: a valid
    // certificate for this VAT number.
    let doc = signed(SIMPLIFIED, &new_uuid(1), &b.signer);
    let r = c.report(&a.production, &doc.submission).await;
    assert!(matches!(r.outcome, Outcome::Accepted(_)), "{:?}", r.outcome);
    // Signed with ZATCA SDK's own test certificate, which this CA did not issue.
    let certs = vendor().join("Data/Certificates");
    let sdk = zatca::stamp::Signer::from_any(
        &std::fs::read(certs.join("ec-secp256k1-priv-key.pem")).expect("key"),
        &std::fs::read(certs.join("cert.pem")).expect("cert"),
    )
    .expect("SDK signer");
    let doc = signed(SIMPLIFIED, &new_uuid(2), &sdk);
    let r = c.report(&a.production, &doc.submission).await;
    assert_eq!(
        warning_codes(&r.outcome),
        ["certificate-issuer-name", "invalid-signing-certificate"]
    );
    assert_eq!(
        r.outcome.body().and_then(|b| b.reporting_status.as_deref()),
        Some("REPORTED")
    );
    // Signed with a certificate this CA issued for another VAT number (a VAT group's).
    let group = sdk_device("csr-en-group-nonproduction");
    let csid = match c.compliance_csid("123345", &group.csr_pem).await.outcome {
        Outcome::Accepted(b) => b,
        other => panic!("{other:?}"),
    };
    let doc = signed(
        SIMPLIFIED,
        &new_uuid(3),
        &signer(&group, &csid.binary_security_token),
    );
    let r = c.report(&a.production, &doc.submission).await;
    assert_eq!(warning_codes(&r.outcome), ["invalid-signing-certificate"]);
    assert_eq!(h.sim.stats().expect("stats").accepted_reporting, 3);
}

/// A certificate whose title does not cover the document's kind: ZATCA's
/// `certificate-permissions`, at the compliance checks, at reporting and at clearance.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_title_that_does_not_cover_the_document() {
    let h = Harness::start(Environment::Simulation).await;
    let c = h.client(policy());
    let env = zatca::api::Environment::Simulation;
    let standard_only = onboard_device(
        &c,
        new_device(env, "399999999900003", "1000", "a"),
        "123345",
    )
    .await;
    let simplified_only = onboard_device(
        &c,
        new_device(env, "399999999900003", "0100", "b"),
        "123345",
    )
    .await;
    let simplified = signed(SIMPLIFIED, &new_uuid(1), &standard_only.signer);
    let r = c
        .report(&standard_only.production, &simplified.submission)
        .await;
    assert_eq!(
        cover(&r.outcome),
        [(
            "CERTIFICATE_ERRORS".to_owned(),
            "Production CSID does not cover Simplified documents".to_owned()
        )]
    );
    let standard = signed(STANDARD, &new_uuid(2), &simplified_only.signer);
    let r = c
        .clear(&simplified_only.production, &standard.submission)
        .await;
    assert_eq!(
        cover(&r.outcome)[0].1,
        "Production CSID does not cover Standard documents"
    );
    // At the compliance checks: a compliance CSID for standard documents only.
    let device = new_device(env, "399999999900003", "1000", "c");
    let csid = match c.compliance_csid("123345", &device.csr_pem).await.outcome {
        Outcome::Accepted(b) => b,
        other => panic!("{other:?}"),
    };
    let doc = signed(
        SIMPLIFIED,
        &new_uuid(3),
        &signer(&device, &csid.binary_security_token),
    );
    let r = c
        .compliance_invoice(&fatoora::Credentials::from(&csid), &doc.submission)
        .await;
    assert_eq!(
        cover(&r.outcome)[0].1,
        "Production CSID does not cover Simplified documents"
    );
    let stats = h.sim.stats().expect("stats");
    assert_eq!((stats.accepted_reporting, stats.accepted_clearance), (0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wrong_environments_template() {
    let h = Harness::start(Environment::Sandbox).await;
    let c = h.client(policy());
    // A simulation CSR (PREZATCA-Code-Signing) sent to the sandbox.
    let dev = sdk_device("csr-en-individual-simulation");
    let r = c.compliance_csid("123345", &dev.csr_pem).await;
    // ZATCA's own answer: NOT_COMPLIANT, requestID -2, denied by the certificate services.
    let (status, request_id, errors) = csr_refusal(&r.outcome);
    assert_eq!((status, request_id, r.attempts.len()), (400, Some(-2), 1));
    assert!(
        errors[0].contains("Denied by Policy Module")
            && errors[0].contains("policy: PREZATCA-Code-Signing."),
        "{errors:?}"
    );
    // The same kind of CSR is welcome in the simulation environment.
    let sim = Harness::start(Environment::Simulation).await;
    let r = sim
        .client(policy())
        .compliance_csid("123345", &dev.csr_pem)
        .await;
    assert!(matches!(r.outcome, Outcome::Accepted(_)), "{:?}", r.outcome);
    // And a production CSR is refused there.
    let prod = sdk_device("csr-en-individual-production");
    let r = sim
        .client(policy())
        .compliance_csid("123345", &prod.csr_pem)
        .await;
    assert!(csr_refusal(&r.outcome).2[0].contains("policy: ZATCA-Code-Signing."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_compliance_step() {
    let h = Harness::start(Environment::Sandbox).await;
    let c = h.client(policy());
    let device = sdk_device("csr-en-individual-nonproduction");
    let csid = match c.compliance_csid("123345", &device.csr_pem).await.outcome {
        Outcome::Accepted(b) => b,
        other => panic!("{other:?}"),
    };
    let creds = fatoora::Credentials::from(&csid);
    let s = signer(&device, &csid.binary_security_token);
    // Five of the six documents that title 1100 promises.
    for (i, (_, sample)) in SIX.iter().enumerate().filter(|(i, _)| *i != 4) {
        let doc = signed(sample, &new_uuid(i as u64), &s);
        assert!(
            c.compliance_invoice(&creds, &doc.submission)
                .await
                .outcome
                .is_accepted()
        );
    }
    let r = c.production_csid(&creds, csid.request_id).await;
    let e = refusal(&r.outcome);
    assert_eq!(e.code, "Missing-ComplianceSteps");
    assert!(
        e.message.contains("[simplified-credit-note-compliant]"),
        "{}",
        e.message
    );
    // A failed check does not count as a step.
    let doc = signed(SIX[4].1, &new_uuid(40), &s);
    let bad = InvoiceSubmission::new(
        &doc.xml,
        &signed(SIX[4].1, &new_uuid(41), &s).hash,
        &doc.uuid,
    );
    assert!(matches!(
        c.compliance_invoice(&creds, &bad).await.outcome,
        Outcome::Rejected { .. }
    ));
    assert_eq!(
        refusal(&c.production_csid(&creds, csid.request_id).await.outcome).code,
        "Missing-ComplianceSteps"
    );
    // The sixth completes onboarding.
    assert!(
        c.compliance_invoice(&creds, &doc.submission)
            .await
            .outcome
            .is_accepted()
    );
    assert!(matches!(
        c.production_csid(&creds, csid.request_id).await.outcome,
        Outcome::Accepted(_)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reused_uuid_with_other_content() {
    let h = Harness::start(Environment::Sandbox).await;
    let c = h.client(policy());
    let dev = onboard(&c, "csr-en-individual-nonproduction", "123345").await;
    let first = signed(SIMPLIFIED, &new_uuid(7), &dev.signer);
    assert!(matches!(
        c.report(&dev.production, &first.submission).await.outcome,
        Outcome::Accepted(_)
    ));
    // Another document (a credit note) under the same UUID.
    let second = signed(
        "Simplified/Credit/Simplified_Credit_Note.xml",
        &new_uuid(7),
        &dev.signer,
    );
    assert_ne!(first.hash, second.hash);
    let r = c.report(&dev.production, &second.submission).await;
    let codes = error_codes(&r.outcome);
    assert!(codes.contains(&"uuid-already-used".to_owned()), "{codes:?}");
    assert_eq!(h.sim.stats().expect("stats").accepted_reporting, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vat_number_other_than_the_certificates() {
    let h = Harness::start(Environment::Sandbox).await;
    let c = h.client(policy());
    // The group CSR's certificate holds VAT 399999999910003; the samples' seller is
    // 399999999900003. Even the compliance checks fail, so onboarding is done by hand here.
    let device = sdk_device("csr-en-group-nonproduction");
    let csid = match c.compliance_csid("123345", &device.csr_pem).await.outcome {
        Outcome::Accepted(b) => b,
        other => panic!("{other:?}"),
    };
    let s = signer(&device, &csid.binary_security_token);
    let doc = signed(SIMPLIFIED, &new_uuid(1), &s);
    let r = c
        .compliance_invoice(&fatoora::Credentials::from(&csid), &doc.submission)
        .await;
    match &r.outcome {
        Outcome::Rejected { validation } => {
            let m = validation
                .error_messages
                .iter()
                .find(|m| m.code == "certificate-permissions")
                .expect("certificate-permissions");
            assert_eq!(m.category, "CERTIFICATE_ERRORS");
        }
        other => panic!("expected a rejection: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn otp_and_csr_fields_are_checked() {
    let h = Harness::start(Environment::Sandbox).await;
    let c = h.client(policy());
    let dev = sdk_device("csr-en-individual-nonproduction");
    // Expired OTP.
    h.sim
        .add_otp(
            "654321",
            Some(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .expect("otp");
    let r = c.compliance_csid("654321", &dev.csr_pem).await;
    let e = refusal(&r.outcome);
    assert_eq!(e.code, "Invalid-OTP");
    assert!(e.message.contains("expired"));
    // Not a CSR: refused once, in the CSID shape, and not resent.
    let r = c
        .compliance_csid(
            "123345",
            "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
        )
        .await;
    let (status, request_id, errors) = csr_refusal(&r.outcome);
    assert_eq!((status, request_id, r.attempts.len()), (400, Some(-1), 1));
    assert!(errors[0].starts_with("CSR: "), "{errors:?}");
    // An empty OTP.
    let r = c.compliance_csid("", &dev.csr_pem).await;
    assert_eq!(refusal(&r.outcome).code, "Invalid-OTP");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_production_csid_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::start_with(Environment::Sandbox, dir, |cfg| cfg.certificate_days = 0).await;
    let c = h.client(policy());
    let dev = onboard(&c, "csr-en-individual-nonproduction", "123345").await;
    // Production certificates here live one second.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    let r = c.report(&dev.production, &doc.submission).await;
    assert!(
        matches!(r.outcome, Outcome::Unauthorized { status: 401, .. }),
        "{:?}",
        r.outcome
    );
    assert_eq!(r.outcome.next_step(), fatoora::NextStep::StopAndRenew);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_rule_files_reject_wrong_totals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let validator = vendor().join("../../tools/validate.py");
    let h = Harness::start_with(Environment::Sandbox, dir, |cfg| {
        cfg.rules_command = Some(vec!["python3".into(), validator.display().to_string()])
    })
    .await;
    let c = h.client(policy());
    let dev = onboard(&c, "csr-en-individual-nonproduction", "123345").await;
    // A document whose totals do not add up, yet correctly hashed and signed.
    let unsigned = String::from_utf8(unsigned_sample(SIMPLIFIED, &new_uuid(1))).expect("utf-8");
    let open = "<cbc:TaxInclusiveAmount currencyID=\"SAR\">";
    let at = unsigned.find(open).expect("TaxInclusiveAmount") + open.len();
    let end = at + unsigned[at..].find('<').expect("end");
    let wrong = format!("{}999.99{}", &unsigned[..at], &unsigned[end..]);
    let s = zatca::stamp::sign(wrong.as_bytes(), &dev.signer, signing_time()).expect("signs");
    let hash = s.hash.to_base64();
    let sub = InvoiceSubmission::new(&s.xml, &hash, &new_uuid(1));
    let r = c.report(&dev.production, &sub).await;
    match &r.outcome {
        Outcome::Rejected { validation } => {
            let m = validation
                .error_messages
                .iter()
                .find(|m| m.code == "BR-CO-15")
                .unwrap_or_else(|| panic!("BR-CO-15 in {validation:?}"));
            assert_eq!(m.category, "EN_16931");
            assert!(
                validation
                    .info_messages
                    .iter()
                    .any(|m| m.code == "XSD_ZATCA_VALID"),
                "the schema ran and passed"
            );
        }
        other => panic!("expected a rejection: {other:?}"),
    }
    // The sample as it is passes the rules (with the 24-hour warning of an old simplified invoice).
    let ok = signed(SIMPLIFIED, &new_uuid(2), &dev.signer);
    let r = c.report(&dev.production, &ok.submission).await;
    match &r.outcome {
        Outcome::AcceptedWithWarnings { warnings, .. } => {
            assert!(
                warnings.iter().any(|w| w.code == "BR-KSA-98"),
                "{warnings:?}"
            );
        }
        other => panic!("expected 202: {other:?}"),
    }
}
