//! The stamp's commands end to end: keygen → csr; draft → sign → verify → hash; tampering and
//! bad input give a clear error and a non-zero exit status.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cli(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sanad-cli"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run sanad-cli")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

const GENESIS: &str =
    "NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==";

#[test]
fn keygen_then_csr() {
    let dir = tempfile::tempdir().unwrap();
    let o = cli(&["keygen", "--out", "key.pem"], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    let props = repo().join(
        "vendor/zatca-sdk/extra/sdk-evidence/cases/csr-ar-individual-production/csr.properties",
    );
    let o = cli(
        &[
            "csr",
            "--config",
            props.to_str().unwrap(),
            "--key",
            "key.pem",
            "--env",
            "production",
            "--out",
            "egs.csr",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    let pem = std::fs::read_to_string(dir.path().join("egs.csr")).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
    let o = cli(
        &[
            "csr",
            "--config",
            props.to_str().unwrap(),
            "--key",
            "key.pem",
            "--env",
            "staging",
        ],
        dir.path(),
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("environment"), "{}", text(&o));
}

#[test]
fn draft_sign_verify_hash() {
    let dir = tempfile::tempdir().unwrap();
    let sdk = repo().join("vendor/zatca-sdk/Data/Certificates");
    let key = sdk.join("ec-secp256k1-priv-key.pem");
    let cert = sdk.join("cert.pem");
    let draft = repo().join("crates/zatca/tests/scenarios/simplified-invoice/draft.json");
    let o = cli(
        &[
            "sign",
            "--draft",
            draft.to_str().unwrap(),
            "--icv",
            "1",
            "--pih",
            GENESIS,
            "--key",
            key.to_str().unwrap(),
            "--cert",
            cert.to_str().unwrap(),
            "--signing-time",
            "2026-11-20T10:05:00",
            "--out",
            "signed.xml",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let hash = summary["hash"].as_str().unwrap().to_owned();
    assert!(summary["qr"].as_str().unwrap().len() > 100);

    let o = cli(
        &[
            "verify",
            "signed.xml",
            "--pih",
            GENESIS,
            "--cert",
            cert.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).starts_with("VALID signed.xml"), "{}", text(&o));

    let o = cli(&["hash", "signed.xml"], dir.path());
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), hash);

    // The same document as the next link's predecessor: its hash is the PIH to expect.
    let o = cli(
        &["verify", "signed.xml", "--pih", &hash, "--json"],
        dir.path(),
    );
    assert!(!o.status.success());
    let report: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&o.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(report["valid"], false);
    let failed: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "FAIL")
        .map(|f| f["check"].as_str().unwrap())
        .collect();
    assert_eq!(failed, vec!["pih"]);

    // Tampering is named.
    let signed = std::fs::read_to_string(dir.path().join("signed.xml")).unwrap();
    std::fs::write(
        dir.path().join("tampered.xml"),
        signed.replacen("Croissant", "Croissanx", 1),
    )
    .unwrap();
    let o = cli(&["verify", "tampered.xml"], dir.path());
    assert!(!o.status.success());
    assert!(text(&o).contains("FAIL invoice-hash"), "{}", text(&o));

    // Signing a signed document is refused unless asked to re-sign.
    let args = |input: &str, extra: &[&'static str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "sign",
            input,
            "--key",
            key.to_str().unwrap(),
            "--cert",
            cert.to_str().unwrap(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(
            [
                "--signing-time",
                "2026-11-20T10:06:00",
                "--out",
                "again.xml",
            ]
            .iter()
            .map(|s| s.to_string()),
        );
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let run = |v: Vec<String>| {
        cli(
            &v.iter().map(String::as_str).collect::<Vec<_>>(),
            dir.path(),
        )
    };
    let o = run(args("signed.xml", &[]));
    assert!(!o.status.success());
    assert!(text(&o).contains("already signed"), "{}", text(&o));
    let o = run(args("signed.xml", &["--resign", "--icv", "1"]));
    assert!(o.status.success(), "{}", text(&o));
    let o = run(args("signed.xml", &["--resign", "--icv", "2"]));
    assert!(text(&o).contains("ICV"), "{}", text(&o));
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.xml"), "<Invoice><a></Invoice>").unwrap();
    let o = cli(&["hash", "broken.xml"], dir.path());
    assert!(!o.status.success());
    assert!(text(&o).contains("broken.xml"), "{}", text(&o));
    let o = cli(&["verify", "missing.xml"], dir.path());
    assert!(text(&o).contains("cannot read missing.xml"), "{}", text(&o));
    let o = cli(
        &[
            "sign",
            "broken.xml",
            "--key",
            "k",
            "--cert",
            "c",
            "--signing-time",
            "yesterday",
        ],
        dir.path(),
    );
    assert!(text(&o).contains("--signing-time"), "{}", text(&o));
}
