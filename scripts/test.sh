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
run_pytest() {
    set +e
    "$BIN/pytest" "$@"
    local code=$?
    set -e
    if [ "$code" = 5 ]; then
        echo "test.sh: pytest collected no tests — that is a failure, not a pass" >&2
        return 1
    fi
    return "$code"
}
if [ "$#" -gt 0 ]; then
    echo "== pytest $*"
    run_pytest "$@"
    exit $?
fi
# The speech and voice tests (espeak-ng through pyttsx3, vosk, PulseAudio) run in a process
# of their own: once (1 run in 3 of the whole suite on this machine) espeak-ng crashed in
# espeak_Synth after ~2,500 other tests in the same process — never when these ran alone.
# (Since session 6 the engine runs in a child process that is replaced when it crashes —
# assistant/speech/engine_process.py — so a crash costs one retry, not the run; the split
# stays because it keeps the two halves' memory and threads apart.)
echo "== pytest (everything but speech and voice)"
code=0
run_pytest --ignore=tests/speech --ignore=tests/voice || code=$?
echo "== pytest (speech and voice)"
run_pytest tests/speech tests/voice || code=$?
exit "$code"
