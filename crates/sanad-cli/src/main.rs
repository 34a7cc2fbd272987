//! `sanad-cli`: Sanad's command line, over the same engine and services as the desktop app.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

#[derive(Parser)]
#[command(
    name = "sanad-cli",
    version,
    about = "Sanad: ZATCA e-invoicing from the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Turn a JSON draft into the unsigned UBL invoice and print its totals.
    Prepare(cmd::prepare::PrepareArgs),
    /// Run the local FATOORA simulator on 127.0.0.1.
    Sim(fatoora_sim::cli::SimArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<(), cmd::CliError> = match cli.command {
        Command::Prepare(args) => cmd::prepare::run(args),
        Command::Sim(args) => cmd::sim::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
