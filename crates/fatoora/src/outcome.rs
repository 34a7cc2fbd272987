//! The closed set of answers, one value per row of ZATCA's answers table.

use std::time::Duration;

use serde::de::DeserializeOwned;

use zatca::api::{Message, ValidationResults};

use crate::steps::ComplianceStep;

use crate::answer::{ApiError, ErrorBody};

/// What one exchange with FATOORA came to. Every HTTP answer (and every failure to get one) maps
/// to exactly one of these values; ZATCA's messages are kept as sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<T> {
    /// 200: accepted (reported, cleared, issued).
    Accepted(T),
    /// 202: accepted with warnings; keep and show every warning.
    AcceptedWithWarnings { body: T, warnings: Vec<Message> },
    /// 208 (clearance) or 409 (reporting): an earlier submission of this document was accepted.
    Duplicate { status: u16, body: T },
    /// 303: clearance is switched off for this taxpayer; send the same bytes to reporting.
    ClearanceOff { errors: Vec<ApiError> },
    /// 400 with `validationResults`: the document is rejected.
    Rejected { validation: ValidationResults },
    /// 400 without `validationResults`: the request itself is malformed (or refused, such as a
    /// wrong OTP or `Missing-ComplianceSteps`), with ZATCA's codes.
    BadRequest { errors: Vec<ApiError>, raw: String },
    /// A CSID answer that refuses the CSR, whatever its status (ZATCA: 400, or 428 on renewal,
    /// with `dispositionMessage` `NOT_COMPLIANT`, a negative `requestID`, an empty or null token
    /// and `errors` as plain strings). Never resent: the same CSR and OTP would be refused again.
    CsrRefused {
        status: u16,
        /// `dispositionMessage` as sent (`NOT_COMPLIANT`); `None` when a 428 came without one.
        disposition: Option<String>,
        /// `requestID` as sent (ZATCA: -1, -2, …).
        request_id: Option<i64>,
        errors: Vec<ApiError>,
    },
    /// 401 / 403: credentials or environment wrong.
    Unauthorized { status: u16, errors: Vec<ApiError> },
    /// 413: payload too large.
    TooLarge,
    /// 429: throttled; `retry_after` as the server asked.
    Throttled { retry_after: Option<Duration> },
    /// 5xx (500, 502, 503, 504, …): server trouble, with whatever codes the body named.
    ServerError {
        status: u16,
        retry_after: Option<Duration>,
        errors: Vec<ApiError>,
    },
    /// The request went out but no answer came back (timeout after sending, connection dropped
    /// before the answer was complete): ZATCA may have it.
    Unknown { reason: String },
    /// The request never left (connection refused, DNS, TLS handshake): nothing was sent.
    NotSent { reason: String },
    /// A 2xx whose body cannot be read as the expected JSON.
    Malformed {
        status: u16,
        reason: String,
        raw: String,
    },
    /// Any other status (404, 405, 406 unsupported version, …).
    UnexpectedStatus { status: u16, raw: String },
}

/// What the caller must do after an [`Outcome`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Accepted: nothing more to send (for clearance keep the cleared XML).
    Done,
    /// Clearance is off: send the same signed bytes to reporting.
    SendToReporting,
    /// Rejected: the document stays in the chain; fix with a credit note and a new invoice.
    CorrectWithCreditNote,
    /// A request bug on our side: don't advance anything; show it.
    FixRequest,
    /// Stop the queue; ask for renewal or onboarding. Never mark the document rejected.
    StopAndRenew,
    /// Too large: show it; do not retry blindly.
    ShowTooLarge,
    /// Resend the identical bytes later (throttled, server trouble, unknown, unreadable body).
    ResendIdentical,
    /// Nothing was sent: keep it queued (mind the 24-hour deadline of simplified invoices).
    KeepQueued,
}

impl<T> Outcome<T> {
    /// Accepted in any form (200, 202, 208/409 duplicate).
    pub fn is_accepted(&self) -> bool {
        matches!(
            self,
            Self::Accepted(_) | Self::AcceptedWithWarnings { .. } | Self::Duplicate { .. }
        )
    }

