//! The commands the UI may call. Each one hands over to a `sanad` service; ledger work runs on a
//! blocking thread ([`Shell::blocking`]).
//!
//! Every command is declared once, in [`commands!`]: the macro writes the Tauri command, puts it
//! in the handler, and gives its name, arguments and return types to the TypeScript wrappers
//! (`bindings.rs`), so the UI never writes a command's name or shape by hand.

use std::path::PathBuf;

use ledger::customers::{Customer, CustomerFields};
use ledger::items::{Item, ItemFields};
use sanad::check::{CheckError, CheckReport};
use sanad::company::Company;
use sanad::onboarding::DeviceView;
use sanad::preferences::Preferences;
use sanad::secrets::backup::{BackupInfo, RestoreInfo};
use sanad::wizard::{DeviceRequest, WizardState};
use sanad::{BooksEnv, Error};
use serde::Serialize;
use tauri::State;
use tauri::ipc::{InvokeBody, Request};
use zatca::model::VatCategory;

use crate::shell::{Shell, fatoora};

/// Header carrying the (URI-encoded) name of a file sent as raw bytes.
pub const FILE_NAME_HEADER: &str = "x-sanad-file-name";

/// One command's shape, for the TypeScript wrappers.
pub struct Signature {
    pub name: &'static str,
    /// `(name, TypeScript type)` of each argument; `None` for a raw-body command.
    pub args: Option<Vec<(&'static str, String)>>,
    pub ok: String,
    pub err: String,
}

/// Declares the commands: `fn name(shell, arg: Type, …) -> Result<Ok, Err> { body }` for JSON
/// arguments; under `raw`, `fn name(shell, request) -> …` for a command whose argument is the
/// raw request body (bytes) with headers.
macro_rules! commands {
    (
        json {
            $(
                $(#[doc = $doc:literal])*
                fn $name:ident ($shell:ident $(, $arg:ident : $ty:ty)* $(,)?)
                    -> Result<$ok:ty, $err:ty> $body:block
            )*
        }
        raw {
            $(
                $(#[doc = $rdoc:literal])*
                fn $rname:ident ($rshell:ident, $request:ident)
                    -> Result<$rok:ty, $rerr:ty> $rbody:block
            )*
        }
    ) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name(
                $shell: State<'_, Shell>,
                $($arg: $ty),*
            ) -> Result<$ok, $err> $body
        )*
        $(
            $(#[doc = $rdoc])*
            #[tauri::command]
            pub async fn $rname(
                $rshell: State<'_, Shell>,
                $request: Request<'_>,
            ) -> Result<$rok, $rerr> $rbody
        )*

        /// Every command, for `Builder::invoke_handler`.
        pub fn handler<R: tauri::Runtime>()
            -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
        {
            tauri::generate_handler![$($name,)* $($rname,)*]
        }

        /// Every command's shape, in declaration order.
        pub fn signatures(cfg: &ts_rs::Config) -> Vec<Signature> {
            use ts_rs::TS;
            vec![
                $(Signature {
                    name: stringify!($name),
                    args: Some(vec![$((stringify!($arg), <$ty as TS>::name(cfg))),*]),
                    ok: <$ok as TS>::name(cfg),
                    err: <$err as TS>::name(cfg),
                },)*
                $(Signature {
                    name: stringify!($rname),
                    args: None,
                    ok: <$rok as TS>::name(cfg),
                    err: <$rerr as TS>::name(cfg),
                },)*
            ]
        }
    };
}

/// What the app is running on.
#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    version: String,
    data_dir: PathBuf,
    /// The books in use.
    env: BooksEnv,
    /// Where these books' documents go: ZATCA's address, or the practice simulator's.
    fatoora_url: Option<String>,
    preferences: Preferences,
}

async fn app_info_of(shell: &Shell) -> Result<AppInfo, Error> {
    let session = shell.session().await?;
    let preferences = shell.blocking_plain(sanad::preferences::load).await?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: shell.data().root().to_path_buf(),
        env: session.books.env(),
        fatoora_url: session.fatoora.as_ref().map(|f| f.base_url().to_owned()),
        preferences,
    })
}

