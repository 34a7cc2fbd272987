//! How long the simulator's certificates live: compliance ones 30 days, production ones
//! `certificate_days` or `certificate_seconds`, changed at run time in-process or over
//! `PUT /admin/certificate-validity`, so that renewal tests can have a certificate due for
//! renewal (within 60 days) or one that expires during the test (then 401).

#[path = "../../fatoora/tests/support/mod.rs"]
mod support;

use std::time::Duration;

use der::Decode;
use fatoora::Outcome;
use support::*;
use zatca::api::Environment;

/// Seconds from now to the certificate's notAfter.
fn seconds_left(token: &str) -> i64 {
    let cert = x509_cert::Certificate::from_der(&certificate_of(token)).expect("certificate");
    let not_after = cert
        .tbs_certificate()
        .validity()
        .not_after
        .to_unix_duration();
    not_after.as_secs() as i64 - chrono::Utc::now().timestamp()
}

const DAY: i64 = 86_400;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_due_for_renewal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::start_with(Environment::Simulation, dir, |cfg| {
        cfg.certificate_days = 59
    })
    .await;
    let c = h.client(policy());
    let env = zatca::api::Environment::Simulation;
    let dev = onboard_device(
        &c,
        new_device(env, "399999999900003", "1100", "due"),
        "123345",
    )
    .await;
    let left = seconds_left(&dev.production_token);
    assert!(
        (58 * DAY..=59 * DAY).contains(&left),
        "{left} s: due within 60 days"
    );
    let compliance = seconds_left(&dev.compliance.token);
    assert!(
        (29 * DAY..=30 * DAY).contains(&compliance),
        "{compliance} s"
    );
    // It works; a renewal issued after the validity changed lives as long as asked.
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    assert!(
        c.report(&dev.production, &doc.submission)
            .await
            .outcome
            .is_accepted()
    );
    h.sim
        .set_certificate_validity(Duration::from_secs(400 * DAY as u64));
    let renewed = c
        .renew_production_csid(&dev.production, "123345", &dev.device.csr_pem)
        .await;
    let token = match &renewed.outcome {
        Outcome::Accepted(b) => b.binary_security_token.clone(),
        other => panic!("{other:?}"),
    };
    assert!(seconds_left(&token) > 399 * DAY);
    // Over HTTP.
    let url = format!("http://{}/admin/certificate-validity", h.sim.addr());
    assert_eq!(http("PUT", &url, r#"{"seconds":90}"#).await.0, 200);
    assert_eq!(http("PUT", &url, r#"{"seconds":0}"#).await.0, 400);
    assert_eq!(http("PUT", &url, r#"{"days":1}"#).await.0, 400);
    let again = c
        .renew_production_csid(
            &fatoora::Credentials::new(token, renewed.outcome.body().expect("csid").secret.clone()),
            "123345",
            &dev.device.csr_pem,
        )
        .await;
    let token = &again.outcome.body().expect("renewed").binary_security_token;
    assert!((60..=90).contains(&seconds_left(token)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_that_expires_during_the_test() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::start_with(Environment::Sandbox, dir, |cfg| {
        cfg.certificate_seconds = Some(2)
    })
    .await;
    let c = h.client(policy());
    let dev = onboard(&c, "csr-en-individual-nonproduction", "123345").await;
    assert!(seconds_left(&dev.production_token) <= 2);
    let first = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    assert!(
        c.report(&dev.production, &first.submission)
            .await
            .outcome
            .is_accepted()
    );
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let late = signed(SIMPLIFIED, &new_uuid(2), &dev.signer);
    let r = c.report(&dev.production, &late.submission).await;
    assert!(
        matches!(r.outcome, Outcome::Unauthorized { status: 401, .. }),
        "{:?}",
        r.outcome
    );
    // An expired CSID cannot renew itself either.
    let r = c
        .renew_production_csid(&dev.production, "123345", &dev.device.csr_pem)
        .await;
    assert!(
        matches!(r.outcome, Outcome::Unauthorized { .. }),
        "{:?}",
        r.outcome
    );
}
