//! The QR payload: TLV (one-byte tag, one-byte length, value) in base64.
//!
//! Tags: 1 seller name, 2 VAT number, 3 timestamp (IssueDate `T` IssueTime), 4 total with VAT,
//! 5 VAT total, 6 invoice hash (base64 text), 7 signature (base64 text), 8 public key (DER
//! SubjectPublicKeyInfo), 9 the certificate's signature (simplified documents only).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

/// The longest QR text ZATCA accepts, in base64 characters.
pub const QR_MAX_CHARS: usize = 1000;
/// The longest TLV value, in bytes (the length is one byte).
pub const TLV_MAX_VALUE_BYTES: usize = 255;

/// Why a QR could not be built or read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QrError {
    #[error("QR tag {tag} ({field}) is {len} bytes; a TLV value holds at most 255 bytes")]
    ValueTooLong {
        tag: u8,
        field: &'static str,
        len: usize,
    },
    #[error("QR tag {tag} ({field}) is empty")]
    EmptyValue { tag: u8, field: &'static str },
    #[error("QR is {len} base64 characters; ZATCA accepts at most 1000")]
    TooLong { len: usize },
    #[error("QR is not base64")]
    NotBase64,
    #[error("QR TLV is cut short at byte {at}")]
    Truncated { at: usize },
}

/// The values of the QR tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrFields<'a> {
    pub seller_name: &'a str,
    pub vat_number: &'a str,
    pub timestamp: &'a str,
    pub total_with_vat: &'a str,
    pub vat_total: &'a str,
    pub invoice_hash: &'a str,
    pub signature: &'a str,
    pub public_key: &'a [u8],
    /// The certificate's signature; `Some` for simplified documents (tag 9), `None` for standard.
    pub certificate_signature: Option<&'a [u8]>,
}

/// The name of a QR tag, for messages.
pub fn tag_name(tag: u8) -> &'static str {
    match tag {
        1 => "seller name",
        2 => "VAT number",
        3 => "timestamp",
        4 => "total with VAT",
        5 => "VAT total",
        6 => "invoice hash",
        7 => "signature",
        8 => "public key",
        9 => "certificate signature",
        _ => "unknown tag",
    }
}

/// Builds the base64 QR text, checking every value's byte length and the total length.
pub fn encode(f: &QrFields<'_>) -> Result<String, QrError> {
    let values: [(u8, &[u8]); 8] = [
        (1, f.seller_name.as_bytes()),
        (2, f.vat_number.as_bytes()),
        (3, f.timestamp.as_bytes()),
        (4, f.total_with_vat.as_bytes()),
        (5, f.vat_total.as_bytes()),
        (6, f.invoice_hash.as_bytes()),
        (7, f.signature.as_bytes()),
        (8, f.public_key),
    ];
    let mut tlv = Vec::with_capacity(560);
    for (tag, v) in values
        .into_iter()
        .chain(f.certificate_signature.map(|s| (9, s)))
    {
        let field = tag_name(tag);
        if v.is_empty() {
            return Err(QrError::EmptyValue { tag, field });
        }
        let len = u8::try_from(v.len()).map_err(|_| QrError::ValueTooLong {
            tag,
            field,
            len: v.len(),
        })?;
        tlv.push(tag);
        tlv.push(len);
        tlv.extend_from_slice(v);
    }
    let text = B64.encode(&tlv);
    if text.len() > QR_MAX_CHARS {
        return Err(QrError::TooLong { len: text.len() });
    }
    Ok(text)
}

/// Reads a base64 QR text into its (tag, value) pairs, in order.
pub fn decode(text: &str) -> Result<Vec<(u8, Vec<u8>)>, QrError> {
    let bytes = B64
        .decode(text.trim().as_bytes())
        .map_err(|_| QrError::NotBase64)?;
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let (Some(&tag), Some(&len)) = (bytes.get(i), bytes.get(i + 1)) else {
            return Err(QrError::Truncated { at: i });
        };
        let start = i + 2;
        let end = start + usize::from(len);
        let value = bytes.get(start..end).ok_or(QrError::Truncated { at: i })?;
        out.push((tag, value.to_vec()));
        i = end;
    }
    Ok(out)
}
