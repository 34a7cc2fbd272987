//! Inputs for the print tests and benchmarks: the vendored, signed SDK samples, and Sanad's own
//! documents (`fixtures/*.json` drafts) prepared and signed by the engine with the SDK's test
//! certificate, exactly as the app issues them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use zatca::ChainFields;
use zatca::stamp::{GENESIS_PIH, Signer, sign};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn sample(rel: &str) -> Vec<u8> {
    std::fs::read(root().join("vendor/zatca-sdk/Data/Samples").join(rel))
        .expect("vendored SDK sample")
}

pub const SIMPLIFIED: &str = "Simplified/Invoice/Simplified_Invoice.xml";
pub const STANDARD: &str = "Standard/Invoice/Standard_Invoice.xml";
pub const CREDIT: &str = "Standard/Credit/Standard_Credit_Note.xml";
pub const USD: &str =
    "Standard/Invoice/Advance Payment adjustments with foreign currency invoice.xml";

pub fn draft(name: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(format!("{name}.json"));
    serde_json::from_slice(&std::fs::read(path).expect("fixture draft")).expect("fixture JSON")
}

/// Prepares and signs a draft: the bytes Sanad stores and prints.
pub fn signed(draft: &serde_json::Value) -> Vec<u8> {
    let json = serde_json::to_vec(draft).expect("JSON");
    let chain = ChainFields {
        icv: 1,
        pih: GENESIS_PIH.to_owned(),
    };
    let prepared = zatca::prepare_json(&json, &chain).expect("fixture draft prepares");
    let certs = root().join("vendor/zatca-sdk/Data/Certificates");
    let signer = Signer::from_any(
        &std::fs::read(certs.join("ec-secp256k1-priv-key.pem")).expect("SDK test key"),
        &std::fs::read(certs.join("cert.pem")).expect("SDK test certificate"),
    )
    .expect("signer");
    let time =
        NaiveDateTime::parse_from_str("2026-11-21T10:15:30", "%Y-%m-%dT%H:%M:%S").expect("time");
    sign(&prepared.xml, &signer, time).expect("signs").xml
}

/// A fixture draft with its lines repeated (and renamed) up to `n` lines.
pub fn with_lines(name: &str, n: usize) -> serde_json::Value {
    let mut d = draft(name);
    let lines = d["lines"].as_array().expect("lines").clone();
    let many: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut line = lines[i % lines.len()].clone();
            let base = line["name"].as_str().unwrap_or_default().to_owned();
            line["name"] = serde_json::Value::String(format!("L{:03} {base}", i + 1));
            line
        })
        .collect();
    d["lines"] = serde_json::Value::Array(many);
    d
}
