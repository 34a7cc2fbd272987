//! Shared test setup: a ledger on a real SQLite file with a company, a production device and a
//! series, and a signer that produces documents shaped like the engine's.
#![allow(dead_code)]

use std::path::Path;

use base64::Engine as _;
use chrono::{TimeZone, Utc};
use ledger::devices::{DeviceState, NewDevice};
use ledger::{ChainSlot, IssueRequest, Ledger, SignedDocument, Timestamp};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use zatca::api::Environment;
use zatca::csr::CsrFields;
use zatca::model::{DocumentKind, Flow};

pub const VAT: &str = "399999999900003";

pub fn at(h: u32, m: u32) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 20, h, m, 0)
        .single()
        .expect("valid time")
}

/// A temporary directory; in RAM when the machine has /dev/shm (tests that issue thousands of
/// documents measure serialisation and crash atomicity, not the disk's flush speed).
pub fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("temp dir")
}

pub fn new_device(ledger: &mut Ledger, name: &str) -> i64 {
    let d = ledger
        .add_device(&NewDevice {
            uuid: None,
            series_prefix: None,
            name: name.to_owned(),
            environment: Environment::Simulation,
            csr: CsrFields {
                common_name: format!("EGS-{name}"),
                serial_number: "1-Sanad|2-Desktop|3-0001".to_owned(),
                organization_unit: "Riyadh Branch".to_owned(),
                vat_number: "399999999900003".to_owned(),
                organization: "Sanad Cafe".to_owned(),
                country: "SA".to_owned(),
                invoice_types: "1100".to_owned(),
                location_address: "Riyadh".to_owned(),
                business_category: "Retail".to_owned(),
            },
        })
        .expect("add device");
    ledger
        .set_device_certificate(
            d.id,
            DeviceState::Production,
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0)
                .single()
                .expect("time"),
        )
        .expect("certificate");
    d.id
}

/// A fresh ledger with one production device (returned) and series `INV` and `CN`.
pub fn setup(path: &Path) -> (Ledger, i64) {
    let mut ledger = Ledger::open(path).expect("open");
    ledger.add_series("INV", "INV-", 6).expect("series");
    ledger.add_series("CN", "CN-", 6).expect("series");
    let device = new_device(&mut ledger, "till-1");
    (ledger, device)
}

pub fn request(device_id: i64, issued_at: Timestamp) -> IssueRequest {
    IssueRequest {
        device_id,
        series: "INV".to_owned(),
        kind: DocumentKind::Invoice,
        flow: Flow::Simplified,
        issued_at,
        customer_id: None,
        original_number: None,
        draft_id: None,
    }
}

/// A signer of documents shaped like the engine's, of one kind and flow: a UBL root carrying the
/// slot's number, ICV and PIH, its own UUID and `InvoiceTypeCode`; the hash is the SHA-256 of
/// the bytes (base64).
pub fn shaped(
    kind: DocumentKind,
    flow: Flow,
) -> impl Fn(&ChainSlot) -> Result<SignedDocument, String> + Copy {
    move |slot| shaped_document(slot, kind, flow)
}

/// [`shaped`] for a simplified invoice (what [`request`] asks for).
pub fn shaped_signer(slot: &ChainSlot) -> Result<SignedDocument, String> {
    shaped_document(slot, DocumentKind::Invoice, Flow::Simplified)
}

/// [`shaped`] for whatever `req` asks.
pub fn shaped_for(
    req: &IssueRequest,
) -> impl Fn(&ChainSlot) -> Result<SignedDocument, String> + Copy {
    shaped(req.kind, req.flow)
}

