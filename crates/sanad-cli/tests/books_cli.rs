//! The books commands as a shop's accountant runs them: exact verbs, exit codes (0 done, 2 bad
//! input, 3 refused by FATOORA, 4 FATOORA not reached), onboarding killed at every step and
//! resumed, backup and restore of a device into a fresh data folder and keychain collection.
//! Run under `scripts/with-keyring.sh` (a real Secret Service).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_sanad-cli");
const COMPANY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/company.json");
const SALE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/issue/counter-sale.json"
);

fn cli(data: &Path, args: &[impl AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("SANAD_PASSPHRASE", "a passphrase for tests")
        .output()
        .expect("run sanad-cli")
}

fn ok(data: &Path, args: &[impl AsRef<std::ffi::OsStr>]) -> String {
    let o = cli(data, args);
    assert!(
        o.status.success(),
        "{:?}: {}{}",
        args.iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect::<Vec<_>>(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn practice(data: &Path) {
    ok(data, &["company", "set", COMPANY]);
    ok(data, &["device", "add", "till-1"]);
}

#[test]
fn a_bad_profile_is_refused_naming_the_field_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let mut profile: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(COMPANY).unwrap()).unwrap();
    profile["vat_number"] = "30000000000000".into();
    profile["address"]["postal_zone"] = "123".into();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, profile.to_string()).unwrap();
    let o = cli(
        &dir.path().join("data"),
        &["company", "set", path.to_str().unwrap()],
    );
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("company.vat_number"), "{err}");
    assert!(err.contains("company.address.postal_zone"), "{err}");
    assert!(
        err.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
        "Arabic too: {err}"
    );
}

#[test]
fn onboarding_killed_at_every_step_resumes_to_active() {
    for step in [
        "key",
        "csr",
        "compliance_csid",
        "compliance_checks",
        "production_csid",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        practice(&data);
        let mut child = Command::new(BIN)
            .arg("--data-dir")
            .arg(&data)
            .args(["device", "onboard", "till-1"])
            .env("SANAD_PAUSE_AFTER_STEP", step)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let mut paused = false;
        for line in BufReader::new(stderr).lines() {
            let line = line.unwrap();
            if line.contains(&format!("paused after {step}")) {
                paused = true;
                break;
            }
        }
        assert!(paused, "never reached {step}");
        // kill -9: no destructor, no flush, no goodbye.
        child.kill().unwrap();
        child.wait().unwrap();
        let out = ok(&data, &["device", "onboard", "till-1"]);
        assert!(out.contains("is active"), "after a kill at {step}: {out}");
        let list: serde_json::Value =
            serde_json::from_str(&ok(&data, &["device", "list", "--json"])).unwrap();
        assert_eq!(list[0]["next_step"], "active", "{step}");
        assert_eq!(list[0]["state"], "production", "{step}");
    }
}

