"""``kiosk intents test``'s verdict and the change since the last saved run.

Each run saves which cross-validated sentences were understood right
(``var/intents-test.json``); the next run compares: "你的修改：X 句变好，Y 句变差".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

RESULTS_FILE = "intents-test.json"
"""Where the last run's results are kept (in ``var/``)."""
SHOW_WORSE = 10
"""Sentences that got worse listed under the verdict (the rest are counted)."""


@dataclass(frozen=True)
class Change:
    """Sentences that changed since the last saved run."""

    better: int
    """Wrong then, right now."""
    worse: int
    """Right then, wrong now."""
    previous_accuracy: float | None
    """Accuracy of the last run (None: no last run)."""
    worse_sentences: tuple[str, ...] = ()
    """The sentences right then and wrong now (``intent\tsentence``), for staff to look at."""


def compare(results: dict[str, bool], saved: Path) -> Change:
    """Compare ``results`` (sentence key → understood right) with the run kept in
    ``saved``, then keep these instead."""
    try:
        old = json.loads(saved.read_text(encoding="utf-8"))
        if not isinstance(old, dict):
            old = {}
    except (OSError, ValueError):
        old = None
    if old is not None:
        better = sum(1 for k, ok in results.items() if ok and old.get(k) is False)
        worse = tuple(k for k, ok in results.items() if not ok and old.get(k) is True)
        accuracy = sum(1 for v in old.values() if v) / len(old) if old else None
        change = Change(better, len(worse), accuracy, worse)
    else:
        change = Change(0, 0, None)
    try:
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass
    return change


def verdict(change: Change, accuracy: float, contradictions: int) -> list[str]:
    """The lines staff read first (Chinese, English after)."""
    lines = []
    if change.previous_accuracy is None:
        lines.append(f"第一次运行：交叉验证 {accuracy:.1%}（first run, nothing to compare）")
    else:
        lines.append(f"你的修改：{change.better} 句变好，{change.worse} 句变差（交叉验证 "
                     f"{change.previous_accuracy:.1%} → {accuracy:.1%}；since the last run: "
                     f"{change.better} better, {change.worse} worse）")
    if contradictions:
        lines.append(f"结论：有 {contradictions} 句说法被机器听成了别的意图，先改好它们"
                     "（上面全部列出；kiosk intents lint 报同样的问题）（verdict: "
                     f"{contradictions} contradiction(s) to fix）")
    elif change.worse > change.better:
        lines.append("结论：这次修改让机器更容易听错，看看变差的句子（verdict: worse）：")
        for key in change.worse_sentences[:SHOW_WORSE]:
            intent, _, sentence = key.partition("\t")
            lines.append(f"  变差（worse）：{intent}「{sentence}」")
        if len(change.worse_sentences) > SHOW_WORSE:
            lines.append(f"  ……另有 {len(change.worse_sentences) - SHOW_WORSE} 句"
                         f"（{len(change.worse_sentences) - SHOW_WORSE} more）")
    else:
        lines.append("结论：没有矛盾的说法，可以放到机器上（verdict: ok）。交叉验证没猜对的句子"
                     "是“还可以更好”的地方，不算错误")
    return lines
