//! The commands the UI may call. Each one hands over to a `sanad` service.

use std::path::PathBuf;

use sanad::check::{CheckError, CheckReport};
use serde::Serialize;
use tauri::State;
use tauri::ipc::{InvokeBody, Request};

use crate::AppPaths;

/// Header carrying the (URI-encoded) name of a file sent as raw bytes.
const FILE_NAME_HEADER: &str = "x-sanad-file-name";

#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    version: &'static str,
    data_dir: PathBuf,
}

#[tauri::command]
pub fn app_info(paths: State<'_, AppPaths>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: paths.data_dir.clone(),
    }
}

/// Checks a file on disk (a dropped file or a path).
#[tauri::command]
pub async fn check_file(path: PathBuf) -> Result<CheckReport, CheckError> {
    let result = sanad::check::check_path(&path);
    log_result("file", &result);
    result
}

/// Checks a file's bytes, sent as the raw request body (a file picked in the page).
#[tauri::command]
pub async fn check_bytes(request: Request<'_>) -> Result<CheckReport, CheckError> {
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

/// Checks a pasted QR text.
#[tauri::command]
pub async fn check_qr(text: String) -> Result<CheckReport, CheckError> {
    let result = sanad::check::check_qr(&text);
    log_result("qr", &result);
    result
}

fn log_result(input: &str, result: &Result<CheckReport, CheckError>) {
    match result {
        Ok(report) => tracing::info!(input, verdict = ?report.verdict, "invoice checked"),
        Err(error) => tracing::info!(input, %error, "invoice not checkable"),
    }
}
