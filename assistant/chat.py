"""``kiosk chat``: talk to the dialog in the terminal, with simulated devices.

``kiosk chat`` is interactive; ``kiosk chat --script FILE|- --json`` runs a scripted
conversation and writes one JSON object per assistant turn (DESIGN.md contract)::

    {"turn", "heard", "intent", "state", "say", "awaiting", "flow", "done", "outcome",
     "elapsed_s"}

Script lines are user turns: text, or an event ``<silence>``, ``<key:N>``, ``<card:NAME>``,
``<card-removed>``, ``<face:ok|fail>``, ``<photo:ok|fail>``, ``<finger:ok|fail>``,
``<pay:ok|fail|timeout>`` (device events also accept ``timeout``; ``<pay:…>`` answers
whichever payment method is on), ``<pos:ok|fail|timeout|pin>`` (a bank or social-security
card on the POS reader: paid, declined, not inserted, PIN refused), ``<permit:NAME>`` (a demo
e-permit on the endorsement machine's reader: ``hk tw hk-expired hk-book hk-official``;
``none`` the user has none, ``timeout`` nothing comes), ``<staff:arrived>`` (the
staff member called for the user is here), ``<nomatch>`` (speech the recogniser could not
take).  An empty line is silence.  ``<key:NAME>`` presses a function key of
``intents/keypad.yaml`` (``<key:help>``, ``<key:louder>``); ``<wait:SECONDS>`` lets time
pass with nobody acting (the inactivity warning, "慢慢来" reminders, walking away).  After
a session has ended, the next input line is the next person: a new session greets them
(and handles what they said or the card they inserted; a key press only wakes the
kiosk).  ``elapsed_s`` is simulated time since the greeting: speech at the session's rate
(:data:`CHARS_PER_SECOND`), device durations, and listening windows that ended in silence.

This module is the terminal front end only: the session itself — the line codec, the
devices, recording, timers, the next person — is :mod:`assistant.session`
(:class:`~assistant.session.host.Host`, re-exported here as :class:`ChatSession`).
"""

from __future__ import annotations

import argparse
import gc
import sys
from datetime import date
from pathlib import Path
from typing import Any

from assistant.dialog import load_kiosk_texts
from assistant.dialog.texts import FlowTexts
from assistant.errors import KioskError
from assistant.nlu.types import Understander
from assistant.screen_options import add_arguments as add_screen_arguments
from assistant.session.core import parse_site_devices, refresh_staff_files
from assistant.session.host import (
    CHARS_PER_SECOND,
    LISTEN_WINDOW_S,
    MAX_ACTIONS_PER_TURN,
    MAX_INPUT_CHARS,
    SIM_DB_NAME,
    TICK_S,
    DialogLoopError,
    Host,
    catalogue_answers,
    clean_input,
    interactive_store,
    load_understander,
    new_session,
    next_turn,
    run_script,
    script_lines,
    speech_seconds,
    write_turn,
)
from assistant.session.observers import TurnListener
from assistant.store import Store

ChatSession = Host
"""One simulated kiosk session driven line by line (:class:`assistant.session.host.Host`)."""

__all__ = [
    "CHARS_PER_SECOND", "LISTEN_WINDOW_S", "MAX_ACTIONS_PER_TURN", "MAX_INPUT_CHARS",
    "SIM_DB_NAME", "TICK_S", "ChatSession", "DialogLoopError", "TurnListener", "clean_input",
    "cmd_chat", "load_understander", "main", "new_session", "next_turn", "register",
    "run_script", "speech_seconds", "write_turn",
]

_lines = script_lines
_catalogue_answers = catalogue_answers


def _interactive(texts: FlowTexts, args: argparse.Namespace, nlu: Understander | None) -> int:
    from assistant.warmup import warm_up

    store, sim_db = _interactive_store(args)
    warming = False
    print(
        "kiosk chat — 输入文字，或 <key:1> <card:expired> <face:ok> <pay:ok> <silence> 等；"
        "Ctrl-D 退出。演示身份证: expired valid soon child official；车牌: 浙L12345"
    )
    while True:
        session = new_session(
            texts, nlu=nlu, today=args.today, store=store,
            site_devices=args.site_devices, db=sim_db,
        )
        _show(session.start())
        if not warming:  # after the first prompt: the warm-up thread does not delay it
            gc.freeze()  # what is loaded stays; the collector scans only what sessions make
            warm_up(nlu, _catalogue_answers())
            warming = True
        while not session.dialog.done:
            try:
                line = input("> ")
            except EOFError:
                print()
                _stopped(session)
                return 0
            _show(session.step(line))
        print("--- 下一位 ---")
        refresh_staff_files(nlu)  # staff edits are taken up between people


