//! `csr`: the certificate signing request of an EGS unit for one ZATCA environment, from the SDK's
//! `csr-config` properties format.

use std::path::PathBuf;

use super::CliError;

#[derive(clap::Args)]
pub struct Args {
    /// CSR properties (`csr.common.name=…`, as in the ZATCA SDK's csr-config files).
    #[arg(long)]
    config: PathBuf,
    /// The device's private key (PEM, DER or bare base64).
    #[arg(long)]
    key: PathBuf,
    /// sandbox, simulation or production.
    #[arg(long)]
    env: String,
    /// Print the compliance API's form (base64 of the PEM text) instead of PEM.
    #[arg(long)]
    api: bool,
    /// Where to write the CSR; standard output if omitted.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn read(path: &PathBuf) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| CliError::new(format!("cannot read {}: {e}", path.display())))
}

pub fn run(args: Args) -> Result<(), CliError> {
    let env: zatca::api::Environment = args
        .env
        .parse()
        .map_err(|e: zatca::words::UnknownWord| CliError::new(e.to_string()))?;
    let config = String::from_utf8(read(&args.config)?)
        .map_err(|_| CliError::new(format!("{} is not UTF-8", args.config.display())))?;
    let fields = zatca::csr::CsrFields::from_properties(&config)
        .map_err(|e| CliError::new(e.to_string()))?;
    let key = zatca::stamp::signing_key_from_any(&read(&args.key)?)
        .map_err(|e| CliError::new(e.to_string()))?;
    let csr =
        zatca::csr::build_csr(&fields, env, &key).map_err(|e| CliError::new(e.to_string()))?;
    let text = if args.api {
        csr.api_text() + "\n"
    } else {
        csr.pem()
    };
    match args.out {
        Some(path) => std::fs::write(&path, text)
            .map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display()))),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}
