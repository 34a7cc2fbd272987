//! Onboarding a device (EGS unit), one persisted step at a time:
//! key → CSR → compliance CSID (OTP) → compliance documents → production CSID → active.
//!
//! After every step the ledger records the next one, so onboarding resumes where it stopped
//! after a crash or a restart. Secrets go to the keychain before the ledger records that they
//! exist. Renewal (from 60 days before the certificate's `notAfter`) sends a new CSR with a new
//! OTP; the chain carries on, and a failed renewal leaves the current CSID working.

pub mod compliance;
mod fatoora_words;

use chrono::{DateTime, Utc};
use fatoora::{Credentials, InvoiceSubmission, Outcome};
use k256::ecdsa::SigningKey;
use ledger::devices::{Device, DeviceState};
use ledger::onboarding::{Onboarding, Step};
use serde::Serialize;
use zatca::api::ComplianceStep;
use zatca::model::{ChainFields, Party};
use zatca::stamp::{Certificate, GENESIS_PIH, Signer};

use crate::books::Books;
use crate::clock::SaudiTime;
use crate::company;
use crate::connect::Fatoora;
use crate::error::{Class, Error};
use crate::secrets::{CsidSecret, Item, Purpose};

pub use fatoora_words::refusal;

/// A certificate is due for renewal this many days before its `notAfter`.
pub const RENEWAL_DAYS: i64 = 60;

/// What to report while onboarding runs (the CLI prints it, the UI shows it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub device: String,
    /// The step just done.
    pub done: Step,
    /// A compliance document that passed, when this step was one.
    pub compliance_step: Option<ComplianceStep>,
    /// ZATCA's warnings on it, kept as sent.
    pub warnings: Vec<String>,
}

/// A device as the device list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeviceView {
    pub name: String,
    pub uuid: String,
    pub title: String,
    pub state: DeviceState,
    /// What onboarding does next (`active` when there is nothing left).
    pub next_step: Step,
    pub series_prefix: Option<String>,
    /// The production CSID's `notAfter`.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub csid_expires: Option<DateTime<Utc>>,
    pub days_left: Option<i64>,
    /// From [`RENEWAL_DAYS`] before expiry.
    pub renewal_due: bool,
    pub last_icv: i64,
    /// Why the device's chain is suspended, when it is.
    pub suspended: Option<String>,
    /// The compliance steps passed so far (while onboarding).
    pub compliance_passed: Vec<ComplianceStep>,
    /// The last failure of onboarding or renewal, as a plain sentence.
    pub last_error: Option<String>,
}

fn view(books: &Books, device: &Device, record: Option<&Onboarding>) -> Result<DeviceView, Error> {
    let head = books.ledger().chain_head(device.id)?;
    let now = books.clock().now();
    let days_left = device.cert_not_after.map(|t| (t - now).num_days());
    Ok(DeviceView {
        name: device.name.clone(),
        uuid: device.uuid.clone(),
        title: device.csr.invoice_types.clone(),
        state: device.state,
        next_step: record.map_or(Step::Key, |r| r.step),
        series_prefix: device.series_prefix.clone(),
        csid_expires: device.cert_not_after,
        days_left,
        renewal_due: device.state == DeviceState::Production
            && days_left.is_some_and(|d| d <= RENEWAL_DAYS),
        last_icv: head.map_or(0, |h| h.icv),
        suspended: device.suspended.clone(),
        compliance_passed: record.map(|r| r.steps_passed.clone()).unwrap_or_default(),
        last_error: record.and_then(|r| r.last_error.clone()),
    })
}

/// Every device of the books, in the order they were added.
pub fn list(books: &Books) -> Result<Vec<DeviceView>, Error> {
    let devices = books.ledger().devices()?;
    devices
        .iter()
        .map(|d| {
            let record = books.ledger().onboarding(d.id)?;
            view(books, d, record.as_ref())
        })
        .collect()
}

/// One device by name.
pub fn show(books: &Books, name: &str) -> Result<DeviceView, Error> {
    let device = books.ledger().device_by_name(name)?;
    let record = books.ledger().onboarding(device.id)?;
    view(books, &device, record.as_ref())
}

