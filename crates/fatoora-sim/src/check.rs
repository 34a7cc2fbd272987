//! Validation of a submitted document with the engine, answered in ZATCA's words.
//!
//! Codes marked (ZATCA) are those ZATCA's own answers use; the others are the simulator's, named
//! in ZATCA's style, for checks whose real code is not public (see docs/fatoora.md).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use zatca::rules::Severity;
use zatca::verify::{Check, Expect, Status};

use crate::document::{Facts, Submission};
use zatca::api::ValidationResults;

use crate::store::Csid;

/// Validates `sub` as sent by the device holding `csid`. Returns the results (not yet finished)
/// and the document's facts when it could be read.
pub fn validate(sub: &Submission, csid: &Csid) -> (ValidationResults, Option<Facts>) {
    let mut r = ValidationResults::default();
    let facts = match Facts::read(&sub.xml) {
        Ok(f) => f,
        Err(e) => {
            // (ZATCA)
            r.error(
                "XSD_ZATCA_INVALID",
                "XSD validation",
                format!("Schema validation failed; XML does not comply with UBL 2.1 standards in line with ZATCA specifications: {e}"),
            );
            return (r, None);
        }
    };
    if facts.uuid.as_deref() != Some(sub.uuid.as_str()) {
        // (ZATCA, code and category as ZATCA sends them)
        r.error(
            "INVOICE_UUID_VALIDATION",
            "MISSING_UUID_IN_INVOICE",
            "UUID provided in the invoice doesn't match UUID in the provided Request",
        );
    }
    let device_cert = zatca::stamp::Certificate::from_der(&csid.cert_der).ok();
    let report = zatca::verify::verify_with(
        &sub.xml,
        &Expect {
            pih: None,
            certificate: device_cert.as_ref(),
        },
    );
    // The engine's verify recomputes the invoice hash (C14N 1.1 of the document without its
    // signed parts); the body's hash must be exactly that.
    match &report.hash {
        Some(h) if h.to_base64() == sub.hash => {}
        Some(_) => r.error(
            // (ZATCA)
            "invalid-invoice-hash",
            "INVOICE_HASHING_ERRORS",
            "The invoice hash API body does not match the (calculated) Hash of the XML",
        ),
        None => r.error(
            "invalid-invoice-hash",
            "INVOICE_HASHING_ERRORS",
            "The invoice hash cannot be calculated from the XML",
        ),
    }
    for f in &report.findings {
        if f.status == Status::Pass {
            continue;
        }
        let (code, category, message) = describe(f.check);
        let message = if f.detail.is_empty() {
            message.to_owned()
        } else {
            format!("{message} ({})", f.detail)
        };
        match f.status {
            Status::Fail => r.error(code, category, message),
            _ => r.warning(code, category, message),
        }
    }
    if let Some(vat) = &facts.seller_vat
        && *vat != csid.vat
    {
        // (ZATCA)
        r.error(
            "certificate-permissions",
            "CERTIFICATE_ERRORS",
            "User only allowed to use the vat number that exists in the authentication certificate",
        );
    }
    if facts.certificate.is_none() {
        r.error(
            "signature-missing",
            "SIGNATURE_ERRORS",
            "The invoice carries no signature certificate",
        );
    } else if facts.certificate.as_deref() != Some(B64.encode(&csid.cert_der).as_str())
        && !report.failed(Check::ExpectedCertificate)
    {
        r.error(
            "certificate-not-of-device",
            "CERTIFICATE_ERRORS",
            "The invoice is signed with a certificate other than the one this CSID was issued for",
        );
    }
    (r, Some(facts))
}

/// The engine's pre-flight rules over the submitted XML (when the official rule files are not
/// configured): each finding answered with its ZATCA code, weighed as ZATCA's rule files weigh
/// it. The ICV and PIH are left to the engine's verify report above.
pub fn pre_flight(xml: &[u8], r: &mut ValidationResults) {
    let findings = match zatca::rules::check_xml(xml) {
        Ok(f) => f,
        Err(e) => {
            r.error(
                "invoice-content-unreadable",
                "PRE_FLIGHT",
                format!("The invoice content cannot be read: {}", e.0),
            );
            return;
        }
    };
    for f in findings
        .iter()
        .filter(|f| !f.problem.path.starts_with("chain."))
    {
        let code = f.code();
        let message = format!("[{code}] {} ({})", f.problem.message, f.element);
        match f.severity() {
            Severity::Error => r.error(code, rule_category(code), message),
            Severity::Warning => r.warning(code, rule_category(code), message),
            Severity::Sanad => r.warning(code, "PRE_FLIGHT", message),
        }
    }
}

