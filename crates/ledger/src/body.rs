//! Document bodies compressed with zstd and a dictionary, and read back to the exact bytes.
//!
//! The shipped dictionary ([`BASE`], `dict/v1.zstd-dict`) was trained on Sanad's own signed
//! documents (`sanad-cli bench ledger --train-dictionary`). What no shipped dictionary can know
//! is what every document of one shop repeats: its signing certificate (about 1,300 characters
//! of base64), the public key and certificate signature in its QR codes, its name and address.
//! So the first document of each signing certificate and flow seeds a dictionary of its own: the
//! shipped dictionary with that document's bytes appended, stored whole in `body_dictionaries`
//! (never changed), its id kept beside each body. Every compressed body is decompressed and
//! compared with the original before it is stored: what is handed back is byte for byte what
//! was signed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use zatca::model::Flow;
use zstd::dict::{DecoderDictionary, EncoderDictionary};

use crate::documents::word;
use crate::{LedgerError, Result, time};

crate::words! {
    /// How a body is stored (`document_bodies.codec`).
    pub enum Codec ("body codec") {
        /// As signed (books written before compression; compressed after opening).
        Raw = "raw",
        /// A zstd frame made with the dictionary `document_bodies.dict`.
        Zstd = "zstd",
    }
}

/// The name of the shipped dictionary new bodies are compressed with.
pub const BASE: &str = "v1";

/// The shipped dictionary.
pub const BASE_DICTIONARY: &[u8] = include_bytes!("../dict/v1.zstd-dict");

/// zstd level: with a dictionary, higher levels gain little for much more time.
const LEVEL: i32 = 9;

/// Bodies are compressed in chunks of this many after opening older books.
const COMPACT_CHUNK: usize = 500;

/// The signing certificate's text in a signed document, if it has one: the text of its
/// `ds:X509Certificate` element. Only the choice of dictionary depends on it; any bytes
/// round-trip whatever it finds.
fn certificate(xml: &[u8]) -> Option<&[u8]> {
    const OPEN: &[u8] = b"<ds:X509Certificate";
    let tag = xml.windows(OPEN.len()).position(|w| w == OPEN)? + OPEN.len();
    if !matches!(xml.get(tag), Some(b'>' | b' ' | b'\t' | b'\r' | b'\n')) {
        return None;
    }
    let at = tag + xml[tag..].iter().position(|&b| b == b'>')? + 1;
    let len = xml[at..].iter().position(|&b| b == b'<')?;
    (len > 0).then(|| &xml[at..at + len])
}

/// What a dictionary is for: documents signed with one certificate (its SHA-256), of one flow.
type Key = (Option<[u8; 32]>, Flow);

/// A body as stored.
pub(crate) struct Stored {
    pub codec: Codec,
    pub dict: Option<i64>,
    pub signed: Vec<u8>,
}

