//! Verifying a signed invoice: hash, signature, certificate digest, signed properties, QR.
//!
//! [`verify`] reads any signed invoice (Sanad's, the SDK samples, a cleared one) and reports every
//! check by name. A standard (`01…`) document's QR is replaced by ZATCA at clearance and is not
//! part of ZATCA's validation, so QR mismatches on standard documents are warnings; on simplified
//! documents they are failures.
//!
//! [`qr`] reads a QR text on its own (what a scanner reads from a printed invoice) and checks the
//! signature it carries.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use k256::ecdsa::Signature;
use k256::ecdsa::signature::Verifier as _;
use xml_sec::c14n::{C14nAlgorithm, C14nMode};
use xml_sec::{Document, Node};

use crate::stamp::Certificate;
use crate::stamp::doc::{self, Facts, is};
use crate::stamp::hash::{self, InvoiceHash};
use crate::stamp::qr as tlv;

pub mod qr;

use crate::xml::ns::DS;
const XADES: &str = "http://uri.etsi.org/01903/v1.3.2#";

/// One named check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Check {
    /// The bytes are well-formed UTF-8 XML.
    Xml,
    /// The document carries a `ds:Signature` with value and certificate.
    SignaturePresent,
    /// The embedded certificate parses and holds a secp256k1 key.
    Certificate,
    /// The `invoiceSignedData` DigestValue equals the recomputed invoice hash.
    InvoiceHash,
    /// The signature value verifies over the invoice hash with the embedded certificate.
    SignatureValue,
    /// The XAdES CertDigest equals the embedded certificate's digest.
    CertificateDigest,
    /// The XAdES issuer name and serial number are the embedded certificate's.
    IssuerSerial,
    /// The SignedProperties DigestValue equals the digest of the SignedProperties as sent.
    SignedPropertiesDigest,
    /// The XAdES SigningTime is present and well-formed.
    SigningTime,
    /// The certificate is the one expected by the caller.
    ExpectedCertificate,
    /// The ICV reference is present and a non-negative integer.
    Icv,
    /// The PIH reference is base64 of 32 bytes (and equals the expected previous hash, if given).
    Pih,
    /// The QR reference is present and decodes as TLV within ZATCA's limits.
    Qr,
    /// One QR tag equals what the document says.
    QrTag(u8),
}

impl Check {
    /// A stable, kebab-case name (`qr-tag-4`, `signed-properties-digest`, …).
    pub fn name(&self) -> String {
        match self {
            Check::Xml => "xml".into(),
            Check::SignaturePresent => "signature-present".into(),
            Check::Certificate => "certificate".into(),
            Check::InvoiceHash => "invoice-hash".into(),
            Check::SignatureValue => "signature-value".into(),
            Check::CertificateDigest => "certificate-digest".into(),
            Check::IssuerSerial => "issuer-serial".into(),
            Check::SignedPropertiesDigest => "signed-properties-digest".into(),
            Check::SigningTime => "signing-time".into(),
            Check::ExpectedCertificate => "expected-certificate".into(),
            Check::Icv => "icv".into(),
            Check::Pih => "pih".into(),
            Check::Qr => "qr".into(),
            Check::QrTag(t) => format!("qr-tag-{t}"),
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    /// Not a reason to reject (for example a stale QR on a standard document before clearance).
    Warn,
    Fail,
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub check: Check,
    pub status: Status,
    /// What was found when it did not pass; empty on a pass.
    pub detail: String,
}

/// Every check made on one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The recomputed invoice hash, when the document could be hashed.
    pub hash: Option<InvoiceHash>,
    /// `true` for simplified (`02…`) documents.
    pub simplified: bool,
    pub findings: Vec<Finding>,
}

impl Report {
    /// No check failed.
    pub fn is_valid(&self) -> bool {
        self.findings.iter().all(|f| f.status != Status::Fail)
    }

    /// The failed checks.
    pub fn failures(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.status == Status::Fail)
    }

