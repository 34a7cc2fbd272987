#!/usr/bin/env bash
# Runs Sanad: installs what is missing, builds the app with its UI embedded, opens the window
# (under a virtual display when there is none).
#   scripts/run-app.sh                 open the window
#   scripts/run-app.sh --shot out.png  start under Xvfb, take one screenshot once it is up, quit
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
command -v cargo >/dev/null || { echo "Rust is missing: install it from https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20+ with npm is missing" >&2; exit 1; }
[ -d node_modules ] || npm ci --no-audit --no-fund
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-0}"
npx tauri build --debug --no-bundle        # debug build WITH the UI embedded (not devUrl)
BIN="${CARGO_TARGET_DIR:-target}/debug/sanad"
# Device keys live in the OS keychain: without a session bus (a server, a container) Sanad gets
# a private one with its own GNOME Keyring for this run; its data folder then lives in that
# run's temporary XDG_DATA_HOME too, so keys and books go together (a try-out, not a shop).
KEYRING=""
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || KEYRING=scripts/with-keyring.sh

if [ "${1:-}" = "--shot" ]; then
  out=$(realpath -m "${2:-sanad.png}")
  exec $KEYRING xvfb-run -a -s '-screen 0 1280x800x24' sh -c '
    "$1" & pid=$!; i=0
    until xwininfo -root -tree | grep -q "\"Sanad\""; do
      i=$((i+1)); [ $i -gt 120 ] && break; sleep 0.5
    done
    sleep 2; import -window root "$2"; kill $pid; wait $pid 2>/dev/null
    echo "screenshot: $2"' sh "$BIN" "$out"
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then exec $KEYRING "$BIN"; fi
echo "no display: starting Sanad on a virtual one (Xvfb)" >&2
exec $KEYRING xvfb-run -a -s '-screen 0 1280x800x24' "$BIN"