/// What a new device is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDevice {
    /// A name unique in the books (`till-1`); it is also the CSR's common name.
    pub name: String,
    /// Which documents it issues: `1000` standard, `0100` simplified, `1100` both.
    pub title: String,
    /// The number series prefix (`T1-`); by default made from the name.
    pub series_prefix: Option<String>,
    /// The branch (the CSR's organisation unit); for a VAT group the member's 10-digit TIN.
    pub branch: Option<String>,
}

fn default_prefix(name: &str) -> String {
    let slug: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .take(10)
        .collect();
    if slug.is_empty() {
        "D-".to_owned()
    } else {
        format!("{slug}-")
    }
}

/// Adds a device to the books (nothing is sent to ZATCA yet).
pub fn add_device(books: &Books, new: &NewDevice) -> Result<DeviceView, Error> {
    let company = company::get(books)?;
    if !matches!(new.title.as_str(), "1000" | "0100" | "1100") {
        return Err(Error::field(
            "SANAD-DEVICE-TITLE",
            "device.title",
            format!(
                "{:?} is not 1000 (standard documents), 0100 (simplified) or 1100 (both)",
                new.title
            ),
            format!(
                "«{}» ليس نوع مستندات معروفًا: 1000 (الفواتير الضريبية) أو 0100 (المبسطة) أو 1100 (النوعان معًا)",
                new.title
            ),
        ));
    }
    let uuid = uuid::Uuid::new_v4().to_string();
    let prefix = new
        .series_prefix
        .clone()
        .unwrap_or_else(|| default_prefix(&new.name));
    let fields = company::csr_fields(
        &company,
        &new.name,
        &uuid,
        &new.title,
        new.branch.as_deref(),
    )?;
    let device = books.ledger().add_device(&ledger::devices::NewDevice {
        uuid: Some(uuid),
        name: new.name.clone(),
        environment: books.env().zatca(),
        csr: fields,
        series_prefix: Some(prefix),
    })?;
    books
        .ledger()
        .save_onboarding(&Onboarding::new(device.id))?;
    show(books, &device.name)
}

fn signing_key(books: &Books, device: &Device, purpose: Purpose) -> Result<SigningKey, Error> {
    let bytes = books.read_secret(&device.uuid, Item::Key, purpose)?;
    SigningKey::from_slice(&bytes).map_err(|e| {
        Error::new(
            "SANAD-SECRET-DAMAGED",
            Class::Local,
            "the device's private key in the keychain is damaged",
            "المفتاح الخاص بالجهاز في سلسلة المفاتيح تالف",
        )
        .with_detail(e.to_string())
    })
}

fn csid(books: &Books, device: &Device, item: Item, purpose: Purpose) -> Result<CsidSecret, Error> {
    let bytes = books.read_secret(&device.uuid, item, purpose)?;
    Ok(CsidSecret::from_bytes(item.as_str(), "keychain", &bytes)?)
}

/// The certificate inside a CSID's `binarySecurityToken` (base64 of the base64 DER text).
fn token_certificate(token: &str) -> Result<Certificate, Error> {
    use base64::Engine as _;
    let inner = base64::engine::general_purpose::STANDARD
        .decode(token.trim())
        .map_err(|e| e.to_string())
        .and_then(|b| Certificate::from_any(&b).map_err(|e| e.to_string()));
    inner.map_err(|detail| {
        Error::new(
            "SANAD-CSID-UNREADABLE",
            Class::Refused,
            "FATOORA's CSID does not hold a certificate Sanad can read",
            "معرّف ختم التشفير (CSID) الذي أرسلته منصة فاتورة لا يحوي شهادة يستطيع سند قراءتها",
        )
        .with_detail(detail)
    })
}

fn not_after(cert: &Certificate) -> Result<DateTime<Utc>, Error> {
    cert.not_after().ok_or_else(|| {
        Error::new(
            "SANAD-CSID-UNREADABLE",
            Class::Refused,
            "FATOORA's certificate has no readable expiry",
            "تعذّرت قراءة تاريخ انتهاء الشهادة التي أصدرتها منصة فاتورة",
        )
    })
}

