#!/usr/bin/env bash
# Quick start: install what is missing, then run every check the project has.
# Extra arguments go to pytest (e.g. -k matcher).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh --test
BIN="$ROOT/.venv/bin"

echo "== ruff"
"$BIN/ruff" check assistant tests
echo "== mypy"
"$BIN/mypy"
echo "== kiosk intents lint"
"$BIN/kiosk" intents lint
echo "== kiosk guides lint"
"$BIN/kiosk" guides lint
echo "== pytest"
set +e
"$BIN/pytest" "$@"
code=$?
set -e
if [ "$code" = 5 ]; then
    echo "test.sh: pytest collected no tests — that is a failure, not a pass" >&2
    exit 1
fi
exit "$code"