    /// The checks that warned.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.status == Status::Warn)
    }

    /// The finding of a check, if it was made.
    pub fn get(&self, check: Check) -> Option<&Finding> {
        self.findings.iter().find(|f| f.check == check)
    }

    /// Whether `check` was made and failed.
    pub fn failed(&self, check: Check) -> bool {
        self.get(check).is_some_and(|f| f.status == Status::Fail)
    }

    fn push(&mut self, check: Check, status: Status, detail: impl Into<String>) {
        self.findings.push(Finding {
            check,
            status,
            detail: detail.into(),
        });
    }

    fn pass(&mut self, check: Check) {
        self.push(check, Status::Pass, "");
    }

    fn fail(&mut self, check: Check, detail: impl Into<String>) {
        self.push(check, Status::Fail, detail);
    }

    fn expect(&mut self, check: Check, ok: bool, detail: impl FnOnce() -> String) {
        if ok {
            self.pass(check);
        } else {
            self.fail(check, detail());
        }
    }
}

/// What the caller expects of the document beyond its own consistency.
#[derive(Debug, Clone, Default)]
pub struct Expect<'a> {
    /// The previous invoice's hash (base64): the document's PIH must equal it.
    pub pih: Option<&'a str>,
    /// The device's certificate: the embedded certificate must be this one.
    pub certificate: Option<&'a Certificate>,
}

/// Verifies a signed invoice on its own.
pub fn verify(xml: &[u8]) -> Report {
    verify_with(xml, &Expect::default())
}

/// Verifies a signed invoice, also against what the caller expects (previous hash, certificate).
pub fn verify_with(xml: &[u8], expect: &Expect<'_>) -> Report {
    let mut r = Report {
        hash: None,
        simplified: false,
        findings: Vec::new(),
    };
    let text = match hash::as_text(xml) {
        Ok(t) => t,
        Err(e) => {
            r.fail(Check::Xml, e.to_string());
            return r;
        }
    };
    // The streaming canonicalizer and a light DOM (roxmltree) when the document is within the
    // streaming subset; otherwise the full parser (xml-sec) for everything.
    let light;
    let full;
    let (facts, canonical, sig) = match crate::stamp::scan_facts(text) {
        Some((canonical, facts)) => {
            light = match roxmltree::Document::parse(text) {
                Ok(d) => d,
                Err(e) => {
                    r.fail(Check::Xml, e.to_string());
                    return r;
                }
            };
            (facts, Ok(canonical), Sig::from_light(text, &light))
        }
        None => {
            full = match hash::parse(text) {
                Ok(d) => d,
                Err(e) => {
                    r.fail(Check::Xml, e.to_string());
                    return r;
                }
            };
            let facts = Facts::read(&full);
            (
                facts,
                hash::canonicalize_document(&full),
                Sig::from_full(&full),
            )
        }
    };
    r.pass(Check::Xml);
    r.simplified = facts.is_simplified();
    let computed = match canonical {
        Ok(c) => hash::digest(&c),
        Err(e) => {
            r.fail(Check::InvoiceHash, e.to_string());
            return r;
        }
    };
    r.hash = Some(computed);
    chain_checks(&mut r, &facts, expect);
    let cert = signature_checks(&mut r, &sig, &computed, expect);
    qr_checks(&mut r, &facts, &sig, cert.as_ref(), &computed);
    r
}

fn chain_checks(r: &mut Report, facts: &Facts<'_>, expect: &Expect<'_>) {
    match facts.icv.as_deref() {
        Some(icv) if !icv.is_empty() && icv.bytes().all(|b| b.is_ascii_digit()) => {
            r.pass(Check::Icv)
        }
        Some(icv) => r.fail(
            Check::Icv,
            format!("ICV {} is not a non-negative integer", quoted(icv)),
        ),
        None => r.fail(Check::Icv, "no ICV AdditionalDocumentReference"),
    }
    match facts.pih.as_deref() {
        None => r.fail(Check::Pih, "no PIH AdditionalDocumentReference"),
        Some(pih)
            if InvoiceHash::from_base64(pih).is_none() && pih != crate::stamp::GENESIS_PIH =>
        {
            r.fail(
                Check::Pih,
                format!("PIH {} is not base64 of a SHA-256 hash", quoted(pih)),
            )
        }
        Some(pih) => match expect.pih {
            Some(want) if want != pih => r.fail(
                Check::Pih,
                format!("PIH {pih} is not the previous hash {want}"),
            ),
            _ => r.pass(Check::Pih),
        },
    }
}

