//! The invoice hash: drop `ext:UBLExtensions`, `cac:Signature` and the QR
//! `cac:AdditionalDocumentReference` (keeping the text around them), canonicalize with C14N 1.1,
//! SHA-256. The base64 of that digest is the signature's DigestValue, the API's `invoiceHash`,
//! QR tag 6 and the next invoice's PIH.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use sha2::{Digest, Sha256};
use xml_sec::c14n::{C14nAlgorithm, C14nMode};
use xml_sec::{Document, Node, NodeId, XmlBackend};

use super::ns;

/// Why a document could not be hashed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HashError {
    #[error("document is not UTF-8 (byte {0})")]
    NotUtf8(usize),
    #[error("document is not well-formed XML: {0}")]
    Parse(String),
    #[error("canonicalization failed: {0}")]
    Canonicalize(String),
}

/// A SHA-256 invoice hash.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct InvoiceHash([u8; 32]);

impl InvoiceHash {
    /// The raw 32 digest bytes (what the signature signs).
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Wraps raw digest bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The base64 text (DigestValue, `invoiceHash`, QR tag 6, next PIH).
    pub fn to_base64(&self) -> String {
        B64.encode(self.0)
    }

    /// Reads a base64 hash (for example a PIH); `None` unless it is base64 of exactly 32 bytes.
    pub fn from_base64(text: &str) -> Option<Self> {
        let bytes = B64.decode(text.trim().as_bytes()).ok()?;
        <[u8; 32]>::try_from(bytes.as_slice()).ok().map(Self)
    }
}

impl fmt::Display for InvoiceHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64())
    }
}

impl fmt::Debug for InvoiceHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InvoiceHash({self})")
    }
}

/// The canonical bytes the invoice hash is taken over.
pub fn canonicalize(xml: &[u8]) -> Result<Vec<u8>, HashError> {
    let text = as_text(xml)?;
    if let Some((canonical, _)) = super::c14n::scan(text) {
        return Ok(canonical);
    }
    canonicalize_slow(text)
}

/// The full parser's canonical bytes (xml-sec), the authority the streaming path must match.
pub(crate) fn canonicalize_slow(text: &str) -> Result<Vec<u8>, HashError> {
    canonicalize_document(&parse(text)?)
}

/// The invoice hash of a document, signed or not.
pub fn invoice_hash(xml: &[u8]) -> Result<InvoiceHash, HashError> {
    Ok(digest(&canonicalize(xml)?))
}

pub(crate) fn digest(canonical: &[u8]) -> InvoiceHash {
    InvoiceHash(Sha256::digest(canonical).into())
}

/// UTF-8 text of the document, without a byte-order mark.
pub(crate) fn as_text(xml: &[u8]) -> Result<&str, HashError> {
    let xml = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
    std::str::from_utf8(xml).map_err(|e| HashError::NotUtf8(e.valid_up_to()))
}

pub(crate) fn parse(text: &str) -> Result<Document<'_>, HashError> {
    Document::parse_with_backend(text, XmlBackend::Roxmltree)
        .map_err(|e| HashError::Parse(e.to_string()))
}

/// Canonical bytes of an already parsed document, with the excluded elements left out.
pub(crate) fn canonicalize_document(doc: &Document<'_>) -> Result<Vec<u8>, HashError> {
    let excluded = excluded_elements(doc);
    let algo = C14nAlgorithm::new(C14nMode::Inclusive1_1, false);
    let mut out = Vec::with_capacity(doc.input_text().len());
    let result = if excluded.is_empty() {
        xml_sec::c14n::canonicalize(doc, None, &algo, &mut out)
    } else {
        let visible = |node: Node<'_, '_>| !node.ancestors().any(|a| excluded.contains(&a.id()));
        xml_sec::c14n::canonicalize(doc, Some(&visible), &algo, &mut out)
    };
    result.map_err(|e| HashError::Canonicalize(e.to_string()))?;
    Ok(out)
}

/// Removes the signature parts (`ext:UBLExtensions`, `cac:Signature`, the QR reference) from a
/// signed document, keeping every other byte, to re-sign it. The invoice hash does not change.
pub fn strip_signature(xml: &[u8]) -> Result<Vec<u8>, HashError> {
    let text = as_text(xml)?;
    let doc = parse(text)?;
    let excluded = excluded_elements(&doc);
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    for id in excluded {
        let Some(node) = doc.get_node(id) else {
            continue;
        };
        let r = node.range();
        if r.start < at {
            continue; // inside an element already removed
        }
        out.extend_from_slice(&text.as_bytes()[at..r.start]);
        at = r.end;
    }
    out.extend_from_slice(&text.as_bytes()[at..]);
    Ok(out)
}

/// Every element the hash leaves out (the outermost of each kind).
fn excluded_elements(doc: &Document<'_>) -> Vec<NodeId> {
    doc.descendants()
        .filter(|n| n.is_element() && is_excluded(*n))
        .map(|n| n.id())
        .collect()
}

fn is_excluded(node: Node<'_, '_>) -> bool {
    let name = node.tag_name();
    match (name.namespace(), name.name()) {
        (Some(ns::EXT), "UBLExtensions") | (Some(ns::CAC), "Signature") => true,
        (Some(ns::CAC), "AdditionalDocumentReference") => node.children().any(|c| {
            c.is_element()
                && c.tag_name().namespace() == Some(ns::CBC)
                && c.tag_name().name() == "ID"
                && string_value(c) == "QR"
        }),
        _ => false,
    }
}

/// XPath string value: the concatenated text of all descendant text nodes.
pub(crate) fn string_value(node: Node<'_, '_>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        if d.is_text()
            && let Some(t) = d.text()
        {
            s.push_str(t);
        }
    }
    s
}
