//! `sanad-cli books backup --out FILE | restore FILE`: the ledger's own backup and restore.

use std::path::PathBuf;

use clap::Subcommand;

use super::CliError;
use super::ctx::Global;

#[derive(Debug, Subcommand)]
pub enum BooksCommand {
    /// Write a consistent copy of the books (documents, devices, audit log; never a secret).
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore the books from a backup. Devices whose chain this computer cannot prove are
    /// suspended (restore their device backup, or retire them).
    Restore { file: PathBuf },
}

pub fn run(global: &Global, cmd: BooksCommand) -> Result<(), CliError> {
    match cmd {
        BooksCommand::Backup { out } => {
            let books = global.books()?;
            let info = sanad::books::backup(&books, &out)?;
            println!(
                "books backup written to {} ({} bytes)",
                out.display(),
                info.bytes
            );
            Ok(())
        }
        BooksCommand::Restore { file } => {
            let env = global.env()?;
            // Creates the books' folder and settings when this is a fresh data folder.
            drop(global.books()?);
            let report = sanad::books::restore(&global.data(), env, &file)?;
            for d in &report.devices {
                match &d.suspended {
                    None => println!("{}: chain continues after ICV {}", d.name, d.last_icv),
                    Some(reason) => println!("{}: suspended: {reason}", d.name),
                }
            }
            println!("{} books restored from {}", env, file.display());
            Ok(())
        }
    }
}