    /// The accepted body, if any.
    pub fn body(&self) -> Option<&T> {
        match self {
            Self::Accepted(b)
            | Self::AcceptedWithWarnings { body: b, .. }
            | Self::Duplicate { body: b, .. } => Some(b),
            _ => None,
        }
    }

    /// What to do next.
    pub fn next_step(&self) -> NextStep {
        match self {
            Self::Accepted(_) | Self::AcceptedWithWarnings { .. } | Self::Duplicate { .. } => {
                NextStep::Done
            }
            Self::ClearanceOff { .. } => NextStep::SendToReporting,
            Self::Rejected { .. } => NextStep::CorrectWithCreditNote,
            Self::BadRequest { .. } | Self::CsrRefused { .. } | Self::UnexpectedStatus { .. } => {
                NextStep::FixRequest
            }
            Self::Unauthorized { .. } => NextStep::StopAndRenew,
            Self::TooLarge => NextStep::ShowTooLarge,
            Self::Throttled { .. }
            | Self::ServerError { .. }
            | Self::Unknown { .. }
            | Self::Malformed { .. } => NextStep::ResendIdentical,
            Self::NotSent { .. } => NextStep::KeepQueued,
        }
    }

    /// Whether the retry policy may resend the identical bytes at once (after backoff).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.next_step(),
            NextStep::ResendIdentical | NextStep::KeepQueued
        )
    }

    /// The compliance steps a `Missing-ComplianceSteps` refusal lists, in ZATCA's order.
    pub fn missing_compliance_steps(&self) -> Option<Vec<ComplianceStep>> {
        match self {
            Self::BadRequest { errors, .. } => {
                errors.iter().find_map(ApiError::missing_compliance_steps)
            }
            _ => None,
        }
    }

    /// The server's Retry-After, if it gave one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Throttled { retry_after } | Self::ServerError { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A short stable name of the variant (for logs and attempt records): the word the ledger
    /// stores for the attempt (`ledger::submissions::Outcome`).
    pub fn label(&self) -> &'static str {
        match self {
            Self::Accepted(_) => "accepted",
            Self::AcceptedWithWarnings { .. } => "accepted_with_warnings",
            Self::Duplicate { .. } => "duplicate",
            Self::ClearanceOff { .. } => "clearance_off",
            Self::Rejected { .. } => "rejected",
            Self::BadRequest { .. } => "bad_request",
            Self::CsrRefused { .. } => "csr_refused",
            Self::Unauthorized { .. } => "unauthorized",
            Self::TooLarge => "too_large",
            Self::Throttled { .. } => "throttled",
            Self::ServerError { .. } => "server_error",
            Self::Unknown { .. } => "unknown",
            Self::NotSent { .. } => "not_sent",
            Self::Malformed { .. } => "malformed",
            Self::UnexpectedStatus { .. } => "unexpected_status",
        }
    }
}

