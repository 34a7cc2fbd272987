//! `sanad-cli bench print`: times `print::render` from signed XML to PDF bytes. The documents
//! are Sanad's print fixtures, prepared and signed by the engine with the SDK test certificate.

use chrono::NaiveDateTime;
use clap::Args;
use zatca::ChainFields;
use zatca::stamp::{GENESIS_PIH, Signer, sign};

use super::{fail, measure};
use crate::cmd::CliError;

const RECEIPT: &[u8] = include_bytes!("../../../../print/fixtures/receipt-3.json");
const A4: &[u8] = include_bytes!("../../../../print/fixtures/arabic-customer.json");
const KEY: &[u8] =
    include_bytes!("../../../../../vendor/zatca-sdk/Data/Certificates/ec-secp256k1-priv-key.pem");
const CERT: &[u8] = include_bytes!("../../../../../vendor/zatca-sdk/Data/Certificates/cert.pem");

#[derive(Args)]
pub struct PrintBenchArgs {
    /// Runs per document (after one warm-up run).
    #[arg(long, default_value_t = 30)]
    pub runs: u32,
}

fn signed(draft: &[u8], signer: &Signer) -> Result<Vec<u8>, CliError> {
    let chain = ChainFields {
        icv: 1,
        pih: GENESIS_PIH.to_owned(),
    };
    let prepared =
        zatca::prepare_json(draft, &chain).map_err(|e| fail("prepare")(e.to_string()))?;
    let time = NaiveDateTime::parse_from_str("2026-11-21T10:15:30", "%Y-%m-%dT%H:%M:%S")
        .map_err(|e| fail("signing time")(e.to_string()))?;
    Ok(sign(&prepared.xml, signer, time)
        .map_err(|e| fail("sign")(e.to_string()))?
        .xml)
}

/// The A4 fixture with its lines repeated to `n`.
fn with_lines(n: usize) -> Result<Vec<u8>, CliError> {
    let mut draft: serde_json::Value =
        serde_json::from_slice(A4).map_err(|e| fail("fixture")(e.to_string()))?;
    let lines = draft["lines"].as_array().cloned().unwrap_or_default();
    if lines.is_empty() {
        return Err(CliError::new("fixture: no lines"));
    }
    draft["lines"] =
        serde_json::Value::Array((0..n).map(|i| lines[i % lines.len()].clone()).collect());
    serde_json::to_vec(&draft).map_err(|e| fail("fixture")(e.to_string()))
}

pub fn run(args: PrintBenchArgs) -> Result<(), CliError> {
    let signer = Signer::from_any(KEY, CERT).map_err(|e| fail("signer")(e.to_string()))?;
    let receipt = signed(RECEIPT, &signer)?;
    let long = signed(&with_lines(200)?, &signer)?;
    let jobs = [
        ("receipt_3_lines", &receipt, print::Layout::Receipt),
        ("a4_3_lines", &receipt, print::Layout::A4),
        ("a4_200_lines", &long, print::Layout::A4),
    ];
    let options = print::Options::default();
    for (name, xml, layout) in jobs {
        let render = || print::render(xml, layout, &options).map_err(|e| fail(name)(e.to_string()));
        let (pdf, timing) = measure(args.runs, render)?;
        println!(
            "print {name:<16} wall median {:>7.2} ms  min {:>7.2} ms   cpu/run {}   ({} runs, {} bytes)",
            timing.median(),
            timing.min(),
            timing.cpu(),
            timing.runs(),
            pdf.len(),
        );
    }
    Ok(())
}
