//! The client against the 27 answers ZATCA's FATOORA API really gave or documents
//! (`vendor/fatoora-responses/`): each body is served as it was published, with its status, by a
//! plain HTTP server on 127.0.0.1, and the real client asks for it at its endpoint. Each becomes
//! the right `Outcome`, every code and message ZATCA sent is kept, and only server trouble is
//! resent (a refused CSR never is, whatever its status).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use fatoora::{
    ApiError, ClearanceResponse, Client, ComplianceCheckResponse, ComplianceStep, Credentials,
    CsidResponse, InvoiceSubmission, Language, NextStep, Outcome, ReportingResponse, RetryPolicy,
    Target,
};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zatca::api::{Environment, Message, ValidationResults};

const MAX_ATTEMPTS: u32 = 3;

fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vendor/fatoora-responses")
}

/// One published answer.
struct Sample {
    name: String,
    json: Value,
}

impl Sample {
    fn body(&self) -> &Value {
        &self.json["body"]
    }
}

fn samples() -> Vec<Sample> {
    let mut out: Vec<Sample> = std::fs::read_dir(samples_dir())
        .expect("vendor/fatoora-responses")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| Sample {
            name: p.file_name().expect("name").to_string_lossy().into_owned(),
            json: serde_json::from_slice(&std::fs::read(&p).expect("read")).expect("JSON"),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// A server that answers every request with one status and body, counting the requests.
struct Replay {
    url: String,
    hits: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Replay {
    async fn start(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!(
            "http://{}/e-invoicing/simulation",
            listener.local_addr().expect("addr")
        );
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut conn, _)) = listener.accept().await else {
                    return;
                };
                let body = body.clone();
                let counter = counter.clone();
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buf = [0u8; 4096];
                    // Read the head, then as many body bytes as Content-Length says.
                    let (head_end, length) = loop {
                        let n = conn.read(&mut buf).await.unwrap_or(0);
                        if n == 0 {
                            return;
                        }
                        request.extend_from_slice(&buf[..n]);
                        if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                            let head = String::from_utf8_lossy(&request[..at]).to_lowercase();
                            let length = head
                                .lines()
                                .find_map(|l| l.strip_prefix("content-length:"))
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(0);
                            break (at + 4, length);
                        }
                    };
                    while request.len() < head_end + length {
                        let n = conn.read(&mut buf).await.unwrap_or(0);
                        if n == 0 {
                            return;
                        }
                        request.extend_from_slice(&buf[..n]);
                    }
                    counter.fetch_add(1, Ordering::SeqCst);
                    let head = format!(
                        "HTTP/1.1 {status} Answer\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = conn.write_all(head.as_bytes()).await;
                    let _ = conn.write_all(&body).await;
                    let _ = conn.shutdown().await;
                });
            }
        });
        Self { url, hits, task }
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for Replay {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Compliance,
    ComplianceInvoices,
    Production,
    Renewal,
    Reporting,
    Clearance,
}

use Endpoint::*;

const AUTHENTICATED: [Endpoint; 5] = [
    ComplianceInvoices,
    Production,
    Renewal,
    Reporting,
    Clearance,
];
const ALL: [Endpoint; 6] = [
    Compliance,
    ComplianceInvoices,
    Production,
    Renewal,
    Reporting,
    Clearance,
];

/// The messages a typed body keeps.
trait Kept {
    fn kept(&self) -> Vec<(String, String)>;
}

fn pairs_of(v: &ValidationResults) -> Vec<(String, String)> {
    v.info_messages
        .iter()
        .chain(&v.warning_messages)
        .chain(&v.error_messages)
        .map(|m: &Message| (m.code.clone(), m.message.clone()))
        .collect()
}

