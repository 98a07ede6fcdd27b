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
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from datetime import time as dtime
from pathlib import Path
from typing import IO, Any, Literal, cast

from assistant.adapters.devices import Simulation, simulate
from assistant.adapters.payment import PayOutcome
from assistant.adapters.runner import Executor, open_kiosk_store
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
    NoMatch,
    Say,
    Silence,
    Tick,
    UserText,
    load_kiosk_texts,
    new_dialog,
)
from assistant.dialog.core import GuideAnswerer
from assistant.dialog.directions import load_directions, this_device
from assistant.dialog.events import FUNCTION_KEY, KEYS
from assistant.dialog.texts import FlowTexts
from assistant.errors import AdapterError, DataFileError, KioskError, Problem
from assistant.guides.finder import GuideAnswers
from assistant.idle import IdleAnnouncer, load_announcer
from assistant.nlu.intents import IntentSet
from assistant.nlu.types import Understander
from assistant.staff.misunderstood import Before, MisunderstandingLog, before, facts_after, guesser
from assistant.store import Store, new_session_id

CHARS_PER_SECOND = 4.0
"""Chinese characters spoken per second at the normal rate (elderly-friendly pace)."""
SIM_DB_NAME = "chat-sim.db"
"""Simulated kiosk state of the interactive ``kiosk chat`` (in ``var/``)."""
LISTEN_WINDOW_S = 8.0
"""How long a ``<silence>`` turn waits before it counts as no input."""
_EVENT = re.compile(r"^<([a-z-]+)(?::([^>]*))?>$")
_WAIT = re.compile(r"^<wait:(\d+(?:\.\d+)?)>$")
TICK_S = 1.0
"""Smallest clock step of a ``<wait:N>`` turn (when a timer is already due)."""
_SPOKEN = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")
DEVICE_EVENTS = {"face": "face", "photo": "photo", "finger": "finger", "pay": "payment"}
OUTCOMES = ("ok", "fail", "timeout")
POS_OUTCOMES = ("ok", "fail", "timeout", "pin")
"""``<pos:…>``: the card on the POS reader is paid, declined, not inserted in time, or its
PIN refused."""
MAX_ACTIONS_PER_TURN = 500
"""More actions than this for one input means the dialog is looping (a bug)."""


