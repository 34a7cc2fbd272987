//! ZATCA's pre-flight rules (`zatca::rules`) on a received document: its content, as
//! `zatca::read` reads it, is put back into the engine's draft model and checked like a document
//! Sanad is about to issue.
//! Every SDK sample passes them with no finding, as it passes ZATCA's own validator.

use chrono::NaiveTime;
use zatca::model::{
    self, Address, DocumentAllowanceCharge, DocumentKind, Draft, Flags, Flow, LineAllowanceCharge,
    PartyId, Supply, Vat, VatCategory,
};
use zatca::read::{self, Kind, Profile};
use zatca::{calc, rules};

use super::report::{Finding, Severity};

/// Draft fields a UBL document does not carry in a form the draft model can take back (the
/// exchange rate, order and contract references, prepayment deductions): rules about them are
/// not applied to received documents.
const NOT_IN_XML: [&str; 4] = ["exchange_rate", "purchase_order", "contract", "prepayments"];

pub(super) fn findings(doc: &read::Document) -> Vec<Finding> {
    let draft = match draft(doc) {
        Ok(d) => d,
        Err(finding) => return vec![finding],
    };
    let mut problems = rules::check_draft(&draft);
    let has_prepayments = doc.lines.iter().any(|l| l.prepayment.is_some());
    if !has_prepayments {
        problems.extend(rules::check_totals(&draft, &calc::totals(&draft)));
    }
    problems
        .into_iter()
        .filter(|p| !NOT_IN_XML.iter().any(|f| p.path.starts_with(f)))
        .map(|p| Finding {
            code: p.code().to_owned(),
            severity: Severity::Error,
            message: if p.path.is_empty() {
                p.message
            } else {
                format!("{}: {}", p.path, p.message)
            },
        })
        .collect()
}

fn unreadable(field: &str, value: &str) -> Finding {
    Finding {
        code: "SANAD-INVALID".into(),
        severity: Severity::Warning,
        message: format!("{field}: `{value}` cannot be read; the rules were not run"),
    }
}

fn time(text: &str, field: &str) -> Result<NaiveTime, Finding> {
    // `12:21:28`, possibly with a zone suffix (`Z`, `+03:00`) ZATCA tolerates.
    text.get(..8)
        .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M:%S").ok())
        .ok_or_else(|| unreadable(field, text))
}

fn category(code: Option<&str>, field: &str) -> Result<VatCategory, Finding> {
    match code.unwrap_or_default() {
        "S" => Ok(VatCategory::S),
        "Z" => Ok(VatCategory::Z),
        "E" => Ok(VatCategory::E),
        "O" => Ok(VatCategory::O),
        other => Err(unreadable(field, other)),
    }
}

fn draft(doc: &read::Document) -> Result<Draft, Finding> {
    // A category's exemption reason sits on the VAT breakdown in UBL, on each line in a draft.
    let vat = |code: Option<&str>, rate, field: &str| -> Result<Vat, Finding> {
        let category = category(code, field)?;
        let breakdown = doc
            .vat_breakdown
            .iter()
            .find(|b| b.category == category.code());
        Ok(Vat {
            category,
            rate,
            exemption_reason_code: breakdown.and_then(|b| b.exemption_code.clone()),
            exemption_reason: breakdown.and_then(|b| b.exemption_reason.clone()),
        })
    };
    let mut lines = Vec::new();
    for l in doc.lines.iter().filter(|l| l.prepayment.is_none()) {
        lines.push(model::Line {
            name: l.name.clone(),
            quantity: l.quantity,
            unit_code: l.unit_code.clone().unwrap_or_default(),
            price: l.price,
            base_quantity: l.base_quantity,
            price_discount: l.price_discount,
            allowances_charges: l
                .allowances_charges
                .iter()
                .map(|a| LineAllowanceCharge {
                    charge: a.is_charge,
                    reason_code: a.reason_code.clone(),
                    reason: a.reason.clone(),
                    amount: a.amount,
                })
                .collect(),
            vat: vat(
                l.category.as_deref(),
                l.rate,
                "cac:ClassifiedTaxCategory/cbc:ID",
            )?,
        });
    }
    let mut allowances_charges = Vec::new();
    for a in &doc.allowances_charges {
        allowances_charges.push(DocumentAllowanceCharge {
            charge: a.is_charge,
            reason_code: a.reason_code.clone(),
            reason: a.reason.clone(),
            amount: a.amount,
            vat: vat(
                a.category.as_deref(),
                a.rate,
                "cac:AllowanceCharge/cac:TaxCategory",
            )?,
        });
    }
    Ok(Draft {
        kind: match doc.kind {
            Kind::Invoice => DocumentKind::Invoice,
            Kind::CreditNote => DocumentKind::CreditNote,
            Kind::DebitNote => DocumentKind::DebitNote,
            Kind::Prepayment => DocumentKind::Prepayment,
        },
        flow: match doc.profile {
            Profile::Standard => Flow::Standard,
            Profile::Simplified => Flow::Simplified,
        },
        flags: Flags {
            third_party: doc.flags.third_party,
            nominal: doc.flags.nominal,
            export: doc.flags.export,
            summary: doc.flags.summary,
            self_billed: doc.flags.self_billed,
        },
        number: doc.number.clone(),
        uuid: doc.uuid.clone(),
        issue_date: doc.issue_date,
        issue_time: time(&doc.issue_time, "cbc:IssueTime")?,
        currency: doc.currency.clone(),
        exchange_rate: None,
        notes: doc.notes.clone(),
        seller: party(&doc.seller),
        buyer: doc.buyer.as_ref().map(party),
        billing_reference: doc.billing_references.first().cloned(),
        reason: doc.reason.clone(),
        supply: doc.supply_date.map(|date| Supply {
            date,
            end_date: doc.supply_end_date,
        }),
        payment_means: doc.payment_means.clone(),
        purchase_order: None,
        contract: None,
        allowances_charges,
        prepayments: Vec::new(),
        payable_rounding: doc.totals.payable_rounding,
        lines,
    })
}

fn party(p: &read::Party) -> model::Party {
    let a = &p.address;
    let any_address = [
        &a.street,
        &a.additional_street,
        &a.building_number,
        &a.plot,
        &a.district,
        &a.city,
        &a.postal_zone,
        &a.country_subentity,
        &a.country,
    ]
    .iter()
    .any(|part| part.is_some());
    model::Party {
        name: p.name.clone().unwrap_or_default(),
        vat_number: p.vat_number.clone(),
        id: p.ids.first().map(|id| PartyId {
            scheme: id.scheme.clone().unwrap_or_default(),
            value: id.value.clone(),
        }),
        address: any_address.then(|| Address {
            street: a.street.clone().unwrap_or_default(),
            additional_street: a.additional_street.clone(),
            building_number: a.building_number.clone(),
            additional_number: a.plot.clone(),
            district: a.district.clone(),
            city: a.city.clone().unwrap_or_default(),
            postal_zone: a.postal_zone.clone(),
            region: a.country_subentity.clone(),
            country: a.country.clone().unwrap_or_default(),
        }),
    }
}
