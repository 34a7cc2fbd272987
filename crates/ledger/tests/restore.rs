//! Backup and restore never let a device reuse an ICV.

mod support;

use ledger::{IssueError, Ledger, LedgerError};
use support::{at, new_device, request, setup, shaped_check, shaped_signer};

#[test]
fn restoring_an_old_backup_suspends_the_device_and_no_icv_is_reused() {
    let dir = tempfile::tempdir().unwrap();
    let books = dir.path().join("books.sanad");
    let (mut ledger, device) = setup(&books);
    for m in 0..3 {
        ledger
            .issue(&request(device, at(9, m)), shaped_signer)
            .unwrap();
    }
    let backup = dir.path().join("monday.sanad-backup");
    let info = ledger.backup_to(&backup).unwrap();
    assert!(info.bytes > 0);
    assert!(
        ledger.backup_to(&backup).is_err(),
        "a backup never overwrites"
    );
    for m in 3..5 {
        ledger
            .issue(&request(device, at(9, m)), shaped_signer)
            .unwrap();
    }
    let issued_hashes: Vec<String> = (4..=5)
        .map(|icv| {
            ledger
                .document_by_number(&format!("INV-{icv:06}"))
                .unwrap()
                .hash
        })
        .collect();
    drop(ledger);

    let report = ledger::backup::restore(&backup, &books).unwrap();
    let restored = &report.devices[0];
    assert_eq!(restored.last_icv, 3);
    let reason = restored.suspended.as_deref().expect("suspended");
    assert!(reason.contains("ICV 5 was already issued"), "{reason}");

    let mut ledger = Ledger::open(&books).unwrap();
    assert_eq!(ledger.chain_head(device).unwrap().unwrap().icv, 3);
    let err = ledger
        .issue(&request(device, at(10, 0)), shaped_signer)
        .unwrap_err();
    assert!(
        matches!(&err, IssueError::Ledger(LedgerError::DeviceCannotIssue { reason, .. }) if reason.contains("restored from a backup")),
        "{err}"
    );
    assert_eq!(
        ledger.chain_head(device).unwrap().unwrap().icv,
        3,
        "ICV 4 was not given again"
    );
    assert!(ledger.document_by_number("INV-000004").is_err());
    assert!(!issued_hashes.is_empty());

    // The way on: retire the device, onboard a new one; its chain starts from genesis.
    ledger
        .retire_device(device, "chain lost in restore")
        .unwrap();
    let replacement = new_device(&mut ledger, "till-1b");
    let first = ledger
        .issue(&request(replacement, at(10, 1)), shaped_signer)
        .unwrap();
    assert_eq!((first.icv, first.pih.as_str()), (1, ledger::GENESIS_PIH));
    // Numbers are per series, not per device: the restored series goes on from the backup,
    // and the numbers issued after it (INV-000004, -000005) stay in the lost books only.
    assert_eq!(first.number, "INV-000004");
}

#[test]
fn restoring_an_up_to_date_backup_continues_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let books = dir.path().join("books.sanad");
    let (mut ledger, device) = setup(&books);
    for m in 0..3 {
        ledger
            .issue(&request(device, at(9, m)), shaped_signer)
            .unwrap();
    }
    let backup = dir.path().join("latest.sanad-backup");
    ledger.backup_to(&backup).unwrap();
    drop(ledger);
    let report = ledger::backup::restore(&backup, &books).unwrap();
    assert_eq!(report.devices[0].suspended, None);
    let mut ledger = Ledger::open(&books).unwrap();
    let next = ledger
        .issue(&request(device, at(9, 5)), shaped_signer)
        .unwrap();
    assert_eq!(next.icv, 4);
    assert!(
        ledger
            .verify_chain(device, shaped_check)
            .unwrap()
            .problems
            .is_empty()
    );
}

#[test]
fn restoring_on_a_computer_without_the_chain_guard_suspends() {
    let dir = tempfile::tempdir().unwrap();
    let books = dir.path().join("books.sanad");
    let (mut ledger, device) = setup(&books);
    ledger
        .issue(&request(device, at(9, 0)), shaped_signer)
        .unwrap();
    let backup = dir.path().join("b.sanad-backup");
    ledger.backup_to(&backup).unwrap();
    drop(ledger);
    let elsewhere = tempfile::tempdir().unwrap();
    let new_books = elsewhere.path().join("books.sanad");
    let report = ledger::backup::restore(&backup, &new_books).unwrap();
    let reason = report.devices[0].suspended.as_deref().expect("suspended");
    assert!(reason.contains("no record"), "{reason}");
    let mut ledger = Ledger::open(&new_books).unwrap();
    assert!(
        ledger
            .issue(&request(device, at(9, 1)), shaped_signer)
            .is_err()
    );
    // The documents themselves came back intact.
    assert_eq!(
        ledger.verify_chain(device, shaped_check).unwrap().documents,
        1
    );
}

#[test]
fn a_file_copied_back_outside_sanad_is_caught_before_an_icv_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let books = dir.path().join("books.sanad");
    let (mut ledger, device) = setup(&books);
    ledger
        .issue(&request(device, at(9, 0)), shaped_signer)
        .unwrap();
    let copy = dir.path().join("copy.sanad-backup");
    ledger.backup_to(&copy).unwrap();
    for m in 1..4 {
        ledger
            .issue(&request(device, at(9, m)), shaped_signer)
            .unwrap();
    }
    drop(ledger);
    // Someone copies the old file over the books by hand (no restore).
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("books.sanad{suffix}")));
    }
    std::fs::copy(&copy, &books).unwrap();
    let mut ledger = Ledger::open(&books).unwrap();
    let err = ledger
        .issue(&request(device, at(10, 0)), shaped_signer)
        .unwrap_err();
    assert!(
        matches!(
            err,
            IssueError::Ledger(LedgerError::ChainRolledBack {
                ledger_icv: 1,
                guard_icv: 4,
                ..
            })
        ),
        "{err}"
    );
    // The suspension is on record: the next attempt is refused too, with the reason.
    let err = ledger
        .issue(&request(device, at(10, 1)), shaped_signer)
        .unwrap_err();
    assert!(err.to_string().contains("rolled back"), "{err}");
    assert_eq!(ledger.chain_head(device).unwrap().unwrap().icv, 1);
}

#[test]
fn a_newer_or_foreign_backup_is_refused_and_the_books_stay_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let books = dir.path().join("books.sanad");
    let (mut ledger, device) = setup(&books);
    ledger
        .issue(&request(device, at(9, 0)), shaped_signer)
        .unwrap();
    let newer = dir.path().join("newer.sanad-backup");
    ledger.backup_to(&newer).unwrap();
    drop(ledger);
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999")
        .unwrap();
    let err = ledger::backup::restore(&newer, &books).unwrap_err();
    assert!(
        matches!(err, LedgerError::NewerSchema { found: 999, .. }),
        "{err}"
    );
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let err = ledger::backup::restore(&foreign, &books).unwrap_err();
    assert!(matches!(err, LedgerError::NotALedger { .. }), "{err}");
    let ledger = Ledger::open(&books).unwrap();
    assert_eq!(ledger.chain_head(device).unwrap().unwrap().icv, 1);
}
