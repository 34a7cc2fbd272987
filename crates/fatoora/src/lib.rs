//! FATOORA HTTP client: the six endpoints, typed outcomes, retry policy.
//!
//! Every answer of the platform becomes one value of [`Outcome`], a closed enum covering every row
//! of ZATCA's answers table (accepted, accepted with warnings, duplicate, clearance switched off,
//! rejected, malformed request, credentials refused, too large, throttled, server trouble, unknown
//! after sending, not sent, unreadable body, an unexpected status). Each value says what to do next
//! ([`NextStep`]). A refused CSR is its own value ([`Outcome::CsrRefused`]), never resent, and
//! the compliance steps still missing are read as [`ComplianceStep`]s. Documents are sent as [`InvoiceSubmission`]s whose request body is serialized
//! once: every resend carries the identical bytes.

mod answer;
mod client;
pub mod codes;
mod environment;
mod outcome;
mod retry;
mod steps;

pub use answer::{
    ApiError, ClearanceResponse, ComplianceCheckResponse, CsidResponse, ReportingResponse,
};
pub use client::{
    Attempt, Client, ClientError, Credentials, Exchange, InvoiceSubmission, Language,
};
pub use environment::Target;
pub use outcome::{NextStep, Outcome};
pub use retry::RetryPolicy;
pub use steps::ComplianceStep;
