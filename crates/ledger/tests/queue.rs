//! Submission attempts, document statuses and the queue queries.

mod support;

use chrono::Duration;
use ledger::documents::DocumentStatus;
use ledger::queue::Lateness;
use ledger::submissions::{Attempt, Outcome};
use support::{at, request, setup, shaped_for, shaped_signer};
use zatca::api::{Message, MessageKind, Route};
use zatca::model::Flow;

fn attempt(outcome: Outcome, http: Option<u16>) -> Attempt {
    Attempt {
        worker: None,
        route: Route::Reporting,
        endpoint: "/invoices/reporting/single".to_owned(),
        started_at: at(12, 0),
        duration_ms: 180,
        http_status: http,
        outcome,
        messages: Vec::new(),
        cleared_xml: None,
        retry_at: None,
    }
}

#[test]
fn each_attempt_is_an_immutable_row_and_moves_the_status() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.sanad");
    let (mut ledger, device) = setup(&path);
    let doc = ledger
        .issue(&request(device, at(9, 0)), shaped_signer)
        .unwrap();
    let id = doc.document_id;
    assert_eq!(
        ledger
            .record_attempt(id, &attempt(Outcome::NotSent, None))
            .unwrap(),
        DocumentStatus::Queued
    );
    assert_eq!(
        ledger
            .record_attempt(id, &attempt(Outcome::Unknown, None))
            .unwrap(),
        DocumentStatus::InDoubt
    );
    // Still in doubt after a 503: ZATCA may have the first one.
    assert_eq!(
        ledger
            .record_attempt(id, &attempt(Outcome::ServerError, Some(503)))
            .unwrap(),
        DocumentStatus::InDoubt
    );
    let mut dup = attempt(Outcome::Duplicate, Some(409));
    dup.messages.push(Message::new(
        MessageKind::Warning,
        "BR-KSA-98",
        "KSA",
        "reported late",
    ));
    assert_eq!(
        ledger.record_attempt(id, &dup).unwrap(),
        DocumentStatus::ReportedWithWarnings
    );
    // A stray later attempt is kept on record but does not undo ZATCA's answer.
    assert_eq!(
        ledger
            .record_attempt(id, &attempt(Outcome::NotSent, None))
            .unwrap(),
        DocumentStatus::ReportedWithWarnings
    );
    let rows = ledger.attempts(id).unwrap();
    assert_eq!(
        rows.iter().map(|a| a.attempt).collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5]
    );
    assert_eq!(rows[3].messages[0].code, "BR-KSA-98");
    assert_eq!(rows[2].http_status, Some(503));
    assert_eq!(ledger.document(id).unwrap().attempts, 5);
    let raw = rusqlite::Connection::open(&path).unwrap();
    assert!(
        raw.execute(
            "UPDATE submissions SET outcome = 'accepted' WHERE id = 1",
            []
        )
        .is_err()
    );
    assert!(
        raw.execute("DELETE FROM submissions WHERE id = 1", [])
            .is_err()
    );
}

#[test]
fn clearance_keeps_zatcas_cleared_bytes_as_the_document_of_record() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let mut req = request(device, at(9, 0));
    req.flow = Flow::Standard;
    let doc = ledger.issue(&req, shaped_for(&req)).unwrap();
    assert_eq!(ledger.awaiting_clearance().unwrap().len(), 1);
    let mut ok = attempt(Outcome::Accepted, Some(200));
    ok.route = Route::Clearance;
    ok.endpoint = "/invoices/clearance/single".to_owned();
    let err = ledger.record_attempt(doc.document_id, &ok).unwrap_err();
    assert!(err.to_string().contains("cleared_xml"), "{err}");
    ok.cleared_xml = Some(b"<Invoice>cleared by ZATCA</Invoice>".to_vec());
    assert_eq!(
        ledger.record_attempt(doc.document_id, &ok).unwrap(),
        DocumentStatus::Cleared
    );
    let stored = ledger.document(doc.document_id).unwrap();
    assert_eq!(
        stored.document_of_record(),
        b"<Invoice>cleared by ZATCA</Invoice>"
    );
    assert_ne!(stored.signed_xml, stored.cleared_xml.clone().unwrap());
    assert!(ledger.awaiting_clearance().unwrap().is_empty());
}

#[test]
fn rejected_and_held_documents_leave_the_send_queue() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let a = ledger
        .issue(&request(device, at(9, 0)), shaped_signer)
        .unwrap();
    let b = ledger
        .issue(&request(device, at(9, 1)), shaped_signer)
        .unwrap();
    let c = ledger
        .issue(&request(device, at(9, 2)), shaped_signer)
        .unwrap();
    assert_eq!(
        ledger
            .record_attempt(a.document_id, &attempt(Outcome::Rejected, Some(400)))
            .unwrap(),
        DocumentStatus::Rejected
    );
    assert_eq!(
        ledger
            .record_attempt(b.document_id, &attempt(Outcome::TooLarge, Some(413)))
            .unwrap(),
        DocumentStatus::Held
    );
    let next = ledger.next_to_send(at(12, 0), 10).unwrap();
    assert_eq!(
        next.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![c.document_id]
    );
    assert_eq!(ledger.held().unwrap()[0].id, b.document_id);
    // A rejected document stays in the chain: the next one still links to it.
    assert_eq!(ledger.chain_head(device).unwrap().unwrap().icv, 3);
}

#[test]
fn a_failing_document_waits_for_its_retry_time_and_does_not_block_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let stuck = ledger
        .issue(&request(device, at(9, 0)), shaped_signer)
        .unwrap();
    let other = ledger
        .issue(&request(device, at(9, 1)), shaped_signer)
        .unwrap();
    let mut throttled = attempt(Outcome::Throttled, Some(429));
    throttled.retry_at = Some(at(12, 30));
    ledger
        .record_attempt(stuck.document_id, &throttled)
        .unwrap();
    let now = ledger.next_to_send(at(12, 0), 10).unwrap();
    assert_eq!(
        now.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![other.document_id]
    );
    let later = ledger.next_to_send(at(12, 31), 10).unwrap();
    assert_eq!(
        later.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![stuck.document_id, other.document_id]
    );
}

#[test]
fn late_simplified_documents_are_bucketed_by_12_20_and_24_hours() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let now = at(23, 0) + Duration::hours(24); // 2026-11-21 23:00
    let ages = [2, 13, 21, 25, 30];
    let mut ids = Vec::new();
    for (i, hours) in ages.iter().enumerate() {
        let issued = now - Duration::hours(*hours) - Duration::minutes(i as i64);
        ids.push(
            ledger
                .issue(&request(device, issued), shaped_signer)
                .unwrap()
                .document_id,
        );
    }
    let mut standard = request(device, now - Duration::hours(30));
    standard.flow = Flow::Standard;
    ledger.issue(&standard, shaped_for(&standard)).unwrap();
    // The 30-hour-old one was reported after all: no longer late.
    ledger
        .record_attempt(ids[4], &attempt(Outcome::Accepted, Some(200)))
        .unwrap();
    let late = ledger.late_reporting(now).unwrap();
    let got: Vec<(i64, Lateness)> = late.iter().map(|(d, l)| (d.id, *l)).collect();
    assert_eq!(
        got,
        vec![
            (ids[3], Lateness::Past24h),
            (ids[2], Lateness::Past20h),
            (ids[1], Lateness::Past12h)
        ]
    );
}
