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

/// The books as version 8 wrote them: flows named by their route, attempt outcomes in the old
/// words, devices without the company's CSR fields.
fn version_8(path: &std::path::Path) {
    let raw = rusqlite::Connection::open(path).unwrap();
    for sql in [
        include_str!("../migrations/0001_company.sql"),
        include_str!("../migrations/0002_devices.sql"),
        include_str!("../migrations/0003_customers.sql"),
        include_str!("../migrations/0004_items.sql"),
        include_str!("../migrations/0005_series.sql"),
        include_str!("../migrations/0006_documents.sql"),
        include_str!("../migrations/0007_submissions.sql"),
        include_str!("../migrations/0008_audit.sql"),
    ] {
        raw.execute_batch(sql).unwrap();
    }
    raw.execute_batch(
        "PRAGMA user_version = 8; PRAGMA application_id = 1396788804;
         INSERT INTO company (id, name_ar, vat_number, updated_at)
             VALUES (1, 'مقهى سند', '399999999900003', '2026-01-01T00:00:00Z');
         INSERT INTO devices (id, uuid, name, environment, csr_common_name, csr_serial,
             csr_org_unit, csr_invoice_type, csr_location, csr_industry, state, created_at)
             VALUES (1, 'u-1', 'till', 'simulation', 'EGS-1', '1-a|2-b|3-c', 'Riyadh', '1100',
                 'Riyadh', 'Retail', 'production', '2026-01-01T00:00:00Z');
         INSERT INTO series (id, code, prefix, width) VALUES (1, 'INV', 'INV-', 6);
         INSERT INTO documents (id, device_id, icv, pih, hash, uuid, series_id, seq, number, kind,
             flow, issued_at, currency, total_excl_vat, vat_total, total_incl_vat, total_halalas,
             qr, status, status_at)
             VALUES
             (1, 1, 1, 'p', 'h1', 'd-1', 1, 1, 'INV-000001', 'invoice', 'clearance',
                 '2026-01-02T09:00:00Z', 'SAR', '100.00', '15.00', '115.00', 11500, 'q',
                 'held', '2026-01-02T09:00:00Z'),
             (2, 1, 2, 'h1', 'h2', 'd-2', 1, 2, 'INV-000002', 'invoice', 'reporting',
                 '2026-01-02T10:00:00Z', 'SAR', '10.00', '1.50', '11.50', 1150, 'q',
                 'in_doubt', '2026-01-02T10:00:00Z'),
             (3, 1, 3, 'h2', 'h3', 'd-3', 1, 3, 'INV-000003', 'invoice', 'clearance',
                 '2026-01-02T11:00:00Z', 'SAR', '10.00', '1.50', '11.50', 1150, 'q',
                 'queued', '2026-01-02T11:00:00Z');
         INSERT INTO document_bodies (document_id, signed_xml)
             VALUES (1, x'3c492f3e'), (2, x'3c492f3e'), (3, x'3c492f3e');
         INSERT INTO submissions (document_id, attempt, endpoint, started_at, duration_ms,
             http_status, outcome, messages)
             VALUES
             (1, 1, '/invoices/clearance/single', '2026-01-02T09:01:00Z', 90, 401, 'auth_problem', '[]'),
             (1, 2, 'worker', '2026-01-02T09:02:00Z', 90, 400, 'malformed',
                 '[{\"kind\":\"ERROR\",\"code\":\"Invalid-Request\",\"category\":\"\",\"message\":\"m\"}]'),
             (2, 1, '/invoices/reporting/single', '2026-01-02T10:01:00Z', 30000, NULL, 'timeout', '[]'),
             (3, 1, '/invoices/clearance/single', '2026-01-02T11:01:00Z', 40, 303, 'clearance_off', '[]');
         INSERT INTO drafts (kind, flow, body, updated_at)
             VALUES ('credit_note', 'clearance', '{}', '2026-01-02T11:00:00Z');",
    )
    .unwrap();
}

#[test]
fn books_of_version_8_are_rewritten_in_todays_words() {
    use ledger::submissions::Outcome;
    use zatca::api::{MessageKind, Route};
    use zatca::model::{DocumentKind, Flow};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.sanad");
    version_8(&path);
    let mut ledger = Ledger::open(&path).unwrap();

    let first = ledger.document(1).unwrap();
    assert_eq!(first.summary.flow, Flow::Standard);
    assert_eq!(first.signed_xml, b"<I/>");
    assert_eq!(ledger.document(2).unwrap().summary.flow, Flow::Simplified);
    let attempts = ledger.attempts(1).unwrap();
    assert_eq!(
        attempts
            .iter()
            .map(|a| (a.route, a.outcome))
            .collect::<Vec<_>>(),
        [
            (Route::Clearance, Outcome::Unauthorized),
            // No route in its endpoint: the document's flow decides.
            (Route::Clearance, Outcome::BadRequest),
        ]
    );
    assert_eq!(attempts[1].messages[0].kind, MessageKind::Error);
    assert_eq!(attempts[1].messages[0].code, "Invalid-Request");
    let timeout = &ledger.attempts(2).unwrap()[0];
    assert_eq!(
        (timeout.route, timeout.outcome),
        (Route::Reporting, Outcome::Unknown)
    );

    let device = ledger.device(1).unwrap();
    assert_eq!(device.csr.vat_number, "399999999900003");
    assert_eq!(device.csr.organization, "مقهى سند");
    assert_eq!(device.csr.country, "SA");
    assert_eq!(device.csr.invoice_types, "1100");

    let draft = ledger.draft(1).unwrap();
    assert_eq!(
        (draft.kind, draft.flow),
        (DocumentKind::CreditNote, Flow::Standard)
    );

    // The rebuilt tables are sealed as before, and every reference still holds.
    let conn = ledger.conn();
    assert!(
        conn.execute("UPDATE documents SET flow = 'simplified' WHERE id = 1", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM submissions", []).is_err());
    let orphans: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(orphans, 0);
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1, "foreign keys are on again after the migration");

    // Each document has its route (a 303 already moved the third to reporting) and deadline.
    let queue: Vec<(i64, Route, String)> = conn
        .prepare("SELECT id, route, due_at FROM documents ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, String>(1)?.parse().unwrap(),
                r.get(2)?,
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        queue,
        [
            (1, Route::Clearance, "2026-01-02T09:00:00Z".to_owned()),
            (2, Route::Reporting, "2026-01-03T10:00:00Z".to_owned()),
            (3, Route::Reporting, "2026-01-02T11:00:00Z".to_owned()),
        ]
    );
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 1, 3, 0, 0, 0).unwrap();
    let next: Vec<i64> = ledger
        .next_to_send(now, 10)
        .unwrap()
        .iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(next, [3, 2], "by deadline; the held one waits for a person");
    assert!(ledger.device(1).unwrap().queue_paused.is_none());
    ledger.retire_device(1, "replaced").unwrap();
}
