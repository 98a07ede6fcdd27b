"""What ``kiosk report`` (:mod:`assistant.report`) and ``kiosk report --fleet``
(:mod:`assistant.fleet.report`) share: the name of sessions without a transaction, the
flows' Chinese titles, opening the kiosk database, and laying numbers out for staff.

A module of its own so that the local report can register the fleet report while the
fleet report uses these helpers, without the two packages importing each other.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from assistant import config
from assistant.errors import StoreError
from assistant.store import Store

NO_FLOW = "未办理业务"
"""Title of sessions that never started a transaction (questions, greetings ...)."""


def load_titles(directory: Path | None = None) -> dict[str, str]:
    """Flow (intent name) → Chinese title from the intent files; ``{}`` if unreadable.

    Read leniently: a report must not fail because someone is editing ``intents/``.
    """
    from assistant.errors import KioskError
    from assistant.nlu.intents import intent_files, read_intent_files

    try:
        intent_set, _ = read_intent_files(intent_files(directory or config.intents_dir()))
    except (KioskError, OSError):
        return {}
    return {i.name: i.title for i in intent_set if i.title}


def open_existing(path: Path) -> Store:
    """The store at ``path``; :class:`StoreError` (with how to fix it) if there is none."""
    if not path.is_file():
        raise StoreError(
            f"no kiosk database at {path} — the kiosk creates it when the first session is "
            "recorded; run the report on the kiosk PC, give the file with --db PATH, or set "
            "KIOSK_VAR to the kiosk's var/ folder"
        )
    return Store(path, lock=False)


def percent(rate: float) -> str:
    """``0.753`` → ``75%``."""
    return f"{rate * 100:.0f}%"


def duration(seconds: float | None) -> str:
    """``200.5`` → ``3分20秒``, ``42`` → ``42秒``; ``—`` when unknown."""
    if seconds is None:
        return "—"
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    return f"{minutes}分{secs:02d}秒" if minutes else f"{secs}秒"


def local_time(epoch: float) -> str:
    """Epoch seconds as local ``YYYY-MM-DD HH:MM``."""
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M")


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(rows: Sequence[Sequence[str]], left: tuple[int, ...] = (0,)) -> list[str]:
    """Rows as aligned lines: columns in ``left`` flush left, the others (numbers) right."""
    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - width(cell))
            cells.append(cell + pad if i in left else pad + cell)
        out.append(("  " + "  ".join(cells)).rstrip())
    return out