commands! {
    json {
        /// The version, the data folder, the books in use and the preferences.
        fn app_info(shell) -> Result<AppInfo, Error> {
            app_info_of(&shell).await
        }

        /// Saves the preferences; a change of environment opens those books.
        fn preferences_set(shell, preferences: Preferences) -> Result<AppInfo, Error> {
            let prefs = preferences.clone();
            shell.blocking_plain(move |data| sanad::preferences::save(data, &prefs)).await?;
            shell.open(preferences.env).await?;
            app_info_of(&shell).await
        }

        /// Makes practice books ready: the sample company and an onboarded device.
        fn practice_prepare(shell) -> Result<DeviceView, Error> {
            shell
                .blocking_async(|s| async move {
                    sanad::practice::prepare(&s.books, fatoora(&s)?, &s.events).await
                })
                .await
        }

        /// A fresh OTP from the practice simulator (`null` outside practice).
        fn practice_otp(shell) -> Result<Option<String>, Error> {
            shell.blocking(|s| fatoora(s)?.practice_otp()).await
        }

        /// The company profile of the books in use.
        fn company_get(shell) -> Result<Option<Company>, Error> {
            shell.blocking(|s| Ok(s.books.ledger().company()?)).await
        }

        /// Every problem of a profile, each at its field (nothing is stored).
        fn company_check(_shell, company: Company) -> Result<Vec<Error>, Error> {
            Ok(sanad::company::check(&company))
        }

        /// Stores the company profile, after checking it.
        fn company_set(shell, company: Company) -> Result<Company, Vec<Error>> {
            shell
                .blocking(move |s| sanad::company::set(&s.books, &company).map(|()| company))
                .await
        }

        /// Where onboarding stands in the books in use.
        fn wizard_state(shell) -> Result<WizardState, Error> {
            shell.blocking(|s| sanad::wizard::state(&s.books)).await
        }

        /// The wizard's environment step: opens the books of `env`, stores the company and adds
        /// the device there (nothing is sent yet). Those books are then the ones in use.
        fn wizard_begin(shell, env: BooksEnv, company: Company, device: DeviceRequest)
            -> Result<DeviceView, Vec<Error>>
        {
            let problems = sanad::company::check(&company);
            if !problems.is_empty() {
                return Err(problems);
            }
            shell.open(env).await.map_err(|e| vec![e])?;
            let view = shell
                .blocking(move |s| sanad::wizard::begin(&s.books, &company, &device))
                .await?;
            shell
                .blocking_plain(move |data| {
                    let mut prefs = sanad::preferences::load(data)?;
                    prefs.env = env;
                    sanad::preferences::save(data, &prefs)
                })
                .await
                .map_err(|e| vec![e])?;
            Ok(view)
        }

        /// Every device of the books in use.
        fn devices_list(shell) -> Result<Vec<DeviceView>, Error> {
            shell.blocking(|s| sanad::onboarding::list(&s.books)).await
        }

        /// Onboards a device up to active, from its recorded step; events tell each step.
        fn device_onboard(shell, name: String, otp: Option<String>) -> Result<DeviceView, Error> {
            shell
                .blocking_async(move |s| async move {
                    sanad::wizard::onboard(&s.books, fatoora(&s)?, &s.events, &name, otp.as_deref())
                        .await
                })
                .await
        }

        /// Renews a device's production CSID with a new OTP.
        fn device_renew(shell, name: String, otp: Option<String>) -> Result<DeviceView, Error> {
            shell
                .blocking_async(move |s| async move {
                    sanad::onboarding::renew(&s.books, fatoora(&s)?, &name, otp.as_deref()).await
                })
                .await
        }

        /// Writes a device's key and CSIDs, sealed with a passphrase, to a new file.
        fn device_backup(shell, name: String, path: PathBuf, passphrase: String)
            -> Result<BackupInfo, Error>
        {
            shell
                .blocking(move |s| sanad::secrets::backup::backup(&s.books, &name, &path, &passphrase))
                .await
        }

        /// Restores a device from its sealed backup.
        fn device_restore(shell, path: PathBuf, passphrase: String) -> Result<RestoreInfo, Error> {
            shell
                .blocking(move |s| sanad::secrets::backup::restore(&s.books, &path, &passphrase))
                .await
        }

        /// Writes a consistent copy of the books' ledger (never a secret).
        fn books_backup(shell, path: PathBuf) -> Result<ledger::backup::BackupInfo, Error> {
            shell.blocking(move |s| sanad::books::backup(&s.books, &path)).await
        }

        /// The customers matching a text (names, VAT number, identifier), or the newest.
        fn customers_list(shell, text: String) -> Result<Vec<Customer>, Error> {
            shell.blocking(move |s| sanad::catalog::customers(&s.books, &text)).await
        }

        /// Stores a new customer (`id` null) or changes one, after the engine's buyer rules.
        fn customer_save(shell, id: Option<i64>, customer: CustomerFields)
            -> Result<Customer, Vec<Error>>
        {
            shell
                .blocking(move |s| sanad::catalog::save_customer(&s.books, id, &customer))
                .await
        }

        /// The items matching a text (names, or exactly a barcode or SKU), or the newest.
        fn items_list(shell, text: String) -> Result<Vec<Item>, Error> {
            shell.blocking(move |s| sanad::catalog::items(&s.books, &text)).await
        }

        /// Stores a new item (`id` null) or changes one, after checking its VAT treatment.
        fn item_save(shell, id: Option<i64>, item: ItemFields) -> Result<Item, Vec<Error>> {
            shell
                .blocking(move |s| sanad::catalog::save_item(&s.books, id, &item))
                .await
        }

        /// ZATCA's exemption reason codes for a VAT category.
        fn exemption_codes(_shell, category: VatCategory) -> Result<Vec<String>, Error> {
            Ok(sanad::catalog::exemption_codes(category)
                .iter()
                .map(|c| (*c).to_owned())
                .collect())
        }

        /// What a code means, who acts and what to do.
        fn explain(_shell, code: String) -> Result<Option<sanad::explain::Entry>, Error> {
            Ok(sanad::explain::explain(&code).cloned())
        }

        /// Checks a file on disk (a dropped file, the dialog's choice).
        fn check_file(_shell, path: PathBuf) -> Result<CheckReport, CheckError> {
            let result = tauri::async_runtime::spawn_blocking(move || sanad::check::check_path(&path))
                .await
                .map_err(|e| CheckError::Unreadable { detail: e.to_string() })?;
            log_result("file", &result);
            result
        }

        /// Checks a pasted QR text.
        fn check_qr(_shell, text: String) -> Result<CheckReport, CheckError> {
            let result = sanad::check::check_qr(&text);
            log_result("qr", &result);
            result
        }
    }
    raw {
        /// Checks a file's bytes, sent as the raw request body (a file picked in the page), its
        /// name in the `x-sanad-file-name` header.
        fn check_bytes(_shell, request) -> Result<CheckReport, CheckError> {
            let InvokeBody::Raw(bytes) = request.body() else {
                return Err(CheckError::Unreadable {
                    detail: "the file's bytes were not sent as a raw body".into(),
                });
            };
            let name = request
                .headers()
                .get(FILE_NAME_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(|v| {
                    percent_encoding::percent_decode_str(v)
                        .decode_utf8_lossy()
                        .into_owned()
                });
            let result = sanad::check::check_file(name.as_deref(), bytes);
            log_result("bytes", &result);
            result
        }
    }
}

fn log_result(input: &str, result: &Result<CheckReport, CheckError>) {
    match result {
        Ok(report) => tracing::info!(input, verdict = ?report.verdict, "invoice checked"),
        Err(error) => tracing::info!(input, %error, "invoice not checkable"),
    }
}
