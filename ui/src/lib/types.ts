// The types of what the commands return, generated from the Rust types
// (src-tauri/src/bindings.rs; regenerate with
// `SANAD_REGENERATE_TS=1 cargo test -p sanad-desktop --test bindings`).
export type * from "./generated/bindings";