TurnListener = Callable[[dict[str, Any], list[Action]], None]
"""Gets each turn object (the ``--json`` line) and the actions that produced it."""


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
    session_id: str = ""
    """Unique per session (:func:`assistant.store.new_session_id`; default: the dialog's)."""
    turn: int = 0
    secrets: set[str] = field(default_factory=set)
    strict: bool = False
    """An unknown ``<event>`` stops the script with its file and line (``--strict``, for
    script authors); otherwise it counts as speech the kiosk did not understand."""
    listeners: list[TurnListener] = field(default_factory=list)
    """Called after every turn with the turn object and the actions run (the screen)."""
    idle: IdleAnnouncer | None = None
    """Plays announcements while nobody uses the kiosk (``<wait:N>`` after a session)."""
    day_start_s: float = 10 * 3600.0
    """Local time of day (seconds after midnight) when the simulated clock read 0."""

    def __post_init__(self) -> None:
        self.session_id = self.session_id or self.dialog.session_id
        if self.idle is not None:
            self.idle.session_started()
        self.unrecognised = False
        self.executor = Executor(self.sim.devices, self.store, self.session_id)
        self.misunderstood: MisunderstandingLog | None = None
        """The session's misunderstanding queue (with a store)."""
        self._before: tuple[Before, str | None, bool] | None = None
        """Dialog state and flow before the input being handled, its text, whether the
        citizen acted (for :attr:`misunderstood`)."""
        if self.store is not None:
            self.store.open_session(self.session_id)
            self.misunderstood = MisunderstandingLog(
                self.store, self.session_id, guesser(self.dialog.nlu), self.secrets)

    # ------------------------------------------------------------------ turns
    def start(self) -> dict[str, Any]:
        """The greeting turn."""
        return self._finish(None, self._run(self.dialog.start()), None)

    def step(self, line: str, where: tuple[str, int] = ("-", 0)) -> dict[str, Any]:
        """Handle one script line; returns the turn object."""
        line = clean_input(line)
        wait = _WAIT.match(line.strip())
        if wait is not None:
            return self.tick(float(wait.group(1)), line)
        self.turn += 1
        if self.dialog.done:
            return self._finish(line, [], None)
        event = self._event(line.strip(), where)
        actions = self.dialog.handle(Tick(self.sim.clock.now))
        intent = None
        self.unrecognised = False
        if not self.dialog.done:
            self._before = (before(self.dialog), event.text if isinstance(event, UserText)
                            else None, isinstance(event, UserText | Key))
            actions += self.dialog.handle(event)
            intent = self.dialog.heard_intent
            self.unrecognised = self.dialog.not_understood
        return self._finish(line, self._run(actions), intent)

    def tick(self, seconds: float, line: str | None = None) -> dict[str, Any]:
        """Let ``seconds`` of simulated time pass with no input (inactivity, walk-away): the
        clock jumps from one dialog timer to the next (speech takes time too).  After the
        session has ended the kiosk is idle: announcements play (:meth:`_idle`)."""
        self.turn += 1
        self.unrecognised = False  # waiting is not something the kiosk failed to understand
        if self.dialog.done:
            return self._idle(seconds, line)
        clock = self.sim.clock
        until = clock.now + seconds
        actions: list[Action] = []
        for _ in range(MAX_ACTIONS_PER_TURN):
            due = self.dialog.next_timer()
            if self.dialog.done or due is None or due > until:
                break
            self._advance_to(due)
            actions += self._run(self.dialog.handle(Tick(clock.now)))
        if clock.now < until:
            clock.advance(until - clock.now)
            if not self.dialog.done:
                actions += self._run(self.dialog.handle(Tick(clock.now)))
        return self._finish(line, actions, None)

    def local_time(self) -> dtime:
        """Simulated wall-clock time of day (for the announcements' quiet hours)."""
        secs = (self.day_start_s + self.sim.clock.now) % 86400
        return dtime(int(secs // 3600), int(secs % 3600 // 60), int(secs % 60))

    def _advance_to(self, due: float) -> None:
        """Move the simulated clock to ``due`` (by :data:`TICK_S` when it is already due,
        so that a timer that changes nothing cannot stall a ``<wait:N>``)."""
        clock = self.sim.clock
        clock.advance(due - clock.now if due > clock.now else TICK_S)

    def _idle(self, seconds: float, line: str | None) -> dict[str, Any]:
        """Nobody at the kiosk for ``seconds``: the announcements that fall due are said."""
        clock, idle = self.sim.clock, self.idle
        until = clock.now + seconds
        actions: list[Action] = []
        for _ in range(MAX_ACTIONS_PER_TURN if idle is not None else 0):
            assert idle is not None
            due = idle.due(clock.now, self.local_time())
            if due is not None:
                item = due.announcement
                say = Say(item.text, volume_db=round(due.volume_db), key=f"announce:{item.id}")
                actions.append(say)
                clock.advance(speech_seconds(say.text, say.rate))
                idle.played(clock.now)
                continue
            if idle.next_at is None or idle.next_at > until:
                break
            self._advance_to(idle.next_at)
        if clock.now < until:
            clock.advance(until - clock.now)
        return self._finish(line, actions, None, state="idle")

    def next_session(self) -> ChatSession:
        """The next person at the same kiosk: a fresh dialog (default rate and volume,
        nothing of the last person) over the same devices, store and listeners."""
        d = self.dialog
        session_id = new_session_id("chat")
        dialog = new_dialog(d.texts, nlu=d.nlu, today=d.today, session_id=session_id,
                            config=d.config, intents=d.intents, guide_answers=d.guide_answers,
                            keypad=d.keypad)
        if self.idle is not None:
            self.idle.interrupted(self.sim.clock.now)  # someone spoke, pressed or inserted
        nxt = ChatSession(dialog, self.sim, self.store, session_id, turn=self.turn,
                          listeners=self.listeners, idle=self.idle, day_start_s=self.day_start_s,
                          strict=self.strict)
        if self.sim.card.inserted is not None:
            self.sim.card.remove()
        return nxt

    def wake(self, line: str, where: tuple[str, int] = ("-", 0)) -> dict[str, Any]:
        """First input of a new session: greet, then handle ``line`` (a key only wakes)."""
        self.turn += 1
        stripped = line.strip()
        only_wake = stripped.startswith("<key:") or not stripped or stripped == "<silence>"
        actions = self._run(self.dialog.start(self.sim.clock.now, read_menu=only_wake))
        if only_wake:
            return self._finish(line, actions, None)
        self.turn -= 1
        turn = self.step(line, where)
        turn["say"] = "".join(a.text for a in actions if isinstance(a, Say)) + turn["say"]
        return turn

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
        if name == "key" and (arg in KEYS or FUNCTION_KEY.match(arg)):
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
        if name == "nomatch" and not arg:
            return NoMatch()
        if name == "staff" and arg == "arrived":
            return DeviceResult("staff", "ok", "arrived")
        if name in DEVICE_EVENTS and arg in OUTCOMES:
            return self._device_event(DEVICE_EVENTS[name], cast(Any, arg))
        if name == "pos" and arg in POS_OUTCOMES:
            return self._pos_event(cast(Any, arg))
        if name == "permit" and arg:
            return self._permit_event(arg)
        problem = Problem.at(
            where[0], where[1], 1, f"unknown event {line!r}",
            "use text or one of <silence> <key:N> <card:NAME> <card-removed> <face:ok|fail> "
            "<photo:ok|fail> <finger:ok|fail> <pay:ok|fail|timeout> "
            "<pos:ok|fail|timeout|pin> <permit:NAME> <staff:arrived> "
            "<nomatch> <wait:SECONDS>")
        if self.strict:
            raise DataFileError([problem])
        print(f"kiosk chat: {problem} (taken as not understood; --strict stops here)",
              file=sys.stderr)
        return NoMatch()

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

    def _pos_event(self, outcome: PayOutcome) -> Event:
        """A card on the POS reader (``<pos:ok|fail|timeout|pin>``): it answers the card
        payment the kiosk waits for; while another method is on, the reader is not armed
        (``pos_idle``: the dialog offers the card)."""
        pending = self.executor.pending.get("payment")
        if pending is None or pending.args.get("method") != "card":
            return DeviceResult("payment", "ok", "pos_idle")
        self.sim.payment.script(outcome)
        result = self.executor.resolve("payment")
        assert result is not None
        return result

    def _permit_event(self, name: str) -> Event:
        """``<permit:NAME>`` puts a demo e-permit on the reader (``none``: the user has none;
        ``timeout``: nothing comes); it answers the read the kiosk waits for."""
        self.sim.permit.place(name)
        pending = self.executor.pending.get("backend")
        if pending is None or pending.name != "permit":
            return DeviceResult("card", "ok", "permit_idle")  # not asked for now
        result = self.executor.resolve("backend")
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
        self, line: str | None, actions: list[Action], intent: str | None,
        state: str | None = None,
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
            "state": state or d.state,
            "say": say,
            "awaiting": awaiting,
            "flow": None if state == "idle" else d.flow,
            "done": d.done,
            "outcome": d.outcome,
            "elapsed_s": round(self.sim.clock.now, 1),
            "rate": d.rate,
            "volume_db": d.volume_db,
        }
        if self.store is not None and state is None:
            self._record(line, out, actions)
        if self.idle is not None and any(isinstance(a, End) for a in actions):
            self.idle.session_ended(self.sim.clock.now)
        for listener in self.listeners:
            listener(out, actions)
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
        taken, self._before = self._before, None
        if self.misunderstood is not None and taken is not None:
            was, text, is_input = taken
            self.misunderstood.observe(facts_after(self.dialog, was, text, is_input))
        if any(isinstance(a, End) for a in actions):
            if self.misunderstood is not None:
                self.misunderstood.close(out["outcome"] or "")
            self.store.end_session(self.session_id, out["outcome"] or "", out["flow"],
                                   where=self.dialog.ended_where)

    def close(self) -> None:
        """The script or the terminal ended mid-session: what waits in the
        misunderstanding queue is recorded as served by nothing."""
        if self.misunderstood is not None:
            self.misunderstood.close("stopped")


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
    session_id: str | None = None,
    site_devices: frozenset[str] | None = None,
    db: Path | None = None,
    guide_answers: GuideAnswerer | None = None,
    announcements: bool = True,
    clock_at: dtime = dtime(10, 0),
) -> ChatSession:
    """A chat session over a fresh simulated kiosk.

    ``guide_answers`` defaults to answers from the guide catalogue (:class:`GuideAnswers`,
    which also gives each guide's sections — after an answer the dialog offers to read the
    guide in full — and lists the guides by category for "听办事指南" by keys).
    """
    session_id = session_id or new_session_id("chat")
    sim = simulate(today, db)
    config = DialogConfig(site_devices=site_devices, directions=load_directions(),
                          this_device=this_device())
    intents = getattr(getattr(nlu, "matcher", None), "intents", None)
    if guide_answers is None:  # loaded on first use: a question, or "听办事指南" by keys
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
    idle = load_announcer() if announcements else None
    day_start = clock_at.hour * 3600.0 + clock_at.minute * 60.0 + clock_at.second
    return ChatSession(dialog, sim, store, session_id, idle=idle, day_start_s=day_start)


