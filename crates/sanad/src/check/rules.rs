//! The pre-flight rules on a received document: `zatca::rules::check_xml` reads the XML into the
//! engine's draft model (`zatca::ubl::parse`) and checks it as ZATCA judges it. Every SDK sample
//! passes them with no error, as it passes ZATCA's own validator.

use zatca::rules::{self, XmlError, XmlFinding};
use zatca::ubl::ParseError;

use super::report::{Finding, Severity};

/// The findings of the pre-flight rules on the document's XML (without a byte order mark).
pub(super) fn findings(xml: &[u8]) -> Vec<Finding> {
    match rules::check_xml(xml) {
        Ok(found) => found.iter().map(finding).collect(),
        Err(e) => vec![unreadable(&e)],
    }
}

/// ZATCA's errors are errors and its warnings warnings; Sanad's own field checks (`SANAD-…`),
/// stricter than ZATCA, are not ZATCA's verdict on the document: they warn.
fn finding(f: &XmlFinding) -> Finding {
    let (severity, note, note_ar) = match f.severity() {
        rules::Severity::Error => (Severity::Error, "", ""),
        rules::Severity::Warning => (Severity::Warning, "", ""),
        rules::Severity::Sanad => (
            Severity::Warning,
            " (a Sanad check, stricter than ZATCA's)",
            " (فحص من سند أشد من قواعد الهيئة)",
        ),
    };
    let field = if f.problem.path.is_empty() {
        String::new()
    } else {
        format!(" ({})", f.problem.path)
    };
    Finding::new(
        f.code(),
        severity,
        format!("{}{field}: {}{note}", f.element, f.problem.message),
        format!("{}{field}: {}{note_ar}", f.element, f.problem.message_ar),
    )
}

/// A document `zatca::read` can show but the rules cannot read: one warning naming the element,
/// since the rules were not run.
fn unreadable(e: &XmlError) -> Finding {
    let code = match e.0 {
        ParseError::Missing { .. } => "SANAD-MISSING",
        _ => "SANAD-INVALID",
    };
    Finding::new(
        code,
        Severity::Warning,
        format!("{e}; the pre-flight rules were not run"),
        format!("تعذّرت قراءة المستند، فلم تُفحص قواعد ما قبل الإرسال ({e})"),
    )
}
