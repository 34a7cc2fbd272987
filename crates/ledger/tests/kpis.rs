//! KPI queries over real submission rows.

mod support;

use chrono::Duration;
use ledger::submissions::{Attempt, Outcome};
use ledger::{Ledger, Timestamp};
use support::{at, new_device, request, setup, shaped_signer};
use zatca::api::{Message, MessageKind, Route};

fn attempt(when: Timestamp, outcome: Outcome, http: Option<u16>, ms: u64) -> Attempt {
    Attempt {
        worker: None,
        route: Route::Reporting,
        endpoint: "/invoices/reporting/single".to_owned(),
        started_at: when,
        duration_ms: ms,
        http_status: http,
        outcome,
        messages: Vec::new(),
        cleared_xml: None,
        retry_at: None,
    }
}

fn issue(ledger: &mut Ledger, device: i64, when: Timestamp) -> i64 {
    ledger
        .issue(&request(device, when), shaped_signer)
        .unwrap()
        .document_id
}

#[test]
fn a_period_of_attempts_gives_every_kpi() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, till1) = setup(&dir.path().join("books.sanad"));
    let till2 = new_device(&mut ledger, "till-2");
    let t = at(10, 0);
    let a = issue(&mut ledger, till1, at(9, 0));
    let b = issue(&mut ledger, till1, at(9, 1));
    let c = issue(&mut ledger, till2, at(9, 2));
    let late = issue(&mut ledger, till2, at(8, 0));
    // a: a timeout, then accepted. b: rejected with two codes. c: accepted with warnings.
    ledger
        .record_attempt(a, &attempt(t, Outcome::Unknown, None, 30_000))
        .unwrap();
    ledger
        .record_attempt(
            a,
            &attempt(t + Duration::minutes(5), Outcome::Accepted, Some(200), 100),
        )
        .unwrap();
    let mut rejected = attempt(t, Outcome::Rejected, Some(400), 300);
    rejected.messages = vec![
        Message::new(MessageKind::Error, "BR-KSA-37", "KSA", "seller address"),
        Message::new(MessageKind::Error, "BR-CO-15", "EN", "totals"),
        Message::new(MessageKind::Warning, "BR-KSA-98", "KSA", "late"),
    ];
    ledger.record_attempt(b, &rejected).unwrap();
    let mut warned = attempt(t, Outcome::AcceptedWithWarnings, Some(202), 200);
    warned.messages = vec![Message::new(
        MessageKind::Warning,
        "BR-KSA-98",
        "KSA",
        "late",
    )];
    ledger.record_attempt(c, &warned).unwrap();
    // Before the period: not counted.
    ledger
        .record_attempt(late, &attempt(at(7, 0), Outcome::NotSent, None, 5))
        .unwrap();

    let k = ledger.kpis(at(9, 30), at(11, 0)).unwrap();
    assert_eq!(k.attempts.total, 4);
    let mut outcomes = k.attempts.by_outcome.clone();
    outcomes.sort_by_key(|(o, _)| o.as_str());
    assert_eq!(
        outcomes,
        [
            (Outcome::Accepted, 1),
            (Outcome::AcceptedWithWarnings, 1),
            (Outcome::Rejected, 1),
            (Outcome::Unknown, 1)
        ]
    );
    assert_eq!((k.delivery.documents, k.delivery.accepted), (3, 2));
    assert!((k.delivery.success_rate().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    // Answered: 100, 300, 200 (the timeout got no answer).
    assert_eq!(
        (
            k.response.answered,
            k.response.average_ms,
            k.response.p95_ms,
            k.response.max_ms
        ),
        (3, 200, 300, 300)
    );
    assert_eq!(
        k.rejections_by_code,
        [("BR-CO-15".to_owned(), 1), ("BR-KSA-37".to_owned(), 1)]
    );
    assert_eq!((k.retries.documents, k.retries.attempts), (3, 4));
    assert_eq!(k.retries.most, Some(("INV-000001".to_owned(), 2)));
    assert!((k.retries.per_document().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(k.oldest_unreported.map(|d| d.id), Some(late));
    assert!(k.bursts.is_empty());

    // An empty period says so without dividing by zero; a backwards one is refused.
    let empty = ledger.kpis(at(20, 0), at(21, 0)).unwrap();
    assert_eq!(empty.attempts.total, 0);
    assert_eq!(empty.delivery.success_rate(), None);
    assert_eq!(empty.response.answered, 0);
    assert_eq!(empty.retries.per_document(), None);
    let err = ledger.kpis(at(21, 0), at(20, 0)).unwrap_err();
    assert!(err.to_string().contains("to"), "{err}");
}

#[test]
fn more_than_five_failures_within_a_minute_on_one_device_is_a_burst() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, till1) = setup(&dir.path().join("books.sanad"));
    let till2 = new_device(&mut ledger, "till-2");
    let t = at(10, 0);
    let docs: Vec<i64> = (0..8)
        .map(|i| issue(&mut ledger, till1, at(9, i)))
        .collect();
    let others: Vec<i64> = (0..6)
        .map(|i| issue(&mut ledger, till2, at(9, 10 + i)))
        .collect();
    // till-1: 6 failures within 50 s, then two more minutes later.
    for (i, d) in docs.iter().take(6).enumerate() {
        ledger
            .record_attempt(
                *d,
                &attempt(
                    t + Duration::seconds(10 * i as i64),
                    Outcome::ServerError,
                    Some(503),
                    40,
                ),
            )
            .unwrap();
    }
    for d in &docs[6..] {
        ledger
            .record_attempt(
                *d,
                &attempt(
                    t + Duration::minutes(3),
                    Outcome::Unauthorized,
                    Some(401),
                    40,
                ),
            )
            .unwrap();
    }
    // till-2: 6 failures, but spread over more than a minute.
    for (i, d) in others.iter().enumerate() {
        ledger
            .record_attempt(
                *d,
                &attempt(
                    t + Duration::seconds(15 * i as i64),
                    Outcome::NotSent,
                    None,
                    1,
                ),
            )
            .unwrap();
    }
    let bursts = ledger.failure_bursts(at(9, 0), at(12, 0)).unwrap();
    assert_eq!(bursts.len(), 1, "{bursts:?}");
    assert_eq!(
        (
            bursts[0].device_id,
            bursts[0].device.as_str(),
            bursts[0].from,
            bursts[0].failures
        ),
        (till1, "till-1", t, 6)
    );
    // Five within the minute is not yet a burst.
    assert!(
        ledger
            .failure_bursts(t + Duration::seconds(5), at(12, 0))
            .unwrap()
            .is_empty()
    );
}
