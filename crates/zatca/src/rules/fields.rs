//! The findings list and the checks every family uses: texts, dates, amounts, identifiers.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::registry::{self as r, Rule};
use crate::error::Problem;

/// The findings of one pass, in the order the checks run.
pub(super) struct Findings(pub(super) Vec<Problem>);

impl Findings {
    pub(super) fn new() -> Self {
        Self(Vec::new())
    }

    /// A finding of `rule` at `path`.
    pub(super) fn add(&mut self, rule: &'static Rule, path: impl Into<String>) {
        self.0.push(Problem::new(rule, path, &[]));
    }

    /// A finding of `rule` at `path`, its messages naming `args`.
    pub(super) fn add_with(
        &mut self,
        rule: &'static Rule,
        path: impl Into<String>,
        args: &[(&str, &str)],
    ) {
        self.0.push(Problem::new(rule, path, args));
    }
}

pub(super) fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

pub(super) fn blank_opt(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(blank)
}

pub(super) fn join(base: &str, field: &str) -> String {
    if base.is_empty() {
        field.to_string()
    } else {
        format!("{base}.{field}")
    }
}

pub(super) fn is_vat_number(s: &str) -> bool {
    s.len() == 15 && s.bytes().all(|b| b.is_ascii_digit()) && s.starts_with('3') && s.ends_with('3')
}

pub(super) fn alnum(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

pub(super) fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Characters XML 1.0 cannot carry (controls other than tab, line feed and carriage return, and
/// the non-characters U+FFFE and U+FFFF).
fn unwritable(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// A required text: not blank, then [`optional_text`].
pub(super) fn text(f: &mut Findings, path: &str, value: &str, max: usize) {
    if blank(value) {
        f.add(&r::MISSING, path);
    } else {
        optional_text(f, path, value, max);
    }
}

/// A text that may be empty: length and characters only.
pub(super) fn optional_text(f: &mut Findings, path: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        f.add_with(&r::TOO_LONG, path, &[("max", &max.to_string())]);
    }
    if value.chars().any(unwritable) {
        f.add(&r::CONTROL_CHARACTER, path);
    }
}

/// An optional text that, when given, must not be blank.
pub(super) fn opt_text(f: &mut Findings, path: &str, value: &Option<String>, max: usize) {
    if let Some(v) = value {
        text(f, path, v, max);
    }
}

/// A date as UBL writes it: four-digit years only.
pub(super) fn check_date(f: &mut Findings, path: &str, date: NaiveDate) {
    if !(1000..=9999).contains(&date.year()) {
        f.add(&r::YEAR, path);
    }
}

/// An amount or quantity: not negative, at most `max`.
pub(super) fn amount(f: &mut Findings, path: &str, value: Decimal, max: i64) {
    if value < Decimal::ZERO {
        f.add(&r::NEGATIVE, path);
    } else if value > Decimal::from(max) {
        f.add_with(&r::TOO_LARGE, path, &[("max", &max.to_string())]);
    }
}

/// A money amount: [`amount`] with at most two decimals.
pub(super) fn money(f: &mut Findings, path: &str, value: Decimal) {
    amount(f, path, value, super::MAX_AMOUNT);
    if value.normalize().scale() > 2 {
        f.add(&r::DECIMALS, path);
    }
}
