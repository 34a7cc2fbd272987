//! "Check an invoice": read an XML file, a PDF/A-3 with the XML embedded, or a pasted QR text,
//! and report the document, each verification, the pre-flight rule findings and a verdict.

mod engine;
pub mod pdf;
pub mod qr;
pub mod report;
mod rules;
mod view;

use serde::Serialize;

pub use report::{
    Check, CheckId, CheckReport, CheckStatus, DocumentView, Finding, QrView, Severity, Source,
    Verdict,
};

/// Files larger than this are refused before they are read (a ZATCA XML is limited to a few MB;
/// a PDF/A-3 invoice with its fonts and logo stays well below).
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// Why a file or text could not be checked. Each variant names what is wrong; none is a panic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "code",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum CheckError {
    #[error("the file or text is empty")]
    Empty,
    #[error("the file is {size} bytes; Sanad checks files up to {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("the file is neither an XML invoice, a PDF nor a QR text")]
    UnknownFormat,
    #[error("the file cannot be read: {detail}")]
    Unreadable { detail: String },
    #[error("the PDF cannot be read: {detail}")]
    PdfUnreadable { detail: String },
    #[error("the PDF carries no invoice XML ({attachments} attachments)")]
    PdfWithoutXml { attachments: usize },
    #[error("the XML is not UTF-8 text")]
    XmlNotUtf8,
    #[error("the XML is not well-formed: {detail}")]
    XmlMalformed { detail: String },
    #[error("the XML is not a UBL invoice, credit or debit note: {detail}")]
    NotAnInvoice { detail: String },
    #[error("the invoice lacks what Sanad needs to show it: {detail}")]
    Incomplete { detail: String },
    #[error("the QR text is not base64: {detail}")]
    QrNotBase64 { detail: String },
    #[error("the QR is malformed at byte {offset}: {detail}")]
    QrMalformed { offset: usize, detail: String },
}

/// Checks the bytes of a file (XML or PDF/A-3). `file_name` is shown back to the user only.
pub fn check_file(file_name: Option<&str>, bytes: &[u8]) -> Result<CheckReport, CheckError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(CheckError::TooLarge {
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let body = trim_start(bytes);
    if body.is_empty() {
        return Err(CheckError::Empty);
    }
    let file_name = file_name.map(str::to_owned);
    if body.starts_with(b"%PDF-") {
        let embedded = pdf::extract_xml(bytes)?;
        let source = Source::Pdf {
            file_name,
            attachment: embedded.name.clone(),
        };
        check_xml(source, &embedded.bytes)
    } else if body.starts_with(b"<") {
        check_xml(Source::Xml { file_name }, bytes)
    } else if let Ok(text) = std::str::from_utf8(body)
        && text.len() <= 4096
        && qr::decode(text).is_ok()
    {
        check_qr(text)
    } else {
        Err(CheckError::UnknownFormat)
    }
}

/// Checks a QR text on its own (what a scanner reads from a printed invoice).
pub fn check_qr(text: &str) -> Result<CheckReport, CheckError> {
    let tlv = qr::decode(text)?;
    let checks = vec![qr::signature_check(&tlv)];
    let findings = Vec::new();
    Ok(CheckReport {
        source: Source::Qr,
        verdict: Verdict::from_results(&checks, &findings),
        document: None,
        qr: Some(qr::view(&tlv)),
        checks,
        findings,
    })
}

fn check_xml(source: Source, xml: &[u8]) -> Result<CheckReport, CheckError> {
    let body = xml.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(xml);
    std::str::from_utf8(body).map_err(|_| CheckError::XmlNotUtf8)?;
    let inspection = engine::inspect(xml)?;
    Ok(CheckReport {
        source,
        verdict: Verdict::from_results(&inspection.checks, &inspection.findings),
        document: inspection.document,
        qr: inspection.qr,
        checks: inspection.checks,
        findings: inspection.findings,
    })
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[skip..]
}

/// Reads and checks a file on disk (a dropped or chosen file).
pub fn check_path(path: &std::path::Path) -> Result<CheckReport, CheckError> {
    let unreadable = |e: std::io::Error| CheckError::Unreadable {
        detail: format!("{}: {e}", path.display()),
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_FILE_BYTES as u64 {
        return Err(CheckError::TooLarge {
            size: usize::try_from(size).unwrap_or(usize::MAX),
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    check_file(name.as_deref(), &bytes)
}
