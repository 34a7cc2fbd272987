//! The stamp's speed: invoice hash, sign (hash + XAdES + ECDSA + QR) and verify, on a
//! simplified invoice with 3 and 200 lines.

use std::hint::black_box;
use std::path::Path;

use chrono::NaiveDateTime;
use criterion::{Criterion, criterion_group, criterion_main};
use zatca::stamp::{Signer, invoice_hash, sign};

fn sdk(rel: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../vendor/zatca-sdk")
            .join(rel),
    )
    .expect("vendored SDK data")
}

/// The SDK's simplified evidence invoice with its one line repeated to `lines` lines.
fn unsigned_with_lines(lines: usize) -> Vec<u8> {
    let xml =
        String::from_utf8(sdk("extra/sdk-evidence/cases/simplified-invoice/input.xml")).unwrap();
    let start = xml.find("  <cac:InvoiceLine>").unwrap();
    let end = xml.find("</cac:InvoiceLine>").unwrap() + "</cac:InvoiceLine>\n".len();
    let line = &xml[start..end];
    let mut out = String::from(&xml[..start]);
    for i in 1..=lines {
        out.push_str(&line.replacen("<cbc:ID>1</cbc:ID>", &format!("<cbc:ID>{i}</cbc:ID>"), 1));
    }
    out.push_str(&xml[end..]);
    out.into_bytes()
}

fn bench(c: &mut Criterion) {
    let signer = Signer::from_any(
        &sdk("Data/Certificates/ec-secp256k1-priv-key.pem"),
        &sdk("Data/Certificates/cert.pem"),
    )
    .unwrap();
    let t = NaiveDateTime::parse_from_str("2025-01-01T10:00:00", "%Y-%m-%dT%H:%M:%S").unwrap();
    for lines in [3, 200] {
        let xml = unsigned_with_lines(lines);
        c.bench_function(&format!("hash/{lines}-lines"), |b| {
            b.iter(|| invoice_hash(black_box(&xml)).unwrap())
        });
        c.bench_function(&format!("sign/{lines}-lines"), |b| {
            b.iter(|| sign(black_box(&xml), &signer, t).unwrap())
        });
        let signed = sign(&xml, &signer, t).unwrap().xml;
        c.bench_function(&format!("verify/{lines}-lines"), |b| {
            b.iter(|| zatca::verify::verify(black_box(&signed)))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
