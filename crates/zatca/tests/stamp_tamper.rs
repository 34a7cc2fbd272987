//! Tampering with a signed simplified invoice: every change is caught and named.

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::NaiveDateTime;
use zatca::stamp::{qr, sign};
use zatca::verify::{Check, verify};

fn signed() -> String {
    let input = std::fs::read(common::cases_dir("simplified-invoice").join("input.xml")).unwrap();
    let t = NaiveDateTime::parse_from_str("2024-01-01T12:31:00", "%Y-%m-%dT%H:%M:%S").unwrap();
    let s = sign(&input, &common::sdk_signer(), t).unwrap();
    let xml = String::from_utf8(s.xml).unwrap();
    assert!(verify(xml.as_bytes()).is_valid());
    xml
}

fn failed(xml: &str) -> Vec<Check> {
    let r = verify(xml.as_bytes());
    assert!(!r.is_valid());
    r.failures().map(|f| f.check).collect()
}

/// The detail of a failed check: plain text a person reads, never Rust debug output.
fn detail(xml: &str, check: Check) -> String {
    let r = verify(xml.as_bytes());
    let f = r
        .failures()
        .find(|f| f.check == check)
        .unwrap_or_else(|| panic!("{check:?} fails"));
    for bad in ["Some(", "None", "b\""] {
        assert!(!f.detail.contains(bad), "{check:?}: {}", f.detail);
    }
    f.detail.clone()
}

#[test]
fn changed_amount() {
    let xml = signed().replacen(
        "<cbc:TaxInclusiveAmount currencyID=\"SAR\">115.00<",
        "<cbc:TaxInclusiveAmount currencyID=\"SAR\">116.00<",
        1,
    );
    let f = failed(&xml);
    assert!(f.contains(&Check::InvoiceHash), "{f:?}");
    assert!(f.contains(&Check::SignatureValue), "{f:?}");
    assert!(f.contains(&Check::QrTag(4)), "{f:?}");
    assert!(f.contains(&Check::QrTag(6)), "{f:?}");
    let hash = detail(&xml, Check::InvoiceHash);
    assert!(
        hash.starts_with("the invoice DigestValue \"")
            && hash.contains("\" does not match the computed invoice hash \""),
        "{hash}"
    );
    let total = detail(&xml, Check::QrTag(4));
    assert_eq!(
        total,
        "QR tag 4 (total with VAT) is \"115.00\"; the document says \"116.00\""
    );
}

#[test]
fn changed_signing_time() {
    let xml = signed().replacen(
        "2024-01-01T12:31:00</xades",
        "2024-01-01T12:32:00</xades",
        1,
    );
    assert_eq!(failed(&xml), vec![Check::SignedPropertiesDigest]);
    let props = detail(&xml, Check::SignedPropertiesDigest);
    assert!(
        props.starts_with("the SignedProperties DigestValue \"")
            && props.contains("\" does not match the computed digest \""),
        "{props}"
    );
}

#[test]
fn a_signing_time_that_is_not_a_time_or_none_is_named() {
    let xml = signed().replacen("2024-01-01T12:31:00</xades", "yesterday</xades", 1);
    assert_eq!(
        detail(&xml, Check::SigningTime),
        "SigningTime \"yesterday\" is not a date-time (YYYY-MM-DDThh:mm:ss)"
    );
    let xml = signed().replacen(
        "<xades:SigningTime>2024-01-01T12:31:00</xades:SigningTime>",
        "",
        1,
    );
    assert_eq!(detail(&xml, Check::SigningTime), "SigningTime is missing");
}

#[test]
fn changed_certificate_byte() {
    let xml = signed();
    let cert_b64 = common::element_text(&xml, "<ds:X509Certificate>")
        .unwrap()
        .to_owned();
    let mut der = B64.decode(&cert_b64).unwrap();
    let at = der.windows(6).position(|w| w == b"Riyadh").unwrap();
    der[at] = b'S';
    let xml = xml.replacen(&cert_b64, &B64.encode(&der), 1);
    assert_eq!(failed(&xml), vec![Check::CertificateDigest]);
    let digest = detail(&xml, Check::CertificateDigest);
    assert!(
        digest.starts_with("CertDigest \"")
            && digest.contains("\" does not match the certificate's digest \""),
        "{digest}"
    );
}

#[test]
fn changed_qr_tag() {
    let xml = signed();
    let open = "<cbc:ID>QR</cbc:ID>\n        <cac:Attachment>\n            <cbc:EmbeddedDocumentBinaryObject mimeCode=\"text/plain\">";
    let old = common::element_text(&xml, open).unwrap().to_owned();
    let mut tlv = B64.decode(&old).unwrap();
    let tags = qr::decode(&old).unwrap();
    assert_eq!(tags[1].1, b"399999999900003");
    let at = tlv
        .windows(15)
        .position(|w| w == b"399999999900003")
        .unwrap();
    tlv[at + 14] = b'4';
    let xml = xml.replacen(&old, &B64.encode(&tlv), 1);
    assert_eq!(failed(&xml), vec![Check::QrTag(2)]);
    assert_eq!(
        detail(&xml, Check::QrTag(2)),
        "QR tag 2 (VAT number) is \"399999999900004\"; the document says \"399999999900003\""
    );
}

#[test]
fn changed_chain_field_breaks_the_link() {
    let xml = signed();
    let r = zatca::verify::verify_with(
        xml.as_bytes(),
        &zatca::verify::Expect {
            pih: Some("aqY8frWKpauDQqXCsdne5hYwMQCo1DUUNKLfSAtT2mg="),
            certificate: None,
        },
    );
    assert_eq!(
        r.failures().map(|f| f.check).collect::<Vec<_>>(),
        vec![Check::Pih]
    );
}

#[test]
fn garbage_is_named_not_a_panic() {
    assert_eq!(failed("<Invoice"), vec![Check::Xml]);
    assert_eq!(
        verify(&[0xff, 0xfe]).failures().next().map(|f| f.check),
        Some(Check::Xml)
    );
    let unsigned =
        std::fs::read(common::cases_dir("simplified-invoice").join("input.xml")).unwrap();
    let f = failed(std::str::from_utf8(&unsigned).unwrap());
    assert!(f.contains(&Check::SignaturePresent), "{f:?}");
    assert!(f.contains(&Check::Qr), "{f:?}");
}

/// A namespace URI with a `|` is outside the streaming canonicalizer's subset, so this document
/// goes through the full parser (declared on the signature block, it changes no canonical byte):
/// the same verdicts, by name.
#[test]
fn the_full_parser_path_gives_the_same_verdicts() {
    let xml = signed();
    let via_full = xml.replacen(
        "<ext:UBLExtensions>",
        "<ext:UBLExtensions xmlns:zz=\"urn:a|b\">",
        1,
    );
    assert_ne!(via_full, xml);
    let fast = verify(xml.as_bytes());
    let full = verify(via_full.as_bytes());
    assert!(full.is_valid(), "{:?}", full.failures().collect::<Vec<_>>());
    assert_eq!(fast.hash, full.hash);
    assert_eq!(fast.findings, full.findings);
    let tampered = via_full.replacen(
        "2024-01-01T12:31:00</xades",
        "2024-01-01T12:32:00</xades",
        1,
    );
    assert_eq!(failed(&tampered), vec![Check::SignedPropertiesDigest]);
}
