//! The six endpoints, the admin endpoints and the fault wrapper around them.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{DateTime, Utc};
use fatoora::ComplianceStep;
use fatoora::codes;
use serde::Deserialize;
use zatca::api::Route;

use crate::authority::{Authority, CsrError, CsrFacts};
use crate::check::{self, Checked};
use crate::config::SimConfig;
use crate::document::{self, Submission, sha256_hex};
use crate::faults::{Endpoint, Fault, FaultPlan};
use crate::listener::Conn;
use crate::reply::Reply;
use crate::store::{Accepted, Csid, Store};

const TOKEN_TYPE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";
const CLEARANCE_SETTING: &str = "clearance";
const QR_STEPS_SETTING: &str = "qr-compliance-steps";

/// Compliance certificates are short-lived test certificates.
const COMPLIANCE_CERTIFICATE_DAYS: i64 = 30;

/// The simulator's state, shared by all requests.
pub struct App {
    cfg: SimConfig,
    store: Mutex<Store>,
    faults: Mutex<FaultPlan>,
    authority: Authority,
    /// How long the production certificates issued from now on are valid.
    certificate_validity: Mutex<chrono::Duration>,
}

/// An OTP handed out as the Fatoora portal does.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Otp {
    pub otp: String,
    pub expires_at: DateTime<Utc>,
}

