//! The document as the screen shows it, from `zatca::read`'s view of the XML. Amounts are the
//! XML's own decimals, written out unchanged (`Decimal`'s text keeps the document's scale).

use zatca::read::{self, Address};

use super::report::{DocumentView, Line, LineAllowance, Party, PartyId, Totals, VatCategoryTotal};

pub(super) fn document_view(doc: &read::Document) -> DocumentView {
    DocumentView {
        kind: doc.kind,
        flow: doc.flow,
        number: doc.number.clone(),
        uuid: Some(doc.uuid.clone()).filter(|u| !u.is_empty()),
        issue_date: doc.issue_date.to_string(),
        issue_time: Some(doc.issue_time.clone()).filter(|t| !t.is_empty()),
        supply_date: doc.supply_date.map(|d| d.to_string()),
        currency: doc.currency.clone(),
        icv: doc.icv.clone(),
        seller: party(&doc.seller),
        buyer: doc.buyer.as_ref().map(party),
        billing_reference: Some(doc.billing_references.join(", ")).filter(|r| !r.is_empty()),
        note_reason: doc.reason.clone(),
        lines: doc
            .lines
            .iter()
            .map(|l| Line {
                id: l.id.clone(),
                name: l.name.clone(),
                quantity: l.quantity.to_string(),
                unit: l.unit_code.clone(),
                unit_price: l.price.to_string(),
                allowances: l
                    .allowances_charges
                    .iter()
                    .map(|a| LineAllowance {
                        is_charge: a.is_charge,
                        amount: a.amount.to_string(),
                    })
                    .collect(),
                net_amount: l.net.to_string(),
                vat_category: l.category.clone().unwrap_or_default(),
                vat_rate: l.rate.map(|r| r.to_string()),
                vat_amount: l.vat.map(|v| v.to_string()),
                amount_with_vat: l.total_with_vat.map(|v| v.to_string()),
            })
            .collect(),
        vat_breakdown: doc
            .vat_breakdown
            .iter()
            .map(|v| VatCategoryTotal {
                category: v.category.clone(),
                rate: v.rate.map(|r| r.to_string()),
                taxable_amount: v.taxable.to_string(),
                vat_amount: v.vat.to_string(),
                exemption_reason: match (&v.exemption_code, &v.exemption_reason) {
                    (Some(code), Some(text)) => Some(format!("{code}: {text}")),
                    (code, text) => code.clone().or_else(|| text.clone()),
                },
            })
            .collect(),
        totals: Totals {
            line_extension: doc.totals.line_extension.to_string(),
            allowances: doc.totals.allowance_total.map(|v| v.to_string()),
            charges: doc.totals.charge_total.map(|v| v.to_string()),
            tax_exclusive: doc.totals.tax_exclusive.to_string(),
            vat: doc.totals.vat_total.to_string(),
            vat_in_sar: doc
                .is_foreign_currency()
                .then_some(doc.totals.vat_total_tax_currency)
                .flatten()
                .map(|v| v.to_string()),
            tax_inclusive: doc.totals.tax_inclusive.to_string(),
            prepaid: doc.totals.prepaid.map(|v| v.to_string()),
            rounding: doc.totals.payable_rounding.map(|v| v.to_string()),
            payable: doc.totals.payable.to_string(),
        },
    }
}

fn party(p: &read::Party) -> Party {
    Party {
        name: p.name.clone().unwrap_or_default(),
        vat_number: p.vat_number.clone(),
        ids: p
            .ids
            .iter()
            .map(|id| PartyId {
                scheme: id.scheme.clone(),
                value: id.value.clone(),
            })
            .collect(),
        address: address(&p.address),
        country: p.address.country.clone(),
    }
}

/// One line of address: "building street, additional street, district, city postal code, region".
fn address(a: &Address) -> Option<String> {
    let join = |parts: &[&Option<String>], sep: &str| {
        let parts: Vec<&str> = parts
            .iter()
            .filter_map(|p| p.as_deref())
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(sep))
    };
    let street = join(&[&a.building_number, &a.street], " ");
    let city = join(&[&a.city, &a.postal_zone], " ");
    join(
        &[
            &street,
            &a.additional_street,
            &a.district,
            &city,
            &a.country_subentity,
        ],
        ", ",
    )
}
