//! `sanad-cli bench <area>`: prints speed figures of one area on this machine (the criterion
//! benchmarks in each crate are the reference; these are for a quick look on a target machine).

pub mod ledger;
pub mod print;

use clap::Subcommand;

use super::CliError;

#[derive(Subcommand)]
pub enum BenchArea {
    /// Rendering PDF/A-3b: a 3-line receipt, a 3-line A4 invoice, a 200-line A4 invoice.
    Print(print::PrintBenchArgs),
    /// The ledger at scale: size per document, open time, newest page, searches, insert rates.
    Ledger(ledger::LedgerBench),
}

pub fn run(area: BenchArea) -> Result<(), CliError> {
    match area {
        BenchArea::Print(args) => print::run(args),
        BenchArea::Ledger(args) => ledger::run(args),
    }
}