pub type Shared = Arc<App>;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("state database {path}: {source}")]
    Store {
        path: String,
        source: rusqlite::Error,
    },
    #[error("certificate authority: {0}")]
    Authority(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl App {
    pub fn new(cfg: SimConfig) -> Result<Shared, StartError> {
        let store = Store::open(&cfg.db_path).map_err(|source| StartError::Store {
            path: cfg.db_path.display().to_string(),
            source,
        })?;
        let authority = Authority::load_or_create(&store, Utc::now())
            .map_err(|e| StartError::Authority(e.to_string()))?;
        let state_error = |source| StartError::Store {
            path: cfg.db_path.display().to_string(),
            source,
        };
        for otp in &cfg.otps {
            store.add_otp(otp, None).map_err(state_error)?;
        }
        if cfg.qr_compliance_steps {
            store
                .set_setting(QR_STEPS_SETTING, "on")
                .map_err(state_error)?;
        }
        let faults = cfg.faults.clone();
        let certificate_validity = Mutex::new(cfg.certificate_validity());
        Ok(Arc::new(Self {
            cfg,
            store: Mutex::new(store),
            faults: Mutex::new(faults),
            authority,
            certificate_validity,
        }))
    }

    pub fn set_certificate_validity(&self, validity: chrono::Duration) {
        *lock(&self.certificate_validity) = validity;
    }

    /// Mints a 6-digit OTP valid `cfg.otp_seconds`, as the Fatoora portal does.
    pub fn mint_otp(&self) -> rusqlite::Result<Otp> {
        let otp = format!("{:06}", rand::random_range(0..1_000_000u32));
        let expires_at = Utc::now() + chrono::Duration::seconds(i64::from(self.cfg.otp_seconds));
        self.store().add_otp(&otp, Some(&expires_at.to_rfc3339()))?;
        Ok(Otp { otp, expires_at })
    }

    /// Whether `POST /production/csids` also asks for the two QR compliance steps.
    pub fn set_qr_compliance_steps(&self, on: bool) -> rusqlite::Result<()> {
        self.store()
            .set_setting(QR_STEPS_SETTING, if on { "on" } else { "off" })
    }

    fn qr_compliance_steps(&self) -> rusqlite::Result<bool> {
        Ok(self.store().setting(QR_STEPS_SETTING)?.as_deref() == Some("on"))
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub fn set_faults(&self, plan: FaultPlan) {
        *lock(&self.faults) = plan;
    }

    pub fn authority(&self) -> &Authority {
        &self.authority
    }
}

pub fn router(app: Shared) -> Router {
    let base = app.cfg.environment.base_path();
    Router::new()
        .route(&format!("{base}/compliance"), post(compliance_csid))
        .route(
            &format!("{base}/compliance/invoices"),
            post(compliance_invoices),
        )
        .route(
            &format!("{base}/production/csids"),
            post(production_csid).patch(renewal),
        )
        .route(
            &format!("{base}/invoices/reporting/single"),
            post(reporting),
        )
        .route(
            &format!("{base}/invoices/clearance/single"),
            post(clearance),
        )
        .route("/admin/faults", get(get_faults).put(put_faults))
        .route("/admin/clearance", put(put_clearance))
        .route("/admin/compliance-steps", put(put_compliance_steps))
        .route("/admin/certificate-validity", put(put_certificate_validity))
        .route("/admin/otp", post(mint_otp))
        .route("/admin/stats", get(stats))
        .route("/admin/ca", get(ca_certificate))
        // Bodies up to four times the limit are read whole and answered 413 cleanly; beyond
        // that the connection is cut while the client still sends, as a gateway does.
        .layer(DefaultBodyLimit::max(
            app.cfg.max_body_bytes.saturating_mul(4),
        ))
        .with_state(app)
}

macro_rules! endpoint_handler {
    ($name:ident, $ep:expr) => {
        async fn $name(
            State(app): State<Shared>,
            ConnectInfo(conn): ConnectInfo<Conn>,
            headers: HeaderMap,
            body: Bytes,
        ) -> Response {
            serve(app, conn, $ep, headers, body).await
        }
    };
}

endpoint_handler!(compliance_csid, Endpoint::ComplianceCsid);
endpoint_handler!(compliance_invoices, Endpoint::ComplianceInvoices);
endpoint_handler!(production_csid, Endpoint::ProductionCsid);
endpoint_handler!(renewal, Endpoint::Renewal);
endpoint_handler!(reporting, Endpoint::Reporting);
endpoint_handler!(clearance, Endpoint::Clearance);

/// Draws the endpoint's fault, processes the request (or not), and answers (or not).
///
/// Everything after the draw runs in its own task: a client that gives up (a timeout) does not
/// stop the server from processing what it received, as with the real platform.
async fn serve(app: Shared, conn: Conn, ep: Endpoint, headers: HeaderMap, body: Bytes) -> Response {
    if headers.get("accept-version").and_then(|v| v.to_str().ok()) != Some("V2") {
        return Reply {
            status: 406,
            headers: vec![("content-type", "text/plain".into())],
            body: b"This Version is not supported or not provided in the header.".to_vec(),
        }
        .into_response();
    }
    if body.len() > app.cfg.max_body_bytes {
        return Reply::refusal(
            413,
            codes::PAYLOAD_TOO_LARGE,
            format!(
                "request body of {} bytes exceeds {} bytes",
                body.len(),
                app.cfg.max_body_bytes
            ),
        )
        .into_response();
    }
    let fault = lock(&app.faults).draw(ep);
    let invoice_endpoint = matches!(
        ep,
        Endpoint::ComplianceInvoices | Endpoint::Reporting | Endpoint::Clearance
    );
    let uuid = invoice_endpoint
        .then(|| document::body_uuid(&body))
        .flatten();
    let attempt = app.store().record_attempt(
        ep.name(),
        uuid.as_deref(),
        &sha256_hex(&body),
        fault.as_ref().map(Fault::name),
        &Utc::now().to_rfc3339(),
    );
    let attempt = match attempt {
        Ok(id) => id,
        Err(e) => return Reply::internal(format!("state database: {e}")).into_response(),
    };
    let task = tokio::spawn(async move {
        if let Some(Fault::Latency { ms }) = fault {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        let reply = match &fault {
            Some(Fault::ServerError { status }) => Reply::server_error(
                *status,
                "Something went wrong and caused an Internal Server Error.",
            ),
            Some(Fault::Unavailable { retry_after_secs }) => {
                Reply::refusal(503, codes::SERVICE_UNAVAILABLE, "Service unavailable")
                    .with_header("retry-after", retry_after_secs.to_string())
            }
            Some(Fault::Throttle { retry_after_secs }) => {
                Reply::refusal(429, codes::TOO_MANY_REQUESTS, "Too many requests")
                    .with_header("retry-after", retry_after_secs.to_string())
            }
            Some(Fault::DropBefore) => {
                conn.cut();
                Reply::internal("connection cut")
            }
            Some(Fault::Refuse {
                status,
                code,
                message,
            }) => Reply::refusal(*status, code, message.clone()),
            _ => {
                let worker = app.clone();
                let reply =
                    tokio::task::spawn_blocking(move || worker.process(ep, &headers, &body))
                        .await
                        .unwrap_or_else(|e| Reply::internal(format!("processing failed: {e}")));
                match fault {
                    Some(Fault::DropAfter) => {
                        conn.cut();
                        reply
                    }
                    Some(Fault::Malformed) => reply.malformed(),
                    _ => reply,
                }
            }
        };
        if let Err(e) = app.store().set_attempt_status(attempt, reply.status) {
            eprintln!("fatoora-sim: cannot record an answer: {e}");
        }
        reply
    });
    task.await
        .unwrap_or_else(|e| Reply::internal(format!("request task failed: {e}")))
        .into_response()
}

#[derive(Deserialize)]
struct CsrBody {
    csr: Option<String>,
}

#[derive(Deserialize)]
struct ProductionBody {
    compliance_request_id: Option<serde_json::Value>,
}

impl App {
    fn process(&self, ep: Endpoint, headers: &HeaderMap, body: &[u8]) -> Reply {
        let now = Utc::now();
        let result = match ep {
            Endpoint::ComplianceCsid => self.issue_compliance(headers, body, now),
            Endpoint::ComplianceInvoices => self.compliance_check(headers, body, now),
            Endpoint::ProductionCsid => self.issue_production(headers, body, now),
            Endpoint::Renewal => self.renew(headers, body, now),
            Endpoint::Reporting => self.submit(headers, body, now, false),
            Endpoint::Clearance => self.submit(headers, body, now, true),
        };
        result.unwrap_or_else(|e| Reply::internal(format!("state database: {e}")))
    }

    fn check_otp(
        &self,
        headers: &HeaderMap,
        now: DateTime<Utc>,
    ) -> rusqlite::Result<Option<Reply>> {
        let Some(otp) = headers.get("otp").and_then(|v| v.to_str().ok()) else {
            return Ok(Some(Reply::errors(
                400,
                codes::MISSING_OTP,
                "OTP is required field",
            )));
        };
        match self.store().otp(otp)? {
            None => Ok(Some(Reply::errors(
                400,
                codes::INVALID_OTP,
                "The provided OTP is invalid",
            ))),
            Some(Some(expiry))
                if DateTime::parse_from_rfc3339(&expiry).map_or(true, |t| t < now) =>
            {
                Ok(Some(Reply::errors(
                    400,
                    codes::INVALID_OTP,
                    "The provided OTP has expired",
                )))
            }
            Some(_) => Ok(None),
        }
    }

    /// The CSID of the Basic-auth credentials, if they are valid for `kind` and active.
    fn authenticate(
        &self,
        headers: &HeaderMap,
        kind: &str,
        now: DateTime<Utc>,
    ) -> rusqlite::Result<Result<Csid, Reply>> {
        let denied = || Reply::unauthorized(now.timestamp_millis());
        let Some(pair) = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .and_then(|b| B64.decode(b.trim()).ok())
            .and_then(|b| String::from_utf8(b).ok())
        else {
            return Ok(Err(denied()));
        };
        let Some((token, secret)) = pair.split_once(':') else {
            return Ok(Err(denied()));
        };
        Ok(match self.store().csid_by_token(token)? {
            Some(c)
                if c.secret_sha256 == sha256_hex(secret.as_bytes())
                    && c.kind == kind
                    && c.active
                    && crate::authority::valid_at(&c.cert_der, now) =>
            {
                Ok(c)
            }
            _ => Err(denied()),
        })
    }

    /// The CSR of a `{csr}` body, checked as ZATCA checks it; a refusal is answered `status`
    /// in the CSID shape (400 at `POST /compliance`, 428 at renewal).
    fn checked_csr(&self, body: &[u8], status: u16) -> Result<CsrFacts, Reply> {
        let parsed: CsrBody = serde_json::from_slice(body).map_err(|e| {
            Reply::refusal(
                400,
                codes::INVALID_REQUEST,
                format!("body is not JSON: {e}"),
            )
        })?;
        let refuse =
            |e: CsrError| Reply::csr_refused(status, e.denied_by_policy(), e.zatca_errors());
        let b64 = parsed
            .csr
            .filter(|s| !s.is_empty())
            .ok_or_else(|| refuse(CsrError::Invalid("field `csr` is missing".into())))?;
        let csr = B64
            .decode(b64.trim())
            .map_err(|e| refuse(CsrError::Invalid(format!("field `csr` is not base64: {e}"))))?;
        self.authority
            .check_csr(&csr, self.cfg.environment.template_name())
            .map_err(refuse)
    }

    /// The answer that hands out a new CSID: the only time its secret is ever sent (the
    /// simulator keeps only the secret's SHA-256, as a server should).
    fn csid_answer(&self, c: &Csid, secret: &str, production: bool) -> Reply {
        // ZATCA's production answers carry `tokenType`; its compliance answers `errors: null`.
        let body = if production {
            serde_json::json!({
                "requestID": c.request_id,
                "tokenType": TOKEN_TYPE,
                "dispositionMessage": codes::ISSUED,
                "binarySecurityToken": c.token,
                "secret": secret,
            })
        } else {
            serde_json::json!({
                "requestID": c.request_id,
                "dispositionMessage": codes::ISSUED,
                "binarySecurityToken": c.token,
                "secret": secret,
                "errors": null,
            })
        };
        Reply::json(200, &body)
    }

    /// Issues a CSID of `kind` valid `validity` from a checked CSR.
    fn new_csid(
        &self,
        kind: &str,
        csr: &CsrFacts,
        compliance_request_id: Option<i64>,
        validity: chrono::Duration,
        now: DateTime<Utc>,
    ) -> rusqlite::Result<Result<(Csid, String), Reply>> {
        let store = self.store();
        let request_id = store.next_request_id()?;
        let cert_der = match self.authority.issue(csr, request_id, now, now + validity) {
            Ok(d) => d,
            Err(e) => return Ok(Err(Reply::internal(format!("certificate authority: {e}")))),
        };
        let token = B64.encode(B64.encode(&cert_der));
        let mut bytes = [0u8; 32];
        rand::fill(&mut bytes);
        let secret = B64.encode(bytes);
        let csid = Csid {
            request_id,
            kind: kind.into(),
            token,
            secret_sha256: sha256_hex(secret.as_bytes()),
            cert_der,
            csr_der: csr.der.clone(),
            vat: csr.vat.clone(),
            common_name: csr.common_name.clone(),
            title: csr.title.clone(),
            active: true,
            compliance_request_id,
        };
        store.insert_csid(&csid, &now.to_rfc3339())?;
        Ok(Ok((csid, secret)))
    }

    fn issue_compliance(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> rusqlite::Result<Reply> {
        if let Some(refusal) = self.check_otp(headers, now)? {
            return Ok(refusal);
        }
        let facts = match self.checked_csr(body, 400) {
            Ok(f) => f,
            Err(r) => return Ok(r),
        };
        let validity = chrono::Duration::days(COMPLIANCE_CERTIFICATE_DAYS);
        Ok(
            match self.new_csid("compliance", &facts, None, validity, now)? {
                Ok((c, secret)) => self.csid_answer(&c, &secret, false),
                Err(r) => r,
            },
        )
    }

    /// Reads a submitted document and runs every check on it: the engine's (hash, signature,
    /// certificate, QR), then ZATCA's rule files when configured, else the pre-flight rules.
    fn check_submission(
        &self,
        body: &[u8],
        csid: &Csid,
        now: DateTime<Utc>,
    ) -> Result<(Submission, Checked), Reply> {
        let sub = Submission::parse(body)
            .map_err(|e| Reply::refusal(400, codes::INVALID_REQUEST, e.0))?;
        let mut checked = check::validate(&sub, csid, &self.authority, now);
        if checked.facts.is_some() {
            match &self.cfg.rules_command {
                Some(cmd) => crate::rules::apply(cmd, &sub.xml, &mut checked.results)
                    .map_err(|e| Reply::internal(format!("rules validator: {e}")))?,
                None => check::pre_flight(&sub.xml, &mut checked.results),
            }
        }
        Ok((sub, checked))
    }

    fn compliance_check(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> rusqlite::Result<Reply> {
        let csid = match self.authenticate(headers, "compliance", now)? {
            Ok(c) => c,
            Err(r) => return Ok(r),
        };
        let (_, mut checked) = match self.check_submission(body, &csid, now) {
            Ok(checked) => checked,
            Err(r) => return Ok(r),
        };
        let kind = checked.facts.as_ref().and_then(|f| f.kind);
        let status = checked.results.finish();
        let passed = status != 400;
        let standard = kind.is_some_and(|k| k.standard());
        // The QR steps, when asked for, are passed by a document whose QR passes every check:
        // a standard one for the buyer's QR, a simplified one for the seller's.
        let qr_steps = self.qr_compliance_steps()?;
        let qr_status = |for_standard: bool| {
            (qr_steps && kind.is_some() && standard == for_standard).then_some(
                if passed && checked.qr_clean {
                    "PASS"
                } else {
                    "ERROR"
                },
            )
        };
        if passed && let Some(k) = kind {
            let store = self.store();
            store.add_step(
                csid.request_id,
                ComplianceStep::of_document(k.flow, k.kind).as_str(),
            )?;
            if qr_steps && checked.qr_clean {
                let qr = if k.standard() {
                    ComplianceStep::BuyerQrCode
                } else {
                    ComplianceStep::SellerQrCode
                };
                store.add_step(csid.request_id, qr.as_str())?;
            }
        }
        let body = serde_json::json!({
            "validationResults": checked.results,
            "reportingStatus": (!standard).then_some(if passed { codes::REPORTED } else { codes::NOT_REPORTED }),
            "clearanceStatus": standard.then_some(if passed { codes::CLEARED } else { codes::NOT_CLEARED }),
            "qrSellertStatus": qr_status(false),
            "qrBuyertStatus": qr_status(true),
        });
        Ok(Reply::json(status, &body))
    }

    fn issue_production(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> rusqlite::Result<Reply> {
        let csid = match self.authenticate(headers, "compliance", now)? {
            Ok(c) => c,
            Err(r) => return Ok(r),
        };
        let asked = serde_json::from_slice::<ProductionBody>(body)
            .ok()
            .and_then(|b| b.compliance_request_id)
            .and_then(|v| match v {
                serde_json::Value::String(s) => s.trim().parse::<i64>().ok(),
                serde_json::Value::Number(n) => n.as_i64(),
                _ => None,
            });
        match asked {
            Some(id) if id == csid.request_id => {}
            Some(_) => {
                return Ok(Reply::refusal(
                    400,
                    codes::INVALID_REQUEST_ID,
                    "compliance_request_id is not the request of the authenticating CSID",
                ));
            }
            None => {
                return Ok(Reply::refusal(
                    400,
                    codes::MISSING_REQUEST_ID,
                    "field `compliance_request_id` is missing",
                ));
            }
        }
        let done: Vec<ComplianceStep> = self
            .store()
            .steps(csid.request_id)?
            .iter()
            .map(|s| ComplianceStep::parse(s))
            .collect();
        let mut required = ComplianceStep::promised_by(&csid.title);
        if self.qr_compliance_steps()? {
            let promised = required.clone();
            required.extend(ComplianceStep::QR_CODES.into_iter().filter(|qr| {
                promised
                    .iter()
                    .any(|s| s.document().map(|d| d.0) == qr.document().map(|d| d.0))
            }));
        }
        let missing: Vec<ComplianceStep> =
            required.into_iter().filter(|s| !done.contains(s)).collect();
        if !missing.is_empty() {
            return Ok(Reply::refusal(
                400,
                codes::MISSING_COMPLIANCE_STEPS,
                ComplianceStep::missing_message(&missing),
            ));
        }
        let facts = match self.authority.csr_facts(&csid.csr_der) {
            Ok(f) => f,
            Err(e) => return Ok(Reply::internal(format!("the stored CSR: {e}"))),
        };
        let validity = *lock(&self.certificate_validity);
        Ok(
            match self.new_csid("production", &facts, Some(csid.request_id), validity, now)? {
                Ok((c, secret)) => self.csid_answer(&c, &secret, true),
                Err(r) => r,
            },
        )
    }

    fn renew(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> rusqlite::Result<Reply> {
        let old = match self.authenticate(headers, "production", now)? {
            Ok(c) => c,
            Err(r) => return Ok(r),
        };
        if let Some(refusal) = self.check_otp(headers, now)? {
            return Ok(refusal);
        }
        // ZATCA answers a renewal whose CSR is not compliant with 428, in the CSID shape.
        let facts = match self.checked_csr(body, 428) {
            Ok(f) => f,
            Err(r) => return Ok(r),
        };
        if facts.vat != old.vat {
            return Ok(Reply::csr_refused(
                428,
                false,
                vec![format!(
                    "the CSR's VAT number {} is not the certificate's {}",
                    facts.vat, old.vat
                )],
            ));
        }
        let validity = *lock(&self.certificate_validity);
        let (new, secret) = match self.new_csid(
            "production",
            &facts,
            old.compliance_request_id,
            validity,
            now,
        )? {
            Ok(c) => c,
            Err(r) => return Ok(r),
        };
        self.store().deactivate(old.request_id)?;
        Ok(self.csid_answer(&new, &secret, true))
    }

    /// Reporting (`clearance == false`) and clearance.
    fn submit(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
        clearance: bool,
    ) -> rusqlite::Result<Reply> {
        let csid = match self.authenticate(headers, "production", now)? {
            Ok(c) => c,
            Err(r) => return Ok(r),
        };
        let clearance_off = self.store().setting(CLEARANCE_SETTING)?.as_deref() == Some("off");
        if clearance && clearance_off {
            return Ok(Reply::json(
                303,
                &serde_json::json!({
                    "message": "Clearance is deactivated. Please use the /invoices/reporting/single endpoint instead."
                }),
            ));
        }
        let (
            sub,
            Checked {
                mut results, facts, ..
            },
        ) = match self.check_submission(body, &csid, now) {
            Ok(checked) => checked,
            Err(r) => return Ok(r),
        };
        if let Some(k) = facts.as_ref().and_then(|f| f.kind) {
            match (clearance, k.standard()) {
                (true, false) => results.error(
                    codes::INVALID_INVOICE_TYPE,
                    codes::INVOICE_TYPE_ERRORS,
                    "Simplified invoices and their notes are reported, not cleared: use /invoices/reporting/single",
                ),
                (false, true) if !clearance_off => results.error(
                    codes::INVALID_INVOICE_TYPE,
                    codes::INVOICE_TYPE_ERRORS,
                    "Standard invoices and their notes are cleared, not reported (while clearance is on): use /invoices/clearance/single",
                ),
                _ => {}
            }
        }
        let route = if clearance {
            Route::Clearance
        } else {
            Route::Reporting
        };
        if !clearance && self.cfg.late_reporting_warning && reported_late(&sub.xml, now) {
            // As ZATCA's rule files do: a warning, the document is still reported.
            results.warning(
                "BR-KSA-98",
                "KSA",
                "[BR-KSA-98] - The simplified invoice should be submitted within 24 hours of issuing the invoice.",
            );
        }
        // The stamp is computed before taking the lock; it only depends on the document.
        let cleared = match (&facts, clearance && !results.has_errors()) {
            (Some(f), true) => match self.authority.stamp_cleared(&sub.xml, f, now) {
                Ok(xml) => Some(xml),
                Err(e) => {
                    results.error(codes::CLEARANCE_STAMP, codes::CLEARANCE_ERRORS, e);
                    None
                }
            },
            _ => None,
        };
        let store = self.store();
        if let Some(earlier) = store.accepted_by_hash(&sub.hash)?
            && earlier.flow == route.as_str()
            && earlier.uuid == sub.uuid
            && !results.has_errors()
        {
            return Ok(duplicate(clearance, &earlier));
        }
        if let Some(earlier) = store.accepted_by_uuid(&sub.uuid)?
            && earlier.hash != sub.hash
        {
            results.error(
                codes::UUID_ALREADY_USED,
                codes::DUPLICATE_UUID,
                format!(
                    "UUID {} was already accepted for another invoice (hash {})",
                    sub.uuid, earlier.hash
                ),
            );
        }
        let status = results.finish();
        let answer = if clearance {
            serde_json::json!({
                "validationResults": results,
                "clearanceStatus": if status == 400 { codes::NOT_CLEARED } else { codes::CLEARED },
                "clearedInvoice": cleared.filter(|_| status != 400).map(|x| B64.encode(x)),
            })
        } else {
            serde_json::json!({
                "validationResults": results,
                "reportingStatus": if status == 400 { codes::NOT_REPORTED } else { codes::REPORTED },
            })
        };
        if status != 400 {
            store.insert_accepted(
                &Accepted {
                    hash: sub.hash.clone(),
                    uuid: sub.uuid.clone(),
                    flow: route.as_str().into(),
                    status,
                    answer: answer.to_string(),
                },
                &now.to_rfc3339(),
            )?;
        }
        Ok(Reply::json(status, &answer))
    }
}

/// 208 with the earlier clearance answer (its cleared invoice, and ZATCA's duplicate warning),
/// or 409, both as ZATCA answers them.
/// Whether a document is reported more than 24 hours after its issue date and time (Saudi
/// time, UTC+03:00).
fn reported_late(xml: &[u8], now: DateTime<Utc>) -> bool {
    let Ok(doc) = zatca::read::read(xml) else {
        return false;
    };
    let time = chrono::NaiveTime::parse_from_str(doc.issue_time.trim_end_matches('Z'), "%H:%M:%S")
        .unwrap_or_default();
    let issued = doc.issue_date.and_time(time) - chrono::Duration::hours(3);
    now.naive_utc() - issued > chrono::Duration::hours(24)
}

fn duplicate(clearance: bool, earlier: &Accepted) -> Reply {
    if clearance {
        let mut answer: serde_json::Value =
            serde_json::from_str(&earlier.answer).unwrap_or_else(|_| serde_json::json!({}));
        let warning = serde_json::json!({
            "type": "WARNING", "code": codes::INVOICE_WARNING,
            "category": codes::DUPLICATE_INVOICE,
            "message": "Invoice Hash Previously submitted.", "status": "WARNING"
        });
        if let Some(list) = answer
            .pointer_mut("/validationResults/warningMessages")
            .and_then(|w| w.as_array_mut())
        {
            list.push(warning);
        }
        if let Some(s) = answer.pointer_mut("/validationResults/status") {
            *s = "WARNING".into();
        }
        Reply::json(208, &answer)
    } else {
        Reply::json(
            409,
            &serde_json::json!({
                "message": "Invoice Hash Previously Submitted",
                "reportingStatus": codes::REPORTED_SUCCESSFULLY_EARLIER,
            }),
        )
    }
}

async fn get_faults(State(app): State<Shared>) -> Response {
    Reply::json(200, &*lock(&app.faults)).into_response()
}

async fn put_faults(State(app): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<FaultPlan>(&body) {
        Ok(plan) => {
            app.set_faults(plan);
            Reply::json(200, &serde_json::json!({"ok": true})).into_response()
        }
        Err(e) => {
            Reply::refusal(400, codes::INVALID_REQUEST, format!("fault plan: {e}")).into_response()
        }
    }
}

#[derive(Deserialize)]
struct ClearanceSwitch {
    enabled: bool,
}

async fn put_clearance(State(app): State<Shared>, body: Bytes) -> Response {
    let Ok(switch) = serde_json::from_slice::<ClearanceSwitch>(&body) else {
        return Reply::refusal(
            400,
            codes::INVALID_REQUEST,
            "expected {\"enabled\": true|false}",
        )
        .into_response();
    };
    let value = if switch.enabled { "on" } else { "off" };
    match app.store().set_setting(CLEARANCE_SETTING, value) {
        Ok(()) => Reply::json(200, &serde_json::json!({"clearance": value})).into_response(),
        Err(e) => Reply::internal(e.to_string()).into_response(),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ComplianceStepsSwitch {
    qr_codes: bool,
}

/// Whether `POST /production/csids` also asks for the QR steps (`{"qrCodes": bool}`).
async fn put_compliance_steps(State(app): State<Shared>, body: Bytes) -> Response {
    let Ok(switch) = serde_json::from_slice::<ComplianceStepsSwitch>(&body) else {
        return Reply::refusal(
            400,
            codes::INVALID_REQUEST,
            "expected {\"qrCodes\": true|false}",
        )
        .into_response();
    };
    match app.set_qr_compliance_steps(switch.qr_codes) {
        Ok(()) => {
            Reply::json(200, &serde_json::json!({"qrCodes": switch.qr_codes})).into_response()
        }
        Err(e) => Reply::internal(e.to_string()).into_response(),
    }
}

#[derive(Deserialize)]
struct Validity {
    seconds: u32,
}

/// How long production certificates issued from now on are valid (`{"seconds": n}`).
async fn put_certificate_validity(State(app): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<Validity>(&body) {
        Ok(v) if v.seconds > 0 => {
            app.set_certificate_validity(chrono::Duration::seconds(i64::from(v.seconds)));
            Reply::json(200, &serde_json::json!({"seconds": v.seconds})).into_response()
        }
        _ => Reply::refusal(
            400,
            codes::INVALID_REQUEST,
            "expected {\"seconds\": n}, n at least 1",
        )
        .into_response(),
    }
}

/// Mints a 6-digit OTP, as the Fatoora portal does: `{"otp","expiresAt"}`.
async fn mint_otp(State(app): State<Shared>) -> Response {
    match app.mint_otp() {
        Ok(otp) => Reply::json(200, &otp).into_response(),
        Err(e) => Reply::internal(e.to_string()).into_response(),
    }
}

async fn stats(State(app): State<Shared>) -> Response {
    match app.store().stats() {
        Ok(s) => Reply::json(200, &s).into_response(),
        Err(e) => Reply::internal(e.to_string()).into_response(),
    }
}

/// The CA certificate (PEM) that issues every CSID, for checking chains by hand.
async fn ca_certificate(State(app): State<Shared>) -> Response {
    Reply {
        status: 200,
        headers: vec![("content-type", "application/x-pem-file".into())],
        body: zatca::csr::certificate_pem(&app.authority.ca_certificate_der()).into_bytes(),
    }
    .into_response()
}
