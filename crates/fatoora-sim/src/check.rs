//! Validation of a submitted document with the engine, answered in ZATCA's words.
//!
//! The codes come from `fatoora::codes`: ZATCA's own where its answers show them, the
//! simulator's, named in ZATCA's style, for checks whose real code is not public (see
//! docs/fatoora.md).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{DateTime, Utc};
use fatoora::ComplianceStep;
use fatoora::codes::{self, CERTIFICATE_ERRORS, QRCODE_VALIDATION, XSD_VALIDATION};
use zatca::api::ValidationResults;
use zatca::rules::Severity;
use zatca::verify::{Check, Expect, Status};

use crate::authority::Authority;
use crate::document::{Facts, Submission};
use crate::store::Csid;

/// ZATCA's words for a signing certificate that is not a valid CSID for the VAT number.
const NOT_VALID_FOR_VAT: &str = "X509Certificate (CCSID / PCSID) used for signing is not valid certificate (CCSID / PCSID) for this VAT Registration Number.";

/// What the checks of a submitted document found.
pub struct Checked {
    /// The results, not yet finished.
    pub results: ValidationResults,
    /// The document's facts, when it could be read.
    pub facts: Option<Facts>,
    /// Whether the QR passed every check (no QR finding at all).
    pub qr_clean: bool,
}

