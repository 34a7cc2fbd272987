//! Printing: PDF/A-3b invoices and 80 mm receipts with the embedded XML, the QR and Arabic text.
//!
//! [`render`] reads the XML of record (the signed bytes of a simplified document, ZATCA's cleared
//! bytes of a standard one) with [`zatca::read`], lays out the paper copy from what it states,
//! and writes a PDF/A-3b with exactly those bytes attached. Paper and XML cannot disagree.

mod a4;
mod canvas;
mod fonts;
mod labels;
mod pdf;
mod qr;
mod receipt;
mod text;

use zatca::read::ReadError;

/// The paper format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A4 portrait: tax invoices, simplified tax invoices, credit and debit notes.
    A4,
    /// An 80 mm roll: simplified documents at the counter.
    Receipt,
}

/// Choices that are not in the XML.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The company logo, PNG or JPEG bytes.
    pub logo: Option<Vec<u8>>,
    /// The attachment's file name; by default the document number with `.xml`.
    pub attachment_name: Option<String>,
    /// A standard document not yet cleared by ZATCA: every page says it is a preview, not valid
    /// until cleared (it must not be shared as an invoice).
    pub preview: bool,
}

/// Why a document could not be printed.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("the XML cannot be read: {0}")]
    Read(#[from] ReadError),
    #[error(
        "the document has no QR code (cac:AdditionalDocumentReference ID QR): print the signed or cleared XML, not the unsigned one"
    )]
    Unsigned,
    #[error("the QR text cannot be encoded: {0}")]
    Qr(String),
    #[error(
        "the 80 mm receipt is for simplified documents; a standard document needs the A4 layout"
    )]
    ReceiptForStandard,
    #[error("the logo is neither a readable PNG nor a JPEG: {0}")]
    Logo(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// Renders the XML of record as a PDF/A-3b in the given layout, with the XML attached.
pub fn render(xml: &[u8], layout: Layout, options: &Options) -> Result<Vec<u8>, PrintError> {
    let doc = zatca::read::read(xml)?;
    let qr_text = doc.qr.as_deref().ok_or(PrintError::Unsigned)?;
    let qr =
        std::sync::Arc::new(qr::Qr::encode(qr_text).map_err(|e| PrintError::Qr(e.to_string()))?);
    let logo = options.logo.as_deref().map(pdf::logo).transpose()?;
    let pages = match layout {
        Layout::A4 => a4::layout(&doc, qr, logo, options.preview),
        Layout::Receipt => {
            if doc.flow != zatca::model::Flow::Simplified {
                return Err(PrintError::ReceiptForStandard);
            }
            vec![receipt::layout(&doc, qr, logo)]
        }
    };
    pdf::write(&doc, xml, &pages, options)
}
