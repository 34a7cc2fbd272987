//! Errors of a draft: typed, each naming the field path (`lines[2].vat.exemption_reason`), and
//! for business rules carrying ZATCA's own rule code (`BR-KSA-17`).

use std::fmt;

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

/// One finding about a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem.
    pub kind: ErrorKind,
    /// Field path in the draft, e.g. `lines[2].vat.exemption_reason` (empty: the whole draft).
    pub path: String,
    /// A readable explanation.
    pub message: String,
}

impl Problem {
    /// A new finding.
    pub fn new(kind: ErrorKind, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            kind,
            path: path.into(),
            message: message.into(),
        }
    }

    /// The code: the ZATCA rule code or `SANAD-…`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
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
