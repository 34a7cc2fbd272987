//! From the FATOORA client's answer to what the ledger records of it.
//!
//! [`record`] is the one place where a [`fatoora::Outcome`] becomes a ledger
//! [`Outcome`](ledger::submissions::Outcome): one exhaustive `match`, one arm per answer, so a
//! new answer of the client does not compile until it is given its record here.

use std::time::Duration;

use fatoora::{ApiError, ClearanceResponse, ComplianceCheckResponse, ReportingResponse};
use ledger::submissions::Outcome;
use zatca::api::{Message, MessageKind, ValidationResults};

/// What the ledger keeps of one answer (the rest of an attempt, its route, endpoint and times,
/// the caller knows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub outcome: Outcome,
    /// The HTTP status, when an answer came.
    pub http_status: Option<u16>,
    /// ZATCA's messages and error codes, as sent.
    pub messages: Vec<Message>,
    /// ZATCA's cleared document, for an accepted clearance.
    pub cleared_xml: Option<Vec<u8>>,
    /// How long the server asked to wait before the next try.
    pub retry_after: Option<Duration>,
}

/// An accepted answer's body: what it says of the document.
pub trait AnswerBody {
    /// Its `validationResults`, if it has them.
    fn validation(&self) -> Option<&ValidationResults>;

    /// ZATCA's cleared document, if the body carries one.
    fn cleared_xml(&self) -> Option<Vec<u8>> {
        None
    }
}

impl AnswerBody for ReportingResponse {
    fn validation(&self) -> Option<&ValidationResults> {
        self.validation_results.as_ref()
    }
}

impl AnswerBody for ClearanceResponse {
    fn validation(&self) -> Option<&ValidationResults> {
        self.validation_results.as_ref()
    }

    fn cleared_xml(&self) -> Option<Vec<u8>> {
        ClearanceResponse::cleared_xml(self)
    }
}

impl AnswerBody for ComplianceCheckResponse {
    fn validation(&self) -> Option<&ValidationResults> {
        self.validation_results.as_ref()
    }
}

fn of_validation(v: &ValidationResults) -> Vec<Message> {
    v.messages().cloned().collect()
}

fn of_body(body: &impl AnswerBody) -> Vec<Message> {
    body.validation().map(of_validation).unwrap_or_default()
}

/// A request error (`{"code","message"}`) as an error message without a category.
fn of_errors(errors: &[ApiError]) -> Vec<Message> {
    errors
        .iter()
        .map(|e| Message::new(MessageKind::Error, &e.code, "", &e.message))
        .collect()
}

/// What the ledger records of an answer.
pub fn record<T: AnswerBody>(answer: &fatoora::Outcome<T>) -> Recorded {
    use fatoora::Outcome as F;
    let (outcome, http_status, messages, cleared_xml) = match answer {
        F::Accepted(body) => (
            Outcome::Accepted,
            Some(200),
            of_body(body),
            body.cleared_xml(),
        ),
        F::AcceptedWithWarnings { body, warnings } => {
            let messages = match body.validation() {
                Some(v) => of_validation(v),
                None => warnings.clone(),
            };
            (
                Outcome::AcceptedWithWarnings,
                Some(202),
                messages,
                body.cleared_xml(),
            )
        }
        F::Duplicate { status, body } => (
            Outcome::Duplicate,
            Some(*status),
            of_body(body),
            body.cleared_xml(),
        ),
        F::ClearanceOff { errors } => (Outcome::ClearanceOff, Some(303), of_errors(errors), None),
        F::Rejected { validation } => (
            Outcome::Rejected,
            Some(400),
            of_validation(validation),
            None,
        ),
        F::BadRequest { errors, .. } => (Outcome::BadRequest, Some(400), of_errors(errors), None),
        F::CsrRefused { status, errors, .. } => {
            (Outcome::CsrRefused, Some(*status), of_errors(errors), None)
        }
        F::Unauthorized { status, errors } => (
            Outcome::Unauthorized,
            Some(*status),
            of_errors(errors),
            None,
        ),
        F::TooLarge => (Outcome::TooLarge, Some(413), Vec::new(), None),
        F::Throttled { .. } => (Outcome::Throttled, Some(429), Vec::new(), None),
        F::ServerError { status, errors, .. } => {
            (Outcome::ServerError, Some(*status), of_errors(errors), None)
        }
        F::Unknown { .. } => (Outcome::Unknown, None, Vec::new(), None),
        F::NotSent { .. } => (Outcome::NotSent, None, Vec::new(), None),
        F::Malformed { status, .. } => (Outcome::Malformed, Some(*status), Vec::new(), None),
        F::UnexpectedStatus { status, .. } => {
            (Outcome::UnexpectedStatus, Some(*status), Vec::new(), None)
        }
    };
    Recorded {
        outcome,
        http_status,
        messages,
        cleared_xml,
        retry_after: answer.retry_after(),
    }
}
