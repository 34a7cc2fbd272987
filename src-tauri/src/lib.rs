//! Sanad's desktop shell: one window, commands that call the `sanad` services, nothing else.

pub mod bindings;
pub mod commands;
mod logging;
mod paths;
pub mod shell;

use std::error::Error;
use std::path::PathBuf;

use sanad::{BooksEnv, DataDir};
use tauri::{App, Builder, Manager, Runtime, WebviewWindowBuilder};

pub use paths::AppPaths;
pub use shell::Shell;

/// How the shell is set up; `run` fills it from the environment, tests from a temp dir.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Where Sanad keeps its data; the OS's per-user app data directory when `None`.
    pub data_dir: Option<PathBuf>,
    /// Whether to install the global log subscriber (once per process: the app, not tests).
    pub logging: bool,
}

/// The commands, state and setup of the app, on any runtime (the real one or Tauri's mock).
pub fn app_builder<R: Runtime>(builder: Builder<R>, options: Options) -> Builder<R> {
    builder
        .invoke_handler(commands::handler())
        .setup(move |app| prepare(app, &options))
}

/// What the app does once at start, before the window shows: create its directories, start the
/// logs, forward the services' events to the window, and start opening the books in use (the
/// commands wait for them; the window paints meanwhile).
pub fn prepare<R: Runtime>(app: &App<R>, options: &Options) -> Result<(), Box<dyn Error>> {
    let paths = AppPaths::resolve(app.handle(), options.data_dir.clone())?;
    if options.logging {
        let log_dir = match &options.data_dir {
            Some(dir) => dir.join("logs"),
            None => app.path().app_log_dir()?,
        };
        app.manage(logging::init(&log_dir)?);
    }
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        data_dir = %paths.data_dir.display(),
        "Sanad started"
    );
    let shell = Shell::new(DataDir::new(paths.data_dir));
    shell.forward_events(app.handle().clone());
    app.manage(shell);
    let handle = app.handle().clone();
    tauri::async_runtime::spawn(async move {
        let shell = handle.state::<Shell>();
        let env = match sanad::preferences::load(shell.data()) {
            Ok(p) => p.env,
            Err(e) => {
                tracing::warn!(%e, "preferences unreadable: practice books");
                BooksEnv::Practice
            }
        };
        // A failure is kept and shown by the commands that need the books.
        let _ = shell.open(env).await;
    });
    Ok(())
}

/// Starts the desktop app.
pub fn run() {
    if let Err(e) = start() {
        eprintln!("Sanad could not start: {e}");
        std::process::exit(1);
    }
}

fn start() -> Result<(), Box<dyn Error>> {
    let options = Options {
        data_dir: std::env::var_os("SANAD_DATA_DIR").map(PathBuf::from),
        logging: true,
    };
    let builder = Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            // A second start brings the running window to the front instead.
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        // The system's file chooser; it hands the UI a path for `check_file`.
        .plugin(tauri_plugin_dialog::init());
    let app = app_builder(builder, options.clone()).build(tauri::generate_context!())?;
    // The window is made here rather than from the config alone so that, with SANAD_DATA_DIR,
    // the webview keeps its storage (e.g. the language choice) there too.
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .ok_or("tauri.conf.json has no window labelled main")?
        .clone();
    let mut window = WebviewWindowBuilder::from_config(&app, &config)?;
    if let Some(dir) = &options.data_dir {
        window = window.data_directory(dir.join("webview"));
    }
    window.build()?;
    app.run(|_, _| {});
    Ok(())
}
