//! `verify`: every check of a signed invoice, by name (hash, signature, certificate digest,
//! signed properties, QR tags, chain fields). Exit status 1 if any check fails.

use std::path::PathBuf;

use zatca::verify::{Expect, Status, verify_with};

use super::CliError;

#[derive(clap::Args)]
pub struct Args {
    /// Signed invoice XML files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The previous invoice's hash (base64): the PIH must equal it.
    #[arg(long)]
    pih: Option<String>,
    /// The device's certificate: the embedded one must be it.
    #[arg(long)]
    cert: Option<PathBuf>,
    /// One JSON object per file instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let cert = match &args.cert {
        Some(p) => {
            let bytes = std::fs::read(p)
                .map_err(|e| CliError::new(format!("cannot read {}: {e}", p.display())))?;
            Some(
                zatca::stamp::Certificate::from_any(&bytes)
                    .map_err(|e| CliError::new(e.to_string()))?,
            )
        }
        None => None,
    };
    let expect = Expect {
        pih: args.pih.as_deref(),
        certificate: cert.as_ref(),
    };
    let mut all_valid = true;
    for file in &args.files {
        let xml = std::fs::read(file)
            .map_err(|e| CliError::new(format!("cannot read {}: {e}", file.display())))?;
        let report = verify_with(&xml, &expect);
        all_valid &= report.is_valid();
        if args.json {
            let findings: Vec<_> = report
                .findings
                .iter()
                .map(|f| {
                    serde_json::json!({
                        "check": f.check.name(),
                        "status": status(f.status),
                        "detail": f.detail,
                    })
                })
                .collect();
            let obj = serde_json::json!({
                "file": file.display().to_string(),
                "valid": report.is_valid(),
                "simplified": report.simplified,
                "hash": report.hash.map(|h| h.to_base64()),
                "findings": findings,
            });
            println!("{obj}");
        } else {
            let verdict = if report.is_valid() {
                "VALID"
            } else {
                "INVALID"
            };
            println!("{verdict} {}", file.display());
            if let Some(h) = report.hash {
                println!("  hash {h}");
            }
            for f in &report.findings {
                if f.status == Status::Pass {
                    println!("  pass {}", f.check);
                } else {
                    println!("  {} {}: {}", status(f.status), f.check, f.detail);
                }
            }
        }
    }
    if all_valid {
        Ok(())
    } else {
        Err(CliError::new("verification failed"))
    }
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Warn => "warn",
        Status::Fail => "FAIL",
    }
}
