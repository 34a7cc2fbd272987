//! The bridge to the engine (`zatca::verify`, `zatca::rules`, `zatca::read`).

use super::CheckError;
use super::qr::QrTlv;
use super::report::{Check, CheckId, CheckStatus, DocumentView, Finding, QrView};

pub(super) struct Inspection {
    pub document: DocumentView,
    pub qr: Option<QrView>,
    pub checks: Vec<Check>,
    pub findings: Vec<Finding>,
}

pub(super) fn inspect(_xml: &str) -> Result<Inspection, CheckError> {
    Err(CheckError::NotAnInvoice {
        detail: "engine not wired yet".into(),
    })
}

pub(super) fn qr_signature(_tlv: &QrTlv) -> Check {
    Check {
        id: CheckId::QrSignature,
        status: CheckStatus::NotApplicable,
        detail: None,
    }
}
