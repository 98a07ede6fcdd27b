#!/usr/bin/env bash
# Quick start: install what is missing, then run the kiosk.
# Voice mode when a speech model and a microphone exist, else a typed conversation.
# Extra arguments go to `kiosk run` (e.g. --model DIR).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$ROOT/scripts/setup.sh"
exec "$ROOT/.venv/bin/kiosk" run "$@"
