"""Adding one example line to an intent file *as text*: comments, blank lines, order and
indentation stay exactly as staff wrote them (a YAML round-trip would lose them).

:func:`plan_example` finds ``examples:`` under the intent's key and the indentation of its
items and returns the :class:`Insertion` (or a :class:`~assistant.errors.Problem` that
says in Chinese, then English, why it cannot and what to do); :func:`apply` writes it and
returns the original bytes for :func:`undo`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.errors import Problem

_KEY = re.compile(r"^(?P<indent> *)(?P<q>[\"']?)(?P<key>[^\s\"'#:][^\"'#:]*?)(?P=q) *:"
                  r" *(?P<rest>#.*)?$")
"""A ``key:`` line that opens a block (nothing but a comment after the colon)."""


@dataclass(frozen=True)
class Insertion:
    """One example line to insert into an intent file."""

    path: Path
    """The intent file."""
    shown: str
    """The file as shown to staff (``intents/id_card.yaml``)."""
    index: int
    """0-based line index the new line gets (the lines from there move down)."""
    line: str
    """The new line, with its indentation and ``- ``, without the line break."""

    @property
    def number(self) -> int:
        """1-based line number of the new line."""
        return self.index + 1


def yaml_item(sentence: str) -> str:
    """``- 身份证丢了`` — quoted (``- "[我]要换身份证"``) when YAML would otherwise read
    the line as something else (a list, a mapping, a comment)."""
    plain = f"- {sentence}"
    try:
        if yaml.safe_load(plain) == [sentence]:
            return plain
    except yaml.YAMLError:
        pass
    escaped = sentence.replace("\\", "\\\\").replace('"', '\\"')
    return f'- "{escaped}"'


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def plan_example(path: Path, shown: str, intent: str, sentence: str) -> Insertion | Problem:
    """Where ``sentence`` goes under ``intent``'s ``examples:`` in ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = None
    for i, line in enumerate(lines):
        m = _KEY.match(line)
        if m and m.group("key") == intent and _indent(line) > 0:
            start, own = i, _indent(line)
            break
    if start is None:
        return Problem(shown, 0, 0, f"这个文件里没有意图 {intent}（intent '{intent}' is not in "
                       "this file）", "检查意图名（check the intent name: kiosk nlu shows it）")
    end = len(lines)
    for j in range(start + 1, len(lines)):
        if not _blank(lines[j]) and _indent(lines[j]) <= own:
            end = j
            break
    examples = None
    for j in range(start + 1, end):
        m = _KEY.match(lines[j])
        if m and m.group("key") == "examples":
            examples = j
            break
    if examples is None:
        inline = next((j for j in range(start + 1, end)
                       if lines[j].lstrip().startswith("examples:")), None)
        if inline is not None:
            return Problem(shown, inline + 1, _indent(lines[inline]) + 1,
                           f"意图 {intent} 的 examples 写在了同一行（'examples:' of '{intent}' "
                           "is not a block list）",
                           "改成 examples: 下面每句一行“- 说法”，再运行这条命令（write one "
                           "'- ' line per sentence under it）")
        return Problem(shown, start + 1, own + 1,
                       f"意图 {intent} 下面没有“examples:”一行（intent '{intent}' has no "
                       "block 'examples:' list）",
                       "先在意图下面加一行 examples:，再运行这条命令（add 'examples:' under "
                       "it first）")
    key_indent = _indent(lines[examples])
    last, item_indent = None, None
    for j in range(examples + 1, end):
        line = lines[j]
        if _blank(line):
            continue
        ind = _indent(line)
        if ind < key_indent or (ind == key_indent and not line.lstrip().startswith("- ")):
            break
        if line.lstrip().startswith("- ") and item_indent is None:
            item_indent = ind
        last = j
    if last is None or item_indent is None:
        return Problem(shown, examples + 1, key_indent + 1,
                       f"意图 {intent} 的 examples: 下面还没有一行“- 说法”（no '- ' item under "
                       "'examples:'）",
                       "照 intents/README.md 第 3 节手工加第一行（add the first line by hand）")
    return Insertion(path, shown, last + 1, " " * item_indent + yaml_item(sentence))


def apply(insertion: Insertion) -> bytes:
    """Insert the line (keeping the file's line breaks); returns the original bytes."""
    original = insertion.path.read_bytes()
    text = original.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    lines.insert(insertion.index, insertion.line)
    insertion.path.write_bytes(newline.join(lines).encode("utf-8"))
    return original


def undo(insertion: Insertion, original: bytes) -> None:
    """Put the file back exactly as it was."""
    insertion.path.write_bytes(original)
