//! Answers in ZATCA's shapes.

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
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

    pub fn unauthorized(now_ms: i64) -> Self {
        Self::json(
            401,
            &serde_json::json!({
                "timestamp": now_ms, "status": 401, "error": "Unauthorized", "message": ""
            }),
        )
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::refusal(500, "Internal-Error", message)
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
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
