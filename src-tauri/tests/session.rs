//! The commands that work on the books, over real IPC on Tauri's mock runtime: real SQLite books
//! in a temporary data folder, the real keychain (run under `scripts/with-keyring.sh`) and the
//! practice simulator on 127.0.0.1.

use sanad_desktop::{Options, app_builder, prepare};
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::{InvokeRequest, WebviewWindow, WebviewWindowBuilder};

struct App {
    window: WebviewWindow<MockRuntime>,
    _data: tempfile::TempDir,
}

fn app_in(data: tempfile::TempDir) -> App {
    let options = Options {
        data_dir: Some(data.path().to_path_buf()),
        logging: false,
    };
    let app = app_builder(mock_builder(), options.clone())
        .build(mock_context(noop_assets()))
        .expect("app builds");
    prepare(&app, &options).expect("setup");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window builds");
    App {
        window,
        _data: data,
    }
}

fn app() -> App {
    app_in(tempfile::tempdir().expect("temp dir"))
}

fn call(app: &App, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("url"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.into(),
    };
    get_ipc_response(&app.window, request).map(|b| b.deserialize::<Value>().expect("JSON"))
}

fn company() -> Value {
    serde_json::from_str(include_str!("../../examples/company.json")).expect("company.json")
}

#[test]
fn a_first_start_opens_practice_books_and_asks_for_the_language() {
    let app = app();
    let info = call(&app, "app_info", json!({})).expect("app_info");
    assert_eq!(info["env"], "practice");
    assert_eq!(info["preferences"]["language"], Value::Null);
    let url = info["fatooraUrl"]
        .as_str()
        .expect("the practice simulator runs");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let state = call(&app, "wizard_state", json!({})).expect("wizard_state");
    assert_eq!(state["step"], "company");
    assert_eq!(state["company"], Value::Null);
}

#[test]
fn practice_is_prepared_with_the_sample_company_and_an_onboarded_device() {
    let app = app();
    let device = call(&app, "practice_prepare", json!({})).expect("practice_prepare");
    assert_eq!(device["name"], "practice-1");
    assert_eq!(device["state"], "production");
    assert_eq!(device["next_step"], "active");
    assert_eq!(device["title"], "1100");
    let company = call(&app, "company_get", json!({})).expect("company_get");
    assert_eq!(company, self::company());
    // A second time does nothing new.
    let again = call(&app, "practice_prepare", json!({})).expect("again");
    assert_eq!(again["uuid"], device["uuid"]);
    let devices = call(&app, "devices_list", json!({})).expect("devices_list");
    assert_eq!(devices.as_array().map(Vec::len), Some(1));
}

#[test]
fn the_preferences_are_kept_and_a_new_environment_opens_its_own_books() {
    let data = tempfile::tempdir().expect("temp dir");
    let root = data.path().to_path_buf();
    let app = app_in(data);
    let info = call(&app, "app_info", json!({})).expect("app_info");
    let mut prefs = info["preferences"].clone();
    prefs["language"] = json!("ar");
    prefs["paper"] = json!("a4");
    prefs["env"] = json!("simulation");
    let info = call(&app, "preferences_set", json!({ "preferences": prefs })).expect("set");
    assert_eq!(info["env"], "simulation");
    assert_eq!(info["preferences"]["language"], "ar");
    assert_eq!(info["preferences"]["paper"], "a4");
    // ZATCA's simulation environment: its own address, its own books.
    let url = info["fatooraUrl"].as_str().expect("url");
    assert!(url.contains("zatca.gov.sa"), "{url}");
    assert!(root.join("simulation/books.json").is_file());
    let saved: Value = serde_json::from_slice(
        &std::fs::read(root.join("preferences.json")).expect("preferences.json"),
    )
    .expect("JSON");
    assert_eq!(saved["env"], "simulation");
    assert_eq!(saved["language"], "ar");
}

#[test]
fn a_bad_profile_comes_back_with_every_error_at_its_field_in_both_languages() {
    let app = app();
    let mut bad = company();
    bad["vat_number"] = json!("123");
    bad["address"]["postal_zone"] = json!("12");
    let errors = call(&app, "company_set", json!({ "company": bad.clone() })).expect_err("refused");
    let errors = errors.as_array().expect("a list of errors");
    let fields: Vec<&str> = errors.iter().filter_map(|e| e["field"].as_str()).collect();
    assert!(fields.contains(&"company.vat_number"), "{fields:?}");
    assert!(
        fields.iter().any(|f| f.starts_with("company.address")),
        "{fields:?}"
    );
    for e in errors {
        assert!(!e["en"].as_str().unwrap_or_default().is_empty(), "{e}");
        assert!(
            e["ar"]
                .as_str()
                .unwrap_or_default()
                .chars()
                .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
            "{e}"
        );
        assert!(e["code"].is_string() && e["class"] == "bad_input", "{e}");
    }
    // The same problems without storing anything.
    let checked = call(&app, "company_check", json!({ "company": bad })).expect("check");
    assert_eq!(checked.as_array().map(Vec::len), Some(errors.len()));
    assert_eq!(
        call(&app, "company_get", json!({})).expect("get"),
        Value::Null
    );
}
