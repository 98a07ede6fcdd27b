"""Reading a staff-edited YAML file without ever raising: every problem becomes a
:class:`~assistant.errors.Problem` (``path:line:col: message — how to fix``).

Staff edit ``intents/``, ``guides/``, ``intents/flows/``, ``keypad.yaml``, ``site.yaml``
and ``announcements.yaml`` with ordinary editors.  Whatever they save — a control
character pasted from a web page (PyYAML's ``ReaderError``, which carries no line), a
file that is not UTF-8, brackets nested thousands deep (``RecursionError``), an unreadable
or enormous file — :func:`compose_file` reports it with its position and a fix, so every
loader can report it like any other mistake and the kiosk keeps its last good version.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from assistant.errors import Problem

MAX_BYTES = 4_000_000
"""Largest staff file read (the biggest real one is ~40 kB)."""
MAX_DEPTH = 40
"""Deepest nesting of lists and mappings accepted (real files use at most 6)."""

SYNTAX_FIX = "check the indentation (spaces, not tabs) and quote text containing ': ' or '#'"

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters YAML does not allow in a file (tab, newline and carriage return are fine)."""


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character ``index`` in ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """The file's text, or ``None`` with the reason appended to ``problems``."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            problems.append(Problem(shown, 0, 0, f"the file is too large ({size:,} bytes)",
                                    f"split it into files under {MAX_BYTES:,} bytes"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, 0, 0, f"cannot read the file ({exc.strerror or exc})",
                                "check that it exists and that the kiosk may read it"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = position(good, len(good))
        problems.append(Problem(shown, line, col,
                                f"not UTF-8 text (byte 0x{raw[exc.start]:02x} here)",
                                "save the file as UTF-8 (另存为 → 编码 UTF-8)"))
        return None
    return text.removeprefix("\ufeff")


def compose_text(text: str, shown: str, problems: list[Problem]) -> Node | None:
    """Root node of ``text`` (``None`` for an empty document), or ``None`` with every
    problem appended to ``problems``.  Never raises."""
    bad = list(_CONTROL.finditer(text))
    for m in bad:
        line, col = position(text, m.start())
        problems.append(Problem(shown, line, col,
                                f"invisible control character U+{ord(m.group()):04X}",
                                "delete it (it often comes with text copied from a web page "
                                "or a word processor)"))
    if bad:
        return None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or exc.context or "invalid YAML"
        problems.append(Problem(shown, line, col, f"YAML syntax error: {what}", SYNTAX_FIX))
        return None
    except yaml.YAMLError as exc:  # ReaderError and friends carry no mark
        at = getattr(exc, "position", None)
        line, col = position(text, at) if isinstance(at, int) else (0, 0)
        problems.append(Problem(shown, line, col, f"YAML error: {exc}".splitlines()[0],
                                SYNTAX_FIX))
        return None
    except RecursionError:
        problems.append(_too_deep(shown, None))
        return None
    if root is not None and _depth(root) > MAX_DEPTH:
        problems.append(_too_deep(shown, root))
        return None
    return root


def compose_file(path: Path, shown: str, problems: list[Problem]) -> Node | None:
    """:func:`read_text` then :func:`compose_text`."""
    text = read_text(path, shown, problems)
    return None if text is None else compose_text(text, shown, problems)


def _too_deep(shown: str, root: Node | None) -> Problem:
    line, col = (root.start_mark.line + 1, root.start_mark.column + 1) if root else (0, 0)
    return Problem(shown, line, col, f"the file is nested more than {MAX_DEPTH} levels deep",
                   "check the brackets and the indentation: entries are at most a few "
                   "levels deep")


def _depth(root: Node) -> int:
    """Deepest nesting of ``root`` (iterative: a deep tree must not exhaust the stack)."""
    deepest, todo = 0, [(root, 1)]
    while todo:
        node, depth = todo.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(node, SequenceNode):
            todo.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            todo.extend((v, depth + 1) for _, v in node.value)
    return deepest
