//! Every code FATOORA answers with that Sanad knows: ZATCA's own, as its real answers carry them
//! (`vendor/fatoora-responses/`), and the local simulator's, named in ZATCA's style where the
//! real code is not public. The simulator emits only these; `docs/fatoora.md` lists them with
//! their categories and sources. ZATCA's rule ids (`BR-…`, `BR-KSA-…`) are not repeated here:
//! they come from its rule files.

// ---- ZATCA's codes, seen in real answers ----------------------------------------------------

/// Info: the document passed the schema (category `XSD validation`).
pub const XSD_ZATCA_VALID: &str = "XSD_ZATCA_VALID";
/// Error: the document fails the schema, or is not XML (category `XSD validation`).
pub const XSD_ZATCA_INVALID: &str = "XSD_ZATCA_INVALID";
/// Error: the body's `invoiceHash` is not the hash of the XML (`INVOICE_HASHING_ERRORS`).
pub const INVALID_INVOICE_HASH: &str = "invalid-invoice-hash";
/// Error: the body's `uuid` is not the document's `cbc:UUID` (category
/// `MISSING_UUID_IN_INVOICE`).
pub const INVOICE_UUID_VALIDATION: &str = "INVOICE_UUID_VALIDATION";
/// Error: the seller's VAT number is not the authenticating certificate's, or the certificate's
/// title does not cover the document kind (`CERTIFICATE_ERRORS`).
pub const CERTIFICATE_PERMISSIONS: &str = "certificate-permissions";
/// Warning: the certificate the document is signed with is not a valid CSID for this VAT
/// number (`CERTIFICATE_ERRORS`); the document is still accepted (202).
pub const INVALID_SIGNING_CERTIFICATE: &str = "invalid-signing-certificate";
/// Warning: the signing certificate was not issued by ZATCA's CA (`CERTIFICATE_ERRORS`).
pub const CERTIFICATE_ISSUER_NAME: &str = "certificate-issuer-name";
/// Error: the signed properties' certificate digest is not the signing certificate's.
pub const CERTIFICATE_HASHING: &str = "certificate-hashing";
/// Error: the SignedProperties digest does not match the SignedProperties.
pub const SIGNED_PROPERTIES_HASHING: &str = "signed-properties-hashing";
/// Error: the signing certificate cannot be read or holds no secp256k1 key.
pub const INVALID_CERTIFICATE: &str = "invalid-certificate";
/// Error: the QR code is missing or cannot be decoded (`QRCODE_VALIDATION`).
pub const QRCODE_INVALID: &str = "QRCODE_INVALID";
/// QR tag 3 is not IssueDate + IssueTime.
pub const INVOICE_TIMESTAMP_QRCODE_INVALID: &str = "invoiceTimeStamp_QRCODE_INVALID";
/// QR tag 6 is not the invoice hash.
pub const INVOICE_HASH_QRCODE_INVALID: &str = "invoiceHash_QRCODE_INVALID";
/// Warning of a clearance duplicate (208), category [`DUPLICATE_INVOICE`], message
/// "Invoice Hash Previously submitted.".
pub const INVOICE_WARNING: &str = "Invoice-Warning";
/// `POST /production/csids`: compliance steps are missing; the message lists them
/// (see [`zatca::api::ComplianceStep`]).
pub const MISSING_COMPLIANCE_STEPS: &str = "Missing-ComplianceSteps";
/// The `OTP` header is missing (ZATCA's documentation).
pub const MISSING_OTP: &str = "Missing-OTP";
/// The OTP is wrong or expired (no recorded body is public; see docs/fatoora.md).
pub const INVALID_OTP: &str = "Invalid-OTP";
/// The request body cannot be processed (ZATCA's documentation).
pub const INVALID_REQUEST: &str = "Invalid-Request";
/// The `dispositionMessage` of a CSID answer that refuses the CSR; its `errors` are plain strings.
pub const NOT_COMPLIANT: &str = "NOT_COMPLIANT";
/// The `dispositionMessage` of an issued CSID.
pub const ISSUED: &str = "ISSUED";

