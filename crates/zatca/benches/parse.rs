//! UBL XML → draft (`zatca::ubl::parse`) and the pre-flight rules on XML
//! (`zatca::rules::check_xml`), at 3 and 200 lines, as the simulator runs them per document.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use zatca::{ChainFields, Draft};

fn unsigned_xml(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(name)
        .join("draft.json");
    let draft = Draft::from_json(&std::fs::read(path).expect("scenario draft")).expect("draft");
    let chain = ChainFields {
        icv: 42,
        pih: "NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==".into(),
    };
    zatca::prepare(&draft, &chain).expect("prepare").xml
}

fn bench(c: &mut Criterion) {
    for (label, name) in [
        ("3 lines", "simplified-invoice"),
        ("200 lines", "standard-200-lines"),
    ] {
        let xml = unsigned_xml(name);
        c.bench_function(&format!("parse {label}"), |b| {
            b.iter(|| zatca::ubl::parse(black_box(&xml)).expect("parse"))
        });
        c.bench_function(&format!("check_xml {label}"), |b| {
            b.iter(|| zatca::rules::check_xml(black_box(&xml)).expect("check"))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
