//! VAT treatment: the rate and exemption reason of each line, allowance, charge and prepayment,
//! and the rules across them (one reason per category, prepayments deducted in a category the
//! document has, the buyer of private education or healthcare).

use rust_decimal::Decimal;

use super::fields::{Findings, blank, blank_opt, join, text};
use super::registry::{self as r, Rule};
use super::{EXEMPT_CODES, OUT_OF_SCOPE_CODES, ZERO_RATED_CODES};
use crate::calc::standard_exemption_text;
use crate::model::{Draft, Flow, Vat, VatCategory};

/// What a VAT treatment belongs to (the index of its rule in [`Reasons::rate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum VatAt {
    Line = 0,
    Allowance = 1,
    Charge = 2,
    Prepayment = 3,
}

/// The rules of a zero-rated, exempt or out-of-scope category: its exemption reason codes, a
/// missing and a wrong code, and a rate other than 0 on what carries it (ZATCA names a rule for
/// each of a line, an allowance, a charge and a prepayment).
struct Reasons {
    codes: &'static [&'static str],
    missing: &'static Rule,
    wrong: &'static Rule,
    rate: [&'static Rule; 4],
}

impl Reasons {
    fn rate_rule(&self, at: VatAt) -> &'static Rule {
        self.rate[at as usize]
    }
}

const ZERO_RATED: Reasons = Reasons {
    codes: ZERO_RATED_CODES,
    missing: &r::ZERO_RATED_REASON_MISSING,
    wrong: &r::ZERO_RATED_REASON,
    rate: [
        &r::LINE_ZERO_RATED_RATE,
        &r::ALLOWANCE_ZERO_RATED_RATE,
        &r::CHARGE_ZERO_RATED_RATE,
        &r::PREPAYMENT_ZERO_RATED_RATE,
    ],
};

const EXEMPT: Reasons = Reasons {
    codes: EXEMPT_CODES,
    missing: &r::EXEMPT_REASON_MISSING,
    wrong: &r::EXEMPT_REASON,
    rate: [
        &r::LINE_EXEMPT_RATE,
        &r::ALLOWANCE_EXEMPT_RATE,
        &r::CHARGE_EXEMPT_RATE,
        &r::PREPAYMENT_EXEMPT_RATE,
    ],
};

const OUT_OF_SCOPE: Reasons = Reasons {
    codes: OUT_OF_SCOPE_CODES,
    missing: &r::OUT_OF_SCOPE_REASON_MISSING,
    wrong: &r::OUT_OF_SCOPE_REASON,
    rate: [
        &r::LINE_OUT_OF_SCOPE_RATE,
        &r::ALLOWANCE_OUT_OF_SCOPE_RATE,
        &r::CHARGE_OUT_OF_SCOPE_RATE,
        &r::PREPAYMENT_OUT_OF_SCOPE_RATE,
    ],
};

pub(super) fn check_vat(f: &mut Findings, path: &str, vat: &Vat, at: VatAt) {
    let rate = vat.rate();
    let rate_path = || join(path, "rate");
    let code_path = || join(path, "exemption_reason_code");
    if rate.normalize().scale() > 2 || rate < Decimal::ZERO || rate > Decimal::ONE_HUNDRED {
        f.add(&r::VAT_RATE, rate_path());
        return;
    }
    let reasons = match vat.category {
        VatCategory::S => {
            if rate != Decimal::from(15) && rate != Decimal::from(5) {
                f.add(&r::STANDARD_RATE, rate_path());
            }
            if vat.exemption_reason_code.is_some() || vat.exemption_reason.is_some() {
                f.add(&r::STANDARD_NO_EXEMPTION, code_path());
            }
            return;
        }
        VatCategory::Z => &ZERO_RATED,
        VatCategory::E => &EXEMPT,
        VatCategory::O => &OUT_OF_SCOPE,
    };
    if !rate.is_zero() {
        f.add(reasons.rate_rule(at), rate_path());
    }
    match vat.exemption_reason_code.as_deref() {
        None => f.add(reasons.missing, code_path()),
        Some(c) if !reasons.codes.contains(&c) => f.add_with(
            reasons.wrong,
            code_path(),
            &[("value", c), ("list", &reasons.codes.join(", "))],
        ),
        Some(c) => {
            if blank_opt(&vat.exemption_reason) && standard_exemption_text(c).is_none() {
                f.add_with(
                    &r::EXEMPTION_TEXT,
                    join(path, "exemption_reason"),
                    &[("value", c)],
                );
            }
        }
    }
    if let Some(reason) = &vat.exemption_reason {
        text(f, &join(path, "exemption_reason"), reason, 1000);
    }
}

/// Rules across lines: one exemption reason per category; prepayments deducted in a category
/// the document has; EDU/HEA buyers.
pub(super) fn check_categories(f: &mut Findings, draft: &Draft) {
    /// Where a VAT treatment sits: (list, index), turned into a path only for a finding.
    type At = (&'static str, usize);
    let vat_path = |(list, i): At| format!("{list}[{i}].vat");
    let mut seen: Vec<(VatCategory, Option<&str>, At)> = Vec::new();
    let vats = draft
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| (&l.vat, ("lines", i)))
        .chain(
            draft
                .allowances_charges
                .iter()
                .enumerate()
                .map(|(i, a)| (&a.vat, ("allowances_charges", i))),
        );
    let mut edu_hea = None;
    for (vat, at) in vats {
        if vat.category == VatCategory::S {
            continue;
        }
        let code = vat.exemption_reason_code.as_deref();
        if matches!(code, Some("VATEX-SA-EDU" | "VATEX-SA-HEA")) {
            edu_hea.get_or_insert(at);
        }
        match seen.iter().find(|(c, _, _)| *c == vat.category) {
            Some((_, first, first_at)) if *first != code => f.add_with(
                &r::EXEMPTION_CONFLICT,
                join(&vat_path(at), "exemption_reason_code"),
                &[
                    ("category", vat.category.code()),
                    ("first", first.unwrap_or("(none)")),
                    ("at", &vat_path(*first_at)),
                ],
            ),
            Some(_) => {}
            None => seen.push((vat.category, code, at)),
        }
    }
    for (i, pp) in draft.prepayments.iter().enumerate() {
        let cat = pp.vat.category;
        let present = draft
            .lines
            .iter()
            .map(|l| &l.vat)
            .chain(draft.allowances_charges.iter().map(|a| &a.vat))
            .any(|v| v.category == cat);
        if !present {
            let rule = match cat {
                VatCategory::S => &r::PREPAYMENT_STANDARD_CATEGORY,
                VatCategory::Z => &r::PREPAYMENT_ZERO_RATED_CATEGORY,
                VatCategory::E => &r::PREPAYMENT_EXEMPT_CATEGORY,
                VatCategory::O => &r::PREPAYMENT_OUT_OF_SCOPE_CATEGORY,
            };
            f.add_with(
                rule,
                format!("prepayments[{i}].vat.category"),
                &[("category", cat.code())],
            );
        }
    }
    if let Some(p) = edu_hea.map(vat_path) {
        let buyer = draft.buyer.as_ref();
        if buyer
            .and_then(|b| b.id.as_ref())
            .is_none_or(|id| id.scheme != "NAT")
        {
            f.add_with(&r::EDU_HEA_NATIONAL_ID, "buyer.id", &[("at", &p)]);
        }
        if draft.flow == Flow::Simplified && buyer.is_none_or(|b| blank(&b.name)) {
            f.add_with(&r::EDU_HEA_BUYER_NAME, "buyer.name", &[("at", &p)]);
        }
    }
}
