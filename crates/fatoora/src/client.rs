//! The async client for the six FATOORA endpoints.

use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use zatca::api::Route;

use crate::answer::{ClearanceResponse, ComplianceCheckResponse, CsidResponse, ReportingResponse};
use crate::environment::Target;
use crate::outcome::Outcome;
use crate::retry::RetryPolicy;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// Language of ZATCA's messages (`Accept-Language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    En,
    Ar,
}

impl Language {
    fn header(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ar => "ar",
        }
    }
}

/// A CSID as issued: `binarySecurityToken` and `secret`, used for Basic auth exactly as received.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub token: String,
    pub secret: String,
}

impl Credentials {
    pub fn new(token: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            secret: secret.into(),
        }
    }
}

impl From<&CsidResponse> for Credentials {
    fn from(c: &CsidResponse) -> Self {
        Self::new(c.binary_security_token.clone(), c.secret.clone())
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("token", &format_args!("{} chars", self.token.len()))
            .field("secret", &"***")
            .finish()
    }
}

/// A signed document ready to send: the JSON body `{invoiceHash, uuid, invoice}` is built once,
/// from the exact signed bytes, and every attempt sends these very bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceSubmission {
    uuid: String,
    hash: String,
    body: Bytes,
}

impl InvoiceSubmission {
    /// `signed_xml` are the exact bytes that were hashed and signed; `invoice_hash` is the
    /// base64 invoice hash; `uuid` the document's `cbc:UUID`.
    pub fn new(signed_xml: &[u8], invoice_hash: &str, uuid: &str) -> Self {
        let json = serde_json::json!({
            "invoiceHash": invoice_hash,
            "uuid": uuid,
            "invoice": B64.encode(signed_xml),
        });
        Self {
            uuid: uuid.to_owned(),
            hash: invoice_hash.to_owned(),
            body: Bytes::from(json.to_string()),
        }
    }

    pub fn uuid(&self) -> &str {
        &self.uuid
    }

    pub fn invoice_hash(&self) -> &str {
        &self.hash
    }

    /// The request body, byte for byte as sent.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// One attempt of an exchange, for the submission record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// 1 for the first send.
    pub number: u32,
    /// What the attempt came to ([`Outcome::label`]).
    pub outcome: &'static str,
    /// How long the attempt took.
    pub took: Duration,
    /// How long the client waited before it.
    pub waited: Duration,
}

/// The final outcome of an exchange and every attempt that led to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange<T> {
    pub outcome: Outcome<T>,
    pub attempts: Vec<Attempt>,
    /// The `Date` header of the last answer, when one came: FATOORA's clock, to check the
    /// machine's against (issue times are legal timestamps).
    pub server_date: Option<SystemTime>,
}

/// The client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("invalid base URL `{url}`: {reason}")]
    BaseUrl { url: String, reason: String },
    #[error("cannot build the HTTP client: {0}")]
    Build(String),
}

/// The FATOORA client: one environment, one language, one retry policy.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    target: Target,
    language: Language,
    policy: RetryPolicy,
}

struct Request<'a> {
    method: Method,
    path: &'static str,
    body: Bytes,
    auth: Option<&'a Credentials>,
    otp: Option<&'a str>,
    clearance_status: Option<&'static str>,
}

impl Client {
    pub fn new(
        target: &Target,
        language: Language,
        policy: RetryPolicy,
    ) -> Result<Self, ClientError> {
        let base = target.base_url();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(ClientError::BaseUrl {
                url: base.to_owned(),
                reason: "must start with https:// or http://".into(),
            });
        }
        let mut headers = HeaderMap::new();
        headers.insert("Accept-Version", HeaderValue::from_static("V2"));
        headers.insert("Accept", HeaderValue::from_static("application/json"));
        headers.insert(
            "Accept-Language",
            HeaderValue::from_static(language.header()),
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(policy.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ClientError::Build(e.to_string()))?;
        Ok(Self {
            http,
            target: target.clone(),
            language,
            policy,
        })
    }

    /// The environment and base URL this client talks to.
    pub fn target(&self) -> &Target {
        &self.target
    }

    pub fn language(&self) -> Language {
        self.language
    }

    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// `POST /compliance`: a compliance CSID for a CSR (`csr_pem` is the PEM text; it is sent
    /// base64-encoded as ZATCA expects), authorised by the OTP.
    pub async fn compliance_csid(&self, otp: &str, csr_pem: &str) -> Exchange<CsidResponse> {
        let body = serde_json::json!({ "csr": B64.encode(csr_pem.as_bytes()) });
        self.exchange(Request {
            method: Method::POST,
            path: "/compliance",
            body: Bytes::from(body.to_string()),
            auth: None,
            otp: Some(otp),
            clearance_status: None,
        })
        .await
    }

    /// `POST /compliance/invoices`: one compliance check, signed with the compliance CSID.
    pub async fn compliance_invoice(
        &self,
        compliance: &Credentials,
        doc: &InvoiceSubmission,
    ) -> Exchange<ComplianceCheckResponse> {
        self.exchange(Request {
            method: Method::POST,
            path: "/compliance/invoices",
            body: doc.body.clone(),
            auth: Some(compliance),
            otp: None,
            clearance_status: None,
        })
        .await
    }

    /// `POST /production/csids`: the production CSID once every compliance step passed.
    pub async fn production_csid(
        &self,
        compliance: &Credentials,
        compliance_request_id: u64,
    ) -> Exchange<CsidResponse> {
        let body =
            serde_json::json!({ "compliance_request_id": compliance_request_id.to_string() });
        self.exchange(Request {
            method: Method::POST,
            path: "/production/csids",
            body: Bytes::from(body.to_string()),
            auth: Some(compliance),
            otp: None,
            clearance_status: None,
        })
        .await
    }