fn pause_hook(step: Step) {
    // Test hook for the crash tests: stop right after `step` was recorded, so that the test can
    // kill the process there (SANAD_PAUSE_AFTER_STEP=<step>).
    if std::env::var("SANAD_PAUSE_AFTER_STEP").is_ok_and(|s| s == step.as_str()) {
        eprintln!("paused after {step}");
        std::thread::sleep(std::time::Duration::from_secs(120));
    }
}

fn record(books: &Books, mut rec: Onboarding, step: Step) -> Result<Onboarding, Error> {
    rec.step = step;
    rec.last_error = None;
    books.ledger().save_onboarding(&rec)?;
    Ok(rec)
}

fn remember_failure(books: &Books, rec: &Onboarding, e: &Error) {
    let mut rec = rec.clone();
    rec.last_error = Some(format!("[{}] {}", e.code, e.en));
    let _ = books.ledger().save_onboarding(&rec);
}

/// Onboards `name` up to active, resuming from its recorded step. `otp` is needed for the
/// compliance CSID (practice books take one from their simulator when none is given).
pub async fn onboard(
    books: &Books,
    fatoora: &Fatoora,
    name: &str,
    otp: Option<&str>,
    progress: &mut (dyn FnMut(&Progress) + Send),
) -> Result<DeviceView, Error> {
    let device = books.ledger().device_by_name(name)?;
    if device.state == DeviceState::Retired {
        return Err(Error::new(
            "SANAD-DEVICE-RETIRED",
            Class::BadInput,
            format!(
                "{name} is retired: its chain is closed for good. Add a new device (sanad-cli \
                 device add) — it starts a new chain from the first invoice"
            ),
            format!(
                "الجهاز {name} متقاعد وسلسلته مغلقة نهائيًا. أضف جهازًا جديدًا؛ تبدأ سلسلته من الفاتورة الأولى"
            ),
        ));
    }
    let mut rec = books
        .ledger()
        .onboarding(device.id)?
        .unwrap_or_else(|| Onboarding::new(device.id));
    match run(books, fatoora, &device, &mut rec, otp, progress).await {
        Ok(()) => show(books, name),
        Err(e) => {
            remember_failure(books, &rec, &e);
            Err(e)
        }
    }
}