/// The signature parts of a document.
#[derive(Default)]
struct Sig<'a> {
    signature_value: Option<&'a str>,
    certificate: Option<&'a str>,
    invoice_digest: Option<&'a str>,
    props_digest: Option<&'a str>,
    /// The SignedProperties digest recomputed from the element as sent, if there is one.
    props_computed: Option<Result<String, String>>,
    signing_time: Option<&'a str>,
    cert_digest: Option<&'a str>,
    issuer: Option<&'a str>,
    serial: Option<&'a str>,
}

/// One element of the signature, by namespace and local name, from either DOM.
enum Part<'a> {
    SignatureValue(Option<&'a str>),
    Certificate(Option<&'a str>),
    Reference {
        id: Option<&'a str>,
        uri: Option<&'a str>,
        digest: Option<&'a str>,
    },
    SigningTime(Option<&'a str>),
    CertDigest(Option<&'a str>),
    Issuer(Option<&'a str>),
    Serial(Option<&'a str>),
}

impl<'a> Sig<'a> {
    fn take(&mut self, part: Part<'a>) {
        match part {
            Part::SignatureValue(v) => self.signature_value = v,
            Part::Certificate(v) => self.certificate = v,
            Part::Reference { id, uri, digest } => {
                if id == Some("invoiceSignedData") {
                    self.invoice_digest = digest;
                } else if uri == Some("#xadesSignedProperties") {
                    self.props_digest = digest;
                }
            }
            Part::SigningTime(v) => self.signing_time = v,
            Part::CertDigest(v) => self.cert_digest = v,
            Part::Issuer(v) => self.issuer = v,
            Part::Serial(v) => self.serial = v,
        }
    }

    fn from_full<'i>(document: &'a Document<'i>) -> Self {
        let mut s = Sig::default();
        let Some(sig) = document.descendants().find(|n| is(*n, DS, "Signature")) else {
            return s;
        };
        for n in sig.descendants().filter(|n| n.is_element()) {
            let name = n.tag_name();
            let text = || doc::text(Some(n));
            let part = match (name.namespace(), name.name()) {
                (Some(DS), "SignatureValue") => Part::SignatureValue(text()),
                (Some(DS), "X509Certificate") => Part::Certificate(text()),
                (Some(DS), "Reference") => Part::Reference {
                    id: n.attribute("Id"),
                    uri: n.attribute("URI"),
                    digest: doc::text(doc::child(n, DS, "DigestValue")),
                },
                (Some(XADES), "SignedProperties") => {
                    s.props_computed = Some(signed_properties_digest(document, n));
                    continue;
                }
                (Some(XADES), "SigningTime") => Part::SigningTime(text()),
                (Some(XADES), "CertDigest") => {
                    Part::CertDigest(doc::text(doc::child(n, DS, "DigestValue")))
                }
                (Some(DS), "X509IssuerName") => Part::Issuer(text()),
                (Some(DS), "X509SerialNumber") => Part::Serial(text()),
                _ => continue,
            };
            s.take(part);
        }
        s
    }

    fn from_light(text: &'a str, document: &'a roxmltree::Document<'a>) -> Self {
        fn trimmed<'a>(n: Option<roxmltree::Node<'a, 'a>>) -> Option<&'a str> {
            n.and_then(|n| n.text())
                .map(str::trim)
                .filter(|t| !t.is_empty())
        }
        fn child<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
            n.children().find(|c| {
                c.is_element()
                    && c.tag_name().namespace() == Some(DS)
                    && c.tag_name().name() == name
            })
        }
        let mut s = Sig::default();
        let Some(sig) = document.descendants().find(|n| {
            n.is_element()
                && n.tag_name().namespace() == Some(DS)
                && n.tag_name().name() == "Signature"
        }) else {
            return s;
        };
        for n in sig.descendants().filter(|n| n.is_element()) {
            let name = n.tag_name();
            let part = match (name.namespace(), name.name()) {
                (Some(DS), "SignatureValue") => Part::SignatureValue(trimmed(Some(n))),
                (Some(DS), "X509Certificate") => Part::Certificate(trimmed(Some(n))),
                (Some(DS), "Reference") => Part::Reference {
                    id: n.attribute("Id"),
                    uri: n.attribute("URI"),
                    digest: trimmed(child(n, "DigestValue")),
                },
                (Some(XADES), "SignedProperties") => {
                    s.props_computed = Some(signed_properties_digest_standalone(text, n));
                    continue;
                }
                (Some(XADES), "SigningTime") => Part::SigningTime(trimmed(Some(n))),
                (Some(XADES), "CertDigest") => Part::CertDigest(trimmed(child(n, "DigestValue"))),
                (Some(DS), "X509IssuerName") => Part::Issuer(trimmed(Some(n))),
                (Some(DS), "X509SerialNumber") => Part::Serial(trimmed(Some(n))),
                _ => continue,
            };
            s.take(part);
        }
        s
    }
}

/// The SignedProperties digest from the element's own bytes: it is set in a small document whose
/// wrapper declares every namespace in scope where it stands, so its exclusive C14N is the one it
/// has in place, without canonicalizing the whole invoice.
fn signed_properties_digest_standalone(
    text: &str,
    props: roxmltree::Node<'_, '_>,
) -> Result<String, String> {
    let mut mini = String::with_capacity(props.range().len() + 512);
    mini.push_str("<w");
    if let Some(parent) = props.parent_element() {
        for ns in parent.namespaces() {
            match ns.name() {
                Some("xml") => continue,
                Some(p) => {
                    mini.push_str(" xmlns:");
                    mini.push_str(p);
                }
                None => mini.push_str(" xmlns"),
            }
            mini.push_str("=\"");
            mini.push_str(
                &ns.uri()
                    .replace('&', "&amp;")
                    .replace('"', "&quot;")
                    .replace('<', "&lt;"),
            );
            mini.push('"');
        }
    }
    mini.push('>');
    mini.push_str(text.get(props.range()).ok_or("SignedProperties range")?);
    mini.push_str("</w>");
    let document = hash::parse(&mini).map_err(|e| e.to_string())?;
    let inner = document
        .root_element()
        .first_element_child()
        .ok_or("SignedProperties is empty")?;
    signed_properties_digest(&document, inner)
}

fn signature_checks(
    r: &mut Report,
    sig: &Sig<'_>,
    computed: &InvoiceHash,
    expect: &Expect<'_>,
) -> Option<Certificate> {
    let (Some(value), Some(cert_text)) = (sig.signature_value, sig.certificate) else {
        r.fail(
            Check::SignaturePresent,
            "no ds:SignatureValue / ds:X509Certificate",
        );
        return None;
    };
    r.pass(Check::SignaturePresent);
    let cert_text: String = cert_text.split_whitespace().collect();
    let cert = match Certificate::from_any(cert_text.as_bytes()) {
        Ok(c) => {
            r.pass(Check::Certificate);
            c
        }
        Err(e) => {
            r.fail(Check::Certificate, e.to_string());
            return None;
        }
    };
    let want = computed.to_base64();
    r.expect(
        Check::InvoiceHash,
        sig.invoice_digest == Some(want.as_str()),
        || {
            mismatch(
                "the invoice DigestValue",
                sig.invoice_digest,
                "the computed invoice hash",
                &want,
            )
        },
    );
    let verified = B64
        .decode(value.as_bytes())
        .ok()
        .and_then(|der| Signature::from_der(&der).ok())
        .is_some_and(|s| {
            // Java signers do not normalize s; (r, s) and (r, n - s) are equally valid.
            cert.public_key()
                .verify(computed.as_bytes(), &s.normalize_s())
                .is_ok()
        });
    r.expect(Check::SignatureValue, verified, || {
        "ds:SignatureValue does not verify over the invoice hash with the embedded certificate"
            .into()
    });
    r.expect(
        Check::CertificateDigest,
        sig.cert_digest == Some(cert.digest()),
        || {
            mismatch(
                "CertDigest",
                sig.cert_digest,
                "the certificate's digest",
                cert.digest(),
            )
        },
    );
    let issuer_ok = sig.issuer.is_some_and(|i| same_name(i, cert.issuer()));
    let serial_ok = sig.serial == Some(cert.serial_decimal());
    r.expect(Check::IssuerSerial, issuer_ok && serial_ok, || {
        format!(
            "the signed properties give {} and {}; the certificate has issuer {} and serial {}",
            given("issuer", sig.issuer),
            given("serial", sig.serial),
            quoted(cert.issuer()),
            cert.serial_decimal()
        )
    });
    match sig.props_computed.clone() {
        None => r.fail(Check::SignedPropertiesDigest, "no xades:SignedProperties"),
        Some(Err(e)) => r.fail(Check::SignedPropertiesDigest, e),
        Some(Ok(d)) => r.expect(
            Check::SignedPropertiesDigest,
            sig.props_digest == Some(d.as_str()),
            || {
                mismatch(
                    "the SignedProperties DigestValue",
                    sig.props_digest,
                    "the computed digest",
                    &d,
                )
            },
        ),
    }
    let time_ok = sig.signing_time.is_some_and(|t| {
        chrono::NaiveDateTime::parse_from_str(t.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S").is_ok()
    });
    r.expect(Check::SigningTime, time_ok, || match sig.signing_time {
        Some(t) => format!(
            "SigningTime {} is not a date-time (YYYY-MM-DDThh:mm:ss)",
            quoted(t)
        ),
        None => "SigningTime is missing".into(),
    });
    if let Some(want) = expect.certificate {
        r.expect(Check::ExpectedCertificate, want.der() == cert.der(), || {
            "the embedded certificate is not the expected one".into()
        });
    }
    Some(cert)
}

/// Issuer names compare without regard to spacing after separators.
fn same_name(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> Vec<&str> {
        s.split(',').map(str::trim).collect()
    }
    norm(a) == norm(b)
}

/// The SignedProperties digest over the element as sent: exclusive C14N of its subtree with empty
/// elements self-closed, SHA-256, lowercase hex, base64.
fn signed_properties_digest(
    document: &Document<'_>,
    props: Node<'_, '_>,
) -> Result<String, String> {
    let id = props.id();
    let inside = |n: Node<'_, '_>| n.ancestors().any(|a| a.id() == id);
    let mut out = Vec::new();
    xml_sec::c14n::canonicalize(
        document,
        Some(&inside),
        &C14nAlgorithm::new(C14nMode::Exclusive1_0, false),
        &mut out,
    )
    .map_err(|e| e.to_string())?;
    Ok(crate::stamp::hex_digest_b64(&self_close_empty(&out)))
}

/// `<a x="1"></a>` → `<a x="1"/>` throughout canonical bytes.
fn self_close_empty(c14n: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(c14n.len());
    let mut i = 0;
    while i < c14n.len() {
        let is_start = c14n[i] == b'<' && c14n.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
        if let Some(gt) = is_start.then(|| start_tag_end(c14n, i)).flatten() {
            let name_end = c14n[i + 1..gt]
                .iter()
                .position(|b| *b == b' ')
                .map_or(gt, |p| i + 1 + p);
            let mut close = b"</".to_vec();
            close.extend_from_slice(&c14n[i + 1..name_end]);
            close.push(b'>');
            if c14n[gt + 1..].starts_with(&close) {
                out.extend_from_slice(&c14n[i..gt]);
                out.extend_from_slice(b"/>");
                i = gt + 1 + close.len();
            } else {
                out.extend_from_slice(&c14n[i..=gt]);
                i = gt + 1;
            }
            continue;
        }
        out.push(c14n[i]);
        i += 1;
    }
    out
}

/// The index of the `>` closing the start tag at `at` (attribute values are double-quoted).
fn start_tag_end(c14n: &[u8], at: usize) -> Option<usize> {
    let mut quoted = false;
    for (k, b) in c14n.iter().enumerate().skip(at) {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return Some(k),
            _ => {}
        }
    }
    None
}

fn qr_checks(
    r: &mut Report,
    facts: &Facts<'_>,
    sig: &Sig<'_>,
    cert: Option<&Certificate>,
    computed: &InvoiceHash,
) {
    // ZATCA checks the QR of simplified documents; a standard document's QR is replaced at
    // clearance, so a mismatch there is only a warning.
    let level = if facts.is_simplified() {
        Status::Fail
    } else {
        Status::Warn
    };
    let Some(text) = facts.qr.as_deref() else {
        r.push(Check::Qr, level, "no QR AdditionalDocumentReference");
        return;
    };
    if text.len() > tlv::QR_MAX_CHARS {
        r.push(
            Check::Qr,
            level,
            format!("QR is {} characters; at most 1000", text.len()),
        );
    }
    let tags = match tlv::decode(text) {
        Ok(t) => t,
        Err(e) => {
            r.push(Check::Qr, level, e.to_string());
            return;
        }
    };
    if text.len() <= tlv::QR_MAX_CHARS {
        r.pass(Check::Qr);
    }
    let hash_b64 = computed.to_base64();
    let timestamp = facts.timestamp();
    let expected: [(u8, Option<&[u8]>); 9] = [
        (1, facts.seller_name.as_deref().map(str::as_bytes)),
        (2, facts.vat_number.as_deref().map(str::as_bytes)),
        (3, timestamp.as_deref().map(str::as_bytes)),
        (4, facts.tax_inclusive.as_deref().map(str::as_bytes)),
        (5, facts.vat_total.as_deref().map(str::as_bytes)),
        (6, Some(hash_b64.as_bytes())),
        (7, sig.signature_value.map(str::as_bytes)),
        (8, cert.map(Certificate::public_key_der)),
        (9, cert.map(Certificate::signature_bytes)),
    ];
    for (tag, want) in expected {
        let got = tags
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, v)| v.as_slice());
        let check = Check::QrTag(tag);
        match (got, want) {
            (None, _) if tag == 9 && !facts.is_simplified() => {}
            (None, _) => r.push(
                check,
                level,
                format!("QR has no tag {tag} ({})", tlv::tag_name(tag)),
            ),
            (Some(_), None) => r.push(
                check,
                level,
                format!(
                    "the document has no value for QR tag {tag} ({})",
                    tlv::tag_name(tag)
                ),
            ),
            (Some(g), Some(w)) if g == w || (tag <= 5 && loosely_equal(tag, g, w)) => r.pass(check),
            (Some(g), Some(w)) => r.push(
                check,
                level,
                match (std::str::from_utf8(g), std::str::from_utf8(w)) {
                    (Ok(g), Ok(w)) if tag <= 7 => format!(
                        "QR tag {tag} ({}) is {}; the document says {}",
                        tlv::tag_name(tag),
                        quoted(g),
                        quoted(w)
                    ),
                    _ => format!(
                        "QR tag {tag} ({}) does not match the embedded certificate's",
                        tlv::tag_name(tag)
                    ),
                },
            ),
        }
    }
}

/// A value from the document, for a message: in quotes, control characters escaped.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.escape_debug())
}

