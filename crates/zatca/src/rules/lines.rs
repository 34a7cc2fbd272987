//! Invoice lines and the allowances and charges of lines and of the whole document.

use rust_decimal::Decimal;

use super::fields::{Findings, alnum, amount, blank_opt, join, money, opt_text, text};
use super::registry::{self as r, Rule};
use super::vat::{VatAt, check_vat};
use super::{MAX_AMOUNT, MAX_LINES, MAX_QUANTITY, MIN_BASE_QUANTITY};
use crate::model::Draft;

pub(super) fn check_lines(f: &mut Findings, draft: &Draft) {
    if draft.lines.is_empty() {
        f.add(&r::NO_LINES, "lines");
    } else if draft.lines.len() > MAX_LINES {
        f.add_with(
            &r::TOO_MANY_LINES,
            "lines",
            &[("max", &MAX_LINES.to_string())],
        );
    }
    for (i, line) in draft.lines.iter().enumerate() {
        let p = format!("lines[{i}]");
        text(f, &format!("{p}.name"), &line.name, 1000);
        if !alnum(&line.unit_code) {
            f.add(&r::UNIT_CODE, format!("{p}.unit_code"));
        }
        let quantity = format!("{p}.quantity");
        if line.quantity.is_zero() {
            f.add(&r::QUANTITY_ZERO, quantity);
        } else {
            amount(f, &quantity, line.quantity, MAX_QUANTITY);
        }
        amount(f, &format!("{p}.price"), line.price, MAX_AMOUNT);
        if let Some(b) = line.base_quantity {
            let path = format!("{p}.base_quantity");
            if b <= Decimal::ZERO {
                f.add(&r::BASE_QUANTITY_ZERO, path);
            } else if b < MIN_BASE_QUANTITY {
                f.add(&r::BASE_QUANTITY_SMALL, path);
            } else if b > Decimal::from(MAX_QUANTITY) {
                f.add_with(&r::TOO_LARGE, path, &[("max", &MAX_QUANTITY.to_string())]);
            }
        }
        if let Some(d) = line.price_discount {
            money(f, &format!("{p}.price_discount"), d);
        }
        for (j, ac) in line.allowances_charges.iter().enumerate() {
            let q = format!("{p}.allowances_charges[{j}]");
            money(f, &format!("{q}.amount"), ac.amount);
            check_reason(
                f,
                &q,
                ac.charge,
                &ac.reason_code,
                &ac.reason,
                &r::LINE_CHARGE_REASON,
            );
        }
        check_vat(f, &format!("{p}.vat"), &line.vat, VatAt::Line);
    }
}

pub(super) fn check_document_allowances(f: &mut Findings, draft: &Draft) {
    for (i, ac) in draft.allowances_charges.iter().enumerate() {
        let p = format!("allowances_charges[{i}]");
        money(f, &format!("{p}.amount"), ac.amount);
        check_reason(
            f,
            &p,
            ac.charge,
            &ac.reason_code,
            &ac.reason,
            &r::DOCUMENT_CHARGE_REASON,
        );
        let at = if ac.charge {
            VatAt::Charge
        } else {
            VatAt::Allowance
        };
        check_vat(f, &format!("{p}.vat"), &ac.vat, at);
    }
}

/// Allowances and charges: a charge needs a reason or reason code (`rule`: BR-KSA-21 on the
/// document, BR-KSA-22 on a line); an allowance may go without.
fn check_reason(
    f: &mut Findings,
    path: &str,
    charge: bool,
    code: &Option<String>,
    reason: &Option<String>,
    rule: &'static Rule,
) {
    if charge && blank_opt(code) && blank_opt(reason) {
        f.add(rule, join(path, "reason"));
    }
    opt_text(f, &join(path, "reason"), reason, 1000);
    if let Some(c) = code
        && !alnum(c)
    {
        f.add(&r::REASON_CODE, join(path, "reason_code"));
    }
}
