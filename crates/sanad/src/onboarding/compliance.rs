//! The compliance documents: one of every kind a device's title promises, made from the
//! company's own data, signed with the compliance CSID and checked here before they are sent.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use zatca::api::ComplianceStep;
use zatca::model::{
    Address, ChainFields, DocumentKind, Draft, Flags, Line, Party, Supply, Vat, VatCategory,
};
use zatca::stamp::{self, Signer};

use crate::error::{Class, Error};

/// The buyer of the standard compliance documents: a VAT-registered Saudi business with a full
/// national address, as ZATCA's rules want of a standard invoice's buyer.
fn sample_buyer() -> Party {
    Party {
        name: "شركة العميل للاختبار | Test Buyer Co".to_owned(),
        vat_number: Some("399999999800003".to_owned()),
        id: None,
        address: Some(Address {
            street: "طريق الملك فهد | King Fahd Road".to_owned(),
            additional_street: None,
            building_number: Some("1234".to_owned()),
            additional_number: Some("5678".to_owned()),
            district: Some("العليا | Al Olaya".to_owned()),
            city: "الرياض | Riyadh".to_owned(),
            postal_zone: Some("12211".to_owned()),
            region: None,
            country: "SA".to_owned(),
        }),
    }
}

/// The draft that passes `step`, numbered `number`, issued at `at` (Saudi time). Notes refer to
/// `original` (the compliance invoice of their flow).
pub fn draft(
    step: &ComplianceStep,
    seller: &Party,
    number: &str,
    original: &str,
    at: NaiveDateTime,
) -> Draft {
    // A step Sanad does not know (ZATCA may add some) gets the simplified invoice; ZATCA's
    // answer tells whether it passed.
    let (flow, kind) = step
        .document()
        .unwrap_or((zatca::model::Flow::Simplified, DocumentKind::Invoice));
    let standard = flow == zatca::model::Flow::Standard;
    let note = kind.is_note();
    Draft {
        kind,
        flow,
        flags: Flags::default(),
        number: number.to_owned(),
        uuid: uuid::Uuid::new_v4().to_string(),
        issue_date: at.date(),
        issue_time: at.time(),
        currency: "SAR".to_owned(),
        exchange_rate: None,
        notes: vec!["Compliance check | فحص الامتثال".to_owned()],
        seller: seller.clone(),
        buyer: standard.then(sample_buyer),
        billing_reference: note.then(|| original.to_owned()),
        reason: note.then(|| match kind {
            DocumentKind::CreditNote => "Returned goods | إرجاع بضاعة".to_owned(),
            _ => "Price adjustment | تعديل السعر".to_owned(),
        }),
        supply: standard.then(|| Supply {
            date: at.date(),
            end_date: None,
        }),
        payment_means: Some("10".to_owned()),
        purchase_order: None,
        contract: None,
        allowances_charges: Vec::new(),
        prepayments: Vec::new(),
        payable_rounding: None,
        lines: vec![Line {
            name: "صنف اختبار الامتثال | Compliance test item".to_owned(),
            quantity: Decimal::ONE,
            unit_code: "PCE".to_owned(),
            price: Decimal::new(10000, 2),
            base_quantity: None,
            price_discount: None,
            allowances_charges: Vec::new(),
            vat: Vat {
                category: VatCategory::S,
                rate: Some(Decimal::from(15)),
                exemption_reason_code: None,
                exemption_reason: None,
            },
        }],
    }
}

/// A signed compliance document, ready to send.
#[derive(Debug, Clone)]
pub struct Signed {
    pub step: ComplianceStep,
    pub xml: Vec<u8>,
    pub hash: String,
    pub uuid: String,
}

/// Prepares, signs and checks the compliance document of `step`: the engine's pre-flight rules,
/// then verification of the signed bytes against the compliance certificate. A document that
/// fails here is never sent.
pub fn sign(
    step: &ComplianceStep,
    seller: &Party,
    signer: &Signer,
    chain: &ChainFields,
    at: NaiveDateTime,
) -> Result<Signed, Error> {
    let number = format!("CMPL-{:02}", chain.icv);
    let original = "CMPL-01";
    let d = draft(step, seller, &number, original, at);
    let prepared = zatca::prepare(&d, chain).map_err(|e| {
        let first = e.problems.first();
        Error::new(
            first.map_or("SANAD-COMPLIANCE-DRAFT", |p| p.code()),
            Class::BadInput,
            format!("the company profile cannot make a valid {step} document: {e}"),
            format!(
                "تعذّر إنشاء مستند صالح لفحص الامتثال ({step}) من بيانات المنشأة؛ راجع بيانات المنشأة: {}",
                first.map_or(String::new(), |p| p.path.clone())
            ),
        )
        .with_detail(e.to_string())
    })?;
    let signed = stamp::sign(&prepared.xml, signer, at).map_err(|e| {
        Error::new(
            "SANAD-COMPLIANCE-SIGN",
            Class::BadInput,
            format!("the {step} compliance document cannot be signed: {e}"),
            format!("تعذّر توقيع مستند فحص الامتثال ({step}): تحقق من اسم المنشأة ورقمها الضريبي"),
        )
    })?;
    let report = zatca::verify::verify_with(
        &signed.xml,
        &zatca::verify::Expect {
            pih: Some(&chain.pih),
            certificate: Some(signer.certificate()),
        },
    );
    if !report.is_valid() {
        let failed: Vec<String> = report
            .failures()
            .map(|f| format!("{}: {}", f.check.name(), f.detail))
            .collect();
        return Err(Error::new(
            "SANAD-COMPLIANCE-VERIFY",
            Class::Local,
            format!("the signed {step} compliance document does not verify"),
            format!("مستند فحص الامتثال الموقّع ({step}) لا يجتاز التحقق"),
        )
        .with_detail(failed.join("; ")));
    }
    Ok(Signed {
        step: step.clone(),
        hash: signed.hash.to_base64(),
        uuid: d.uuid,
        xml: signed.xml,
    })
}
