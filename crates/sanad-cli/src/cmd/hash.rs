//! `hash`: the invoice hash of a document (signed or not), or its canonical bytes.

use std::io::Write as _;
use std::path::PathBuf;

use super::CliError;

#[derive(clap::Args)]
pub struct Args {
    /// The invoice XML.
    file: PathBuf,
    /// Print the canonical bytes the hash is taken over instead of the hash.
    #[arg(long)]
    canonical: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let xml = std::fs::read(&args.file)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", args.file.display())))?;
    let err = |e: zatca::stamp::HashError| CliError::new(format!("{}: {e}", args.file.display()));
    if args.canonical {
        let bytes = zatca::stamp::canonicalize(&xml).map_err(err)?;
        std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| CliError::new(format!("cannot write: {e}")))
    } else {
        println!("{}", zatca::stamp::invoice_hash(&xml).map_err(err)?);
        Ok(())
    }
}
