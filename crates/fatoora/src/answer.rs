//! The JSON bodies FATOORA answers with, kept as ZATCA words them.

use serde::{Deserialize, Serialize};
use zatca::api::ValidationResults;

/// An error of a request that was not validated as a document (`{"code","message"}`, or one
/// entry of `{"errors":[…]}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
}

/// Answer of `POST /compliance`, `POST /production/csids` and `PATCH /production/csids`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CsidResponse {
    #[serde(rename = "requestID")]
    pub request_id: u64,
    #[serde(default)]
    pub disposition_message: Option<String>,
    #[serde(default)]
    pub token_type: Option<String>,
    /// Base64 of the base64 DER certificate text; the Basic-auth user name, exactly as received.
    pub binary_security_token: String,
    /// The Basic-auth password, exactly as received.
    pub secret: String,
}

/// Answer of `POST /compliance/invoices`. (`qrSellertStatus` is ZATCA's own spelling.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComplianceCheckResponse {
    #[serde(default)]
    pub validation_results: Option<ValidationResults>,
    #[serde(default)]
    pub reporting_status: Option<String>,
    #[serde(default)]
    pub clearance_status: Option<String>,
    #[serde(default, rename = "qrSellertStatus")]
    pub qr_seller_status: Option<String>,
    #[serde(default, rename = "qrBuyertStatus")]
    pub qr_buyer_status: Option<String>,
}

/// Answer of `POST /invoices/reporting/single` (200, 202 and the 409 duplicate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportingResponse {
    #[serde(default)]
    pub validation_results: Option<ValidationResults>,
    /// `REPORTED`, `NOT_REPORTED`, or `REPORTED_SUCCESSFULLY_EARLIER` on a duplicate.
    #[serde(default)]
    pub reporting_status: Option<String>,
    /// The plain message of a duplicate answer.
    #[serde(default)]
    pub message: Option<String>,
}

/// Answer of `POST /invoices/clearance/single` (200, 202 and the 208 duplicate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClearanceResponse {
    #[serde(default)]
    pub validation_results: Option<ValidationResults>,
    /// `CLEARED` or `NOT_CLEARED`.
    #[serde(default)]
    pub clearance_status: Option<String>,
    /// Base64 of the cleared XML: the document of record.
    #[serde(default)]
    pub cleared_invoice: Option<String>,
}

impl ClearanceResponse {
    /// The cleared XML bytes, decoded from base64 (exactly as ZATCA stamped them).
    pub fn cleared_xml(&self) -> Option<Vec<u8>> {
        use base64::Engine as _;
        let b64 = self.cleared_invoice.as_deref()?;
        base64::engine::general_purpose::STANDARD.decode(b64).ok()
    }
}

/// The parts of an error body that are worth keeping, whatever its shape.
#[derive(Debug, Default)]
pub(crate) struct ErrorBody {
    pub validation: Option<ValidationResults>,
    pub errors: Vec<ApiError>,
    /// A CSID answer's `dispositionMessage`.
    pub disposition: Option<String>,
    /// A CSID answer's `requestID` (negative on a refusal).
    pub request_id: Option<i64>,
}

impl ErrorBody {
    /// Reads `validationResults`, `{"code","message"}`, `{"errors":[{…}|"text"]}` or `{"message"}`,
    /// and a CSID answer's `dispositionMessage` and `requestID`.
    pub fn parse(body: &[u8]) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        let obj = value.as_object()?;
        let mut out = ErrorBody {
            validation: obj
                .get("validationResults")
                .filter(|v| !v.is_null())
                .and_then(|v| serde_json::from_value(v.clone()).ok()),
            errors: Vec::new(),
            disposition: obj
                .get("dispositionMessage")
                .and_then(|d| d.as_str())
                .map(str::to_owned),
            request_id: obj.get("requestID").and_then(serde_json::Value::as_i64),
        };
        if let Some(code) = obj.get("code").and_then(|c| c.as_str()) {
            out.errors.push(ApiError {
                code: code.to_owned(),
                message: text(obj.get("message")),
            });
        } else if let Some(code) = obj.get("errorCode").and_then(|c| c.as_str()) {
            out.errors.push(ApiError {
                code: code.to_owned(),
                message: text(obj.get("errorMessage")),
            });
        }
        if let Some(list) = obj.get("errors").and_then(|e| e.as_array()) {
            for e in list {
                match e {
                    serde_json::Value::String(s) => out.errors.push(ApiError {
                        code: String::new(),
                        message: s.clone(),
                    }),
                    other => {
                        if let Ok(err) = serde_json::from_value::<ApiError>(other.clone()) {
                            out.errors.push(err);
                        }
                    }
                }
            }
        }
        if out.errors.is_empty()
            && out.validation.is_none()
            && let Some(m) = obj.get("message").and_then(|m| m.as_str())
            && !m.is_empty()
        {
            out.errors.push(ApiError {
                code: String::new(),
                message: m.to_owned(),
            });
        }
        Some(out)
    }

    /// A CSID answer that refuses the CSR: its `dispositionMessage` is not `ISSUED`.
    pub fn refuses_csr(&self) -> bool {
        self.disposition
            .as_deref()
            .is_some_and(|d| d != crate::codes::ISSUED)
    }
}

fn text(v: Option<&serde_json::Value>) -> String {
    v.and_then(|m| m.as_str()).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_error_shape() {
        let b = ErrorBody::parse(br#"{"code":"Missing-ComplianceSteps","message":"not done"}"#)
            .expect("json");
        assert_eq!(b.errors[0].code, "Missing-ComplianceSteps");
        let b = ErrorBody::parse(br#"{"errors":[{"code":"Invalid-OTP","message":"x"},"plain"]}"#)
            .expect("json");
        assert_eq!(b.errors.len(), 2);
        assert_eq!(b.errors[1].message, "plain");
        let b = ErrorBody::parse(
            br#"{"validationResults":{"errorMessages":[{"type":"ERROR","code":"invalid-invoice-hash","category":"INVOICE_HASHING_ERRORS","message":"m","status":"ERROR"}],"status":"ERROR"}}"#,
        )
        .expect("json");
        assert_eq!(
            b.validation.expect("validation").error_messages[0].code,
            "invalid-invoice-hash"
        );
        assert!(ErrorBody::parse(b"<html>").is_none());
    }
}
