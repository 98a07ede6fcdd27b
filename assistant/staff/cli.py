"""The staff's commands (see ``intents/README.md``): ``kiosk review``, ``kiosk check``,
``kiosk nlu`` (what the kiosk understands of a sentence) and ``kiosk intents lint|test|add``.

They sit above the understanding and the guides (``kiosk nlu`` answers with the guide
finder, as the kiosk does), so :mod:`assistant.nlu` has no command line of its own and
imports neither the staff tools nor the guides.  ``kiosk bench nlu`` is
:mod:`assistant.bench.nlu`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.config import intents_dir

if TYPE_CHECKING:
    from assistant.nlu.types import Match


def register(sub: Any) -> None:
    """Add ``kiosk review``, ``check``, ``nlu`` and ``intents`` to the ``kiosk`` parser."""
    from assistant.staff import check, review

    _register_nlu(sub)
    _register_intents(sub)
    review.register(sub)
    check.register(sub)


def _register_nlu(sub: Any) -> None:
    """``kiosk nlu``: what the kiosk understands (intent, score, decision, slots)."""
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
    p.add_argument("--last-good", action="store_true",
                   help="when the intent files are broken, answer from the last good set "
                   "(what the running kiosk does) instead of refusing")
    p.set_defaults(func=cmd_nlu)


def _register_intents(sub: Any) -> None:
    """``kiosk intents lint|test|add``: the staff's intent files."""
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
    add = isub.add_parser(
        "add",
        help='add one example sentence to an intent (kiosk intents add id_card.replace "证掉了"): '
        "inserted under its examples:, checked, undone when the checks fail",
    )
    add.add_argument("intent", help="intent name, e.g. id_card.replace")
    add.add_argument("sentence", help="what the citizen said, in quotes")
    add.add_argument("--directory", type=Path, default=None, help="default: intents/")
    add.add_argument("--force", action="store_true",
                     help="add it even though the kiosk already understands it as another "
                     "intent for sure")
    add.set_defaults(func=_cmd_add)


def _lines(args: argparse.Namespace) -> list[str] | None:
    if args.text and args.text != ["-"]:
        return list(args.text)
    return None


def _describe(m: Match) -> str:
    runner = f"{m.runner_up.intent} {m.runner_up.score:.2f}" if m.runner_up else "-"
    slots = json.dumps(m.slots, ensure_ascii=False) if m.slots else "-"
    guide = f"{m.guide.id} ({m.guide.title})" if m.guide else "-"
    lines = [
        m.text,
        f"  intent    {m.intent}  score {m.score:.2f}  → {m.decision.value}",
        f"  runner-up {runner}",
    ]
    for i, c in enumerate(m.candidates, 1):
        example = f"   (closest example: {c.example})" if c.example else ""
        lines.append(f"  top {i}     {c.intent:<30} {c.score:5.1%}{example}")
    if m.evidence:
        words = "  ".join(f"{w} +{g:.2f}" for w, g in m.evidence)
        lines.append(f"  because   {words}")
    if m.clause:
        lines.append(f"  clause    {m.clause}   (the part of the sentence that asks)")
    if m.asks:
        lines.append(f"  asks      {m.asks}   (why it asks before acting)")
    lines += [
        f"  slots     {slots}",
        f"  guide     {guide}",
        f"  heard as  {m.normalized}   (closest example: {m.example or '-'})",
    ]
    return "\n".join(lines)


BROKEN_LINE = ("意图文件有错，你的修改还没有生效（机器在用上一次检查通过的版本）：运行 kiosk check "
               "看错在哪一行 — intent files are broken: run 'kiosk check'; --last-good answers "
               "from the last good set")
"""What ``kiosk nlu`` says instead of answering when the intent files are broken."""


def cmd_nlu(args: argparse.Namespace) -> int:
    from assistant.errors import DataFileError
    from assistant.guides.finder import CatalogueGuides
    from assistant.nlu import load_nlu
    from assistant.wording import chinese_first

    try:
        nlu = load_nlu(args.intents, guides=CatalogueGuides())
    except DataFileError as exc:  # broken files and no last good set: say where, in Chinese
        out = sys.stderr if args.json else sys.stdout
        for problem in exc.problems:
            print(chinese_first(problem), file=out)
        n = len(exc.problems)
        print(f"意图文件发现 {n} 个问题，机器还没有能用的版本，请按每行“—”后面的提示改好再试"
              f"（{n} problem(s) in the intent files and no last good set — run 'kiosk check'）",
              file=out)
        return 1
    if nlu.last_error is not None and not args.last_good:
        print(BROKEN_LINE, file=sys.stderr if args.json else sys.stdout)
        return 1
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


def _cmd_add(args: argparse.Namespace) -> int:
    from assistant.staff.add import cmd_add

    return cmd_add(args)


def cmd_lint(args: argparse.Namespace) -> int:
    """``kiosk intents lint``: the intent part of ``kiosk check`` (summary on stdout)."""
    from assistant.config import nlu_model_dir
    from assistant.staff.check import check_intents
    from assistant.wording import chinese_first

    directory: Path = args.directory or intents_dir()
    if not directory.is_dir():
        print(f"kiosk: {directory} is not a directory — give the intent folder", file=sys.stderr)
        return 2
    result = check_intents(directory, matcher=not args.no_matcher,
                           cache_dir=nlu_model_dir())
    for problem in result.problems:
        print(chinese_first(problem))
    if result.problems:
        print(f"意图文件发现 {len(result.problems)} 个问题，请按每行“—”后面的提示改"
              f"（{len(result.problems)} problem(s) — {result.summary}）")
        return 1
    print(f"意图文件检查通过（ok — {result.summary}）")
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    from assistant.nlu.evaluate import cross_validate, example_problems, loo_examples
    from assistant.nlu.intents import intent_files, read_intent_files
    from assistant.nlu.matcher import Matcher

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
        f"(by the model trained on all of them; {skipped} one-character or reject "
        "examples not checked)"
    )
    print(f"must not match  {must_not - bad_must_not}/{must_not}")
    for f in failures:  # every contradiction at once (they are what to fix)
        print(f"  {f.problem()}")
    cv = cross_validate(intents, args.folds)
    tested = sum(cv.total.values())
    print(
        f"\n{args.folds}-fold cross-validation: {cv.accuracy:.1%} of {tested} sentences "
        "(each understood by a model trained without its line)"
    )
    print(f"{'intent':<32} {'precision':>9} {'recall':>7} {'n':>5}")
    for name in sorted(cv.total):
        print(f"{name:<32} {cv.precision(name):>9.1%} {cv.recall(name):>7.1%} {cv.total[name]:>5}")
    if cv.confusions:
        print("\nmost confused pairs (expected → got: count)")
        for (want, got_name), n in cv.confusions.most_common(20):
            print(f"  {want} → {got_name}: {n}")
        print("\nfailures")
        for ex, want, got in cv.failures[: args.show]:
            print(f"  {ex.path}:{ex.line}: '{ex.text}' {want} → {got.intent} ({got.score:.2f})")
    _verdict(cv, len(failures))
    return 1 if failures else 0


def _verdict(cv: Any, contradictions: int) -> None:
    """The verdict and the change since the last saved run (``var/intents-test.json``)."""
    from assistant.config import var_dir
    from assistant.staff.verdict import RESULTS_FILE, compare, verdict

    wrong = {(want, ex.text) for ex, want, _ in cv.failures}
    results = {f"{name}\t{text}": (name, text) not in wrong for name, text in cv.tested}
    print()
    for line in verdict(compare(results, var_dir() / RESULTS_FILE), cv.accuracy,
                        contradictions):
        print(line)
