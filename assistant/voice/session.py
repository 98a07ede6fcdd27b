"""One kiosk session by voice: run the dialog's actions on the microphone and speaker.

``Say`` → speakable text → TTS (cached) → playback, interruptible by speech (barge-in)
or a key; ``Listen`` → the state's grammar → "listening" earcon → microphone audio into
the recogniser until the endpoint → :class:`~assistant.voice.hearing.Interpreter` →
dialog event; ``CallAdapter`` → the simulators through the shared
:class:`~assistant.adapters.runner.Executor` (operations waiting for the user are
resolved at once: there is no camera or payment hardware yet); ``Show`` → stdout;
``End`` → "done" earcon.  The dialog's inactivity runs on :class:`Tick` events from a
real clock, sent at least every second while listening and before every event; the time
the kiosk spends speaking is not counted (:meth:`VoiceSession.dialog_time`).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

import numpy as np

from assistant.adapters.devices import Simulation
from assistant.adapters.runner import Executor
from assistant.audio.wav import rms_dbfs
from assistant.dialog import Action, CallAdapter, Dialog, End, Event, Listen, Say, Show, Tick
from assistant.dialog.events import (
    CardInserted,
    CardRemoved,
    DeviceResult,
    Key,
    NoMatch,
    Silence,
    UserText,
)
from assistant.errors import AdapterError, AudioDeviceError, KioskError
from assistant.speech.asr import Partial, Recognizer, Result
from assistant.staff.misunderstood import Before, MisunderstandingLog, before, facts_after, guesser
from assistant.store import Store
from assistant.voice.endpoint import CLOSED_KINDS, EarlyFinal, closed_phrases
from assistant.voice.hearing import Heard, Interpreter
from assistant.voice.io import KeyReader, Speaker
from assistant.voice.mic import Microphone
from assistant.voice.output import Sound
from assistant.voice.phrases import Expectation, GrammarCompiler

log = logging.getLogger(__name__)


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class VoiceConfig:
    """Runtime settings (environment: ``KIOSK_HALF_DUPLEX``, ``KIOSK_LISTEN_S``,
    ``KIOSK_BARGE_IN_DB``)."""

    half_duplex: bool = False
    """Mute the microphone while the kiosk speaks (no barge-in; for kiosks whose
    microphone hears the speaker)."""
    listen_s: float = 8.0
    """No speech for this long after the earcon → ``Silence`` (no-input)."""
    max_utterance_s: float = 15.0
    """Cut off a never-ending utterance after this long."""
    barge_in_db: float | None = None
    """Also barge in on raw loudness above this (dBFS) for :attr:`barge_in_s`; None:
    only on recognised words (a partial result), which the kiosk's own echo rarely makes."""
    barge_in_s: float = 0.3
    tick_s: float = 1.0
    early_final_s: float = 0.25
    """A closed answer (yes/no, a named option) whose partial is exactly one expected
    phrase is final after this much quiet audio (:mod:`assistant.voice.endpoint`); 0 turns
    it off and every utterance waits for the model's endpoint."""

    @classmethod
    def from_env(cls) -> VoiceConfig:
        db = os.environ.get("KIOSK_BARGE_IN_DB", "").strip()
        early = os.environ.get("KIOSK_EARLY_FINAL_S", "").strip()
        return cls(half_duplex=_env_flag("KIOSK_HALF_DUPLEX"),
                   listen_s=float(os.environ.get("KIOSK_LISTEN_S", "") or 8.0),
                   barge_in_db=float(db) if db else None,
                   early_final_s=float(early) if early else 0.25)


class SessionObserver(Protocol):
    """Watches a session as it happens (the kiosk screen, :class:`assistant.screen.VoiceFeed`)
    and may hand it key presses (touches)."""

    def begin(self, dialog: Dialog) -> None: ...
    def saying(self, say: Say, ahead: Listen | None) -> None: ...
    def heard(self, text: str) -> None: ...
    def action(self, action: Action) -> None: ...
    def key(self) -> str | None: ...


@dataclass
class Trace:
    """What happened, with ``time.monotonic()`` stamps (tests, bench, staff logs)."""

    heard: list[Heard] = field(default_factory=list)
    said: list[tuple[str, float, float, bool]] = field(default_factory=list)
    """(text, playback start, end of playing or of the cut, interrupted)."""
    finals: list[float] = field(default_factory=list)
    """When each utterance's endpoint was detected."""
    replies: list[float] = field(default_factory=list)
    """When playback of the first prompt after each utterance started."""
    early: int = 0
    """Utterances finalised early (a closed answer, :mod:`assistant.voice.endpoint`)."""
    outcome: str | None = None