// ---- The simulator's own codes, in ZATCA's style (the real ones are not public) -------------

/// The document's signature does not verify with its certificate.
pub const INVALID_SIGNATURE: &str = "invalid-signature";
/// The document carries no complete signature.
pub const SIGNATURE_MISSING: &str = "signature-missing";
/// The signed properties' issuer and serial are not the signing certificate's.
pub const INVALID_SIGNED_PROPERTIES: &str = "invalid-signed-properties";
/// QR tag 1 is not the seller's name.
pub const SELLER_NAME_QRCODE_INVALID: &str = "sellerName_QRCODE_INVALID";
/// QR tag 2 is not the seller's VAT number.
pub const VAT_NUMBER_QRCODE_INVALID: &str = "vatNumber_QRCODE_INVALID";
/// QR tag 4 is not the total with VAT.
pub const INVOICE_TOTAL_QRCODE_INVALID: &str = "invoiceTotal_QRCODE_INVALID";
/// QR tag 5 is not the VAT total.
pub const VAT_TOTAL_QRCODE_INVALID: &str = "vatTotal_QRCODE_INVALID";
/// QR tag 7 is not the document's signature.
pub const SIGNATURE_QRCODE_INVALID: &str = "signature_QRCODE_INVALID";
/// QR tag 8 is not the signing certificate's public key.
pub const PUBLIC_KEY_QRCODE_INVALID: &str = "publicKey_QRCODE_INVALID";
/// QR tag 9 is not the signing certificate's signature.
pub const CERTIFICATE_SIGNATURE_QRCODE_INVALID: &str = "certificateSignature_QRCODE_INVALID";
/// The UUID was already accepted for another document.
pub const UUID_ALREADY_USED: &str = "uuid-already-used";
/// A simplified document sent to clearance, or a standard one to reporting while clearance is on.
pub const INVALID_INVOICE_TYPE: &str = "invalid-invoice-type";
/// The document's content cannot be read (a missing issue date, an unknown type name, …).
pub const INVOICE_CONTENT_UNREADABLE: &str = "invoice-content-unreadable";
/// The simulator could not stamp the cleared document.
pub const CLEARANCE_STAMP: &str = "clearance-stamp";
/// `compliance_request_id` is not the authenticating compliance CSID's request.
pub const INVALID_REQUEST_ID: &str = "Invalid-Request-ID";
/// `compliance_request_id` is missing.
pub const MISSING_REQUEST_ID: &str = "Missing-RequestID";
/// 413: the body is larger than the platform takes.
pub const PAYLOAD_TOO_LARGE: &str = "Payload-Too-Large";
/// 429: throttled.
pub const TOO_MANY_REQUESTS: &str = "Too-Many-Requests";
/// 503: maintenance.
pub const SERVICE_UNAVAILABLE: &str = "Service-Unavailable";

