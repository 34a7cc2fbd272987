#!/usr/bin/env bash
# Every desktop check, in the order CI runs them: installs, type check, Rust (clippy + tests of
# the `sanad` services and the shell's commands on Tauri's mock runtime), UI in headless Chromium
# with mocked IPC, then the real app window under Xvfb through tauri-driver.
# Screenshots land in $SHOT_DIR (default: screenshots/).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-0}"
export SHOT_DIR="${SHOT_DIR:-screenshots}"
T0=$SECONDS
step() { echo "=== [$((SECONDS - T0))s] $*"; }

step "system packages and tauri-driver"
scripts/install-deps.sh --test
step "npm ci"
npm ci --no-audit --no-fund
step "UI type check and build"
npm run check
npm run build
step "Rust: clippy"
cargo clippy --locked -p sanad -p sanad-desktop --all-targets -- -D warnings
step "Rust: tests"
scripts/with-keyring.sh cargo test --locked -p sanad -p sanad-desktop
step "UI tests (Chromium, mocked IPC)"
npm run test:ui
step "app build (debug, UI embedded)"
npx tauri build --debug --no-bundle
cargo build --locked -p sanad-cli   # the e2e tests start its simulator
step "end-to-end (real window, Xvfb)"
APP_BIN="${CARGO_TARGET_DIR:-target}/debug/sanad" scripts/with-keyring.sh \
  xvfb-run -a -s '-screen 0 1280x900x24' node --test --test-timeout=120000 tests/e2e/
step "done"
