//! Paths into the vendored ZATCA SDK data and the SDK's test signer.

use std::path::{Path, PathBuf};

pub fn sdk() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vendor/zatca-sdk")
}

pub fn cases() -> Vec<(String, PathBuf)> {
    let dir = sdk().join("extra/sdk-evidence/cases");
    let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("evidence cases")
        .map(|e| e.expect("entry").path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    v.sort();
    v
}

pub fn samples() -> Vec<PathBuf> {
    let mut v = Vec::new();
    walk(&sdk().join("Data/Samples"), &mut v);
    v.retain(|p| p.extension().is_some_and(|e| e == "xml"));
    v.sort();
    v
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

pub fn expected(case: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(case.join("expected.json")).ok()?;
    Some(serde_json::from_str(&text).expect("expected.json"))
}

/// The text between `open` and the next `<` after it.
pub fn element_text<'a>(xml: &'a str, open: &str) -> Option<&'a str> {
    let start = xml.find(open)? + open.len();
    let end = start + xml[start..].find('<')?;
    Some(&xml[start..end])
}

/// The SDK's test signer (Data/Certificates).
pub fn sdk_signer() -> zatca::stamp::Signer {
    let key = std::fs::read(sdk().join("Data/Certificates/ec-secp256k1-priv-key.pem")).unwrap();
    let cert = std::fs::read(sdk().join("Data/Certificates/cert.pem")).unwrap();
    zatca::stamp::Signer::from_any(&key, &cert).expect("SDK signer")
}

pub fn cases_dir(name: &str) -> PathBuf {
    sdk().join("extra/sdk-evidence/cases").join(name)
}
