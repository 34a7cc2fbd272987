//! Renders the sample documents of `docs/print/`: every layout from the signed SDK samples and
//! from Sanad's own fixture drafts (prepared and signed by the engine with the SDK test
//! certificate). Run from the repository root:
//! `cargo run -p print --example samples -- docs/print`, then `docs/print/render-png.sh`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;

use common::{CREDIT, SIMPLIFIED, STANDARD, USD, draft, sample, signed, with_lines};
use print::{Layout, Options, render};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "docs/print".into()),
    );
    std::fs::create_dir_all(&out)?;
    let receipt = signed(&draft("receipt-3"));
    let discounts = signed(&draft("receipt-discount"));
    let arabic = signed(&draft("arabic-customer"));
    let long = signed(&with_lines("arabic-customer", 200));
    let jobs: Vec<(&str, Vec<u8>, Layout)> = vec![
        ("a4-simplified", sample(SIMPLIFIED), Layout::A4),
        ("a4-standard", sample(STANDARD), Layout::A4),
        ("a4-credit-note", sample(CREDIT), Layout::A4),
        ("a4-usd", sample(USD), Layout::A4),
        ("a4-arabic-customer", arabic, Layout::A4),
        (
            "receipt-sdk-simplified",
            sample(SIMPLIFIED),
            Layout::Receipt,
        ),
        ("receipt-3-lines", receipt.clone(), Layout::Receipt),
        ("receipt-line-discounts", discounts, Layout::Receipt),
        ("a4-3-lines-simplified", receipt, Layout::A4),
        ("a4-200-lines", long, Layout::A4),
    ];
    for (name, xml, layout) in jobs {
        let pdf = render(&xml, layout, &Options::default())?;
        std::fs::write(out.join(format!("{name}.pdf")), &pdf)?;
        println!("{name}.pdf ({} bytes)", pdf.len());
    }
    Ok(())
}
