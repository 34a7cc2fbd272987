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
    #[command(flatten)]
    global: cmd::ctx::Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Turn a JSON draft into the unsigned UBL invoice and print its totals.
    Prepare(cmd::prepare::PrepareArgs),
    /// A new secp256k1 private key for an EGS unit.
    Keygen(cmd::keygen::Args),
    /// The CSR of an EGS unit for a ZATCA environment.
    Csr(cmd::csr::Args),
    /// Sign an unsigned invoice: signed XML, hash and QR.
    Sign(cmd::sign::Args),
    /// Verify signed invoices, every check by name.
    Verify(cmd::verify::Args),
    /// The invoice hash (or canonical bytes) of a document.
    Hash(cmd::hash::Args),
    /// Render the PDF/A-3b of an invoice XML (A4 or 80 mm receipt), with the XML attached.
    Print(cmd::print::PrintArgs),
    /// What a code means, who must act and what to do (Arabic and English).
    Explain(cmd::explain::ExplainArgs),
    /// Measure speed on this machine.
    #[command(subcommand)]
    Bench(cmd::bench::BenchArea),
    /// Run the local FATOORA simulator on 127.0.0.1.
    Sim(fatoora_sim::cli::SimArgs),
    /// The company profile of the books.
    #[command(subcommand)]
    Company(cmd::company::CompanyCommand),
    /// The books' devices (EGS units): add, onboard, list, renew, backup, restore.
    #[command(subcommand)]
    Device(cmd::device::DeviceCommand),
    /// Back up or restore the books.
    #[command(subcommand)]
    Books(cmd::books::BooksCommand),
    /// Issue a document from a JSON input (customer, lines, payment…).
    Issue(cmd::issue::IssueArgs),
    /// Issue a credit or debit note against an invoice.
    Note(cmd::issue::NoteArgs),
    /// The documents of the books.
    #[command(subcommand)]
    Documents(cmd::documents::DocumentsCommand),
    /// The submission worker: send the queue to FATOORA.
    #[command(subcommand)]
    Worker(cmd::documents::WorkerCommand),
    /// What to watch weekly: delivery, response times, rejections, retries, CSID days left.
    Kpis(cmd::documents::KpisArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<(), cmd::CliError> = match cli.command {
        Command::Prepare(args) => cmd::prepare::run(args),
        Command::Keygen(args) => cmd::keygen::run(args),
        Command::Csr(args) => cmd::csr::run(args),
        Command::Sign(args) => cmd::sign::run(args),
        Command::Verify(args) => cmd::verify::run(args),
        Command::Hash(args) => cmd::hash::run(args),
        Command::Print(args) => cmd::print::run(args),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Bench(area) => cmd::bench::run(area),
        Command::Sim(args) => cmd::sim::run(args),
        Command::Company(c) => cmd::company::run(&cli.global, c),
        Command::Device(c) => cmd::device::run(&cli.global, c),
        Command::Books(c) => cmd::books::run(&cli.global, c),
        Command::Issue(a) => cmd::issue::issue(&cli.global, a),
        Command::Note(a) => cmd::issue::note(&cli.global, a),
        Command::Documents(c) => cmd::documents::run(&cli.global, c),
        Command::Worker(c) => cmd::documents::worker(&cli.global, c),
        Command::Kpis(a) => cmd::documents::kpis(&cli.global, a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
