//! A QR text on its own: its fields, and whether its signature verifies with the key it carries.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use k256::ecdsa::signature::Verifier as _;
use k256::ecdsa::{Signature, VerifyingKey};
use k256::pkcs8::DecodePublicKey as _;
use zatca::stamp::qr::{self as zqr, QrError};

use super::CheckError;
use super::report::{Check, CheckId, CheckStatus, QrView};

/// The TLV values of a QR, by tag, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QrTlv {
    pub fields: Vec<(u8, Vec<u8>)>,
}

impl QrTlv {
    /// The value of `tag`, if present.
    pub fn get(&self, tag: u8) -> Option<&[u8]> {
        self.fields
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, v)| v.as_slice())
    }

    fn text(&self, tag: u8) -> Option<String> {
        self.get(tag)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }

    /// The fields the screen shows.
    pub fn view(&self) -> QrView {
        QrView {
            seller_name: self.text(1),
            vat_number: self.text(2),
            timestamp: self.text(3),
            total_with_vat: self.text(4),
            vat_total: self.text(5),
            invoice_hash: self.text(6),
            has_signature: self.get(7).is_some() && self.get(8).is_some(),
        }
    }

    /// Whether tag 7 (the ECDSA signature, base64 text) verifies over the hash of tag 6 (base64
    /// text of the 32-byte invoice hash) with the public key of tag 8 (DER SubjectPublicKeyInfo).
    pub fn signature_check(&self) -> Check {
        let (Some(hash), Some(sig), Some(key)) = (self.get(6), self.get(7), self.get(8)) else {
            return Check {
                id: CheckId::QrSignature,
                status: CheckStatus::NotApplicable,
                detail: Some("the QR carries no hash, signature and public key (tags 6–8)".into()),
            };
        };
        let failed = |detail: &str| Check {
            id: CheckId::QrSignature,
            status: CheckStatus::Failed,
            detail: Some(detail.into()),
        };
        let Some(digest) = STANDARD.decode(hash).ok().filter(|d| d.len() == 32) else {
            return failed("tag 6 is not base64 of a 32-byte hash");
        };
        let Some(signature) = STANDARD
            .decode(sig)
            .ok()
            .and_then(|der| Signature::from_der(&der).ok())
        else {
            return failed("tag 7 is not a base64 DER ECDSA signature");
        };
        let Ok(key) = VerifyingKey::from_public_key_der(key) else {
            return failed("tag 8 is not a secp256k1 public key");
        };
        // Signers that do not normalize s produce (r, n - s); both are valid signatures.
        if key.verify(&digest, &signature.normalize_s()).is_ok() {
            Check {
                id: CheckId::QrSignature,
                status: CheckStatus::Passed,
                detail: None,
            }
        } else {
            failed(
                "the signature (tag 7) does not verify over the hash (tag 6) with the key (tag 8)",
            )
        }
    }
}

/// Decodes a QR text (the base64 a scanner returns). Whitespace is ignored, so a text copied over
/// several lines still reads.
pub fn decode(text: &str) -> Result<QrTlv, CheckError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(CheckError::Empty);
    }
    let fields = zqr::decode(&compact).map_err(|e| match e {
        QrError::NotBase64 => CheckError::QrNotBase64 {
            detail: e.to_string(),
        },
        QrError::Truncated { at } => CheckError::QrMalformed {
            offset: at,
            detail: e.to_string(),
        },
        other => CheckError::QrMalformed {
            offset: 0,
            detail: other.to_string(),
        },
    })?;
    if let Some(at) = fields.iter().position(|(t, _)| !(1..=9).contains(t)) {
        return Err(CheckError::QrMalformed {
            offset: at,
            detail: format!(
                "record {} has tag {}, not a ZATCA QR tag (1–9)",
                at + 1,
                fields[at].0
            ),
        });
    }
    let qr = QrTlv { fields };
    if qr.get(1).is_none() || qr.get(2).is_none() {
        return Err(CheckError::QrMalformed {
            offset: 0,
            detail: "the seller name (tag 1) or VAT number (tag 2) is missing".into(),
        });
    }
    Ok(qr)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(records: &[(u8, &[u8])]) -> String {
        let mut out = Vec::new();
        for (t, v) in records {
            out.push(*t);
            out.push(u8::try_from(v.len()).expect("short test value"));
            out.extend_from_slice(v);
        }
        STANDARD.encode(out)
    }

    #[test]
    fn reads_the_five_text_tags() {
        let text = tlv(&[
            (1, "شركة سند".as_bytes()),
            (2, b"399999999900003"),
            (3, b"2022-09-07T12:21:28"),
            (4, b"4.60"),
            (5, b"0.60"),
        ]);
        let qr = decode(&text).expect("valid QR");
        let view = qr.view();
        assert_eq!(view.seller_name.as_deref(), Some("شركة سند"));
        assert_eq!(view.vat_number.as_deref(), Some("399999999900003"));
        assert_eq!(view.total_with_vat.as_deref(), Some("4.60"));
        assert!(!view.has_signature);
        assert_eq!(qr.signature_check().status, CheckStatus::NotApplicable);
    }

    #[test]
    fn a_length_past_the_end_is_named() {
        let text = STANDARD.encode([1u8, 10, b'a', b'b']);
        let err = decode(&text).expect_err("truncated");
        assert!(
            matches!(err, CheckError::QrMalformed { offset: 0, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn not_base64_is_named() {
        let err = decode("this is not a QR!").expect_err("not base64");
        assert!(matches!(err, CheckError::QrNotBase64 { .. }), "{err:?}");
    }

    #[test]
    fn an_unknown_tag_is_named() {
        let text = tlv(&[(1, b"a"), (2, b"3"), (42, b"x")]);
        let err = decode(&text).expect_err("bad tag");
        assert!(
            matches!(err, CheckError::QrMalformed { offset: 2, .. }),
            "{err:?}"
        );
    }
}
