//! `fatoora-sim`: the local FATOORA simulator as a command.

use std::process::ExitCode;

use clap::Parser;
use fatoora_sim::cli::{SimArgs, run};

#[derive(Parser)]
#[command(
    name = "fatoora-sim",
    version,
    about = "Local FATOORA simulator on 127.0.0.1"
)]
struct Cli {
    #[command(flatten)]
    args: SimArgs,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
