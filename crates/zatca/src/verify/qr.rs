//! A QR text on its own, as a scanner reads it from a printed invoice: its TLV records, and
//! whether the signature it carries (tag 7) verifies over the invoice hash it carries (tag 6)
//! with the public key it carries (tag 8). Without the document, nothing more can be checked.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use k256::ecdsa::signature::Verifier as _;
use k256::ecdsa::{Signature, VerifyingKey};
use k256::pkcs8::DecodePublicKey as _;

use crate::stamp::qr::{self, QrError};

/// Why a text is not a ZATCA QR.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    #[error("the QR text is empty")]
    Empty,
    #[error("the QR text is not base64: {detail}")]
    NotBase64 { detail: String },
    /// `offset` is the index of the record (or the byte, for a cut record) that is wrong.
    #[error("the QR is malformed at {offset}: {detail}")]
    Malformed { offset: usize, detail: String },
}

/// The TLV records of a scanned QR, by tag, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScannedQr {
    pub fields: Vec<(u8, Vec<u8>)>,
}

/// Whether a scanned QR's signature verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrSignature {
    /// The QR carries no hash, signature and public key (tags 6–8), as a standard document's
    /// QR before clearance may not.
    Absent,
    /// Tag 7 verifies over tag 6 with tag 8.
    Verifies,
    /// It does not; the reason names the tag.
    Fails(&'static str),
}

/// Reads a QR text (the base64 a scanner returns). Whitespace is ignored, so a text copied over
/// several lines still reads. Every tag must be one of ZATCA's (1–9), and the seller's name
/// (tag 1) and VAT number (tag 2) must be there.
pub fn read(text: &str) -> Result<ScannedQr, ScanError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(ScanError::Empty);
    }
    let fields = qr::decode(&compact).map_err(|e| match e {
        QrError::NotBase64 => ScanError::NotBase64 {
            detail: e.to_string(),
        },
        QrError::Truncated { at } => ScanError::Malformed {
            offset: at,
            detail: e.to_string(),
        },
        other => ScanError::Malformed {
            offset: 0,
            detail: other.to_string(),
        },
    })?;
    if let Some(at) = fields.iter().position(|(t, _)| !(1..=9).contains(t)) {
        return Err(ScanError::Malformed {
            offset: at,
            detail: format!(
                "record {} has tag {}, not a ZATCA QR tag (1–9)",
                at + 1,
                fields[at].0
            ),
        });
    }
    let scanned = ScannedQr { fields };
    if scanned.get(1).is_none() || scanned.get(2).is_none() {
        return Err(ScanError::Malformed {
            offset: 0,
            detail: "the seller name (tag 1) or VAT number (tag 2) is missing".into(),
        });
    }
    Ok(scanned)
}

impl ScannedQr {
    /// The value of `tag`, if present.
    pub fn get(&self, tag: u8) -> Option<&[u8]> {
        self.fields
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, v)| v.as_slice())
    }

    /// The value of `tag` as text (tags 1–6 are UTF-8 text).
    pub fn text(&self, tag: u8) -> Option<String> {
        self.get(tag)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }

    /// Whether tag 7 (the ECDSA signature, base64 text) verifies over the hash of tag 6 (base64
    /// text of the 32-byte invoice hash) with the public key of tag 8 (DER SubjectPublicKeyInfo).
    pub fn signature(&self) -> QrSignature {
        let (Some(hash), Some(sig), Some(key)) = (self.get(6), self.get(7), self.get(8)) else {
            return QrSignature::Absent;
        };
        let Some(digest) = B64.decode(hash).ok().filter(|d| d.len() == 32) else {
            return QrSignature::Fails("tag 6 is not base64 of a 32-byte hash");
        };
        let Some(signature) = B64
            .decode(sig)
            .ok()
            .and_then(|der| Signature::from_der(&der).ok())
        else {
            return QrSignature::Fails("tag 7 is not a base64 DER ECDSA signature");
        };
        let Ok(key) = VerifyingKey::from_public_key_der(key) else {
            return QrSignature::Fails("tag 8 is not a secp256k1 public key");
        };
        // Signers that do not normalize s produce (r, n - s); both are valid signatures.
        if key.verify(&digest, &signature.normalize_s()).is_ok() {
            QrSignature::Verifies
        } else {
            QrSignature::Fails(
                "the signature (tag 7) does not verify over the hash (tag 6) with the key (tag 8)",
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use k256::ecdsa::signature::Signer as _;
    use k256::pkcs8::EncodePublicKey as _;

    use super::*;

    fn tlv(records: &[(u8, &[u8])]) -> String {
        let mut out = Vec::new();
        for (t, v) in records {
            out.push(*t);
            out.push(u8::try_from(v.len()).expect("short test value"));
            out.extend_from_slice(v);
        }
        B64.encode(out)
    }

    #[test]
    fn reads_the_text_tags_across_lines() {
        let text = tlv(&[
            (1, "شركة سند".as_bytes()),
            (2, b"399999999900003"),
            (3, b"2022-09-07T12:21:28"),
            (4, b"4.60"),
            (5, b"0.60"),
        ]);
        let (a, b) = text.split_at(10);
        let qr = read(&format!("{a}\n  {b}")).expect("valid QR");
        assert_eq!(qr.text(1).as_deref(), Some("شركة سند"));
        assert_eq!(qr.text(4).as_deref(), Some("4.60"));
        assert_eq!(qr.signature(), QrSignature::Absent);
    }

    #[test]
    fn a_signature_verifies_and_another_hash_does_not() {
        let key = k256::ecdsa::SigningKey::from_slice(&[7u8; 32]).expect("key");
        let hash = [42u8; 32];
        let sig: k256::ecdsa::DerSignature = key.sign(&hash);
        let spki = key
            .verifying_key()
            .to_public_key_der()
            .expect("SPKI")
            .into_vec();
        let qr = |hash: &[u8]| {
            read(&tlv(&[
                (1, b"Shop"),
                (2, b"399999999900003"),
                (6, B64.encode(hash).as_bytes()),
                (7, B64.encode(sig.as_bytes()).as_bytes()),
                (8, &spki),
            ]))
            .expect("QR")
        };
        assert_eq!(qr(&hash).signature(), QrSignature::Verifies);
        assert!(matches!(qr(&[1u8; 32]).signature(), QrSignature::Fails(_)));
        assert_eq!(
            qr(&[1u8; 16]).signature(),
            QrSignature::Fails("tag 6 is not base64 of a 32-byte hash")
        );
    }

    #[test]
    fn names_what_is_wrong() {
        assert_eq!(read(" \n"), Err(ScanError::Empty));
        assert!(matches!(
            read("this is not a QR!"),
            Err(ScanError::NotBase64 { .. })
        ));
        assert!(matches!(
            read(&B64.encode([1u8, 10, b'a', b'b'])),
            Err(ScanError::Malformed { offset: 0, .. })
        ));
        assert!(matches!(
            read(&tlv(&[(1, b"a"), (2, b"3"), (42, b"x")])),
            Err(ScanError::Malformed { offset: 2, .. })
        ));
        assert!(matches!(
            read(&tlv(&[(1, b"a")])),
            Err(ScanError::Malformed { offset: 0, .. })
        ));
    }
}
