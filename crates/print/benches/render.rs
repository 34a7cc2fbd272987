//! Rendering speed: a 3-line counter receipt (target ≤ 20 ms), a 3-line A4 invoice and a
//! 200-line A4 invoice (six pages), each from signed XML to finished PDF/A-3b bytes.

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use print::{Layout, Options, render};

fn bench(c: &mut Criterion) {
    let receipt = common::signed(&common::draft("receipt-3"));
    let long = common::signed(&common::with_lines("arabic-customer", 200));
    let options = Options::default();
    let mut group = c.benchmark_group("print");
    group.bench_function("receipt_3_lines", |b| {
        b.iter(|| render(&receipt, Layout::Receipt, &options).expect("renders"))
    });
    group.bench_function("a4_3_lines", |b| {
        b.iter(|| render(&receipt, Layout::A4, &options).expect("renders"))
    });
    group.sample_size(10);
    group.bench_function("a4_200_lines", |b| {
        b.iter(|| render(&long, Layout::A4, &options).expect("renders"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
