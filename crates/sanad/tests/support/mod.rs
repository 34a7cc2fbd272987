//! Shared by the application core's tests: real books in a temp folder (SQLite on disk), the
//! real keychain (a private gnome-keyring under `scripts/with-keyring.sh`), the real simulator
//! over HTTP on 127.0.0.1.

#![allow(dead_code)]

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use sanad::company::Company;
use sanad::{Books, BooksEnv, DataDir, OpenOptions};

pub const COMPANY: &str = include_str!("../../../../examples/company.json");

pub fn company() -> Company {
    serde_json::from_str(COMPANY).expect("examples/company.json")
}

/// Books of `env` in `dir`, with the example company profile.
pub fn books(dir: &Path, env: BooksEnv, opts: OpenOptions) -> Books {
    let books = Books::open(&DataDir::new(dir), env, opts)
        .expect("books (is a Secret Service running? use scripts/with-keyring.sh)");
    sanad::company::set(&books, &company()).expect("company");
    books
}

pub fn practice(dir: &Path) -> Books {
    books(dir, BooksEnv::Practice, OpenOptions::default())
}

/// A simulator of ZATCA's simulation environment on 127.0.0.1, its state in `dir`.
pub async fn simulator(dir: &Path) -> fatoora_sim::Simulator {
    let cfg = fatoora_sim::SimConfig::new(
        zatca::api::Environment::Simulation,
        dir.join("zatca.sqlite"),
    );
    fatoora_sim::Simulator::start(cfg, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .expect("simulator")
}

/// Simulation books in `dir` that talk to `url`.
pub fn simulation(dir: &Path, url: &str) -> Books {
    books(
        dir,
        BooksEnv::Simulation,
        OpenOptions {
            fatoora_url: Some(url.to_owned()),
            ..OpenOptions::default()
        },
    )
}

pub fn device(name: &str, title: &str) -> sanad::onboarding::NewDevice {
    sanad::onboarding::NewDevice {
        name: name.to_owned(),
        title: title.to_owned(),
        series_prefix: None,
        branch: None,
    }
}

/// Every file below `dir`, recursively.
pub fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Simulation books in `dir` with their clock, on `sim`, with the example company and a device
/// `till-1` (title 1100) onboarded; the session connected.
pub async fn onboarded(
    dir: &Path,
    sim: &fatoora_sim::Simulator,
    clock: std::sync::Arc<sanad::clock::FixedClock>,
) -> sanad::session::Session {
    let books = books(
        dir,
        BooksEnv::Simulation,
        OpenOptions {
            fatoora_url: Some(sim.base_url()),
            clock: Some(clock as std::sync::Arc<dyn sanad::clock::Clock>),
            ..OpenOptions::default()
        },
    );
    sanad::onboarding::add_device(&books, &device("till-1", "1100")).expect("device");
    let session = sanad::session::Session::connect(books)
        .await
        .expect("session");
    let otp = sim.mint_otp().expect("otp").otp;
    sanad::onboarding::onboard(
        &session.books,
        session.fatoora.as_ref().expect("connected"),
        "till-1",
        Some(&otp),
        &mut |_: &sanad::onboarding::Progress| {},
    )
    .await
    .expect("onboarded");
    session
}

/// A counter sale: two lines, cash.
pub fn sale() -> sanad::issuing::IssueInput {
    serde_json::from_str(include_str!("../../../../examples/issue/counter-sale.json"))
        .expect("sale")
}

/// A standard invoice to a VAT-registered buyer.
pub fn b2b() -> sanad::issuing::IssueInput {
    serde_json::from_str(include_str!(
        "../../../../examples/issue/standard-invoice.json"
    ))
    .expect("standard")
}

/// The engine's verification of every stored document of every device, link by link.
pub fn chain_verifies(books: &sanad::Books) -> usize {
    let ledger = books.ledger();
    let mut n = 0;
    for d in ledger.devices().unwrap() {
        let report = ledger
            .verify_chain(d.id, |link| {
                let r = zatca::verify::verify(&link.signed_xml);
                if r.is_valid() {
                    Ok(())
                } else {
                    Err(r
                        .failures()
                        .map(|f| f.check.name())
                        .collect::<Vec<_>>()
                        .join(", "))
                }
            })
            .unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        n += report.documents as usize;
    }
    n
}