impl<T: DeserializeOwned> Outcome<T> {
    /// Classifies a complete HTTP answer.
    pub(crate) fn from_answer(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Self {
        let raw = || String::from_utf8_lossy(body).into_owned();
        let error_body = ErrorBody::parse(body);
        // A refused CSR comes in the CSID shape, whatever the status (428 on renewal).
        if status == 428 || error_body.as_ref().is_some_and(ErrorBody::refuses_csr) {
            let b = error_body.unwrap_or_default();
            return Self::CsrRefused {
                status,
                disposition: b.disposition,
                request_id: b.request_id,
                errors: b.errors,
            };
        }
        let errors = |b: Option<ErrorBody>| b.map(|b| b.errors).unwrap_or_default();
        let parsed = || -> Result<T, Self> {
            serde_json::from_slice::<T>(body).map_err(|e| Self::Malformed {
                status,
                reason: e.to_string(),
                raw: raw(),
            })
        };
        match status {
            200 => parsed().map_or_else(|e| e, Self::Accepted),
            202 => match parsed() {
                Ok(body) => {
                    let warnings = error_body
                        .and_then(|b| b.validation)
                        .map(|v| v.warning_messages)
                        .unwrap_or_default();
                    Self::AcceptedWithWarnings { body, warnings }
                }
                Err(e) => e,
            },
            208 | 409 => parsed().map_or_else(|e| e, |body| Self::Duplicate { status, body }),
            303 => Self::ClearanceOff {
                errors: errors(error_body),
            },
            400 => match error_body {
                Some(ErrorBody {
                    validation: Some(validation),
                    ..
                }) => Self::Rejected { validation },
                Some(ErrorBody { errors, .. }) => Self::BadRequest { errors, raw: raw() },
                None => Self::BadRequest {
                    errors: Vec::new(),
                    raw: raw(),
                },
            },
            401 | 403 => Self::Unauthorized {
                status,
                errors: errors(error_body),
            },
            413 => Self::TooLarge,
            429 => Self::Throttled { retry_after },
            500..=599 => Self::ServerError {
                status,
                retry_after,
                errors: errors(error_body),
            },
            _ => Self::UnexpectedStatus { status, raw: raw() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{ClearanceResponse, ReportingResponse};

    fn report(status: u16, body: &str) -> Outcome<ReportingResponse> {
        Outcome::from_answer(status, Some(Duration::from_secs(3)), body.as_bytes())
    }

    #[test]
    fn every_status_has_its_value() {
        let ok = r#"{"validationResults":{"status":"PASS"},"reportingStatus":"REPORTED"}"#;
        assert!(matches!(report(200, ok), Outcome::Accepted(_)));
        let warn = r#"{"validationResults":{"warningMessages":[{"type":"WARNING","code":"BR-KSA-98","category":"KSA","message":"m","status":"WARNING"}],"status":"WARNING"},"reportingStatus":"REPORTED"}"#;
        match report(202, warn) {
            Outcome::AcceptedWithWarnings { warnings, .. } => {
                assert_eq!(warnings[0].code, "BR-KSA-98")
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            report(409, r#"{"message":"x"}"#),
            Outcome::Duplicate { status: 409, .. }
        ));
        let cleared: Outcome<ClearanceResponse> = Outcome::from_answer(
            208,
            None,
            br#"{"clearanceStatus":"CLEARED","clearedInvoice":"PEkvPg=="}"#,
        );
        assert_eq!(
            cleared
                .body()
                .and_then(ClearanceResponse::cleared_xml)
                .as_deref(),
            Some(&b"<I/>"[..])
        );
        assert!(matches!(report(303, "{}"), Outcome::ClearanceOff { .. }));
        assert!(matches!(
            report(
                400,
                r#"{"validationResults":{"errorMessages":[],"status":"ERROR"}}"#
            ),
            Outcome::Rejected { .. }
        ));
        assert!(matches!(
            report(400, "not json"),
            Outcome::BadRequest { .. }
        ));
        assert!(matches!(
            report(401, ""),
            Outcome::Unauthorized { status: 401, .. }
        ));
        assert!(matches!(
            report(403, ""),
            Outcome::Unauthorized { status: 403, .. }
        ));
        assert!(matches!(report(413, ""), Outcome::TooLarge));
        assert_eq!(report(429, "").retry_after(), Some(Duration::from_secs(3)));
        assert!(matches!(
            report(502, "<html>"),
            Outcome::ServerError { status: 502, .. }
        ));
        assert!(matches!(
            report(200, "{\"validationRes"),
            Outcome::Malformed { status: 200, .. }
        ));
        assert!(matches!(
            report(406, "no"),
            Outcome::UnexpectedStatus { status: 406, .. }
        ));
    }

    #[test]
    fn only_transient_outcomes_are_retried() {
        assert!(report(503, "").is_retryable());
        assert!(report(429, "").is_retryable());
        assert!(report(200, "garbage").is_retryable());
        for status in [200, 400, 401, 403, 413, 406] {
            let body = if status == 200 { "{}" } else { "" };
            assert!(!report(status, body).is_retryable(), "{status}");
        }
    }
}
