//! Prepayments a final tax invoice deducts, and the amount rounding of the document.

use chrono::Timelike;
use rust_decimal::Decimal;

use super::MAX_AMOUNT;
use super::fields::{Findings, check_date, is_uuid, money, text};
use super::registry as r;
use super::vat::{VatAt, check_vat};
use crate::model::{DocumentKind, Draft};

pub(super) fn check_prepayments(f: &mut Findings, draft: &Draft) {
    if !draft.prepayments.is_empty() && draft.kind != DocumentKind::Invoice {
        f.add(&r::PREPAYMENTS_ONLY_ON_INVOICES, "prepayments");
    }
    for (i, pp) in draft.prepayments.iter().enumerate() {
        let p = format!("prepayments[{i}]");
        text(f, &format!("{p}.number"), &pp.number, 127);
        text(f, &format!("{p}.description"), &pp.description, 1000);
        if let Some(u) = &pp.uuid
            && !is_uuid(u)
        {
            f.add(&r::PREPAYMENT_UUID, format!("{p}.uuid"));
        }
        check_date(f, &format!("{p}.issue_date"), pp.issue_date);
        if pp.issue_time.nanosecond() != 0 {
            f.add(&r::PREPAYMENT_ISSUE_TIME, format!("{p}.issue_time"));
        }
        money(f, &format!("{p}.taxable_amount"), pp.taxable_amount);
        check_vat(f, &format!("{p}.vat"), &pp.vat, VatAt::Prepayment);
    }
}

/// The payable rounding: two decimals, within the engine's range (it may be negative).
pub(super) fn check_rounding(f: &mut Findings, draft: &Draft) {
    if let Some(rounding) = draft.payable_rounding {
        if rounding.normalize().scale() > 2 {
            f.add(&r::DECIMALS, "payable_rounding");
        }
        if rounding.abs() > Decimal::from(MAX_AMOUNT) {
            f.add_with(
                &r::TOO_LARGE,
                "payable_rounding",
                &[("max", &MAX_AMOUNT.to_string())],
            );
        }
    }
}
