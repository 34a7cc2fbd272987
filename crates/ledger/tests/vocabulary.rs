//! The schema's closed lists of words follow from the Rust types: every `col IN ('a', 'b')` of a
//! table's CHECK constraints, in the final schema (`sqlite_schema`), is the `ALL` of the enum
//! that column stores. A new list, a new word on either side, or a word removed fails here.

use std::collections::BTreeSet;

use ledger::Ledger;
use ledger::audit::{AuditAction, AuditEntity};
use ledger::body::Codec;
use ledger::customers::CustomerKind;
use ledger::devices::{ChainState, DeviceState};
use ledger::documents::DocumentStatus;
use ledger::submissions::Outcome;
use zatca::api::{Environment, Route};
use zatca::model::{DocumentKind, Flow, VatCategory};

type List = (String, String, Vec<String>);

fn words<T: Copy>(all: &[T], text: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|w| text(*w).to_owned()).collect()
}

/// Every `column IN ('…', …)` inside the CHECK constraints of one `CREATE TABLE`.
fn lists(table: &str, sql: &str) -> Vec<List> {
    let mut out = Vec::new();
    let mut rest = sql;
    while let Some(at) = rest.find(" IN (") {
        let column = rest[..at]
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or_default()
            .to_owned();
        let body = &rest[at + 5..];
        let end = body.find(')').expect("closing parenthesis");
        let values = body[..end]
            .split(',')
            .map(|v| v.trim().trim_matches('\'').to_owned())
            .collect();
        out.push((table.to_owned(), column, values));
        rest = &body[end..];
    }
    out
}

#[test]
fn every_check_list_is_the_words_of_its_enum() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(dir.path().join("books.sanad")).unwrap();
    let mut stmt = ledger
        .conn()
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL")
        .unwrap();
    let found: BTreeSet<List> = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
        .flat_map(|r| {
            let (table, sql) = r.unwrap();
            lists(&table, &sql)
        })
        .collect();

    let kinds = words(DocumentKind::ALL, DocumentKind::as_str);
    let flows = words(Flow::ALL, Flow::as_str);
    let not_notes = DocumentKind::ALL
        .iter()
        .filter(|k| !k.is_note())
        .map(|k| k.as_str().to_owned())
        .collect();
    let list = |t: &str, c: &str, v: Vec<String>| (t.to_owned(), c.to_owned(), v);
    let expected: BTreeSet<List> = [
        list(
            "devices",
            "environment",
            words(Environment::ALL, Environment::as_str),
        ),
        list(
            "devices",
            "state",
            words(DeviceState::ALL, DeviceState::as_str),
        ),
        list(
            "devices",
            "chain_state",
            words(ChainState::ALL, ChainState::as_str),
        ),
        list(
            "customers",
            "kind",
            words(CustomerKind::ALL, CustomerKind::as_str),
        ),
        list(
            "items",
            "vat_category",
            words(VatCategory::ALL, VatCategory::as_str),
        ),
        list("drafts", "kind", kinds.clone()),
        list("drafts", "flow", flows.clone()),
        list("documents", "kind", kinds),
        // Only credit and debit notes must name the document they correct.
        list("documents", "kind", not_notes),
        list("documents", "flow", flows.clone()),
        list("body_dictionaries", "flow", flows),
        list(
            "documents",
            "status",
            words(DocumentStatus::ALL, DocumentStatus::as_str),
        ),
        list("documents", "route", words(Route::ALL, Route::as_str)),
        list("document_bodies", "codec", words(Codec::ALL, Codec::as_str)),
        list("submissions", "route", words(Route::ALL, Route::as_str)),
        list(
            "onboarding",
            "step",
            words(
                ledger::onboarding::Step::ALL,
                ledger::onboarding::Step::as_str,
            ),
        ),
        list(
            "certificates",
            "kind",
            words(
                ledger::certificates::CertificateKind::ALL,
                ledger::certificates::CertificateKind::as_str,
            ),
        ),
        list(
            "submissions",
            "outcome",
            words(Outcome::ALL, Outcome::as_str),
        ),
    ]
    .into_iter()
    .collect();

    let missing: Vec<_> = expected.difference(&found).collect();
    let unknown: Vec<_> = found.difference(&expected).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "the schema and the Rust words disagree.\n  Rust only: {missing:?}\n  schema only: {unknown:?}"
    );
}

#[test]
fn audit_words_are_what_the_log_stores() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path().join("books.sanad")).unwrap();
    ledger.add_series("INV", "INV-", 6).unwrap();
    let last = &ledger::audit::recent(ledger.conn(), 1).unwrap()[0];
    assert_eq!(last.action, AuditAction::Add.as_str());
    assert_eq!(last.entity, AuditEntity::Series.as_str());
    assert_eq!(last.action.parse(), Ok(AuditAction::Add));
}
