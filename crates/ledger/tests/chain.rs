//! The chain allocator on a real SQLite file: ICV, PIH, numbering, failures, sealing.

mod support;

use ledger::documents::DocumentStatus;
use ledger::{GENESIS_PIH, IssueError, LedgerError};
use support::{at, request, setup, shaped, shaped_check, shaped_for, shaped_signer};
use zatca::model::{DocumentKind, Flow};

#[test]
fn first_document_takes_icv_1_and_the_genesis_pih_then_chains() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let first = ledger
        .issue(&request(device, at(9, 0)), shaped_signer)
        .unwrap();
    assert_eq!(
        (first.icv, first.pih.as_str(), first.number.as_str()),
        (1, GENESIS_PIH, "INV-000001")
    );
    let second = ledger
        .issue(&request(device, at(9, 1)), shaped_signer)
        .unwrap();
    assert_eq!((second.icv, second.number.as_str()), (2, "INV-000002"));
    assert_eq!(second.pih, first.hash);
    let report = ledger.verify_chain(device, shaped_check).unwrap();
    assert_eq!((report.documents, report.last_icv), (2, 2));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn stores_the_exact_signed_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let mut kept = Vec::new();
    let issued = ledger
        .issue(&request(device, at(9, 0)), |slot| {
            let mut doc = shaped_signer(slot)?;
            // Odd but legal bytes: CRLF and a trailing newline must survive untouched.
            doc.xml.extend_from_slice(b"\r\n");
            kept = doc.xml.clone();
            Ok::<_, String>(doc)
        })
        .unwrap();
    let doc = ledger.document(issued.document_id).unwrap();
    assert_eq!(doc.signed_xml, kept);
    assert_eq!(doc.document_of_record(), &kept[..]);
    assert_eq!(doc.summary.status, DocumentStatus::Queued);
    assert_eq!(
        ledger.document_by_number("INV-000001").unwrap().hash,
        issued.hash
    );
}

#[test]
fn a_failed_signature_leaves_no_gap_in_icv_or_number() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    ledger
        .issue(&request(device, at(9, 0)), shaped_signer)
        .unwrap();
    let err = ledger
        .issue(&request(device, at(9, 1)), |_| {
            Err::<ledger::SignedDocument, _>("HSM unplugged")
        })
        .unwrap_err();
    assert!(matches!(err, IssueError::Sign("HSM unplugged")));
    let next = ledger
        .issue(&request(device, at(9, 2)), shaped_signer)
        .unwrap();
    assert_eq!((next.icv, next.number.as_str()), (2, "INV-000002"));
}

#[test]
fn a_document_that_does_not_fit_its_slot_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let err = ledger
        .issue(&request(device, at(9, 0)), |slot| {
            let mut wrong = slot.clone();
            wrong.icv += 1;
            shaped_signer(&wrong)
        })
        .unwrap_err();
    assert!(
        matches!(err, IssueError::Ledger(LedgerError::SlotMismatch(ref m)) if m.contains("ICV 1")),
        "{err}"
    );
    let err = ledger
        .issue(&request(device, at(9, 0)), |slot| {
            let mut doc = shaped_signer(slot)?;
            doc.hash = "not-a-hash".to_owned();
            Ok::<_, String>(doc)
        })
        .unwrap_err();
    assert!(err.to_string().contains("hash"), "{err}");
    assert!(ledger.chain_head(device).unwrap().is_none());
}

#[test]
fn a_document_of_another_kind_or_flow_than_asked_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let invoice = request(device, at(9, 0));
    // Asked for a simplified invoice, signed a standard one.
    let err = ledger
        .issue(&invoice, shaped(DocumentKind::Invoice, Flow::Standard))
        .unwrap_err();
    assert!(
        matches!(err, IssueError::Ledger(LedgerError::SlotMismatch(ref m))
            if m.contains("0100000") && m.contains("simplified")),
        "{err}"
    );
    // Asked for an invoice, signed a prepayment invoice (386).
    let err = ledger
        .issue(&invoice, shaped(DocumentKind::Prepayment, Flow::Simplified))
        .unwrap_err();
    assert!(
        matches!(err, IssueError::Ledger(LedgerError::SlotMismatch(ref m))
            if m.contains("386") && m.contains("invoice (388)")),
        "{err}"
    );
    // Asked for a standard credit note, signed a standard invoice; then a debit note (383).
    let mut note = request(device, at(9, 1));
    note.kind = DocumentKind::CreditNote;
    note.flow = Flow::Standard;
    note.series = "CN".to_owned();
    note.original_number = Some("OLD-1".to_owned());
    for wrong in [DocumentKind::Invoice, DocumentKind::DebitNote] {
        let err = ledger
            .issue(&note, shaped(wrong, Flow::Standard))
            .unwrap_err();
        assert!(
            err.to_string().contains(wrong.type_code()) && err.to_string().contains("381"),
            "{err}"
        );
    }
    // Nothing was stored and no number was taken: the right document takes ICV 1 and CN-000001.
    assert!(ledger.chain_head(device).unwrap().is_none());
    let issued = ledger.issue(&note, shaped_for(&note)).unwrap();
    assert_eq!((issued.icv, issued.number.as_str()), (1, "CN-000001"));
    let stored = ledger.document(issued.document_id).unwrap();
    assert_eq!(
        (stored.summary.kind, stored.summary.flow),
        (DocumentKind::CreditNote, Flow::Standard)
    );
}

