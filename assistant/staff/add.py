"""``kiosk intents add INTENT "说法"``: teach the kiosk one sentence in one step.

1. The sentence is checked (one line; not already an example here or of another intent).
2. It is inserted as text under the intent's ``examples:`` in its file, with the same
   indentation, keeping every comment and blank line (:mod:`assistant.staff.edit`).
3. The intent checks run (:func:`assistant.staff.check.check_intents`: structure, the
   catalogue, keypad, flows, and every example against the retrained model).
4. What ``kiosk nlu`` says of the sentence before and after is shown.
5. When the checks find a problem the file is put back exactly as it was.

Messages to staff are Chinese first, English after.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant import config
from assistant.errors import Problem
from assistant.nlu.types import Match
from assistant.staff.edit import Insertion, apply, plan_example, undo
from assistant.wording import chinese_first

Say = Callable[[str], None]


@dataclass(frozen=True)
class Added:
    """What :func:`add_example` did."""

    code: int
    """Exit code: 0 added (or already there), 1 refused or undone, 2 unusable input."""
    insertion: Insertion | None = None
    """The line inserted (None when nothing was kept)."""
    before: Match | None = None
    after: Match | None = None


def _verdict(m: Match) -> str:
    what = {"accept": "直接办", "confirm": "先问“您是要……吗？”", "clarify": "问二选一",
            "out_of_scope": "说办不了"}.get(m.decision.value, m.decision.value)
    return f"{m.intent} {m.score:.2f} → {m.decision.value}（{what}）"


def add_example(directory: Path, intent: str, sentence: str, say: Say = print,
                cache_dir: Path | None = None, force: bool = False) -> Added:
    """Add ``sentence`` to ``intent`` in the intent files of ``directory`` (module doc)."""
    from assistant.nlu.intents import catalogue_problems, intent_files, read_intent_files
    from assistant.nlu.matcher import Matcher
    from assistant.nlu.model import cached_model, digest
    from assistant.nlu.normalize import normalize
    from assistant.staff.check import check_intents

    sentence = " ".join(sentence.split())
    if not sentence or not normalize(sentence):
        say("说法是空的：请把群众说的话放在引号里（the sentence is empty: put it in quotes）")
        return Added(2)
    paths = intent_files(directory)
    intents, problems = read_intent_files(paths, relative_to=directory.parent)
    problems.extend(catalogue_problems(intents, directory.name))
    if problems:
        for p in problems:
            say(str(chinese_first(p)))
        say("意图文件现在就有错，先按上面的提示改好，再加新说法（the intent files have "
            "problems: fix them first, then add）")
        return Added(1)
    if intent not in intents:
        close = difflib.get_close_matches(intent, sorted(intents.intents), n=1)
        hint = f"是不是 {close[0]}？" if close else "意图名见 intents/README.md 第 1 节"
        say(f"没有叫 {intent} 的意图：{hint}（unknown intent '{intent}'"
            + (f" — did you mean '{close[0]}'?）" if close else "）"))
        return Added(2)
    key = normalize(sentence)
    for other in intents:
        for ex in other.examples:
            if normalize(ex.text) != key:
                continue
            if other.name == intent:
                say(f"{ex.path}:{ex.line}: {intent} 已经有这句说法了，不用再加（already an "
                    f"example of '{intent}'）")
                return Added(0)
            say(f"{ex.path}:{ex.line}: 这句话已经是 {other.name} 的说法，一句话只能放在一个意图里"
                f"：如果它其实是 {intent}，先从那里删掉（already an example of "
                f"'{other.name}': a sentence belongs to one intent）")
            return Added(1)
    target = intents[intent]
    before_matcher = Matcher(intents, model=cached_model(intents, digest(paths), cache_dir))
    before = before_matcher.understand(sentence)
    if before.decision.value == "accept" and before.intent != intent and not force:
        say(f"机器现在已经把这句话直接听成 {before.intent}（{before.score:.2f}），没有问题；"
            f"确实应该是 {intent} 的话，加 --force 再运行一次（already understood as "
            f"'{before.intent}' for sure: add --force if it really means '{intent}'）")
        return Added(1, None, before)
    plan = plan_example(directory.parent / target.path, target.path, intent, sentence)
    if isinstance(plan, Problem):
        say(str(chinese_first(plan)))
        return Added(1)
    had = {(p.path, p.message) for p in check_intents(directory, cache_dir=cache_dir).problems}
    original = apply(plan)
    say(f"{plan.shown}:{plan.number}: 加上了这一行（added）: {plan.line.strip()}")
    check = check_intents(directory, cache_dir=cache_dir)
    new = [p for p in check.problems if (p.path, p.message) not in had]
    if new:
        undo(plan, original)
        for p in new:
            say(str(chinese_first(p)))
        say(f"检查没通过，已撤销：{plan.shown} 恢复原样（the check failed: undone, the file "
            "is as it was）")
        return Added(1, None, before)
    if had:
        say(f"另有 {len(had)} 个原来就有的问题，和这次添加无关：运行 kiosk check 查看（{len(had)} "
            "problem(s) that were there before: see kiosk check）")
    after_set, _ = read_intent_files(intent_files(directory), relative_to=directory.parent)
    after = Matcher(after_set, model=cached_model(after_set, digest(intent_files(directory)),
                                                  cache_dir)).understand(sentence)
    say(f"之前（before）: {_verdict(before)}")
    say(f"之后（after）:  {_verdict(after)}")
    if after.intent == intent and after.decision.value == "accept":
        say(f"好了：机器现在把这句话听成 {intent}，检查通过（done: understood, checks pass）"
            f" — {check.summary}")
    else:
        say(f"加上了，检查也通过了，但机器还没有把握：再给 {intent} 加两三句类似的说法"
            f"（added and checked, but not yet understood for sure: add two or three more "
            f"like it） — {check.summary}")
    say("想知道整体有没有变好：运行 kiosk intents test，它和上一次的结果比（to see what else "
        "changed: kiosk intents test compares with its last run）")
    return Added(0, plan, before, after)


def cmd_add(args: argparse.Namespace) -> int:
    directory: Path = args.directory or config.intents_dir()
    return add_example(directory, args.intent, args.sentence,
                       cache_dir=config.nlu_model_dir(), force=args.force).code
