#!/usr/bin/env bash
# Runs every test of Sanad: the Rust workspace (engine, ledger, FATOORA client and simulator,
# printing, services, desktop commands), ZATCA's official rule files over every generated
# document, the UI in headless Chromium, and the real app window under Xvfb.
# Installs whatever is missing first (Debian/Ubuntu packages, Python and npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sanad-target}"
T0=$SECONDS
step() { echo "=== [$((SECONDS - T0))s] $*"; }

step "dependencies"
scripts/install-deps.sh --test
pip_install() { python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "$@"; }
python3 -c 'import saxonche, lxml, cryptography' 2>/dev/null ||
  pip_install -r tools/requirements.txt || pip_install --break-system-packages -r tools/requirements.txt
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build

step "rust tests (engine, ledger, fatoora, simulator, print, services, desktop commands)"
# The services keep secrets in the OS keychain: the tests use a real, private gnome-keyring.
scripts/with-keyring.sh cargo test --workspace --locked

step "ui tests (headless Chromium, mocked IPC)"
npm run --silent test:ui

step "end-to-end (the real app window under Xvfb)"
npx tauri build --debug --no-bundle
cargo build --locked -p sanad-cli   # the e2e tests start its simulator
# The app keeps device secrets in the OS keychain: it runs with a private gnome-keyring too.
APP_BIN="$CARGO_TARGET_DIR/debug/sanad" scripts/with-keyring.sh \
  xvfb-run -a -s '-screen 0 1280x900x24' npm run --silent test:e2e

step "all tests passed"
