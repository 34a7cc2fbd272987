//! `sanad-cli bench <area>`: prints speed figures of one area on this machine (the criterion
//! benchmarks in each crate are the reference; these are for a quick look on a target machine).

pub mod engine;
pub mod issue;
pub mod ledger;
pub mod print;

use std::time::{Duration, Instant};

use clap::Subcommand;

use super::CliError;

#[derive(Subcommand)]
pub enum BenchArea {
    /// Rendering PDF/A-3b: a 3-line receipt, a 3-line A4 invoice, a 200-line A4 invoice.
    Print(print::PrintBenchArgs),
    /// The engine at 3 and 200 lines: prepare, sign, draft to signed XML + QR, verify.
    Engine(engine::EngineBenchArgs),
    /// The ledger at scale: size per document, open time, newest page, searches, insert rates.
    Ledger(ledger::LedgerBench),
    /// A counter sale from input to receipt PDF, and the submission worker's rate.
    Issue(issue::IssueBenchArgs),
}

pub fn run(area: BenchArea) -> Result<(), CliError> {
    match area {
        BenchArea::Print(args) => print::run(args),
        BenchArea::Engine(args) => engine::run(args),
        BenchArea::Ledger(args) => ledger::run(args),
        BenchArea::Issue(args) => issue::run(args),
    }
}

fn fail(what: &str) -> impl Fn(String) -> CliError + '_ {
    move |e| CliError::new(format!("{what}: {e}"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// CPU time of this thread (Linux: `/proc/thread-self/schedstat`), which a busy machine
/// disturbs less than wall time.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// The wall times of a series of runs (sorted) and this thread's CPU time per run.
struct Timing {
    times: Vec<Duration>,
    cpu: Option<Duration>,
}

impl Timing {
    fn median(&self) -> f64 {
        ms(self.times[self.times.len() / 2])
    }

    fn min(&self) -> f64 {
        ms(self.times[0])
    }

    /// The 95th percentile (nearest rank).
    fn p95(&self) -> f64 {
        let rank = (self.times.len() * 95).div_ceil(100);
        ms(self.times[rank.max(1) - 1])
    }

    /// The CPU column: `cpu/run` in ms, or a dash where the platform has no per-thread counter.
    fn cpu(&self) -> String {
        match self.cpu {
            Some(d) => format!("{:>7.2} ms", ms(d)),
            None => "      -   ".to_owned(),
        }
    }

    fn runs(&self) -> usize {
        self.times.len()
    }
}

/// Runs `f` once to warm up (its result is returned), then `runs` more times (at least one),
/// timing each run.
fn measure<T>(
    runs: u32,
    mut f: impl FnMut() -> Result<T, CliError>,
) -> Result<(T, Timing), CliError> {
    let first = f()?;
    let runs = runs.max(1);
    let mut times = Vec::with_capacity(runs as usize);
    let cpu_start = thread_cpu();
    for _ in 0..runs {
        let start = Instant::now();
        f()?;
        times.push(start.elapsed());
    }
    let cpu = match (cpu_start, thread_cpu()) {
        (Some(a), Some(b)) => Some(b.saturating_sub(a) / runs),
        _ => None,
    };
    times.sort();
    Ok((first, Timing { times, cpu }))
}
