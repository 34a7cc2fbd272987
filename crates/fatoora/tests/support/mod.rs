//! Shared test support: a real simulator on 127.0.0.1, SDK devices, signed documents. The
//! simulator's own tests (`crates/fatoora-sim/tests`) use it too.
#![allow(dead_code)]

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::NaiveDateTime;
use fatoora::{Client, Credentials, InvoiceSubmission, Language, RetryPolicy, Target};
use fatoora_sim::{SimConfig, Simulator};
use k256::pkcs8::DecodePrivateKey;
use zatca::api::Environment;
use zatca::stamp::{Certificate, Signer};

pub fn vendor() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vendor/zatca-sdk")
}

pub struct Harness {
    pub sim: Simulator,
    pub dir: tempfile::TempDir,
    pub env: Environment,
}

impl Harness {
    pub async fn start(env: Environment) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        Self::start_in(env, dir).await
    }

    pub async fn start_in(env: Environment, dir: tempfile::TempDir) -> Self {
        Self::start_with(env, dir, |_| {}).await
    }

    pub async fn start_with(
        env: Environment,
        dir: tempfile::TempDir,
        tweak: impl FnOnce(&mut SimConfig),
    ) -> Self {
        let mut cfg = SimConfig::new(env, dir.path().join("sim.sqlite"));
        // The test documents carry fixed dates long past: ZATCA's late-reporting warning would
        // be on every one of them.
        cfg.late_reporting_warning = false;
        tweak(&mut cfg);
        let sim = Simulator::start(cfg, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .expect("simulator starts");
        Self { sim, dir, env }
    }

    /// Stops the simulator and starts a new one on the same state file (another port).
    pub async fn restart(self) -> Self {
        let env = self.env;
        self.sim.stop().await;
        Self::start_in(env, self.dir).await
    }

    pub fn client(&self, policy: RetryPolicy) -> Client {
        Client::new(
            &Target::custom(self.env, self.sim.base_url()),
            Language::En,
            policy,
        )
        .expect("client")
    }
}

/// A patient policy for plain tests.
pub fn policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
        request_timeout: Duration::from_secs(20),
        connect_timeout: Duration::from_secs(2),
        total_budget: Duration::from_secs(60),
    }
}

pub fn single(timeout: Duration) -> RetryPolicy {
    RetryPolicy::single_attempt(timeout)
}

/// An EGS unit: its key, its CSR (PEM text) and the invoice types it asks for (`title`).
pub struct Device {
    pub key: k256::ecdsa::SigningKey,
    pub csr_pem: String,
    pub title: String,
}

pub fn sdk_device(case: &str) -> Device {
    let dir = vendor().join("extra/sdk-evidence/cases").join(case);
    let key_der = std::fs::read(dir.join("sdk-key.der")).expect("key");
    let key = k256::ecdsa::SigningKey::from_pkcs8_der(&key_der).expect("secp256k1 PKCS#8 key");
    let csr_b64 = std::fs::read_to_string(dir.join("sdk.csr")).expect("csr");
    let csr_pem = String::from_utf8(B64.decode(csr_b64.trim()).expect("base64 csr")).expect("pem");
    let title = zatca::csr::inspect_csr(csr_pem.as_bytes())
        .expect("SDK CSR")
        .fields
        .invoice_types;
    Device {
        key,
        csr_pem,
        title,
    }
}

/// A new EGS unit made by the engine: a fresh secp256k1 key and its CSR for `env`.
pub fn new_device(env: zatca::api::Environment, vat: &str, title: &str, serial: &str) -> Device {
    let key = zatca::csr::generate_key().expect("key");
    let fields = zatca::csr::CsrFields {
        common_name: format!("TST-886431145-{vat}"),
        serial_number: format!("1-Sanad|2-1.0|3-{serial}"),
        vat_number: vat.into(),
        organization_unit: "Riyadh Branch".into(),
        organization: "Maximum Speed Tech Supply LTD".into(),
        country: "SA".into(),
        invoice_types: title.into(),
        location_address: "RRRD2929".into(),
        business_category: "Supply activities".into(),
    };
    let csr = zatca::csr::build_csr(&fields, env, &key).expect("csr");
    Device {
        key,
        csr_pem: csr.pem(),
        title: title.into(),
    }
}

/// The certificate inside a `binarySecurityToken` (base64 of the base64 DER text).
pub fn certificate_of(token: &str) -> Vec<u8> {
    let inner = B64.decode(token).expect("token is base64");
    B64.decode(inner).expect("token holds base64 DER")
}

pub fn signer(device: &Device, token: &str) -> Signer {
    let cert = Certificate::from_der(&certificate_of(token)).expect("certificate");
    Signer::new(device.key.clone(), cert).expect("key matches certificate")
}

