//! Every time Sanad writes on a document is Saudi time (UTC+03:00), whatever the machine's time
//! zone: the test runs itself again with TZ set elsewhere, at 21:30 UTC, when the Saudi date is
//! already the next day.

mod support;

use chrono::{Duration, Timelike, Utc};
use sanad::clock::FixedClock;
use sanad::issuing::{self, Options};
use sanad::session::Session;
use support::*;

#[test]
fn documents_carry_saudi_time_whatever_the_machine_zone() {
    for tz in ["America/Los_Angeles", "UTC", "Asia/Tokyo"] {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "issue_across_utc_midnight", "--nocapture"])
            .env("TZ", tz)
            .env("SANAD_TZ_CHILD", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success() && String::from_utf8_lossy(&out.stdout).contains("saudi time ok"),
            "TZ={tz}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn issue_across_utc_midnight() {
    if std::env::var("SANAD_TZ_CHILD").is_err() {
        return; // run by the test above, with TZ set
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        // Yesterday (or today, if it is already past) at 21:30:15 UTC.
        let mut at = Utc::now()
            .with_hour(21)
            .and_then(|t| t.with_minute(30))
            .and_then(|t| t.with_second(15))
            .and_then(|t| t.with_nanosecond(0))
            .unwrap();
        if at > Utc::now() {
            at -= Duration::days(1);
        }
        let books = practice(dir.path());
        drop(books);
        let books = sanad::Books::open(
            &sanad::DataDir::new(dir.path()),
            sanad::BooksEnv::Practice,
            sanad::OpenOptions {
                clock: Some(FixedClock::new(at) as std::sync::Arc<dyn sanad::clock::Clock>),
                ..Default::default()
            },
        )
        .unwrap();
        sanad::onboarding::add_device(&books, &device("till-1", "0100")).unwrap();
        let s = Session::connect(books).await.unwrap();
        sanad::onboarding::onboard(
            &s.books,
            s.fatoora.as_ref().unwrap(),
            "till-1",
            None,
            &mut |_: &_| {},
        )
        .await
        .unwrap();
        let issued = issuing::issue(&s, &sale(), &Options::default())
            .await
            .unwrap();
        let doc = s.books.ledger().document(issued.document_id).unwrap();
        let view = zatca::read::read(&doc.signed_xml).unwrap();
        let saudi = (at + Duration::hours(3)).date_naive();
        assert_eq!(view.issue_date, saudi, "the Saudi date is the next day");
        assert_eq!(view.issue_time, "00:30:15");
        let text = String::from_utf8(doc.signed_xml.clone()).unwrap();
        assert!(text.contains(&format!(
            "<xades:SigningTime>{saudi}T00:30:15</xades:SigningTime>"
        )));
        let qr = zatca::verify::qr::read(&doc.qr).unwrap();
        assert_eq!(
            qr.text(3).as_deref(),
            Some(format!("{saudi}T00:30:15").as_str())
        );
        // The ledger keeps the instant in UTC.
        assert_eq!(doc.summary.issued_at, at);
        s.close().await;
        println!("saudi time ok");
    });
}