/// ZATCA's category for a rule code.
fn rule_category(code: &str) -> &'static str {
    if code.starts_with("BR-KSA") || code.starts_with("BR-CUSTOM") {
        "KSA"
    } else {
        "EN_16931"
    }
}

/// ZATCA's code, category and message for a failed engine check.
fn describe(check: Check) -> (&'static str, &'static str, &'static str) {
    match check {
        Check::Xml => (
            "XSD_ZATCA_INVALID",
            "XSD validation",
            "Schema validation failed; XML is not well-formed",
        ),
        Check::SignaturePresent => (
            "signature-missing",
            "SIGNATURE_ERRORS",
            "The invoice carries no complete signature",
        ),
        Check::Certificate => (
            "invalid-certificate",
            "CERTIFICATE_ERRORS",
            "The signing certificate cannot be read or holds no secp256k1 key",
        ),
        Check::InvoiceHash => (
            "invalid-invoice-hash",
            "INVOICE_HASHING_ERRORS",
            "The signature's invoice digest does not match the (calculated) Hash of the XML",
        ),
        Check::SignatureValue => (
            "invalid-signature",
            "SIGNATURE_ERRORS",
            "The invoice signature does not verify with the signing certificate",
        ),
        Check::CertificateDigest | Check::IssuerSerial => (
            "invalid-signed-properties",
            "SIGNATURE_ERRORS",
            "The signed properties do not describe the signing certificate",
        ),
        Check::SignedPropertiesDigest | Check::SigningTime => (
            "signed-properties-hashing",
            "SIGNATURE_ERRORS",
            "The signed properties hash does not match the signed properties",
        ),
        Check::ExpectedCertificate => (
            "certificate-not-of-device",
            "CERTIFICATE_ERRORS",
            "The invoice is signed with a certificate other than the one this CSID was issued for",
        ),
        // (ZATCA rule ids)
        Check::Icv => (
            "BR-KSA-33",
            "KSA",
            "Each invoice must have an invoice counter value (KSA-16) made of digits only",
        ),
        Check::Pih => (
            "BR-KSA-61",
            "KSA",
            "Previous invoice hash (KSA-13) must exist in an invoice and be base64 encoded SHA256",
        ),
        Check::Qr => (
            "QRCODE_INVALID",
            "QRCODE_VALIDATION",
            "The QR code is missing or cannot be decoded",
        ),
        Check::QrTag(tag) => qr_tag(tag),
    }
}

fn qr_tag(tag: u8) -> (&'static str, &'static str, &'static str) {
    let (code, message) = match tag {
        1 => (
            "sellerName_QRCODE_INVALID",
            "Seller name on QR Code does not match with the invoice",
        ),
        2 => (
            "vatNumber_QRCODE_INVALID",
            "VAT number on QR Code does not match with the invoice",
        ),
        // (ZATCA)
        3 => (
            "invoiceTimeStamp_QRCODE_INVALID",
            "Time on QR Code does not match with Invoice Issue Time (KSA-25)",
        ),
        4 => (
            "invoiceTotal_QRCODE_INVALID",
            "Total with VAT on QR Code does not match with the invoice",
        ),
        5 => (
            "vatTotal_QRCODE_INVALID",
            "VAT total on QR Code does not match with the invoice",
        ),
        // (ZATCA)
        6 => (
            "invoiceHash_QRCODE_INVALID",
            "Invoice xml hash does not match with qr code invoice xml hash",
        ),
        7 => (
            "signature_QRCODE_INVALID",
            "Signature on QR Code does not match with the invoice signature",
        ),
        8 => (
            "publicKey_QRCODE_INVALID",
            "Public key on QR Code does not match with the signing certificate",
        ),
        _ => (
            "certificateSignature_QRCODE_INVALID",
            "Certificate signature on QR Code does not match with the signing certificate",
        ),
    };
    (code, "QRCODE_VALIDATION", message)
}