class VoiceSession:
    """Runs one dialog session by voice and keys; :meth:`run` returns when it ends."""

    default_observer: ClassVar[SessionObserver | None] = None
    """Observer of sessions created without one (``kiosk run --screen`` sets it)."""

    def __init__(self, dialog: Dialog, sim: Simulation, *, recognizer: Recognizer,
                 compiler: GrammarCompiler, interpreter: Interpreter, speaker: Speaker,
                 mic: Microphone, keys: KeyReader | None = None,
                 config: VoiceConfig | None = None, store: Store | None = None,
                 clock: Callable[[], float] = time.monotonic, preroll: bytes = b"",
                 observer: SessionObserver | None = None) -> None:
        self.dialog, self.sim, self.store = dialog, sim, store
        self.observer = observer if observer is not None else VoiceSession.default_observer
        self.executor = Executor(sim.devices, store, dialog.session_id)
        self.turn = 0
        self._last_heard: Heard | None = None
        self._secrets: set[str] = set()
        self.misunderstood = (None if store is None else MisunderstandingLog(
            store, dialog.session_id, guesser(dialog.nlu), self._secrets))
        """The session's misunderstanding queue (with a store)."""
        self.rec, self.compiler, self.interpreter = recognizer, compiler, interpreter
        self.speaker, self.mic, self.keys = speaker, mic, keys
        self.config = config or VoiceConfig.from_env()
        self.clock = clock
        self.t0 = clock()
        self.trace = Trace()
        self._await_reply = False
        self._early: Result | None = None
        self._early_partial = False
        self.preroll = preroll
        """Audio of the speech that woke the kiosk (:func:`assistant.voice.wake.wait_for_user`),
        recognised first so that a request said to an idle kiosk is heard whole."""
        self._speaking_s = 0.0
        self._waiting: Listen | None = None
        self.speaking = threading.Event()
        """Set while a prompt plays."""
        self.listening = threading.Event()
        """Set while waiting for an answer (after the earcon)."""
        self.stop = threading.Event()
        """Set from another thread to end :meth:`run` at the next listening step."""

    # ------------------------------------------------------------------ main loop
    def run(self) -> str | None:
        """Greet, then serve until the dialog ends; returns the outcome."""
        self._tick()
        if self.observer is not None:
            self.observer.begin(self.dialog)
        actions = self.dialog.start()
        if self.store is not None:
            self.store.open_session(self.dialog.session_id)
        while True:
            try:
                event = self._perform(actions)
            except _Stopped:
                if self.observer is not None and not self.dialog.done:
                    self.observer.action(End("cancelled", self.dialog.flow))  # clear the screen
                break
            if event is None or self.dialog.done:
                break
            actions = self._tick()
            if not self.dialog.done:
                was = before(self.dialog)
                actions += self.dialog.handle(event)
                self._record(event, actions, was)
        self._sound("done")
        self.speaker.end_session()  # no citizen's words stay in the TTS cache
        self.trace.outcome = self.dialog.outcome
        if self.misunderstood is not None:
            self.misunderstood.close(self.dialog.outcome or "stopped")
        if self.store is not None:
            self.store.end_session(self.dialog.session_id, self.dialog.outcome or "stopped",
                                   self.dialog.flow, where=self.dialog.ended_where)
        return self.dialog.outcome

    def _record(self, event: Event, actions: list[Action], was: Before | None = None) -> None:
        """One turn into the store, masked (as ``kiosk chat`` records them); with ``was``
        (the dialog before the event) into the misunderstanding queue too."""
        heard, self._last_heard = self._last_heard, None
        if self.store is None:
            return
        self.turn += 1
        if isinstance(event, CardInserted) and event.card is not None:
            self._secrets.update({event.card.name, event.card.number})
        line = heard.text if heard is not None else _describe(event)
        sid, d = self.dialog.session_id, self.dialog
        say = "".join(a.text for a in actions if isinstance(a, Say))
        self.store.log_turn(sid, self.turn, heard=line, intent=d.heard_intent, state=d.state,
                            say=say, known=self._secrets)
        if heard is not None and (not heard.understood or d.not_understood):
            self.store.log_unrecognised(heard.text, state=d.state, flow=d.flow,
                                        known=self._secrets)
        if self.misunderstood is not None and was is not None:
            text = event.text if isinstance(event, UserText) else None
            self.misunderstood.observe(facts_after(d, was, text, isinstance(
                event, UserText | Key)))

    def dialog_time(self) -> float:
        """Seconds since the session started, not counting the kiosk's own speech: the
        dialog's inactivity measures how long the *user* has had to answer."""
        return self.clock() - self.t0 - self._speaking_s

    def _tick(self) -> list[Action]:
        return self.dialog.handle(Tick(self.dialog_time()))

    def _perform(self, actions: list[Action]) -> Event | None:
        """Run actions until the dialog waits; return the event that answers it."""
        queue = list(actions)
        listen: Listen | None = self._waiting  # an event may answer with no new question
        barged: Event | None = None
        while True:
            while queue:
                action = queue.pop(0)
                if self.observer is not None and not isinstance(action, Say):
                    self.observer.action(action)
                if isinstance(action, Say):
                    if barged is None:
                        ahead = next((a for a in queue if isinstance(a, Listen)), listen)
                        barged = self._say(action, ahead)
                elif isinstance(action, Listen):
                    listen = self._waiting = action
                elif isinstance(action, CallAdapter):
                    queue.extend(self._call(action))
                elif isinstance(action, Show):
                    print(f"[屏幕] {action.what}: {action.data}", file=sys.stdout, flush=True)
                elif isinstance(action, End):
                    self.trace.outcome = action.outcome
            if self.dialog.done or listen is None:
                return None
            if barged is not None and not isinstance(barged, _Speech):
                return barged
            answer = self._listen(listen, barged is not None)
            if isinstance(answer, list):  # the clock moved the dialog on
                queue, listen, barged = answer, self._waiting, None
                continue
            return answer

    def _call(self, action: CallAdapter) -> list[Action]:
        result = self.executor.run(action)
        if result is None:  # waits for the user: simulated at once (no hardware yet)
            result = self.executor.resolve(next(iter(self.executor.pending)))
        if result is None or self.dialog.done:
            return []
        return self.dialog.handle(result)

    # ------------------------------------------------------------------ speaking
    def _say(self, say: Say, ahead: Listen | None) -> Event | None:
        """Speak; return an event if the user interrupted (speech or key)."""
        began = self.clock()
        try:
            return self._speak(say, ahead)
        finally:
            self._speaking_s += self.clock() - began

    def _speak(self, say: Say, ahead: Listen | None) -> Event | None:
        print(f"机：{say.text}", flush=True)  # the screen (large type) shows every prompt
        if self.observer is not None:
            self.observer.saying(say, ahead)
        try:
            wav, gain = self.speaker.render(say)
        except KioskError as exc:
            log.error("cannot synthesise %r: %s", say.text, exc)
            return None
        listening = ahead is not None and not self.config.half_duplex and self.mic.available
        if listening and ahead is not None:
            self._prepare(ahead)
        self.mic.mute(self.config.half_duplex)
        began = self.clock()
        try:
            playback = self.speaker.play(wav, gain)
        except AudioDeviceError as exc:
            log.error("speaker unavailable (%s): the screen shows the prompt", exc)
            self.mic.mute(False)
            return None
        if self._await_reply:
            self.trace.replies.append(self.clock())
            self._await_reply = False
        self.speaking.set()
        try:
            return self._while_playing(playback, listening)
        finally:
            self.speaking.clear()
            self.trace.said.append((say.text, playback.started_at or began, self.clock(),
                                    playback.stopped))
            if self.config.half_duplex:
                self.mic.mute(False)
                self.mic.drain()

    def _while_playing(self, playback: Sound, listening: bool) -> Event | None:
        loud = 0.0
        if listening and (self._early is not None or self._early_partial):
            self._early_partial = False  # the user was already speaking when we woke
            playback.stop()
            log.info("the speech that woke the kiosk goes on: the greeting is skipped")
            return _Speech()
        while not playback.wait(0.0):
            key = self._key()
            if key is not None:
                playback.stop()
                return key
            chunk = self.mic.read(0.05) if listening else None
            if chunk is None:
                if not listening:
                    time.sleep(0.02)
                continue
            got = self.rec.accept(chunk)
            level = rms_dbfs(np.frombuffer(chunk, "<i2"))
            db = self.config.barge_in_db
            loud = loud + 0.1 if db is not None and level > db else 0.0
            if isinstance(got, Result) and got.words:
                self._early = got
            if (isinstance(got, Partial) and got.text) or self._early or (
                    loud >= self.config.barge_in_s):
                playback.stop()
                log.info("barge-in after %.2f s of the prompt", playback.played)
                return _Speech()
        return None

    def _prepare(self, listen: Listen) -> None:
        exp = self.compiler.compile(listen, self._prompt_words())
        self._new_utterance(exp.grammar)

    def _new_utterance(self, grammar: list[str] | None) -> None:
        """Start recognising with ``grammar``: from fresh microphone audio — or, once, from
        the speech that woke the kiosk (:attr:`preroll`) and what was said after it, so
        the first words of "我要交罚款" said to an idle kiosk are not lost."""
        self.rec.set_grammar(grammar)
        self._early = None
        if not self.preroll:
            self.mic.drain()
            return
        audio, self.preroll = self.preroll, b""
        got = self.rec.accept(audio)
        if isinstance(got, Result) and got.words:
            self._early = got
        elif isinstance(got, Partial) and got.text:
            self._early_partial = True

    def _prompt_words(self) -> dict[str, tuple[str, ...]]:
        prompt = self.dialog.prompt
        return dict(prompt.words) if prompt is not None else {}

    def _sound(self, name: str) -> None:
        try:
            playback = self.speaker.earcon(name)
        except AudioDeviceError as exc:
            log.error("speaker unavailable: %s", exc)
            return
        if playback is not None:
            playback.wait()

    # ------------------------------------------------------------------ listening
    def _listen(self, listen: Listen, barged: bool) -> Event | list[Action]:
        exp = self.compiler.compile(listen, self._prompt_words())
        if not barged:
            self._sound("listening")
            self._new_utterance(exp.grammar)
        start = last_tick = self.clock()
        spoke_at: float | None = start if barged else None
        self.listening.set()
        try:
            return self._wait_answer(exp, listen, start, last_tick, spoke_at)
        finally:
            self.listening.clear()

    def _wait_answer(self, exp: Expectation, listen: Listen, start: float, last_tick: float,
                     spoke_at: float | None) -> Event | list[Action]:
        closed = listen.kind in CLOSED_KINDS and not exp.slot
        early = EarlyFinal(closed_phrases(exp.lexicon) if closed else frozenset(),
                           quiet_s=self.config.early_final_s)
        while True:
            if self.stop.is_set():
                raise _Stopped
            if self._early is not None:
                result, self._early = self._early, None
                return self._understood(result, exp, listen)
            key = self._key()
            if key is not None:
                return key
            now = self.clock()
            if now - last_tick >= self.config.tick_s:
                last_tick = now
                actions = self._tick()
                if actions:
                    return actions
            chunk = self.mic.read(0.1)
            if chunk is None:
                if not self.mic.available:
                    start = self.clock()  # keys only: no no-input count without a mic
                continue
            got = self.rec.accept(chunk)
            if isinstance(got, Partial):
                if got.text and spoke_at is None:
                    spoke_at = now
                if early.feed(got.text, chunk):
                    self.trace.early += 1
                    return self._understood(self.rec.finish(), exp, listen)
            elif got.words:
                return self._understood(got, exp, listen)
            if spoke_at is None and now - start >= self.config.listen_s:
                return Silence()
            if spoke_at is not None and now - spoke_at >= self.config.max_utterance_s:
                return self._understood(self.rec.finish(), exp, listen)

    def _understood(self, result: Result, exp: Expectation, listen: Listen) -> Event:
        self.trace.finals.append(self.clock())
        heard = self.interpreter.interpret(result, exp, listen)
        self.trace.heard.append(heard)
        self._last_heard = heard
        log.info("heard %r (conf %.2f) → %s", heard.text, heard.confidence, heard.event)
        print(f"听到：{heard.text or '（未听清）'}", flush=True)
        if self.observer is not None:
            self.observer.heard(heard.text)
        self._await_reply = True
        return heard.event

    def _key(self) -> Event | None:
        event = self._read_key()
        if event is not None and self.observer is not None:
            self.observer.heard(_describe(event))
        return event

    def _read_key(self) -> Event | None:
        touched = self.observer.key() if self.observer is not None else None
        if touched is not None:
            return Key(touched)
        if self.keys is None:
            return None
        while (item := self.keys.get()) is not None:
            kind, value = item
            if kind == "key":
                return Key(value)
            if kind == "event":
                event = self._device_line(value)
                if event is not None:
                    return event
        return None

    def _device_line(self, line: str) -> Event | None:
        """``<card:NAME>`` / ``<card-removed>`` typed in the terminal (simulated reader);
        ``<staff:arrived>`` when the staff member called for the user is there."""
        if line == "<staff:arrived>":
            return DeviceResult("staff", "ok", "arrived")
        if line == "<card-removed>":
            self.sim.card.remove()
            return CardRemoved()
        if line.startswith("<card:"):
            self.sim.card.insert(line[6:-1].strip())
            try:
                return CardInserted(self.sim.card.read())
            except AdapterError:
                return CardInserted(None)
        return None


def _describe(event: Event) -> str:
    """A non-speech event the way ``kiosk chat`` scripts write it."""
    if isinstance(event, Key):
        return f"<key:{event.key}>"
    if isinstance(event, CardInserted):
        return "<card>"
    if isinstance(event, CardRemoved):
        return "<card-removed>"
    if isinstance(event, NoMatch):
        return "<nomatch>"
    return "<silence>" if isinstance(event, Silence) else f"<{type(event).__name__}>"


class _Speech(Silence):
    """Marker: the user started speaking during a prompt (listen without the earcon)."""


class _Stopped(Exception):
    """:attr:`VoiceSession.stop` was set."""
