//! Bytes sealed with a passphrase: argon2id derives a 256-bit key from the passphrase and a
//! random salt, XChaCha20-Poly1305 encrypts and authenticates. Used by the passphrase vault and
//! by device backups.
//!
//! Layout (all integers little-endian):
//! `magic (8) | version (1) | m_cost KiB (4) | t_cost (4) | p_cost (4) | salt (16) | nonce (24) |
//! ciphertext + tag`. The header is the AEAD's associated data, so a changed parameter, salt or
//! magic fails authentication like a changed ciphertext byte.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

const VERSION: u8 = 1;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const HEADER_LEN: usize = 8 + 1 + 12 + SALT_LEN + NONCE_LEN;

/// The argon2id cost: 64 MiB, 3 passes, 1 lane (OWASP's first recommendation for argon2id).
pub const M_COST_KIB: u32 = 64 * 1024;
pub const T_COST: u32 = 3;
pub const P_COST: u32 = 1;

/// The shortest passphrase Sanad accepts for a vault or a backup.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Why sealed bytes could not be opened (or sealed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the file is not a Sanad {what} (its header is missing or damaged)")]
    NotSealed { what: &'static str },
    #[error("the {what} was written by a newer Sanad (format {version})")]
    NewerFormat { what: &'static str, version: u8 },
    #[error("the passphrase is wrong, or the {what} is damaged")]
    WrongPassphraseOrDamaged { what: &'static str },
    #[error("the passphrase is too short: at least {MIN_PASSPHRASE_CHARS} characters")]
    PassphraseTooShort,
    #[error("the {what} asks for key-derivation costs Sanad refuses ({detail})")]
    BadParameters { what: &'static str, detail: String },
    #[error("no randomness from the operating system: {0}")]
    Random(String),
}

/// What is sealed: names the file kind in errors, and its magic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub what: &'static str,
    pub magic: [u8; 8],
}

fn derive(
    passphrase: &str,
    salt: &[u8],
    m: u32,
    t: u32,
    p: u32,
    kind: Kind,
) -> Result<Zeroizing<[u8; 32]>, SealError> {
    let bad = |detail: String| SealError::BadParameters {
        what: kind.what,
        detail,
    };
    // Refuse absurd costs from a crafted file before allocating for them.
    if !(8 * 1024..=1024 * 1024).contains(&m) || !(1..=16).contains(&t) || !(1..=8).contains(&p) {
        return Err(bad(format!("m={m} KiB, t={t}, p={p}")));
    }
    let params = Params::new(m, t, p, Some(32)).map_err(|e| bad(e.to_string()))?;
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|e| bad(e.to_string()))?;
    Ok(key)
}

fn random<const N: usize>() -> Result<[u8; N], SealError> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|e| SealError::Random(e.to_string()))?;
    Ok(out)
}

/// Checks a passphrase chosen for a new vault or backup.
pub fn check_new_passphrase(passphrase: &str) -> Result<(), SealError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(SealError::PassphraseTooShort);
    }
    Ok(())
}

/// A key derived from a passphrase, with the salt and costs it was derived with: sealing
/// several times with one key (the vault on every write) derives only once.
pub struct SealKey {
    kind: Kind,
    key: Zeroizing<[u8; 32]>,
    salt: [u8; SALT_LEN],
    costs: (u32, u32, u32),
}

impl SealKey {
    /// A key for new sealed bytes: a fresh salt, Sanad's costs.
    pub fn new(kind: Kind, passphrase: &str) -> Result<Self, SealError> {
        let salt: [u8; SALT_LEN] = random()?;
        let key = derive(passphrase, &salt, M_COST_KIB, T_COST, P_COST, kind)?;
        Ok(Self {
            kind,
            key,
            salt,
            costs: (M_COST_KIB, T_COST, P_COST),
        })
    }

