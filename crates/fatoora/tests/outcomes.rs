//! One test per row of ZATCA's answers table: the client over real HTTP on 127.0.0.1 against the
//! simulator, each answer becoming its value of `Outcome`.

mod support;

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use fatoora::{Credentials, InvoiceSubmission, NextStep, Outcome};
use fatoora_sim::{Endpoint, EndpointFaults, Fault, FaultPlan};
use support::*;
use zatca::api::Environment;

fn queue(endpoint: Endpoint, faults: Vec<Fault>) -> FaultPlan {
    let mut plan = FaultPlan::default();
    plan.endpoints.insert(
        endpoint,
        EndpointFaults {
            queue: VecDeque::from(faults),
            ..EndpointFaults::default()
        },
    );
    plan
}

async fn ready() -> (Harness, Onboarded) {
    let h = Harness::start(Environment::Sandbox).await;
    let dev = onboard(
        &h.client(policy()),
        "csr-en-individual-nonproduction",
        "123345",
    )
    .await;
    (h, dev)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_200_accepted() {
    let (h, dev) = ready().await;
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    let r = h
        .client(policy())
        .report(&dev.production, &doc.submission)
        .await;
    assert!(matches!(r.outcome, Outcome::Accepted(_)), "{:?}", r.outcome);
    assert_eq!(r.outcome.next_step(), NextStep::Done);
    assert_eq!(r.attempts.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_202_accepted_with_warnings() {
    let (h, dev) = ready().await;
    // A standard invoice whose QR is another invoice's: ZATCA replaces a standard invoice's QR at
    // clearance, so a stale one only warns.
    let doc = signed(STANDARD, &new_uuid(1), &dev.signer);
    let other = signed(STANDARD, &new_uuid(2), &dev.signer);
    let qr = |xml: &[u8]| -> String {
        let s = std::str::from_utf8(xml).expect("utf-8");
        let at = s.find("<cbc:ID>QR</cbc:ID>").expect("QR reference");
        let open = at
            + s[at..]
                .find("<cbc:EmbeddedDocumentBinaryObject")
                .expect("object");
        let start = open + s[open..].find('>').expect(">") + 1;
        let end = start + s[start..].find('<').expect("<");
        s[start..end].to_owned()
    };
    let stale = String::from_utf8(doc.xml.clone())
        .expect("utf-8")
        .replace(&qr(&doc.xml), &qr(&other.xml));
    let sub = InvoiceSubmission::new(stale.as_bytes(), &doc.hash, &doc.uuid);
    let r = h.client(policy()).clear(&dev.production, &sub).await;
    match &r.outcome {
        Outcome::AcceptedWithWarnings { body, warnings } => {
            assert!(
                warnings
                    .iter()
                    .any(|w| w.code == "invoiceHash_QRCODE_INVALID"),
                "{warnings:?}"
            );
            assert_eq!(warnings[0].kind, zatca::api::MessageKind::Warning);
            assert_eq!(body.clearance_status.as_deref(), Some("CLEARED"));
            assert!(body.cleared_xml().is_some());
        }
        other => panic!("expected 202: {other:?}"),
    }
    assert_eq!(r.outcome.next_step(), NextStep::Done);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_208_clearance_duplicate_returns_the_cleared_invoice() {
    let (h, dev) = ready().await;
    let c = h.client(policy());
    let doc = signed(STANDARD, &new_uuid(1), &dev.signer);
    let first = c.clear(&dev.production, &doc.submission).await;
    let cleared = first
        .outcome
        .body()
        .and_then(|b| b.cleared_xml())
        .expect("cleared");
    let again = c.clear(&dev.production, &doc.submission).await;
    match &again.outcome {
        Outcome::Duplicate { status: 208, body } => {
            assert_eq!(body.cleared_xml().as_deref(), Some(cleared.as_slice()));
        }
        other => panic!("expected 208: {other:?}"),
    }
    assert!(again.outcome.is_accepted());
    assert_eq!(h.sim.stats().expect("stats").accepted_clearance, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_409_reporting_duplicate() {
    let (h, dev) = ready().await;
    let c = h.client(policy());
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    assert!(matches!(
        c.report(&dev.production, &doc.submission).await.outcome,
        Outcome::Accepted(_)
    ));
    let again = c.report(&dev.production, &doc.submission).await;
    match &again.outcome {
        Outcome::Duplicate { status: 409, body } => {
            assert_eq!(
                body.reporting_status.as_deref(),
                Some("REPORTED_SUCCESSFULLY_EARLIER")
            );
        }
        other => panic!("expected 409: {other:?}"),
    }
    assert_eq!(again.outcome.next_step(), NextStep::Done);
    assert_eq!(h.sim.stats().expect("stats").accepted_reporting, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_303_clearance_off_then_the_same_bytes_are_reported() {
    let (h, dev) = ready().await;
    let c = h.client(policy());
    h.sim.set_clearance(false).expect("switch");
    let doc = signed(STANDARD, &new_uuid(1), &dev.signer);
    let r = c.clear(&dev.production, &doc.submission).await;
    assert!(
        matches!(r.outcome, Outcome::ClearanceOff { .. }),
        "{:?}",
        r.outcome
    );
    assert_eq!(r.outcome.next_step(), NextStep::SendToReporting);
    let rep = c.report(&dev.production, &doc.submission).await;
    assert!(
        matches!(rep.outcome, Outcome::Accepted(_)),
        "{:?}",
        rep.outcome
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_400_rejected_keeps_zatca_messages() {
    let (h, dev) = ready().await;
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    let other = signed(SIMPLIFIED, &new_uuid(2), &dev.signer);
    let sub = InvoiceSubmission::new(&doc.xml, &other.hash, &doc.uuid);
    let r = h.client(policy()).report(&dev.production, &sub).await;
    match &r.outcome {
        Outcome::Rejected { validation } => {
            assert_eq!(validation.status, "ERROR");
            let e = &validation.error_messages[0];
            assert_eq!(
                (
                    e.kind.as_str(),
                    e.code.as_str(),
                    e.category.as_str(),
                    e.status.as_str()
                ),
                (
                    "ERROR",
                    "invalid-invoice-hash",
                    "INVOICE_HASHING_ERRORS",
                    "ERROR"
                )
            );
            assert!(e.message.contains("does not match"));
        }
        other => panic!("expected rejection: {other:?}"),
    }
    assert_eq!(r.outcome.next_step(), NextStep::CorrectWithCreditNote);
    assert_eq!(r.attempts.len(), 1, "a rejection is never retried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_400_without_validation_results_is_a_bad_request() {
    let (h, dev) = ready().await;
    let c = h.client(policy());
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    let sub = InvoiceSubmission::new(&doc.xml, &doc.hash, "");
    let r = c.report(&dev.production, &sub).await;
    match &r.outcome {
        Outcome::BadRequest { errors, .. } => {
            assert_eq!(errors[0].code, "Invalid-Request");
            assert!(errors[0].message.contains("uuid"), "{errors:?}");
        }
        other => panic!("expected bad request: {other:?}"),
    }
    assert_eq!(r.outcome.next_step(), NextStep::FixRequest);
    assert_eq!(r.attempts.len(), 1);
    let otp = c
        .compliance_csid(
            "000000",
            &sdk_device("csr-en-individual-nonproduction").csr_pem,
        )
        .await;
    match &otp.outcome {
        Outcome::BadRequest { errors, .. } => assert_eq!(errors[0].code, "Invalid-OTP"),
        other => panic!("expected Invalid-OTP: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_401_credentials_wrong() {
    let (h, dev) = ready().await;
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    let wrong = Credentials::new(dev.production.token.clone(), "not-the-secret");
    let r = h.client(policy()).report(&wrong, &doc.submission).await;
    assert!(
        matches!(r.outcome, Outcome::Unauthorized { status: 401, .. }),
        "{:?}",
        r.outcome
    );
    assert_eq!(r.outcome.next_step(), NextStep::StopAndRenew);
    assert_eq!(r.attempts.len(), 1);
    // A compliance CSID is no production CSID.
    let r = h
        .client(policy())
        .report(&dev.compliance, &doc.submission)
        .await;
    assert!(matches!(
        r.outcome,
        Outcome::Unauthorized { status: 401, .. }
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_413_payload_too_large() {
    let (h, dev) = ready().await;
    let big = vec![b'x'; 3 * 1024 * 1024];
    let sub = InvoiceSubmission::new(&big, "aGFzaA==", &new_uuid(1));
    let r = h.client(policy()).report(&dev.production, &sub).await;
    assert!(matches!(r.outcome, Outcome::TooLarge), "{:?}", r.outcome);
    assert_eq!(r.outcome.next_step(), NextStep::ShowTooLarge);
    assert_eq!(r.attempts.len(), 1, "never retried blindly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_429_retry_after_is_honoured() {
    let (h, dev) = ready().await;
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    h.sim.set_faults(queue(
        Endpoint::Reporting,
        vec![Fault::Throttle {
            retry_after_secs: 1,
        }],
    ));
    let once = h
        .client(single(Duration::from_secs(5)))
        .report(&dev.production, &doc.submission)
        .await;
    match once.outcome {
        Outcome::Throttled { retry_after } => {
            assert_eq!(retry_after, Some(Duration::from_secs(1)));
        }
        other => panic!("expected 429: {other:?}"),
    }
    h.sim.set_faults(queue(
        Endpoint::Reporting,
        vec![Fault::Throttle {
            retry_after_secs: 1,
        }],
    ));
    let t0 = Instant::now();
    let r = h
        .client(policy())
        .report(&dev.production, &doc.submission)
        .await;
    assert!(r.outcome.is_accepted(), "{:?}", r.outcome);
    assert!(t0.elapsed() >= Duration::from_secs(1), "waited as asked");
    assert!(r.attempts[1].waited >= Duration::from_secs(1));
    assert_eq!(
        r.attempts.iter().map(|a| a.outcome).collect::<Vec<_>>(),
        ["throttled", "accepted"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_5xx_server_trouble_is_retried() {
    let (h, dev) = ready().await;
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    h.sim.set_faults(queue(
        Endpoint::Reporting,
        vec![Fault::ServerError { status: 503 }],
    ));
    let once = h
        .client(single(Duration::from_secs(5)))
        .report(&dev.production, &doc.submission)
        .await;
    assert!(
        matches!(once.outcome, Outcome::ServerError { status: 503, .. }),
        "{:?}",
        once.outcome
    );
    assert_eq!(once.outcome.next_step(), NextStep::ResendIdentical);
    h.sim.set_faults(queue(
        Endpoint::Reporting,
        vec![Fault::Unavailable {
            retry_after_secs: 0,
        }],
    ));
    let maintenance = h
        .client(single(Duration::from_secs(5)))
        .report(&dev.production, &doc.submission)
        .await;
    assert_eq!(
        maintenance.outcome,
        Outcome::ServerError {
            status: 503,
            retry_after: Some(Duration::ZERO),
            errors: vec![fatoora::ApiError {
                code: "Service-Unavailable".into(),
                message: "Service unavailable".into()
            }]
        }
    );
    h.sim.set_faults(queue(
        Endpoint::Reporting,
        vec![
            Fault::ServerError { status: 500 },
            Fault::ServerError { status: 504 },
        ],
    ));
    let r = h
        .client(policy())
        .report(&dev.production, &doc.submission)
        .await;
    assert!(matches!(r.outcome, Outcome::Accepted(_)), "{:?}", r.outcome);
    assert_eq!(r.attempts.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_timeout_after_sending_is_unknown_and_a_resend_is_a_duplicate() {
    let (h, dev) = ready().await;
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    // The answer is lost after the server processed the document.
    h.sim
        .set_faults(queue(Endpoint::Reporting, vec![Fault::DropAfter]));
    let lost = h
        .client(single(Duration::from_secs(5)))
        .report(&dev.production, &doc.submission)
        .await;
    assert!(
        matches!(lost.outcome, Outcome::Unknown { .. }),
        "{:?}",
        lost.outcome
    );
    assert_eq!(lost.outcome.next_step(), NextStep::ResendIdentical);
    let again = h
        .client(policy())
        .report(&dev.production, &doc.submission)
        .await;
    assert!(
        matches!(again.outcome, Outcome::Duplicate { status: 409, .. }),
        "{:?}",
        again.outcome
    );
    // A real timeout: the answer takes longer than the client waits.
    let slow = signed(SIMPLIFIED, &new_uuid(2), &dev.signer);
    h.sim.set_faults(queue(
        Endpoint::Reporting,
        vec![Fault::Latency { ms: 1500 }],
    ));
    let timed_out = h
        .client(single(Duration::from_millis(300)))
        .report(&dev.production, &slow.submission)
        .await;
    assert!(
        matches!(timed_out.outcome, Outcome::Unknown { .. }),
        "{:?}",
        timed_out.outcome
    );
    let resent = h
        .client(policy())
        .report(&dev.production, &slow.submission)
        .await;
    assert!(resent.outcome.is_accepted(), "{:?}", resent.outcome);
    let stats = h.sim.stats().expect("stats");
    assert_eq!(stats.accepted_reporting, 2);
    assert_eq!(stats.uuids_accepted_twice, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_connection_dropped_before_processing_is_unknown_then_accepted() {
    let (h, dev) = ready().await;
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    h.sim
        .set_faults(queue(Endpoint::Reporting, vec![Fault::DropBefore]));
    let r = h
        .client(policy())
        .report(&dev.production, &doc.submission)
        .await;
    assert!(matches!(r.outcome, Outcome::Accepted(_)), "{:?}", r.outcome);
    assert_eq!(
        r.attempts.iter().map(|a| a.outcome).collect::<Vec<_>>(),
        ["unknown", "accepted"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_connection_refused_is_not_sent() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let client = fatoora::Client::new(
        &fatoora::Target::custom(
            Environment::Production,
            format!("http://127.0.0.1:{port}/e-invoicing/core"),
        ),
        fatoora::Language::Ar,
        fatoora::RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(5),
            ..policy()
        },
    )
    .expect("client");
    let sub = InvoiceSubmission::new(b"<Invoice/>", "aGFzaA==", &new_uuid(1));
    let r = client.report(&Credentials::new("t", "s"), &sub).await;
    assert!(
        matches!(r.outcome, Outcome::NotSent { .. }),
        "{:?}",
        r.outcome
    );
    assert_eq!(r.outcome.next_step(), NextStep::KeepQueued);
    assert_eq!(r.attempts.len(), 3, "retried within the policy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_malformed_body_then_a_resend_is_a_duplicate() {
    let (h, dev) = ready().await;
    let doc = signed(STANDARD, &new_uuid(1), &dev.signer);
    h.sim
        .set_faults(queue(Endpoint::Clearance, vec![Fault::Malformed]));
    let once = h
        .client(single(Duration::from_secs(5)))
        .clear(&dev.production, &doc.submission)
        .await;
    assert!(
        matches!(once.outcome, Outcome::Malformed { status: 200, .. }),
        "{:?}",
        once.outcome
    );
    let again = h
        .client(policy())
        .clear(&dev.production, &doc.submission)
        .await;
    assert!(
        matches!(again.outcome, Outcome::Duplicate { status: 208, .. }),
        "{:?}",
        again.outcome
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unexpected_status_is_its_own_value() {
    let h = Harness::start(Environment::Sandbox).await;
    let client = fatoora::Client::new(
        &fatoora::Target::custom(
            Environment::Sandbox,
            format!("http://{}/e-invoicing/nowhere", h.sim.addr()),
        ),
        fatoora::Language::En,
        policy(),
    )
    .expect("client");
    let sub = InvoiceSubmission::new(b"<Invoice/>", "aGFzaA==", &new_uuid(1));
    let r = client.report(&Credentials::new("t", "s"), &sub).await;
    assert!(
        matches!(r.outcome, Outcome::UnexpectedStatus { status: 404, .. }),
        "{:?}",
        r.outcome
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_stop_within_the_total_budget() {
    let (h, dev) = ready().await;
    let doc = signed(SIMPLIFIED, &new_uuid(1), &dev.signer);
    h.sim.set_faults(queue(
        Endpoint::Reporting,
        vec![Fault::ServerError { status: 502 }; 50],
    ));
    let budget = Duration::from_millis(400);
    let t0 = Instant::now();
    let r = h
        .client(fatoora::RetryPolicy {
            max_attempts: 50,
            base_delay: Duration::from_millis(50),
            max_delay: Duration::from_millis(100),
            request_timeout: Duration::from_secs(2),
            connect_timeout: Duration::from_secs(1),
            total_budget: budget,
        })
        .report(&dev.production, &doc.submission)
        .await;
    assert!(matches!(
        r.outcome,
        Outcome::ServerError { status: 502, .. }
    ));
    assert!(
        t0.elapsed() < budget + Duration::from_millis(300),
        "{:?}",
        t0.elapsed()
    );
    assert!(r.attempts.len() < 50);
}
