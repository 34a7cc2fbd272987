//! The UI's TypeScript types follow from the Rust types: the committed
//! `ui/src/lib/generated/bindings.ts` must be what `sanad_desktop::bindings::typescript()`
//! generates. Regenerate with `SANAD_REGENERATE_TS=1 cargo test -p sanad-desktop --test bindings`.

use std::path::PathBuf;

use sanad_desktop::bindings::{BINDINGS_PATH, typescript};

#[test]
fn the_committed_typescript_bindings_are_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(BINDINGS_PATH);
    let generated = typescript();
    if std::env::var_os("SANAD_REGENERATE_TS").is_some() {
        std::fs::write(&path, &generated).expect("write the bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: the Rust types changed. Regenerate it with \
         `SANAD_REGENERATE_TS=1 cargo test -p sanad-desktop --test bindings` and commit it.",
        path.display()
    );
}
