//! A QR text on its own, read and checked by the engine (`zatca::verify::qr`), told in the check
//! screen's words.

use zatca::verify::qr::{self as scan, QrSignature, ScanError};

pub use scan::ScannedQr;

use super::CheckError;
use super::report::{Check, CheckId, CheckStatus, QrView};

/// Reads a QR text (the base64 a scanner returns; whitespace ignored).
pub fn decode(text: &str) -> Result<ScannedQr, CheckError> {
    scan::read(text).map_err(|e| match e {
        ScanError::Empty => CheckError::Empty,
        ScanError::NotBase64 { detail } => CheckError::QrNotBase64 { detail },
        ScanError::Malformed { offset, detail } => CheckError::QrMalformed { offset, detail },
    })
}

/// The fields the screen shows.
pub fn view(qr: &ScannedQr) -> QrView {
    QrView {
        seller_name: qr.text(1),
        vat_number: qr.text(2),
        timestamp: qr.text(3),
        total_with_vat: qr.text(4),
        vat_total: qr.text(5),
        invoice_hash: qr.text(6),
        has_signature: qr.get(7).is_some() && qr.get(8).is_some(),
    }
}

/// Whether the QR's signature verifies with the key it carries.
pub fn signature_check(qr: &ScannedQr) -> Check {
    let (status, detail) = match qr.signature() {
        QrSignature::Absent => (
            CheckStatus::NotApplicable,
            Some("the QR carries no hash, signature and public key (tags 6–8)".into()),
        ),
        QrSignature::Verifies => (CheckStatus::Passed, None),
        QrSignature::Fails(why) => (CheckStatus::Failed, Some(why.into())),
    };
    Check {
        id: CheckId::QrSignature,
        status,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;

    use super::*;

    #[test]
    fn engine_errors_become_check_errors() {
        assert!(matches!(decode(""), Err(CheckError::Empty)));
        assert!(matches!(
            decode("this is not a QR!"),
            Err(CheckError::QrNotBase64 { .. })
        ));
        let cut = STANDARD.encode([1u8, 10, b'a', b'b']);
        assert!(matches!(
            decode(&cut),
            Err(CheckError::QrMalformed { offset: 0, .. })
        ));
        let text = STANDARD.encode([1u8, 1, b'a', 2, 1, b'3']);
        let qr = decode(&text).expect("valid QR");
        assert_eq!(view(&qr).seller_name.as_deref(), Some("a"));
        assert!(!view(&qr).has_signature);
        assert_eq!(signature_check(&qr).status, CheckStatus::NotApplicable);
    }
}
