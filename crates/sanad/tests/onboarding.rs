//! Onboarding for real: the keychain, the ledger on disk and the simulator over HTTP.

mod support;

use sanad::connect::Fatoora;
use sanad::onboarding::{self, Progress};
use sanad::secrets::{Item, Keychain, Store};
use sanad::{Class, Error};
use support::*;
use zatca::api::ComplianceStep;

fn quiet() -> impl FnMut(&Progress) + Send {
    |_: &Progress| {}
}

async fn onboard(
    books: &sanad::Books,
    fatoora: &Fatoora,
    name: &str,
    otp: Option<&str>,
) -> Result<onboarding::DeviceView, Error> {
    onboarding::onboard(books, fatoora, name, otp, &mut quiet()).await
}

#[tokio::test(flavor = "multi_thread")]
async fn practice_onboards_a_1100_device_then_a_second_under_the_same_vat() {
    let dir = tempfile::tempdir().unwrap();
    let books = practice(dir.path());
    onboarding::add_device(&books, &device("till-1", "1100")).unwrap();
    let fatoora = Fatoora::connect(&books).await.unwrap();
    let mut passed = Vec::new();
    let mut seen = |p: &Progress| passed.extend(p.compliance_step.clone());
    let d = onboarding::onboard(&books, &fatoora, "till-1", None, &mut seen)
        .await
        .unwrap();
    assert_eq!(d.next_step.as_str(), "active");
    assert_eq!(d.state.as_str(), "production");
    assert_eq!(passed, ComplianceStep::promised_by("1100"));
    assert!(d.days_left.unwrap() > 300, "{d:?}");
    assert!(!d.renewal_due);

    onboarding::add_device(&books, &device("till-2", "0100")).unwrap();
    let d2 = onboard(&books, &fatoora, "till-2", None).await.unwrap();
    assert_eq!(d2.state.as_str(), "production");
    let list = onboarding::list(&books).unwrap();
    assert_eq!(list.len(), 2);
    assert_ne!(list[0].series_prefix, list[1].series_prefix);
    assert_eq!(list[0].series_prefix.as_deref(), Some("TILL1-"));
    // Both devices carry the company's VAT number in their CSR; each has its own key.
    let a = books.ledger().device_by_name("till-1").unwrap();
    let b = books.ledger().device_by_name("till-2").unwrap();
    assert_eq!(a.csr.vat_number, b.csr.vat_number);
    assert_ne!(a.certificate_pem, b.certificate_pem);
    assert!(a.csr.serial_number.starts_with("1-Sanad|2-"));
    assert!(a.csr.serial_number.ends_with(&format!("|3-{}", a.uuid)));
    // The ledger keeps the certificates and the names of the keychain entries, and one audit
    // row for every read of a secret, naming the purpose.
    let certs = books.ledger().certificates(a.id).unwrap();
    assert_eq!(certs.len(), 2);
    assert_eq!(certs[1].secret_entry, format!("{}/production-csid", a.uuid));
    let reads: Vec<_> = ledger::audit::recent(books.ledger().conn(), 500)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "read_secret")
        .collect();
    assert!(
        reads
            .iter()
            .any(|e| e.entity_id == a.uuid && e.detail.ends_with("for onboard"))
    );
    assert!(
        ledger::audit::verify(books.ledger().conn())
            .unwrap()
            .is_intact()
    );
    fatoora.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_or_expired_otp_is_zatcas_invalid_otp_explained_and_resumable() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let books = simulation(&dir.path().join("data"), &sim.base_url());
    onboarding::add_device(&books, &device("till-1", "0100")).unwrap();
    let fatoora = Fatoora::connect(&books).await.unwrap();

    // Outside practice a person brings the OTP.
    let e = onboard(&books, &fatoora, "till-1", None).await.unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.class),
        ("SANAD-OTP-NEEDED", Class::BadInput)
    );
    assert_eq!(e.field.as_deref(), Some("otp"));
    let e = onboard(&books, &fatoora, "till-1", Some("12a"))
        .await
        .unwrap_err();
    assert_eq!(e.code, "SANAD-OTP-FORMAT");

    let e = onboard(&books, &fatoora, "till-1", Some("000000"))
        .await
        .unwrap_err();
    assert_eq!(e.code, "Invalid-OTP");
    assert_eq!(e.class, Class::Refused);
    assert_eq!(e.exit_code(), 3);
    assert!(e.ar.contains("رمز التحقق"));
    let z = e.zatca.as_ref().unwrap();
    assert_eq!(z.status, Some(400));
    assert!(
        z.messages
            .iter()
            .any(|(c, m)| c == "Invalid-OTP" && m.contains("invalid"))
    );

    sim.add_otp(
        "111111",
        Some(chrono::Utc::now() - chrono::Duration::minutes(1)),
    )
    .unwrap();
    let e = onboard(&books, &fatoora, "till-1", Some("111111"))
        .await
        .unwrap_err();
    assert_eq!(e.code, "Invalid-OTP");
    assert!(e.zatca.as_ref().unwrap().messages[0].1.contains("expired"));
    // The failure is kept for the device list; key and CSR were not redone.
    let d = onboarding::show(&books, "till-1").unwrap();
    assert_eq!(d.next_step.as_str(), "compliance_csid");
    assert!(d.last_error.unwrap().contains("Invalid-OTP"));

    let otp = sim.mint_otp().unwrap().otp;
    let d = onboard(&books, &fatoora, "till-1", Some(&otp))
        .await
        .unwrap();
    assert_eq!(d.next_step.as_str(), "active");
    assert_eq!(d.last_error, None);
    fatoora.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_qr_compliance_steps_zatca_asks_for_are_done() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    let books = simulation(&dir.path().join("data"), &sim.base_url());
    onboarding::add_device(&books, &device("till-1", "1100")).unwrap();
    let fatoora = Fatoora::connect(&books).await.unwrap();
    let mut passed = Vec::new();
    // As ZATCA's simulation environment did in 2024: once the six documents have passed, the
    // platform starts asking for the two QR steps too.
    let mut seen = |p: &Progress| {
        passed.extend(p.compliance_step.clone());
        if p.compliance_step == Some(ComplianceStep::SimplifiedDebitNote) {
            sim.set_qr_compliance_steps(true).unwrap();
        }
    };
    let otp = sim.mint_otp().unwrap().otp;
    let d = onboarding::onboard(&books, &fatoora, "till-1", Some(&otp), &mut seen)
        .await
        .unwrap();
    assert_eq!(d.next_step.as_str(), "active");
    // The six documents, then what Missing-ComplianceSteps listed.
    assert_eq!(&passed[..6], &ComplianceStep::promised_by("1100")[..]);
    assert!(
        passed[6..].contains(&ComplianceStep::BuyerQrCode),
        "{passed:?}"
    );
    assert!(
        passed[6..].contains(&ComplianceStep::SellerQrCode),
        "{passed:?}"
    );
    fatoora.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_csr_for_another_environment_is_refused_in_zatcas_csid_shape() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    // Production books whose CSR carries ZATCA-Code-Signing, sent to a simulation platform.
    let books = books(
        &dir.path().join("data"),
        sanad::BooksEnv::Production,
        sanad::OpenOptions {
            fatoora_url: Some(sim.base_url()),
            ..Default::default()
        },
    );
    onboarding::add_device(&books, &device("till-1", "0100")).unwrap();
    let fatoora = Fatoora::connect(&books).await.unwrap();
    let otp = sim.mint_otp().unwrap().otp;
    let e = onboard(&books, &fatoora, "till-1", Some(&otp))
        .await
        .unwrap_err();
    assert_eq!(e.code, "Invalid-CSR");
    assert_eq!(e.class, Class::Refused);
    let z = e.zatca.as_ref().unwrap();
    assert!(!z.messages.is_empty(), "ZATCA's own strings are kept");
    assert_eq!(
        onboarding::show(&books, "till-1")
            .unwrap()
            .next_step
            .as_str(),
        "compliance_csid"
    );
    fatoora.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn fatoora_out_of_reach_changes_nothing_and_onboarding_resumes() {
    let dir = tempfile::tempdir().unwrap();
    // A port nobody listens on.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/e-invoicing/simulation",
        dead.local_addr().unwrap()
    );
    drop(dead);
    let books = simulation(&dir.path().join("data"), &url);
    onboarding::add_device(&books, &device("till-1", "0100")).unwrap();
    let fatoora = Fatoora::connect(&books).await.unwrap();
    let e = onboard(&books, &fatoora, "till-1", Some("123456"))
        .await
        .unwrap_err();
    assert_eq!(e.class, Class::Unreachable);
    assert_eq!(e.exit_code(), 4);
    assert!(e.ar.contains("تعذّر الوصول"));
    assert_eq!(
        onboarding::show(&books, "till-1")
            .unwrap()
            .next_step
            .as_str(),
        "compliance_csid"
    );
    fatoora.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn renewal_from_60_days_keeps_the_history_and_a_failed_one_keeps_the_csid() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simulator(dir.path()).await;
    sim.set_certificate_validity(std::time::Duration::from_secs(30 * 86_400));
    let books = simulation(&dir.path().join("data"), &sim.base_url());
    onboarding::add_device(&books, &device("till-1", "0100")).unwrap();
    let fatoora = Fatoora::connect(&books).await.unwrap();
    let otp = sim.mint_otp().unwrap().otp;
    let d = onboard(&books, &fatoora, "till-1", Some(&otp))
        .await
        .unwrap();
    assert!(d.renewal_due, "30 days left: {d:?}");
    let first = d.csid_expires.unwrap();

    // A wrong OTP: refused, the current CSID stays.
    let e = onboarding::renew(&books, &fatoora, "till-1", Some("000000"))
        .await
        .unwrap_err();
    assert_eq!(e.code, "Invalid-OTP");
    let same = onboarding::show(&books, "till-1").unwrap();
    assert_eq!(same.csid_expires, Some(first));
    assert_eq!(same.state.as_str(), "production");
    assert!(same.last_error.unwrap().starts_with("renewal:"));

    sim.set_certificate_validity(std::time::Duration::from_secs(365 * 86_400));
    let otp = sim.mint_otp().unwrap().otp;
    let renewed = onboarding::renew(&books, &fatoora, "till-1", Some(&otp))
        .await
        .unwrap();
    assert!(renewed.csid_expires.unwrap() > first);
    assert!(!renewed.renewal_due);
    let device = books.ledger().device_by_name("till-1").unwrap();
    let production: Vec<_> = books
        .ledger()
        .certificates(device.id)
        .unwrap()
        .into_iter()
        .filter(|c| c.kind.as_str() == "production")
        .collect();
    assert_eq!(
        production.len(),
        2,
        "the old certificate stays in the history"
    );
    assert!(production[0].replaced_at.is_some());
    assert!(production[1].replaced_at.is_none());
    fatoora.close().await;
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retired_device_is_never_onboarded_again_on_its_chain() {
    let dir = tempfile::tempdir().unwrap();
    let books = practice(dir.path());
    onboarding::add_device(&books, &device("till-1", "0100")).unwrap();
    let id = books.ledger().device_by_name("till-1").unwrap().id;
    books.ledger().retire_device(id, "replaced").unwrap();
    let fatoora = Fatoora::connect(&books).await.unwrap();
    let e = onboard(&books, &fatoora, "till-1", None).await.unwrap_err();
    assert_eq!(e.code, "SANAD-DEVICE-RETIRED");
    fatoora.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_private_key_or_secret_is_left_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let books = practice(dir.path());
    onboarding::add_device(&books, &device("till-1", "1100")).unwrap();
    let fatoora = Fatoora::connect(&books).await.unwrap();
    onboard(&books, &fatoora, "till-1", None).await.unwrap();
    fatoora.close().await;
    let device = books.ledger().device_by_name("till-1").unwrap();
    let keychain = Keychain::open(books.config().keychain_service()).unwrap();
    let key = keychain
        .get(&sanad::secrets::entry_name(&device.uuid, Item::Key))
        .unwrap();
    let csid: serde_json::Value = serde_json::from_slice(
        &keychain
            .get(&sanad::secrets::entry_name(
                &device.uuid,
                Item::ProductionCsid,
            ))
            .unwrap(),
    )
    .unwrap();
    let secret = csid["secret"].as_str().unwrap().to_owned();
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let needles: Vec<Vec<u8>> = vec![
        key.to_vec(),
        hex.into_bytes(),
        b64.encode(key.as_slice()).into_bytes(),
        b"PRIVATE KEY".to_vec(),
        secret.into_bytes(),
    ];
    drop(books);
    let mut scanned = 0;
    for file in files(dir.path()) {
        let bytes = std::fs::read(&file).unwrap();
        scanned += 1;
        for n in &needles {
            assert!(
                !contains(&bytes, n),
                "{} holds secret bytes ({} bytes matched)",
                file.display(),
                n.len()
            );
        }
    }
    assert!(scanned >= 4, "ledger, WAL or guard, books.json, simulator");
}
