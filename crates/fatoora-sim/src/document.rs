//! What the simulator reads from a submitted document before and besides the engine's checks.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use sha2::{Digest, Sha256};
use zatca::model::{DocumentKind, Flow, parse_type_name};
use zatca::xml::child;
use zatca::xml::ns::{CAC, CBC, DS, EXT};

/// The `{invoiceHash, uuid, invoice}` body, decoded.
#[derive(Debug, Clone)]
pub struct Submission {
    pub hash: String,
    pub uuid: String,
    pub xml: Vec<u8>,
}

/// Why a body is not a submission (a 400 without validationResults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError(pub String);

impl Submission {
    pub fn parse(body: &[u8]) -> Result<Self, BodyError> {
        let v: serde_json::Value = serde_json::from_slice(body)
            .map_err(|e| BodyError(format!("request body is not JSON: {e}")))?;
        let field = |name: &str| -> Result<String, BodyError> {
            v.get(name)
                .and_then(|x| x.as_str())
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| BodyError(format!("field `{name}` is missing or empty")))
        };
        let hash = field("invoiceHash")?;
        let uuid = field("uuid")?;
        let xml = B64
            .decode(field("invoice")?)
            .map_err(|e| BodyError(format!("field `invoice` is not base64: {e}")))?;
        Ok(Self { hash, uuid, xml })
    }
}

/// The UUID a body names, if it names one (for the attempts log).
pub fn body_uuid(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    v.get("uuid")?.as_str().map(str::to_owned)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a document is: its flow (from its type name) and its kind (from its type code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub flow: Flow,
    pub kind: DocumentKind,
}

impl Kind {
    pub fn standard(&self) -> bool {
        self.flow == Flow::Standard
    }
}

/// The facts of a document the simulator needs.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub uuid: Option<String>,
    pub kind: Option<Kind>,
    pub seller_vat: Option<String>,
    /// The base64 text of the embedded `ds:X509Certificate`.
    pub certificate: Option<String>,
    /// Byte ranges of the signed parts (UBLExtensions, QR reference, cac:Signature).
    pub signed_parts: Vec<std::ops::Range<usize>>,
}

impl Facts {
    pub fn read(xml: &[u8]) -> Result<Self, String> {
        let text = std::str::from_utf8(xml).map_err(|e| format!("not UTF-8: {e}"))?;
        let doc = roxmltree::Document::parse(text).map_err(|e| format!("not XML: {e}"))?;
        let root = doc.root_element();
        let uuid = child(root, CBC, "UUID")
            .and_then(|n| n.text())
            .map(|s| s.trim().to_owned());
        let kind = child(root, CBC, "InvoiceTypeCode").and_then(|tc| {
            let kind = DocumentKind::from_type_code(tc.text()?.trim())?;
            let (flow, _) = parse_type_name(tc.attribute("name")?.trim()).ok()?;
            Some(Kind { flow, kind })
        });
        let seller_vat = child(root, CAC, "AccountingSupplierParty")
            .and_then(|n| child(n, CAC, "Party"))
            .and_then(|n| child(n, CAC, "PartyTaxScheme"))
            .and_then(|n| child(n, CBC, "CompanyID"))
            .and_then(|n| n.text())
            .map(|s| s.trim().to_owned());
        let certificate = doc
            .descendants()
            .find(|n| {
                n.tag_name().namespace() == Some(DS) && n.tag_name().name() == "X509Certificate"
            })
            .and_then(|n| n.text())
            .map(|s| s.split_whitespace().collect());
        let signed_parts = root
            .children()
            .filter(|n| {
                let (ns, name) = (n.tag_name().namespace(), n.tag_name().name());
                let is_qr = ns == Some(CAC)
                    && name == "AdditionalDocumentReference"
                    && child(*n, CBC, "ID").and_then(|i| i.text()).map(str::trim) == Some("QR");
                n.is_element()
                    && ((ns == Some(EXT) && name == "UBLExtensions")
                        || (ns == Some(CAC) && name == "Signature")
                        || is_qr)
            })
            .map(|n| n.range())
            .collect();
        let f = Facts {
            uuid,
            kind,
            seller_vat,
            certificate,
            signed_parts,
        };
        Ok(f)
    }
}

/// The document without its signed parts (the bytes around them untouched): what the stamp
/// signs again at clearance.
pub fn strip_signed_parts(xml: &[u8], parts: &[std::ops::Range<usize>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(xml.len());
    let mut at = 0;
    for r in parts {
        out.extend_from_slice(&xml[at..r.start]);
        at = r.end;
    }
    out.extend_from_slice(&xml[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(path: &str) -> Vec<u8> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../vendor/zatca-sdk/Data/Samples")
            .join(path);
        std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    #[test]
    fn reads_sdk_samples() {
        let xml = sample("Simplified/Invoice/Simplified_Invoice.xml");
        let f = Facts::read(&xml).expect("facts");
        assert_eq!(f.seller_vat.as_deref(), Some("399999999900003"));
        assert_eq!(
            f.kind,
            Some(Kind {
                flow: Flow::Simplified,
                kind: DocumentKind::Invoice
            })
        );
        assert!(f.uuid.is_some());
        assert!(f.certificate.expect("cert").starts_with("MII"));
        assert_eq!(f.signed_parts.len(), 3);
        let stripped = strip_signed_parts(&xml, &f.signed_parts);
        let again = Facts::read(&stripped).expect("stripped facts");
        assert!(again.signed_parts.is_empty() && again.certificate.is_none());
    }
}