async fn run(
    books: &Books,
    fatoora: &Fatoora,
    device: &Device,
    rec: &mut Onboarding,
    otp: Option<&str>,
    progress: &mut (dyn FnMut(&Progress) + Send),
) -> Result<(), Error> {
    let mut done = |step: Step, compliance_step: Option<ComplianceStep>, warnings: Vec<String>| {
        progress(&Progress {
            device: device.name.clone(),
            done: step,
            compliance_step,
            warnings,
        });
        pause_hook(step);
    };
    // Missing-ComplianceSteps may send onboarding back to the compliance documents; twice is
    // enough for any list ZATCA gives.
    let mut resends = 0;
    while resends <= 2 {
        match rec.step {
            Step::Key => {
                let key = zatca::csr::generate_key().map_err(|e| {
                    Error::new(
                        "SANAD-RANDOM",
                        Class::Local,
                        "a private key could not be generated",
                        "تعذّر توليد مفتاح خاص",
                    )
                    .with_detail(e.to_string())
                })?;
                books.put_secret(&device.uuid, Item::Key, key.to_bytes().as_slice())?;
                *rec = record(books, rec.clone(), Step::Csr)?;
                done(Step::Key, None, Vec::new());
            }
            Step::Csr => {
                let key = signing_key(books, device, Purpose::Onboard)?;
                let csr = zatca::csr::build_csr(&device.csr, books.env().zatca(), &key)
                    .map_err(company::csr_error)?;
                let mut next = rec.clone();
                next.csr_pem = Some(csr.pem());
                *rec = record(books, next, Step::ComplianceCsid)?;
                done(Step::Csr, None, Vec::new());
            }
            Step::ComplianceCsid => {
                let given = otp.map(str::to_owned);
                let otp = match given {
                    Some(o) => o,
                    None => fatoora.practice_otp()?.ok_or_else(|| {
                        Error::field(
                            "SANAD-OTP-NEEDED",
                            "otp",
                            "an OTP is needed: generate one in the Fatoora portal (onboard a new \
                             solution unit) and pass it with --otp; it is valid for one hour",
                            "يلزم رمز تحقق (OTP): أنشئه في بوابة فاتورة (تسجيل وحدة حل أو جهاز جديد) ثم أدخله؛ \
                             صلاحيته ساعة واحدة",
                        )
                    })?,
                };
                check_otp(&otp)?;
                let csr = rec.csr_pem.clone().unwrap_or_default();
                let answer = fatoora.client().compliance_csid(&otp, &csr).await;
                let body = match answer.outcome {
                    Outcome::Accepted(b) | Outcome::AcceptedWithWarnings { body: b, .. } => b,
                    other => return Err(refusal("compliance", &other)),
                };
                let cert = token_certificate(&body.binary_security_token)?;
                books.put_secret(
                    &device.uuid,
                    Item::ComplianceCsid,
                    &CsidSecret {
                        token: body.binary_security_token.clone(),
                        secret: body.secret.clone(),
                    }
                    .to_bytes(),
                )?;
                let pem = zatca::csr::certificate_pem(cert.der());
                books
                    .ledger()
                    .add_certificate(&ledger::certificates::NewCertificate {
                        device_id: device.id,
                        kind: ledger::certificates::CertificateKind::Compliance,
                        certificate_pem: pem.clone(),
                        not_after: not_after(&cert)?,
                        request_id: Some(body.request_id.to_string()),
                        secret_entry: crate::secrets::entry_name(
                            &device.uuid,
                            Item::ComplianceCsid,
                        ),
                    })?;
                books.ledger().set_device_certificate(
                    device.id,
                    DeviceState::Compliance,
                    &pem,
                    not_after(&cert)?,
                )?;
                let mut next = rec.clone();
                next.compliance_request_id = Some(body.request_id.to_string());
                next.compliance_certificate_pem = Some(pem);
                next.steps_required = ComplianceStep::promised_by(&device.csr.invoice_types);
                next.steps_passed.clear();
                *rec = record(books, next, Step::ComplianceChecks)?;
                done(Step::ComplianceCsid, None, Vec::new());
            }
            Step::ComplianceChecks => {
                let key = signing_key(books, device, Purpose::Onboard)?;
                let cert_pem = rec.compliance_certificate_pem.clone().unwrap_or_default();
                let cert = Certificate::from_any(cert_pem.as_bytes()).map_err(|e| {
                    Error::new(
                        "SANAD-CSID-UNREADABLE",
                        Class::Local,
                        "the stored compliance certificate cannot be read",
                        "تعذّرت قراءة شهادة الامتثال المحفوظة",
                    )
                    .with_detail(e.to_string())
                })?;
                let signer = Signer::new(key, cert).map_err(|e| {
                    Error::new(
                        "SANAD-CSID-KEY-MISMATCH",
                        Class::Local,
                        "the compliance certificate does not belong to the device's key",
                        "شهادة الامتثال لا تخص مفتاح هذا الجهاز",
                    )
                    .with_detail(e.to_string())
                })?;
                let creds = csid(books, device, Item::ComplianceCsid, Purpose::Onboard)?;
                let creds = Credentials::new(creds.token.clone(), creds.secret.clone());
                let seller = company::seller(&company::get(books)?);
                let todo: Vec<ComplianceStep> = rec
                    .steps_required
                    .iter()
                    .filter(|s| !rec.steps_passed.contains(s))
                    .cloned()
                    .collect();
                let mut chain = ChainFields {
                    icv: 1,
                    pih: GENESIS_PIH.to_owned(),
                };
                for step in todo {
                    let at = SaudiTime::now(books.clock());
                    let signed = compliance::sign(&step, &seller, &signer, &chain, at.local)?;
                    let doc = InvoiceSubmission::new(&signed.xml, &signed.hash, &signed.uuid);
                    let answer = fatoora.client().compliance_invoice(&creds, &doc).await;
                    let warnings = match answer.outcome {
                        Outcome::Accepted(_) => Vec::new(),
                        Outcome::AcceptedWithWarnings { warnings, .. } => warnings
                            .iter()
                            .map(|w| format!("{}: {}", w.code, w.message))
                            .collect(),
                        other => return Err(refusal("compliance/invoices", &other)),
                    };
                    chain = ChainFields {
                        icv: chain.icv + 1,
                        pih: signed.hash.clone(),
                    };
                    let mut next = rec.clone();
                    next.steps_passed.push(step.clone());
                    *rec = record(books, next, Step::ComplianceChecks)?;
                    done(Step::ComplianceChecks, Some(step), warnings);
                }
                *rec = record(books, rec.clone(), Step::ProductionCsid)?;
            }
            Step::ProductionCsid => {
                let creds = csid(books, device, Item::ComplianceCsid, Purpose::Onboard)?;
                let creds = Credentials::new(creds.token.clone(), creds.secret.clone());
                let request_id: u64 = rec
                    .compliance_request_id
                    .as_deref()
                    .and_then(|r| r.parse().ok())
                    .unwrap_or_default();
                let answer = fatoora.client().production_csid(&creds, request_id).await;
                let body = match answer.outcome {
                    Outcome::Accepted(b) | Outcome::AcceptedWithWarnings { body: b, .. } => b,
                    Outcome::BadRequest { errors, .. }
                        if errors
                            .iter()
                            .any(|e| e.missing_compliance_steps().is_some()) =>
                    {
                        let listed: Vec<ComplianceStep> = errors
                            .iter()
                            .filter_map(|e| e.missing_compliance_steps())
                            .flatten()
                            .collect();
                        // A step Sanad does not know cannot be done: say so, with ZATCA's words.
                        if listed.is_empty() || listed.iter().any(|s| s.document().is_none()) {
                            return Err(refusal(
                                "production/csids",
                                &Outcome::<()>::BadRequest {
                                    errors,
                                    raw: String::new(),
                                },
                            ));
                        }
                        // Do what ZATCA asks: send the documents of every listed step again.
                        let mut next = rec.clone();
                        for step in &listed {
                            if !next.steps_required.contains(step) {
                                next.steps_required.push(step.clone());
                            }
                        }
                        next.steps_passed.retain(|s| !listed.contains(s));
                        *rec = record(books, next, Step::ComplianceChecks)?;
                        resends += 1;
                        continue;
                    }
                    other => return Err(refusal("production/csids", &other)),
                };
                let cert = token_certificate(&body.binary_security_token)?;
                let key = signing_key(books, device, Purpose::Onboard)?;
                Signer::new(key, cert.clone()).map_err(|e| {
                    Error::new(
                        "SANAD-CSID-KEY-MISMATCH",
                        Class::Refused,
                        "FATOORA's production certificate is not for this device's key",
                        "شهادة الإنتاج التي أصدرتها المنصة لا تخص مفتاح هذا الجهاز",
                    )
                    .with_detail(e.to_string())
                })?;
                install_production(
                    books,
                    device,
                    &body.binary_security_token,
                    &body.secret,
                    &cert,
                    Some(body.request_id.to_string()),
                )?;
                *rec = record(books, rec.clone(), Step::Active)?;
                done(Step::ProductionCsid, None, Vec::new());
            }
            Step::Active => return Ok(()),
        }
    }
    Err(Error::new(
        "Missing-ComplianceSteps",
        Class::Refused,
        "ZATCA keeps asking for compliance steps that Sanad has sent",
        "ما زالت الهيئة تطلب خطوات امتثال أرسلها سند بالفعل",
    ))
}