impl Kept for CsidResponse {
    fn kept(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

impl Kept for ComplianceCheckResponse {
    fn kept(&self) -> Vec<(String, String)> {
        self.validation_results
            .as_ref()
            .map(pairs_of)
            .unwrap_or_default()
    }
}

impl Kept for ReportingResponse {
    fn kept(&self) -> Vec<(String, String)> {
        let mut out = self
            .validation_results
            .as_ref()
            .map(pairs_of)
            .unwrap_or_default();
        out.extend(self.message.iter().map(|m| (String::new(), m.clone())));
        out
    }
}

impl Kept for ClearanceResponse {
    fn kept(&self) -> Vec<(String, String)> {
        self.validation_results
            .as_ref()
            .map(pairs_of)
            .unwrap_or_default()
    }
}

fn api_pairs(errors: &[ApiError]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| (e.code.clone(), e.message.clone()))
        .collect()
}

/// What the client made of one answer, whatever the endpoint's body type.
#[derive(Debug)]
struct Seen {
    label: &'static str,
    next: NextStep,
    kept: Vec<(String, String)>,
    raw: Option<String>,
    missing: Option<Vec<ComplianceStep>>,
    refusal: Option<(Option<String>, Option<i64>)>,
    csid: Option<CsidResponse>,
    statuses: Vec<Option<String>>,
}

fn seen<T: Kept>(o: &Outcome<T>) -> Seen {
    let kept = match o {
        Outcome::Accepted(b) | Outcome::Duplicate { body: b, .. } => b.kept(),
        Outcome::AcceptedWithWarnings { body, warnings } => {
            let mut k = body.kept();
            k.extend(warnings.iter().map(|m| (m.code.clone(), m.message.clone())));
            k
        }
        Outcome::Rejected { validation } => pairs_of(validation),
        Outcome::ClearanceOff { errors }
        | Outcome::BadRequest { errors, .. }
        | Outcome::CsrRefused { errors, .. }
        | Outcome::Unauthorized { errors, .. }
        | Outcome::ServerError { errors, .. } => api_pairs(errors),
        _ => Vec::new(),
    };
    let raw = match o {
        Outcome::BadRequest { raw, .. } | Outcome::UnexpectedStatus { raw, .. } => {
            Some(raw.clone())
        }
        _ => None,
    };
    let refusal = match o {
        Outcome::CsrRefused {
            disposition,
            request_id,
            ..
        } => Some((disposition.clone(), *request_id)),
        _ => None,
    };
    Seen {
        label: o.label(),
        next: o.next_step(),
        kept,
        raw,
        missing: o.missing_compliance_steps(),
        refusal,
        csid: None,
        statuses: Vec::new(),
    }
}

fn client(url: &str) -> Client {
    let policy = RetryPolicy {
        max_attempts: MAX_ATTEMPTS,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        request_timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(2),
        total_budget: Duration::from_secs(30),
    };
    Client::new(
        &Target::custom(Environment::Sandbox, url),
        Language::En,
        policy,
    )
    .expect("client")
}

async fn ask(endpoint: Endpoint, status: u16, body: Vec<u8>) -> (Seen, usize) {
    let content_type = if serde_json::from_slice::<Value>(&body).is_ok_and(|v| v.is_object()) {
        "application/json"
    } else {
        "text/plain"
    };
    let replay = Replay::start(status, content_type, body).await;
    let c = client(&replay.url);
    let creds = Credentials::new("dG9rZW4=", "c2VjcmV0");
    let doc = InvoiceSubmission::new(
        b"<Invoice/>",
        "aGFzaA==",
        "8e6000cf-1a98-4174-b3e7-b5d5954bc10d",
    );
    let csr = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";
    let s = match endpoint {
        Compliance => {
            let o = c.compliance_csid("123345", csr).await.outcome;
            Seen {
                csid: o.body().cloned(),
                ..seen(&o)
            }
        }
        Production => {
            let o = c.production_csid(&creds, 1234567890123).await.outcome;
            Seen {
                csid: o.body().cloned(),
                ..seen(&o)
            }
        }
        Renewal => {
            let o = c.renew_production_csid(&creds, "123345", csr).await.outcome;
            Seen {
                csid: o.body().cloned(),
                ..seen(&o)
            }
        }
        ComplianceInvoices => {
            let o = c.compliance_invoice(&creds, &doc).await.outcome;
            Seen {
                statuses: o
                    .body()
                    .map(|b| vec![b.reporting_status.clone(), b.clearance_status.clone()])
                    .unwrap_or_default(),
                ..seen(&o)
            }
        }
        Reporting => {
            let o = c.report(&creds, &doc).await.outcome;
            Seen {
                statuses: o
                    .body()
                    .map(|b| vec![b.reporting_status.clone()])
                    .unwrap_or_default(),
                ..seen(&o)
            }
        }
        Clearance => {
            let o = c.clear(&creds, &doc).await.outcome;
            Seen {
                statuses: o
                    .body()
                    .map(|b| vec![b.clearance_status.clone()])
                    .unwrap_or_default(),
                ..seen(&o)
            }
        }
    };
    let hits = replay.hits();
    (s, hits)
}

/// Every code and message of a published body, as ZATCA sent them.
fn sent_pairs(body: &Value) -> Vec<(String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let mut out = Vec::new();
    if let Some(v) = body.get("validationResults") {
        for list in ["infoMessages", "warningMessages", "errorMessages"] {
            for m in v.get(list).and_then(Value::as_array).into_iter().flatten() {
                out.push((text(&m["code"]), text(&m["message"])));
            }
        }
    }
    if let Some(code) = body.get("code").and_then(Value::as_str) {
        out.push((code.to_owned(), text(&body["message"])));
    }
    for e in body
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match e {
            Value::String(s) => out.push((String::new(), s.clone())),
            other => out.push((text(&other["code"]), text(&other["message"]))),
        }
    }
    if out.is_empty()
        && let Some(m) = body.get("message").and_then(Value::as_str)
        && !m.is_empty()
    {
        out.push((String::new(), m.to_owned()));
    }
    out
}

