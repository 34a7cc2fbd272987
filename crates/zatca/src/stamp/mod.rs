//! The cryptographic stamp: invoice hash, XAdES signature, ICV/PIH chain fields, QR.
//!
//! [`sign`] takes the unsigned UBL bytes (no `ext:UBLExtensions`, no QR reference, no
//! `cac:Signature`) and splices the signature block right after the `Invoice` start tag and the
//! QR reference plus `cac:Signature` before the element that follows the PIH reference, exactly
//! where ZATCA's SDK puts them. No other byte changes, so the invoice hash of the unsigned bytes is
//! the invoice hash of the signed bytes.

mod c14n;
mod cert;
pub(crate) mod doc;
pub mod hash;
pub mod qr;
pub mod xades;

use std::borrow::Cow;

use chrono::NaiveDateTime;
use k256::ecdsa::{DerSignature, SigningKey, signature::Signer as _};

pub use cert::{CertError, Certificate, signing_key_from_any};
pub(crate) use cert::{decode_any as decode_der, hex_digest_b64};
pub use hash::{HashError, InvoiceHash, canonicalize, invoice_hash, strip_signature};
pub use qr::{QR_MAX_CHARS, QrError, QrFields, TLV_MAX_VALUE_BYTES};

/// The PIH of a device's first invoice: base64 of the hex text of SHA-256("0").
pub const GENESIS_PIH: &str =
    "NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==";

pub(crate) use crate::xml::ns;