#[test]
fn the_signed_bytes_must_carry_the_slots_number_and_uuid() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let err = ledger
        .issue(&request(device, at(9, 0)), |slot| {
            let mut wrong = slot.clone();
            wrong.number = "INV-000009".to_owned();
            shaped_signer(&wrong)
        })
        .unwrap_err();
    assert!(err.to_string().contains("not number INV-000001"), "{err}");
    let err = ledger
        .issue(&request(device, at(9, 0)), |slot| {
            let mut doc = shaped_signer(slot)?;
            doc.uuid = uuid::Uuid::new_v4().to_string();
            Ok::<_, String>(doc)
        })
        .unwrap_err();
    assert!(err.to_string().contains("UUID"), "{err}");
    let err = ledger
        .issue(&request(device, at(9, 0)), |slot| {
            let mut doc = shaped_signer(slot)?;
            doc.qr = "Zm9v".to_owned();
            Ok::<_, String>(doc)
        })
        .unwrap_err();
    assert!(err.to_string().contains("QR"), "{err}");
    let err = ledger
        .issue(&request(device, at(9, 0)), |slot| {
            let mut doc = shaped_signer(slot)?;
            doc.xml = b"<Invoice><unclosed></Invoice>".to_vec();
            Ok::<_, String>(doc)
        })
        .unwrap_err();
    assert!(err.to_string().contains("cannot be read"), "{err}");
}

#[test]
fn notes_must_name_their_original() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let invoice = ledger
        .issue(&request(device, at(9, 0)), shaped_signer)
        .unwrap();
    let mut note = request(device, at(9, 5));
    note.kind = DocumentKind::CreditNote;
    note.series = "CN".to_owned();
    let err = ledger.issue(&note, shaped_for(&note)).unwrap_err();
    assert!(err.to_string().contains("original_number"), "{err}");
    note.original_number = Some(invoice.number.clone());
    let issued = ledger.issue(&note, shaped_for(&note)).unwrap();
    assert_eq!((issued.icv, issued.number.as_str()), (2, "CN-000001"));
    let doc = ledger.document(issued.document_id).unwrap();
    assert_eq!(doc.summary.original_number.as_deref(), Some("INV-000001"));
}

#[test]
fn unknown_references_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let mut req = request(device, at(9, 0));
    req.series = "NOPE".to_owned();
    let err = ledger.issue(&req, shaped_signer).unwrap_err();
    assert!(err.to_string().contains("series NOPE"), "{err}");
    let mut req = request(device, at(9, 0));
    req.customer_id = Some(42);
    let err = ledger.issue(&req, shaped_signer).unwrap_err();
    assert!(err.to_string().contains("customer 42"), "{err}");
    let err = ledger
        .issue(&request(999, at(9, 0)), shaped_signer)
        .unwrap_err();
    assert!(err.to_string().contains("device 999"), "{err}");
}

#[test]
fn devices_without_production_csid_or_retired_do_not_issue() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let fresh = ledger
        .add_device(&ledger::devices::NewDevice {
            uuid: None,
            series_prefix: None,
            name: "till-2".to_owned(),
            environment: zatca::api::Environment::Sandbox,
            csr: ledger.device(device).unwrap().csr,
        })
        .unwrap();
    let err = ledger
        .issue(&request(fresh.id, at(9, 0)), shaped_signer)
        .unwrap_err();
    assert!(err.to_string().contains("no production CSID"), "{err}");
    ledger.retire_device(device, "replaced").unwrap();
    let err = ledger
        .issue(&request(device, at(9, 0)), shaped_signer)
        .unwrap_err();
    assert!(err.to_string().contains("retired"), "{err}");
}

#[test]
fn signed_documents_and_chain_fields_cannot_be_changed_or_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.sanad");
    let (mut ledger, device) = setup(&path);
    let issued = ledger
        .issue(&request(device, at(9, 0)), shaped_signer)
        .unwrap();
    let raw = rusqlite::Connection::open(&path).unwrap();
    for sql in [
        "UPDATE document_bodies SET signed_xml = x'00' WHERE document_id = ?1",
        "DELETE FROM document_bodies WHERE document_id = ?1",
        "UPDATE documents SET icv = 7 WHERE id = ?1",
        "UPDATE documents SET hash = 'x' WHERE id = ?1",
        "DELETE FROM documents WHERE id = ?1",
    ] {
        let err = raw.execute(sql, [issued.document_id]).unwrap_err();
        assert!(err.to_string().contains("never"), "{sql}: {err}");
    }
}

#[test]
fn drafts_are_removed_when_issued() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let draft = ledger
        .save_draft(
            None,
            DocumentKind::Invoice,
            zatca::model::Flow::Simplified,
            r#"{"lines":[]}"#,
        )
        .unwrap();
    assert!(
        ledger
            .save_draft(
                None,
                DocumentKind::Invoice,
                zatca::model::Flow::Simplified,
                "{"
            )
            .is_err()
    );
    let mut req = request(device, at(9, 0));
    req.draft_id = Some(draft);
    ledger.issue(&req, shaped_signer).unwrap();
    assert!(matches!(
        ledger.draft(draft),
        Err(LedgerError::NotFound { .. })
    ));
}

#[test]
fn issue_many_chains_every_document_in_one_commit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    ledger
        .issue(&request(device, at(8, 0)), shaped_signer)
        .unwrap();
    let reqs: Vec<_> = (0..5).map(|i| request(device, at(9, i))).collect();
    let issued = ledger
        .issue_many(device, reqs.iter().map(|r| (r, shaped_signer)))
        .unwrap();
    assert_eq!(
        issued.iter().map(|i| i.icv).collect::<Vec<_>>(),
        vec![2, 3, 4, 5, 6]
    );
    let report = ledger.verify_chain(device, shaped_check).unwrap();
    assert!(
        report.problems.is_empty() && report.last_icv == 6,
        "{report:?}"
    );
}
