//! Every answer of the FATOORA client has exactly one ledger record, under the same word.

use std::collections::BTreeSet;
use std::time::Duration;

use base64::Engine as _;
use fatoora::{ApiError, ClearanceResponse, Outcome as Answer, ReportingResponse};
use ledger::submissions::Outcome;
use sanad::outcome::{Recorded, record};
use zatca::api::{Message, MessageKind, ValidationResults};

fn warning() -> Message {
    Message::new(MessageKind::Warning, "BR-KSA-98", "KSA", "reported late")
}

fn validation(messages: &[Message]) -> ValidationResults {
    let mut v = ValidationResults::default();
    for m in messages {
        v.push(m.clone());
    }
    v.finish();
    v
}

fn reported(messages: &[Message]) -> ReportingResponse {
    ReportingResponse {
        validation_results: Some(validation(messages)),
        reporting_status: Some("REPORTED".into()),
        message: None,
    }
}

fn refused(code: &str) -> Vec<ApiError> {
    vec![ApiError {
        code: code.into(),
        message: "refused".into(),
    }]
}

/// One value of every answer the client gives.
fn every_answer() -> Vec<Answer<ReportingResponse>> {
    let later = Some(Duration::from_secs(7));
    vec![
        Answer::Accepted(reported(&[])),
        Answer::AcceptedWithWarnings {
            body: reported(&[warning()]),
            warnings: vec![warning()],
        },
        Answer::Duplicate {
            status: 409,
            body: reported(&[]),
        },
        Answer::ClearanceOff {
            errors: refused("Clearance-Deactivated"),
        },
        Answer::Rejected {
            validation: validation(&[Message::new(MessageKind::Error, "BR-01", "EN", "m")]),
        },
        Answer::BadRequest {
            errors: refused("Invalid-OTP"),
            raw: String::new(),
        },
        Answer::CsrRefused {
            status: 428,
            disposition: None,
            request_id: Some(-1),
            errors: refused("Invalid-CSR"),
        },
        Answer::Unauthorized {
            status: 401,
            errors: Vec::new(),
        },
        Answer::TooLarge,
        Answer::Throttled { retry_after: later },
        Answer::ServerError {
            status: 503,
            retry_after: later,
            errors: Vec::new(),
        },
        Answer::Unknown {
            reason: "timed out".into(),
        },
        Answer::NotSent {
            reason: "refused".into(),
        },
        Answer::Malformed {
            status: 200,
            reason: "EOF".into(),
            raw: "{".into(),
        },
        Answer::UnexpectedStatus {
            status: 406,
            raw: String::new(),
        },
    ]
}

#[test]
fn each_answer_is_recorded_under_its_own_word() {
    let answers = every_answer();
    let mut seen = BTreeSet::new();
    for answer in &answers {
        let r = record(answer);
        assert_eq!(r.outcome.as_str(), answer.label(), "{answer:?}");
        assert!(seen.insert(r.outcome.as_str()), "{answer:?} shares a word");
        assert_eq!(r.retry_after, answer.retry_after());
    }
    let stored: BTreeSet<&str> = Outcome::ALL.iter().map(|o| o.as_str()).collect();
    assert_eq!(seen, stored, "one ledger word per answer, none left over");
}

#[test]
fn messages_codes_and_statuses_are_kept_as_sent() {
    let with_warnings = record(&Answer::AcceptedWithWarnings {
        body: reported(&[warning()]),
        warnings: vec![warning()],
    });
    assert_eq!(
        (with_warnings.http_status, with_warnings.messages),
        (Some(202), vec![warning()])
    );
    let otp = record(&Answer::<ReportingResponse>::BadRequest {
        errors: refused("Invalid-OTP"),
        raw: String::new(),
    });
    assert_eq!(otp.outcome, Outcome::BadRequest);
    assert_eq!(
        (otp.messages[0].kind, otp.messages[0].code.as_str()),
        (MessageKind::Error, "Invalid-OTP")
    );
    assert_eq!(
        record(&Answer::<ReportingResponse>::NotSent {
            reason: "refused".into()
        }),
        Recorded {
            outcome: Outcome::NotSent,
            http_status: None,
            messages: Vec::new(),
            cleared_xml: None,
            retry_after: None,
        }
    );
}

#[test]
fn an_accepted_clearance_carries_zatcas_cleared_bytes() {
    let cleared = b"<Invoice>stamped by ZATCA</Invoice>";
    let body = ClearanceResponse {
        validation_results: Some(validation(&[])),
        clearance_status: Some("CLEARED".into()),
        cleared_invoice: Some(base64::engine::general_purpose::STANDARD.encode(cleared)),
    };
    let r = record(&Answer::Duplicate { status: 208, body });
    assert_eq!(r.outcome, Outcome::Duplicate);
    assert_eq!(r.cleared_xml.as_deref(), Some(&cleared[..]));
    assert_eq!(r.http_status, Some(208));
}