def _stopped(session: ChatSession) -> None:
    """The terminal closed mid-session (:meth:`Host.stopped`)."""
    session.stopped()


def _interactive_store(args: argparse.Namespace) -> tuple[Store | None, Path | None]:
    """The store and simulator files of an interactive chat; recovers the journal first
    (:func:`assistant.session.host.interactive_store`)."""
    return interactive_store(args.store, args.sim_db, args.today, no_store=args.no_store)


def _show(turn: dict[str, Any]) -> None:
    print(f"机：{turn['say']}")
    aw = turn["awaiting"]
    keys = " ".join(f"{k}={v}" for k, v in aw.get("keys", {}).items() if v != "digits")
    status = f"[{turn['state']} · 等待 {aw['kind']}{' · 键 ' + keys if keys else ''}"
    print(status + (f" · 结束 {turn['outcome']}]" if turn["done"] else "]"))


def cmd_chat(args: argparse.Namespace) -> int:
    texts = load_kiosk_texts(args.flows)
    nlu = None if args.no_nlu else load_understander()
    if getattr(args, "screen", False):
        from assistant.screen.cli import chat_command

        return chat_command(args, texts, nlu)
    if args.script is None and not args.json:
        return _interactive(texts, args, nlu)
    store = Store(args.store) if args.store else None
    session = new_session(
        texts,
        nlu=nlu,
        today=args.today,
        store=store,
        site_devices=args.site_devices,
        db=args.sim_db,
    )
    session.strict = args.strict
    source = args.script or "-"
    return run_script(_lines(source), sys.stdout, session, as_json=args.json, path=source)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``kiosk chat`` to the command line."""
    p = subparsers.add_parser(
        "chat",
        help="talk to the dialog in the terminal (simulated devices)",
        description="Type to the kiosk, or run a script of turns (--script) with JSON output.",
    )
    p.add_argument(
        "--script",
        metavar="FILE",
        help="read one user turn per line from FILE ('-' = standard input)",
    )
    p.add_argument("--json", action="store_true", help="write one JSON object per turn")
    p.add_argument("--strict", action="store_true",
                   help="stop at an unknown <event> line with its file and line (for script "
                   "authors; default: the kiosk takes it as not understood)")
    p.add_argument(
        "--today",
        type=date.fromisoformat,
        default=date.today(),
        help="date for the rules and demo data, YYYY-MM-DD (default: today)",
    )
    p.add_argument(
        "--site-devices",
        type=parse_site_devices,
        default=None,
        metavar="LIST",
        help="terminals at this site, e.g. 'household,traffic' (default: all)",
    )
    p.add_argument(
        "--flows", type=Path, default=None, help="flow texts folder (default: intents/flows)"
    )
    p.add_argument(
        "--store",
        type=Path,
        default=None,
        help="record sessions and the journal in this SQLite file "
        "(interactive default: var/kiosk.db; scripts: not recorded)",
    )
    p.add_argument(
        "--no-store",
        action="store_true",
        help="interactive: record nothing and keep the simulators in memory",
    )
    p.add_argument(
        "--sim-db",
        type=Path,
        default=None,
        help="keep the simulators' state in this SQLite file "
        "(interactive default: var/chat-sim.db; scripts: memory)",
    )
    p.add_argument(
        "--no-nlu",
        action="store_true",
        help="do not load the intent matcher (keys and command words only)",
    )
    add_screen_arguments(p)
    p.set_defaults(func=cmd_chat)


def main(argv: list[str] | None = None) -> int:
    """``python -m assistant.chat`` (same as ``kiosk chat``)."""
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["chat", *(argv if argv is not None else sys.argv[1:])])
    try:
        code: int = args.func(args)
    except KioskError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    raise SystemExit(main())