def run_script(
    lines: Iterable[str], out: IO[str], session: ChatSession, *, as_json: bool, path: str = "-"
) -> int:
    """Run script ``lines`` through ``session``; write one turn per line to ``out``."""
    write_turn(out, session.start(), as_json=as_json)
    for number, line in enumerate(lines, start=1):
        session, turn = next_turn(session, line.rstrip("\r\n"), (path, number))
        write_turn(out, turn, as_json=as_json)
    session.close()
    return 0


def next_turn(session: ChatSession, line: str, where: tuple[str, int] = ("-", 0),
              on_new: Callable[[ChatSession], None] | None = None,
              ) -> tuple[ChatSession, dict[str, Any]]:
    """One input line: a step of ``session`` — or, once it has ended, the next person's
    session (``on_new`` sees it before its greeting); returns the session now serving and
    the turn object."""
    if session.dialog.done and not _WAIT.match(line.strip()):
        session = session.next_session()
        if on_new is not None:
            on_new(session)
        return session, session.wake(line, where)
    return session, session.step(line, where)


def write_turn(out: IO[str], turn: dict[str, Any], *, as_json: bool) -> None:
    """One turn as a ``--json`` line, or as text for people (flushed)."""
    if as_json:
        out.write(json.dumps(turn, ensure_ascii=False) + "\n")
    else:
        if turn["heard"] is not None:
            out.write(f"> {turn['heard']}\n")
        out.write(f"{turn['say']}\n")
        if turn["done"]:
            out.write(f"[结束: {turn['outcome']}]\n")
    out.flush()


