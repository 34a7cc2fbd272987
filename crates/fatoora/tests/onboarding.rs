//! A full onboarding over HTTP on 127.0.0.1: key → CSR → compliance CSID → the six compliance
//! documents → production CSID → report a simplified invoice → clear a standard one → renew.

mod support;

use fatoora::Outcome;
use support::*;
use zatca::api::Environment;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_onboarding_then_report_clear_and_renew() {
    let h = Harness::start(Environment::Sandbox).await;
    let client = h.client(policy());
    // Key and CSR from the engine, for the sandbox's template.
    let device = new_device(
        zatca::api::Environment::Sandbox,
        "399999999900003",
        "1100",
        "ed22f1d8-e6a2-1118-9b58-d9a8f11e445f",
    );
    let dev = onboard_device(&client, device, "123345").await;

    // The production certificate is the simulator CA's, for this device's key.
    let cert = zatca::stamp::Certificate::from_der(&certificate_of(&dev.production_token))
        .expect("production certificate");
    assert_eq!(cert.public_key(), dev.device.key.verifying_key());

    // Report a simplified invoice.
    let simplified = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    let r = client.report(&dev.production, &simplified.submission).await;
    match &r.outcome {
        Outcome::Accepted(body) => {
            assert_eq!(body.reporting_status.as_deref(), Some("REPORTED"));
            assert_eq!(
                body.validation_results.as_ref().map(|v| v.status.as_str()),
                Some("PASS")
            );
        }
        other => panic!("reporting: {other:?}"),
    }

    // Clear a standard invoice: the cleared XML keeps the document, carries the stamp.
    let standard = signed(STANDARD, &new_uuid(2), &dev.signer);
    let c = client.clear(&dev.production, &standard.submission).await;
    let cleared = match &c.outcome {
        Outcome::Accepted(body) => {
            assert_eq!(body.clearance_status.as_deref(), Some("CLEARED"));
            body.cleared_xml().expect("cleared invoice")
        }
        other => panic!("clearance: {other:?}"),
    };
    assert_ne!(cleared, standard.xml, "clearance stamps the document");
    assert_eq!(
        zatca::stamp::invoice_hash(&cleared)
            .expect("hash")
            .to_base64(),
        standard.hash,
        "the stamp leaves the invoice hash (the next PIH) unchanged"
    );
    assert_eq!(
        fatoora_sim::unsigned_of(&cleared).expect("cleared parses"),
        fatoora_sim::unsigned_of(&standard.xml).expect("ours parses"),
        "every byte outside the signature, QR and cac:Signature is kept"
    );
    let report = zatca::verify::verify(&cleared);
    assert!(report.is_valid(), "cleared invoice verifies: {report:?}");
    let stamp_cert = zatca::stamp::Certificate::from_der(&base64_decode(&text_between(
        &cleared,
        "<ds:X509Certificate>",
        "</ds:X509Certificate>",
    )))
    .expect("stamp certificate");
    assert_ne!(stamp_cert.public_key(), dev.device.key.verifying_key());

    // Renew with a new key and CSR (same VAT number); the old CSID stops working.
    let renewal_device = sdk_device("csr-ar-individual-nonproduction");
    let n = client
        .renew_production_csid(&dev.production, "123345", &renewal_device.csr_pem)
        .await;
    let renewed = match &n.outcome {
        Outcome::Accepted(b) => b.clone(),
        other => panic!("renewal: {other:?}"),
    };
    let new_signer = signer(&renewal_device, &renewed.binary_security_token);
    let after = signed(SIMPLIFIED, &new_uuid(3), &new_signer);
    let r = client
        .report(&fatoora::Credentials::from(&renewed), &after.submission)
        .await;
    assert!(matches!(r.outcome, Outcome::Accepted(_)), "{:?}", r.outcome);
    let old = signed(SIMPLIFIED, &new_uuid(4), &dev.signer);
    let r = client.report(&dev.production, &old.submission).await;
    assert!(
        matches!(r.outcome, Outcome::Unauthorized { status: 401, .. }),
        "{:?}",
        r.outcome
    );
}

fn text_between(xml: &[u8], open: &str, close: &str) -> String {
    let s = std::str::from_utf8(xml).expect("utf-8");
    let a = s.find(open).expect("open") + open.len();
    let b = a + s[a..].find(close).expect("close");
    s[a..b].split_whitespace().collect()
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .expect("base64")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn onboarding_gets_through_faults_on_every_onboarding_endpoint() {
    use std::collections::VecDeque;

    use fatoora_sim::{Endpoint, EndpointFaults, Fault, FaultPlan};

    let h = Harness::start(Environment::Sandbox).await;
    let mut plan = FaultPlan::default();
    for ep in [
        Endpoint::ComplianceCsid,
        Endpoint::ComplianceInvoices,
        Endpoint::ProductionCsid,
    ] {
        plan.endpoints.insert(
            ep,
            EndpointFaults {
                queue: VecDeque::from([
                    Fault::ServerError { status: 503 },
                    Fault::DropBefore,
                    Fault::DropAfter,
                    Fault::Malformed,
                    Fault::Throttle {
                        retry_after_secs: 0,
                    },
                ]),
                ..EndpointFaults::default()
            },
        );
    }
    h.sim.set_faults(plan);
    let client = h.client(fatoora::RetryPolicy {
        max_attempts: 8,
        ..policy()
    });
    let dev = onboard(&client, "csr-en-individual-nonproduction", "123345").await;
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    assert!(matches!(
        client
            .report(&dev.production, &doc.submission)
            .await
            .outcome,
        Outcome::Accepted(_)
    ));
    let faults = h.sim.stats().expect("stats").faults;
    assert_eq!(faults.values().sum::<i64>(), 15, "{faults:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_renewal_answer_locks_the_old_csid_out() {
    use std::collections::VecDeque;

    use fatoora_sim::{Endpoint, EndpointFaults, Fault, FaultPlan};

    let h = Harness::start(Environment::Sandbox).await;
    let client = h.client(policy());
    let dev = onboard(&client, "csr-en-individual-nonproduction", "123345").await;
    let mut plan = FaultPlan::default();
    plan.endpoints.insert(
        Endpoint::Renewal,
        EndpointFaults {
            queue: VecDeque::from([Fault::DropAfter]),
            ..EndpointFaults::default()
        },
    );
    h.sim.set_faults(plan);
    let next = sdk_device("csr-ar-individual-nonproduction");
    let r = client
        .renew_production_csid(&dev.production, "123345", &next.csr_pem)
        .await;
    assert_eq!(
        r.attempts.iter().map(|a| a.outcome).collect::<Vec<_>>(),
        ["unknown", "unauthorized"],
        "the server renewed, the answer was lost, the resend met the deactivated CSID"
    );
    assert_eq!(r.outcome.next_step(), fatoora::NextStep::StopAndRenew);
}
