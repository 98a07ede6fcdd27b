"""``kiosk review``: what citizens said that the kiosk got wrong, ready to teach it.

Reads the misunderstanding queue (``misunderstood`` in :class:`~assistant.store.Store`,
filled by :mod:`assistant.staff.misunderstood`), groups the utterances by the intent that
finally served the citizen, and prints for each intent the file it lives in and the
example lines to paste under its ``examples:`` (or the ``kiosk intents add`` command that
does it).  Utterances after which nobody was served come last, with the kiosk's guess.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant import config
from assistant.errors import KioskError
from assistant.staff.edit import yaml_item
from assistant.store import DB_NAME

KIND_TITLES = {
    "refused": "没听懂",
    "rejected": "猜错了（群众说不是）",
    "clarified": "问了二选一",
    "rephrased": "群众马上改口",
    "confirmed": "猜对了但要先问",
}
"""Why an utterance is in the queue, as staff read it."""
ITEM_INDENT = 6
"""Indentation of an example line in the intent files (``      - 说法``)."""


@dataclass
class Said:
    """One utterance (masked), with how often and why it was misunderstood."""

    text: str
    count: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    guess: str = ""
    """The kiosk's best guess (the most recent one)."""
    score: float = 0.0
    second: str = ""

    @property
    def masked(self) -> bool:
        """Holds masked personal data: to be rewritten before it becomes an example."""
        return "*" in self.text

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "count": self.count, "kinds": dict(self.kinds),
                "guess": self.guess, "score": round(self.score, 3), "second": self.second}


@dataclass
class Group:
    """The utterances that one intent finally served ("" for none)."""

    served: str
    title: str = ""
    file: str = ""
    """The intent file it is defined in (``intents/id_card.yaml``)."""
    said: dict[str, Said] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)
    """Normalised examples the intent already has."""

    @property
    def total(self) -> int:
        return sum(s.count for s in self.said.values())

    def paste(self) -> list[str]:
        """The example lines to paste (not already examples, no masked data)."""
        from assistant.nlu.normalize import normalize

        return [" " * ITEM_INDENT + yaml_item(s.text) for s in self.said.values()
                if not s.masked and normalize(s.text) not in self.known]

    def to_dict(self) -> dict[str, Any]:
        return {"served": self.served, "title": self.title, "file": self.file,
                "total": self.total, "said": [s.to_dict() for s in self.said.values()],
                "paste": self.paste()}


def build(rows: Iterable[dict[str, Any]], intents_dir: Path | None = None) -> list[Group]:
    """Groups of the queue ``rows``, most utterances first, the unserved last."""
    from assistant.nlu.intents import intent_files, read_intent_files
    from assistant.nlu.normalize import normalize

    directory = intents_dir or config.intents_dir()
    try:
        intents, _ = read_intent_files(intent_files(directory), relative_to=directory.parent)
    except (KioskError, OSError):
        intents = None
    groups: dict[str, Group] = {}
    for row in rows:
        served = str(row.get("served") or "")
        group = groups.get(served)
        if group is None:
            group = groups[served] = Group(served)
            if intents is not None and served in intents:
                intent = intents[served]
                group.title, group.file = intent.title, intent.path
                group.known = {normalize(e.text) for e in intent.examples}
        text = str(row["text"])
        said = group.said.setdefault(text, Said(text))
        said.count += 1
        said.kinds[str(row["kind"])] += 1
        said.guess, said.score = str(row["guess"]), float(row["score"] or 0.0)
        said.second = str(row.get("second") or "")
    return sorted(groups.values(), key=lambda g: (g.served == "", -g.total, g.served))


def render(groups: Sequence[Group], since_days: float | None) -> str:
    """The review as staff read it (Chinese)."""
    period = f"最近 {since_days:g} 天" if since_days is not None else "全部记录"
    total = sum(g.total for g in groups)
    lines = [f"【群众的话：机器没听懂、猜错或要问一遍的】{period}，共 {total} 句（what citizens "
             f"said that the kiosk refused, guessed wrong or asked about: {total}）",
             "（按最后为群众办成的业务分组；把“复制”下面的行粘贴到该文件那个意图的 "
             "examples: 下面，或者运行后面的 kiosk intents add 命令，再运行 kiosk check）"]
    if not groups:
        lines.append("没有记录：机器都听懂了，或者还没有人用过。（nothing recorded）")
    for g in groups:
        lines.append("")
        if g.served:
            where = f" → {g.file}" if g.file else ""
            lines.append(f"== {g.served} {g.title}{where}（{g.total} 句）==")
        else:
            lines.append(f"== 没有办成（{g.total} 句）：请判断该加到哪个意图，拿不准就先不加 ==")
        for s in g.said.values():
            why = "、".join(KIND_TITLES.get(k, k) for k in s.kinds)
            second = f"，其次 {s.second}" if s.second else ""
            times = f" ×{s.count}" if s.count > 1 else ""
            lines.append(f"  {s.text}{times}    [{why}；机器猜 {s.guess} {s.score:.2f}{second}]")
        paste = g.paste()
        if g.served and paste:
            lines.append(f"  复制到 {g.file or g.served} 的 {g.served}: → examples: 下面：")
            lines += paste
            lines.append("  或者一句一条命令（加好、检查，不对自动撤销）：")
            lines += [f"    kiosk intents add {g.served} \"{s.text}\""
                      for s in g.said.values() if " " * ITEM_INDENT + yaml_item(s.text) in paste]
        elif g.served:
            lines.append("  （这些话已经是例句，或含遮盖的个人信息 * —— 改写后再加）")
    return "\n".join(lines)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "review",
        help="what citizens said that the kiosk got wrong, grouped by the intent that "
        "served them, with example lines to paste into intents/",
    )
    p.add_argument("--db", type=Path, default=None, help=f"database (default var/{DB_NAME})")
    p.add_argument("--since", type=float, default=None, metavar="DAYS",
                   help="only the last DAYS days (default: everything kept)")
    p.add_argument("--json", action="store_true", help="one JSON list of groups")
    p.set_defaults(func=cmd_review)


def cmd_review(args: argparse.Namespace) -> int:
    from assistant.reporting import open_existing

    path: Path = args.db if args.db is not None else config.var_dir() / DB_NAME
    store = open_existing(path)
    since = None if args.since is None else time.time() - args.since * 86400.0
    groups = build(store.misunderstood(since=since))
    if args.json:
        print(json.dumps([g.to_dict() for g in groups], ensure_ascii=False))
    else:
        print(render(groups, args.since))
    return 0