/// The six compliance documents (SDK samples), by step name.
pub const SIX: [(&str, &str); 6] = [
    (
        "standard-compliant",
        "Standard/Invoice/Standard_Invoice.xml",
    ),
    (
        "standard-credit-note-compliant",
        "Standard/Credit/Standard_Credit_Note.xml",
    ),
    (
        "standard-debit-note-compliant",
        "Standard/Debit/Standard_Debit_Note.xml",
    ),
    (
        "simplified-compliant",
        "Simplified/Invoice/Simplified_Invoice.xml",
    ),
    (
        "simplified-credit-note-compliant",
        "Simplified/Credit/Simplified_Credit_Note.xml",
    ),
    (
        "simplified-debit-note-compliant",
        "Simplified/Debit/Simplified_Debit_Note.xml",
    ),
];

pub const SIMPLIFIED: &str = "Simplified/Invoice/Simplified_Invoice.xml";
pub const STANDARD: &str = "Standard/Invoice/Standard_Invoice.xml";

/// An SDK sample made unsigned again, with its document UUID replaced by `uuid`.
pub fn unsigned_sample(sample: &str, uuid: &str) -> Vec<u8> {
    let signed = std::fs::read(vendor().join("Data/Samples").join(sample)).expect("sample");
    let unsigned = fatoora_sim::unsigned_of(&signed).expect("sample parses");
    let text = String::from_utf8(unsigned).expect("utf-8");
    // The document's own cbc:UUID is the first one (the ICV reference's comes later).
    let start = text.find("<cbc:UUID>").expect("UUID") + "<cbc:UUID>".len();
    let end = start + text[start..].find("</cbc:UUID>").expect("UUID end");
    format!("{}{}{}", &text[..start], uuid, &text[end..]).into_bytes()
}

pub fn signing_time() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("time")
}

/// A signed document ready to send.
pub struct Doc {
    pub xml: Vec<u8>,
    pub hash: String,
    pub uuid: String,
    pub submission: InvoiceSubmission,
}

pub fn signed(sample: &str, uuid: &str, signer: &Signer) -> Doc {
    let unsigned = unsigned_sample(sample, uuid);
    let s = zatca::stamp::sign(&unsigned, signer, signing_time()).expect("signs");
    let hash = s.hash.to_base64();
    Doc {
        submission: InvoiceSubmission::new(&s.xml, &hash, uuid),
        xml: s.xml,
        hash,
        uuid: uuid.to_owned(),
    }
}

pub fn new_uuid(n: u64) -> String {
    format!("8e6000cf-1a98-4174-b3e7-{n:012x}")
}

/// A device taken all the way through onboarding.
pub struct Onboarded {
    pub device: Device,
    pub compliance: Credentials,
    pub compliance_id: u64,
    pub production: Credentials,
    pub production_token: String,
    pub signer: Signer,
}

pub async fn onboard(client: &Client, case: &str, otp: &str) -> Onboarded {
    onboard_device(client, sdk_device(case), otp).await
}

pub async fn onboard_device(client: &Client, device: Device, otp: &str) -> Onboarded {
    let c = client.compliance_csid(otp, &device.csr_pem).await;
    let csid = match &c.outcome {
        fatoora::Outcome::Accepted(b) => b.clone(),
        other => panic!("compliance CSID: {other:?}"),
    };
    let compliance = Credentials::from(&csid);
    let compliance_signer = signer(&device, &csid.binary_security_token);
    // One document of every kind the title promises.
    let promised: Vec<String> = fatoora::ComplianceStep::promised_by(&device.title)
        .iter()
        .map(|s| s.as_str().to_owned())
        .collect();
    for (i, (_, sample)) in SIX
        .iter()
        .enumerate()
        .filter(|(_, (step, _))| promised.iter().any(|p| p == step))
    {
        let doc = signed(sample, &new_uuid(900_000 + i as u64), &compliance_signer);
        let r = client
            .compliance_invoice(&compliance, &doc.submission)
            .await;
        assert!(
            r.outcome.is_accepted(),
            "compliance check {sample}: {:?}",
            r.outcome
        );
    }
    let p = client.production_csid(&compliance, csid.request_id).await;
    let prod = match &p.outcome {
        fatoora::Outcome::Accepted(b) => b.clone(),
        other => panic!("production CSID: {other:?}"),
    };
    Onboarded {
        signer: signer(&device, &prod.binary_security_token),
        device,
        compliance,
        compliance_id: csid.request_id,
        production: Credentials::from(&prod),
        production_token: prod.binary_security_token.clone(),
    }
}

/// A minimal HTTP/1.1 client for the admin endpoints and raw requests (plain TCP on 127.0.0.1).
pub async fn http(method: &str, url: &str, body: &str) -> (u16, String) {
    http_with(method, url, &[], body).await
}

/// [`http`] with extra headers.
pub async fn http_with(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").expect("http url");
    let (host, path) = rest.split_at(rest.find('/').expect("path"));
    let mut s = tokio::net::TcpStream::connect(host).await.expect("connect");
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).await.expect("read");
    let status = out[9..12].parse().expect("status");
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}