fn bytes_of(body: &Value) -> Vec<u8> {
    match body {
        Value::String(s) => s.clone().into_bytes(),
        other => serde_json::to_vec(other).expect("JSON"),
    }
}

/// The statuses and endpoints each sample is asked at, and the outcome it must become. A
/// sample whose source gives no status is asked at the status its shape implies (noted).
fn plan(name: &str) -> (Vec<u16>, Vec<Endpoint>, &'static str) {
    match &name[..2] {
        "01" => (vec![200], vec![Compliance], "accepted"),
        // 03: a 4xx in its source; asked also at 200, where it must not be resent.
        "02" | "03" => (vec![400, 200], vec![Compliance, Renewal], "csr_refused"),
        "04" => (vec![400], vec![Compliance, Renewal], "bad_request"),
        "05" | "06" => (vec![200], vec![ComplianceInvoices], "accepted"),
        // 07: status not stated; warnings are answered 202.
        "07" => (
            vec![202],
            vec![ComplianceInvoices],
            "accepted_with_warnings",
        ),
        "08" | "09" | "10" | "11" => (vec![400], vec![ComplianceInvoices], "rejected"),
        "12" | "13" => (vec![400], vec![Production], "bad_request"),
        "14" => (vec![200], vec![Production], "accepted"),
        "15" => (vec![200], vec![Renewal], "accepted"),
        "16" => (vec![428], vec![Renewal], "csr_refused"),
        "17" => (vec![401], AUTHENTICATED.to_vec(), "unauthorized"),
        "18" | "19" => (vec![202], vec![Reporting], "accepted_with_warnings"),
        "20" => (vec![409], vec![Reporting], "duplicate"),
        "21" => (vec![208], vec![Clearance], "duplicate"),
        "22" => (vec![400], vec![Clearance], "rejected"),
        // 23: status not stated; errors in validationResults are answered 400.
        "23" => (vec![400], vec![Reporting, Clearance], "rejected"),
        "24" => (vec![400], vec![ComplianceInvoices, Reporting], "rejected"),
        "25" => (vec![500], ALL.to_vec(), "server_error"),
        "26" => (vec![406], ALL.to_vec(), "unexpected_status"),
        "27" => (vec![303], vec![Clearance], "clearance_off"),
        other => panic!("no plan for sample {other}"),
    }
}

