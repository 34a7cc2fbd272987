//! `sanad-cli bench issue`: a counter sale from what the cashier entered to the receipt's PDF
//! bytes, through the real services: pre-flight rules, one fsync'd ledger transaction with the
//! device key, the PDF/A-3 from the stored bytes. Then the submission worker's rate against the
//! built-in simulator (no faults). The books are practice books in a temporary folder whose
//! secrets are kept in a passphrase vault, so the bench needs no keychain.

use std::time::Instant;

use clap::Args;
use sanad::issuing::{self, IssueInput, Options, Paper};
use sanad::secrets::StoreKind;
use sanad::session::Session;
use sanad::{Books, BooksEnv, DataDir, OpenOptions};
use zeroize::Zeroizing;

use super::{fail, ms};
use crate::cmd::CliError;

const COMPANY: &str = include_str!("../../../../../examples/company.json");
const SALE: &str = include_str!("../../../../../examples/issue/counter-sale.json");

#[derive(Args)]
pub struct IssueBenchArgs {
    /// Counter sales timed (after 5 warm-up sales).
    #[arg(long, default_value_t = 200)]
    pub runs: u32,
    /// Documents the worker sends for its rate.
    #[arg(long, default_value_t = 2000)]
    pub documents: u32,
}

fn percentile(sorted: &[f64], p: usize) -> f64 {
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted[rank - 1]
}

pub fn run(args: IssueBenchArgs) -> Result<(), CliError> {
    let dir = tempfile::tempdir().map_err(|e| fail("temp dir")(e.to_string()))?;
    let rt = crate::cmd::ctx::runtime()?;
    rt.block_on(async {
        let books = Books::open(
            &DataDir::new(dir.path()),
            BooksEnv::Practice,
            OpenOptions {
                secrets: Some(StoreKind::Vault),
                passphrase: Some(Zeroizing::new("bench passphrase".to_owned())),
                ..OpenOptions::default()
            },
        )?;
        let company = serde_json::from_str(COMPANY).map_err(|e| fail("company")(e.to_string()))?;
        sanad::company::set(&books, &company).map_err(crate::cmd::ctx::all)?;
        sanad::onboarding::add_device(
            &books,
            &sanad::onboarding::NewDevice {
                name: "till-1".into(),
                title: "1100".into(),
                series_prefix: None,
                branch: None,
            },
        )?;
        let s = Session::connect(books).await?;
        let t0 = Instant::now();
        let fatoora = s.fatoora.as_ref().ok_or_else(|| CliError::new("not connected"))?;
        sanad::onboarding::onboard(&s.books, fatoora, "till-1", None, &mut |_: &_| {}).await?;
        let onboarding = t0.elapsed();
        let sale: IssueInput = serde_json::from_str(SALE).map_err(|e| fail("sale")(e.to_string()))?;
        let opts = Options {
            paper: Some(Paper::Receipt),
            ..Options::default()
        };
        for _ in 0..5 {
            issuing::issue(&s, &sale, &opts).await.map_err(crate::cmd::ctx::all)?;
        }
        let mut times = Vec::with_capacity(args.runs as usize);
        let mut pdf_bytes = 0;
        for _ in 0..args.runs.max(1) {
            let t = Instant::now();
            let issued = issuing::issue(&s, &sale, &opts).await.map_err(crate::cmd::ctx::all)?;
            times.push(ms(t.elapsed()));
            pdf_bytes = issued.pdf.map_or(0, |p| p.bytes.len());
        }
        times.sort_by(f64::total_cmp);
        println!("practice onboarding of one 1100 device: {:.0} ms wall", ms(onboarding));
        println!(
            "counter sale, input to receipt PDF ({} runs, fsync'd commit, {pdf_bytes} B PDF): \
             median {:.1} ms, p95 {:.1} ms, min {:.1} ms",
            times.len(),
            percentile(&times, 50),
            percentile(&times, 95),
            times[0]
        );
        // The worker's rate: what was issued plus `documents` more, all sent at once.
        let extra = Options::default();
        for _ in 0..args.documents {
            issuing::issue(&s, &sale, &extra).await.map_err(crate::cmd::ctx::all)?;
        }
        let total = 5 + args.runs.max(1) + args.documents;
        let t = Instant::now();
        let mut sent = 0;
        let opts = sanad::worker::Options {
            batch: 1000,
            ..sanad::worker::Options::default()
        };
        loop {
            let round = sanad::worker::run_once(&s, &opts).await?;
            sent += round.accepted;
            if round.sent == 0 {
                break;
            }
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "worker to the local simulator, faults off: {sent} of {total} documents in {secs:.2} s, {:.0} documents/s",
            sent as f64 / secs
        );
        s.close().await;
        Ok::<_, CliError>(())
    })
}
