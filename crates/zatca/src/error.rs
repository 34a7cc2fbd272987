//! Errors of a draft: typed, each naming the field path (`lines[2].vat.exemption_reason`), and
//! for business rules carrying ZATCA's own rule code (`BR-KSA-17`).

use std::fmt;

use crate::rules::registry::{Rule, Severity, render};

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The JSON does not match the draft format (syntax, type, unknown or missing field).
    Json,
    /// A required value is missing or empty.
    Missing,
    /// An amount, quantity or price is negative.
    Negative,
    /// A quantity or base quantity is zero where it must be positive.
    NotPositive,
    /// An amount has more than two decimals.
    TooManyDecimals,
    /// A value is outside its code list or format (currency, unit, UUID, time, …).
    InvalidValue,
    /// A value is too long for its field.
    TooLong,
    /// The document has no lines.
    NoLines,
    /// Lines or allowances of one VAT category disagree on their exemption reason.
    ConflictingExemption,
    /// A number does not fit the engine's decimal range.
    Overflow,
    /// A ZATCA or EN 16931 business rule, with its code.
    Rule(&'static str),
}

impl ErrorKind {
    /// A stable code: the ZATCA rule code for rules, `SANAD-…` for field errors.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Json => "SANAD-JSON",
            ErrorKind::Missing => "SANAD-MISSING",
            ErrorKind::Negative => "SANAD-NEGATIVE",
            ErrorKind::NotPositive => "SANAD-NOT-POSITIVE",
            ErrorKind::TooManyDecimals => "SANAD-DECIMALS",
            ErrorKind::InvalidValue => "SANAD-INVALID",
            ErrorKind::TooLong => "SANAD-TOO-LONG",
            ErrorKind::NoLines => "SANAD-NO-LINES",
            ErrorKind::ConflictingExemption => "SANAD-EXEMPTION-CONFLICT",
            ErrorKind::Overflow => "SANAD-OVERFLOW",
            ErrorKind::Rule(code) => code,
        }
    }
}

/// One finding about a draft: the rule it breaks, the field and the message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The rule (its code, severity and messages), one of [`crate::rules::REGISTRY`].
    pub rule: &'static Rule,
    /// Field path in the draft, e.g. `lines[2].vat.exemption_reason` (empty: the whole draft).
    pub path: String,
    /// What is wrong, in English, with the values named.
    pub message: String,
    /// What is wrong, in Arabic, with the values named.
    pub message_ar: String,
}

impl Problem {
    /// A finding of `rule` at `path`; `args` fill the messages' `{name}` placeholders.
    pub fn new(rule: &'static Rule, path: impl Into<String>, args: &[(&str, &str)]) -> Self {
        let path = path.into();
        debug_assert!(
            rule.applies_to(&path),
            "{} reported at {path}, not at {}",
            rule.code(),
            rule.path
        );
        Self {
            rule,
            path,
            message: render(rule.en, args),
            message_ar: render(rule.ar, args),
        }
    }

    /// What kind of problem.
    pub fn kind(&self) -> ErrorKind {
        self.rule.kind
    }

    /// The code: the ZATCA rule code or `SANAD-…`.
    pub fn code(&self) -> &'static str {
        self.rule.code()
    }

    /// How ZATCA weighs it.
    pub fn severity(&self) -> Severity {
        self.rule.severity
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(draft)"
        } else {
            &self.path
        };
        write!(f, "[{}] {}: {}", self.code(), path, self.message)
    }
}

/// A draft that cannot become a document, with every finding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct DraftError {
    /// All findings, in draft order. Never empty.
    pub problems: Vec<Problem>,
}

impl DraftError {
    /// An error with one finding.
    pub fn single(problem: Problem) -> Self {
        Self {
            problems: vec![problem],
        }
    }

    /// Whether any finding has this code at this path.
    pub fn has(&self, code: &str, path: &str) -> bool {
        self.problems
            .iter()
            .any(|p| p.code() == code && p.path == path)
    }
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "the draft has {n} problem{}",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}
