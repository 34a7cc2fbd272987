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
