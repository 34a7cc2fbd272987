//! The books: one data folder, with separate books for each environment.
//!
//! ```text
//! <data dir>/                       --data-dir, SANAD_DATA_DIR, or the OS's per-user data dir
//!   practice/   books.json  books.sqlite  books.sqlite.chain-guard  simulator/  [secrets.vault]
//!   sandbox/    …
//!   simulation/ …
//!   production/ …
//! ```
//!
//! Each books has its own ledger, its own chain guard and its own secrets (a keychain service
//! named after the books' id, or its own vault file): production keys and documents never touch
//! the others. `books.json` holds the books' identity and settings, never a secret.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::clock::{Clock, SystemClock};
use crate::error::{Class, Error};
use crate::secrets::{self, Item, Keychain, Purpose, Store, StoreKind, Vault};

/// Which books: practice (the built-in simulator, nothing goes to ZATCA) or one of ZATCA's
/// three environments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BooksEnv {
    Practice,
    Sandbox,
    Simulation,
    Production,
}

impl BooksEnv {
    pub const ALL: [BooksEnv; 4] = [
        BooksEnv::Practice,
        BooksEnv::Sandbox,
        BooksEnv::Simulation,
        BooksEnv::Production,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Practice => "practice",
            Self::Sandbox => "sandbox",
            Self::Simulation => "simulation",
            Self::Production => "production",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::Practice => (
                "Practice (nothing is sent to ZATCA)",
                "تدريب (لا يُرسل شيء إلى الهيئة)",
            ),
            Self::Sandbox => (
                "ZATCA sandbox (developer portal)",
                "بيئة المطورين لدى الهيئة",
            ),
            Self::Simulation => ("ZATCA simulation", "بيئة المحاكاة لدى الهيئة"),
            Self::Production => (
                "Production (live with ZATCA)",
                "الإنتاج (مرتبط بالهيئة فعليًا)",
            ),
        }
    }

    /// The ZATCA environment whose certificate template the devices' CSRs carry. Practice plays
    /// ZATCA's simulation environment on the built-in simulator.
    pub fn zatca(self) -> zatca::api::Environment {
        match self {
            Self::Practice | Self::Simulation => zatca::api::Environment::Simulation,
            Self::Sandbox => zatca::api::Environment::Sandbox,
            Self::Production => zatca::api::Environment::Production,
        }
    }
}

impl std::fmt::Display for BooksEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BooksEnv {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "practice" => Ok(Self::Practice),
            "sandbox" | "developer-portal" => Ok(Self::Sandbox),
            "simulation" => Ok(Self::Simulation),
            "production" | "core" => Ok(Self::Production),
            _ => Err(Error::field(
                "SANAD-ENV",
                "env",
                format!("{s:?} is not practice, sandbox, simulation or production"),
                format!(
                    "«{s}» ليست بيئة معروفة: practice (التدريب) أو sandbox (بيئة المطورين) أو simulation (المحاكاة) أو production (الإنتاج)"
                ),
            )),
        }
    }
}

/// The data folder that holds every books.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The folder Sanad uses when none is given: `SANAD_DATA_DIR`, else the OS's per-user data
    /// folder (`~/.local/share/sa.sanad.desktop` on Linux), the same one the desktop app uses.
    pub fn default_root() -> PathBuf {
        if let Some(dir) = std::env::var_os("SANAD_DATA_DIR") {
            return PathBuf::from(dir);
        }
        dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("sa.sanad.desktop")
    }

    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the books of `env` live.
    pub fn paths(&self, env: BooksEnv) -> BooksPaths {
        BooksPaths::new(self.root.join(env.as_str()))
    }

    /// The environments that have books in this folder.
    pub fn existing(&self) -> Vec<BooksEnv> {
        BooksEnv::ALL
            .into_iter()
            .filter(|e| self.paths(*e).config.exists())
            .collect()
    }
}

/// The files of one books.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BooksPaths {
    pub dir: PathBuf,
    pub config: PathBuf,
    pub ledger: PathBuf,
    pub guard: PathBuf,
    pub vault: PathBuf,
    /// The built-in simulator's state (practice books only).
    pub simulator: PathBuf,
}