    /// Seals `plain` (a fresh nonce each time).
    pub fn seal(&self, plain: &[u8]) -> Result<Vec<u8>, SealError> {
        let nonce: [u8; NONCE_LEN] = random()?;
        let mut out = Vec::with_capacity(HEADER_LEN + plain.len() + 16);
        out.extend_from_slice(&self.kind.magic);
        out.push(VERSION);
        for v in [self.costs.0, self.costs.1, self.costs.2] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.salt);
        out.extend_from_slice(&nonce);
        let cipher = XChaCha20Poly1305::new(self.key.as_ref().into());
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: &out,
                },
            )
            .map_err(|_| SealError::WrongPassphraseOrDamaged {
                what: self.kind.what,
            })?;
        out.extend_from_slice(&sealed);
        Ok(out)
    }
}

/// Seals `plain` with `passphrase`.
pub fn seal(kind: Kind, passphrase: &str, plain: &[u8]) -> Result<Vec<u8>, SealError> {
    SealKey::new(kind, passphrase)?.seal(plain)
}

/// Opens bytes sealed by [`seal`].
pub fn open(kind: Kind, passphrase: &str, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, SealError> {
    open_keyed(kind, passphrase, sealed).map(|(plain, _)| plain)
}

/// Opens sealed bytes and keeps the key, to seal the next version with it.
pub fn open_keyed(
    kind: Kind,
    passphrase: &str,
    sealed: &[u8],
) -> Result<(Zeroizing<Vec<u8>>, SealKey), SealError> {
    if sealed.len() < HEADER_LEN + 16 || sealed[..8] != kind.magic {
        return Err(SealError::NotSealed { what: kind.what });
    }
    let version = sealed[8];
    if version != VERSION {
        return Err(SealError::NewerFormat {
            what: kind.what,
            version,
        });
    }
    let word = |at: usize| {
        let mut b = [0u8; 4];
        b.copy_from_slice(&sealed[at..at + 4]);
        u32::from_le_bytes(b)
    };
    let costs = (word(9), word(13), word(17));
    let mut salt = [0u8; SALT_LEN];
    salt.copy_from_slice(&sealed[21..21 + SALT_LEN]);
    let nonce = &sealed[21 + SALT_LEN..HEADER_LEN];
    let key = derive(passphrase, &salt, costs.0, costs.1, costs.2, kind)?;
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    let plain = cipher
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: &sealed[HEADER_LEN..],
                aad: &sealed[..HEADER_LEN],
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| SealError::WrongPassphraseOrDamaged { what: kind.what })?;
    Ok((
        plain,
        SealKey {
            kind,
            key,
            salt,
            costs,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIND: Kind = Kind {
        what: "test file",
        magic: *b"SANADTST",
    };

    #[test]
    fn round_trip_and_every_kind_of_damage() {
        let sealed = seal(KIND, "correct horse", b"the key").expect("seal");
        assert_eq!(
            &open(KIND, "correct horse", &sealed).expect("open")[..],
            b"the key"
        );
        assert_eq!(
            open(KIND, "wrong horse!", &sealed),
            Err(SealError::WrongPassphraseOrDamaged { what: "test file" })
        );
        // A flipped byte anywhere — header parameters, salt, nonce, ciphertext, tag — is caught.
        for at in [9, 13, 17, 21, 40, sealed.len() - 20, sealed.len() - 1] {
            let mut bad = sealed.clone();
            bad[at] ^= 0x01;
            assert!(open(KIND, "correct horse", &bad).is_err(), "byte {at}");
        }
        assert_eq!(
            open(KIND, "correct horse", &sealed[..30]),
            Err(SealError::NotSealed { what: "test file" })
        );
        let mut newer = sealed.clone();
        newer[8] = 2;
        assert!(matches!(
            open(KIND, "correct horse", &newer),
            Err(SealError::NewerFormat { version: 2, .. })
        ));
        // Two seals of the same text differ (fresh salt and nonce).
        assert_ne!(
            seal(KIND, "correct horse", b"the key").expect("seal"),
            sealed
        );
        assert_eq!(
            check_new_passphrase("short"),
            Err(SealError::PassphraseTooShort)
        );
    }
}
