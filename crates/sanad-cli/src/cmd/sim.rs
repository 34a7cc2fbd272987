//! `sanad-cli sim`: the local FATOORA simulator on 127.0.0.1, for practice and tests.

use fatoora_sim::cli::SimArgs;

use super::CliError;

pub fn run(args: SimArgs) -> Result<(), CliError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::new(format!("cannot start the async runtime: {e}")))?;
    runtime
        .block_on(fatoora_sim::cli::run(args))
        .map_err(|e| CliError::new(e.to_string()))
}
