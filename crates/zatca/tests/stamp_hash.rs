//! The invoice hash against ZATCA's SDK: canonical bytes and hashes of every evidence case, and
//! the DigestValue of every signed SDK sample.

mod common;

use zatca::stamp::{canonicalize, invoice_hash};

#[test]
fn evidence_canonical_bytes_and_hashes() {
    let mut checked = 0;
    let mut hashed = 0;
    for (name, dir) in common::cases() {
        let Ok(input) = std::fs::read(dir.join("input.xml")) else {
            continue;
        };
        let expected = common::expected(&dir);
        let want_hash = expected
            .as_ref()
            .and_then(|e| e["hash"].as_str().map(str::to_owned));
        match std::fs::read(dir.join("canonical.xml")) {
            Ok(canonical) => {
                let ours = canonicalize(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(
                    ours == canonical,
                    "{name}: canonical bytes differ\nours:\n{}\nsdk:\n{}",
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&canonical)
                );
                checked += 1;
            }
            Err(_) => {
                if want_hash.is_none() {
                    assert!(
                        invoice_hash(&input).is_err(),
                        "{name}: SDK could not hash it, we did"
                    );
                }
            }
        }
        if let Some(want) = want_hash {
            let ours = invoice_hash(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(ours.to_base64(), want, "{name}: hash");
            hashed += 1;
        }
    }
    assert_eq!(checked, 38, "canonical cases");
    assert_eq!(hashed, 38, "hashed cases");
}

#[test]
fn sdk_samples_digest_values() {
    let samples = common::samples();
    assert_eq!(samples.len(), 19);
    for p in samples {
        let xml = std::fs::read_to_string(&p).unwrap();
        let start = xml.find("Id=\"invoiceSignedData\"").expect("reference");
        let digest = common::element_text(&xml[start..], "<ds:DigestValue>").expect("digest");
        let ours = invoice_hash(xml.as_bytes()).unwrap();
        assert_eq!(ours.to_base64(), digest, "{}", p.display());
    }
}
