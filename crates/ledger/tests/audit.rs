//! The audit log is hash-chained: change or remove one row and verification names it.

mod support;

use ledger::Ledger;
use support::{at, request, setup, shaped_signer};

fn books_with_history() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.sanad");
    let (mut ledger, device) = setup(&path);
    ledger.set_actor("amal");
    for m in 0..3 {
        ledger
            .issue(&request(device, at(9, m)), shaped_signer)
            .unwrap();
    }
    (dir, path)
}

/// Opens the file the way an attacker would: without the ledger, append-only triggers dropped.
fn tamper(path: &std::path::Path, sql: &str) {
    let raw = rusqlite::Connection::open(path).unwrap();
    raw.execute_batch(&format!(
        "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; {sql}"
    ))
    .unwrap();
}

#[test]
fn an_untouched_log_verifies() {
    let (_dir, path) = books_with_history();
    let ledger = Ledger::open(&path).unwrap();
    let report = ledger::audit::verify(ledger.conn()).unwrap();
    assert!(report.is_intact(), "{:?}", report.problems);
    assert!(
        report.rows >= 7,
        "series, device, certificate and issues are all logged"
    );
    let recent = ledger::audit::recent(ledger.conn(), 1).unwrap();
    assert_eq!(
        (recent[0].actor.as_str(), recent[0].action.as_str()),
        ("amal", "issue")
    );
    assert_eq!(recent[0].hash, report.head);
}

#[test]
fn the_log_refuses_updates_and_deletes() {
    let (_dir, path) = books_with_history();
    let raw = rusqlite::Connection::open(&path).unwrap();
    assert!(
        raw.execute("UPDATE audit_log SET actor = 'x' WHERE id = 1", [])
            .is_err()
    );
    assert!(
        raw.execute("DELETE FROM audit_log WHERE id = 1", [])
            .is_err()
    );
}

#[test]
fn a_changed_row_is_named() {
    let (_dir, path) = books_with_history();
    tamper(
        &path,
        "UPDATE audit_log SET actor = 'someone else' WHERE id = 5;",
    );
    let ledger = Ledger::open(&path).unwrap();
    let report = ledger::audit::verify(ledger.conn()).unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(report.problems[0].id, 5);
    assert!(
        report.problems[0].what.contains("changed"),
        "{:?}",
        report.problems
    );
}

#[test]
fn a_row_rewritten_with_a_fresh_hash_breaks_the_next_link() {
    let (_dir, path) = books_with_history();
    let ledger = Ledger::open(&path).unwrap();
    let row4 = ledger::audit::recent(ledger.conn(), 100)
        .unwrap()
        .into_iter()
        .find(|e| e.id == 4)
        .unwrap();
    drop(ledger);
    // A careful forger recomputes row 4's own hash; row 5 still points at the old one.
    let mut forged = row4.clone();
    forged.detail = "nothing happened".to_owned();
    let body = serde_json::json!([
        forged.prev_hash,
        forged.id,
        forged.at,
        forged.actor,
        forged.action,
        forged.entity,
        forged.entity_id,
        forged.detail
    ]);
    let hash = {
        use sha2::Digest;
        sha2::Sha256::digest(body.to_string().as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    tamper(
        &path,
        &format!("UPDATE audit_log SET detail = 'nothing happened', hash = '{hash}' WHERE id = 4;"),
    );
    let ledger = Ledger::open(&path).unwrap();
    let report = ledger::audit::verify(ledger.conn()).unwrap();
    assert_eq!(
        report.problems.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![5],
        "{:?}",
        report.problems
    );
    assert!(report.problems[0].what.contains("link"));
}

#[test]
fn a_removed_row_is_named() {
    let (_dir, path) = books_with_history();
    tamper(&path, "DELETE FROM audit_log WHERE id = 3;");
    let ledger = Ledger::open(&path).unwrap();
    let report = ledger::audit::verify(ledger.conn()).unwrap();
    assert_eq!(report.problems[0].id, 4);
    assert!(
        report.problems[0].what.contains("rows 3..3 are missing"),
        "{:?}",
        report.problems
    );
}
