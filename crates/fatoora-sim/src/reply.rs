//! Answers in ZATCA's shapes.

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fatoora::codes;
use serde::Serialize;

/// A finished answer: status, extra headers, body bytes.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(status: u16, body: &impl Serialize) -> Self {
        Self {
            status,
            headers: vec![("content-type", "application/json".into())],
            body: serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec()),
        }
    }

    /// `{"code","message"}`: how ZATCA refuses a request that is not a document.
    pub fn refusal(status: u16, code: &str, message: impl Into<String>) -> Self {
        Self::json(
            status,
            &serde_json::json!({ "code": code, "message": message.into() }),
        )
    }

    /// `{"errors":[{"code","message"}]}`: how ZATCA's documentation shows a refused OTP.
    pub fn errors(status: u16, code: &str, message: impl Into<String>) -> Self {
        Self::json(
            status,
            &serde_json::json!({ "errors": [{ "code": code, "message": message.into() }] }),
        )
    }

    /// A refused CSR, in the CSID shape ZATCA answers it with: `dispositionMessage`
    /// `NOT_COMPLIANT`, a negative `requestID`, no token, and `errors` as plain strings. A CSR
    /// the certificate services deny (another environment's template) comes with `requestID` -2
    /// and null token fields; any other with -1 and empty ones.
    pub fn csr_refused(status: u16, denied_by_policy: bool, errors: Vec<String>) -> Self {
        let body = if denied_by_policy {
            serde_json::json!({
                "requestID": -2,
                "tokenType": null,
                "dispositionMessage": codes::NOT_COMPLIANT,
                "binarySecurityToken": null,
                "errors": errors,
            })
        } else {
            serde_json::json!({
                "requestID": -1,
                "dispositionMessage": codes::NOT_COMPLIANT,
                "binarySecurityToken": "",
                "secret": "",
                "errors": errors,
            })
        };
        Self::json(status, &body)
    }

    pub fn unauthorized(now_ms: i64) -> Self {
        Self::json(
            401,
            &serde_json::json!({
                "timestamp": now_ms, "status": 401, "error": "Unauthorized", "message": ""
            }),
        )
    }

    /// A 5xx in the shape ZATCA documents for its 500: category `HTTP-Errors`, the status as
    /// the code.
    pub fn server_error(status: u16, message: impl Into<String>) -> Self {
        Self::json(
            status,
            &serde_json::json!({
                "category": codes::HTTP_ERRORS,
                "code": status.to_string(),
                "message": message.into(),
            }),
        )
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::server_error(500, message)
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The same status with a body cut in half: not JSON any more.
    pub fn malformed(self) -> Self {
        let half = self.body.len() / 2;
        let mut body = self.body[..half].to_vec();
        body.extend_from_slice(b"\x00<<<");
        Self { body, ..self }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = (status, self.body).into_response();
        for (name, value) in self.headers {
            if let Ok(v) = HeaderValue::from_str(&value) {
                resp.headers_mut().insert(HeaderName::from_static(name), v);
            }
        }
        resp
    }
}
