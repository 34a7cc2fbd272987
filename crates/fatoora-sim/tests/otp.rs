//! OTPs as the Fatoora portal hands them out: minted in-process or over `POST /admin/otp`,
//! valid for `otp_seconds`, then refused as expired; configured ones never expire.

#[path = "../../fatoora/tests/support/mod.rs"]
mod support;

use std::time::Duration;

use fatoora::{ApiError, Outcome};
use support::*;
use zatca::api::Environment;

fn refusal<T: std::fmt::Debug>(o: &Outcome<T>) -> ApiError {
    match o {
        Outcome::BadRequest { errors, .. } => errors[0].clone(),
        other => panic!("expected a refusal: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_minted_otp_works_until_it_expires() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::start_with(Environment::Simulation, dir, |cfg| {
        cfg.otps.clear();
        cfg.otp_seconds = 2;
    })
    .await;
    let c = h.client(single(Duration::from_secs(5)));
    let env = zatca::api::Environment::Simulation;
    let dev = new_device(env, "399999999900003", "1100", "otp-1");

    // In-process, as practice mode hands it to the user.
    let otp = h.sim.mint_otp().expect("otp");
    assert_eq!(otp.otp.len(), 6);
    assert!(otp.otp.bytes().all(|b| b.is_ascii_digit()));
    let left = otp.expires_at - chrono::Utc::now();
    assert!(left > chrono::Duration::zero() && left <= chrono::Duration::seconds(2));
    let r = c.compliance_csid(&otp.otp, &dev.csr_pem).await;
    assert!(matches!(r.outcome, Outcome::Accepted(_)), "{:?}", r.outcome);

    // Over HTTP, with the same lifetime.
    let (status, body) = http("POST", &format!("http://{}/admin/otp", h.sim.addr()), "").await;
    assert_eq!(status, 200);
    let minted: serde_json::Value = serde_json::from_str(&body).expect("json");
    let http_otp = minted["otp"].as_str().expect("otp").to_owned();
    assert!(
        minted["expiresAt"]
            .as_str()
            .is_some_and(|t| t.contains('T'))
    );

    tokio::time::sleep(Duration::from_millis(2_200)).await;
    let e = refusal(&c.compliance_csid(&http_otp, &dev.csr_pem).await.outcome);
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("Invalid-OTP", "The provided OTP has expired")
    );
    let e = refusal(&c.compliance_csid(&otp.otp, &dev.csr_pem).await.outcome);
    assert_eq!(e.code, "Invalid-OTP", "the used one has expired too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configured_otps_never_expire_and_unknown_ones_are_refused() {
    let h = Harness::start(Environment::Sandbox).await;
    let c = h.client(policy());
    let dev = sdk_device("csr-en-individual-nonproduction");
    let e = refusal(&c.compliance_csid("000000", &dev.csr_pem).await.outcome);
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("Invalid-OTP", "The provided OTP is invalid")
    );
    // An OTP added with an expiry in the past, and one without an expiry.
    h.sim
        .add_otp(
            "111111",
            Some(chrono::Utc::now() - chrono::Duration::seconds(1)),
        )
        .expect("otp");
    h.sim.add_otp("222222", None).expect("otp");
    assert_eq!(
        refusal(&c.compliance_csid("111111", &dev.csr_pem).await.outcome).code,
        "Invalid-OTP"
    );
    for otp in ["123345", "222222", "222222"] {
        let r = c.compliance_csid(otp, &dev.csr_pem).await;
        assert!(
            matches!(r.outcome, Outcome::Accepted(_)),
            "{otp}: {:?}",
            r.outcome
        );
    }
    // The state keeps them across a restart.
    let h = h.restart().await;
    let c = h.client(policy());
    assert!(
        c.compliance_csid("222222", &dev.csr_pem)
            .await
            .outcome
            .is_accepted()
    );
}
