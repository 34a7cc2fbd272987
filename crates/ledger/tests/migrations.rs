//! Migrations: applied at open, idempotent, and a newer database is refused untouched.

use ledger::{Ledger, LedgerError, SCHEMA_VERSION};

#[test]
fn a_new_file_gets_the_whole_schema_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.sanad");
    drop(Ledger::open(&path).unwrap());
    let ledger = Ledger::open(&path).unwrap();
    let v: u32 = ledger
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    let mode: String = ledger
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = ledger
        .conn()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous = FULL");
    for table in [
        "company",
        "devices",
        "customers",
        "items",
        "series",
        "documents",
        "submissions",
        "audit_log",
    ] {
        let n: i64 = ledger
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "{table}");
    }
}

#[test]
fn a_database_from_a_newer_sanad_is_refused_and_not_altered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.sanad");
    drop(Ledger::open(&path).unwrap());
    {
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.execute_batch(&format!(
            "PRAGMA user_version = {}; PRAGMA journal_mode = DELETE;",
            SCHEMA_VERSION + 1
        ))
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Ledger::open(&path).err().expect("refused");
    assert!(
        matches!(err, LedgerError::NewerSchema { found, supported, .. } if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION)
    );
    assert!(err.to_string().contains("update Sanad"), "{err}");
    assert!(
        std::fs::read(&path).unwrap() == before,
        "the file was altered"
    );
}

#[test]
fn a_foreign_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE notes (t TEXT);")
        .unwrap();
    assert!(matches!(
        Ledger::open(&path),
        Err(LedgerError::NotALedger { .. })
    ));
}