#[test]
fn exit_codes_say_who_must_act() {
    let dir = tempfile::tempdir().unwrap();
    // 2: bad input (an unknown device).
    let data = dir.path().join("practice");
    practice(&data);
    assert_eq!(code(&cli(&data, &["device", "onboard", "till-9"])), 2);
    // 4: FATOORA not reached (simulation books pointed at a port nobody listens on).
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/e-invoicing/simulation",
        dead.local_addr().unwrap()
    );
    drop(dead);
    let sim = dir.path().join("simulation");
    let env = ["--env", "simulation", "--fatoora-url", url.as_str()];
    let with = |args: &[&str]| -> Vec<String> {
        env.iter().chain(args).map(|s| (*s).to_owned()).collect()
    };
    ok(&sim, &with(&["company", "set", COMPANY]));
    ok(&sim, &with(&["device", "add", "till-1"]));
    let o = cli(
        &sim,
        &with(&["device", "onboard", "till-1", "--otp", "123456"]),
    );
    assert_eq!(code(&o), 4, "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_refused_otp_exits_3_with_zatcas_code() {
    let dir = tempfile::tempdir().unwrap();
    // A simulator of ZATCA's simulation environment, as its own process.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut sim = Command::new(BIN)
        .args([
            "sim",
            "--env",
            "simulation",
            "--port",
            &port.to_string(),
            "--otp",
            "654321",
            "--db",
        ])
        .arg(dir.path().join("zatca.sqlite"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let url = format!("http://127.0.0.1:{port}/e-invoicing/simulation");
    let data = dir.path().join("data");
    let env = ["--env", "simulation", "--fatoora-url", url.as_str()];
    let with = |args: &[&str]| -> Vec<String> {
        env.iter().chain(args).map(|s| (*s).to_owned()).collect()
    };
    ok(&data, &with(&["company", "set", COMPANY]));
    ok(&data, &with(&["device", "add", "till-1"]));
    let o = cli(
        &data,
        &with(&["device", "onboard", "till-1", "--otp", "000000"]),
    );
    assert_eq!(code(&o), 3);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("Invalid-OTP") && err.contains("رمز التحقق"),
        "{err}"
    );
    let out = ok(
        &data,
        &with(&["device", "onboard", "till-1", "--otp", "654321"]),
    );
    assert!(out.contains("is active"), "{out}");
    let _ = sim.kill();
    let _ = sim.wait();
}

#[test]
fn a_device_backup_restores_suspended_alone_and_continuing_with_the_books() {
    let dir = tempfile::tempdir().unwrap();
    let shop = dir.path().join("shop");
    practice(&shop);
    ok(&shop, &["device", "onboard", "till-1"]);
    ok(&shop, &["issue", SALE]);
    ok(&shop, &["issue", SALE]);
    let key = dir.path().join("till-1.sanad-device");
    let books = dir.path().join("books.backup");
    ok(
        &shop,
        &["device", "backup", "till-1", "--out", key.to_str().unwrap()],
    );
    ok(
        &shop,
        &["books", "backup", "--out", books.to_str().unwrap()],
    );
    assert!(
        !std::fs::read(&key)
            .unwrap()
            .windows(11)
            .any(|w| w == b"PRIVATE KEY"),
        "the backup is sealed"
    );
    // A wrong passphrase changes nothing.
    let fresh = dir.path().join("fresh");
    let o = Command::new(BIN)
        .arg("--data-dir")
        .arg(&fresh)
        .args(["device", "restore", key.to_str().unwrap()])
        .env("SANAD_PASSPHRASE", "not the passphrase")
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(ok(&fresh, &["device", "list", "--json"]).trim(), "[]");

    // Alone, into a fresh data folder (a new keychain collection): listed, suspended.
    let out = ok(&fresh, &["device", "restore", key.to_str().unwrap()]);
    assert!(out.contains("suspended"), "{out}");
    let list: serde_json::Value =
        serde_json::from_str(&ok(&fresh, &["device", "list", "--json"])).unwrap();
    assert!(list[0]["suspended"].is_string());
    let o = cli(&fresh, &["issue", SALE]);
    assert_ne!(code(&o), 0);

    // With the books' own backup: the chain is proven and the next ICV is 3.
    let again = dir.path().join("again");
    ok(&again, &["books", "restore", books.to_str().unwrap()]);
    ok(&again, &["device", "restore", key.to_str().unwrap()]);
    let issued: serde_json::Value =
        serde_json::from_str(&ok(&again, &["issue", SALE, "--json"])).unwrap();
    assert_eq!(issued["icv"], 3, "{issued}");
    assert_eq!(issued["number"], "TILL1-000003");
}

#[test]
fn without_a_keychain_sanad_refuses_plainly_or_uses_a_vault_by_choice() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = |extra: &[&str], args: &[&str]| {
        Command::new(BIN)
            .arg("--data-dir")
            .arg(&data)
            .args(extra)
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env("SANAD_PASSPHRASE", "a passphrase for tests")
            .output()
            .unwrap()
    };
    let o = run(&[], &["company", "set", COMPANY]);
    assert_ne!(code(&o), 0);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("SANAD-KEYCHAIN-UNAVAILABLE") && err.contains("vault"),
        "{err}"
    );
    let o = run(&["--vault"], &["company", "set", COMPANY]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&[], &["device", "add", "till-1"]);
    assert_eq!(
        code(&o),
        0,
        "the books remember their vault: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(&[], &["device", "onboard", "till-1"]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(data.join("practice/secrets.vault").exists());
}
