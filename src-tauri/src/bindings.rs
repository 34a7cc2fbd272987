//! The TypeScript types of everything the commands hand the UI, generated from the Rust types
//! (`ts-rs`), and one typed wrapper per command (its name, arguments and result, from
//! [`crate::commands::signatures`]), into `ui/src/lib/generated/bindings.ts`. `tests/bindings.rs` fails when the
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
         --test bindings`\n// (src-tauri/src/bindings.rs). Do not edit.\n\n\
         import { call, callRaw, type Result } from \"../call\";\n\n",
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
        // Errors of the services: code, class, field, both languages, ZATCA's words.
        sanad::Error,
        sanad::error::ErrorBody,
        sanad::error::ZatcaWords,
        sanad::Class,
        // Events (one channel: `crate::shell::EVENT_CHANNEL`).
        sanad::events::Event,
        ledger::documents::DocumentStatus,
        ledger::onboarding::Step,
        // Books, preferences, company.
        sanad::BooksEnv,
        sanad::preferences::Preferences,
        sanad::preferences::Language,
        sanad::preferences::Paper,
        ledger::company::Company,
        zatca::model::PartyId,
        zatca::model::Address,
        // Devices and onboarding.
        sanad::onboarding::DeviceView,
        ledger::devices::DeviceState,
        zatca::api::ComplianceStep,
        sanad::wizard::WizardState,
        sanad::wizard::WizardStep,
        sanad::wizard::DeviceRequest,
        sanad::secrets::backup::BackupInfo,
        sanad::secrets::backup::RestoreInfo,
        ledger::backup::BackupInfo,
        // Customers and items.
        ledger::customers::Customer,
        ledger::customers::CustomerFields,
        ledger::customers::CustomerKind,
        ledger::items::Item,
        ledger::items::ItemFields,
        zatca::model::VatCategory,
        // The shell's own.
        crate::commands::AppInfo,
    );
    out.push_str(&format!(
        "/** The one Tauri event the services' events reach the window on. */\n\
         export const EVENT_CHANNEL = \"{}\";\n\n",
        crate::shell::EVENT_CHANNEL
    ));
    out.push_str(&format!(
        "/** The header naming (URI-encoded) the file whose bytes a raw-body command gets. */\n\
         export const FILE_NAME_HEADER = \"{}\";\n\n",
        crate::commands::FILE_NAME_HEADER
    ));
    out.push_str(&wrappers(&cfg));
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// `company_set` → `companySet`: Tauri's own conversion of names and arguments.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// One function per command: `export const companySet = (company: Company) => call<…>(…)`.
fn wrappers(cfg: &Config) -> String {
    let mut out = String::from(
        "// The commands (src-tauri/src/commands.rs): each resolves to `{ ok: true, value }` or\n\
         // `{ ok: false, error }` with the command's own error type.\n\n",
    );
    for sig in crate::commands::signatures(cfg) {
        let name = camel(sig.name);
        let (ok, err) = (&sig.ok, &sig.err);
        match &sig.args {
            Some(args) => {
                let params: Vec<String> = args
                    .iter()
                    .map(|(a, t)| format!("{}: {t}", camel(a)))
                    .collect();
                let keys: Vec<String> = args.iter().map(|(a, _)| camel(a)).collect();
                let body = if keys.is_empty() {
                    String::new()
                } else {
                    format!(", {{ {} }}", keys.join(", "))
                };
                out.push_str(&format!(
                    "export const {name} = ({}): Promise<Result<{ok}, {err}>> =>\n  call(\"{}\"{body});\n\n",
                    params.join(", "),
                    sig.name,
                ));
            }
            None => out.push_str(&format!(
                "export const {name} = (body: Uint8Array, headers: Record<string, string>): \
                 Promise<Result<{ok}, {err}>> =>\n  callRaw(\"{}\", body, headers);\n\n",
                sig.name,
            )),
        }
    }
    out
}
