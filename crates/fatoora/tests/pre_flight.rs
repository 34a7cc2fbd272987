//! The simulator runs the engine's pre-flight rules on every submitted document (without
//! Python): a correctly signed document whose content breaks a rule is answered with the rule's
//! ZATCA code, weighed as ZATCA's rule files weigh it.

mod support;

use fatoora::{InvoiceSubmission, Outcome};
use support::*;
use zatca::api::Environment;

const STANDARD_CREDIT: &str = "Standard/Credit/Standard_Credit_Note.xml";

/// An SDK sample with `edit` applied to its unsigned bytes, then signed.
fn edited(sample: &str, uuid: &str, signer: &zatca::stamp::Signer, edit: &str) -> Doc {
    let unsigned = String::from_utf8(unsigned_sample(sample, uuid)).expect("utf-8");
    let start = unsigned.find(edit).expect("element to remove");
    let broken = format!("{}{}", &unsigned[..start], &unsigned[start + edit.len()..]);
    let s = zatca::stamp::sign(broken.as_bytes(), signer, signing_time()).expect("signs");
    let hash = s.hash.to_base64();
    Doc {
        submission: InvoiceSubmission::new(&s.xml, &hash, uuid),
        xml: s.xml,
        hash,
        uuid: uuid.to_owned(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_document_breaking_a_rule_is_answered_with_its_code() {
    let h = Harness::start(Environment::Sandbox).await;
    let c = h.client(policy());
    let dev = onboard(&c, "csr-en-individual-nonproduction", "123345").await;

    // A standard credit note without its reason (KSA-10): BR-KSA-17, an error in ZATCA's rule
    // files, so it is not cleared.
    let note = edited(
        STANDARD_CREDIT,
        &new_uuid(1),
        &dev.signer,
        "<cbc:InstructionNote>In case of goods or services refund | عند ترجيع السلع أو الخدمات</cbc:InstructionNote>",
    );
    assert!(
        zatca::verify::verify(&note.xml).is_valid(),
        "signed correctly"
    );
    let r = c.clear(&dev.production, &note.submission).await;
    match &r.outcome {
        Outcome::Rejected { validation } => {
            let m = validation
                .error_messages
                .iter()
                .find(|m| m.code == "BR-KSA-17")
                .unwrap_or_else(|| panic!("BR-KSA-17 in {validation:?}"));
            assert_eq!(m.category, "KSA");
            assert!(
                m.message
                    .contains("Invoice/cac:PaymentMeans/cbc:InstructionNote"),
                "{m:?}"
            );
            assert_eq!(validation.error_messages.len(), 1, "{validation:?}");
        }
        other => panic!("expected a rejection: {other:?}"),
    }
    // The same as a simplified credit note, reported: NOT_REPORTED with the same code.
    let simplified = edited(
        "Simplified/Credit/Simplified_Credit_Note.xml",
        &new_uuid(2),
        &dev.signer,
        "<cbc:InstructionNote>In case of goods or services refund | عند ترجيع السلع أو الخدمات</cbc:InstructionNote>",
    );
    let r = c.report(&dev.production, &simplified.submission).await;
    match &r.outcome {
        Outcome::Rejected { validation } => assert!(
            validation
                .error_messages
                .iter()
                .any(|m| m.code == "BR-KSA-17"),
            "{validation:?}"
        ),
        other => panic!("expected a rejection: {other:?}"),
    }

    // A standard invoice without the buyer's VAT number or other identifier: BR-KSA-81, which
    // ZATCA's rule files raise as a warning only: cleared, with the warning.
    let vat = "<cac:PartyTaxScheme>\n                <cbc:CompanyID>399999999800003</cbc:CompanyID>\n                <cac:TaxScheme>\n                    <cbc:ID>VAT</cbc:ID>\n                </cac:TaxScheme>\n            </cac:PartyTaxScheme>";
    let no_buyer_vat = edited(STANDARD, &new_uuid(3), &dev.signer, vat);
    let r = c.clear(&dev.production, &no_buyer_vat.submission).await;
    match &r.outcome {
        Outcome::AcceptedWithWarnings { warnings, body } => {
            assert_eq!(body.clearance_status.as_deref(), Some("CLEARED"));
            let w = warnings
                .iter()
                .find(|w| w.code == "BR-KSA-81")
                .unwrap_or_else(|| panic!("BR-KSA-81 in {warnings:?}"));
            assert_eq!(w.category, "KSA");
        }
        other => panic!("expected clearance with a warning: {other:?}"),
    }
    let stats = h.sim.stats().expect("stats");
    assert_eq!(stats.accepted_clearance, 1);
    assert_eq!(stats.accepted_reporting, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cleared_document_reads_back_into_the_submitted_draft() {
    let h = Harness::start(Environment::Sandbox).await;
    let c = h.client(policy());
    let dev = onboard(&c, "csr-en-individual-nonproduction", "123345").await;
    let doc = signed(STANDARD, &new_uuid(1), &dev.signer);
    let r = c.clear(&dev.production, &doc.submission).await;
    let cleared = match &r.outcome {
        Outcome::Accepted(body) => body.cleared_xml().expect("cleared invoice"),
        other => panic!("clearance: {other:?}"),
    };
    let ours = zatca::ubl::parse(&doc.xml).expect("submitted document reads");
    let theirs = zatca::ubl::parse(&cleared).expect("cleared document reads");
    assert_eq!(ours, theirs);
    assert!(zatca::rules::check_xml(&cleared).expect("reads").is_empty());
}
