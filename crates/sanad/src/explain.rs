//! Every code Sanad can show, explained: what happened, who must act and what to do next, in
//! Arabic and English.
//!
//! The catalogue is data (`crates/sanad/catalogue/*.json`, built into the binary): ZATCA's KSA
//! rule file and its EN 16931 rule file (every assert id), the FATOORA API's codes the client and
//! simulator know (with ZATCA's plain-text refusals of a CSR, found by a phrase), and Sanad's own
//! codes: the engine's `SANAD-…` field checks and the check screen's errors (`sanad.json`), and
//! those of the application core, its command line and its desktop shell (`app.json`: books,
//! secrets, company, customers and items, devices, onboarding, issuing, submission). A test
//! walks the sources so that every `"SANAD-…"` they hold has its entry, and every `SANAD-…`
//! entry a source.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::check::CheckError;

/// Who must act on a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Actor {
    /// The shop: correct what was entered (a customer's details, an amount, a date…).
    Shop,
    /// The shop's accountant: a VAT treatment, onboarding with ZATCA, certificates.
    Accountant,
    /// Sanad support: Sanad writes this part of the document itself, so Sanad is at fault.
    SanadSupport,
    /// ZATCA: its platform is unavailable or refused for its own reasons; wait and retry.
    Zatca,
    /// No one: ZATCA informs (a schema passed, a certificate issued, a duplicate already taken).
    Nobody,
}

impl Actor {
    /// Every actor.
    pub const ALL: [Actor; 5] = [
        Actor::Shop,
        Actor::Accountant,
        Actor::SanadSupport,
        Actor::Zatca,
        Actor::Nobody,
    ];

    /// The actor's name in English and Arabic: the glossary's `actor.…` term, the words the
    /// check screen uses too.
    pub fn name(self) -> Text {
        let key = match self {
            Actor::Shop => "actor.shop",
            Actor::Accountant => "actor.accountant",
            Actor::SanadSupport => "actor.sanadSupport",
            Actor::Zatca => "actor.zatca",
            Actor::Nobody => "actor.nobody",
        };
        glossary_term(key)
    }
}

/// A term of the glossary the screen and the paper share (`assets/glossary.json`).
fn glossary_term(key: &str) -> Text {
    #[derive(Deserialize)]
    struct Glossary {
        terms: std::collections::HashMap<String, Text>,
    }
    static TERMS: OnceLock<Glossary> = OnceLock::new();
    let glossary = TERMS.get_or_init(|| {
        serde_json::from_str(include_str!("../../../assets/glossary.json"))
            .unwrap_or_else(|e| panic!("assets/glossary.json is not valid: {e}"))
    });
    glossary
        .terms
        .get(key)
        .cloned()
        .unwrap_or_else(|| panic!("assets/glossary.json has no `{key}`"))
}

/// Where a code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CatalogueSource"))]
#[serde(rename_all = "camelCase")]
pub enum Source {
    /// An assert of ZATCA's KSA rule file (`BR-KSA-…`).
    ZatcaRules,
    /// An assert of ZATCA's EN 16931 rule file (`BR-…`).
    En16931Rules,
    /// The FATOORA API (`Invalid-OTP`, `Missing-ComplianceSteps`, …).
    Fatoora,
    /// Sanad's own (`SANAD-…`).
    Sanad,
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Text {
    pub en: String,
    pub ar: String,
}

/// One code explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// The code as Sanad shows it (`BR-KSA-51`, `Missing-ComplianceSteps`, `SANAD-MISSING`).
    pub code: String,
    /// Which catalogue it belongs to.
    #[serde(skip_deserializing, default = "default_source")]
    pub source: Source,
    /// Who must act.
    pub actor: Actor,
    /// What happened, in plain words.
    pub what: Text,
    /// What to do next.
    pub next: Text,
    /// Phrases that identify a plain-text answer with no code (ZATCA's CSR refusals).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<String>,
}

fn default_source() -> Source {
    Source::Sanad
}

const FILES: [(Source, &str); 5] = [
    (Source::ZatcaRules, include_str!("../catalogue/ksa.json")),
    (
        Source::En16931Rules,
        include_str!("../catalogue/en16931.json"),
    ),
    (Source::Fatoora, include_str!("../catalogue/fatoora.json")),
    (Source::Sanad, include_str!("../catalogue/sanad.json")),
    (Source::Sanad, include_str!("../catalogue/app.json")),
];

/// Every entry, in catalogue order (KSA, EN 16931, FATOORA, Sanad).
pub fn catalogue() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        FILES
            .iter()
            .flat_map(|(source, json)| {
                let entries: Vec<Entry> = serde_json::from_str(json)
                    .unwrap_or_else(|e| panic!("catalogue {source:?} is not valid: {e}"));
                entries.into_iter().map(move |mut entry| {
                    entry.source = *source;
                    entry
                })
            })
            .collect()
    })
}

/// The explanation of a code (exact, as Sanad shows it), or of a plain-text answer that holds
/// one of an entry's phrases (ZATCA's CSR refusals carry no code).
pub fn explain(code: &str) -> Option<&'static Entry> {
    let code = code.trim();
    let entries = catalogue();
    entries.iter().find(|e| e.code == code).or_else(|| {
        let text = code.to_lowercase();
        entries
            .iter()
            .find(|e| e.phrases.iter().any(|p| text.contains(&p.to_lowercase())))
    })
}

/// The code Sanad shows for a check error (each has its catalogue entry).
pub fn check_error_code(e: &CheckError) -> &'static str {
    match e {
        CheckError::Empty => "SANAD-CHECK-EMPTY",
        CheckError::TooLarge { .. } => "SANAD-CHECK-TOO-LARGE",
        CheckError::UnknownFormat => "SANAD-CHECK-UNKNOWN-FORMAT",
        CheckError::Unreadable { .. } => "SANAD-CHECK-UNREADABLE",
        CheckError::PdfUnreadable { .. } => "SANAD-CHECK-PDF-UNREADABLE",
        CheckError::PdfWithoutXml { .. } => "SANAD-CHECK-PDF-WITHOUT-XML",
        CheckError::XmlNotUtf8 => "SANAD-CHECK-XML-NOT-UTF8",
        CheckError::XmlMalformed { .. } => "SANAD-CHECK-XML-MALFORMED",
        CheckError::NotAnInvoice { .. } => "SANAD-CHECK-NOT-AN-INVOICE",
        CheckError::Incomplete { .. } => "SANAD-CHECK-INCOMPLETE",
        CheckError::QrNotBase64 { .. } => "SANAD-CHECK-QR-NOT-BASE64",
        CheckError::QrMalformed { .. } => "SANAD-CHECK-QR-MALFORMED",
    }
}

/// How many entries each source has, in catalogue order.
pub fn counts() -> Vec<(Source, usize)> {
    let mut counts: Vec<(Source, usize)> = Vec::new();
    for e in catalogue() {
        match counts.iter_mut().find(|(s, _)| *s == e.source) {
            Some((_, n)) => *n += 1,
            None => counts.push((e.source, 1)),
        }
    }
    counts
}
