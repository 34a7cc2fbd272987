//! What a person chose on this computer, for every books of the data folder: the language of
//! the screens, the books in use (practice until someone goes live), the paper and the printer.
//! Kept in `<data dir>/preferences.json`; never a secret.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::books::{BooksEnv, DataDir};
use crate::error::{Class, Error};

/// The language of the screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Ar,
    En,
}

/// The paper documents are printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    /// A4 portrait (every document kind).
    A4,
    /// An 80 mm receipt roll (simplified documents at the counter).
    #[default]
    Receipt,
}

/// The choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Preferences {
    /// `None` until the first start's choice.
    #[serde(default)]
    pub language: Option<Language>,
    /// The books in use.
    #[serde(default = "practice")]
    pub env: BooksEnv,
    #[serde(default)]
    pub paper: Paper,
    /// The printer documents go to straight away; `None`: the system's print dialog.
    #[serde(default)]
    pub printer: Option<String>,
}

fn practice() -> BooksEnv {
    BooksEnv::Practice
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            language: None,
            env: BooksEnv::Practice,
            paper: Paper::default(),
            printer: None,
        }
    }
}

/// Where the preferences of a data folder live.
pub fn path(data: &DataDir) -> PathBuf {
    data.root().join("preferences.json")
}

fn io(path: &Path, e: &std::io::Error) -> Error {
    Error::new(
        "SANAD-IO",
        Class::Local,
        format!("{} cannot be read or written", path.display()),
        format!("تعذّرت قراءة {} أو الكتابة فيه", path.display()),
    )
    .with_detail(e.to_string())
}

/// The preferences of `data` (the defaults when none were saved).
pub fn load(data: &DataDir) -> Result<Preferences, Error> {
    let path = path(data);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            Error::new(
                "SANAD-PREFERENCES",
                Class::Local,
                format!("{} is damaged", path.display()),
                format!("الملف {} تالف", path.display()),
            )
            .with_detail(e.to_string())
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Preferences::default()),
        Err(e) => Err(io(&path, &e)),
    }
}

/// Saves the preferences of `data` (whole, atomically).
pub fn save(data: &DataDir, prefs: &Preferences) -> Result<(), Error> {
    let path = path(data);
    std::fs::create_dir_all(data.root()).map_err(|e| io(data.root(), &e))?;
    let tmp = path.with_extension("json.new");
    let text = serde_json::to_string_pretty(prefs).unwrap_or_default();
    std::fs::write(&tmp, text).map_err(|e| io(&tmp, &e))?;
    std::fs::rename(&tmp, &path).map_err(|e| io(&path, &e))
}
