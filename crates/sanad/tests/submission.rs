//! Issuing and the submission worker against the real simulator over HTTP, the real ledger on
//! disk and the real keychain: one test per kind of answer FATOORA gives.

mod support;

use std::collections::VecDeque;

use chrono::{Duration, Utc};
use fatoora_sim::{Endpoint, EndpointFaults, Fault, FaultPlan};
use ledger::documents::DocumentStatus as S;
use ledger::submissions::Outcome;
use sanad::clock::FixedClock;
use sanad::issuing::{self, Options, Paper};
use sanad::session::Session;
use sanad::worker;
use support::*;
use zatca::api::Route;

fn faults(ep: Endpoint, queue: Vec<Fault>) -> FaultPlan {
    let mut plan = FaultPlan::default();
    plan.endpoints.insert(
        ep,
        EndpointFaults {
            queue: VecDeque::from(queue),
            ..EndpointFaults::default()
        },
    );
    plan
}

fn offline_opts() -> Options {
    Options {
        clear_now: false,
        ..Options::default()
    }
}

async fn issue(s: &Session, input: &sanad::issuing::IssueInput, opts: &Options) -> issuing::Issued {
    issuing::issue(s, input, opts)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"))
}

fn status(s: &Session, id: i64) -> S {
    s.books.ledger().document(id).unwrap().summary.status
}

