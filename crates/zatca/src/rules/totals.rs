//! What only the computed amounts show: a negative line net, category taxable amount or amount
//! due, each reported at the field the draft wrote that makes it so.

use rust_decimal::Decimal;

use super::fields::Findings;
use super::registry as r;
use crate::calc::Totals;
use crate::model::Draft;

/// Checks the computed amounts: no negative line net, category taxable or payable amount.
pub fn check_totals(draft: &Draft, totals: &Totals) -> Vec<crate::Problem> {
    let mut f = Findings::new();
    for (i, l) in totals.lines.iter().enumerate() {
        if l.net < Decimal::ZERO {
            f.add(
                &r::LINE_NET_NEGATIVE,
                format!("lines[{i}].allowances_charges"),
            );
        }
    }
    // A negative category total comes from its document allowances (or from a negative line,
    // reported above).
    for s in &totals.subtotals {
        let allowance = draft.allowances_charges.iter().position(|a| {
            !a.charge && a.vat.category == s.category && a.vat.rate().normalize() == s.rate
        });
        if s.taxable < Decimal::ZERO
            && let Some(i) = allowance
        {
            f.add_with(
                &r::CATEGORY_NEGATIVE,
                format!("allowances_charges[{i}].amount"),
                &[("category", s.category.code())],
            );
        }
    }
    // A negative amount due: the prepayments deducted or the rounding written. A negative total
    // with VAT comes from a negative line or category, reported above at its field.
    if totals.payable < Decimal::ZERO && totals.tax_inclusive >= Decimal::ZERO {
        if totals.prepaid > totals.tax_inclusive {
            f.add(&r::PREPAID_ABOVE_DUE, "prepayments");
        } else {
            f.add(&r::ROUNDING_BELOW_ZERO, "payable_rounding");
        }
    }
    f.0
}