/// `issuer "CN=…"`, or `no issuer`.
fn given(what: &str, value: Option<&str>) -> String {
    value.map_or_else(|| format!("no {what}"), |v| format!("{what} {}", quoted(v)))
}

/// `CertDigest "…" does not match the certificate's digest "…"`, or that the value is missing.
fn mismatch(what: &str, found: Option<&str>, against: &str, want: &str) -> String {
    match found {
        Some(f) => format!(
            "{what} {} does not match {against} {}",
            quoted(f),
            quoted(want)
        ),
        None => format!("{what} is missing; {against} is {}", quoted(want)),
    }
}

/// Amounts compare as numbers (`45.0` = `45.00`), timestamps without a trailing `Z`.
fn loosely_equal(tag: u8, got: &[u8], want: &[u8]) -> bool {
    let (Ok(g), Ok(w)) = (std::str::from_utf8(got), std::str::from_utf8(want)) else {
        return false;
    };
    match tag {
        3 => g.trim_end_matches('Z') == w.trim_end_matches('Z'),
        4 | 5 => same_amount(g, w),
        _ => false,
    }
}

fn same_amount(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> Option<(bool, String, String)> {
        let s = s.trim();
        let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
        let (i, f) = s.split_once('.').unwrap_or((s, ""));
        if i.is_empty() && f.is_empty() || !i.bytes().chain(f.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let i = i.trim_start_matches('0').to_string();
        let f = f.trim_end_matches('0').to_string();
        let zero = i.is_empty() && f.is_empty();
        Some((neg && !zero, i, f))
    }
    matches!((norm(a), norm(b)), (Some(x), Some(y)) if x == y)
}
