//! Draft → signed XML + QR, for a 3-line simplified invoice and a 200-line standard invoice
//! (the engine's scenarios), and the stamp's parts: invoice hash, sign, verify.
//!
//! Each figure is measured twice: wall-clock time (criterion's default, `wall/…`) and the
//! benchmark thread's own CPU time (`cpu/…`, from `/proc/thread-self/schedstat` on Linux), which
//! stays meaningful on a machine busy with other work. The kernel updates that counter at each
//! scheduler tick, so the CPU-time group uses flat sampling with long samples (hundreds of ms).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDateTime;
use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use zatca::stamp::{Signer, invoice_hash, sign};
use zatca::{ChainFields, Draft};

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).expect("bench data")
}

/// CPU time of the calling thread, in nanoseconds.
struct ThreadCpu;

fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .expect("/proc/thread-self/schedstat (Linux)")
}

impl Measurement for ThreadCpu {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns().saturating_sub(start)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &NanoFormatter
    }
}

struct NanoFormatter;

impl ValueFormatter for NanoFormatter {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (div, unit) = if typical < 1e3 {
            (1.0, "ns")
        } else if typical < 1e6 {
            (1e3, "µs")
        } else {
            (1e6, "ms")
        };
        values.iter_mut().for_each(|v| *v /= div);
        unit
    }
    fn scale_throughputs(&self, _: f64, _: &Throughput, values: &mut [f64]) -> &'static str {
        values.iter_mut().for_each(|v| *v = 1e9 / *v);
        "elem/s"
    }
    fn scale_for_machines(&self, _: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn cpu(c: &mut Criterion<ThreadCpu>) {
    run(c, "cpu");
}

fn wall(c: &mut Criterion) {
    run(c, "wall");
}

fn run<M: Measurement + 'static>(c: &mut Criterion<M>, clock: &str) {
    let signer = Signer::from_any(
        &read("../../vendor/zatca-sdk/Data/Certificates/ec-secp256k1-priv-key.pem"),
        &read("../../vendor/zatca-sdk/Data/Certificates/cert.pem"),
    )
    .expect("SDK signer");
    let t = NaiveDateTime::parse_from_str("2026-11-20T10:05:00", "%Y-%m-%dT%H:%M:%S").unwrap();
    let chain = ChainFields {
        icv: 7,
        pih: zatca::stamp::GENESIS_PIH.to_string(),
    };
    let mut g = c.benchmark_group(clock);
    if clock == "cpu" {
        g.sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .measurement_time(Duration::from_secs(5));
    }
    for (lines, scenario) in [(3, "simplified-invoice"), (200, "standard-200-lines")] {
        let draft =
            Draft::from_json(&read(&format!("tests/scenarios/{scenario}/draft.json"))).unwrap();
        g.bench_function(format!("draft-to-signed/{lines}-lines"), |b| {
            b.iter(|| {
                let prepared = zatca::prepare(black_box(&draft), &chain).unwrap();
                sign(&prepared.xml, &signer, t).unwrap()
            })
        });
        let xml = zatca::prepare(&draft, &chain).unwrap().xml;
        g.bench_function(format!("prepare/{lines}-lines"), |b| {
            b.iter(|| zatca::prepare(black_box(&draft), &chain).unwrap())
        });
        g.bench_function(format!("sign/{lines}-lines"), |b| {
            b.iter(|| sign(black_box(&xml), &signer, t).unwrap())
        });
        g.bench_function(format!("hash/{lines}-lines"), |b| {
            b.iter(|| invoice_hash(black_box(&xml)).unwrap())
        });
        let signed = sign(&xml, &signer, t).unwrap().xml;
        g.bench_function(format!("verify/{lines}-lines"), |b| {
            b.iter(|| zatca::verify::verify(black_box(&signed)))
        });
    }
    g.finish();
}

criterion_group!(wall_clock, wall);
criterion_group! {
    name = cpu_time;
    config = Criterion::default().with_measurement(ThreadCpu);
    targets = cpu
}
criterion_main!(wall_clock, cpu_time);