/// Every code above, ZATCA's first. (5xx bodies carry their HTTP status as the code, in the
/// category [`HTTP_ERRORS`], as ZATCA documents its 500; those are not listed.)
pub const ALL: &[&str] = &[
    XSD_ZATCA_VALID,
    XSD_ZATCA_INVALID,
    INVALID_INVOICE_HASH,
    INVOICE_UUID_VALIDATION,
    CERTIFICATE_PERMISSIONS,
    INVALID_SIGNING_CERTIFICATE,
    CERTIFICATE_ISSUER_NAME,
    CERTIFICATE_HASHING,
    SIGNED_PROPERTIES_HASHING,
    INVALID_CERTIFICATE,
    QRCODE_INVALID,
    INVOICE_TIMESTAMP_QRCODE_INVALID,
    INVOICE_HASH_QRCODE_INVALID,
    INVOICE_WARNING,
    MISSING_COMPLIANCE_STEPS,
    MISSING_OTP,
    INVALID_OTP,
    INVALID_REQUEST,
    NOT_COMPLIANT,
    ISSUED,
    INVALID_SIGNATURE,
    SIGNATURE_MISSING,
    INVALID_SIGNED_PROPERTIES,
    SELLER_NAME_QRCODE_INVALID,
    VAT_NUMBER_QRCODE_INVALID,
    INVOICE_TOTAL_QRCODE_INVALID,
    VAT_TOTAL_QRCODE_INVALID,
    SIGNATURE_QRCODE_INVALID,
    PUBLIC_KEY_QRCODE_INVALID,
    CERTIFICATE_SIGNATURE_QRCODE_INVALID,
    UUID_ALREADY_USED,
    INVALID_INVOICE_TYPE,
    INVOICE_CONTENT_UNREADABLE,
    CLEARANCE_STAMP,
    INVALID_REQUEST_ID,
    MISSING_REQUEST_ID,
    PAYLOAD_TOO_LARGE,
    TOO_MANY_REQUESTS,
    SERVICE_UNAVAILABLE,
];

// ---- Categories ------------------------------------------------------------------------------

/// ZATCA's: schema findings.
pub const XSD_VALIDATION: &str = "XSD validation";
/// ZATCA's: [`INVALID_INVOICE_HASH`].
pub const INVOICE_HASHING_ERRORS: &str = "INVOICE_HASHING_ERRORS";
/// ZATCA's: [`INVOICE_UUID_VALIDATION`].
pub const MISSING_UUID_IN_INVOICE: &str = "MISSING_UUID_IN_INVOICE";
/// ZATCA's: certificate and signature findings.
pub const CERTIFICATE_ERRORS: &str = "CERTIFICATE_ERRORS";
/// ZATCA's: QR findings.
pub const QRCODE_VALIDATION: &str = "QRCODE_VALIDATION";
/// ZATCA's: rule ids `BR-KSA-…`.
pub const KSA: &str = "KSA";
/// ZATCA's: rule ids `BR-…` of EN 16931.
pub const EN_16931: &str = "EN_16931";
/// ZATCA's: [`INVOICE_WARNING`].
pub const DUPLICATE_INVOICE: &str = "Duplicate-Invoice";
/// ZATCA's: 5xx bodies.
pub const HTTP_ERRORS: &str = "HTTP-Errors";
/// The simulator's: [`INVALID_SIGNATURE`] and [`SIGNATURE_MISSING`].
pub const SIGNATURE_ERRORS: &str = "SIGNATURE_ERRORS";
/// The simulator's: [`INVALID_INVOICE_TYPE`].
pub const INVOICE_TYPE_ERRORS: &str = "INVOICE_TYPE_ERRORS";
/// The simulator's: [`UUID_ALREADY_USED`].
pub const DUPLICATE_UUID: &str = "DUPLICATE_UUID";
/// The simulator's: Sanad's own pre-flight field codes (`SANAD-…`) and
/// [`INVOICE_CONTENT_UNREADABLE`].
pub const PRE_FLIGHT: &str = "PRE_FLIGHT";
/// The simulator's: [`CLEARANCE_STAMP`].
pub const CLEARANCE_ERRORS: &str = "CLEARANCE_ERRORS";

// ---- Statuses --------------------------------------------------------------------------------

pub const REPORTED: &str = "REPORTED";
pub const NOT_REPORTED: &str = "NOT_REPORTED";
/// The `reportingStatus` of a reporting duplicate (409).
pub const REPORTED_SUCCESSFULLY_EARLIER: &str = "REPORTED_SUCCESSFULLY_EARLIER";
pub const CLEARED: &str = "CLEARED";
pub const NOT_CLEARED: &str = "NOT_CLEARED";

#[cfg(test)]
mod tests {
    #[test]
    fn every_code_is_listed_once() {
        let mut seen = std::collections::BTreeSet::new();
        for code in super::ALL {
            assert!(seen.insert(code), "{code} twice");
        }
    }
}
