"""The line-driven session host: ``kiosk chat``, its scripts and the screen (touches).

A line is a user turn in script syntax (:mod:`assistant.session.script`): text, or an
event ``<silence>``, ``<key:N>``, ``<card:NAME>``, ``<card-removed>``, ``<face:ok|fail>``,
``<photo:ok|fail>``, ``<finger:ok|fail>``, ``<pay:ok|fail|timeout>`` (device events also
accept ``timeout``; ``<pay:…>`` answers whichever payment method is on),
``<pos:ok|fail|timeout|pin>``, ``<permit:NAME>``, ``<staff:arrived>``, ``<nomatch>``,
``<wait:SECONDS>``.  An empty line is silence.  After a session has ended, the next input
line is the next person: a new session greets them (and handles what they said or the
card they inserted; a key press only wakes the kiosk).  Each turn gives a turn object
(the ``kiosk chat --json`` line, DESIGN.md contract)::

    {"turn", "heard", "intent", "state", "say", "awaiting", "flow", "done", "outcome",
     "elapsed_s", "rate", "volume_db"}

``elapsed_s`` is simulated time since the greeting: speech at the session's rate
(:data:`CHARS_PER_SECOND`), device durations, and listening windows that ended in silence.

Front ends plug in as turn listeners (:data:`TurnListener`: the screen's feed) and write
turns with :func:`write_turn`; :func:`run_script` and :func:`next_turn` drive a host.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from datetime import time as dtime
from pathlib import Path
from typing import IO, Any

from assistant.adapters.devices import Simulation, simulate
from assistant.adapters.runner import open_kiosk_store
from assistant.dialog import (
    Action,
    CallAdapter,
    Dialog,
    End,
    Event,
    Listen,
    NoMatch,
    Say,
    Silence,
    Tick,
)
from assistant.dialog.core import GuideAnswerer
from assistant.dialog.texts import FlowTexts
from assistant.errors import DataFileError, KioskError, Problem
from assistant.guides.finder import GuideAnswers
from assistant.idle import IdleAnnouncer, load_announcer
from assistant.nlu.types import Understander
from assistant.session import script
from assistant.session.core import (
    SessionCore,
    build_dialog,
    done_of,
    follow_on,
    kiosk_config,
    next_dialog,
)
from assistant.session.observers import TurnListener
from assistant.staff.misunderstood import Before
from assistant.store import Store, new_session_id

CHARS_PER_SECOND = 4.0
"""Chinese characters spoken per second at the normal rate (elderly-friendly pace)."""
LISTEN_WINDOW_S = 8.0
"""How long a ``<silence>`` turn waits before it counts as no input."""
TICK_S = 1.0
"""Smallest clock step of a ``<wait:N>`` turn (when a timer is already due)."""
_UNSPOKEN = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")
"""Runs of characters that are not pronounced (punctuation, spaces): the rest is."""
MAX_ACTIONS_PER_TURN = 500
"""More actions than this for one input means the dialog is looping (a bug)."""
MAX_INPUT_CHARS = 500
"""Longest typed or scripted turn taken (a long spoken request is ~60 characters); the
rest is dropped, so no input can stall the kiosk."""

FIXED_EVENTS = (script.SilenceLine, script.KeyLine, script.CardRemovedLine, script.DeviceLine,
                script.PosLine, script.StaffLine, script.NoMatchLine)
"""Script lines of a fixed vocabulary — no citizen's words, no card or permit name: their
turn is recorded without the free-speech masking (names, addresses; it can find nothing
in them, and costs ~15 µs a turn); numbers and plates are masked all the same."""


class DialogLoopError(RuntimeError):
    """One input produced an unbounded chain of actions."""


def speech_seconds(text: str, rate: float) -> float:
    """Time to speak ``text`` at ``rate`` (characters that are pronounced only)."""
    spoken = len(text) - sum(map(len, _UNSPOKEN.findall(text)))  # twice as fast as
    # finding every spoken character
    return spoken / (CHARS_PER_SECOND * rate)


def clean_input(line: str) -> str:
    """``line`` as the dialog may take it: undecodable bytes (read as surrogates) become
    U+FFFD so that storing and printing it can never fail, and at most
    :data:`MAX_INPUT_CHARS` characters."""
    if len(line) > MAX_INPUT_CHARS:
        line = line[:MAX_INPUT_CHARS]
    return line.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@dataclass
class Host:
    """One person's session at a kiosk with simulated devices, driven line by line (script
    syntax, :mod:`assistant.session.script`): ``kiosk chat``, its scripts and the screen.

    Each :meth:`step` is one turn; it returns the turn object (the ``--json`` line) and
    hands it, with the actions run, to every listener.  Simulated time: speech at the
    session's rate, device durations, listening windows; :meth:`tick` lets time pass
    (timers, walking away, announcements between people); :meth:`next_session` is the
    next person.  Devices, masking and recording: :class:`~assistant.session.core.
    SessionCore`."""

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
        self.core = SessionCore(self.dialog, self.sim, self.store, self.session_id,
                                self.secrets)
        """Devices, executor, masking and recording of this session."""
        self.executor = self.core.executor
        self.misunderstood = self.core.misunderstood
        """The session's misunderstanding queue (with a store)."""
        self._before: tuple[Before, str | None, bool] | None = None
        """Dialog state and flow before the input being handled, its text, whether the
        citizen acted (for :attr:`misunderstood`)."""

    # ------------------------------------------------------------------ turns
    def start(self) -> dict[str, Any]:
        """The greeting turn."""
        return self._finish(None, self._run(self.dialog.start()), None)

    def step(self, line: str, where: tuple[str, int] = ("-", 0)) -> dict[str, Any]:
        """Handle one script line; returns the turn object."""
        line = clean_input(line)
        return self._step(line, script.parse(line), where)

    def _step(self, line: str, parsed: script.ScriptLine,
              where: tuple[str, int]) -> dict[str, Any]:
        """:meth:`step` of a cleaned ``line`` that parsed as ``parsed``."""
        if isinstance(parsed, script.WaitLine):
            return self.tick(parsed.seconds, line)
        self.turn += 1
        if self.dialog.done:
            return self._finish(line, [], None, item=parsed)
        event = self._event(line.strip(), parsed, where)
        actions = self.dialog.handle(Tick(self.sim.clock.now))
        intent = None
        self.unrecognised = False
        if not self.dialog.done:
            self._before = self.core.before(event)
            actions += self.dialog.handle(event)
            intent = self.dialog.heard_intent
            self.unrecognised = self.dialog.not_understood
        actions = self._run(actions)
        card = self.core.card_still_in()  # the card put in again, now that it is armed
        if card is not None and not self.dialog.done:
            actions += self._run(self.dialog.handle(card))
        return self._finish(line, actions, intent, item=parsed)

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
            expiry = self.core.payment_expiry()
            if not self.dialog.done and expiry is not None and expiry <= until:
                # nobody paid: the terminal gives the order up (the dialog asks again)
                actions += self._run(self.dialog.handle(self.core.expire_payment()))
                continue
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

    def next_session(self) -> Host:
        """The next person at the same kiosk: a fresh dialog (default rate and volume,
        nothing of the last person; staff files edited meanwhile are taken up,
        :func:`~assistant.session.core.next_dialog`) over the same devices, store and
        listeners."""
        session_id = new_session_id("chat")
        dialog = next_dialog(self.dialog, session_id)
        follow_on(done_of(self.dialog), dialog, self.sim.clock.now)
        if self.idle is not None:
            self.idle.interrupted(self.sim.clock.now)  # someone spoke, pressed or inserted
        nxt = Host(dialog, self.sim, self.store, session_id, turn=self.turn,
                   listeners=self.listeners, idle=self.idle, day_start_s=self.day_start_s,
                   strict=self.strict)
        if self.sim.card.inserted is not None:
            self.sim.card.remove()
        return nxt

    def wake(self, line: str, where: tuple[str, int] = ("-", 0)) -> dict[str, Any]:
        """First input of a new session: greet, then handle ``line`` (a key only wakes)."""
        self.turn += 1
        line = clean_input(line)
        parsed = script.parse(line)
        only_wake = isinstance(parsed, script.KeyLine | script.SilenceLine) or (
            isinstance(parsed, script.UnknownLine) and parsed.name == "key")
        actions = self._run(self.dialog.start(self.sim.clock.now, read_menu=only_wake))
        if only_wake:
            return self._finish(line, actions, None, item=parsed)
        self.turn -= 1
        turn = self._step(line, parsed, where)  # (parsed once)
        turn["say"] = "".join(a.text for a in actions if isinstance(a, Say)) + turn["say"]
        return turn

    def _event(self, line: str, item: script.ScriptLine, where: tuple[str, int]) -> Event:
        """The dialog event of script line ``line`` (``item``: it parsed)."""
        if isinstance(item, script.SilenceLine):
            self.sim.clock.advance(LISTEN_WINDOW_S)
            return Silence()
        event = self.core.event_of(item)
        if event is not None:
            return event
        problem = Problem.at(where[0], where[1], 1, f"unknown event {line!r}", script.USAGE)
        if self.strict:
            raise DataFileError([problem])
        print(f"kiosk chat: {problem} (taken as not understood; --strict stops here)",
              file=sys.stderr)
        return NoMatch()

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
                result = self.core.call(action)
                if result is not None and not self.dialog.done:
                    queue.extend(self.dialog.handle(result))
        return done

    def _finish(
        self, line: str | None, actions: list[Action], intent: str | None,
        state: str | None = None, item: script.ScriptLine | None = None,
    ) -> dict[str, Any]:
        """The turn object of ``line`` (``item``: what it parsed to, when already known)."""
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
            self._record(line, out, actions, item)
        if self.idle is not None and any(isinstance(a, End) for a in actions):
            self.idle.session_ended(self.sim.clock.now)
        for listener in self.listeners:
            listener(out, actions)
        return out

    def _record(self, line: str | None, out: dict[str, Any], actions: list[Action],
                item: script.ScriptLine | None = None) -> None:
        core = self.core
        if line is not None and item is None:
            item = script.parse(line)
        fixed = isinstance(item, FIXED_EVENTS)
        core.log_turn(self.turn, heard=line, intent=out["intent"], state=out["state"],
                      say=out["say"], speech=not fixed)
        if line and self.unrecognised:
            core.log_unrecognised(line, state=out["state"], flow=out["flow"])
        taken, self._before = self._before, None
        if taken is not None:
            core.observe(taken)
        if any(isinstance(a, End) for a in actions):
            core.end(out["outcome"] or "", out["flow"], where=self.dialog.ended_where)

    def close(self) -> None:
        """The script or the terminal ended mid-session: what waits in the
        misunderstanding queue is recorded as served by nothing."""
        self.core.close_queue("stopped")

    def stopped(self) -> None:
        """The terminal closed mid-session: a greeting nobody answered leaves no record; a
        session with turns ends as ``stopped`` (its conversation deleted)."""
        if self.store is None:
            return
        self.close()
        if self.turn == 0:
            self.store.discard_session(self.session_id)
        else:
            self.store.end_session(self.session_id, "stopped", self.dialog.flow,
                                   where=self.dialog.state)