/// Validates `sub` as sent by the device holding `csid`, whose certificates `ca` issues.
pub fn validate(sub: &Submission, csid: &Csid, ca: &Authority, now: DateTime<Utc>) -> Checked {
    let mut r = ValidationResults::default();
    let facts = match Facts::read(&sub.xml) {
        Ok(f) => f,
        Err(e) => {
            r.error(
                codes::XSD_ZATCA_INVALID,
                XSD_VALIDATION,
                format!("Schema validation failed; XML does not comply with UBL 2.1 standards in line with ZATCA specifications. ERROR: {e}"),
            );
            return Checked {
                results: r,
                facts: None,
                qr_clean: false,
            };
        }
    };
    if facts.uuid.as_deref() != Some(sub.uuid.as_str()) {
        r.error(
            codes::INVOICE_UUID_VALIDATION,
            codes::MISSING_UUID_IN_INVOICE,
            "UUID provided in the invoice doesn't match UUID in the provided Request",
        );
    }
    // The signature is checked against the certificate the document carries; whether that
    // certificate is a valid one for the seller is weighed below, as ZATCA weighs it.
    let report = zatca::verify::verify_with(
        &sub.xml,
        &Expect {
            pih: None,
            certificate: None,
        },
    );
    // The engine's verify recomputes the invoice hash (C14N 1.1 of the document without its
    // signed parts); the body's hash must be exactly that.
    match &report.hash {
        Some(h) if h.to_base64() == sub.hash => {}
        Some(_) => r.error(
            codes::INVALID_INVOICE_HASH,
            codes::INVOICE_HASHING_ERRORS,
            "The invoice hash API body does not match the (calculated) Hash of the XML",
        ),
        None => r.error(
            codes::INVALID_INVOICE_HASH,
            codes::INVOICE_HASHING_ERRORS,
            "The invoice hash cannot be calculated from the XML",
        ),
    }
    let mut qr_clean = true;
    for f in &report.findings {
        if f.status == Status::Pass {
            continue;
        }
        if matches!(f.check, Check::Qr | Check::QrTag(_)) {
            qr_clean = false;
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
        r.error(
            codes::CERTIFICATE_PERMISSIONS,
            CERTIFICATE_ERRORS,
            "User only allowed to use the vat number that exists in the authentication certificate",
        );
    }
    if let Some(kind) = facts.kind {
        let step = ComplianceStep::of_document(kind.flow, kind.kind);
        if !ComplianceStep::promised_by(&csid.title).contains(&step) {
            r.error(
                codes::CERTIFICATE_PERMISSIONS,
                CERTIFICATE_ERRORS,
                format!(
                    "Production CSID does not cover {} documents",
                    if kind.standard() {
                        "Standard"
                    } else {
                        "Simplified"
                    }
                ),
            );
        }
    }
    match facts.certificate.as_deref().map(|c| B64.decode(c)) {
        None => r.error(
            codes::SIGNATURE_MISSING,
            codes::SIGNATURE_ERRORS,
            "The invoice carries no signature certificate",
        ),
        Some(Ok(der))
            if der == csid.cert_der && facts.seller_vat.as_deref() == Some(csid.vat.as_str()) => {}
        Some(der) => {
            let der = der.unwrap_or_default();
            // ZATCA accepts a document signed with a certificate that is not a valid CSID for
            // the seller's VAT number, with warnings (202); so does the simulator.
            if !ca.issued(&der) {
                r.warning(
                    codes::CERTIFICATE_ISSUER_NAME,
                    CERTIFICATE_ERRORS,
                    NOT_VALID_FOR_VAT,
                );
                r.warning(
                    codes::INVALID_SIGNING_CERTIFICATE,
                    CERTIFICATE_ERRORS,
                    NOT_VALID_FOR_VAT,
                );
            } else {
                let vat = zatca::csr::certificate_fields(&der)
                    .ok()
                    .map(|f| f.vat_number);
                let valid = crate::authority::valid_at(&der, now);
                if !valid || vat.is_none() || vat != facts.seller_vat {
                    r.warning(
                        codes::INVALID_SIGNING_CERTIFICATE,
                        CERTIFICATE_ERRORS,
                        NOT_VALID_FOR_VAT,
                    );
                }
            }
        }
    }
    Checked {
        results: r,
        facts: Some(facts),
        qr_clean,
    }
}

/// The engine's pre-flight rules over the submitted XML (when the official rule files are not
/// configured): each finding answered with its ZATCA code, weighed as ZATCA's rule files weigh
/// it. The ICV and PIH are left to the engine's verify report above. A document the engine's
/// reader reads whole (every element where UBL puts it, every value of its type) gets the info
/// `XSD_ZATCA_VALID`, as ZATCA's answers carry it when the schema passes.
pub fn pre_flight(xml: &[u8], r: &mut ValidationResults) {
    let findings = match zatca::rules::check_xml(xml) {
        Ok(f) => f,
        Err(e) => {
            r.error(
                codes::INVOICE_CONTENT_UNREADABLE,
                codes::PRE_FLIGHT,
                format!("The invoice content cannot be read: {}", e.0),
            );
            return;
        }
    };
    r.info(
        codes::XSD_ZATCA_VALID,
        XSD_VALIDATION,
        "Complied with UBL 2.1 standards in line with ZATCA specifications",
    );
    for f in findings
        .iter()
        .filter(|f| !f.problem.path.starts_with("chain."))
    {
        let code = f.code();
        let message = format!("[{code}] {} ({})", f.problem.message, f.element);
        match f.severity() {
            Severity::Error => r.error(code, rule_category(code), message),
            Severity::Warning => r.warning(code, rule_category(code), message),
            Severity::Sanad => r.warning(code, codes::PRE_FLIGHT, message),
        }
    }
}

/// ZATCA's category for a rule code.
fn rule_category(code: &str) -> &'static str {
    if code.starts_with("BR-KSA") || code.starts_with("BR-CUSTOM") {
        codes::KSA
    } else {
        codes::EN_16931
    }
}

