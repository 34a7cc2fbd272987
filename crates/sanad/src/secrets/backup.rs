//! Encrypted device backups: one device's key and CSIDs, its certificates and its chain head at
//! backup time, sealed with a passphrase (argon2id + XChaCha20-Poly1305), to restore into the
//! keychain of another machine.
//!
//! A restore never rewinds a chain. The backup carries the device's chain head; restored into
//! books that lack the device's later documents, the device stays suspended with the reason
//! (the ledger's chain-guard rules); restored together with the books' own backup (the same
//! head), it issues the next ICV. A wrong passphrase or a damaged file changes nothing.

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ledger::certificates::CertificateRecord;
use ledger::devices::{ChainHead, Device};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::sealed::{self, Kind};
use super::{CsidSecret, Item, Purpose};
use crate::books::{Books, BooksEnv};
use crate::error::{Class, Error};

const KIND: Kind = Kind {
    what: "device backup",
    magic: *b"SANADDEV",
};

/// What a device backup holds (inside the sealed bytes only).
#[derive(Serialize, Deserialize)]
struct Payload {
    format: u32,
    env: BooksEnv,
    created_at: chrono::DateTime<chrono::Utc>,
    device: Device,
    series_next: Option<i64>,
    certificates: Vec<CertificateRecord>,
    head: Option<ChainHead>,
    /// Base64 of the 32-byte private key.
    key: Zeroizing<String>,
    compliance: Option<CsidSecret>,
    production: Option<CsidSecret>,
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

/// What a backup was made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "DeviceBackupInfo"))]
pub struct BackupInfo {
    pub device: String,
    pub last_icv: i64,
    pub bytes: u64,
}

fn optional_csid(books: &Books, device: &Device, item: Item) -> Result<Option<CsidSecret>, Error> {
    match books.read_secret(&device.uuid, item, Purpose::Backup) {
        Ok(b) => Ok(Some(CsidSecret::from_bytes(item.as_str(), "keychain", &b)?)),
        Err(e) if e.code == "SANAD-SECRET-MISSING" => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes an encrypted backup of device `name` to `out` (which must not exist).
pub fn backup(
    books: &Books,
    name: &str,
    out: &Path,
    passphrase: &str,
) -> Result<BackupInfo, Error> {
    sealed::check_new_passphrase(passphrase).map_err(super::SecretError::from)?;
    if out.exists() {
        return Err(Error::field(
            "SANAD-EXISTS",
            "out",
            format!(
                "{} already exists; a backup never overwrites a file",
                out.display()
            ),
            format!(
                "الملف {} موجود مسبقًا، ولا يكتب سند النسخة الاحتياطية فوق ملف موجود أبدًا",
                out.display()
            ),
        ));
    }
    let device = books.ledger().device_by_name(name)?;
    let key = books.read_secret(&device.uuid, Item::Key, Purpose::Backup)?;
    // One ledger call per statement: each holds the ledger until its statement ends.
    let series_next = books.ledger().device_series(device.id)?.map(|s| s.next_seq);
    let certificates = books.ledger().certificates(device.id)?;
    let head = books.ledger().chain_head(device.id)?;
    let payload = Payload {
        format: 1,
        env: books.env(),
        created_at: books.clock().now(),
        series_next,
        certificates,
        head,
        key: Zeroizing::new(B64.encode(key.as_slice())),
        compliance: optional_csid(books, &device, Item::ComplianceCsid)?,
        production: optional_csid(books, &device, Item::ProductionCsid)?,
        device,
    };
    let plain = Zeroizing::new(serde_json::to_vec(&payload).unwrap_or_default());
    let sealed = sealed::seal(KIND, passphrase, &plain).map_err(super::SecretError::from)?;
    // Create-new: never overwrite, even if the file appeared meanwhile.
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .map_err(|e| io(out, e))?;
    use std::io::Write as _;
    f.write_all(&sealed).map_err(|e| io(out, e))?;
    f.sync_all().map_err(|e| io(out, e))?;
    Ok(BackupInfo {
        device: payload.device.name.clone(),
        last_icv: payload.head.as_ref().map_or(0, |h| h.icv),
        bytes: sealed.len() as u64,
    })
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "DeviceRestoreInfo"))]
pub struct RestoreInfo {
    pub device: String,
    /// The device's last ICV in these books.
    pub books_icv: i64,
    /// The device's last ICV when the backup was made.
    pub backup_icv: i64,
    /// Why the device is suspended, when it is.
    pub suspended: Option<String>,
}

/// Restores a device backup into these books and their keychain.
pub fn restore(books: &Books, file: &Path, passphrase: &str) -> Result<RestoreInfo, Error> {
    let bytes = std::fs::read(file).map_err(|e| io(file, e))?;
    let plain = sealed::open(KIND, passphrase, &bytes).map_err(super::SecretError::from)?;
    let payload: Payload = serde_json::from_slice(&plain).map_err(|e| {
        Error::new(
            "SANAD-NOT-A-BACKUP",
            Class::BadInput,
            "the backup opened but its content is not a Sanad device backup",
            "فُتحت النسخة الاحتياطية لكن محتواها ليس نسخة جهاز من سند",
        )
        .with_detail(e.to_string())
    })?;
    if payload.env != books.env() {
        return Err(Error::new(
            "SANAD-BOOKS-MIXED",
            Class::BadInput,
            format!(
                "this is a backup of a {} device; these are {} books, and environments never mix",
                payload.env,
                books.env()
            ),
            format!(
                "هذه نسخة جهاز من بيئة {}، وهذه دفاتر بيئة {}؛ ولا تُخلط البيئات أبدًا",
                payload.env,
                books.env()
            ),
        ));
    }
    let key = Zeroizing::new(B64.decode(payload.key.as_bytes()).map_err(|e| {
        Error::new(
            "SANAD-NOT-A-BACKUP",
            Class::BadInput,
            "the backup's key is damaged",
            "المفتاح في النسخة الاحتياطية تالف",
        )
        .with_detail(e.to_string())
    })?);
    let uuid = payload.device.uuid.clone();
    let known = books.ledger().device_by_uuid(&uuid).is_ok();
    // Secrets first; if the books refuse a device they did not know, its secrets are taken out
    // again (a device they already knew keeps what it had: the same secrets).
    let mut written = Vec::new();
    let mut put = |item: Item, value: &[u8]| -> Result<(), Error> {
        books.put_secret(&uuid, item, value)?;
        written.push(item);
        Ok(())
    };
    let stored = put(Item::Key, &key)
        .and_then(|()| match &payload.compliance {
            Some(c) => put(Item::ComplianceCsid, &c.to_bytes()),
            None => Ok(()),
        })
        .and_then(|()| match &payload.production {
            Some(c) => put(Item::ProductionCsid, &c.to_bytes()),
            None => Ok(()),
        })
        .and_then(|()| {
            books
                .ledger()
                .import_device(&ledger::backup::DeviceImport {
                    device: payload.device.clone(),
                    series_next: payload.series_next,
                    certificates: payload.certificates.clone(),
                    head: payload.head.clone(),
                })
                .map_err(Error::from)
        });
    match stored {
        Ok(report) => Ok(RestoreInfo {
            device: payload.device.name.clone(),
            books_icv: report.books_icv,
            backup_icv: payload.head.as_ref().map_or(0, |h| h.icv),
            suspended: report.suspended,
        }),
        Err(e) => {
            for item in written.into_iter().filter(|_| !known) {
                let _ = books.delete_secret(&uuid, item);
            }
            Err(e)
        }
    }
}