fn check_otp(otp: &str) -> Result<(), Error> {
    if otp.len() == 6 && otp.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    Err(Error::field(
        "SANAD-OTP-FORMAT",
        "otp",
        "the OTP is the 6-digit code from the Fatoora portal",
        "رمز التحقق (OTP) هو الرمز المكوّن من 6 أرقام من بوابة فاتورة",
    ))
}

fn install_production(
    books: &Books,
    device: &Device,
    token: &str,
    secret: &str,
    cert: &Certificate,
    request_id: Option<String>,
) -> Result<(), Error> {
    books.put_secret(
        &device.uuid,
        Item::ProductionCsid,
        &CsidSecret {
            token: token.to_owned(),
            secret: secret.to_owned(),
        }
        .to_bytes(),
    )?;
    let pem = zatca::csr::certificate_pem(cert.der());
    let expires = not_after(cert)?;
    books
        .ledger()
        .add_certificate(&ledger::certificates::NewCertificate {
            device_id: device.id,
            kind: ledger::certificates::CertificateKind::Production,
            certificate_pem: pem.clone(),
            not_after: expires,
            request_id,
            secret_entry: crate::secrets::entry_name(&device.uuid, Item::ProductionCsid),
        })?;
    books
        .ledger()
        .set_device_certificate(device.id, DeviceState::Production, &pem, expires)?;
    Ok(())
}