impl BooksPaths {
    fn new(dir: PathBuf) -> Self {
        let ledger = dir.join("books.sqlite");
        Self {
            config: dir.join("books.json"),
            guard: ledger::default_guard_path(&ledger),
            vault: dir.join("secrets.vault"),
            simulator: dir.join("simulator"),
            ledger,
            dir,
        }
    }
}

/// `books.json`: who these books are and where their secrets live. Never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BooksConfig {
    /// 1.
    pub format: u32,
    /// A random id: names the keychain service, so two data folders never share an entry.
    pub id: String,
    pub env: BooksEnv,
    pub secrets: StoreKind,
    /// FATOORA's base URL, when not ZATCA's own for `env` (a local simulator in tests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatoora_url: Option<String>,
}

impl BooksConfig {
    /// The keychain service of these books: `sanad.<env>.<id>`.
    pub fn keychain_service(&self) -> String {
        format!("sanad.{}.{}", self.env, self.id)
    }
}

/// How to open books.
#[derive(Clone, Default)]
pub struct OpenOptions {
    /// The vault's passphrase, when the books keep their secrets in a vault (or to create one
    /// with `secrets: Some(StoreKind::Vault)`).
    pub passphrase: Option<Zeroizing<String>>,
    /// For new books: where their secrets go (the keychain by default).
    pub secrets: Option<StoreKind>,
    /// For new books: FATOORA's base URL, when not ZATCA's own.
    pub fatoora_url: Option<String>,
    /// The clock (tests set it); the system clock by default.
    pub clock: Option<Arc<dyn Clock>>,
}

/// Open books: the ledger, the secrets, the clock.
pub struct Books {
    env: BooksEnv,
    paths: BooksPaths,
    config: BooksConfig,
    ledger: Mutex<ledger::Ledger>,
    secrets: Box<dyn Store>,
    clock: Arc<dyn Clock>,
}

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::new(
        "SANAD-IO",
        Class::Local,
        format!("{} cannot be read or written", path.display()),
        format!("تعذّرت قراءة {} أو الكتابة فيه", path.display()),
    )
    .with_detail(e.to_string())
}

fn read_config(path: &Path) -> Result<Option<BooksConfig>, Error> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::new(
                "SANAD-BOOKS-CONFIG",
                Class::Local,
                format!("{} is damaged", path.display()),
                format!("الملف {} تالف", path.display()),
            )
            .with_detail(e.to_string())
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(path, e)),
    }
}

fn write_config(path: &Path, config: &BooksConfig) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(config).unwrap_or_default();
    let tmp = path.with_extension("json.new");
    std::fs::write(&tmp, text).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| io(path, e))
}

fn open_store(
    config: &BooksConfig,
    paths: &BooksPaths,
    passphrase: Option<&str>,
    create: bool,
) -> Result<Box<dyn Store>, Error> {
    match config.secrets {
        StoreKind::Keychain => Ok(Box::new(Keychain::open(config.keychain_service())?)),
        StoreKind::Vault => {
            let Some(pass) = passphrase else {
                return Err(Error::new(
                    "SANAD-PASSPHRASE-NEEDED",
                    Class::BadInput,
                    "these books keep their secrets in a passphrase vault: give its passphrase \
                     (SANAD_PASSPHRASE or the prompt)",
                    "تحفظ هذه الدفاتر أسرارها في خزنة محمية بعبارة مرور: أدخل عبارة المرور \
                     (SANAD_PASSPHRASE أو عند الطلب)",
                ));
            };
            if create && !paths.vault.exists() {
                Ok(Box::new(Vault::create(&paths.vault, pass)?))
            } else {
                Ok(Box::new(Vault::open(&paths.vault, pass)?))
            }
        }
    }
}

