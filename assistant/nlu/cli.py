"""``kiosk nlu``, ``kiosk intents lint|test`` and ``kiosk bench nlu``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.config import intents_dir
from assistant.errors import DataFileError, Problem
from assistant.nlu.bench import DEV_SET, format_report, read_dev_set, run_bench
from assistant.nlu.evaluate import cross_validate, example_problems, loo_examples
from assistant.nlu.intents import catalogue_problems, intent_files, read_intent_files
from assistant.nlu.matcher import Matcher
from assistant.nlu.types import Match


def register(sub: Any) -> None:
    p = sub.add_parser(
        "nlu",
        help="understand utterances (intent, score, decision, slots)",
        description="Understand utterances given as arguments, or one per line on stdin ('-').",
    )
    p.add_argument(
        "text", nargs="*", help="utterances; '-' (or none, with piped input) reads stdin"
    )
    p.add_argument("--json", action="store_true", help="one JSON object per utterance")
    p.add_argument("--intents", type=Path, help="intent directory (default: intents/)")
    p.set_defaults(func=cmd_nlu)

    intents = sub.add_parser("intents", help="check the intent files")
    isub = intents.add_subparsers(dest="intents_command", metavar="ACTION", required=True)
    lint = isub.add_parser("lint", help="report every problem as path:line:col: message — fix")
    lint.add_argument("directory", nargs="?", type=Path, help="default: intents/")
    lint.add_argument("--no-matcher", action="store_true", help="structure only (fast)")
    lint.set_defaults(func=cmd_lint)
    test = isub.add_parser("test", help="must-match/must-not-match and k-fold cross-validation")
    test.add_argument("directory", nargs="?", type=Path, help="default: intents/")
    test.add_argument("--folds", type=int, default=5)
    test.add_argument("--show", type=int, default=40, help="failures to list (default 40)")
    test.set_defaults(func=cmd_test)


def register_bench(bench: Any) -> None:
    p = bench.add_parser("nlu", help="matcher accuracy, latency and start-up on the dev set")
    p.add_argument(
        "--data", type=Path, default=DEV_SET, help="dev set TSV (text, intent, slots, category)"
    )
    p.add_argument("--intents", type=Path, help="intent directory (default: intents/)")
    p.add_argument("--passes", type=int, default=3, help="timing passes over the dev set")
    p.add_argument("--json", action="store_true")
    p.add_argument("--show", type=int, default=30, help="errors to list")
    p.set_defaults(func=cmd_bench)


def _lines(args: argparse.Namespace) -> list[str] | None:
    if args.text and args.text != ["-"]:
        return list(args.text)
    return None


def _describe(m: Match) -> str:
    runner = f"{m.runner_up.intent} {m.runner_up.score:.2f}" if m.runner_up else "-"
    slots = json.dumps(m.slots, ensure_ascii=False) if m.slots else "-"
    guide = f"{m.guide.id} ({m.guide.title})" if m.guide else "-"
    return (
        f"{m.text}\n"
        f"  intent    {m.intent}  score {m.score:.2f}  → {m.decision.value}\n"
        f"  runner-up {runner}\n"
        f"  slots     {slots}\n"
        f"  guide     {guide}\n"
        f"  heard as  {m.normalized}   (closest example: {m.example or '-'})"
    )


def cmd_nlu(args: argparse.Namespace) -> int:
    from assistant.nlu import load_nlu

    nlu = load_nlu(args.intents)
    given = _lines(args)
    source = given if given is not None else sys.stdin
    for raw in source:
        text = raw.rstrip("\n")
        if not text.strip():
            continue
        match = nlu.understand(text)
        if args.json:
            print(json.dumps(match.to_json(), ensure_ascii=False), flush=True)
        else:
            print(_describe(match), flush=True)
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    directory: Path = args.directory or intents_dir()
    if not directory.is_dir():
        print(f"kiosk: {directory} is not a directory — give the intent folder", file=sys.stderr)
        return 2
    paths = intent_files(directory)
    intents, problems = read_intent_files(paths, relative_to=directory.parent)
    problems.extend(catalogue_problems(intents, directory.name))
    problems.extend(_keypad_problems(directory))
    problems.extend(_flow_problems(directory))
    if not args.no_matcher and not problems:
        problems.extend(f.problem() for f in example_problems(Matcher(intents)))
    for problem in sorted(problems):
        print(problem)
    examples = sum(len(i.examples) for i in intents)
    summary = f"{len(paths)} files, {len(intents)} intents, {examples} example sentences"
    if problems:
        print(f"{len(problems)} problem(s) — {summary}", file=sys.stderr)
        return 1
    print(f"ok — {summary}", file=sys.stderr)
    return 0


def _flow_problems(directory: Path) -> list[Problem]:
    """Problems of the flow texts in ``flows/`` beside the intent files (what the kiosk
    says in each step: placeholders, option sets, fees, required texts)."""
    from assistant.dialog.loader import load_texts

    if not (directory / "flows").is_dir():
        return []
    try:
        load_texts(directory / "flows")
    except DataFileError as exc:
        return list(exc.problems)
    return []


def _keypad_problems(directory: Path) -> list[Problem]:
    """Problems of ``keypad.yaml`` beside the intent files (none when it is absent)."""
    from assistant.dialog.keypad import KEYPAD_FILE, load_keypad

    try:
        load_keypad(directory / KEYPAD_FILE)
    except DataFileError as exc:
        return list(exc.problems)
    return []


def cmd_test(args: argparse.Namespace) -> int:
    directory: Path = args.directory or intents_dir()
    intents, problems = read_intent_files(intent_files(directory), relative_to=directory.parent)
    if problems:
        for problem in sorted(problems):
            print(problem)
        print("fix these first (kiosk intents lint)", file=sys.stderr)
        return 1
    matcher = Matcher(intents)
    failures = example_problems(matcher)
    must = sum(len(loo_examples(i)) for i in intents)
    must_not = sum(len(i.not_examples) for i in intents)
    bad_must_not = sum(f.must_not for f in failures)
    skipped = sum(len(i.examples) for i in intents) - must
    print(
        f"must match      {must - (len(failures) - bad_must_not)}/{must} "
        f"(each left out in turn; {skipped} one-character or reject examples not left out)"
    )
    print(f"must not match  {must_not - bad_must_not}/{must_not}")
    for f in failures[: args.show]:
        print(f"  {f.problem()}")
    cv = cross_validate(intents, args.folds)
    tested = sum(cv.total.values())
    print(f"\n{args.folds}-fold cross-validation: {cv.accuracy:.1%} of {tested} sentences")
    print(f"{'intent':<32} {'accuracy':>8} {'n':>5}")
    for name in sorted(cv.total):
        print(f"{name:<32} {cv.intent_accuracy(name):>8.1%} {cv.total[name]:>5}")
    if cv.confusions:
        print("\nconfusions (expected → got: count)")
        for (want, got_name), n in cv.confusions.most_common(20):
            print(f"  {want} → {got_name}: {n}")
        print("\nfailures")
        for ex, want, got in cv.failures[: args.show]:
            print(f"  {ex.path}:{ex.line}: '{ex.text}' {want} → {got.intent} ({got.score:.2f})")
    return 1 if failures else 0


def cmd_bench(args: argparse.Namespace) -> int:
    result = run_bench(read_dev_set(args.data), args.intents, passes=args.passes)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        print(format_report(result, args.show))
    return 0
