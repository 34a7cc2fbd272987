//! A passphrase vault: the books' secrets in one file, sealed with argon2id +
//! XChaCha20-Poly1305 ([`super::sealed`]). Only for machines without a keychain, and only when the
//! user chooses it.
//!
//! Every change rewrites the whole file: the new sealed bytes go to a sibling file, are synced,
//! then renamed over the old one, so a crash leaves either the old or the new vault, never half
//! of one. Only sealed bytes ever touch the disk.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use zeroize::Zeroizing;

use super::sealed::{self, Kind, SealKey};
use super::{SecretError, Store, StoreKind};

const KIND: Kind = Kind {
    what: "secrets vault",
    magic: *b"SANADVLT",
};
const STORE: &str = "passphrase vault";

/// Entry names and base64 values; values are wiped from memory when dropped.
type Entries = BTreeMap<String, Zeroizing<String>>;

/// An open vault: its key and entries in memory, its file on disk.
pub struct Vault {
    path: PathBuf,
    key: SealKey,
    entries: Mutex<Entries>,
}

fn io(path: &Path, e: std::io::Error) -> SecretError {
    SecretError::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

impl Vault {
    /// Creates a new, empty vault at `path` (which must not exist yet).
    pub fn create(path: impl Into<PathBuf>, passphrase: &str) -> Result<Self, SecretError> {
        let path = path.into();
        if path.exists() {
            return Err(SecretError::Io {
                path: path.display().to_string(),
                detail: "a vault already exists there".to_owned(),
            });
        }
        sealed::check_new_passphrase(passphrase)?;
        let vault = Self {
            key: SealKey::new(KIND, passphrase)?,
            path,
            entries: Mutex::new(Entries::new()),
        };
        vault.save(&Entries::new())?;
        Ok(vault)
    }

    /// Opens the vault at `path` with its passphrase.
    pub fn open(path: impl Into<PathBuf>, passphrase: &str) -> Result<Self, SecretError> {
        let path = path.into();
        let bytes = std::fs::read(&path).map_err(|e| io(&path, e))?;
        let (plain, key) = sealed::open_keyed(KIND, passphrase, &bytes)?;
        let plain_entries: BTreeMap<String, String> =
            serde_json::from_slice(&plain).map_err(|e| SecretError::Damaged {
                name: path.display().to_string(),
                store: STORE,
                detail: e.to_string(),
            })?;
        let entries = plain_entries
            .into_iter()
            .map(|(k, v)| (k, Zeroizing::new(v)))
            .collect();
        Ok(Self {
            path,
            key,
            entries: Mutex::new(entries),
        })
    }

    /// The vault's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn save(&self, entries: &Entries) -> Result<(), SecretError> {
        let view: BTreeMap<&str, &str> = entries
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let plain = Zeroizing::new(serde_json::to_vec(&view).unwrap_or_default());
        let sealed = self.key.seal(&plain)?;
        let mut tmp = self.path.clone().into_os_string();
        tmp.push(".new");
        let tmp = PathBuf::from(tmp);
        let mut f = std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
        f.write_all(&sealed).map_err(|e| io(&tmp, e))?;
        f.sync_all().map_err(|e| io(&tmp, e))?;
        drop(f);
        std::fs::rename(&tmp, &self.path).map_err(|e| io(&self.path, e))?;
        if let Some(dir) = self.path.parent()
            && let Ok(d) = std::fs::File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }

    fn change(&self, f: impl FnOnce(&mut Entries)) -> Result<(), SecretError> {
        let mut guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let mut next = guard.clone();
        f(&mut next);
        self.save(&next)?;
        *guard = next;
        Ok(())
    }
}

impl Store for Vault {
    fn kind(&self) -> StoreKind {
        StoreKind::Vault
    }

    fn put(&self, name: &str, secret: &[u8]) -> Result<(), SecretError> {
        let value = B64.encode(secret);
        self.change(|e| {
            e.insert(name.to_owned(), Zeroizing::new(value));
        })
    }

    fn get(&self, name: &str) -> Result<Zeroizing<Vec<u8>>, SecretError> {
        let guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let value = guard.get(name).ok_or_else(|| SecretError::NotFound {
            name: name.to_owned(),
            store: STORE,
        })?;
        B64.decode(value.as_bytes())
            .map(Zeroizing::new)
            .map_err(|e| SecretError::Damaged {
                name: name.to_owned(),
                store: STORE,
                detail: e.to_string(),
            })
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        if !self
            .entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains_key(name)
        {
            return Ok(());
        }
        self.change(|e| {
            e.remove(name);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vault_keeps_its_secrets_sealed_across_opens() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("secrets.vault");
        let v = Vault::create(&path, "long enough passphrase").expect("create");
        v.put("dev/key", b"\x01\x02secret-bytes").expect("put");
        v.put("dev/other", b"x").expect("put");
        v.delete("dev/other").expect("delete");
        drop(v);
        let raw = std::fs::read(&path).expect("file");
        assert!(!raw.windows(12).any(|w| w == b"secret-bytes"));
        assert!(
            !raw.windows(7).any(|w| w == b"dev/key"),
            "names are sealed too"
        );
        let v = Vault::open(&path, "long enough passphrase").expect("open");
        assert_eq!(&v.get("dev/key").expect("get")[..], b"\x01\x02secret-bytes");
        assert!(matches!(
            v.get("dev/other"),
            Err(SecretError::NotFound { .. })
        ));
        assert!(matches!(
            Vault::open(&path, "another passphrase"),
            Err(SecretError::Sealed(
                SealError::WrongPassphraseOrDamaged { .. }
            ))
        ));
        assert!(!path.with_extension("vault.new").exists());
        assert!(matches!(
            Vault::create(dir.path().join("b.vault"), "short"),
            Err(SecretError::Sealed(SealError::PassphraseTooShort))
        ));
    }

    use super::super::SealError;
}
