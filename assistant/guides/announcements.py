"""The idle announcement list, ``guides/announcements.yaml``: short public notices staff
write (anti-fraud, traffic safety, new services of this kiosk), read with every problem
as ``path:line:col: message — fix`` (``kiosk guides lint`` checks it with the guides).

Playing them while nobody uses the kiosk is :mod:`assistant.idle`'s (which imports this
list; the guides package never imports the scheduler).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import guides_dir
from assistant.errors import DataFileError, Problem
from assistant.guides.nodes import Reader, closest

if TYPE_CHECKING:
    from yaml.nodes import Node

ANNOUNCEMENTS_FILE = "announcements.yaml"
"""File name of the announcement list, at the top of ``guides/``."""
KINDS = ("fraud", "traffic", "service", "other")
"""Announcement kinds: 防诈骗, 交通安全, 本机新业务, 其他."""
MAX_TEXT_CHARS = 60
"""Longest announcement text (characters, punctuation included): about fifteen seconds."""
FIELDS = ("id", "kind", "text", "source", "night")
REQUIRED = ("id", "kind", "text", "source")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def announcements_path() -> Path:
    """``guides/announcements.yaml`` (``KIOSK_GUIDES`` moves ``guides/``)."""
    return guides_dir() / ANNOUNCEMENTS_FILE


@dataclass(frozen=True)
class Announcement:
    """One idle announcement from ``guides/announcements.yaml``."""

    id: str
    """Unique lower-case name (``fraud_96110``)."""
    kind: str
    """One of :data:`KINDS`."""
    text: str
    """What is spoken (at most :data:`MAX_TEXT_CHARS` characters)."""
    source: str
    """The regulation or authority it rests on (not spoken)."""
    night: bool = True
    """``False``: skipped during quiet hours."""
    path: str = ""
    """File it came from, as shown in messages."""
    line: int = 0
    """1-based line of its entry in that file."""


def load_announcements(path: Path | None = None) -> list[Announcement]:
    """The announcements of ``path`` (default :func:`announcements_path`), in file order.

    Raises :class:`DataFileError` listing every problem (``path:line:col: message — fix``).
    """
    items, problems = read_announcements(path if path is not None else announcements_path())
    if problems:
        raise DataFileError(problems)
    return items


def lint_announcements(path: Path) -> list[Problem]:
    """Every problem of the announcement file ``path``, sorted; ``[]`` when it is fine."""
    return read_announcements(path)[1]


def read_announcements(path: Path) -> tuple[list[Announcement], list[Problem]]:
    """The announcements that could be read, and every problem found."""
    reader = Reader(_shown(path))
    if not path.is_file():
        reader.problem(None, f"{path.name} is missing",
                       "create it (see guides/README.md, 公告) or turn announcements off "
                       "with KIOSK_IDLE_ENABLED=0")
        return [], reader.problems
    root = reader.compose(path)
    if root is None:
        return [], sorted(reader.problems)
    top = reader.mapping(root, "the announcement file", optional=("announcements",))
    if top is None:
        return [], sorted(reader.problems)
    if "announcements" not in top:
        reader.missing(root, "announcements", "the announcement file",
                       "start the file with 'announcements:' and list the items under it")
        return [], sorted(reader.problems)
    items: list[Announcement] = []
    seen: dict[str, int] = {}
    for node in reader.sequence(top["announcements"], "announcements"):
        item = _announcement(node, reader, seen)
        if item is not None:
            items.append(item)
    return items, sorted(reader.problems)


def _announcement(node: Node, r: Reader, seen: dict[str, int]) -> Announcement | None:
    f = r.mapping(node, "an announcement", optional=FIELDS)
    if f is None:
        return None
    line = node.start_mark.line + 1
    before = len(r.problems)
    for key in REQUIRED:
        if key not in f:
            what = {"text": f"the sentence to speak (at most {MAX_TEXT_CHARS} characters)",
                    "source": "the regulation or authority it rests on",
                    "kind": f"one of {' | '.join(KINDS)}",
                    "id": "a unique lower-case name such as fraud_96110"}[key]
            r.missing(node, key, "an announcement", f"add '{key}: …' with {what}")
    ident = r.text(f.get("id"), "id")
    if ident is not None:
        if not _ID_RE.match(ident):
            r.problem(f["id"], f"id '{ident}' is not a lower-case name",
                      "use letters a-z, digits and '_', starting with a letter, e.g. fraud_96110")
        elif ident in seen:
            r.problem(f["id"], f"duplicate announcement id '{ident}' (also on line {seen[ident]})",
                      "give each announcement its own id")
        else:
            seen[ident] = f["id"].start_mark.line + 1
    kind = r.text(f.get("kind"), "kind")
    if kind is not None and kind not in KINDS:
        hint = closest(kind, KINDS)
        r.problem(f["kind"], f"unknown kind '{kind}'",
                  (f"did you mean '{hint}'? " if hint else "") + f"use one of: {' | '.join(KINDS)}")
    text = r.text(f.get("text"), "announcement text")
    if text is not None and len(text) > MAX_TEXT_CHARS:
        r.problem(f["text"], f"text is {len(text)} characters, more than {MAX_TEXT_CHARS}",
                  "shorten it to one or two short sentences; passers-by hear only the start")
    source = r.text(f.get("source"), "source")
    night = r.boolean(f.get("night"), "night", True)
    if len(r.problems) > before or not (ident and kind and text and source):
        return None
    return Announcement(ident, kind, text, source, night, r.path, line)


def _shown(path: Path) -> str:
    """Path as shown in messages: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
