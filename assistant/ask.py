"""``kiosk guides ask "问题"``: a guide question answered the way the live kiosk hears it.

The question goes through the same path as at the kiosk: the intent model with the guide
finder (:func:`assistant.nlu.load_nlu` / :class:`~assistant.nlu.live.LiveNLU` with
:class:`~assistant.guides.finder.CatalogueGuides`), then the dialog of a fresh simulated
session (:func:`assistant.session.host.new_session`) with the guide answerer
(:class:`~assistant.guides.finder.GuideAnswers`).  Staff see which guide and aspect the
kiosk chose and what it says — not a search ranking (``kiosk guides search``).

It runs a whole kiosk session, so it is a front end above the session layer (like ``kiosk
chat``), not part of :mod:`assistant.guides`: :func:`register` adds the ``kiosk guides``
command of :mod:`assistant.guides.cli` with this ``ask`` sub-command in it.

When the intent files, the flow texts or the guides are broken, one Chinese line says so
instead of answering from the last good set (the running kiosk's behaviour, available with
``--last-good``): staff must not believe a broken edit works.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from assistant.errors import DataFileError, KioskError

BROKEN = ("{what}有错，你的修改还没有生效（机器在用上一次检查通过的版本）：运行 kiosk check "
          "看错在哪一行 — {english} broken: run 'kiosk check'; --last-good answers from the "
          "last good set")
"""The one line said instead of an answer when staff files are broken."""

ASPECT_WORDS = {
    "overview": "怎么办", "location": "在哪里办", "materials": "要带什么材料", "fees": "要多少钱",
    "hours": "什么时间能办", "duration": "要多久办好", "conditions": "要什么条件",
    "validity": "能用多久（有效期）",
}
"""How staff read an aspect (the same words as ``aspect_*`` in ``flows/common.yaml``)."""

DECISIONS = {"accept": "直接回答", "confirm": "先问一句“……吗？”", "clarify": "问二选一",
             "out_of_scope": "说办不了"}
"""What each decision of the intent model makes the kiosk do, as staff read it."""


@dataclass
class Asked:
    """What the kiosk made of one question."""

    text: str
    intent: str
    """What the intent model heard (``guide.ask`` for a question)."""
    score: float
    decision: str
    """``accept``, ``confirm``, ``clarify`` or ``out_of_scope``."""
    guide: str | None
    """The guide chosen (id), None when none."""
    guide_title: str | None
    aspect: str | None
    """What is asked about (``fees``, ``materials`` …; None: the guide in short)."""
    said: list[str] = field(default_factory=list)
    """What the kiosk says, turn by turn: the answer, or the question back and — after a
    "是" — the answer."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Broken(KioskError):
    """Staff files are broken and ``--last-good`` was not given."""


def ask(text: str, *, intents: Path | None = None, guides: Path | None = None,
        last_good: bool = False, today: date | None = None) -> Asked:
    """Ask ``text`` as a citizen at the menu would (see the module doc).

    Raises :class:`Broken` with the line to print when a staff file is broken (unless
    ``last_good``)."""
    from assistant.config import nlu_model_dir, var_dir
    from assistant.dialog.loader import load_kiosk_texts, load_texts
    from assistant.dialog.texts import flows_dir
    from assistant.guides.finder import CatalogueGuides, GuideAnswers
    from assistant.guides.live import shared
    from assistant.nlu import load_nlu
    from assistant.nlu.live import LiveNLU
    from assistant.session.host import new_session

    live = shared(guides)
    catalogue = live.check_now()
    if catalogue is None or (live.last_error is not None and not last_good):
        raise Broken(BROKEN.format(what="办事指南文件", english="guide files are"))
    try:
        if guides is None:
            nlu = load_nlu(intents, guides=CatalogueGuides())
        else:
            snapshot = var_dir() / "intents.last-good" if intents is None else None
            nlu = LiveNLU(intents, None, CatalogueGuides(guides), snapshot,
                          cache_dir=nlu_model_dir())
    except DataFileError as exc:
        raise Broken(BROKEN.format(what="意图文件", english="intent files are")) from exc
    if nlu.last_error is not None and not last_good:
        raise Broken(BROKEN.format(what="意图文件", english="intent files are"))
    folder = intents / "flows" if intents is not None else flows_dir()
    try:
        texts = load_texts(folder, guides=guides)
    except DataFileError:
        if not last_good:
            raise Broken(BROKEN.format(what="对话步骤文件（flows/）",
                                       english="flow files are")) from None
        texts = load_kiosk_texts(folder)
    match = nlu.understand(text)
    asked = Asked(text, match.intent, match.score, str(match.decision),
                  match.guide.id if match.guide else None,
                  match.guide.title if match.guide else None,
                  str(match.slots["aspect"]) if match.slots.get("aspect") else None)
    session = new_session(texts, nlu=nlu, today=today or date.today(),
                          guide_answers=GuideAnswers(guides), announcements=False)
    session.start()
    turn = session.step(text)
    asked.said.append(str(turn["say"]))
    if turn["state"] == "confirm_intent":  # "您是想问……吗？" — and after a yes
        asked.said.append(str(session.step("是")["say"]))
    session.close()
    return asked