fn shaped_document(
    slot: &ChainSlot,
    kind: DocumentKind,
    flow: Flow,
) -> Result<SignedDocument, String> {
    let uuid = uuid::Uuid::new_v4().to_string();
    let total = Decimal::new(11500 + slot.icv % 1000, 2);
    let excl = (total / Decimal::new(115, 2))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\" \
         xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\" \
         xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\
         <cbc:ID>{}</cbc:ID><cbc:UUID>{uuid}</cbc:UUID>\
         <cbc:InvoiceTypeCode name=\"{}00000\">{}</cbc:InvoiceTypeCode>\
         <cac:AdditionalDocumentReference><cbc:ID>ICV</cbc:ID><cbc:UUID>{}</cbc:UUID></cac:AdditionalDocumentReference>\
         <cac:AdditionalDocumentReference><cbc:ID>PIH</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"text/plain\">{}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>\
         <cac:AdditionalDocumentReference><cbc:ID>QR</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"text/plain\">AQ==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>\
         <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID=\"SAR\">{total}</cbc:PayableAmount></cac:LegalMonetaryTotal></Invoice>",
        slot.number,
        flow.type_name_prefix(),
        kind.type_code(),
        slot.icv,
        slot.pih
    );
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(xml.as_bytes()));
    Ok(SignedDocument {
        xml: xml.into_bytes(),
        hash,
        qr: "AQ==".to_owned(),
        uuid,
        currency: "SAR".to_owned(),
        totals: zatca::Totals {
            lines: Vec::new(),
            subtotals: Vec::new(),
            prepayments: Vec::new(),
            line_extension: excl,
            allowance_total: Decimal::ZERO,
            charge_total: Decimal::ZERO,
            tax_exclusive: excl,
            tax_total: total - excl,
            tax_total_sar: total - excl,
            tax_inclusive: total,
            prepaid: Decimal::ZERO,
            payable_rounding: Decimal::ZERO,
            payable: total,
        },
    })
}

/// Checks a stored document's hash against its bytes (the shaped signer's rule).
pub fn shaped_check(link: &ledger::documents::ChainLink) -> Result<(), String> {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&link.signed_xml));
    if hash == link.hash {
        Ok(())
    } else {
        Err("stored hash is not the hash of the bytes".to_owned())
    }
}

/// The engine and a device's key and certificate (the SDK's secp256k1 test pair, vendored).
struct Engine {
    signer: zatca::stamp::Signer,
    draft: zatca::Draft,
}

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| {
        let certs =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vendor/zatca-sdk/Data/Certificates");
        let key = std::fs::read(certs.join("ec-secp256k1-priv-key.pem")).expect("SDK test key");
        let cert = std::fs::read(certs.join("cert.pem")).expect("SDK test certificate");
        Engine {
            signer: zatca::stamp::Signer::from_any(&key, &cert).expect("signer"),
            draft: zatca::Draft::from_json(include_bytes!("../fixtures/simplified-draft.json"))
                .expect("draft"),
        }
    })
}

/// The real thing: the engine prepares the draft with the slot's number, ICV and PIH, and the
/// stamp signs it with the device's key and certificate.
pub fn sign(slot: &ChainSlot) -> Result<SignedDocument, String> {
    let engine = engine();
    let mut draft = engine.draft.clone();
    draft.number = slot.number.clone();
    draft.uuid = uuid::Uuid::new_v4().to_string();
    draft.issue_date = slot.issued_at.date_naive();
    draft.issue_time = slot.issued_at.time();
    let chain = zatca::ChainFields {
        icv: slot.icv as u64,
        pih: slot.pih.clone(),
    };
    let prepared = zatca::prepare(&draft, &chain).map_err(|e| e.to_string())?;
    let signed = zatca::stamp::sign(&prepared.xml, &engine.signer, slot.issued_at.naive_utc())
        .map_err(|e| e.to_string())?;
    Ok(SignedDocument {
        xml: signed.xml,
        hash: signed.hash.to_base64(),
        qr: signed.qr,
        uuid: draft.uuid,
        currency: draft.currency,
        totals: prepared.totals,
    })
}

/// The engine's verification of one stored document: hash, signature, certificate, QR, and its
/// PIH as stored; and the stored hash is the document's own.
pub fn check(link: &ledger::documents::ChainLink) -> Result<(), String> {
    let expect = zatca::verify::Expect {
        pih: Some(&link.pih),
        certificate: Some(engine().signer.certificate()),
    };
    let report = zatca::verify::verify_with(&link.signed_xml, &expect);
    if !report.is_valid() {
        let failures: Vec<String> = report
            .failures()
            .map(|f| format!("{}: {}", f.check.name(), f.detail))
            .collect();
        return Err(failures.join("; "));
    }
    match report.hash {
        Some(h) if h.to_base64() == link.hash => Ok(()),
        _ => Err("the stored hash is not the document's invoice hash".to_owned()),
    }
}
