#!/usr/bin/env bash
# Installs what Sanad's desktop app needs on Debian/Ubuntu, and nothing that is already there.
#   scripts/install-deps.sh          build + run the app (also under Xvfb)
#   scripts/install-deps.sh --test   also the test tools: WebKitWebDriver, tauri-driver, Chromium,
#                                    poppler/qpdf/zbar (PDF checks), openssl (CSR checks)
set -euo pipefail
BUILD="libwebkit2gtk-4.1-dev libdbus-1-dev build-essential pkg-config file libssl-dev curl"
RUN="xvfb xauth x11-utils imagemagick"
TEST="webkit2gtk-driver chromium xdotool poppler-utils qpdf zbar-tools openssl python3 gnome-keyring dbus"
want="$BUILD $RUN"
[ "${1:-}" = "--test" ] && want="$want $TEST"
missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "installing:$missing"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends $missing
fi
if [ "${1:-}" = "--test" ] && ! command -v tauri-driver >/dev/null 2>&1; then
  cargo install tauri-driver --locked --version '^2'
fi
