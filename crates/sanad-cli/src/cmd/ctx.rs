//! What every books command shares: the data folder, the environment, the passphrase, the
//! async runtime, and the printing of errors in both languages.

use std::path::PathBuf;

use sanad::secrets::StoreKind;
use sanad::{Books, BooksEnv, DataDir, OpenOptions};
use zeroize::Zeroizing;

use super::CliError;

/// The options every books command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// The data folder (default: SANAD_DATA_DIR, else the OS's per-user data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The books: practice (the built-in simulator), sandbox, simulation or production.
    #[arg(long, global = true, value_name = "ENV", default_value = "practice")]
    pub env: String,
    /// For new books: keep their secrets in a passphrase vault instead of the OS keychain
    /// (SANAD_PASSPHRASE, else a prompt).
    #[arg(long, global = true)]
    pub vault: bool,
    /// For new books: FATOORA's base URL when not ZATCA's own (e.g. a local simulator).
    #[arg(long, global = true, value_name = "URL")]
    pub fatoora_url: Option<String>,
}

impl From<sanad::Error> for CliError {
    fn from(e: sanad::Error) -> Self {
        CliError {
            message: bilingual(&e),
            code: e.exit_code(),
        }
    }
}

/// An error as the CLI prints it: the English sentence, then the Arabic one.
pub fn bilingual(e: &sanad::Error) -> String {
    format!("{e}\n  {}", e.ar)
}

/// Several errors at once (a profile with many bad fields).
pub fn all(errors: Vec<sanad::Error>) -> CliError {
    let code = errors.first().map_or(1, sanad::Error::exit_code);
    CliError {
        message: errors.iter().map(bilingual).collect::<Vec<_>>().join("\n"),
        code,
    }
}

/// A passphrase: SANAD_PASSPHRASE, else asked on the terminal (never echoed).
pub fn passphrase(prompt: &str) -> Result<Zeroizing<String>, CliError> {
    if let Ok(p) = std::env::var("SANAD_PASSPHRASE") {
        return Ok(Zeroizing::new(p));
    }
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|e| CliError::new(format!("cannot read the passphrase: {e}")))
}

impl Global {
    pub fn env(&self) -> Result<BooksEnv, CliError> {
        Ok(self.env.parse::<BooksEnv>()?)
    }

    pub fn data(&self) -> DataDir {
        DataDir::new(self.data_dir.clone().unwrap_or_else(DataDir::default_root))
    }

    /// Opens the books named by the options.
    pub fn books(&self) -> Result<Books, CliError> {
        let env = self.env()?;
        let data = self.data();
        let config = std::fs::read(data.paths(env).config)
            .ok()
            .and_then(|b| serde_json::from_slice::<sanad::books::BooksConfig>(&b).ok());
        let vault = match &config {
            Some(c) => c.secrets == StoreKind::Vault,
            None => self.vault,
        };
        let passphrase = if vault {
            Some(passphrase("Passphrase of the secrets vault: ")?)
        } else {
            None
        };
        Ok(Books::open(
            &data,
            env,
            OpenOptions {
                passphrase,
                secrets: self.vault.then_some(StoreKind::Vault),
                fatoora_url: self.fatoora_url.clone(),
                clock: None,
            },
        )?)
    }
}

/// The async runtime for commands that talk to FATOORA.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::new(format!("cannot start the async runtime: {e}")))
}

/// Prints a value as pretty JSON.
pub fn json(value: &impl serde::Serialize) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::new(format!("cannot write JSON: {e}")))?;
    println!("{text}");
    Ok(())
}
