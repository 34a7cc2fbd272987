//! `sanad-cli bench <area>`: measured figures for one area of Sanad, printed as text.

use clap::{Args, Subcommand};

use crate::cmd::CliError;

mod ledger;

#[derive(Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    area: BenchArea,
}

#[derive(Subcommand)]
enum BenchArea {
    /// The ledger at scale: size per document, open time, newest page, searches, insert rates.
    Ledger(ledger::LedgerBench),
}

pub fn run(args: BenchArgs) -> Result<(), CliError> {
    match args.area {
        BenchArea::Ledger(a) => ledger::run(a),
    }
}
