#!/bin/sh
# Runs a command with a private, unlocked GNOME Keyring (Secret Service) on a private D-Bus
# session, so that the tests use a real OS keychain without touching the user's own.
#   scripts/with-keyring.sh cargo test --workspace
# The keyring's files live in a temporary XDG_DATA_HOME that is removed afterwards.
set -eu
if [ -z "${SANAD_KEYRING_INNER:-}" ]; then
  KEYRING_HOME=$(mktemp -d "${TMPDIR:-/tmp}/sanad-keyring.XXXXXX")
  trap 'rm -rf "$KEYRING_HOME"' EXIT
  status=0
  SANAD_KEYRING_INNER=1 XDG_DATA_HOME="$KEYRING_HOME/data" XDG_RUNTIME_DIR="$KEYRING_HOME" \
    dbus-run-session -- "$0" "$@" || status=$?
  exit $status
fi
mkdir -p "$XDG_DATA_HOME"
eval "$(printf '%s' "${SANAD_KEYRING_PASS:-sanad-test-keyring}" | \
  gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
exec "$@"
