//! Company, devices and series: validation with the field named, renewal keeps the chain.

mod support;

use chrono::{TimeZone, Utc};
use ledger::company::Company;
use ledger::devices::DeviceState;
use ledger::{Ledger, LedgerError};
use support::{at, request, setup, shaped_signer};
use zatca::api::Environment;
use zatca::model::{Address, PartyId};

fn company(vat: &str) -> Company {
    Company {
        name_ar: "شركة سند التجريبية".to_owned(),
        name_en: Some("Sanad Demo Co".to_owned()),
        vat_number: vat.to_owned(),
        id: Some(PartyId {
            scheme: "CRN".to_owned(),
            value: "1010010000".to_owned(),
        }),
        address: Address {
            street: "King Fahd Road".to_owned(),
            additional_street: None,
            building_number: Some("1234".to_owned()),
            additional_number: Some("5678".to_owned()),
            district: Some("Olaya".to_owned()),
            city: "Riyadh".to_owned(),
            postal_zone: Some("12211".to_owned()),
            region: Some("Riyadh".to_owned()),
            country: "SA".to_owned(),
        },
        business_category: "Retail".to_owned(),
    }
}

#[test]
fn the_company_profile_is_one_row_validated_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path().join("books.sanad")).unwrap();
    assert_eq!(ledger.company().unwrap(), None);
    let err = ledger.set_company(&company("300000000000000")).unwrap_err();
    assert!(
        matches!(
            err,
            LedgerError::Invalid {
                field: "company.vat_number",
                ..
            }
        ),
        "{err}"
    );
    ledger.set_company(&company("399999999900003")).unwrap();
    let mut moved = company("399999999900003");
    moved.address.city = "Jeddah".to_owned();
    ledger.set_company(&moved).unwrap();
    assert_eq!(ledger.company().unwrap(), Some(moved));
    let log = ledger::audit::recent(ledger.conn(), 10).unwrap();
    assert_eq!(log.iter().filter(|e| e.entity == "company").count(), 2);
}

#[test]
fn renewing_a_certificate_keeps_the_chain_going() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let before = ledger
        .issue(&request(device, at(9, 0)), shaped_signer)
        .unwrap();
    let renewed = Utc.with_ymd_and_hms(2032, 6, 1, 0, 0, 0).single().unwrap();
    ledger
        .set_device_certificate(
            device,
            DeviceState::Production,
            "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n",
            renewed,
        )
        .unwrap();
    let d = ledger.device(device).unwrap();
    assert_eq!(
        (d.cert_not_after, d.state, d.environment),
        (
            Some(renewed),
            DeviceState::Production,
            Environment::Simulation
        )
    );
    let after = ledger
        .issue(&request(device, at(9, 1)), shaped_signer)
        .unwrap();
    assert_eq!((after.icv, after.pih), (2, before.hash));
    assert_eq!(ledger.devices().unwrap().len(), 1);
}

#[test]
fn bad_device_and_series_fields_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let mut csr = ledger.device(device).unwrap().csr;
    csr.invoice_types = "1111".to_owned();
    let err = ledger
        .add_device(&ledger::devices::NewDevice {
            uuid: None,
            series_prefix: None,
            name: "till-9".to_owned(),
            environment: Environment::Production,
            csr,
        })
        .unwrap_err();
    assert!(
        matches!(
            err,
            LedgerError::Invalid {
                field: "device.csr.invoice_types",
                ..
            }
        ),
        "{err}"
    );
    let err = ledger
        .set_device_certificate(device, DeviceState::Production, "not a cert", at(0, 0))
        .unwrap_err();
    assert!(
        matches!(
            err,
            LedgerError::Invalid {
                field: "device.certificate_pem",
                ..
            }
        ),
        "{err}"
    );
    let err = ledger.add_series("bad code", "X", 6).unwrap_err();
    assert!(
        matches!(
            err,
            LedgerError::Invalid {
                field: "series.code",
                ..
            }
        ),
        "{err}"
    );
    let err = ledger.add_series("X", "<b>", 6).unwrap_err();
    assert!(
        matches!(
            err,
            LedgerError::Invalid {
                field: "series.prefix",
                ..
            }
        ),
        "{err}"
    );
    assert!(
        ledger.add_series("INV", "INV-", 6).is_err(),
        "codes are unique"
    );
}
