//! Practice made ready, the wizard's place in onboarding, and the preferences: real books on
//! disk, the real keychain (under `scripts/with-keyring.sh`) and the practice simulator.

mod support;

use sanad::connect::Fatoora;
use sanad::events::{Event, Events};
use sanad::preferences::{self, Language, Paper, Preferences};
use sanad::wizard::{self, DeviceRequest, WizardStep};
use sanad::{BooksEnv, DataDir, practice};
use support::*;

#[tokio::test(flavor = "multi_thread")]
async fn practice_gets_the_sample_company_and_an_active_device_and_tells_the_events() {
    let dir = tempfile::tempdir().unwrap();
    let books = support::practice(dir.path());
    let fatoora = Fatoora::connect(&books).await.unwrap();
    let events = Events::new();
    let mut rx = events.subscribe();
    let device = practice::prepare(&books, &fatoora, &events).await.unwrap();
    assert_eq!(device.name, practice::DEVICE);
    assert_eq!(device.title, "1100");
    assert_eq!(device.next_step.as_str(), "active");
    assert_eq!(device.state.as_str(), "production");
    assert_eq!(
        books.ledger().company().unwrap(),
        Some(practice::sample_company())
    );
    let mut steps = Vec::new();
    while let Ok(e) = rx.try_recv() {
        if let Event::Device { device, next_step } = e {
            assert_eq!(device, practice::DEVICE);
            steps.push(next_step.as_str());
        }
    }
    assert_eq!(steps.first(), Some(&"csr"), "{steps:?}");
    assert_eq!(steps.last(), Some(&"active"), "{steps:?}");
    assert!(steps.contains(&"compliance_checks"), "{steps:?}");
    // Again: nothing new, the same device.
    let again = practice::prepare(&books, &fatoora, &events).await.unwrap();
    assert_eq!(again.uuid, device.uuid);
    assert_eq!(sanad::onboarding::list(&books).unwrap().len(), 1);
    assert_eq!(wizard::state(&books).unwrap().step, WizardStep::Company);
    fatoora.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn practice_keeps_a_company_profile_it_already_has() {
    let dir = tempfile::tempdir().unwrap();
    let books = support::practice(dir.path());
    let mut mine = company();
    mine.name_ar = "مؤسسة التجربة".into();
    sanad::company::set(&books, &mine).unwrap();
    let fatoora = Fatoora::connect(&books).await.unwrap();
    practice::prepare(&books, &fatoora, &Events::new())
        .await
        .unwrap();
    assert_eq!(books.ledger().company().unwrap(), Some(mine));
    fatoora.close().await;
}

#[test]
fn only_practice_books_are_prepared() {
    let dir = tempfile::tempdir().unwrap();
    let books = simulation(dir.path(), "http://127.0.0.1:9");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let fatoora = Fatoora::connect(&books).await.unwrap();
        let e = practice::prepare(&books, &fatoora, &Events::new())
            .await
            .unwrap_err();
        assert_eq!(e.code, "SANAD-NOT-PRACTICE");
        assert!(sanad::onboarding::list(&books).unwrap().is_empty());
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wizard_reopens_at_the_step_the_ledger_records() {
    let dir = tempfile::tempdir().unwrap();
    let books = support::practice(dir.path());
    assert_eq!(wizard::state(&books).unwrap().step, WizardStep::Company);
    let till = DeviceRequest {
        name: "till-2".into(),
        branch: None,
        standard: false,
        simplified: true,
    };
    let view = wizard::begin(&books, &company(), &till).unwrap();
    assert_eq!(view.title, "0100");
    // The device is recorded: the wizard asks for the OTP, also after a restart.
    let state = wizard::state(&books).unwrap();
    assert_eq!(state.step, WizardStep::Otp);
    assert_eq!(
        state.device.as_ref().map(|d| d.name.as_str()),
        Some("till-2")
    );
    drop(books);
    let books = support::practice(dir.path());
    assert_eq!(wizard::state(&books).unwrap().step, WizardStep::Otp);
    // Beginning again with the same name takes the device as it is.
    let again = wizard::begin(&books, &company(), &till).unwrap();
    assert_eq!(again.uuid, view.uuid);
    // Onboarded: the wizard starts over at the company for the next device.
    let fatoora = Fatoora::connect(&books).await.unwrap();
    let done = wizard::onboard(&books, &fatoora, &Events::new(), "till-2", None)
        .await
        .unwrap();
    assert_eq!(wizard::step_of(&done), WizardStep::Active);
    assert_eq!(wizard::state(&books).unwrap().step, WizardStep::Company);
    fatoora.close().await;
}

#[test]
fn the_wizard_refuses_a_device_without_name_or_documents_and_a_bad_profile_at_their_fields() {
    let dir = tempfile::tempdir().unwrap();
    let books = sanad::Books::open(
        &DataDir::new(dir.path()),
        BooksEnv::Practice,
        Default::default(),
    )
    .unwrap();
    let mut bad = company();
    bad.vat_number = "300000000000000".into();
    let errors = wizard::begin(
        &books,
        &bad,
        &DeviceRequest {
            name: " ".into(),
            branch: None,
            standard: false,
            simplified: false,
        },
    )
    .unwrap_err();
    let fields: Vec<_> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
    assert!(fields.contains(&"company.vat_number"), "{fields:?}");
    assert!(fields.contains(&"device.title"), "{fields:?}");
    assert!(fields.contains(&"device.name"), "{fields:?}");
    assert!(errors.iter().all(|e| !e.ar.is_empty() && !e.en.is_empty()));
    assert!(
        books.ledger().company().unwrap().is_none(),
        "nothing stored"
    );
}

#[test]
fn the_preferences_start_in_practice_and_outlast_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let fresh = preferences::load(&data).unwrap();
    assert_eq!(fresh, Preferences::default());
    assert_eq!(fresh.env, BooksEnv::Practice);
    assert_eq!(fresh.language, None);
    let chosen = Preferences {
        language: Some(Language::Ar),
        env: BooksEnv::Simulation,
        paper: Paper::A4,
        printer: Some("EPSON TM-T20".into()),
    };
    preferences::save(&data, &chosen).unwrap();
    assert_eq!(preferences::load(&data).unwrap(), chosen);
    std::fs::write(preferences::path(&data), b"{not json").unwrap();
    let e = preferences::load(&data).unwrap_err();
    assert_eq!(e.code, "SANAD-PREFERENCES");
}

#[test]
fn books_and_sessions_can_be_shared_between_threads() {
    // The desktop app keeps its session in an `Arc` and runs ledger work on blocking threads.
    fn shared<T: Send + Sync>() {}
    shared::<sanad::Books>();
    shared::<sanad::session::Session>();
}
