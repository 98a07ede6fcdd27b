"""``kiosk check``: every staff-edited file with the code the kiosk loads them with.

Intent files (structure, the catalogue, duplicates, and every example against the
trained model), ``intents/keypad.yaml``, the flow texts of ``intents/flows/``, the guide
catalogue with ``guides/site.yaml`` and ``guides/announcements.yaml``.  Every problem is
one line ``path:line:col: message — fix``; the summary is the last line on stdout; exit 1
when there is a problem (warnings, e.g. a fact checked over a year ago, do not fail).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from assistant import config
from assistant.datafile import is_parse_failure
from assistant.errors import DataFileError, Problem
from assistant.wording import chinese_first


@dataclass(frozen=True)
class IntentCheck:
    """What the intent part of the check found."""

    problems: list[Problem]
    files: int
    """Intent files read."""
    intents: int
    examples: int
    """Example sentences (templates expanded)."""

    @property
    def summary(self) -> str:
        return f"{self.files} files, {self.intents} intents, {self.examples} example sentences"


@dataclass(frozen=True)
class CheckResult:
    """Everything :func:`check_all` found."""

    problems: list[Problem]
    warnings: list[Problem]
    """Do not fail the check (nor stop the kiosk)."""
    parts: tuple[str, ...]
    """What was checked, one short phrase per part."""

    def summary(self) -> str:
        """The last line of ``kiosk check``: Chinese first, English after."""
        what = "; ".join(self.parts)
        more = f"，另有 {len(self.warnings)} 条提醒" if self.warnings else ""
        if self.problems:
            return (f"发现 {len(self.problems)} 个问题{more}，请按每行“—”后面的提示改"
                    f"（{len(self.problems)} problem(s)） — {what}")
        return f"检查通过{more}（ok） — {what}"


def check_intents(directory: Path, *, matcher: bool = True,
                  cache_dir: Path | None = None) -> IntentCheck:
    """Intent files, keypad and flow texts of ``directory`` (``kiosk intents lint``; the
    problems as the loaders word them — :func:`check_all` and ``kiosk intents add`` show them
    Chinese first);
    the model check only when the intent files are otherwise clean (``cache_dir``: where
    trained models are kept, so the kiosk and the next check reuse them)."""
    from assistant.nlu.intents import catalogue_problems, intent_files, read_intent_files

    paths = intent_files(directory)
    intents, problems = read_intent_files(paths, relative_to=directory.parent)
    problems.extend(catalogue_problems(intents, directory.name))
    intents_clean = not problems
    problems.extend(_shown(p, directory) for p in _keypad_problems(directory))
    problems.extend(cause_first([_shown(p, directory) for p in _flow_problems(directory)]))
    if matcher and intents_clean:
        from assistant.nlu.evaluate import example_problems
        from assistant.nlu.matcher import Matcher
        from assistant.nlu.model import cached_model, digest

        model = cached_model(intents, digest(paths), cache_dir)
        problems.extend(f.problem() for f in example_problems(Matcher(intents, model=model)))
    examples = sum(len(i.examples) for i in intents)
    return IntentCheck(sorted(problems), len(paths), len(intents), examples)


def _shown(problem: Problem, directory: Path) -> Problem:
    """``problem`` with its file shown as staff see it (``intents/keypad.yaml``,
    ``intents/flows/common.yaml``), never as an absolute path."""
    path = Path(problem.path)
    if path.is_absolute():
        try:
            path = path.relative_to(directory.parent)
        except ValueError:
            return problem
    elif path.parts[:1] == ("flows",):
        path = Path(directory.name) / path
    return replace(problem, path=str(path))


def cause_first(problems: list[Problem]) -> list[Problem]:
    """When a file could not be read at all, the problems without a line (a text
    "missing" because its file did not parse) are its consequences: left out, counted in
    one line after the cause."""
    causes = [p for p in problems if is_parse_failure(p)]
    if not causes:
        return problems
    kept = [p for p in problems if p.line > 0 or is_parse_failure(p)]
    dropped = len(problems) - len(kept)
    if dropped:
        first = min(causes)
        kept.append(Problem(first.path, first.line, first.col,
                            f"另有 {dropped} 个问题是这个错误的后果，先改好它再检查（{dropped} "
                            "more problem(s) follow from this one）",
                            "改好上面那一行，再运行 kiosk check（fix it, then check again）"))
    return kept


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


def check_all(intents_dir: Path | None = None, guides_dir: Path | None = None, *,
              matcher: bool = True, today: date | None = None) -> CheckResult:
    """Every staff file (see the module doc)."""
    from assistant.guides.loader import check as check_guides

    intents_dir = intents_dir or config.intents_dir()
    guides_dir = guides_dir or config.guides_dir()
    intents = check_intents(intents_dir, matcher=matcher,
                            cache_dir=config.nlu_model_dir())
    guide_problems, warnings = check_guides(guides_dir, today=today or date.today())
    parts = (f"intents: {intents.summary}, keypad, flows",
             "guides: guides, site.yaml, announcements.yaml")
    return CheckResult([chinese_first(p) for p in [*intents.problems, *sorted(guide_problems)]],
                       [chinese_first(w) for w in warnings], parts)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="check every staff file (intents, keypad, flows, guides, site, announcements) "
        "as the kiosk loads them; exit 1 on problems",
    )
    p.add_argument("--intents", type=Path, default=None, help="intent folder (default intents/)")
    p.add_argument("--guides", type=Path, default=None, help="guide folder (default guides/)")
    p.add_argument("--no-matcher", action="store_true",
                   help="skip checking the examples against the model (fast)")
    p.add_argument("--write-flows-readme", action="store_true",
                   help="for developers: rewrite the placeholder list in "
                   "intents/flows/README.md from the code and the flow files, then check")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    if args.write_flows_readme:
        from assistant.staff.flowdoc import write

        flows = (args.intents or config.intents_dir()) / "flows"
        readme = flows / "README.md"
        done = ("占位符一览已更新（placeholder list rewritten）" if write(readme, flows)
                else "占位符一览本来就是最新的（up to date）")
        shown = readme.resolve()
        if shown.is_relative_to(Path.cwd().resolve()):
            shown = shown.relative_to(Path.cwd().resolve())
        print(f"{shown}: {done}")
    result = check_all(args.intents, args.guides, matcher=not args.no_matcher)
    for problem in [*result.problems, *result.warnings]:
        print(problem)
    print(result.summary())
    sys.stdout.flush()
    return 1 if result.problems else 0
