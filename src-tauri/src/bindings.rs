//! The TypeScript types of everything the commands hand the UI, generated from the Rust types
//! (`ts-rs`) into `ui/src/lib/generated/bindings.ts`. `tests/bindings.rs` fails when the
//! committed file is stale; `SANAD_REGENERATE_TS=1 cargo test -p sanad-desktop --test bindings`
//! writes it anew.
//!
//! To give the UI a new type, add it to the list in [`typescript`]; the types it is made of must
//! be listed too (each one is declared once, by its Rust name).

use ts_rs::{Config, TS};

/// Where the generated file lives, from the workspace root.
pub const BINDINGS_PATH: &str = "ui/src/lib/generated/bindings.ts";

/// Appends `export type Name = …;` for each listed type.
macro_rules! declare {
    ($out:ident, $cfg:ident: $($ty:ty),+ $(,)?) => {
        $(
            $out.push_str("export ");
            $out.push_str(&<$ty as TS>::decl(&$cfg));
            $out.push_str("\n\n");
        )+
    };
}

/// The whole generated file.
pub fn typescript() -> String {
    // serde writes every integer the commands return as a JSON number.
    let cfg = Config::new().with_large_int("number".to_owned());
    let mut out = String::from(
        "// Generated from the Rust types by `SANAD_REGENERATE_TS=1 cargo test -p sanad-desktop \
         --test bindings`\n// (src-tauri/src/bindings.rs). Do not edit.\n\n",
    );
    declare!(out, cfg:
        // The engine's words.
        sanad::check::report::DocumentKind,
        sanad::check::report::Flow,
        // What "check an invoice" returns.
        sanad::check::CheckReport,
        sanad::check::report::Source,
        sanad::check::report::Verdict,
        sanad::check::report::Check,
        sanad::check::report::CheckId,
        sanad::check::report::CheckStatus,
        sanad::check::report::Finding,
        sanad::check::report::Severity,
        sanad::check::report::DocumentView,
        sanad::check::report::Party,
        sanad::check::report::PartyId,
        sanad::check::report::Line,
        sanad::check::report::LineAllowance,
        sanad::check::report::VatCategoryTotal,
        sanad::check::report::Totals,
        sanad::check::report::QrView,
        sanad::check::CheckError,
        // The catalogue's explanations.
        sanad::explain::Entry,
        sanad::explain::Source,
        sanad::explain::Actor,
        sanad::explain::Text,
        // The shell's own.
        crate::commands::AppInfo,
    );
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
