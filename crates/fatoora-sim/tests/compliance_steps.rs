//! The compliance steps: the six document steps a title promises, and the two QR steps
//! (`buyer-qr-code-compliant`, `seller-qr-code-compliant`) the simulator can ask for as ZATCA's
//! simulation environment has. The refusal lists what is missing in ZATCA's shape; sending the
//! document each missing step names (`ComplianceStep::document`) passes it.

#[path = "../../fatoora/tests/support/mod.rs"]
mod support;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use fatoora::ComplianceStep;
use fatoora::{Credentials, CsidResponse, Outcome};
use support::*;
use zatca::api::Environment;

async fn compliance_csid(h: &Harness, device: &Device) -> CsidResponse {
    match h
        .client(policy())
        .compliance_csid("123345", &device.csr_pem)
        .await
        .outcome
    {
        Outcome::Accepted(b) => b,
        other => panic!("{other:?}"),
    }
}

/// The sample that passes a step's document.
fn sample_for(step: &ComplianceStep) -> &'static str {
    let doc = step.document().expect("a known step");
    SIX.iter()
        .find(|(name, _)| {
            ComplianceStep::parse(name).document() == Some(doc)
                && ComplianceStep::parse(name) != ComplianceStep::BuyerQrCode
        })
        .map(|(_, sample)| *sample)
        .expect("sample")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_qr_steps_asked_after_the_six_are_passed_by_one_document_each() {
    let h = Harness::start(Environment::Simulation).await;
    let c = h.client(policy());
    let device = new_device(
        zatca::api::Environment::Simulation,
        "399999999900003",
        "1100",
        "qr",
    );
    let csid = compliance_csid(&h, &device).await;
    let creds = Credentials::from(&csid);
    let s = signer(&device, &csid.binary_security_token);
    for (i, (_, sample)) in SIX.iter().enumerate() {
        let r = c
            .compliance_invoice(&creds, &signed(sample, &new_uuid(i as u64), &s).submission)
            .await;
        let body = r.outcome.body().expect("passed").clone();
        assert_eq!(
            (body.qr_seller_status, body.qr_buyer_status),
            (None, None),
            "not asked for"
        );
    }
    h.sim.set_qr_compliance_steps(true).expect("switch");
    let r = c.production_csid(&creds, csid.request_id).await;
    let missing = r.outcome.missing_compliance_steps().expect("missing steps");
    assert_eq!(missing, ComplianceStep::QR_CODES);
    // Do what each step asks: a standard invoice for the buyer's QR, a simplified one for the
    // seller's.
    for (i, step) in missing.iter().enumerate() {
        let doc = signed(sample_for(step), &new_uuid(100 + i as u64), &s);
        let r = c.compliance_invoice(&creds, &doc.submission).await;
        let body = r.outcome.body().expect("passed").clone();
        match step {
            ComplianceStep::BuyerQrCode => assert_eq!(
                (body.qr_buyer_status.as_deref(), body.qr_seller_status),
                (Some("PASS"), None)
            ),
            _ => assert_eq!(
                (body.qr_seller_status.as_deref(), body.qr_buyer_status),
                (Some("PASS"), None)
            ),
        }
        let left = c
            .production_csid(&creds, csid.request_id)
            .await
            .outcome
            .missing_compliance_steps();
        assert_eq!(left.map(|l| l.len()), (i == 0).then_some(1));
    }
    assert!(matches!(
        c.production_csid(&creds, csid.request_id).await.outcome,
        Outcome::Accepted(_)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asked_from_the_start_a_right_qr_passes_the_step_and_a_wrong_one_does_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::start_with(Environment::Simulation, dir, |cfg| {
        cfg.qr_compliance_steps = true
    })
    .await;
    let c = h.client(policy());
    // A title for standard documents only is asked for the buyer's QR only.
    let device = new_device(
        zatca::api::Environment::Simulation,
        "399999999900003",
        "1000",
        "qr-1000",
    );
    let csid = compliance_csid(&h, &device).await;
    let creds = Credentials::from(&csid);
    let s = signer(&device, &csid.binary_security_token);
    // A standard invoice whose QR names another seller: the document passes (ZATCA replaces a
    // standard document's QR at clearance, so it is a warning), its QR does not.
    let doc = signed(STANDARD, &new_uuid(1), &s);
    let text = String::from_utf8(doc.xml.clone()).expect("utf-8");
    let open = "<cbc:EmbeddedDocumentBinaryObject mimeCode=\"text/plain\">";
    let qr_ref = text.find("<cbc:ID>QR</cbc:ID>").expect("QR reference");
    let at = qr_ref + text[qr_ref..].find(open).expect("QR") + open.len();
    let end = at + text[at..].find('<').expect("QR end");
    let mut tlv = Vec::new();
    for (tag, value) in zatca::stamp::qr::decode(&text[at..end]).expect("QR") {
        let value = if tag == 1 {
            b"Another Seller".to_vec()
        } else {
            value
        };
        tlv.push(tag);
        tlv.push(value.len() as u8);
        tlv.extend(value);
    }
    let wrong_qr = format!("{}{}{}", &text[..at], B64.encode(tlv), &text[end..]);
    let wrong = fatoora::InvoiceSubmission::new(wrong_qr.as_bytes(), &doc.hash, &doc.uuid);
    let r = c.compliance_invoice(&creds, &wrong).await;
    match &r.outcome {
        Outcome::AcceptedWithWarnings { body, warnings } => {
            assert_eq!(body.qr_buyer_status.as_deref(), Some("ERROR"));
            assert!(
                warnings
                    .iter()
                    .any(|w| w.code == "sellerName_QRCODE_INVALID"),
                "{warnings:?}"
            );
        }
        other => panic!("expected 202: {other:?}"),
    }
    assert_eq!(
        c.production_csid(&creds, csid.request_id)
            .await
            .outcome
            .missing_compliance_steps(),
        Some(vec![
            ComplianceStep::StandardCreditNote,
            ComplianceStep::StandardDebitNote,
            ComplianceStep::BuyerQrCode
        ])
    );
    // The same invoice with its own QR passes the buyer's QR step.
    let r = c.compliance_invoice(&creds, &doc.submission).await;
    assert_eq!(
        r.outcome.body().and_then(|b| b.qr_buyer_status.as_deref()),
        Some("PASS")
    );
    assert_eq!(
        c.production_csid(&creds, csid.request_id)
            .await
            .outcome
            .missing_compliance_steps(),
        Some(ComplianceStep::DOCUMENTS[1..3].to_vec())
    );
    for (i, (_, sample)) in SIX[1..3].iter().enumerate() {
        assert!(
            c.compliance_invoice(
                &creds,
                &signed(sample, &new_uuid(10 + i as u64), &s).submission
            )
            .await
            .outcome
            .is_accepted()
        );
    }
    assert!(matches!(
        c.production_csid(&creds, csid.request_id).await.outcome,
        Outcome::Accepted(_)
    ));
    // The switch is kept in the state across a restart (whose configuration does not ask for
    // the QR steps), and is turned off over HTTP.
    let h = h.restart().await;
    let c = h.client(policy());
    let device = new_device(
        zatca::api::Environment::Simulation,
        "399999999900003",
        "0100",
        "qr-0100",
    );
    let csid = compliance_csid(&h, &device).await;
    let creds = Credentials::from(&csid);
    let s = signer(&device, &csid.binary_security_token);
    let qr_status = async |n: u64| {
        let r = c
            .compliance_invoice(&creds, &signed(SIMPLIFIED, &new_uuid(n), &s).submission)
            .await;
        r.outcome.body().expect("passed").qr_seller_status.clone()
    };
    assert_eq!(qr_status(20).await.as_deref(), Some("PASS"));
    let url = format!("http://{}/admin/compliance-steps", h.sim.addr());
    assert_eq!(http("PUT", &url, r#"{"qr":1}"#).await.0, 400);
    assert_eq!(http("PUT", &url, r#"{"qrCodes":false}"#).await.0, 200);
    assert_eq!(qr_status(21).await, None);
}
