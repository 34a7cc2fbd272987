//! `keygen`: a new secp256k1 private key for an EGS unit (PKCS#8 PEM).

use std::path::PathBuf;

use super::CliError;

#[derive(clap::Args)]
pub struct Args {
    /// Where to write the key (PEM); standard output if omitted.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let key = zatca::csr::generate_key().map_err(|e| CliError::new(e.to_string()))?;
    let pem = zatca::csr::key_pem(&key).map_err(|e| CliError::new(e.to_string()))?;
    match args.out {
        Some(path) => std::fs::write(&path, pem)
            .map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display()))),
        None => {
            print!("{pem}");
            Ok(())
        }
    }
}
