//! Draft → unsigned UBL XML (pre-flight rules, totals, writer), at 3 and 200 lines; the rules
//! and totals alone (`compute`); and the whole from JSON text.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use zatca::{ChainFields, Draft};

fn draft_json(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(name)
        .join("draft.json");
    std::fs::read(path).expect("scenario draft")
}

fn bench(c: &mut Criterion) {
    let chain = ChainFields {
        icv: 42,
        pih: "NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==".into(),
    };
    for (label, name) in [
        ("3 lines", "simplified-invoice"),
        ("200 lines", "standard-200-lines"),
    ] {
        let json = draft_json(name);
        let draft = Draft::from_json(&json).expect("draft");
        c.bench_function(&format!("prepare {label}"), |b| {
            b.iter(|| zatca::prepare(black_box(&draft), black_box(&chain)).expect("prepare"))
        });
        c.bench_function(&format!("compute {label}"), |b| {
            b.iter(|| zatca::compute(black_box(&draft)).expect("compute"))
        });
        c.bench_function(&format!("prepare_json {label}"), |b| {
            b.iter(|| zatca::prepare_json(black_box(&json), black_box(&chain)).expect("prepare"))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