# ---------------------------------------------------------------------- setup
def load_understander(quiet: bool = False, *, who: str = "kiosk chat") -> Understander | None:
    """The intent matcher, or ``None`` (keys and command words only) if it cannot load
    (said on stderr, as ``who``, unless ``quiet``)."""
    try:
        from assistant.guides.finder import CatalogueGuides
        from assistant.nlu import load_nlu

        return load_nlu(guides=CatalogueGuides())
    except (ImportError, KioskError) as exc:
        if not quiet:
            print(
                f"{who}: intent matcher not available ({str(exc).splitlines()[0]}); "
                "only keys and command words are understood",
                file=sys.stderr,
            )
        return None


@functools.cache
def catalogue_answers() -> GuideAnswers:
    """One guide catalogue per process (loaded on the first guide question)."""
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
) -> Host:
    """The first person's session over a fresh simulated kiosk.

    ``site_devices``: the terminals at this site (a convenience site without some;
    ``None``: all).  ``guide_answers`` defaults to answers from the guide catalogue
    (:class:`GuideAnswers`, which also gives each guide's sections — after an answer the
    dialog offers to read the guide in full — and lists the guides by category for
    "听办事指南" by keys).  ``announcements``: play ``guides/announcements.yaml`` between
    people; ``clock_at``: the simulated time of day at the start (quiet hours).
    """
    session_id = session_id or new_session_id("chat")
    sim = simulate(today, db)
    if guide_answers is None:  # loaded on first use: a question, or "听办事指南" by keys
        guide_answers = catalogue_answers()
    dialog = build_dialog(texts, nlu=nlu, today=today, session_id=session_id,
                          config=kiosk_config(site_devices), guide_answers=guide_answers)
    idle = load_announcer() if announcements else None
    day_start = clock_at.hour * 3600.0 + clock_at.minute * 60.0 + clock_at.second
    return Host(dialog, sim, store, session_id, idle=idle, day_start_s=day_start)


