//! Reading a ZATCA QR text: base64 of TLV records (1-byte tag, 1-byte length, value).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::CheckError;
use super::report::QrView;

/// The raw TLV values of a QR, by tag (1–9).
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
}

/// Decodes a QR text (the base64 a scanner returns). Whitespace around and inside is ignored,
/// so a text copied over several lines still reads.
pub fn decode(text: &str) -> Result<QrTlv, CheckError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(CheckError::Empty);
    }
    let bytes = STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| CheckError::QrNotBase64 {
            detail: e.to_string(),
        })?;
    let mut fields = Vec::new();
    let mut at = 0usize;
    while at < bytes.len() {
        let (Some(&tag), Some(&len)) = (bytes.get(at), bytes.get(at + 1)) else {
            return Err(CheckError::QrMalformed {
                offset: at,
                detail: "a record is cut short before its length".into(),
            });
        };
        let start = at + 2;
        let end = start + usize::from(len);
        let Some(value) = bytes.get(start..end) else {
            return Err(CheckError::QrMalformed {
                offset: at,
                detail: format!(
                    "tag {tag} says {len} bytes but only {} remain",
                    bytes.len() - start.min(bytes.len())
                ),
            });
        };
        if !(1..=9).contains(&tag) {
            return Err(CheckError::QrMalformed {
                offset: at,
                detail: format!("tag {tag} is not a ZATCA QR tag (1–9)"),
            });
        }
        fields.push((tag, value.to_vec()));
        at = end;
    }
    if fields.iter().all(|(t, _)| *t != 1) || fields.iter().all(|(t, _)| *t != 2) {
        return Err(CheckError::QrMalformed {
            offset: 0,
            detail: "the seller name (tag 1) or VAT number (tag 2) is missing".into(),
        });
    }
    Ok(QrTlv { fields })
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
            matches!(err, CheckError::QrMalformed { offset: 6, .. }),
            "{err:?}"
        );
    }
}
