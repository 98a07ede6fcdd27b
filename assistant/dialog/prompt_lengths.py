"""How long every prompt takes to say (``kiosk report --prompts``).

For each text of ``intents/flows/`` (``common.yaml`` and every flow file): the spoken
characters (Chinese characters, digits and letters; placeholders counted as
:data:`PLACEHOLDER_CHARS` each) and the seconds at the default rate
(:data:`CHARS_PER_SECOND`, as ``kiosk chat`` times speech).  The first prompt of each
flow step (the text asked when the step starts) should stay within :data:`FIRST_MAX`
characters (issue 12): longer ones are marked.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from assistant.dialog.steps import CallStep, CheckStep, FinishStep, InformStep, PrintStep
from assistant.dialog.texts import FlowTexts

CHARS_PER_SECOND = 4.0
"""Speech rate at the default setting (the same figure ``kiosk chat`` uses)."""
PLACEHOLDER_CHARS = 4
"""What a ``{placeholder}`` is assumed to add when spoken ("20元", "浙L12345" …)."""
FIRST_MAX = 40
"""The most characters the first prompt of a step should have."""
_SPOKEN = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")


@dataclass(frozen=True)
class PromptLength:
    """One text and how long it is spoken."""

    file: str
    """``common`` or the flow's intent name."""
    key: str
    chars: int
    seconds: float
    first: bool
    """The first prompt of a step of that flow (kept ≤ :data:`FIRST_MAX` characters)."""

    @property
    def too_long(self) -> bool:
        return self.first and self.chars > FIRST_MAX


def spoken_chars(text: str) -> int:
    """Characters that are pronounced, a placeholder counting :data:`PLACEHOLDER_CHARS`."""
    count = 0
    for literal, name, _, _ in string.Formatter().parse(text):
        count += len(_SPOKEN.findall(literal))
        if name:
            count += PLACEHOLDER_CHARS
    return count


def measure(texts: FlowTexts, first_keys: dict[str, set[str]] | None = None,
            ) -> list[PromptLength]:
    """Every text of ``texts``, longest first; ``first_keys``: flow → the text keys that
    open a step (default: from :data:`assistant.dialog.flows.FLOWS`)."""
    if first_keys is None:
        first_keys = step_keys()
    out = []
    files = [("common", texts.common.texts)] + [(f, t.texts) for f, t in texts.flows.items()]
    for owner, table in files:
        for key, text in table.items():
            chars = spoken_chars(text)
            out.append(PromptLength(owner, key, chars, round(chars / CHARS_PER_SECOND, 1),
                                    key in first_keys.get(owner, set())))
    return sorted(out, key=lambda p: (-p.chars, p.file, p.key))


def step_keys() -> dict[str, set[str]]:
    """Flow → the text keys asked when one of its steps starts."""
    from assistant.dialog.flows import FLOWS

    silent = (CheckStep, CallStep, PrintStep, InformStep, FinishStep)
    return {name: {s.id for s in flow.steps if not isinstance(s, silent)}
            for name, flow in FLOWS.items()}


def render(lengths: list[PromptLength], *, limit: int | None = None) -> str:
    """A table for people: the longest texts first, step openings over the limit marked."""
    over = [p for p in lengths if p.too_long]
    lines = [f"提示语长度（按默认语速 {CHARS_PER_SECOND:g} 字/秒；"
             f"每步第一句应不超过 {FIRST_MAX} 字）",
             f"共 {len(lengths)} 条，步骤开头超长 {len(over)} 条", ""]
    lines.append(f"{'字数':>4}  {'秒':>5}  文件 / 键")
    for p in lengths[:limit] if limit else lengths:
        mark = "  ← 步骤开头超过40字" if p.too_long else ("  (步骤开头)" if p.first else "")
        lines.append(f"{p.chars:>4}  {p.seconds:>5.1f}  {p.file} / {p.key}{mark}")
    return "\n".join(lines)


__all__ = ["FIRST_MAX", "PromptLength", "measure", "render", "spoken_chars", "step_keys"]
