//! Where Sanad keeps secrets: a device's private key and its CSIDs' secrets.
//!
//! The OS keychain by default ([`Keychain`]: Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows); a file sealed with a passphrase ([`Vault`]) only when the user
//! chooses it, e.g. on a Linux box without a Secret Service. Never a plaintext secret on disk, in
//! a log or in a temp file: the ledger keeps only the names of the entries.
//!
//! Each books (practice, sandbox, simulation, production) has its own keychain service, named
//! after the books' id, so production secrets never sit beside practice ones and two data folders
//! on one machine never share an entry.

pub mod backup;
mod keychain;
pub mod sealed;
mod vault;

use std::fmt;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

pub use keychain::Keychain;
pub use sealed::SealError;
pub use vault::Vault;

/// Which kind of store holds the secrets of a books.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreKind {
    /// The operating system's keychain.
    Keychain,
    /// A file in the books folder, sealed with the user's passphrase.
    Vault,
}

impl StoreKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Keychain => "keychain",
            Self::Vault => "vault",
        }
    }
}

/// One secret of a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// The device's secp256k1 private key (32 bytes).
    Key,
    /// The compliance CSID: token and secret (JSON).
    ComplianceCsid,
    /// The production CSID: token and secret (JSON).
    ProductionCsid,
}

impl Item {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Key => "key",
            Self::ComplianceCsid => "compliance-csid",
            Self::ProductionCsid => "production-csid",
        }
    }
}

/// Why a secret is read: every read writes an audit row with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Signing documents.
    Sign,
    /// Sending documents to FATOORA.
    Submit,
    /// Onboarding steps (CSR, compliance checks, production CSID).
    Onboard,
    /// Renewing the production CSID.
    Renew,
    /// Writing an encrypted backup of the device.
    Backup,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sign => "sign",
            Self::Submit => "submit",
            Self::Onboard => "onboard",
            Self::Renew => "renew",
            Self::Backup => "backup",
        }
    }
}

/// The name of a device's secret in the store: `<device uuid>/<item>`. The ledger keeps these
/// names, never the secrets.
pub fn entry_name(device_uuid: &str, item: Item) -> String {
    format!("{device_uuid}/{}", item.as_str())
}

/// Why a secret could not be stored or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// There is no usable keychain on this machine.
    #[error(
        "no OS keychain is available ({detail}). On Linux Sanad needs a Secret Service \
         (GNOME Keyring, KDE Wallet or KeePassXC) running and unlocked in your session; or \
         choose a passphrase vault instead"
    )]
    Unavailable { detail: String },
    /// The keychain is there but locked or refused access.
    #[error("the OS keychain refused access ({detail}); unlock it and try again")]
    Locked { detail: String },
    #[error("the secret {name} is not in the {store}")]
    NotFound { name: String, store: &'static str },
    #[error("the secret {name} in the {store} is damaged: {detail}")]
    Damaged {
        name: String,
        store: &'static str,
        detail: String,
    },
    #[error(transparent)]
    Sealed(#[from] SealError),
    #[error("the vault file {path} cannot be written or read: {detail}")]
    Io { path: String, detail: String },
}

/// A place for secrets.
pub trait Store: Send + Sync {
    fn kind(&self) -> StoreKind;
    /// Stores (or replaces) a secret.
    fn put(&self, name: &str, secret: &[u8]) -> Result<(), SecretError>;
    /// Reads a secret. (Callers go through [`crate::books::Books`], which audits every read.)
    fn get(&self, name: &str) -> Result<Zeroizing<Vec<u8>>, SecretError>;
    /// Removes a secret; removing one that is not there is not an error.
    fn delete(&self, name: &str) -> Result<(), SecretError>;
}

/// A CSID as FATOORA issued it: the Basic-auth pair, exactly as received.
#[derive(
    Clone, PartialEq, Eq, Serialize, Deserialize, zeroize::Zeroize, zeroize::ZeroizeOnDrop,
)]
pub struct CsidSecret {
    pub token: String,
    pub secret: String,
}

impl fmt::Debug for CsidSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CsidSecret")
            .field("token", &format_args!("{} chars", self.token.len()))
            .field("secret", &"***")
            .finish()
    }
}

impl CsidSecret {
    pub(crate) fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(serde_json::to_vec(self).unwrap_or_default())
    }

    pub(crate) fn from_bytes(
        name: &str,
        store: &'static str,
        b: &[u8],
    ) -> Result<Self, SecretError> {
        serde_json::from_slice(b).map_err(|e| SecretError::Damaged {
            name: name.to_owned(),
            store,
            detail: e.to_string(),
        })
    }
}