# ---------------------------------------------------------------------- driving
def run_script(
    lines: Iterable[str], out: IO[str], session: Host, *, as_json: bool, path: str = "-"
) -> int:
    """Run script ``lines`` through ``session``; write one turn per line to ``out``."""
    write_turn(out, session.start(), as_json=as_json)
    for number, line in enumerate(lines, start=1):
        session, turn = next_turn(session, line.rstrip("\r\n"), (path, number))
        write_turn(out, turn, as_json=as_json)
    session.close()
    return 0


def next_turn(session: Host, line: str, where: tuple[str, int] = ("-", 0),
              on_new: Callable[[Host], None] | None = None,
              ) -> tuple[Host, dict[str, Any]]:
    """One input line: a step of ``session`` — or, once it has ended, the next person's
    session (``on_new`` sees it before its greeting); returns the session now serving and
    the turn object."""
    if session.dialog.done and not isinstance(script.parse(line), script.WaitLine):
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


def script_lines(source: str) -> Iterator[str]:
    """The lines of script file ``source`` (``-``: standard input, read as it comes)."""
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


SIM_DB_NAME = "chat-sim.db"
"""Simulated kiosk state of the interactive ``kiosk chat`` (in ``var/``)."""


def interactive_store(store_path: Path | None, sim_db: Path | None, today: date, *,
                      no_store: bool = False, who: str = "kiosk chat",
                      ) -> tuple[Store | None, Path | None]:
    """The store and simulator files of an interactive session; recovers the journal
    first (what it settled is said on stderr, as ``who``).

    By default sessions are recorded in ``var/kiosk.db`` and the simulated kiosk keeps its
    state in ``var/chat-sim.db`` (so payments survive a restart and can be recovered);
    ``no_store`` keeps everything in memory.
    """
    if no_store:
        return None, sim_db
    from assistant.config import var_dir

    sim_db = sim_db if sim_db is not None else var_dir() / SIM_DB_NAME
    store, recovered = open_kiosk_store(store_path, sim_db, today)
    from assistant.staff.recovered import recovered_line

    for item in recovered:
        print(f"{who}: {recovered_line(item)}", file=sys.stderr)
    return store, sim_db
