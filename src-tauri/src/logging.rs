//! Structured logs: JSON lines in a daily file under the log directory, readable lines on stderr.
//! `SANAD_LOG` sets the filter (default `info`), e.g. `SANAD_LOG=sanad=debug`.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{EnvFilter, fmt};

/// Keeps the log writer alive for as long as the app runs (it flushes on drop).
pub struct LogGuard(#[allow(dead_code, reason = "held only for its Drop")] WorkerGuard);

pub fn init(log_dir: &Path) -> Result<LogGuard, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(log_dir)
        .map_err(|e| format!("cannot create {}: {e}", log_dir.display()))?;
    let file = tracing_appender::rolling::daily(log_dir, "sanad.log");
    let (file, guard) = tracing_appender::non_blocking(file);
    let filter = EnvFilter::try_from_env("SANAD_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().json().with_writer(file))
        .with(fmt::layer().compact().with_writer(std::io::stderr))
        .try_init()?;
    Ok(LogGuard(guard))
}
