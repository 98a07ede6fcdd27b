#!/usr/bin/env bash
# `kiosk bench dialog` of this tree against a baseline commit, interleaved, same machine.
#
#   bash scripts/bench_dialog_vs_base.sh [--base COMMIT|DIR] [--runs R] [--n N] [--seed S]
#                                        [--no-nlu] [--cold] [--keep]
#
# The baseline (default de49209, the commit before the latency work of issue 13) is
# exported with `git archive` into a temporary directory (the repository is only read) and
# run with this tree's virtualenv from its own directory (its own var/ caches).  Runs
# alternate base, this tree, base, this tree … (--runs each, default 3), same --n (default
# 2000) and --seed (default 1), each in a fresh process.  Per run it prints sessions per
# second of wall time (the bench's own measure) and CPU milliseconds per session (CPU time
# of the process between the first and the last session — the fairer measure on a shared
# machine); then the medians and the ratios of the medians.  Loading (and, the first time,
# training) the intent model and the start-up warm-up come before the first session and
# are counted in neither measure.  The baseline has no warm-up: its first guide question
# loads jieba and the guide index inside its timed run; --cold runs this tree the same way
# (`kiosk bench dialog --cold`).  --keep keeps the exported baseline for the next time.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY="$ROOT/.venv/bin/python"
BASE=de49209
RUNS=3
N=2000
SEED=1
NO_NLU=""
COLD=""
KEEP=""
while [ "$#" -gt 0 ]; do
    case "$1" in
        --base) BASE=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --n) N=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --no-nlu) NO_NLU=--no-nlu; shift ;;
        --cold) COLD=--cold; shift ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "bench_dialog_vs_base.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

if [ -d "$BASE" ]; then
    BASE_DIR=$(cd "$BASE" && pwd)
else
    BASE_DIR=${TMPDIR:-/tmp}/kiosk-bench-base-$(git -C "$ROOT" rev-parse --short "$BASE")
    if [ ! -f "$BASE_DIR/assistant/__init__.py" ]; then
        mkdir -p "$BASE_DIR"
        git -C "$ROOT" archive "$BASE" | tar -x -C "$BASE_DIR"
    fi
    [ -n "$KEEP" ] || trap 'rm -rf "$BASE_DIR"' EXIT
fi

# One bench run of the tree in $1 (extra bench option $2):
# prints "sessions/s  CPU-ms/session  crashes  double".
run_one() {
    (cd "$1" && PYTHONPATH="$1" "$PY" - "$N" "$SEED" "$NO_NLU" "$2" <<'EOF'
import contextlib, importlib, io, os, re, sys, time
import assistant
assert os.path.dirname(os.path.abspath(assistant.__file__)) == os.path.join(os.getcwd(), "assistant"), assistant.__file__
# now / before the move (by file: the editable install would supply a missing module from
# the main tree)
name = "assistant.bench.dialog" if os.path.exists("assistant/bench/dialog.py") \
    else "assistant.dialog.bench"
bench = importlib.import_module(name)
assert os.path.abspath(bench.__file__).startswith(os.getcwd() + os.sep), bench.__file__
# CPU time of the sessions alone, the same way for both trees: the bench module reads
# time.perf_counter() right before its first session and right after its last; the CPU
# time of the process is noted at both.
marks: list[float] = []
class Clock:
    def __getattr__(self, name):
        return getattr(time, name)
    def perf_counter(self):
        marks.append(time.process_time())
        return time.perf_counter()
bench.time = Clock()
n, seed = sys.argv[1], sys.argv[2]
extra = [a for a in sys.argv[3:] if a]
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = bench.main(["--n", n, "--seed", seed, *extra])
text = out.getvalue()
rate = re.search(r"\((\d+) sessions/s", text)
counts = re.search(r"crashes (\d+) +stuck (\d+) +double charges (\d+)", text)
if rate is None or counts is None or len(marks) != 2:
    sys.exit("could not read the bench output:\n" + text)
print(rate.group(1), f"{(marks[1] - marks[0]) * 1000 / int(n):.2f}", counts.group(1),
      counts.group(3))
EOF
    )
}

echo "baseline: $BASE ($BASE_DIR)   this tree: $ROOT"
echo "--n $N --seed $SEED --runs $RUNS $NO_NLU $COLD   load: $(uptime | sed 's/.*load average: //')"
printf '%-5s %-4s %12s %16s %8s %8s\n' run tree sessions/s "CPU ms/session" crashes double
BASE_RATES=(); MAIN_RATES=(); BASE_CPU=(); MAIN_CPU=(); BAD=0
for i in $(seq 1 "$RUNS"); do
    for tree in base main; do
        dir=$ROOT; opt=$COLD
        [ "$tree" = base ] && dir=$BASE_DIR && opt=""
        read -r rate cpu crashes double < <(run_one "$dir" "$opt")
        printf '%-5s %-4s %12s %16s %8s %8s\n' "$i" "$tree" "$rate" "$cpu" "$crashes" "$double"
        if [ "$tree" = base ]; then BASE_RATES+=("$rate"); BASE_CPU+=("$cpu")
        else MAIN_RATES+=("$rate"); MAIN_CPU+=("$cpu"); fi
        [ "$crashes" = 0 ] && [ "$double" = 0 ] || BAD=1
    done
done
"$PY" - "${BASE_RATES[*]}" "${MAIN_RATES[*]}" "${BASE_CPU[*]}" "${MAIN_CPU[*]}" <<'EOF'
import statistics, sys
br, mr, bc, mc = ([float(x) for x in a.split()] for a in sys.argv[1:5])
mb, mm = statistics.median(br), statistics.median(mr)
cb, cm = statistics.median(bc), statistics.median(mc)
print(f"median sessions/s: base {mb:.0f}, this tree {mm:.0f} -> {mm / mb:.2f}x")
print(f"median CPU ms/session: base {cb:.2f}, this tree {cm:.2f} -> {cb / cm:.2f}x less CPU")
EOF
echo "load after: $(uptime | sed 's/.*load average: //')"
exit "$BAD"
