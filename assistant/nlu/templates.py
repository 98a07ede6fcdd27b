"""Example templates: ``(a|b)`` alternatives and ``[x]`` optional parts.

A small, hassil-like syntax so staff can write one line instead of many::

    身份证(到期|过期)了[我]要换[一张]新的

expands to 2 × 2 × 2 = 8 sentences.  Only ASCII ``( ) [ ] |`` are syntax; Chinese
full-width brackets are ordinary text.  Groups nest.  ``|`` at the top level (outside
any group) also separates alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

MAX_EXPANSIONS = 64
"""Most sentences one template line may expand to (keeps files honest and matching fast)."""


class TemplateError(ValueError):
    """A template cannot be parsed; ``col`` is the 1-based column of the problem."""

    def __init__(self, message: str, col: int, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.col = col
        self.fix = fix


@dataclass(frozen=True)
class _Parser:
    text: str

    def parse(self) -> list[str]:
        alts, pos = self._alternatives(0, closer=None)
        if pos != len(self.text):  # pragma: no cover - _alternatives consumes everything
            raise TemplateError("unexpected text", pos + 1, "check the brackets")
        return alts

    def _alternatives(self, pos: int, closer: str | None) -> tuple[list[str], int]:
        """Parse ``seq | seq | ...`` up to ``closer``; return expansions and end position."""
        out: list[str] = []
        while True:
            seq, pos = self._sequence(pos, closer)
            out.extend(seq)
            if pos < len(self.text) and self.text[pos] == "|":
                pos += 1
                continue
            return out, pos

    def _sequence(self, pos: int, closer: str | None) -> tuple[list[str], int]:
        parts: list[list[str]] = []
        literal: list[str] = []
        text = self.text
        while pos < len(text):
            ch = text[pos]
            if ch == "|":
                break
            if ch in ")]":
                if closer is None or ch != closer:
                    raise TemplateError(
                        f"unmatched '{ch}'",
                        pos + 1,
                        "remove it or add the matching opening bracket",
                    )
                break
            if ch in "([":
                if literal:
                    parts.append(["".join(literal)])
                    literal = []
                want = ")" if ch == "(" else "]"
                inner, end = self._alternatives(pos + 1, closer=want)
                if end >= len(text) or text[end] != want:
                    raise TemplateError(
                        f"'{ch}' is never closed",
                        pos + 1,
                        f"add '{want}' after the alternatives",
                    )
                if ch == "[":
                    inner = [*inner, ""]
                parts.append(inner)
                pos = end + 1
                continue
            literal.append(ch)
            pos += 1
        if literal:
            parts.append(["".join(literal)])
        if not parts:
            return [""], pos
        combos = 1
        for p in parts:
            combos *= len(p)
            if combos > MAX_EXPANSIONS:
                raise TemplateError(
                    f"expands to more than {MAX_EXPANSIONS} sentences",
                    1,
                    "split it into several lines or drop some optional parts",
                )
        return ["".join(c) for c in product(*parts)], pos


def expand(template: str) -> list[str]:
    """All sentences a template stands for, in order, without duplicates or blanks.

    Raises :class:`TemplateError` for unbalanced brackets or too many expansions.
    """
    sentences = _Parser(template).parse()
    if len(sentences) > MAX_EXPANSIONS:
        raise TemplateError(
            f"expands to more than {MAX_EXPANSIONS} sentences",
            1,
            "split it into several lines or drop some optional parts",
        )
    seen: dict[str, None] = {}
    for s in sentences:
        s = s.strip()
        if s:
            seen.setdefault(s, None)
    return list(seen)
