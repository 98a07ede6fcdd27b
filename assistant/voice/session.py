"""One kiosk session by voice: run the dialog's actions on the microphone and speaker.

``Say`` → speakable text → TTS (cached) → playback, interruptible by speech (barge-in)
or a key; ``Listen`` → the state's grammar → "listening" earcon → microphone audio into
the recogniser until the endpoint → :class:`~assistant.voice.hearing.Interpreter` →
dialog event; ``CallAdapter`` → the simulators through the session core shared with
``kiosk chat`` (:class:`~assistant.session.core.SessionCore`: executor, recording, masking;
operations waiting for the user are resolved at once: there is no camera or payment
hardware yet); ``Show`` → stdout;
``End`` → "done" earcon.  The dialog's inactivity runs on :class:`Tick` events from a
real clock, sent at least every second while listening and before every event; the time
the kiosk spends speaking is not counted (:meth:`VoiceSession.dialog_time`).

What is printed and logged is masked like the store's records: "听到：…" (what the citizen
said) and "机：…" (a prompt may read back an ID number or the card holder's name).
"""

from __future__ import annotations

import copy
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from assistant.adapters.devices import Simulation
from assistant.audio.wav import rms_dbfs
from assistant.dialog import Action, CallAdapter, Dialog, End, Event, Listen, Say, Show, Tick
from assistant.dialog.events import (
    Key,
    Silence,
    UserText,
)
from assistant.errors import AudioDeviceError, KioskError
from assistant.nlu.types import Decision
from assistant.session import script
from assistant.session.core import SessionCore
from assistant.session.observers import SessionObserver
from assistant.speech.asr import Partial, Recognizer, Result, Word
from assistant.speech.grammar import join_words
from assistant.staff.misunderstood import Before
from assistant.store import Store
from assistant.voice.endpoint import (
    CLOSED_KINDS,
    EarlyFinal,
    OpenEndpoint,
    closed_phrases,
    level_dbfs,
)
from assistant.voice.hearing import Heard, Interpreter, is_chinese
from assistant.voice.io import KeyReader, Speaker
from assistant.voice.mic import Microphone
from assistant.voice.output import Sound
from assistant.voice.phrases import FILLER, Expectation, GrammarCompiler

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
    request_final_s: float = 0.3
    """Open speech: a partial the intent matcher accepts with :attr:`request_confidence`
    is final after this much quiet audio (:class:`~assistant.voice.endpoint.OpenEndpoint`);
    0: wait for the model's endpoint."""
    request_confidence: float = 0.9
    """Matcher score from which a partial counts as a complete request."""
    hesitation_s: float = 1.5
    """After the model ended an unfinished clause ("那个……"), listen this much longer for
    the rest; 0: never hold."""
    speculate: bool = True
    """Prepare (synthesise, not speak) the reply to a stable partial while the endpoint
    is still running; used when the final result means the same, discarded otherwise."""

    @classmethod
    def from_env(cls) -> VoiceConfig:
        db = os.environ.get("KIOSK_BARGE_IN_DB", "").strip()

        def seconds(name: str, default: float) -> float:
            value = os.environ.get(name, "").strip()
            return float(value) if value else default

        return cls(half_duplex=_env_flag("KIOSK_HALF_DUPLEX"),
                   listen_s=float(os.environ.get("KIOSK_LISTEN_S", "") or 8.0),
                   barge_in_db=float(db) if db else None,
                   early_final_s=seconds("KIOSK_EARLY_FINAL_S", 0.25),
                   request_final_s=seconds("KIOSK_REQUEST_FINAL_S", 0.3),
                   hesitation_s=seconds("KIOSK_HESITATION_S", 1.5),
                   speculate=os.environ.get("KIOSK_SPECULATE", "1").strip() != "0")


