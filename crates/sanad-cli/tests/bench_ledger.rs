//! `sanad-cli bench ledger` fills a ledger with documents the engine really signed: kept with
//! `--keep`, its chain verifies from genesis with the engine, and the figures are printed (no
//! timing is asserted: speed lives in the figures, not in tests).

use std::process::Command;

use ledger::Ledger;

#[test]
fn bench_ledger_stores_real_signed_documents_and_prints_its_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = Command::new(env!("CARGO_BIN_EXE_sanad-cli"))
        .args(["bench", "ledger", "--documents", "60", "--customers", "7"])
        .args(["--batch", "25", "--single", "5", "--keep", "--dir"])
        .arg(dir.path())
        .output()
        .expect("run sanad-cli");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for figure in [
        "insert, bulk (25 per transaction): 55 documents",
        "insert, one transaction each",
        "bytes per document (signed body",
        "open: ",
        "newest 50 documents",
        "search by customer name (full Arabic name)",
        "search by number (exact)",
        "search by week + amount",
    ] {
        assert!(stdout.contains(figure), "`{figure}` missing:\n{stdout}");
    }
    let books = Ledger::open(dir.path().join("bench.sanad")).expect("the kept ledger");
    let device = books.devices().expect("devices")[0].id;
    let report = books
        .verify_chain(device, |link| {
            let v = zatca::verify::verify(&link.signed_xml);
            match (v.is_valid(), v.hash.map(|h| h.to_base64())) {
                (true, Some(h)) if h == link.hash => Ok(()),
                (valid, hash) => Err(format!("valid {valid}, hash {hash:?} ≠ {}", link.hash)),
            }
        })
        .expect("chain");
    assert_eq!((report.documents, report.last_icv), (60, 60));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