    /// `PATCH /production/csids`: renewal with a new CSR and OTP, authorised by the current
    /// production CSID.
    pub async fn renew_production_csid(
        &self,
        production: &Credentials,
        otp: &str,
        csr_pem: &str,
    ) -> Exchange<CsidResponse> {
        let body = serde_json::json!({ "csr": B64.encode(csr_pem.as_bytes()) });
        self.exchange(Request {
            method: Method::PATCH,
            path: "/production/csids",
            body: Bytes::from(body.to_string()),
            auth: Some(production),
            otp: Some(otp),
            clearance_status: None,
        })
        .await
    }

    /// `POST /invoices/reporting/single` (simplified documents), `Clearance-Status: 0`.
    pub async fn report(
        &self,
        production: &Credentials,
        doc: &InvoiceSubmission,
    ) -> Exchange<ReportingResponse> {
        self.exchange(Request {
            method: Method::POST,
            path: Route::Reporting.path(),
            body: doc.body.clone(),
            auth: Some(production),
            otp: None,
            clearance_status: Some(Route::Reporting.clearance_status()),
        })
        .await
    }

    /// `POST /invoices/clearance/single` (standard documents), `Clearance-Status: 1`.
    pub async fn clear(
        &self,
        production: &Credentials,
        doc: &InvoiceSubmission,
    ) -> Exchange<ClearanceResponse> {
        self.exchange(Request {
            method: Method::POST,
            path: Route::Clearance.path(),
            body: doc.body.clone(),
            auth: Some(production),
            otp: None,
            clearance_status: Some(Route::Clearance.clearance_status()),
        })
        .await
    }

    async fn exchange<T: DeserializeOwned>(&self, req: Request<'_>) -> Exchange<T> {
        let start = Instant::now();
        let mut attempts = Vec::new();
        let mut waited = Duration::ZERO;
        let max = self.policy.max_attempts.max(1);
        let mut number = 1;
        loop {
            let t0 = Instant::now();
            let (outcome, server_date) = self.once::<T>(&req).await;
            attempts.push(Attempt {
                number,
                outcome: outcome.label(),
                took: t0.elapsed(),
                waited,
            });
            if !outcome.is_retryable() || number >= max {
                return Exchange {
                    outcome,
                    attempts,
                    server_date,
                };
            }
            let wait = self.policy.delay(number + 1, outcome.retry_after());
            if start.elapsed() + wait >= self.policy.total_budget {
                return Exchange {
                    outcome,
                    attempts,
                    server_date,
                };
            }
            tokio::time::sleep(wait).await;
            waited = wait;
            number += 1;
        }
    }

    async fn once<T: DeserializeOwned>(
        &self,
        req: &Request<'_>,
    ) -> (Outcome<T>, Option<SystemTime>) {
        let url = format!("{}{}", self.target.base_url(), req.path);
        let mut rb = self
            .http
            .request(req.method.clone(), url)
            .timeout(self.policy.request_timeout)
            .header("Content-Type", "application/json")
            // Bytes clones share the buffer: every attempt sends the very same bytes.
            .body(req.body.clone());
        if let Some(c) = req.auth {
            rb = rb.basic_auth(&c.token, Some(&c.secret));
        }
        if let Some(otp) = req.otp {
            rb = rb.header("OTP", otp);
        }
        if let Some(cs) = req.clearance_status {
            rb = rb.header("Clearance-Status", cs);
        }
        let resp = match rb.send().await {
            Ok(r) => r,
            Err(e) => return (classify_error(&e), None),
        };
        let status = resp.status();
        let retry_after = parse_retry_after(resp.headers());
        let server_date = resp
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok());
        let outcome = match resp.bytes().await {
            Ok(body) => Outcome::from_answer(status.as_u16(), retry_after, &body),
            Err(e) if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() => {
                // The status alone decides these rows.
                let _ = e;
                Outcome::from_answer(status.as_u16(), retry_after, b"")
            }
            Err(e) => Outcome::Unknown {
                reason: format!("answer {status} cut off: {}", error_chain(&e)),
            },
        };
        (outcome, server_date)
    }
}

fn classify_error<T>(e: &reqwest::Error) -> Outcome<T> {
    if e.is_connect() {
        Outcome::NotSent {
            reason: error_chain(e),
        }
    } else if e.is_builder() {
        Outcome::NotSent {
            reason: format!("request could not be built: {}", error_chain(e)),
        }
    } else {
        // A timeout after the connection was up, or a connection dropped before the answer was
        // complete: the server may have processed it.
        Outcome::Unknown {
            reason: error_chain(e),
        }
    }
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}

/// `Retry-After` as delta-seconds or an HTTP date.
fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submission_body_is_zatca_shaped() {
        let s = InvoiceSubmission::new(b"<Invoice/>", "aGFzaA==", "u-1");
        let v: serde_json::Value = serde_json::from_slice(s.body()).expect("json");
        assert_eq!(v["invoiceHash"], "aGFzaA==");
        assert_eq!(v["uuid"], "u-1");
        assert_eq!(v["invoice"], B64.encode(b"<Invoice/>"));
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(parse_retry_after(&h), Some(Duration::from_secs(7)));
        let later = SystemTime::now() + Duration::from_secs(100);
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_str(&httpdate::fmt_http_date(later)).expect("header"),
        );
        let d = parse_retry_after(&h).expect("date");
        assert!(d > Duration::from_secs(90) && d <= Duration::from_secs(100));
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(parse_retry_after(&h), None);
    }
}
