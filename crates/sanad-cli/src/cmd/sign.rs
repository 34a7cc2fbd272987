//! `sign`: a JSON draft (with `--draft`, `--icv`, `--pih`) or an unsigned invoice XML + the
//! device's key and certificate → the signed XML, its hash and QR. The signing time is an
//! argument.

use std::path::PathBuf;

use chrono::NaiveDateTime;

use super::CliError;

#[derive(clap::Args)]
pub struct Args {
    /// The unsigned invoice XML (no UBLExtensions, QR reference or cac:Signature), or with
    /// `--draft` the JSON draft.
    input: PathBuf,
    /// The input is a JSON draft: prepare it with `--icv` and `--pih`, then sign.
    #[arg(long, requires_all = ["icv", "pih"])]
    draft: bool,
    /// The device's private key (PEM, DER or bare base64).
    #[arg(long)]
    key: PathBuf,
    /// The device's CSID certificate (PEM, DER or bare base64).
    #[arg(long)]
    cert: PathBuf,
    /// XAdES signing time, `YYYY-MM-DDTHH:MM:SS`.
    #[arg(long)]
    signing_time: String,
    /// The ICV: for a draft, the value to write; for XML, the value it must carry.
    #[arg(long)]
    icv: Option<String>,
    /// The PIH: for a draft, the value to write; for XML, the value it must carry.
    #[arg(long)]
    pih: Option<String>,
    /// Remove an existing signature, QR and cac:Signature first (re-signing a signed document).
    #[arg(long)]
    resign: bool,
    /// Where to write the signed XML; standard output if omitted (the summary then goes to stderr).
    #[arg(long)]
    out: Option<PathBuf>,
}

fn read(path: &PathBuf) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| CliError::new(format!("cannot read {}: {e}", path.display())))
}

pub fn run(args: Args) -> Result<(), CliError> {
    let time =
        NaiveDateTime::parse_from_str(&args.signing_time, "%Y-%m-%dT%H:%M:%S").map_err(|e| {
            CliError::new(format!(
                "--signing-time {:?}: {e} (want YYYY-MM-DDTHH:MM:SS)",
                args.signing_time
            ))
        })?;
    let signer = zatca::stamp::Signer::from_any(&read(&args.key)?, &read(&args.cert)?)
        .map_err(|e| CliError::new(e.to_string()))?;
    let mut xml = read(&args.input)?;
    if args.draft {
        xml = prepare(&xml, args.icv.as_deref(), args.pih.as_deref())
            .map_err(|e| CliError::new(format!("{}: {e}", args.input.display())))?;
    } else if args.resign {
        xml = zatca::stamp::strip_signature(&xml).map_err(|e| CliError::new(e.to_string()))?;
    }
    check_chain(&xml, args.icv.as_deref(), args.pih.as_deref())?;
    let signed = zatca::stamp::sign(&xml, &signer, time)
        .map_err(|e| CliError::new(format!("{}: {e}", args.input.display())))?;
    let summary = serde_json::json!({
        "hash": signed.hash.to_base64(),
        "qr": signed.qr,
        "signature": signed.signature,
    });
    match &args.out {
        Some(path) => {
            std::fs::write(path, &signed.xml)
                .map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display())))?;
            println!("{summary}");
        }
        None => {
            use std::io::Write as _;
            std::io::stdout()
                .write_all(&signed.xml)
                .map_err(|e| CliError::new(format!("cannot write: {e}")))?;
            eprintln!("{summary}");
        }
    }
    Ok(())
}

/// A JSON draft and the chain values → the unsigned XML.
fn prepare(json: &[u8], icv: Option<&str>, pih: Option<&str>) -> Result<Vec<u8>, String> {
    let icv = icv
        .unwrap_or_default()
        .parse::<u64>()
        .map_err(|_| "--icv must be a non-negative integer".to_string())?;
    let chain = zatca::ChainFields {
        icv,
        pih: pih.unwrap_or_default().to_owned(),
    };
    zatca::prepare_json(json, &chain)
        .map(|p| p.xml)
        .map_err(|e| e.to_string())
}

/// The document's ICV and PIH must be the ones given (the chain is the caller's to keep).
fn check_chain(xml: &[u8], icv: Option<&str>, pih: Option<&str>) -> Result<(), CliError> {
    if icv.is_none() && pih.is_none() {
        return Ok(());
    }
    let view = zatca::stamp::document_chain(xml).map_err(|e| CliError::new(e.to_string()))?;
    if let Some(want) = icv
        && view.icv.as_deref() != Some(want)
    {
        return Err(CliError::new(format!(
            "the document's ICV is {:?}, not {want}",
            view.icv
        )));
    }
    if let Some(want) = pih
        && view.pih.as_deref() != Some(want)
    {
        return Err(CliError::new(format!(
            "the document's PIH is {:?}, not {want}",
            view.pih
        )));
    }
    Ok(())
}
