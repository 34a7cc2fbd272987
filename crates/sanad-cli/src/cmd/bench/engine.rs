//! `sanad-cli bench engine`: times the engine on the drafts its criterion benchmarks use (the
//! `simplified-invoice` and `standard-200-lines` scenarios): draft → unsigned XML, sign,
//! draft → signed XML + QR, and verify, signed with the SDK test certificate.

use chrono::NaiveDateTime;
use clap::Args;
use zatca::stamp::{GENESIS_PIH, Signer, sign};
use zatca::{ChainFields, Draft};

use super::{fail, measure};
use crate::cmd::CliError;

const DRAFTS: [(&str, &[u8]); 2] = [
    (
        "3_lines",
        include_bytes!("../../../../zatca/tests/scenarios/simplified-invoice/draft.json"),
    ),
    (
        "200_lines",
        include_bytes!("../../../../zatca/tests/scenarios/standard-200-lines/draft.json"),
    ),
];
const KEY: &[u8] =
    include_bytes!("../../../../../vendor/zatca-sdk/Data/Certificates/ec-secp256k1-priv-key.pem");
const CERT: &[u8] = include_bytes!("../../../../../vendor/zatca-sdk/Data/Certificates/cert.pem");

#[derive(Args)]
pub struct EngineBenchArgs {
    /// Runs per figure (after one warm-up run).
    #[arg(long, default_value_t = 30)]
    pub runs: u32,
}

fn report(name: &str, timing: &super::Timing, bytes: usize) {
    println!(
        "engine {name:<28} wall median {:>7.2} ms  p95 {:>7.2} ms   cpu/run {}   ({} runs, {bytes} bytes)",
        timing.median(),
        timing.p95(),
        timing.cpu(),
        timing.runs(),
    );
}

pub fn run(args: EngineBenchArgs) -> Result<(), CliError> {
    let signer = Signer::from_any(KEY, CERT).map_err(|e| fail("signer")(e.to_string()))?;
    let time = NaiveDateTime::parse_from_str("2026-11-21T10:15:30", "%Y-%m-%dT%H:%M:%S")
        .map_err(|e| fail("signing time")(e.to_string()))?;
    let chain = ChainFields {
        icv: 7,
        pih: GENESIS_PIH.to_owned(),
    };
    for (lines, json) in DRAFTS {
        let draft = Draft::from_json(json).map_err(|e| fail(lines)(e.to_string()))?;
        let prepare = || zatca::prepare(&draft, &chain).map_err(|e| fail("prepare")(e.to_string()));
        let (prepared, timing) = measure(args.runs, prepare)?;
        report(&format!("prepare_{lines}"), &timing, prepared.xml.len());

        let unsigned = &prepared.xml;
        let stamp = || sign(unsigned, &signer, time).map_err(|e| fail("sign")(e.to_string()));
        let (signed, timing) = measure(args.runs, stamp)?;
        report(&format!("sign_{lines}"), &timing, signed.xml.len());

        let whole = || {
            let prepared = prepare()?;
            sign(&prepared.xml, &signer, time).map_err(|e| fail("sign")(e.to_string()))
        };
        let (whole, timing) = measure(args.runs, whole)?;
        report(
            &format!("draft_to_signed_qr_{lines}"),
            &timing,
            whole.xml.len(),
        );

        let check = || {
            let verdict = zatca::verify::verify(&signed.xml);
            let failed = verdict
                .failures()
                .next()
                .map(|f| format!("{:?}: {}", f.check, f.detail));
            match failed {
                None => Ok(verdict),
                Some(f) => Err(fail("verify")(f)),
            }
        };
        let (_, timing) = measure(args.runs, check)?;
        report(&format!("verify_{lines}"), &timing, signed.xml.len());
    }
    Ok(())
}