/// Why a document could not be signed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignError {
    #[error(transparent)]
    Hash(#[from] HashError),
    #[error("document is already signed: it has {0}")]
    AlreadySigned(&'static str),
    #[error("document has no PIH AdditionalDocumentReference (the QR and signature go after it)")]
    MissingPih,
    #[error("document has no {0}, which the QR needs")]
    MissingField(&'static str),
    #[error("the root element has no content to insert the signature into")]
    EmptyRoot,
    #[error(transparent)]
    Qr(#[from] QrError),
}

/// A device's private key with its CSID certificate.
#[derive(Debug, Clone)]
pub struct Signer {
    key: SigningKey,
    cert: Certificate,
}

impl Signer {
    /// Pairs a key with its certificate; fails unless the certificate holds the key's public key.
    pub fn new(key: SigningKey, cert: Certificate) -> Result<Self, CertError> {
        if key.verifying_key() != cert.public_key() {
            return Err(CertError::KeyMismatch);
        }
        Ok(Self { key, cert })
    }

    /// Reads the key and certificate from DER, PEM or bare base64 text.
    pub fn from_any(key: &[u8], cert: &[u8]) -> Result<Self, CertError> {
        Self::new(signing_key_from_any(key)?, Certificate::from_any(cert)?)
    }

    /// The certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.cert
    }

    /// ECDSA secp256k1 / SHA-256 over the 32 hash bytes (deterministic, RFC 6979), DER, base64.
    pub fn sign_hash(&self, hash: &InvoiceHash) -> String {
        use base64::Engine as _;
        let sig: DerSignature = self.key.sign(hash.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(sig.as_bytes())
    }
}

/// A signed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The signed bytes: store, send, print and embed exactly these.
    pub xml: Vec<u8>,
    /// The invoice hash (the next invoice's PIH).
    pub hash: InvoiceHash,
    /// The QR text (base64 TLV) embedded in the document.
    pub qr: String,
    /// The signature value (base64 DER).
    pub signature: String,
}

/// Formats a signing time as the XAdES SigningTime text.
pub fn signing_time_text(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Signs an unsigned invoice. `signing_time` is the XAdES SigningTime (no clock is read).
pub fn sign(
    unsigned: &[u8],
    signer: &Signer,
    signing_time: NaiveDateTime,
) -> Result<Signed, SignError> {
    let text = hash::as_text(unsigned)?;
    // The streaming canonicalizer reads everything in one pass; documents it declines go through
    // the full parser.
    let parsed;
    let (canonical, facts) = match c14n::scan(text) {
        Some(found) => found,
        None => {
            parsed = hash::parse(text)?;
            (
                hash::canonicalize_document(&parsed)?,
                doc::Facts::read(&parsed),
            )
        }
    };
    if let Some(what) = facts.signed_part {
        return Err(SignError::AlreadySigned(what));
    }
    let hash = hash::digest(&canonical);
    let hash_b64 = hash.to_base64();
    let signature = signer.sign_hash(&hash);
    let time = signing_time_text(signing_time);
    let props_digest = xades::signed_properties_digest(&time, &signer.cert);

    let cert = &signer.cert;
    let missing = |what| SignError::MissingField(what);
    let qr = qr::encode(&QrFields {
        seller_name: facts
            .seller_name
            .as_deref()
            .ok_or(missing("seller RegistrationName"))?,
        vat_number: facts
            .vat_number
            .as_deref()
            .ok_or(missing("seller VAT CompanyID"))?,
        timestamp: &facts.timestamp().ok_or(missing("IssueDate/IssueTime"))?,
        total_with_vat: facts
            .tax_inclusive
            .as_deref()
            .ok_or(missing("TaxInclusiveAmount"))?,
        vat_total: facts
            .vat_total
            .as_deref()
            .ok_or(missing("TaxTotal/TaxAmount"))?,
        invoice_hash: &hash_b64,
        signature: &signature,
        public_key: cert.public_key_der(),
        certificate_signature: facts.is_simplified().then_some(cert.signature_bytes()),
    })?;

    let root_open_end = facts.root_content_start.ok_or(SignError::EmptyRoot)?;
    let qr_at = facts.after_pih.ok_or(SignError::MissingPih)?;
    let src = text.as_bytes();
    let mut out = Vec::with_capacity(src.len() + 7000);
    out.extend_from_slice(&src[..root_open_end]);
    let ext_ns = facts.missing_ns_decls(&["ext", "cbc"]);
    xades::write_extensions(
        &mut out,
        &xades::Block {
            invoice_hash: &hash_b64,
            signed_properties_digest: &props_digest,
            signature_value: &signature,
            signing_time: &time,
            cert,
            extra_ns: &ext_ns,
        },
    );
    out.extend_from_slice(&src[root_open_end..qr_at]);
    let ns = facts.missing_ns_decls(&["cac", "cbc"]);
    for part in [
        "<cac:AdditionalDocumentReference",
        &ns,
        ">\n        <cbc:ID>QR</cbc:ID>\n        <cac:Attachment>\n            <cbc:EmbeddedDocumentBinaryObject mimeCode=\"text/plain\">",
        &qr,
        "</cbc:EmbeddedDocumentBinaryObject>\n        </cac:Attachment>\n</cac:AdditionalDocumentReference><cac:Signature",
        &ns,
        ">\n      <cbc:ID>urn:oasis:names:specification:ubl:signature:Invoice</cbc:ID>\n      <cbc:SignatureMethod>urn:oasis:names:specification:ubl:dsig:enveloped:xades</cbc:SignatureMethod>\n</cac:Signature>",
    ] {
        out.extend_from_slice(part.as_bytes());
    }
    out.extend_from_slice(&src[qr_at..]);
    Ok(Signed {
        xml: out,
        hash,
        qr,
        signature,
    })
}

/// The canonical bytes and facts from the streaming canonicalizer, if the document is within
/// its subset.
pub(crate) fn scan_facts(text: &str) -> Option<(Vec<u8>, doc::Facts<'_>)> {
    c14n::scan(text)
}

/// What a document says of its place: its number, UUID, kind and type name, ICV and PIH, and
/// its QR, as written (the caller judges them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentChain {
    /// The document's own `cbc:ID`.
    pub number: Option<String>,
    /// The document's own `cbc:UUID`.
    pub uuid: Option<String>,
    /// The `cbc:InvoiceTypeCode` text (388, 381, 383, 386).
    pub type_code: Option<String>,
    /// The `cbc:InvoiceTypeCode` `name` attribute (`0100000`, `0200000`, …).
    pub type_name: Option<String>,
    /// The ICV reference's `cbc:UUID` text.
    pub icv: Option<String>,
    /// The PIH reference's attachment text.
    pub pih: Option<String>,
    /// The QR reference's attachment text (signed documents).
    pub qr: Option<String>,
}

impl DocumentChain {
    fn of(facts: doc::Facts<'_>) -> Self {
        Self {
            number: facts.number.map(Cow::into_owned),
            uuid: facts.uuid.map(Cow::into_owned),
            type_code: facts.type_code.map(Cow::into_owned),
            type_name: facts.type_name.map(Cow::into_owned),
            icv: facts.icv.map(Cow::into_owned),
            pih: facts.pih.map(Cow::into_owned),
            qr: facts.qr.map(Cow::into_owned),
        }
    }
}

/// Reads a document's number, UUID, type, ICV, PIH and QR (one streaming pass; the full parser
/// when the document is outside the streaming subset).
pub fn document_chain(xml: &[u8]) -> Result<DocumentChain, HashError> {
    let text = hash::as_text(xml)?;
    if let Some((_, facts)) = c14n::scan(text) {
        return Ok(DocumentChain::of(facts));
    }
    let document = hash::parse(text)?;
    Ok(DocumentChain::of(doc::Facts::read(&document)))
}