#[tokio::test]
async fn every_real_answer_becomes_its_outcome_and_keeps_every_code() {
    let samples = samples();
    assert_eq!(samples.len(), 27, "the vendored answers");
    let mut asked = 0;
    for sample in &samples {
        let (statuses, endpoints, label) = plan(&sample.name);
        if let Some(s) = sample.json["status"].as_u64() {
            assert!(
                statuses.contains(&(s as u16)),
                "{}: asked at its own status",
                sample.name
            );
        }
        let mut bodies = vec![sample.body().clone()];
        if let Some(alt) = sample.json.get("body_alternative") {
            bodies.push(alt.clone());
        }
        for body in &bodies {
            for &status in &statuses {
                for &endpoint in &endpoints {
                    let what = format!("{} at {status} on {endpoint:?}", sample.name);
                    let (s, hits) = ask(endpoint, status, bytes_of(body)).await;
                    asked += 1;
                    assert_eq!(s.label, label, "{what}: {s:?}");
                    let resent = matches!(s.next, NextStep::ResendIdentical);
                    assert_eq!(
                        hits,
                        if resent { MAX_ATTEMPTS as usize } else { 1 },
                        "{what}: requests sent"
                    );
                    for pair in sent_pairs(body) {
                        assert!(s.kept.contains(&pair), "{what}: {pair:?} lost in {s:?}");
                    }
                    if let Value::String(text) = body {
                        assert_eq!(s.raw.as_deref(), Some(text.as_str()), "{what}");
                    }
                    if let Some(sent) = body.get("dispositionMessage").and_then(Value::as_str)
                        && label == "csr_refused"
                    {
                        assert_eq!(
                            s.refusal,
                            Some((Some(sent.to_owned()), body["requestID"].as_i64())),
                            "{what}"
                        );
                    }
                    if let Some(csid) = &s.csid {
                        assert_eq!(
                            Some(csid.binary_security_token.as_str()),
                            body["binarySecurityToken"].as_str(),
                            "{what}"
                        );
                        assert_eq!(Some(csid.secret.as_str()), body["secret"].as_str());
                        assert_eq!(Some(csid.request_id), body["requestID"].as_u64());
                    }
                    for (i, key) in match endpoint {
                        ComplianceInvoices => vec!["reportingStatus", "clearanceStatus"],
                        Reporting => vec!["reportingStatus"],
                        Clearance => vec!["clearanceStatus"],
                        _ => vec![],
                    }
                    .into_iter()
                    .enumerate()
                    {
                        if let Some(kept) = s.statuses.get(i) {
                            assert_eq!(kept.as_deref(), body[key].as_str(), "{what}: {key}");
                        }
                    }
                }
            }
        }
    }
    assert_eq!(asked, 56, "exchanges");
}

#[tokio::test]
async fn missing_compliance_steps_are_read_as_steps() {
    let by_name = |prefix: &str| {
        samples()
            .into_iter()
            .find(|s| s.name.starts_with(prefix))
            .expect("sample")
    };
    let (documents, _) = ask(Production, 400, bytes_of(by_name("12").body())).await;
    assert_eq!(
        documents.missing,
        Some(ComplianceStep::DOCUMENTS[1..].to_vec()),
        "every document step but standard-compliant"
    );
    let (qr, _) = ask(Production, 400, bytes_of(by_name("13").body())).await;
    assert_eq!(qr.missing, Some(ComplianceStep::QR_CODES.to_vec()));
    assert_eq!(
        ComplianceStep::QR_CODES
            .iter()
            .map(|s| s
                .document()
                .map(|(flow, _)| flow == zatca::model::Flow::Standard))
            .collect::<Vec<_>>(),
        vec![Some(true), Some(false)],
        "the buyer's QR is a standard document's, the seller's a simplified one's"
    );
}

/// Guzzle cut the live 400 body of sample 02 short; even unreadable, it is a refusal that is
/// never resent, with the text kept. The 428 sample of ZATCA's documentation wraps the body in
/// an OpenAPI `value`; its content, as the platform sends it, is read the same way.
#[tokio::test]
async fn a_cut_refusal_and_the_documented_428_are_refusals() {
    let sample = samples()
        .into_iter()
        .find(|s| s.name.starts_with("02"))
        .expect("02");
    let cut = sample.json["body_text"].as_str().expect("body_text");
    let (s, hits) = ask(Compliance, 400, cut.as_bytes().to_vec()).await;
    assert_eq!((s.label, hits), ("bad_request", 1));
    assert_eq!(s.raw.as_deref(), Some(cut));

    let documented = samples()
        .into_iter()
        .find(|s| s.name.starts_with("16"))
        .expect("16");
    let content = documented.body()["value"].clone();
    let (s, hits) = ask(Renewal, 428, bytes_of(&content)).await;
    assert_eq!((s.label, hits), ("csr_refused", 1));
    assert_eq!(
        s.refusal,
        Some((Some("NOT_COMPLIANT".into()), Some(1234567890123)))
    );
    // A NOT_COMPLIANT body with a 2xx is a refusal too, even though it carries a token.
    let (s, hits) = ask(Renewal, 200, bytes_of(&content)).await;
    assert_eq!(
        (s.label, hits, s.next),
        ("csr_refused", 1, NextStep::FixRequest)
    );
}
