use std::path::PathBuf;

/// Everything the ledger can refuse, each with what it is about.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "{path} was written by a newer Sanad (schema {found}; this Sanad knows up to {supported}); \
         it was left unchanged: update Sanad to open it"
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{path} is not a Sanad ledger")]
    NotALedger { path: PathBuf },
    #[error("invalid {field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("no {entity} {key}")]
    NotFound { entity: &'static str, key: String },
    #[error("device {device} cannot issue: {reason}")]
    DeviceCannotIssue { device: String, reason: String },
    #[error(
        "device {device}: the ledger's chain ends at ICV {ledger_icv} but ICV {guard_icv} was already \
         issued on this device; the books were rolled back outside Sanad. The device is suspended \
         so that no ICV is issued twice"
    )]
    ChainRolledBack {
        device: String,
        ledger_icv: i64,
        guard_icv: i64,
    },
    #[error("the signed document does not fit its chain slot: {0}")]
    SlotMismatch(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
