"""``kiosk bench conversations``: success and silent-wrong actions on whole citizen
conversations (issues 11, 12).

Every conversation of a JSON-lines file (default ``tests/data/conversations/heldout.jsonl``)
runs in process through a fresh chat session and is judged against its goal; the rules
are in ``tests/data/conversations/BENCH.md``.  The parts:

- :mod:`.data` — the file format (:class:`Goal`, :class:`Conversation`) and its checker
  (:func:`check_file`, :func:`load`, :func:`warnings_of`);
- :mod:`.slots` — slot names and values (which a goal may give, how they compare);
- :mod:`.run` — driving a conversation (:func:`run_conversation`; :class:`SessionProbe`,
  the one adapter that reads the session's insides) into a :class:`Transcript`;
- :mod:`.judge` — transaction runs, wrong actions, wrong flows, success (:func:`judge`);
- :mod:`.report` — totals and output (:class:`BenchResult`: table or JSON);
- this module — :func:`run_bench` and the command line.

Exit status 0; 2 when the data file is malformed (every problem as
``path:line:col: message — fix``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.config import PROJECT_ROOT
from assistant.dialog.faults import count_faults
from assistant.errors import DataFileError

from .data import TODAY, Conversation, Goal, check_file, load, script_problem, warnings_of
from .judge import Run, Verdict, judge, runs_of, serves
from .report import BenchResult, Summary
from .run import Kiosk, Op, SessionProbe, Transcript, TurnRecord, load_kiosk, run_conversation
from .slots import known_slots

__all__ = [
    "DEFAULT_DATA", "TODAY", "BenchResult", "Conversation", "Goal", "Kiosk", "Op", "Run",
    "SessionProbe", "Summary", "Transcript", "TurnRecord", "Verdict", "check_file",
    "cmd_bench_conversations", "judge", "known_slots", "load", "load_kiosk", "register",
    "register_bench", "run_bench", "run_conversation", "runs_of", "script_problem", "serves",
    "warnings_of",
]

DEFAULT_DATA = PROJECT_ROOT / "tests" / "data" / "conversations" / "heldout.jsonl"
"""The held-out conversations (the lead runs the bench on them once)."""


def run_bench(conversations: Sequence[Conversation], kiosk: Kiosk, data: str = "-"
              ) -> BenchResult:
    """Run and judge every conversation (``data``: the file, as shown)."""
    verdicts = [judge(c, run_conversation(c, kiosk, data)) for c in conversations]
    return BenchResult(data, kiosk.today, kiosk.nlu is not None, verdicts)


def _shown_path(path: Path) -> str:
    """``path`` relative to the working directory when it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def cmd_bench_conversations(args: argparse.Namespace) -> int:
    """``kiosk bench conversations``: check the file, then run, judge and print."""
    count_faults()  # a crash is a result: not recovered from and hidden
    path: Path = args.data
    shown = _shown_path(path)
    try:
        conversations = load(path, shown)
    except DataFileError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"kiosk bench conversations: {len(exc.problems)} problem(s) in {shown}; "
              "nothing was run", file=sys.stderr)
        return 2
    warnings = warnings_of(conversations, shown)
    for warning in warnings:
        print(warning, file=sys.stderr)
    if args.check:
        print(f"{shown}: {len(conversations)} conversations, no problems"
              + (f", {len(warnings)} warning(s)" if warnings else ""))
        return 0
    result = run_bench(conversations, load_kiosk(no_nlu=args.no_nlu), shown)
    result.warnings = [str(w) for w in warnings]
    if args.json:
        print(json.dumps(result.to_json(show=args.show), ensure_ascii=False))
    else:
        print(result.text(show=args.show))
    return 0


def register_bench(bench_subparsers: argparse._SubParsersAction[argparse.ArgumentParser]
                   ) -> None:
    """Add ``kiosk bench conversations``."""
    p = bench_subparsers.add_parser(
        "conversations",
        help="whole citizen conversations: success, wrong actions, wrong flows",
        description="Run every conversation of a JSON-lines file through the chat session "
        "(real intent model, simulated devices) and judge it against its goal.")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA,
                   help="conversation file (default: tests/data/conversations/heldout.jsonl)")
    p.add_argument("--show", action="store_true",
                   help="print the whole transcript of each failure")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--check", action="store_true",
                   help="only check the file (no kiosk is run); exit 2 on problems")
    p.add_argument("--no-nlu", action="store_true",
                   help="do not load the intent matcher (keys and command words only)")
    p.set_defaults(func=cmd_bench_conversations)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """No top-level command: this module only adds ``kiosk bench conversations``."""
