//! The fault plan: a queue of faults per endpoint applied in order to that endpoint only, then
//! random faults at a rate; `drop-after` commits before the connection is cut, `drop-before`
//! does not; the plan is read and replaced over HTTP, and the faults are counted by kind.

#[path = "../../fatoora/tests/support/mod.rs"]
mod support;

use std::time::Duration;

use fatoora::Outcome;
use fatoora_sim::{Endpoint, EndpointFaults, Fault, FaultPlan};
use support::*;
use zatca::api::Environment;

fn queue(endpoint: Endpoint, faults: Vec<Fault>) -> FaultPlan {
    let mut plan = FaultPlan::default();
    plan.endpoints.insert(
        endpoint,
        EndpointFaults {
            queue: faults.into(),
            ..Default::default()
        },
    );
    plan
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queue_applies_in_order_to_its_endpoint_only() {
    let h = Harness::start(Environment::Sandbox).await;
    let dev = onboard(
        &h.client(policy()),
        "csr-en-individual-nonproduction",
        "123345",
    )
    .await;
    h.sim.set_faults(queue(
        Endpoint::Reporting,
        vec![
            Fault::ServerError { status: 502 },
            Fault::Throttle {
                retry_after_secs: 1,
            },
            Fault::Malformed,
        ],
    ));
    let c = h.client(single(Duration::from_secs(5)));
    // Clearance is not touched by the reporting queue.
    let standard = signed(STANDARD, &new_uuid(1), &dev.signer);
    assert!(matches!(
        c.clear(&dev.production, &standard.submission).await.outcome,
        Outcome::Accepted(_)
    ));
    let doc = signed(SIMPLIFIED, &new_uuid(2), &dev.signer);
    let mut labels = Vec::new();
    for _ in 0..4 {
        labels.push(
            c.report(&dev.production, &doc.submission)
                .await
                .outcome
                .label(),
        );
    }
    // The malformed answer was processed: the next send is a duplicate.
    assert_eq!(
        labels,
        ["server_error", "throttled", "malformed", "duplicate"]
    );
    let stats = h.sim.stats().expect("stats");
    assert_eq!(
        stats.faults.into_iter().collect::<Vec<_>>(),
        [
            ("malformed".to_owned(), 1),
            ("server-error".to_owned(), 1),
            ("throttle".to_owned(), 1)
        ]
    );
    assert_eq!(
        (stats.accepted_reporting, stats.duplicates_answered),
        (1, 1)
    );
    assert_eq!(stats.uuids_with_differing_bodies, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drop_after_commits_and_drop_before_does_not() {
    let h = Harness::start(Environment::Sandbox).await;
    let dev = onboard(
        &h.client(policy()),
        "csr-en-individual-nonproduction",
        "123345",
    )
    .await;
    let c = h.client(single(Duration::from_secs(5)));
    let before = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    h.sim
        .set_faults(queue(Endpoint::Reporting, vec![Fault::DropBefore]));
    let r = c.report(&dev.production, &before.submission).await;
    assert_eq!(r.outcome.label(), "unknown");
    assert!(h.sim.accepted(&before.uuid).expect("accepted").is_empty());

    let after = signed(SIMPLIFIED, &new_uuid(2), &dev.signer);
    h.sim
        .set_faults(queue(Endpoint::Reporting, vec![Fault::DropAfter]));
    let r = c.report(&dev.production, &after.submission).await;
    assert_eq!(r.outcome.label(), "unknown");
    let accepted = h.sim.accepted(&after.uuid).expect("accepted");
    assert_eq!(accepted.len(), 1, "committed before the cut");
    assert_eq!(
        (accepted[0].hash.as_str(), accepted[0].flow.as_str()),
        (after.hash.as_str(), "reporting")
    );
    // The resend is a duplicate; the one dropped before is accepted now, once.
    assert_eq!(
        c.report(&dev.production, &after.submission)
            .await
            .outcome
            .label(),
        "duplicate"
    );
    assert_eq!(
        c.report(&dev.production, &before.submission)
            .await
            .outcome
            .label(),
        "accepted"
    );
    assert_eq!(h.sim.accepted(&before.uuid).expect("accepted").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plan_over_http_and_a_rate() {
    let h = Harness::start(Environment::Sandbox).await;
    let url = format!("http://{}/admin/faults", h.sim.addr());
    let plan = r#"{"endpoints":{"compliance-csid":{"rate":1.0,"kinds":[{"kind":"unavailable","retry_after_secs":0}]}}}"#;
    assert_eq!(http("PUT", &url, plan).await.0, 200);
    let (status, read) = http("GET", &url, "").await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<FaultPlan>(&read).expect("plan"),
        serde_json::from_str::<FaultPlan>(plan).expect("plan")
    );
    // A plan that cannot be read is refused; the one in force stays.
    let (status, body) = http("PUT", &url, r#"{"endpoints":{"nowhere":{}}}"#).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("Invalid-Request"), "{body}");
    assert_eq!(http("GET", &url, "").await.1, read);
    // Rate 1: every request to that endpoint is faulted.
    let c = h.client(single(Duration::from_secs(5)));
    let dev = sdk_device("csr-en-individual-nonproduction");
    for _ in 0..3 {
        let r = c.compliance_csid("123345", &dev.csr_pem).await;
        assert!(
            matches!(r.outcome, Outcome::ServerError { status: 503, .. }),
            "{:?}",
            r.outcome
        );
    }
    assert_eq!(http("PUT", &url, "{}").await.0, 200);
    assert!(
        c.compliance_csid("123345", &dev.csr_pem)
            .await
            .outcome
            .is_accepted()
    );
    assert_eq!(
        h.sim.stats().expect("stats").faults.get("unavailable"),
        Some(&3)
    );
}
