//! The OS keychain for real: the Secret Service of a private gnome-keyring
//! (`scripts/with-keyring.sh`), across processes, and books that never share an entry.

use sanad::secrets::{Keychain, SecretError, Store};
use sanad::{Books, BooksEnv, DataDir, OpenOptions};

#[test]
fn secrets_live_in_the_keychain_and_survive_the_process() {
    let service = format!("sanad.test.{}", std::process::id());
    let k = Keychain::open(&service).expect("a Secret Service (run under scripts/with-keyring.sh)");
    k.put("dev/key", b"\x00\x01\xffsecret").expect("put");
    // A second process reads what the first stored: the keychain is not in this process.
    let exe = std::env::current_exe().expect("exe");
    let out = std::process::Command::new(exe)
        .args([
            "--exact",
            "reads_an_entry_named_in_the_environment",
            "--nocapture",
        ])
        .env("SANAD_TEST_SERVICE", &service)
        .output()
        .expect("child");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("read 9 bytes"));
    k.delete("dev/key").expect("delete");
    k.delete("dev/key").expect("deleting twice is fine");
    assert!(matches!(
        k.get("dev/key"),
        Err(SecretError::NotFound { .. })
    ));
}

#[test]
fn reads_an_entry_named_in_the_environment() {
    let Ok(service) = std::env::var("SANAD_TEST_SERVICE") else {
        return; // only meaningful as the child of the test above
    };
    let k = Keychain::open(service).expect("keychain");
    let v = k.get("dev/key").expect("the parent's entry");
    assert_eq!(&v[..], b"\x00\x01\xffsecret");
    println!("read {} bytes", v.len());
}

#[test]
fn each_books_has_its_own_keychain_service() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = DataDir::new(dir.path());
    let practice =
        Books::open(&data, BooksEnv::Practice, OpenOptions::default()).expect("practice");
    let production =
        Books::open(&data, BooksEnv::Production, OpenOptions::default()).expect("production");
    assert_ne!(
        practice.config().keychain_service(),
        production.config().keychain_service()
    );
    assert!(
        practice
            .config()
            .keychain_service()
            .starts_with("sanad.practice.")
    );
    // Reopening finds the same books.
    let again = Books::open(&data, BooksEnv::Practice, OpenOptions::default()).expect("again");
    assert_eq!(again.config().id, practice.config().id);
    assert_eq!(
        data.existing(),
        vec![BooksEnv::Practice, BooksEnv::Production]
    );
}
