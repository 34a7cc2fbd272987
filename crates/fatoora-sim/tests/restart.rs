//! The simulator keeps its state in SQLite across restarts: its CA, the CSIDs it issued, what it
//! accepted (duplicates stay duplicates) and its switches. Its admin endpoints work over HTTP.

#[path = "../../fatoora/tests/support/mod.rs"]
mod support;

use fatoora::Outcome;
use support::*;
use zatca::api::Environment;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_survives_a_restart() {
    let h = Harness::start(Environment::Simulation).await;
    let dev = onboard(
        &h.client(policy()),
        "csr-en-individual-simulation",
        "123345",
    )
    .await;
    let ca = h.sim.ca_certificate_der();
    let reported = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    let cleared = signed(STANDARD, &new_uuid(2), &dev.signer);
    let first = h
        .client(policy())
        .clear(&dev.production, &cleared.submission)
        .await;
    let cleared_xml = first
        .outcome
        .body()
        .and_then(|b| b.cleared_xml())
        .expect("cleared");
    assert!(matches!(
        h.client(policy())
            .report(&dev.production, &reported.submission)
            .await
            .outcome,
        Outcome::Accepted(_)
    ));
    h.sim.set_clearance(false).expect("switch");
    let old_addr = h.sim.addr();

    let h = h.restart().await;
    assert_ne!(h.sim.addr(), old_addr);
    assert_eq!(
        h.sim.ca_certificate_der(),
        ca,
        "the same CA after a restart"
    );
    let c = h.client(policy());
    // The production CSID still authenticates; the earlier document is still a duplicate.
    let again = c.report(&dev.production, &reported.submission).await;
    assert!(
        matches!(again.outcome, Outcome::Duplicate { status: 409, .. }),
        "{:?}",
        again.outcome
    );
    // Clearance is still switched off.
    let off = c
        .clear(
            &dev.production,
            &signed(STANDARD, &new_uuid(3), &dev.signer).submission,
        )
        .await;
    assert!(
        matches!(off.outcome, Outcome::ClearanceOff { .. }),
        "{:?}",
        off.outcome
    );
    h.sim.set_clearance(true).expect("switch");
    let dup = c.clear(&dev.production, &cleared.submission).await;
    match &dup.outcome {
        Outcome::Duplicate { status: 208, body } => {
            assert_eq!(body.cleared_xml(), Some(cleared_xml));
        }
        other => panic!("expected 208: {other:?}"),
    }
    let stats = h.sim.stats().expect("stats");
    assert_eq!((stats.accepted_reporting, stats.accepted_clearance), (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_endpoints_over_http() {
    let h = Harness::start(Environment::Production).await;
    let admin = format!("http://{}/admin", h.sim.addr());
    // A fault plan set over HTTP applies to the next request.
    let plan =
        r#"{"endpoints":{"compliance-csid":{"queue":[{"kind":"server-error","status":502}]}}}"#;
    assert_eq!(http("PUT", &format!("{admin}/faults"), plan).await.0, 200);
    let dev = sdk_device("csr-en-individual-production");
    let c = h.client(single(std::time::Duration::from_secs(5)));
    let r = c.compliance_csid("123345", &dev.csr_pem).await;
    assert!(
        matches!(r.outcome, Outcome::ServerError { status: 502, .. }),
        "{:?}",
        r.outcome
    );
    // A minted OTP works; an unknown one does not.
    let (status, body) = http("POST", &format!("{admin}/otp"), "").await;
    assert_eq!(status, 200);
    let otp = serde_json::from_str::<serde_json::Value>(&body).expect("json")["otp"]
        .as_str()
        .expect("otp")
        .to_owned();
    assert_eq!(otp.len(), 6);
    let ok = c.compliance_csid(&otp, &dev.csr_pem).await;
    assert!(
        matches!(ok.outcome, Outcome::Accepted(_)),
        "{:?}",
        ok.outcome
    );
    // Clearance switched off over HTTP.
    assert_eq!(
        http("PUT", &format!("{admin}/clearance"), r#"{"enabled":false}"#)
            .await
            .0,
        200
    );
    // Without `Accept-Version: V2` ZATCA answers 406.
    let (status, body) = http("POST", &format!("{}/compliance", h.sim.base_url()), "{}").await;
    assert_eq!(status, 406);
    assert!(body.contains("Version"), "{body}");
    let (status, pem) = http("GET", &format!("{admin}/ca"), "").await;
    assert_eq!(status, 200);
    assert_eq!(
        pem,
        zatca::csr::certificate_pem(&h.sim.ca_certificate_der())
    );
    let (status, stats) = http("GET", &format!("{admin}/stats"), "").await;
    assert_eq!(status, 200);
    assert!(stats.contains("\"faults\":{\"server-error\":1}"), "{stats}");
}
