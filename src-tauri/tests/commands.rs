//! The app's commands over real IPC on Tauri's mock runtime (no window, no display).

use std::path::{Path, PathBuf};

use base64::Engine as _;
use sanad_desktop::{Options, app_builder, prepare};
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::{InvokeRequest, WebviewWindow, WebviewWindowBuilder};

struct App {
    window: WebviewWindow<MockRuntime>,
    data_dir: tempfile::TempDir,
}

fn app() -> App {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let options = Options {
        data_dir: Some(data_dir.path().join("data")),
        logging: false,
    };
    let app = app_builder(mock_builder(), options.clone())
        .build(mock_context(noop_assets()))
        .expect("app builds");
    // What the setup hook does at a real start (the mock runtime never starts an event loop).
    prepare(&app, &options).expect("setup");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window builds");
    App { window, data_dir }
}

fn request(cmd: &str, body: InvokeBody, headers: &[(&'static str, &str)]) -> InvokeRequest {
    let mut map = tauri::http::HeaderMap::new();
    for (k, v) in headers {
        map.insert(*k, v.parse().expect("header value"));
    }
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("url"),
        body,
        headers: map,
        invoke_key: INVOKE_KEY.into(),
    }
}

fn call(app: &App, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(&app.window, request(cmd, InvokeBody::Json(args), &[]))
        .map(|body| body.deserialize::<Value>().expect("JSON answer"))
}

fn call_raw(app: &App, cmd: &str, bytes: Vec<u8>, name: &str) -> Result<Value, Value> {
    let request = request(cmd, InvokeBody::Raw(bytes), &[("x-sanad-file-name", name)]);
    get_ipc_response(&app.window, request).map(|body| body.deserialize::<Value>().expect("JSON"))
}

fn sample(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../vendor/zatca-sdk/Data/Samples")
        .join(rel)
}

#[test]
fn app_info_reports_the_version_and_creates_the_data_dir() {
    let app = app();
    let info = call(&app, "app_info", json!({})).expect("app_info answers");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    let dir = PathBuf::from(info["dataDir"].as_str().expect("dataDir is text"));
    assert_eq!(dir, app.data_dir.path().join("data"));
    assert!(dir.is_dir(), "the data dir was created at start");
}

#[test]
fn a_missing_file_is_a_typed_error_naming_the_path() {
    let app = app();
    let err = call(
        &app,
        "check_file",
        json!({ "path": "/nonexistent/invoice.xml" }),
    )
    .expect_err("no such file");
    assert_eq!(err["code"], "unreadable");
    assert!(
        err["detail"]
            .as_str()
            .expect("detail")
            .contains("/nonexistent/invoice.xml")
    );
}

#[test]
fn bytes_that_are_no_invoice_are_refused_by_name() {
    let app = app();
    let err = call_raw(&app, "check_bytes", b"hello".to_vec(), "notes.txt").expect_err("refused");
    assert_eq!(err["code"], "unknownFormat");

    let err = call_raw(&app, "check_bytes", Vec::new(), "empty.xml").expect_err("refused");
    assert_eq!(err["code"], "empty");

    let err = call(&app, "check_bytes", json!({ "not": "bytes" })).expect_err("refused");
    assert_eq!(err["code"], "unreadable");
}

#[test]
fn a_qr_text_is_decoded_through_ipc() {
    let app = app();
    let mut tlv = Vec::new();
    for (tag, value) in [
        (1u8, "متجر سند".as_bytes()),
        (2, b"399999999900003".as_slice()),
        (3, b"2022-09-07T12:21:28"),
        (4, b"4.60"),
        (5, b"0.60"),
    ] {
        tlv.push(tag);
        tlv.push(u8::try_from(value.len()).expect("short"));
        tlv.extend_from_slice(value);
    }
    let text = base64::engine::general_purpose::STANDARD.encode(tlv);
    let report = call(&app, "check_qr", json!({ "text": text })).expect("QR answers");
    assert_eq!(report["source"]["kind"], "qr");
    assert_eq!(report["qr"]["sellerName"], "متجر سند");
    assert_eq!(report["qr"]["totalWithVat"], "4.60");
    assert_eq!(report["document"], Value::Null);
}

#[test]
fn a_pdf_without_xml_says_so() {
    let app = app();
    let err = call_raw(&app, "check_bytes", minimal_pdf(), "scan.pdf").expect_err("no XML");
    assert_eq!(err["code"], "pdfWithoutXml");
}

/// A one-page PDF with no attachments, offsets computed so the xref table is valid.
fn minimal_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ];
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn the_sdk_pdf_sample_is_found_inside_its_pdf() {
    let app = app();
    let path = sample("PDF-A3/Simplified_Invoice.pdf");
    let answer = call(&app, "check_file", json!({ "path": path }));
    // Whatever the verdict, the embedded XML was found and read.
    match answer {
        Ok(report) => {
            assert_eq!(report["source"]["kind"], "pdf");
            assert!(
                report["source"]["attachment"]
                    .as_str()
                    .expect("name")
                    .ends_with(".xml")
            );
        }
        Err(e) => panic!("the PDF sample should be checkable: {e}"),
    }
}

#[test]
fn an_sdk_sample_is_valid_through_ipc_from_a_path_and_from_its_bytes() {
    let app = app();
    let path = sample("Standard/Invoice/Standard_Invoice.xml");
    let by_path = call(&app, "check_file", json!({ "path": path })).expect("checkable");
    assert_eq!(by_path["verdict"], "valid", "{by_path}");
    assert_eq!(by_path["document"]["number"], "SME00023");
    assert_eq!(by_path["source"]["fileName"], "Standard_Invoice.xml");

    let bytes = std::fs::read(&path).expect("sample");
    let by_bytes = call_raw(&app, "check_bytes", bytes, "Standard%20Invoice.xml").expect("ok");
    assert_eq!(by_bytes["verdict"], "valid");
    assert_eq!(
        by_bytes["source"]["fileName"], "Standard Invoice.xml",
        "URI-decoded name"
    );
    assert_eq!(by_bytes["checks"], by_path["checks"]);
}
