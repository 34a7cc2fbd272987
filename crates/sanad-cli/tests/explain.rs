//! `sanad-cli explain CODE`: both languages unless `--lang`, exit 1 for an unknown code.

use std::process::{Command, Output};

fn explain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sanad-cli"))
        .arg("explain")
        .args(args)
        .output()
        .expect("run sanad-cli")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_known_code_is_explained_in_both_languages() {
    let o = explain(&["BR-KSA-51"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(out.starts_with("BR-KSA-51\n"), "{out}");
    assert!(
        out.contains("What to do:") && out.contains("ما العمل:"),
        "{out}"
    );
    assert!(
        out.contains("Sanad support") && out.contains("دعم سند"),
        "{out}"
    );

    let o = explain(&["Missing-ComplianceSteps", "--lang", "ar"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        out.contains("المحاسب") && !out.contains("What to do"),
        "{out}"
    );

    let o = explain(&["BR-22", "--lang", "en"]);
    let (out, _) = text(&o);
    assert!(o.status.success());
    assert!(
        !out.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
        "{out}"
    );
    // An engine rule names the field Sanad checks.
    assert!(out.contains("Sanad checks lines[].quantity"), "{out}");
}

#[test]
fn a_plain_text_refusal_finds_its_entry() {
    let o = explain(&[
        "unable to submit and sign the csr in zatca side, caused : Denied by Policy Module 0x80094800",
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        out.starts_with("NOT_COMPLIANT: certificate template"),
        "{out}"
    );
}

#[test]
fn an_unknown_code_exits_1_with_a_clear_message() {
    let o = explain(&["BR-KSA-0000"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("unknown code `BR-KSA-0000`"), "{err}");
    let o = explain(&["BR-KSA-51", "--lang", "fr"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "clap refuses a language it does not know"
    );
}
