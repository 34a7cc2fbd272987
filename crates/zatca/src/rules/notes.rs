//! Credit and debit notes (billing reference, reason) and the references every document may
//! carry (payment means, purchase order, contract).

use super::PAYMENT_MEANS_CODES;
use super::fields::{Findings, blank_opt, opt_text};
use super::registry as r;
use crate::model::Draft;

pub(super) fn check_references(f: &mut Findings, draft: &Draft) {
    if draft.kind.is_note() {
        if blank_opt(&draft.billing_reference) {
            f.add(&r::NOTE_BILLING_REFERENCE, "billing_reference");
        }
        if blank_opt(&draft.reason) {
            f.add(&r::NOTE_REASON, "reason");
        }
        if draft.payment_means.is_none() {
            f.add(&r::NOTE_PAYMENT_MEANS, "payment_means");
        }
    } else if draft.reason.is_some() {
        f.add(&r::REASON_ONLY_ON_NOTES, "reason");
    }
    opt_text(f, "billing_reference", &draft.billing_reference, 5000);
    opt_text(f, "reason", &draft.reason, 1000);
    if let Some(code) = &draft.payment_means
        && !PAYMENT_MEANS_CODES.contains(&code.as_str())
    {
        f.add_with(&r::PAYMENT_MEANS, "payment_means", &[("value", code)]);
    }
    opt_text(f, "purchase_order", &draft.purchase_order, 127);
    opt_text(f, "contract", &draft.contract, 127);
}