impl Books {
    /// Opens the books of `env` in `data`, creating them on first use.
    pub fn open(data: &DataDir, env: BooksEnv, opts: OpenOptions) -> Result<Self, Error> {
        let paths = data.paths(env);
        std::fs::create_dir_all(&paths.dir).map_err(|e| io(&paths.dir, e))?;
        let (config, created) = match read_config(&paths.config)? {
            Some(c) if c.env != env => {
                return Err(Error::new(
                    "SANAD-BOOKS-MIXED",
                    Class::Local,
                    format!(
                        "{} holds {} books, not {env}: environments are never mixed",
                        paths.dir.display(),
                        c.env
                    ),
                    format!(
                        "المجلد {} يحوي دفاتر بيئة أخرى ({})، ولا تُخلط البيئات أبدًا",
                        paths.dir.display(),
                        c.env
                    ),
                ));
            }
            Some(c) => (c, false),
            None => (
                BooksConfig {
                    format: 1,
                    id: uuid::Uuid::new_v4().simple().to_string(),
                    env,
                    secrets: opts.secrets.unwrap_or(StoreKind::Keychain),
                    fatoora_url: opts.fatoora_url.clone(),
                },
                true,
            ),
        };
        let secrets = open_store(
            &config,
            &paths,
            opts.passphrase.as_deref().map(String::as_str),
            created,
        )?;
        if created {
            write_config(&paths.config, &config)?;
        }
        let mut ledger = ledger::Ledger::open_with_guard(&paths.ledger, &paths.guard)?;
        ledger.set_actor("sanad");
        Ok(Self {
            env,
            paths,
            config,
            ledger: Mutex::new(ledger),
            secrets,
            clock: opts.clock.unwrap_or_else(|| Arc::new(SystemClock)),
        })
    }

    pub fn env(&self) -> BooksEnv {
        self.env
    }

    pub fn paths(&self) -> &BooksPaths {
        &self.paths
    }

    pub fn config(&self) -> &BooksConfig {
        &self.config
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn clock_arc(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock)
    }

    /// The ledger, for one call or one transaction at a time.
    pub fn ledger(&self) -> MutexGuard<'_, ledger::Ledger> {
        self.ledger.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn secret_store(&self) -> StoreKind {
        self.secrets.kind()
    }

    /// Stores a device's secret.
    pub(crate) fn put_secret(
        &self,
        device_uuid: &str,
        item: Item,
        value: &[u8],
    ) -> Result<String, Error> {
        let name = secrets::entry_name(device_uuid, item);
        self.secrets.put(&name, value)?;
        Ok(name)
    }

    /// Reads a device's secret, writing an audit row (which device, which secret, why) first.
    pub(crate) fn read_secret(
        &self,
        device_uuid: &str,
        item: Item,
        purpose: Purpose,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        let name = secrets::entry_name(device_uuid, item);
        self.ledger()
            .note_secret_read(device_uuid, &name, purpose.as_str())?;
        Ok(self.secrets.get(&name)?)
    }

    /// Removes a device's secret (a failed restore undoing itself, a retired device).
    pub(crate) fn delete_secret(&self, device_uuid: &str, item: Item) -> Result<(), Error> {
        Ok(self
            .secrets
            .delete(&secrets::entry_name(device_uuid, item))?)
    }
}

/// Writes a consistent copy of the books' ledger to `out` (never a secret: those stay in the
/// keychain; back devices up with [`crate::secrets::backup`]).
pub fn backup(books: &Books, out: &Path) -> Result<ledger::backup::BackupInfo, Error> {
    Ok(books.ledger().backup_to(out)?)
}

/// Restores the books of `env` from a ledger backup, judging every device's chain against this
/// computer's chain guard (a device it cannot prove is suspended). No one may have these books
/// open meanwhile.
pub fn restore(
    data: &DataDir,
    env: BooksEnv,
    file: &Path,
) -> Result<ledger::backup::RestoreReport, Error> {
    let paths = data.paths(env);
    if !paths.config.exists() {
        return Err(Error::new(
            "SANAD-BOOKS-MISSING",
            Class::BadInput,
            format!(
                "there are no {env} books in {} yet: open them once (any command) before restoring into them",
                data.root().display()
            ),
            format!(
                "لا توجد دفاتر لبيئة {env} في هذا المجلد بعد: افتحها مرة واحدة أولًا ثم استعد النسخة الاحتياطية إليها"
            ),
        ));
    }
    Ok(ledger::backup::restore_with_guard(
        file,
        &paths.ledger,
        &paths.guard,
    )?)
}