/// The dictionaries of one open ledger, prepared once.
#[derive(Default)]
pub(crate) struct Bodies {
    /// By certificate digest and flow: the dictionary's id and its prepared form.
    encoders: Mutex<HashMap<Key, (i64, Arc<EncoderDictionary<'static>>)>>,
    decoders: Mutex<HashMap<i64, Arc<DecoderDictionary<'static>>>>,
}

fn io(field: &'static str) -> impl Fn(std::io::Error) -> LedgerError {
    move |e| LedgerError::Invalid {
        field,
        reason: e.to_string(),
    }
}

fn hex(d: &[u8; 32]) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

impl Bodies {
    /// The dictionary for `signed` (a document of `flow`): found in the books by its signing
    /// certificate and flow, or made (the shipped dictionary + `signed` as its seed) and stored
    /// in `tx`.
    fn encoder(
        &self,
        tx: &Connection,
        flow: Flow,
        signed: &[u8],
    ) -> Result<(i64, Arc<EncoderDictionary<'static>>)> {
        let digest: Option<[u8; 32]> = certificate(signed).map(|c| Sha256::digest(c).into());
        let key = (digest, flow);
        let cached = lock(&self.encoders).get(&key).cloned();
        if let Some((id, enc)) = cached {
            // A dictionary made in a transaction that was rolled back is gone: make it again.
            let kept = tx
                .prepare_cached("SELECT 1 FROM body_dictionaries WHERE id = ?1")?
                .exists([id])?;
            if kept {
                return Ok((id, enc));
            }
            lock(&self.encoders).remove(&key);
            lock(&self.decoders).remove(&id);
        }
        let sha = digest.as_ref().map(hex);
        let existing: Option<(i64, Vec<u8>)> = tx
            .prepare_cached(
                "SELECT id, bytes FROM body_dictionaries
                 WHERE base = ?1 AND certificate_sha256 IS ?2 AND flow = ?3",
            )?
            .query_row(params![BASE, sha, flow.as_str()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let (id, bytes) = match existing {
            Some(found) => found,
            None => {
                let mut bytes = BASE_DICTIONARY.to_vec();
                bytes.extend_from_slice(signed);
                tx.prepare_cached(
                    "INSERT INTO body_dictionaries (base, certificate_sha256, flow, bytes,
                         created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![BASE, sha, flow.as_str(), bytes, time::now()])?;
                (tx.last_insert_rowid(), bytes)
            }
        };
        let prepared = Arc::new(EncoderDictionary::copy(&bytes, LEVEL));
        lock(&self.decoders).insert(id, Arc::new(DecoderDictionary::copy(&bytes)));
        lock(&self.encoders).insert(key, (id, prepared.clone()));
        Ok((id, prepared))
    }

    fn decoder(&self, conn: &Connection, id: i64) -> Result<Arc<DecoderDictionary<'static>>> {
        if let Some(d) = lock(&self.decoders).get(&id) {
            return Ok(d.clone());
        }
        let bytes: Vec<u8> = conn
            .prepare_cached("SELECT bytes FROM body_dictionaries WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or(LedgerError::NotFound {
                entity: "body dictionary",
                key: id.to_string(),
            })?;
        let d = Arc::new(DecoderDictionary::copy(&bytes));
        lock(&self.decoders).insert(id, d.clone());
        Ok(d)
    }

    fn compress_with(
        &self,
        conn: &Connection,
        dict: i64,
        enc: &EncoderDictionary<'_>,
        bytes: &[u8],
    ) -> Result<Vec<u8>> {
        let mut c =
            zstd::bulk::Compressor::with_prepared_dictionary(enc).map_err(io("document_bodies"))?;
        c.include_checksum(true).map_err(io("document_bodies"))?;
        c.include_dictid(false).map_err(io("document_bodies"))?;
        let packed = c.compress(bytes).map_err(io("document_bodies"))?;
        // Signed bytes are sacred: store the frame only if it gives them back exactly.
        if self.decompress(conn, dict, &packed)? != bytes {
            return Err(LedgerError::Invalid {
                field: "document_bodies",
                reason: "a compressed body did not decompress to its bytes".to_owned(),
            });
        }
        Ok(packed)
    }

    /// Compresses the signed body of a document of `flow` (its cleared bytes later go with the
    /// same dictionary, [`Bodies::compress_more`]).
    pub(crate) fn compress(&self, tx: &Connection, flow: Flow, signed: &[u8]) -> Result<Stored> {
        let (dict, enc) = self.encoder(tx, flow, signed)?;
        Ok(Stored {
            codec: Codec::Zstd,
            dict: Some(dict),
            signed: self.compress_with(tx, dict, &enc, signed)?,
        })
    }

