//! QR limits: every TLV value fits one length byte (255), the base64 text stays within 1000
//! characters, and both are typed errors that name the tag, also when signing.

mod common;

use chrono::NaiveDateTime;
use zatca::stamp::qr::{QrFields, decode, encode};
use zatca::stamp::{QrError, SignError, sign};

fn fields<'a>(seller: &'a str, key: &'a [u8]) -> QrFields<'a> {
    QrFields {
        seller_name: seller,
        vat_number: "399999999900003",
        timestamp: "2026-11-20T10:01:07",
        total_with_vat: "115.00",
        vat_total: "15.00",
        invoice_hash: "aqY8frWKpauDQqXCsdne5hYwMQCo1DUUNKLfSAtT2mg=",
        signature: "MEUCIQDqyvsdsJOjkKmpJnhxuIQIf5ieEiPCv4w6fAlR927OAAIgB770kE3G2JmtiEK80p/adGvHwyNVz6DvdAHwD6P9q68=",
        public_key: key,
        certificate_signature: Some(&[0x30; 71]),
    }
}

#[test]
fn round_trip_and_limits() {
    let key = [0x30u8; 88];
    let ok = encode(&fields("شركة سند | Sanad", &key)).unwrap();
    let tags = decode(&ok).unwrap();
    assert_eq!(
        tags.iter().map(|t| t.0).collect::<Vec<_>>(),
        (1..=9).collect::<Vec<u8>>()
    );
    assert_eq!(tags[0].1, "شركة سند | Sanad".as_bytes());

    let long = "ش".repeat(128); // 256 bytes
    assert_eq!(
        encode(&fields(&long, &key)),
        Err(QrError::ValueTooLong {
            tag: 1,
            field: "seller name",
            len: 256
        })
    );
    // Every value within 255 bytes, yet the whole text over 1000 characters.
    let fits = "ش".repeat(127);
    let big_key = [0x30u8; 255];
    assert_eq!(
        encode(&fields(&fits, &big_key)),
        Err(QrError::TooLong { len: 1044 })
    );
    assert!(encode(&fields(&fits, &key)).unwrap().len() <= 1000);
    let fits = "ش".repeat(100);
    assert!(encode(&fields(&fits, &key)).unwrap().len() <= 1000);
    assert_eq!(
        encode(&fields("", &key)),
        Err(QrError::EmptyValue {
            tag: 1,
            field: "seller name"
        })
    );
    assert_eq!(decode("AQ=="), Err(QrError::Truncated { at: 0 }));
    assert_eq!(decode("not base64!"), Err(QrError::NotBase64));
}

#[test]
fn signing_names_the_qr_limit() {
    let input =
        std::fs::read_to_string(common::cases_dir("simplified-invoice").join("input.xml")).unwrap();
    let t = NaiveDateTime::parse_from_str("2026-11-20T10:05:00", "%Y-%m-%dT%H:%M:%S").unwrap();
    let long = input.replacen(
        "<cbc:RegistrationName>Acme Inc<",
        &format!("<cbc:RegistrationName>{}<", "ش".repeat(130)),
        1,
    );
    assert_eq!(
        sign(long.as_bytes(), &common::sdk_signer(), t),
        Err(SignError::Qr(QrError::ValueTooLong {
            tag: 1,
            field: "seller name",
            len: 260
        }))
    );
    let no_total = input.replacen("TaxInclusiveAmount", "TaxInclusiveAmountX", 2);
    assert_eq!(
        sign(no_total.as_bytes(), &common::sdk_signer(), t),
        Err(SignError::MissingField("TaxInclusiveAmount"))
    );
    let no_pih = input.replacen("<cbc:ID>PIH</cbc:ID>", "<cbc:ID>XYZ</cbc:ID>", 1);
    assert_eq!(
        sign(no_pih.as_bytes(), &common::sdk_signer(), t),
        Err(SignError::MissingPih)
    );
}
