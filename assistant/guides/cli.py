"""``kiosk guides list|show ID|search TEXT|lint`` (each with ``--json``).

``kiosk guides ask`` runs a whole kiosk session, so it lives above the session layer in
:mod:`assistant.ask`, which registers this command with its ``ask`` added
(:data:`assistant.cli.COMMANDS`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from assistant import config
from assistant.guides.index import DB_NAME, GuideIndex
from assistant.guides.loader import check, load_catalogue
from assistant.guides.model import ASPECTS, CATEGORIES, Guide
from assistant.guides.speech import answer, sections


def register(subparsers: Any, *, ask: Callable[[Any], None] | None = None) -> None:
    """Add the ``guides`` command and its sub-commands to the ``kiosk`` parser.

    ``ask`` adds the ``ask`` sub-command (:func:`assistant.ask.add_parser`; it is above this
    package, so it is handed in)."""
    parser = subparsers.add_parser(
        "guides",
        help="service-guide catalogue: list, show, search, lint",
        description="Service guides (办事指南) in guides/: list, show, search, lint.",
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="guides directory (default: KIOSK_GUIDES or ./guides)",
    )
    sub = parser.add_subparsers(dest="guides_command", metavar="SUBCOMMAND", required=True)

    p = sub.add_parser("list", help="list guides")
    p.add_argument("--category", choices=CATEGORIES, help="only this category")
    p.add_argument("--json", action="store_true", help="one JSON object per guide")
    p.set_defaults(func=_list)

    p = sub.add_parser("show", help="show one guide as the kiosk would read it")
    p.add_argument("id", help="guide id, e.g. id_card.renew")
    p.add_argument("--aspect", choices=ASPECTS, help="only the short answer for this aspect")
    p.add_argument("--json", action="store_true", help="the guide's fields and sections as JSON")
    p.set_defaults(func=_show)

    p = sub.add_parser("search", help="find guides for a question")
    p.add_argument("text", help="what a person said, e.g. 身份证丢了")
    p.add_argument("--limit", type=int, default=5, help="at most this many results")
    p.add_argument("--db", type=Path, default=None, help=f"index file (default var/{DB_NAME})")
    p.add_argument("--json", action="store_true", help="results as one JSON list")
    p.set_defaults(func=_search)

    if ask is not None:
        ask(sub)

    p = sub.add_parser("lint", help="check every guide and site.yaml; exit 1 on problems "
                       "(warnings, e.g. facts checked over a year ago, do not fail)")
    p.add_argument("--json", action="store_true",
                   help="problems as one JSON list (warnings go to stderr)")
    p.add_argument("--today", type=date.fromisoformat, default=None,
                   help="date to judge 'checked:' against (default: today)")
    p.set_defaults(func=_lint)


def _root(args: argparse.Namespace) -> Path:
    root: Path | None = args.dir
    return root if root is not None else config.guides_dir()


def _dump(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False))


def _list(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(_root(args))
    for g in catalogue.guides.values():
        if args.category and g.category != args.category:
            continue
        kiosk = list(g.places.kiosk.devices) if g.places.kiosk else []
        if args.json:
            _dump({"id": g.id, "title": g.title, "category": g.category, "kiosk": kiosk})
        else:
            mark = "自助" if kiosk else "窗口"
            print(f"{g.id:<34} {g.category:<10} {mark}  {g.title}")
    return 0


def _show(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(_root(args))
    guide = catalogue.get(args.id)
    if guide is None:
        print(
            f"kiosk: no guide '{args.id}' — run 'kiosk guides list' or 'kiosk guides search'",
            file=sys.stderr,
        )
        return 1
    network = catalogue.network
    if args.aspect:
        text = answer(guide, args.aspect, network)
        _dump({"id": guide.id, "aspect": args.aspect, "say": text}) if args.json else print(text)
        return 0
    parts = sections(guide, network)
    if args.json:
        _dump(
            {
                "guide": _guide_dict(guide),
                "sections": [{"name": s.name, "say": s.spoken_text} for s in parts],
            }
        )
    else:
        print(f"{guide.title}（{guide.id}，{guide.category}）")
        for s in parts:
            print(f"【{s.name}】{s.spoken_text}")
    return 0


def _guide_dict(guide: Guide) -> dict[str, Any]:
    data = dataclasses.asdict(guide)
    data.pop("path", None)
    return data


def _search(args: argparse.Namespace) -> int:
    root = _root(args)
    db = args.db if args.db is not None else config.var_dir() / DB_NAME
    hits = GuideIndex.open(root, db).search(args.text, args.limit)
    if args.json:
        _dump([dataclasses.asdict(h) for h in hits])
    else:
        for h in hits:
            print(f"{h.score:.3f}  {h.id:<34} {h.title}")
    return 0


def _lint(args: argparse.Namespace) -> int:
    today = args.today if getattr(args, "today", None) is not None else date.today()
    problems, warnings = check(_root(args), today=today)
    if args.json:
        _dump([dataclasses.asdict(p) for p in problems])
        for w in warnings:
            print(w, file=sys.stderr)
    else:
        from assistant.wording import chinese_first

        for p in [*problems, *warnings]:
            print(chinese_first(p))
        more = f"，另有 {len(warnings)} 条提醒" if warnings else ""
        english = f", {len(warnings)} warning(s)" if warnings else ""
        if problems:
            print(f"办事指南发现 {len(problems)} 个问题{more}，请按每行“—”后面的提示改"
                  f"（guides: {len(problems)} problem(s){english}）")
        else:
            print(f"办事指南检查通过{more}（guides: no problems{english}）")
    return 1 if problems else 0