MAX_INPUT_CHARS = 500
"""Longest typed or scripted turn taken (a long spoken request is ~60 characters); the
rest is dropped, so no input can stall the kiosk."""


def clean_input(line: str) -> str:
    """``line`` as the dialog may take it: undecodable bytes (read as surrogates) become
    U+FFFD so that storing and printing it can never fail, and at most
    :data:`MAX_INPUT_CHARS` characters."""
    if len(line) > MAX_INPUT_CHARS:
        line = line[:MAX_INPUT_CHARS]
    return line.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _lines(source: str) -> Iterator[str]:
    if source == "-":
        yield from iter(sys.stdin.readline, "")
        return
    try:
        with open(source, encoding="utf-8", errors="replace") as fh:
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


def _stopped(session: ChatSession) -> None:
    """The terminal closed mid-session: a greeting nobody answered leaves no record; a
    session with turns ends as ``stopped`` (its conversation deleted)."""
    store = session.store
    if store is None:
        return
    session.close()
    if session.turn == 0:
        store.discard_session(session.session_id)
    else:
        store.end_session(session.session_id, "stopped", session.dialog.flow,
                          where=session.dialog.state)


def _interactive_store(args: argparse.Namespace) -> tuple[Store | None, Path | None]:
    """The store and simulator files of an interactive chat; recovers the journal first.

    By default sessions are recorded in ``var/kiosk.db`` and the simulated kiosk keeps its
    state in ``var/chat-sim.db`` (so payments survive a restart and can be recovered);
    ``--no-store`` keeps everything in memory.
    """
    if args.no_store:
        return None, args.sim_db
    sim_db = args.sim_db if args.sim_db is not None else var_dir() / SIM_DB_NAME
    store, recovered = open_kiosk_store(args.store, sim_db, args.today)
    from assistant.staff.recovered import recovered_line

    for item in recovered:
        print(f"kiosk chat: {recovered_line(item)}", file=sys.stderr)
    return store, sim_db


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
    from assistant.screen.cli import add_arguments as add_screen_arguments

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