    /// Compresses more bytes of a body stored as `codec` with `dict` (ZATCA's cleared XML).
    pub(crate) fn compress_more(
        &self,
        tx: &Connection,
        codec: Codec,
        dict: Option<i64>,
        bytes: &[u8],
    ) -> Result<Vec<u8>> {
        match (codec, dict) {
            (Codec::Raw, _) => Ok(bytes.to_vec()),
            (Codec::Zstd, Some(id)) => {
                let cached = lock(&self.encoders)
                    .values()
                    .find(|(d, _)| *d == id)
                    .map(|(_, e)| e.clone());
                let enc = match cached {
                    Some(e) => e,
                    None => {
                        let dictionary: Vec<u8> = tx
                            .prepare_cached("SELECT bytes FROM body_dictionaries WHERE id = ?1")?
                            .query_row([id], |r| r.get(0))?;
                        Arc::new(EncoderDictionary::copy(&dictionary, LEVEL))
                    }
                };
                self.compress_with(tx, id, &enc, bytes)
            }
            (Codec::Zstd, None) => Err(LedgerError::Invalid {
                field: "document_bodies.dict",
                reason: "a zstd body names no dictionary".to_owned(),
            }),
        }
    }

    fn decompress(&self, conn: &Connection, dict: i64, packed: &[u8]) -> Result<Vec<u8>> {
        let dec = self.decoder(conn, dict)?;
        let size = zstd::zstd_safe::get_frame_content_size(packed)
            .ok()
            .flatten()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| LedgerError::Invalid {
                field: "document_bodies",
                reason: "a compressed body does not say its size".to_owned(),
            })?;
        let mut d = zstd::bulk::Decompressor::with_prepared_dictionary(&dec)
            .map_err(io("document_bodies"))?;
        d.decompress(packed, size).map_err(io("document_bodies"))
    }

    /// The exact bytes of a stored body.
    pub(crate) fn open(
        &self,
        conn: &Connection,
        codec: Codec,
        dict: Option<i64>,
        stored: Vec<u8>,
    ) -> Result<Vec<u8>> {
        match (codec, dict) {
            (Codec::Raw, _) => Ok(stored),
            (Codec::Zstd, Some(id)) => self.decompress(conn, id, &stored),
            (Codec::Zstd, None) => Err(LedgerError::Invalid {
                field: "document_bodies.dict",
                reason: "a zstd body names no dictionary".to_owned(),
            }),
        }
    }

    /// Compresses up to one chunk of bodies still stored raw, in `tx`; returns how many.
    pub(crate) fn compact_chunk(&self, tx: &Connection) -> Result<usize> {
        type Raw = (i64, Vec<u8>, Option<Vec<u8>>, Flow);
        let rows: Vec<Raw> = tx
            .prepare_cached(
                "SELECT b.document_id, b.signed_xml, b.cleared_xml, d.flow
                 FROM document_bodies b JOIN documents d ON d.id = b.document_id
                 WHERE b.codec = 'raw' ORDER BY b.document_id LIMIT ?1",
            )?
            .query_map([COMPACT_CHUNK as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, word(r, 3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (id, signed, cleared, flow) in &rows {
            let stored = self.compress(tx, *flow, signed)?;
            let cleared = cleared
                .as_deref()
                .map(|c| self.compress_more(tx, stored.codec, stored.dict, c))
                .transpose()?;
            tx.prepare_cached(
                "UPDATE document_bodies SET signed_xml = ?2, cleared_xml = ?3, codec = ?4,
                     dict = ?5
                 WHERE document_id = ?1",
            )?
            .execute(params![
                id,
                stored.signed,
                cleared,
                stored.codec.as_str(),
                stored.dict
            ])?;
        }
        Ok(rows.len())
    }
}

/// The caches are only ever filled from the database, so a panic elsewhere leaves them usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::certificate;

    #[test]
    fn finds_the_certificate_text_or_nothing() {
        assert_eq!(
            certificate(b"<a><ds:X509Certificate>MIIB</ds:X509Certificate></a>"),
            Some(&b"MIIB"[..])
        );
        assert_eq!(
            certificate(b"<ds:X509Certificate xmlns:ds=\"u\">MIIC</ds:X509Certificate>"),
            Some(&b"MIIC"[..])
        );
        assert_eq!(
            certificate(b"<ds:X509Certificate></ds:X509Certificate>"),
            None
        );
        assert_eq!(
            certificate(b"<ds:X509CertificateX>MIIB</ds:X509CertificateX>"),
            None
        );
        assert_eq!(certificate(b"<Invoice/>"), None);
    }
}