/// ZATCA's code, category and message for a failed engine check.
fn describe(check: Check) -> (&'static str, &'static str, &'static str) {
    match check {
        Check::Xml => (
            codes::XSD_ZATCA_INVALID,
            XSD_VALIDATION,
            "Schema validation failed; XML is not well-formed",
        ),
        Check::SignaturePresent => (
            codes::SIGNATURE_MISSING,
            codes::SIGNATURE_ERRORS,
            "The invoice carries no complete signature",
        ),
        Check::Certificate => (
            codes::INVALID_CERTIFICATE,
            CERTIFICATE_ERRORS,
            "The signing certificate cannot be read or holds no secp256k1 key",
        ),
        Check::InvoiceHash => (
            codes::INVALID_INVOICE_HASH,
            codes::INVOICE_HASHING_ERRORS,
            "The signature's invoice digest does not match the (calculated) Hash of the XML",
        ),
        Check::SignatureValue => (
            codes::INVALID_SIGNATURE,
            codes::SIGNATURE_ERRORS,
            "The invoice signature does not verify with the signing certificate",
        ),
        Check::CertificateDigest => (
            codes::CERTIFICATE_HASHING,
            CERTIFICATE_ERRORS,
            "Invalid certificate hashing",
        ),
        Check::IssuerSerial => (
            codes::INVALID_SIGNED_PROPERTIES,
            CERTIFICATE_ERRORS,
            "The signed properties do not name the signing certificate's issuer and serial number",
        ),
        Check::SignedPropertiesDigest | Check::SigningTime => (
            codes::SIGNED_PROPERTIES_HASHING,
            CERTIFICATE_ERRORS,
            "Invalid signed properties hashing, SignedProperties with id='xadesSignedProperties'",
        ),
        // Not asked for (no expected certificate is given to the engine's verify); the
        // certificate is weighed in `validate`.
        Check::ExpectedCertificate => (
            codes::INVALID_SIGNING_CERTIFICATE,
            CERTIFICATE_ERRORS,
            NOT_VALID_FOR_VAT,
        ),
        // ZATCA's rule ids.
        Check::Icv => (
            "BR-KSA-33",
            codes::KSA,
            "Each invoice must have an invoice counter value (KSA-16) made of digits only",
        ),
        Check::Pih => (
            "BR-KSA-61",
            codes::KSA,
            "Previous invoice hash (KSA-13) must exist in an invoice and be base64 encoded SHA256",
        ),
        Check::Qr => (
            codes::QRCODE_INVALID,
            QRCODE_VALIDATION,
            "Failed to validate QR code",
        ),
        Check::QrTag(tag) => qr_tag(tag),
    }
}

fn qr_tag(tag: u8) -> (&'static str, &'static str, &'static str) {
    let (code, message) = match tag {
        1 => (
            codes::SELLER_NAME_QRCODE_INVALID,
            "Seller name on QR Code does not match with the invoice",
        ),
        2 => (
            codes::VAT_NUMBER_QRCODE_INVALID,
            "VAT number on QR Code does not match with the invoice",
        ),
        3 => (
            codes::INVOICE_TIMESTAMP_QRCODE_INVALID,
            "Time on QR Code does not match with Invoice Issue Time (KSA-25). If ZATCA's SDK was used to generate QR Code, kindly use the latest version of SDK",
        ),
        4 => (
            codes::INVOICE_TOTAL_QRCODE_INVALID,
            "Total with VAT on QR Code does not match with the invoice",
        ),
        5 => (
            codes::VAT_TOTAL_QRCODE_INVALID,
            "VAT total on QR Code does not match with the invoice",
        ),
        6 => (
            codes::INVOICE_HASH_QRCODE_INVALID,
            "Invoice xml hash does not match with qr code invoice xml hash",
        ),
        7 => (
            codes::SIGNATURE_QRCODE_INVALID,
            "Signature on QR Code does not match with the invoice signature",
        ),
        8 => (
            codes::PUBLIC_KEY_QRCODE_INVALID,
            "Public key on QR Code does not match with the signing certificate",
        ),
        _ => (
            codes::CERTIFICATE_SIGNATURE_QRCODE_INVALID,
            "Certificate signature on QR Code does not match with the signing certificate",
        ),
    };
    (code, QRCODE_VALIDATION, message)
}
