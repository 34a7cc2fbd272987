//! The bridge to the engine: `zatca::verify` for the cryptographic checks, mapped onto the
//! checks the screen names, and `zatca::rules` for the pre-flight rules.

use zatca::read::{self, ReadError};
use zatca::verify::{self, Check as V, Status};

use super::CheckError;
use super::qr;
use super::report::{Check, CheckId, CheckStatus, DocumentView, Finding, QrView};
use super::rules;
use super::view::document_view;

pub(super) struct Inspection {
    pub document: Option<DocumentView>,
    pub qr: Option<QrView>,
    pub checks: Vec<Check>,
    pub findings: Vec<Finding>,
}

/// The checks on the screen, in the order shown.
const SHOWN: [CheckId; 6] = [
    CheckId::InvoiceHash,
    CheckId::Signature,
    CheckId::CertificateDigest,
    CheckId::SignedProperties,
    CheckId::QrMatchesDocument,
    CheckId::ChainReferences,
];

/// The screen check an engine check belongs to (`None`: not shown on its own).
fn shown_as(check: &V) -> Option<CheckId> {
    Some(match check {
        V::InvoiceHash => CheckId::InvoiceHash,
        V::SignaturePresent | V::Certificate | V::SignatureValue => CheckId::Signature,
        V::CertificateDigest | V::IssuerSerial | V::ExpectedCertificate => {
            CheckId::CertificateDigest
        }
        V::SignedPropertiesDigest | V::SigningTime => CheckId::SignedProperties,
        V::Qr | V::QrTag(_) => CheckId::QrMatchesDocument,
        V::Icv | V::Pih => CheckId::ChainReferences,
        V::Xml => return None,
    })
}

pub(super) fn inspect(xml: &[u8]) -> Result<Inspection, CheckError> {
    let body = xml.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(xml);
    let document = read::read(body).map_err(|e| match e {
        ReadError::Xml(detail) => CheckError::XmlMalformed { detail },
        ReadError::NotInvoice(root) => CheckError::NotAnInvoice {
            detail: format!("the root element is {root}"),
        },
        other => CheckError::Incomplete {
            detail: other.to_string(),
        },
    })?;
    let report = verify::verify(xml);
    let checks = SHOWN
        .iter()
        .map(|id| {
            let members = report.findings.iter();
            group(*id, members.filter(|f| shown_as(&f.check) == Some(*id)))
        })
        .collect();
    let qr = document
        .qr
        .as_deref()
        .and_then(|text| qr::decode(text).ok())
        .map(|tlv| qr::view(&tlv));
    Ok(Inspection {
        document: Some(document_view(&document)),
        qr,
        checks,
        findings: rules::findings(body),
    })
}

/// One screen check from its engine checks: failed if any failed, a warning if any warned,
/// not applicable if none was made (e.g. no signature to compare a digest with).
fn group<'a>(id: CheckId, findings: impl Iterator<Item = &'a verify::Finding>) -> Check {
    let mut status = None;
    let mut details = Vec::new();
    for f in findings {
        let s = match f.status {
            Status::Pass => CheckStatus::Passed,
            Status::Warn => CheckStatus::Warning,
            Status::Fail => CheckStatus::Failed,
        };
        status = Some(match (status, s) {
            (Some(CheckStatus::Failed), _) | (_, CheckStatus::Failed) => CheckStatus::Failed,
            (Some(CheckStatus::Warning), _) | (_, CheckStatus::Warning) => CheckStatus::Warning,
            _ => CheckStatus::Passed,
        });
        if f.status != Status::Pass && !f.detail.is_empty() {
            details.push(format!("{}: {}", f.check, f.detail));
        }
    }
    Check {
        id,
        status: status.unwrap_or(CheckStatus::NotApplicable),
        detail: (!details.is_empty()).then(|| details.join("; ")),
    }
}
