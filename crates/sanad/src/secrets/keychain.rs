//! The OS keychain through the `keyring` crate.

use zeroize::Zeroizing;

use super::{SecretError, Store, StoreKind};

const STORE: &str = "OS keychain";

/// The keychain entries of one books: service `service`, one entry per secret name.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

fn classify(name: &str, e: keyring::Error) -> SecretError {
    match e {
        keyring::Error::NoEntry => SecretError::NotFound {
            name: name.to_owned(),
            store: STORE,
        },
        keyring::Error::NoStorageAccess(inner) => SecretError::Locked {
            detail: inner.to_string(),
        },
        keyring::Error::PlatformFailure(inner) => {
            let detail = inner.to_string();
            // A locked Secret Service collection comes back as a platform failure.
            if detail.contains("ocked") {
                SecretError::Locked { detail }
            } else {
                SecretError::Unavailable { detail }
            }
        }
        keyring::Error::BadEncoding(_) => SecretError::Damaged {
            name: name.to_owned(),
            store: STORE,
            detail: "the entry is not what Sanad wrote".to_owned(),
        },
        other => SecretError::Unavailable {
            detail: other.to_string(),
        },
    }
}

impl Keychain {
    /// The keychain of `service`, after checking that one is really there: an entry is written,
    /// read back and removed. (Without this, a machine without a Secret Service would only fail
    /// at the first signature.)
    pub fn open(service: impl Into<String>) -> Result<Self, SecretError> {
        let k = Self {
            service: service.into(),
        };
        // An entry of this process alone: several processes open the same books at once (the app,
        // a worker, the CLI).
        let probe = format!(
            "probe-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        );
        k.put(&probe, b"sanad")?;
        let back = k.get(&probe)?;
        k.delete(&probe)?;
        if back.as_slice() != b"sanad" {
            return Err(SecretError::Unavailable {
                detail: "the keychain did not return what was stored".to_owned(),
            });
        }
        Ok(k)
    }

    /// The service name entries are filed under.
    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, name).map_err(|e| classify(name, e))
    }
}

impl Store for Keychain {
    fn kind(&self) -> StoreKind {
        StoreKind::Keychain
    }

    fn put(&self, name: &str, secret: &[u8]) -> Result<(), SecretError> {
        self.entry(name)?
            .set_secret(secret)
            .map_err(|e| classify(name, e))
    }

    fn get(&self, name: &str) -> Result<Zeroizing<Vec<u8>>, SecretError> {
        self.entry(name)?
            .get_secret()
            .map(Zeroizing::new)
            .map_err(|e| classify(name, e))
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(classify(name, e)),
        }
    }
}
