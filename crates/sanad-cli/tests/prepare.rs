//! `sanad-cli prepare`: the bundled sample becomes XML; bad drafts give readable errors, a
//! non-zero exit and never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn out_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sanad-cli-prepare-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sanad-cli"))
        .arg("prepare")
        .args(args)
        .output()
        .expect("run sanad-cli")
}

fn no_panic(o: &Output) {
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(o.status.code(), Some(101), "panic exit code");
}

#[test]
fn bundled_sample_becomes_valid_xml() {
    let dir = out_dir("ok");
    let out = dir.join("simplified-counter.xml");
    let draft = repo().join("examples/drafts/simplified-counter.json");
    let o = run(&[
        draft.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--icv".as_ref(),
        "12".as_ref(),
        "--validate".as_ref(),
    ]);
    no_panic(&o);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.contains("payable 71.59"), "{stdout}");
    assert!(
        stdout.contains("rule files (XSD, EN 16931, KSA): passed"),
        "{stdout}"
    );
    let xml = std::fs::read_to_string(&out).expect("xml written");
    assert!(
        xml.contains("<cbc:UUID>12</cbc:UUID>"),
        "ICV in the document"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn bad_drafts_fail_readably() {
    let dir = out_dir("bad");
    let base: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo().join("examples/drafts/simplified-counter.json")).expect("read"),
    )
    .expect("json");
    let mut wrong_vat = base.clone();
    wrong_vat["lines"][2]["vat"] = serde_json::json!({"category": "E"});
    let mut negative = base.clone();
    negative["lines"][0]["quantity"] = serde_json::json!("-2");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("syntax", b"{ \"kind\": ".to_vec(), "[SANAD-JSON]"),
        ("binary", vec![0xff, 0x00, 0x13], "[SANAD-JSON]"),
        (
            "unknown-field",
            br#"{"kind": "invoice", "colour": 1}"#.to_vec(),
            "colour",
        ),
        (
            "exemption",
            serde_json::to_vec(&wrong_vat).expect("json"),
            "[BR-KSA-23] lines[2].vat.exemption_reason_code",
        ),
        (
            "negative",
            serde_json::to_vec(&negative).expect("json"),
            "[SANAD-NEGATIVE] lines[0].quantity",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, bytes).expect("write draft");
        let o = run(&[path.as_os_str()]);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(1), "{name}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(
            !path.with_extension("xml").exists(),
            "{name}: no XML for a bad draft"
        );
    }
    let o = run(&[dir.join("missing.json").as_os_str()]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read"));
    let o = run(&[
        repo()
            .join("examples/drafts/simplified-counter.json")
            .as_os_str(),
        "--pih".as_ref(),
        "%%%".as_ref(),
    ]);
    no_panic(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("[BR-KSA-61] chain.pih"));
    std::fs::remove_dir_all(dir).ok();
}
