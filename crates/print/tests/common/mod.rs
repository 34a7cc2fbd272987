//! Inputs for the print tests and benchmarks: the vendored, signed SDK samples, and longer
//! documents made from one by repeating its lines (for layout and speed; not valid ZATCA
//! documents, since their signature no longer covers their content).

use std::path::{Path, PathBuf};

pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vendor/zatca-sdk/Data/Samples")
}

pub fn sample(rel: &str) -> Vec<u8> {
    std::fs::read(samples().join(rel)).expect("vendored SDK sample")
}

pub const SIMPLIFIED: &str = "Simplified/Invoice/Simplified_Invoice.xml";
pub const STANDARD: &str = "Standard/Invoice/Standard_Invoice.xml";
pub const CREDIT: &str = "Standard/Credit/Standard_Credit_Note.xml";
pub const USD: &str =
    "Standard/Invoice/Advance Payment adjustments with foreign currency invoice.xml";

/// The simplified sample with `n` lines: its own lines repeated and renumbered.
pub fn with_lines(n: usize) -> Vec<u8> {
    let xml = String::from_utf8(sample(SIMPLIFIED)).expect("UTF-8 sample");
    let start = xml.find("<cac:InvoiceLine>").expect("a line");
    let end = xml.rfind("</cac:InvoiceLine>").expect("a line end") + "</cac:InvoiceLine>".len();
    let lines: Vec<&str> = xml[start..end]
        .split_inclusive("</cac:InvoiceLine>")
        .map(str::trim_start)
        .collect();
    let mut body = String::new();
    for i in 0..n {
        let line = lines[i % lines.len()];
        let id_start = line.find("<cbc:ID>").expect("line ID") + "<cbc:ID>".len();
        let id_end = id_start + line[id_start..].find('<').expect("ID end");
        body.push_str(&line[..id_start]);
        body.push_str(&(i + 1).to_string());
        body.push_str(&line[id_end..]);
        body.push_str("\n    ");
    }
    format!("{}{}{}", &xml[..start], body.trim_end(), &xml[end..]).into_bytes()
}
