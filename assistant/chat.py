"""``kiosk chat``: talk to the dialog in the terminal, with simulated devices.

``kiosk chat`` is interactive; ``kiosk chat --script FILE|- --json`` runs a scripted
conversation and writes one JSON object per assistant turn (DESIGN.md contract)::

    {"turn", "heard", "intent", "state", "say", "awaiting", "flow", "done", "outcome",
     "elapsed_s"}

Script lines are user turns: text, or an event ``<silence>``, ``<key:N>``, ``<card:NAME>``,
``<card-removed>``, ``<face:ok|fail>``, ``<photo:ok|fail>``, ``<finger:ok|fail>``,
``<pay:ok|fail|timeout>`` (device events also accept ``timeout``).  An empty line is
silence.  ``elapsed_s`` is simulated time since the greeting: speech at the session's
rate (:data:`CHARS_PER_SECOND`), device durations, and listening windows that ended in
silence.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal, cast

from assistant.adapters.devices import Simulation, simulate
from assistant.adapters.runner import Executor, recover
from assistant.config import var_dir
from assistant.dialog import (
    Action,
    CallAdapter,
    CardInserted,
    CardRemoved,
    DeviceResult,
    Dialog,
    DialogConfig,
    End,
    Event,
    Key,
    Listen,
    Say,
    Silence,
    Tick,
    UserText,
    load_texts,
    new_dialog,
)
from assistant.dialog.core import GuideAnswerer
from assistant.dialog.events import KEYS
from assistant.dialog.texts import FlowTexts
from assistant.errors import AdapterError, DataFileError, KioskError, Problem
from assistant.guides.finder import GuideAnswers
from assistant.nlu.intents import IntentSet
from assistant.nlu.types import Understander
from assistant.store import Store

CHARS_PER_SECOND = 4.0
"""Chinese characters spoken per second at the normal rate (elderly-friendly pace)."""
SIM_DB_NAME = "chat-sim.db"
"""Simulated kiosk state of the interactive ``kiosk chat`` (in ``var/``)."""
LISTEN_WINDOW_S = 8.0
"""How long a ``<silence>`` turn waits before it counts as no input."""
_EVENT = re.compile(r"^<([a-z-]+)(?::([^>]*))?>$")
_SPOKEN = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")
DEVICE_EVENTS = {"face": "face", "photo": "photo", "finger": "finger", "pay": "payment"}
OUTCOMES = ("ok", "fail", "timeout")
MAX_ACTIONS_PER_TURN = 500
"""More actions than this for one input means the dialog is looping (a bug)."""


class DialogLoopError(RuntimeError):
    """One input produced an unbounded chain of actions."""


def speech_seconds(text: str, rate: float) -> float:
    """Time to speak ``text`` at ``rate`` (characters that are pronounced only)."""
    return len(_SPOKEN.findall(text)) / (CHARS_PER_SECOND * rate)


@dataclass
class ChatSession:
    """One simulated kiosk session driven line by line."""

    dialog: Dialog
    sim: Simulation
    store: Store | None = None
    session_id: str = "chat-1"
    turn: int = 0
    secrets: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.unrecognised = False
        self.executor = Executor(self.sim.devices, self.store, self.session_id)
        if self.store is not None:
            self.store.open_session(self.session_id)

    # ------------------------------------------------------------------ turns
    def start(self) -> dict[str, Any]:
        """The greeting turn."""
        return self._finish(None, self._run(self.dialog.start()), None)

    def step(self, line: str, where: tuple[str, int] = ("-", 0)) -> dict[str, Any]:
        """Handle one script line; returns the turn object."""
        self.turn += 1
        if self.dialog.done:
            return self._finish(line, [], None)
        event = self._event(line.strip(), where)
        actions = self.dialog.handle(Tick(self.sim.clock.now))
        intent = None
        self.unrecognised = False
        if not self.dialog.done:
            actions += self.dialog.handle(event)
            intent = self.dialog.heard_intent
            self.unrecognised = self.dialog.not_understood
        return self._finish(line, self._run(actions), intent)

    def tick(self, seconds: float) -> dict[str, Any]:
        """Let ``seconds`` of simulated time pass with no input (inactivity, walk-away)."""
        self.turn += 1
        self.sim.clock.advance(seconds)
        if self.dialog.done:
            return self._finish(None, [], None)
        actions = self.dialog.handle(Tick(self.sim.clock.now))
        return self._finish(None, self._run(actions), None)

    def _event(self, line: str, where: tuple[str, int]) -> Event:
        if not line:
            self.sim.clock.advance(LISTEN_WINDOW_S)
            return Silence()
        m = _EVENT.match(line)
        if m is None:
            return UserText(line)
        name, arg = m.group(1), (m.group(2) or "").strip()
        if name == "silence" and not arg:
            self.sim.clock.advance(LISTEN_WINDOW_S)
            return Silence()
        if name == "key" and arg in KEYS:
            return Key(arg)
        if name == "card" and arg:
            self.sim.card.insert(arg)
            try:
                card = self.sim.card.read()
            except AdapterError:
                return CardInserted(None)
            self.secrets.update({card.name, card.number})
            return CardInserted(card)
        if name == "card-removed" and not arg:
            self.sim.card.remove()
            return CardRemoved()
        if name in DEVICE_EVENTS and arg in OUTCOMES:
            return self._device_event(DEVICE_EVENTS[name], cast(Any, arg))
        raise DataFileError(
            [
                Problem.at(
                    where[0],
                    where[1],
                    1,
                    f"unknown event {line!r}",
                    "use text or one of <silence> <key:N> <card:NAME> "
                    "<card-removed> <face:ok|fail> <photo:ok|fail> "
                    "<finger:ok|fail> <pay:ok|fail|timeout>",
                )
            ]
        )

    def _device_event(self, kind: str, outcome: Literal["ok", "fail", "timeout"]) -> Event:
        if kind not in self.executor.pending:
            return DeviceResult(cast(Any, kind), outcome, "")
        scripts: dict[str, Callable[[Literal["ok", "fail", "timeout"]], None]] = {
            "face": self.sim.face.script,
            "photo": self.sim.photo.script,
            "finger": self.sim.finger.script,
            "payment": self.sim.payment.script,
        }
        scripts[kind](outcome)
        result = self.executor.resolve(kind)
        assert result is not None
        return result

    def _run(self, actions: list[Action]) -> list[Action]:
        """Execute adapter calls whose answers come at once, feeding them back in."""
        done: list[Action] = []
        queue = list(actions)
        while queue:
            if len(done) >= MAX_ACTIONS_PER_TURN:
                raise DialogLoopError(
                    f"more than {MAX_ACTIONS_PER_TURN} actions in one turn (state "
                    f"{self.dialog.state}): the dialog and its adapters are looping")
            action = queue.pop(0)
            done.append(action)
            if isinstance(action, Say):
                self.sim.clock.advance(speech_seconds(action.text, action.rate))
            elif isinstance(action, CallAdapter):
                result = self.executor.run(action)
                if result is not None and not self.dialog.done:
                    queue.extend(self.dialog.handle(result))
        return done

    def _finish(
        self, line: str | None, actions: list[Action], intent: str | None
    ) -> dict[str, Any]:
        d = self.dialog
        say = "".join(a.text for a in actions if isinstance(a, Say))
        listens = [a for a in actions if isinstance(a, Listen)]
        if d.done or not listens:
            awaiting: dict[str, Any] = {"kind": "none", "keys": {}}
        else:
            awaiting = listens[-1].to_json()
        out = {
            "turn": self.turn,
            "heard": line,
            "intent": intent,
            "state": d.state,
            "say": say,
            "awaiting": awaiting,
            "flow": d.flow,
            "done": d.done,
            "outcome": d.outcome,
            "elapsed_s": round(self.sim.clock.now, 1),
        }
        if self.store is not None:
            self._record(line, out, actions)
        return out

    def _record(self, line: str | None, out: dict[str, Any], actions: list[Action]) -> None:
        assert self.store is not None
        self.store.log_turn(
            self.session_id,
            self.turn,
            heard=line,
            intent=out["intent"],
            state=out["state"],
            say=out["say"],
            known=self.secrets,
        )
        if line and self.unrecognised:
            self.store.log_unrecognised(
                line, state=out["state"], flow=out["flow"], known=self.secrets
            )
        if any(isinstance(a, End) for a in actions):
            self.store.end_session(self.session_id, out["outcome"] or "", out["flow"])


# ---------------------------------------------------------------------- setup
def load_understander(quiet: bool = False) -> Understander | None:
    """The intent matcher, or ``None`` (keys and command words only) if it cannot load."""
    try:
        from assistant.nlu import load_nlu

        return load_nlu()
    except (ImportError, KioskError) as exc:
        if not quiet:
            print(
                f"kiosk chat: intent matcher not available ({str(exc).splitlines()[0]}); "
                "only keys and command words are understood",
                file=sys.stderr,
            )
        return None


@functools.cache
def _catalogue_answers() -> GuideAnswers:
    """One catalogue per process (loaded on the first guide question)."""
    return GuideAnswers()


def new_session(
    texts: FlowTexts,
    *,
    nlu: Understander | None,
    today: date,
    store: Store | None = None,
    session_id: str = "chat-1",
    site_devices: frozenset[str] | None = None,
    db: Path | None = None,
    guide_answers: GuideAnswerer | None = None,
) -> ChatSession:
    """A chat session over a fresh simulated kiosk.

    ``guide_answers`` defaults to answers from the guide catalogue when ``nlu`` is given
    (:class:`GuideAnswers`, which also gives each guide's sections: after an answer the
    dialog offers to read the guide in full).
    """
    sim = simulate(today, db)
    config = DialogConfig(site_devices=site_devices)
    intents = getattr(getattr(nlu, "matcher", None), "intents", None)
    if guide_answers is None and nlu is not None:
        guide_answers = _catalogue_answers()
    dialog = new_dialog(
        texts,
        nlu=nlu,
        today=today,
        session_id=session_id,
        config=config,
        intents=intents if isinstance(intents, IntentSet) else None,
        guide_answers=guide_answers,
    )
    return ChatSession(dialog, sim, store, session_id)


def run_script(
    lines: Iterable[str], out: IO[str], session: ChatSession, *, as_json: bool, path: str = "-"
) -> int:
    """Run script ``lines`` through ``session``; write one turn per line to ``out``."""

    def emit(obj: dict[str, Any]) -> None:
        if as_json:
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        else:
            if obj["heard"] is not None:
                out.write(f"> {obj['heard']}\n")
            out.write(f"{obj['say']}\n")
            if obj["done"]:
                out.write(f"[结束: {obj['outcome']}]\n")
        out.flush()

    emit(session.start())
    for number, line in enumerate(lines, start=1):
        emit(session.step(line.rstrip("\r\n"), (path, number)))
    return 0


def _lines(source: str) -> Iterator[str]:
    if source == "-":
        yield from iter(sys.stdin.readline, "")
        return
    try:
        with open(source, encoding="utf-8") as fh:
            yield from fh
    except OSError as exc:
        raise DataFileError(
            [
                Problem.at(
                    source,
                    0,
                    0,
                    f"cannot read script: {exc}",
                    "check the path (use '-' for standard input)",
                )
            ]
        ) from exc


def _interactive(texts: FlowTexts, args: argparse.Namespace, nlu: Understander | None) -> int:
    store, sim_db = _interactive_store(args)
    print(
        "kiosk chat — 输入文字，或 <key:1> <card:expired> <face:ok> <pay:ok> <silence> 等；"
        "Ctrl-D 退出。演示身份证: expired valid soon child official；车牌: 浙L12345"
    )
    run_id = time.strftime("%Y%m%d-%H%M%S")
    n = 0
    while True:
        n += 1
        session = new_session(
            texts, nlu=nlu, today=args.today, store=store, session_id=f"chat-{run_id}-{n}",
            site_devices=args.site_devices, db=sim_db,
        )
        _show(session.start())
        while not session.dialog.done:
            try:
                line = input("> ")
            except EOFError:
                print()
                return 0
            _show(session.step(line))
        print("--- 下一位 ---")


def _interactive_store(args: argparse.Namespace) -> tuple[Store | None, Path | None]:
    """The store and simulator files of an interactive chat; recovers the journal first.

    By default sessions are recorded in ``var/kiosk.db`` and the simulated kiosk keeps its
    state in ``var/chat-sim.db`` (so payments survive a restart and can be recovered);
    ``--no-store`` keeps everything in memory.
    """
    if args.no_store:
        return None, args.sim_db
    store = Store(args.store) if args.store else Store()
    sim_db = args.sim_db if args.sim_db is not None else var_dir() / SIM_DB_NAME
    sim_db.parent.mkdir(parents=True, exist_ok=True)
    for item in recover(store, simulate(args.today, sim_db).devices):
        print(f"kiosk chat: recovered transaction {item.txn_id}: {item.action}"
              + (f" ({item.detail})" if item.detail else ""), file=sys.stderr)
    return store, sim_db


def _show(turn: dict[str, Any]) -> None:
    print(f"机：{turn['say']}")
    aw = turn["awaiting"]
    keys = " ".join(f"{k}={v}" for k, v in aw.get("keys", {}).items() if v != "digits")
    status = f"[{turn['state']} · 等待 {aw['kind']}{' · 键 ' + keys if keys else ''}"
    print(status + (f" · 结束 {turn['outcome']}]" if turn["done"] else "]"))


def cmd_chat(args: argparse.Namespace) -> int:
    texts = load_texts(args.flows)
    nlu = None if args.no_nlu else load_understander()
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
    source = args.script or "-"
    return run_script(_lines(source), sys.stdout, session, as_json=args.json, path=source)


def _devices(value: str) -> frozenset[str]:
    return frozenset(v.strip() for v in value.split(",") if v.strip())


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
    p.add_argument(
        "--today",
        type=date.fromisoformat,
        default=date.today(),
        help="date for the rules and demo data, YYYY-MM-DD (default: today)",
    )
    p.add_argument(
        "--site-devices",
        type=_devices,
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