def render(asked: Asked) -> str:
    """``kiosk guides ask`` as staff read it (Chinese; the names the files use)."""
    what = DECISIONS.get(asked.decision, asked.decision)
    lines = [asked.text,
             f"  听成      {asked.intent} {asked.score:.2f} → {asked.decision}（{what}）"]
    if asked.intent == "guide.ask":
        if asked.guide:
            lines.append(f"  指南      {asked.guide}（{asked.guide_title}）")
        else:
            lines.append("  指南      -（没有找到对应的办事指南）")
        aspect = asked.aspect or "overview"
        lines.append(f"  问的是    {aspect}（{ASPECT_WORDS.get(aspect, aspect)}）")
    if len(asked.said) > 1:
        lines.append(f"  机器先问  {asked.said[0]}")
        lines.append(f"  答“是”后  {asked.said[1]}")
    elif asked.said:
        lines.append(f"  机器说    {asked.said[0]}")
    if asked.intent != "guide.ask":
        lines.append(f"  （机器没有把这句话当成提问，而是听成了 {asked.intent}。如果群众确实是在问"
                     f"办事指南，用 kiosk intents add guide.ask \"{asked.text}\" 教它）")
    return "\n".join(lines)


def cmd_ask(args: argparse.Namespace) -> int:
    """``kiosk guides [--dir DIR] ask TEXT… [--intents DIR] [--last-good] [--json]``."""
    for text in args.text:
        try:
            asked = ask(text, intents=args.intents, guides=args.dir, last_good=args.last_good)
        except Broken as exc:
            print(str(exc), file=sys.stderr if args.json else sys.stdout)
            return 1
        if args.json:
            print(json.dumps(asked.to_json(), ensure_ascii=False), flush=True)
        else:
            print(render(asked), flush=True)
    return 0


def register(subparsers: Any) -> None:
    """Add ``kiosk guides`` (:func:`assistant.guides.cli.register`) with ``ask`` in it."""
    from assistant.guides.cli import register as register_guides

    register_guides(subparsers, ask=add_parser)


def add_parser(sub: Any) -> None:
    """Add ``ask`` to the sub-commands ``sub`` of ``kiosk guides``."""
    p = sub.add_parser("ask", help="answer a question the way the live kiosk hears it: the "
                       "guide and aspect chosen and what the kiosk says")
    p.add_argument("text", nargs="+", help="what a citizen asks, e.g. 办护照多少钱")
    p.add_argument("--intents", type=Path, default=None, help="intent folder (default intents/)")
    p.add_argument("--last-good", action="store_true",
                   help="when staff files are broken, answer from the last good set (what the "
                   "running kiosk does) instead of refusing")
    p.add_argument("--json", action="store_true", help="one JSON object per question")
    p.set_defaults(func=cmd_ask)