/// Renews the production CSID of `name`: a new CSR (same key) and a new OTP, `PATCH
/// /production/csids`. On any failure the current CSID stays in use.
pub async fn renew(
    books: &Books,
    fatoora: &Fatoora,
    name: &str,
    otp: Option<&str>,
) -> Result<DeviceView, Error> {
    let device = books.ledger().device_by_name(name)?;
    if device.state != DeviceState::Production {
        return Err(Error::new(
            "SANAD-DEVICE-NOT-ACTIVE",
            Class::BadInput,
            format!("{name} has no production CSID to renew: finish its onboarding first"),
            format!("لا توجد شهادة إنتاج للجهاز {name} لتجديدها: أكمل تسجيله أولًا"),
        ));
    }
    let otp = match otp {
        Some(o) => o.to_owned(),
        None => fatoora.practice_otp()?.ok_or_else(|| {
            Error::field(
                "SANAD-OTP-NEEDED",
                "otp",
                "renewal needs a new OTP from the Fatoora portal (renew a solution unit); pass it \
                 with --otp",
                "يحتاج التجديد رمز تحقق جديدًا من بوابة فاتورة (تجديد معرّف ختم التشفير)",
            )
        })?,
    };
    check_otp(&otp)?;
    let key = signing_key(books, &device, Purpose::Renew)?;
    let csr = zatca::csr::build_csr(&device.csr, books.env().zatca(), &key)
        .map_err(company::csr_error)?;
    let current = csid(books, &device, Item::ProductionCsid, Purpose::Renew)?;
    let creds = Credentials::new(current.token.clone(), current.secret.clone());
    let answer = fatoora
        .client()
        .renew_production_csid(&creds, &otp, &csr.pem())
        .await;
    let result = match answer.outcome {
        Outcome::Accepted(body) | Outcome::AcceptedWithWarnings { body, .. } => {
            token_certificate(&body.binary_security_token).and_then(|cert| {
                Signer::new(key, cert.clone()).map_err(|e| {
                    Error::new(
                        "SANAD-CSID-KEY-MISMATCH",
                        Class::Refused,
                        "the renewed certificate is not for this device's key",
                        "الشهادة المجددة لا تخص مفتاح هذا الجهاز",
                    )
                    .with_detail(e.to_string())
                })?;
                install_production(
                    books,
                    &device,
                    &body.binary_security_token,
                    &body.secret,
                    &cert,
                    Some(body.request_id.to_string()),
                )
            })
        }
        other => Err(refusal("production/csids (renewal)", &other)),
    };
    if let Err(e) = &result {
        let mut rec = books
            .ledger()
            .onboarding(device.id)?
            .unwrap_or_else(|| Onboarding::new(device.id));
        rec.last_error = Some(format!("renewal: [{}] {}", e.code, e.en));
        books.ledger().save_onboarding(&rec)?;
    }
    result?;
    show(books, name)
}

/// The seller of the compliance documents and invoices (re-exported for the issuing service).
pub fn seller(books: &Books) -> Result<Party, Error> {
    Ok(company::seller(&company::get(books)?))
}