@dataclass
class Trace:
    """What happened, with ``time.monotonic()`` stamps (tests, bench, staff logs)."""

    heard: list[Heard] = field(default_factory=list)
    said: list[tuple[str, float, float, bool]] = field(default_factory=list)
    """(text, playback start, end of playing or of the cut, interrupted)."""
    finals: list[float] = field(default_factory=list)
    """When each utterance's final result was in hand."""
    decided: list[float] = field(default_factory=list)
    """When each utterance was decided to be over (before the recogniser's final result
    when it was ended early; the same as :attr:`finals` at the model's endpoint)."""
    synthesis: list[tuple[float, float]] = field(default_factory=list)
    """(start, end) of rendering the first prompt after each utterance."""
    replies: list[float] = field(default_factory=list)
    """When playback of the first prompt after each utterance started."""
    early: int = 0
    """Utterances finalised early (a closed answer, :mod:`assistant.voice.endpoint`)."""
    requests: int = 0
    """Open utterances finalised early as complete requests."""
    held: int = 0
    """Endpoints of the model ignored after an unfinished clause ("那个……")."""
    speech_ends: list[float] = field(default_factory=list)
    """When the last chunk with speech of each utterance was read (loud audio)."""
    speculated: list[str] = field(default_factory=list)
    """Reply texts prepared from a partial (:class:`Speculation`), used or not."""
    speculation_used: int = 0
    speculation_discarded: int = 0
    outcome: str | None = None


HOLD_BACKSTOP = 3.0
"""The hold after "那个……" is counted in audio read; when no audio comes at all it still ends
after this many times the hesitation wait of wall-clock time."""

SHARED = ("texts", "flows", "nlu", "config", "intents", "guide_answers", "keypad", "words",
          "machine")
"""Dialog attributes a speculative copy shares with the dialog (read-only, heavy)."""


def speculative_copy(dialog: Dialog) -> Dialog:
    """A copy of ``dialog`` to try an event on without changing the session (~15 ms)."""
    memo: dict[int, Any] = {}
    for name in SHARED:
        value = getattr(dialog, name, None)
        if value is not None:
            memo[id(value)] = value
    return copy.deepcopy(dialog, memo)


