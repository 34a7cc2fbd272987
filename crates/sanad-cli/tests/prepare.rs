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

/// Copies `from` into `to` (a directory tree).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// An installed or moved binary finds ZATCA's rule files at run time (never through the source
/// path it was built from), and says clearly where it looked when they are missing.
#[test]
fn a_moved_binary_finds_the_rule_files_at_run_time() {
    let dir = out_dir("moved");
    let bin_dir = dir.join("bin");
    std::fs::create_dir_all(&bin_dir).expect("bin dir");
    let bin = bin_dir.join("sanad-cli");
    std::fs::copy(env!("CARGO_BIN_EXE_sanad-cli"), &bin).expect("copy binary");
    let draft = repo().join("examples/drafts/simplified-counter.json");
    let out = dir.join("out.xml");
    let prepare = |extra: &[&std::ffi::OsStr], env: Option<&Path>| {
        let mut cmd = Command::new(&bin);
        cmd.current_dir(&dir)
            .env("HOME", &dir)
            .env_remove("XDG_DATA_HOME")
            .env_remove("SANAD_RULES_DIR")
            .arg("prepare")
            .arg(&draft)
            .arg("-o")
            .arg(&out)
            .arg("--validate")
            .args(extra);
        if let Some(d) = env {
            cmd.env("SANAD_RULES_DIR", d);
        }
        let o = cmd.output().expect("run the moved binary");
        no_panic(&o);
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let passed = "rule files (XSD, EN 16931, KSA): passed";

    // Nowhere to be found: a clear message, exit 1, nothing written.
    let (code, _, stderr) = prepare(&[], None);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("rule files were not found") && stderr.contains("--rules DIR"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing is written without the rule files");

    // A directory named that does not hold them.
    let (code, _, stderr) = prepare(&[], Some(&dir));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("SANAD_RULES_DIR names"), "{stderr}");

    // Named by the environment and by the option.
    let (code, stdout, stderr) = prepare(&[], Some(&repo()));
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains(passed), "{stdout}");
    let (code, stdout, stderr) = prepare(&["--rules".as_ref(), repo().as_os_str()], None);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains(passed), "{stdout}");

    // Installed next to the binary.
    let rules = bin_dir.join("rules");
    std::fs::create_dir_all(rules.join("tools")).expect("tools dir");
    std::fs::copy(
        repo().join("tools/validate.py"),
        rules.join("tools/validate.py"),
    )
    .expect("copy validate.py");
    for part in ["Data/Rules", "Data/Schemas"] {
        copy_tree(
            &repo().join("vendor/zatca-sdk").join(part),
            &rules.join("vendor/zatca-sdk").join(part),
        );
    }
    let (code, stdout, stderr) = prepare(&[], None);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains(passed), "{stdout}");
    std::fs::remove_dir_all(dir).ok();
}
