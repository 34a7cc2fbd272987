//! Where Sanad keeps its files on this computer.

use std::path::PathBuf;

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};

/// The app's directories, created at start.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppPaths {
    /// Per-user data (Linux `~/.local/share/sa.sanad.desktop`, Windows `%APPDATA%\sa.sanad.desktop`,
    /// macOS `~/Library/Application Support/sa.sanad.desktop`), or `SANAD_DATA_DIR`.
    pub data_dir: PathBuf,
}

impl AppPaths {
    pub fn resolve<R: Runtime>(
        app: &AppHandle<R>,
        data_dir: Option<PathBuf>,
    ) -> Result<Self, Box<dyn std::error::Error>> {
        let data_dir = match data_dir {
            Some(dir) => dir,
            None => app.path().app_data_dir()?,
        };
        std::fs::create_dir_all(&data_dir)
            .map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
        Ok(Self { data_dir })
    }
}
