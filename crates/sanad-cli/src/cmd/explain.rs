//! `sanad-cli explain CODE`: what a code means, who must act and what to do next, from Sanad's
//! catalogue, in Arabic and English (or one of them with `--lang`).

use clap::{Args, ValueEnum};
use sanad::explain::{self, Entry, Source};

use super::CliError;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    Ar,
    En,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// The code (`BR-KSA-51`, `Missing-ComplianceSteps`, `SANAD-MISSING`) or the text of a
    /// refusal that carries none.
    pub code: String,
    /// One language only (default: both).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

pub fn run(args: ExplainArgs) -> Result<(), CliError> {
    let entry = explain::explain(&args.code).ok_or_else(|| {
        CliError::new(format!(
            "unknown code `{}`: Sanad's catalogue has no entry for it \
             (codes look like BR-KSA-51, BR-CO-15, Missing-ComplianceSteps, SANAD-MISSING)",
            args.code.trim()
        ))
    })?;
    print!("{}", render(entry, args.lang));
    Ok(())
}

fn source(s: Source) -> (&'static str, &'static str) {
    match s {
        Source::ZatcaRules => ("ZATCA's KSA rule file", "ملف قواعد الهيئة الخاص بالمملكة"),
        Source::En16931Rules => (
            "ZATCA's EN 16931 rule file",
            "ملف قواعد الهيئة وفق المعيار الأوروبي EN 16931",
        ),
        Source::Fatoora => ("the FATOORA platform", "منصة فاتورة"),
        Source::Sanad => ("Sanad", "سند"),
    }
}

fn render(e: &Entry, lang: Option<Lang>) -> String {
    let (src_en, src_ar) = source(e.source);
    let actor = e.actor.name();
    let rules: Vec<_> = zatca::rules::registry::by_code(&e.code).collect();
    let mut out = format!("{}\n", e.code);
    if lang != Some(Lang::Ar) {
        out.push_str(&format!(
            "\n  From: {src_en}\n  Who acts: {}\n  What it means: {}\n  What to do: {}\n",
            actor.en, e.what.en, e.next.en
        ));
        for r in &rules {
            out.push_str(&format!("  Sanad checks {}: {}\n", r.path, r.en));
        }
    }
    if lang != Some(Lang::En) {
        out.push_str(&format!(
            "\n  المصدر: {src_ar}\n  من يتصرف: {}\n  المعنى: {}\n  ما العمل: {}\n",
            actor.ar, e.what.ar, e.next.ar
        ));
        for r in &rules {
            out.push_str(&format!("  يفحص سند {}: {}\n", r.path, r.ar));
        }
    }
    out
}