fn outcomes(s: &Session, id: i64) -> Vec<(Route, Outcome)> {
    s.books
        .ledger()
        .attempts(id)
        .unwrap()
        .into_iter()
        .map(|a| (a.route, a.outcome))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sale_is_reported_and_a_standard_invoice_cleared_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let clock = FixedClock::new(Utc::now());
    let s = onboarded(&dir.path().join("data"), &sim, clock.clone()).await;

    let sale = issue(
        &s,
        &sale(),
        &Options {
            paper: Some(Paper::Receipt),
            ..Options::default()
        },
    )
    .await;
    assert_eq!(sale.state, S::Queued);
    assert!(sale.number.starts_with("TILL1-"));
    let receipt = sale.pdf.as_ref().unwrap();
    assert!(!receipt.preview && receipt.bytes.starts_with(b"%PDF-"));
    let round = worker::run_once(&s, &worker::Options::default())
        .await
        .unwrap();
    assert_eq!((round.sent, round.accepted), (1, 1));
    assert_eq!(status(&s, sale.document_id), S::Reported);
    // Nothing is left to send: a second round sends nothing.
    assert_eq!(
        worker::run_once(&s, &worker::Options::default())
            .await
            .unwrap()
            .sent,
        0
    );

    let b2b = issue(
        &s,
        &b2b(),
        &Options {
            clear_now: true,
            paper: Some(Paper::A4),
            ..Options::default()
        },
    )
    .await;
    assert_eq!(b2b.state, S::Cleared);
    let doc = s.books.ledger().document(b2b.document_id).unwrap();
    let cleared = doc.cleared_xml.clone().expect("ZATCA's cleared XML kept");
    assert_ne!(cleared, doc.signed_xml);
    let pdf = b2b.pdf.as_ref().unwrap();
    assert!(!pdf.preview);
    assert!(contains(&pdf.bytes, b"TILL1-000002.xml"));
    assert_eq!(sim.stats().unwrap().uuids_accepted_twice, 0);
    assert_eq!(chain_verifies(&s.books), 2);
    s.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn warnings_are_kept_and_a_late_document_is_still_sent() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let clock = FixedClock::new(Utc::now() - Duration::hours(26));
    let s = onboarded(&dir.path().join("data"), &sim, clock.clone()).await;
    let late = issue(&s, &sale(), &offline_opts()).await;
    clock.set(Utc::now());
    let round = worker::run_once(&s, &worker::Options::default())
        .await
        .unwrap();
    assert_eq!(round.accepted, 1);
    assert_eq!(status(&s, late.document_id), S::ReportedWithWarnings);
    let attempt = &s.books.ledger().attempts(late.document_id).unwrap()[0];
    assert_eq!(attempt.http_status, Some(202));
    assert!(attempt.messages.iter().any(|m| m.code == "BR-KSA-98"));
    s.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_lost_after_sending_is_resent_identically_and_accepted_once() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let clock = FixedClock::new(Utc::now());
    let s = onboarded(&dir.path().join("data"), &sim, clock.clone()).await;

    // Reporting: the answer is lost (ZATCA has it), the resend is a 409 duplicate.
    sim.set_faults(faults(Endpoint::Reporting, vec![Fault::DropAfter]));
    let sale = issue(&s, &sale(), &offline_opts()).await;
    worker::run_once(&s, &worker::Options::default())
        .await
        .unwrap();
    assert_eq!(status(&s, sale.document_id), S::InDoubt);
    clock.advance(Duration::minutes(20));
    worker::run_once(&s, &worker::Options::default())
        .await
        .unwrap();
    assert_eq!(status(&s, sale.document_id), S::Reported);
    let o = outcomes(&s, sale.document_id);
    assert_eq!(
        o,
        vec![
            (Route::Reporting, Outcome::Unknown),
            (Route::Reporting, Outcome::Duplicate)
        ]
    );
    assert_eq!(
        s.books.ledger().attempts(sale.document_id).unwrap()[1].http_status,
        Some(409)
    );

    // Clearance: the same, the resend is a 208 carrying the cleared XML.
    sim.set_faults(faults(Endpoint::Clearance, vec![Fault::DropAfter]));
    let b2b = issue(
        &s,
        &b2b(),
        &Options {
            clear_now: true,
            ..Options::default()
        },
    )
    .await;
    assert_eq!(b2b.state, S::InDoubt);
    clock.advance(Duration::minutes(20));
    worker::run_once(&s, &worker::Options::default())
        .await
        .unwrap();
    // ZATCA's 208 carries its duplicate warning, kept with the attempt.
    assert_eq!(status(&s, b2b.document_id), S::ClearedWithWarnings);
    let attempts = s.books.ledger().attempts(b2b.document_id).unwrap();
    assert_eq!(attempts[1].http_status, Some(208));
    assert!(
        attempts[1]
            .messages
            .iter()
            .any(|m| m.code == "Invoice-Warning" && m.category == "Duplicate-Invoice")
    );
    assert!(
        s.books
            .ledger()
            .document(b2b.document_id)
            .unwrap()
            .cleared_xml
            .is_some()
    );

    let stats = sim.stats().unwrap();
    assert_eq!(stats.uuids_accepted_twice, 0);
    assert_eq!(
        stats.uuids_with_differing_bodies, 0,
        "every resend carried the same bytes"
    );
    assert_eq!(stats.duplicates_answered, 2);
    s.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn throttling_and_server_trouble_are_retried_not_before_retry_after() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let clock = FixedClock::new(Utc::now());
    let s = onboarded(&dir.path().join("data"), &sim, clock.clone()).await;
    sim.set_faults(faults(
        Endpoint::Reporting,
        vec![
            Fault::Throttle {
                retry_after_secs: 600,
            },
            Fault::ServerError { status: 502 },
            Fault::Unavailable {
                retry_after_secs: 30,
            },
        ],
    ));
    let sale = issue(&s, &sale(), &offline_opts()).await;
    let opts = worker::Options::default();
    worker::run_once(&s, &opts).await.unwrap();
    assert_eq!(status(&s, sale.document_id), S::Queued);
    // Retry-After 600 s: not due a minute later, due after ten.
    clock.advance(Duration::minutes(1));
    assert_eq!(worker::run_once(&s, &opts).await.unwrap().sent, 0);
    for _ in 0..3 {
        clock.advance(Duration::minutes(30));
        worker::run_once(&s, &opts).await.unwrap();
    }
    assert_eq!(status(&s, sale.document_id), S::Reported);
    let o: Vec<Outcome> = outcomes(&s, sale.document_id)
        .into_iter()
        .map(|(_, o)| o)
        .collect();
    assert_eq!(
        o,
        vec![
            Outcome::Throttled,
            Outcome::ServerError,
            Outcome::ServerError,
            Outcome::Accepted
        ]
    );
    // The KPIs from the attempt rows.
    let k = sanad::kpis::kpis(
        &s.books,
        Utc::now() - Duration::days(1),
        Utc::now() + Duration::days(1),
    )
    .unwrap();
    assert_eq!(
        (k.documents_sent, k.documents_accepted, k.attempts),
        (1, 1, 4)
    );
    assert_eq!(k.retries_per_document, Some(3.0));
    assert_eq!(k.success_rate, Some(1.0));
    assert_eq!(k.devices[0].device, "till-1");
    assert!(k.devices[0].days_left.unwrap() > 300);
    s.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn clearance_switched_off_sends_the_same_bytes_to_reporting() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let clock = FixedClock::new(Utc::now());
    let s = onboarded(&dir.path().join("data"), &sim, clock.clone()).await;
    sim.set_clearance(false).unwrap();
    let b2b = issue(
        &s,
        &b2b(),
        &Options {
            clear_now: true,
            ..Options::default()
        },
    )
    .await;
    assert_eq!(b2b.state, S::Queued);
    clock.advance(Duration::minutes(20));
    worker::run_once(&s, &worker::Options::default())
        .await
        .unwrap();
    assert_eq!(status(&s, b2b.document_id), S::Reported);
    assert_eq!(
        outcomes(&s, b2b.document_id),
        vec![
            (Route::Clearance, Outcome::ClearanceOff),
            (Route::Reporting, Outcome::Accepted)
        ]
    );
    assert_eq!(sim.stats().unwrap().uuids_with_differing_bodies, 0);
    s.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_invoice_stays_in_the_chain_and_is_corrected_by_a_credit_note() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let clock = FixedClock::new(Utc::now());
    let s = onboarded(&dir.path().join("data"), &sim, clock.clone()).await;
    // The company's VAT number changed after onboarding: ZATCA rejects what the device signs.
    let mut moved = company();
    moved.vat_number = "399999999800003".to_owned();
    sanad::company::set(&s.books, &moved).unwrap();
    let bad = issue(
        &s,
        &b2b(),
        &Options {
            clear_now: true,
            ..Options::default()
        },
    )
    .await;
    assert_eq!(bad.state, S::Rejected);
    let messages = &s.books.ledger().attempts(bad.document_id).unwrap()[0].messages;
    assert!(!messages.is_empty(), "ZATCA's reasons are kept");
    let k = sanad::kpis::kpis(
        &s.books,
        Utc::now() - Duration::days(1),
        Utc::now() + Duration::days(1),
    )
    .unwrap();
    assert!(!k.rejections.is_empty());
    assert!(
        k.rejections.iter().all(|r| r.explanation.is_some()),
        "{:?}",
        k.rejections
    );
    // Back to the right profile: a credit note for the rejected invoice, and a new invoice.
    sanad::company::set(&s.books, &company()).unwrap();
    let credit = issuing::notes::note(
        &s,
        &sanad::issuing::notes::NoteInput {
            of: bad.number.clone(),
            of_date: None,
            credit: true,
            reason: "Rejected by ZATCA: wrong VAT number".to_owned(),
            lines: vec![
                sanad::issuing::notes::NoteLine {
                    line: 1,
                    quantity: "8".parse().unwrap(),
                },
                sanad::issuing::notes::NoteLine {
                    line: 2,
                    quantity: "2".parse().unwrap(),
                },
            ],
            amount: None,
            flow: None,
            customer_id: None,
            vat: None,
        },
        &Options {
            clear_now: true,
            ..Options::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(credit.total_incl_vat, bad.total_incl_vat);
    let again = issue(
        &s,
        &b2b(),
        &Options {
            clear_now: true,
            ..Options::default()
        },
    )
    .await;
    assert_eq!(again.state, S::Cleared);
    assert_ne!(again.uuid, bad.uuid);
    // The rejected document keeps its place: ICV 1, 2, 3 and every PIH links.
    assert_eq!((bad.icv, credit.icv, again.icv), (1, 2, 3));
    assert_eq!(chain_verifies(&s.books), 3);
    // Nothing more can be credited on it.
    let more = issuing::notes::note(
        &s,
        &sanad::issuing::notes::NoteInput {
            of: bad.number.clone(),
            of_date: None,
            credit: true,
            reason: "again".to_owned(),
            lines: vec![],
            amount: Some("1".parse().unwrap()),
            flow: None,
            customer_id: None,
            vat: None,
        },
        &offline_opts(),
    )
    .await
    .unwrap_err();
    assert_eq!(more[0].code, "SANAD-CREDIT-EXCEEDS");
    s.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn request_problems_and_size_are_held_for_a_person_never_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let clock = FixedClock::new(Utc::now());
    let s = onboarded(&dir.path().join("data"), &sim, clock.clone()).await;
    sim.set_faults(faults(
        Endpoint::Reporting,
        vec![
            Fault::Refuse {
                status: 400,
                code: "Invalid-Request".into(),
                message: "bad body".into(),
            },
            Fault::Refuse {
                status: 413,
                code: "Payload-Too-Large".into(),
                message: "too big".into(),
            },
        ],
    ));
    let a = issue(&s, &sale(), &offline_opts()).await;
    let b = issue(&s, &sale(), &offline_opts()).await;
    let round = worker::run_once(
        &s,
        &worker::Options {
            concurrency: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(round.held, 2);
    assert_eq!(status(&s, a.document_id), S::Held);
    assert_eq!(status(&s, b.document_id), S::Held);
    assert_eq!(outcomes(&s, a.document_id)[0].1, Outcome::BadRequest);
    assert_eq!(outcomes(&s, b.document_id)[0].1, Outcome::TooLarge);
    // Held documents are not resent blindly.
    clock.advance(Duration::hours(1));
    assert_eq!(
        worker::run_once(&s, &worker::Options::default())
            .await
            .unwrap()
            .sent,
        0
    );
    s.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_day_offline_then_everything_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let addr = sim.addr();
    let start = Utc::now() - Duration::hours(25);
    let clock = FixedClock::new(start);
    let s = onboarded(&dir.path().join("data"), &sim, clock.clone()).await;
    sim.stop().await;
    let n = 500;
    let mut ids = Vec::new();
    for _ in 0..n {
        clock.advance(Duration::seconds(180));
        ids.push(issue(&s, &sale(), &offline_opts()).await.document_id);
    }
    // FATOORA out of reach: nothing is sent, everything stays queued.
    let round = worker::run_once(
        &s,
        &worker::Options {
            batch: 1000,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(round.retrying, n);
    assert!(round.alerts.iter().any(|a| a == "SANAD-REPORTING-LATE"));
    // FATOORA is back (same state, same port).
    let cfg = fatoora_sim::SimConfig::new(
        zatca::api::Environment::Simulation,
        dir.path().join("zatca.sqlite"),
    );
    let sim = fatoora_sim::Simulator::start(cfg, addr).await.unwrap();
    clock.set(Utc::now() + Duration::minutes(20));
    let round = worker::run_once(
        &s,
        &worker::Options {
            batch: 1000,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(round.accepted, n);
    for id in &ids {
        assert!(matches!(
            status(&s, *id),
            S::Reported | S::ReportedWithWarnings
        ));
    }
    let stats = sim.stats().unwrap();
    assert_eq!(stats.accepted_reporting, n as i64);
    assert_eq!(stats.uuids_accepted_twice, 0);
    assert_eq!(chain_verifies(&s.books), n);
    s.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_a_standard_invoice_awaits_clearance_and_prints_only_as_a_preview() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let clock = FixedClock::new(Utc::now());
    let s = onboarded(&dir.path().join("data"), &sim, clock.clone()).await;
    sim.set_faults(faults(Endpoint::Clearance, vec![Fault::DropBefore]));
    let b2b = issue(
        &s,
        &b2b(),
        &Options {
            clear_now: true,
            paper: Some(Paper::A4),
            ..Options::default()
        },
    )
    .await;
    assert!(matches!(b2b.state, S::Queued | S::InDoubt));
    assert!(b2b.pdf.as_ref().unwrap().preview, "not valid until cleared");
    clock.advance(Duration::minutes(20));
    worker::run_once(&s, &worker::Options::default())
        .await
        .unwrap();
    assert_eq!(status(&s, b2b.document_id), S::Cleared);
    let pdf = issuing::pdf(&s.books, b2b.document_id, Paper::A4).unwrap();
    assert!(!pdf.preview);
    // The PDF embeds ZATCA's cleared bytes, byte for byte (pdfdetach).
    let path = dir.path().join("cleared.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let out = dir.path().join("embedded.xml");
    let st = std::process::Command::new("pdfdetach")
        .args(["-save", "1", "-o"])
        .arg(&out)
        .arg(&path)
        .status()
        .expect("pdfdetach (poppler-utils)");
    assert!(st.success());
    let cleared = s
        .books
        .ledger()
        .document(b2b.document_id)
        .unwrap()
        .cleared_xml
        .unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), cleared);
    s.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn fatoora_out_of_reach_means_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let clock = FixedClock::new(Utc::now());
    let s = onboarded(&dir.path().join("data"), &sim, clock.clone()).await;
    sim.stop().await;
    let sale = issue(&s, &sale(), &offline_opts()).await;
    worker::run_once(&s, &worker::Options::default())
        .await
        .unwrap();
    assert_eq!(
        outcomes(&s, sale.document_id),
        vec![(Route::Reporting, Outcome::NotSent)]
    );
    assert_eq!(status(&s, sale.document_id), S::Queued);
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_credentials_pause_the_device_until_a_renewal_never_rejecting() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let clock = FixedClock::new(Utc::now());
    let s = onboarded(&dir.path().join("data"), &sim, clock.clone()).await;
    sim.set_faults(faults(
        Endpoint::Reporting,
        vec![Fault::Refuse {
            status: 401,
            code: "".into(),
            message: "Unauthorized".into(),
        }],
    ));
    let a = issue(&s, &sale(), &offline_opts()).await;
    let b = issue(&s, &sale(), &offline_opts()).await;
    let round = worker::run_once(
        &s,
        &worker::Options {
            concurrency: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(round.paused_devices, vec!["till-1".to_owned()]);
    assert!(round.alerts.iter().any(|c| c == "SANAD-QUEUE-PAUSED"));
    assert_eq!(
        outcomes(&s, a.document_id),
        vec![(Route::Reporting, Outcome::Unauthorized)]
    );
    for id in [a.document_id, b.document_id] {
        assert_eq!(
            status(&s, id),
            S::Queued,
            "never rejected, never held for it"
        );
    }
    let device = s.books.ledger().device_by_name("till-1").unwrap();
    assert!(device.queue_paused.is_some());
    // Paused: nothing of the device goes out, however long one waits.
    clock.advance(Duration::hours(2));
    assert_eq!(
        worker::run_once(&s, &worker::Options::default())
            .await
            .unwrap()
            .sent,
        0
    );
    // The accountant renews the CSID: the queue goes on.
    let otp = sim.mint_otp().unwrap().otp;
    sanad::onboarding::renew(&s.books, s.fatoora.as_ref().unwrap(), "till-1", Some(&otp))
        .await
        .unwrap();
    assert!(
        s.books
            .ledger()
            .device_by_name("till-1")
            .unwrap()
            .queue_paused
            .is_none()
    );
    let round = worker::run_once(&s, &worker::Options::default())
        .await
        .unwrap();
    assert_eq!(round.accepted, 2);
    assert_eq!(status(&s, a.document_id), S::Reported);
    assert_eq!(status(&s, b.document_id), S::Reported);
    s.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_workers_never_send_one_document_twice() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let clock = FixedClock::new(Utc::now());
    let s = onboarded(&dir.path().join("data"), &sim, clock.clone()).await;
    for _ in 0..60 {
        issue(&s, &sale(), &offline_opts()).await;
    }
    let opts = worker::Options {
        batch: 7,
        concurrency: 3,
        ..Default::default()
    };
    let before = sim.stats().unwrap().attempts;
    let mut total = 0;
    loop {
        let (a, b) = tokio::join!(
            worker::run_as(&s, &opts, "worker-a"),
            worker::run_as(&s, &opts, "worker-b")
        );
        let sent = a.unwrap().sent + b.unwrap().sent;
        if sent == 0 {
            break;
        }
        total += sent;
    }
    assert_eq!(total, 60, "each document sent exactly once");
    let stats = sim.stats().unwrap();
    assert_eq!(
        stats.attempts - before,
        60,
        "one request per document, no more"
    );
    assert_eq!(stats.uuids_accepted_twice, 0);
    s.close().await;
    sim.stop().await;
}