@dataclass
class Speculation:
    """The reply to a stable partial, prepared while the endpoint still runs."""

    words: tuple[str, ...]
    """The partial's words it was made from."""
    event: Event
    """What the partial means (as :class:`~assistant.voice.hearing.Interpreter` says)."""
    say: Say | None
    """The first prompt the dialog would answer with (None: none, or not understood)."""
    thread: threading.Thread | None = None
    """Synthesising :attr:`say` into the TTS cache."""

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()


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
        self.core = SessionCore(dialog, sim, store)
        """Devices, executor, masking and recording (the same as ``kiosk chat``'s)."""
        self.executor = self.core.executor
        self.turn = 0
        self._last_heard: Heard | None = None
        self._secrets = self.core.secrets
        self.misunderstood = self.core.misunderstood
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
        self._spec: Speculation | None = None
        self._spec_threads: list[threading.Thread] = []
        self.preroll = preroll
        """Audio of the speech that woke the kiosk (:func:`assistant.voice.wake.wait_for_user`),
        recognised first so that a request said to an idle kiosk is heard whole."""
        self._speaking_s = 0.0
        self._speech_end = 0.0
        self._decided = 0.0
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
                taken = self.core.before(event)
                actions += self.dialog.handle(event)
                self._record(event, actions, taken[0])
        self._sound("done")
        for thread in self._spec_threads:  # a speculative synthesis still running
            thread.join()
        self.speaker.end_session()  # no citizen's words stay in the TTS cache
        self.trace.outcome = self.dialog.outcome
        self.core.end(self.dialog.outcome or "stopped", self.dialog.flow,
                      where=self.dialog.ended_where)
        return self.dialog.outcome

    def _record(self, event: Event, actions: list[Action], was: Before | None = None) -> None:
        """One turn into the store, masked (as ``kiosk chat`` records them); with ``was``
        (the dialog before the event) into the misunderstanding queue too."""
        heard, self._last_heard = self._last_heard, None
        if self.store is None:
            return
        self.turn += 1
        line = heard.text if heard is not None else script.event_line(event)
        core, d = self.core, self.dialog
        say = "".join(a.text for a in actions if isinstance(a, Say))
        core.log_turn(self.turn, heard=line, intent=d.heard_intent, state=d.state, say=say)
        if heard is not None and (not heard.understood or d.not_understood):
            core.log_unrecognised(heard.text, state=d.state, flow=d.flow)
        if was is not None:
            text = event.text if isinstance(event, UserText) else None
            core.observe((was, text, isinstance(event, UserText | Key)))

    def _masked(self, text: str, *, speech: bool = False) -> str:
        """``text`` fit for the terminal and the log: the card's name and number, long
        numbers and plates masked (as the store records turns, :func:`assistant.store.mask`);
        with ``speech`` (what the citizen said) names and addresses too."""
        return self.core.mask(text, speech=speech)

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
                    print(self._masked(f"[屏幕] {action.what}: {action.data}"),
                          file=sys.stdout, flush=True)
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
        result = self.core.call(action)
        if result is None:  # waits for the user: simulated at once (no hardware yet)
            result = self.core.resolve(next(iter(self.executor.pending)))
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
        # the terminal shows every prompt, masked like the screen (a read-back ID number)
        print(f"机：{self._masked(say.text)}", flush=True)
        if self.observer is not None:
            self.observer.saying(say, ahead)
        rendering = self.clock()
        try:
            wav, gain = self.speaker.render(say)
        except KioskError as exc:
            log.error("cannot synthesise %r: %s", self._masked(say.text), exc)
            return None
        if self._await_reply:
            self.trace.synthesis.append((rendering, self.clock()))
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
        adaptive = OpenEndpoint(self._completer(exp),
                                fillers=exp.fillers | frozenset(self.compiler.book.fillers),
                                request_s=0.0 if closed or exp.slot else
                                self.config.request_final_s,
                                hold_s=0.0 if exp.slot else self.config.hesitation_s)
        held: Result | None = None  # an unfinished clause the model's endpoint ended
        hold_until = 0.0  # wall clock: a backstop when no audio comes
        heard_s = 0.0  # seconds of audio fed to the recogniser in this turn
        hold_until_audio = 0.0  # the hold ends after this much audio, however late it is read
        last_partial = ""
        self._spec = None
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
            if held is not None and (heard_s >= hold_until_audio or now >= hold_until):
                return self._understood(held, exp, listen)  # nothing followed "那个……"
            chunk = self.mic.read(0.05)
            if chunk is None:
                if not self.mic.available:
                    start = self.clock()  # keys only: no no-input count without a mic
                continue
            heard_s += len(chunk) / 2 / adaptive.sample_rate
            got = self.rec.accept(chunk)
            quiet = level_dbfs(chunk) < adaptive.quiet_dbfs
            if not quiet:
                self._speech_end = self.clock()
            if isinstance(got, Partial):
                if got.text and spoke_at is None:
                    spoke_at = now
                if got.text and held is not None:  # the speech goes on
                    hold_until = now + HOLD_BACKSTOP * self.config.hesitation_s
                    hold_until_audio = heard_s + self.config.hesitation_s
                words = (*self._words(held), *got.words)
                text = join_words(words)
                said = join_words(w for w in got.words if w not in exp.fillers)
                if early.feed(said, chunk) or adaptive.feed(text, chunk):
                    if adaptive.is_complete(text) and not closed:
                        self.trace.requests += 1
                    else:
                        self.trace.early += 1
                    self._decided = self.clock()
                    result = self.rec.finish()
                    return self._understood(self._join(held, result), exp, listen)
                if got.text and got.text == last_partial and quiet:
                    self._speculate(words, exp, listen)
                last_partial = got.text
            elif got.words:
                result = self._join(held, got)
                last_partial = ""
                if adaptive.hold(result.text) and exp.lexicon.get(
                        " ".join(self._words(result))) in (None, FILLER):
                    held = result
                    # counted in audio, not wall-clock time: on a busy machine the audio
                    # after the pause may still be waiting to be read when the clock says
                    # the pause is over (a test heard only "어" of "저기…… 주민등록증")
                    hold_until_audio = heard_s + self.config.hesitation_s
                    hold_until = now + HOLD_BACKSTOP * self.config.hesitation_s
                    self.trace.held += 1
                    continue
                return self._understood(result, exp, listen)
            if spoke_at is None and now - start >= self.config.listen_s:
                return Silence()
            if spoke_at is not None and now - spoke_at >= self.config.max_utterance_s:
                return self._understood(self._join(held, self.rec.finish()), exp, listen)

    def _join(self, held: Result | None, result: Result) -> Result:
        return result if held is None else self.rec.join(held, result)

    def _words(self, result: Result | None) -> tuple[str, ...]:
        if result is None:
            return ()
        unk = set(self.rec.unk_tokens)
        return tuple(w.word for w in result.words if w.word not in unk)

    def _completer(self, exp: Expectation) -> Callable[[str], bool]:
        """Text → a whole request the matcher accepts with high confidence (here)."""
        nlu = self.interpreter.nlu
        threshold = self.config.request_confidence

        def complete(text: str) -> bool:
            if nlu is None:
                return False
            said = text.replace(" ", "") if is_chinese(text) else text
            match = nlu.understand(said, allowed=exp.allowed)
            return (match.decision == Decision.ACCEPT and match.intent in exp.allowed
                    and match.score >= threshold)

        return complete

    # ------------------------------------------------------------------ speculation
    def _speculate(self, words: tuple[str, ...], exp: Expectation, listen: Listen) -> None:
        """Prepare the reply to the stable partial ``words`` (see :class:`Speculation`): its
        meaning here, then — in a background thread, off the listening loop — the dialog
        tried on a copy and the first prompt synthesised into the cache."""
        if not self.config.speculate or not words or (
                self._spec is not None and self._spec.words == words):
            return
        partial = Result(join_words(words), 1.0, tuple(Word(w, 1.0, 0.0, 0.0) for w in words))
        heard = self.interpreter.interpret(partial, exp, listen)
        spec = Speculation(words, heard.event, None)
        self._spec = spec
        if not heard.understood:
            return
        spec.thread = threading.Thread(target=self._prepare_reply,
                                       args=(spec, self.dialog_time()),
                                       name="kiosk-speculate", daemon=True)
        self._spec_threads = [t for t in self._spec_threads if t.is_alive()]
        self._spec_threads.append(spec.thread)
        spec.thread.start()

    def _prepare_reply(self, spec: Speculation, now: float) -> None:
        """The speculation's thread: never touches the session's dialog (a copy) and never
        plays anything; whatever goes wrong only means no speculation."""
        try:
            trial = speculative_copy(self.dialog)
            trial.handle(Tick(now))
            actions = trial.handle(spec.event)
            spec.say = next((a for a in actions if isinstance(a, Say)), None)
            if spec.say is None or self.speaker.is_cached(spec.say):
                return
            self.trace.speculated.append(spec.say.text)
            self.speaker.prepare(spec.say)
        except Exception:  # a speculation must never hurt the session
            log.debug("speculation on %r failed", self._masked(" ".join(spec.words), speech=True),
                      exc_info=True)

    def _settle_speculation(self, heard: Heard) -> None:
        """The final is in: use the prepared reply if it means the same, else drop it
        (it was only synthesised, never played)."""
        spec, self._spec = self._spec, None
        if spec is None or spec.thread is None:
            return
        if spec.event == heard.event:
            spec.wait()  # its synthesis is the reply's: let it finish rather than redo it
            if spec.say is not None:
                self.trace.speculation_used += 1
        else:
            self.trace.speculation_discarded += 1

    def _understood(self, result: Result, exp: Expectation, listen: Listen) -> Event:
        now = self.clock()
        self.trace.finals.append(now)
        self.trace.decided.append(self._decided or now)
        self._decided = 0.0
        self.trace.speech_ends.append(self._speech_end)
        heard = self.interpreter.interpret(result, exp, listen)
        self._settle_speculation(heard)
        self.trace.heard.append(heard)
        self._last_heard = heard
        said = self._masked(heard.text, speech=True)  # what a citizen said: never in clear
        log.info("heard %r (conf %.2f) → %s", said, heard.confidence,
                 self._masked(script.event_line(heard.event), speech=True))
        print(f"听到：{said or '（未听清）'}", flush=True)
        if self.observer is not None:
            self.observer.heard(heard.text)
        self._await_reply = True
        return heard.event

    def _key(self) -> Event | None:
        event = self._read_key()
        if event is not None and self.observer is not None:
            self.observer.heard(script.event_line(event))
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
        ``<staff:arrived>`` when the staff member called for the user is there.  (Other
        devices answer at once: :meth:`_call`.)"""
        item = script.parse(line)
        if isinstance(item, script.CardLine | script.CardRemovedLine | script.StaffLine):
            return self.core.device_event(item)
        return None


class _Speech(Silence):
    """Marker: the user started speaking during a prompt (listen without the earcon)."""


class _Stopped(Exception):
    """:attr:`VoiceSession.stop` was set."""
