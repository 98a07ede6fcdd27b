"""The voice runtime behind ``kiosk run`` (microphone, recogniser, dialog, speaker).

``run(args)`` is called by :mod:`assistant.run` when a speech model and a microphone
exist.  It loads the model, the intent matcher and the flow texts once, keeps the
microphone open, and serves one session after another: greet, listen and answer until
the dialog ends, then wait for the next user (a key, or speech).  See docs/speech.md,
"Voice runtime".
"""

from __future__ import annotations

import argparse
import logging
import os
import string
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from assistant.errors import KioskError

if TYPE_CHECKING:
    from assistant.adapters.clock import SimClock
    from assistant.dialog import Dialog, DialogConfig
    from assistant.dialog.core import GuideAnswerer
    from assistant.dialog.texts import FlowTexts
    from assistant.idle import IdleAnnouncer
    from assistant.nlu.types import Understander
    from assistant.speech.asr import Recognizer
    from assistant.store import Store
    from assistant.voice.io import KeyReader, Speaker
    from assistant.voice.mic import Microphone
    from assistant.voice.phrases import GrammarCompiler, PhraseBook
    from assistant.voice.session import VoiceConfig, VoiceSession

__all__ = ["Runtime", "build_runtime", "fixed_prompts", "open_store", "run"]

log = logging.getLogger(__name__)

PRERENDER_ENV = "KIOSK_PRERENDER"
"""``KIOSK_PRERENDER=0`` skips synthesising the fixed prompts at start (tests)."""


@dataclass
class Runtime:
    """Everything loaded once per ``kiosk run`` and shared by the sessions."""

    model: object
    """The speech model (:func:`assistant.speech.models.load_model`)."""
    nlu: Understander | None
    """The intent matcher (or the phrase matcher of a test language)."""
    texts: FlowTexts
    book: PhraseBook
    compiler: GrammarCompiler
    recognizer: Recognizer
    speaker: Speaker
    mic: Microphone
    keys: KeyReader | None
    """The keypad (the terminal); None: none, or stdin closed."""
    config: VoiceConfig
    today: date
    store: Store | None = None
    """Where sessions, turns (masked) and unrecognised speech are recorded (None: nowhere)."""
    count: int = 0
    prerendered: int | None = None
    """Prompts synthesised by :meth:`prerender` (None: not run)."""
    prerender_s: float = 0.0
    """How long :meth:`prerender` took."""
    idle: IdleAnnouncer | None = None
    """The announcer of the time between sessions (None: no announcements)."""
    guide_answers: GuideAnswerer | None = None
    """Spoken answers from the guide catalogue (:class:`assistant.guides.finder.
    GuideAnswers`), shared by the sessions."""
    sim_db: Path | None = None
    """Where the simulated devices keep their state between sessions and restarts (so a
    payment cut off by a crash can be settled at the next start); None: in memory."""
    done: tuple[str, float] | None = None
    """The service the last session completed and when it ended — nothing of the person —
    which the next may ask about (:func:`assistant.session.core.follow_on`)."""
    wake_audio: bytes = b""
    """Speech that woke the kiosk (:func:`~assistant.voice.wake.wait_for_user`); the next
    session recognises it first, then forgets it."""
    site_devices: frozenset[str] | None = None
    """Terminals at this site (``kiosk run --site-devices``: a convenience site without
    some); None: all."""

    def prerender(self) -> int:
        """Synthesise every user-independent prompt (:func:`fixed_prompts`) into the TTS
        cache, so that the first reply never waits for synthesis; returns how many were
        not cached yet."""
        began = time.monotonic()
        texts = fixed_prompts(self.texts, self.today)
        self.prerendered = self.speaker.prerender(texts)
        self.prerender_s = time.monotonic() - began
        log.info("pre-rendered %d of %d fixed prompts in %.1f s (the rest were cached)",
                 self.prerendered, len(texts), self.prerender_s)
        return self.prerendered

    def session(self, dialog_config: DialogConfig | None = None, *,
                clock: SimClock | None = None) -> VoiceSession:
        """The next person's :class:`~assistant.voice.session.VoiceSession` over new
        simulators: staff files edited meanwhile are taken up first
        (:func:`assistant.session.core.refresh_staff_files`), then the dialog is built as
        for ``kiosk chat`` (:func:`assistant.session.core.build_dialog`; ``dialog_config``
        default: this kiosk with :attr:`site_devices`).

        ``clock``: a :class:`~assistant.adapters.clock.SimClock` shared by the simulators
        and the session (simulated time, ``kiosk bench soak``); default: the real clock.
        """
        from assistant.adapters.devices import simulate
        from assistant.session.core import (
            build_dialog,
            follow_on,
            kiosk_config,
            refresh_staff_files,
        )
        from assistant.store import new_session_id
        from assistant.voice.hearing import Interpreter
        from assistant.voice.session import VoiceSession

        self.count += 1
        refresh_staff_files(self.nlu)
        dialog = build_dialog(
            self.texts, nlu=self.nlu, today=self.today, session_id=new_session_id("voice"),
            config=dialog_config or kiosk_config(self.site_devices),
            guide_answers=self.guide_answers)
        preroll, self.wake_audio = self.wake_audio, b""
        now = time.monotonic if clock is None else _reader(clock)
        follow_on(self.done, dialog, now())
        self.done = None
        return VoiceSession(dialog, simulate(self.today, self.sim_db, clock=clock),
                            recognizer=self.recognizer, compiler=self.compiler,
                            interpreter=Interpreter(self.nlu), speaker=self.speaker,
                            mic=self.mic, keys=self.keys, config=self.config, store=self.store,
                            preroll=preroll, clock=now)

    def close(self) -> None:
        self.mic.close()
        self.speaker.close()


def _reader(clock: SimClock) -> Callable[[], float]:
    """A function reading ``clock`` (the session's clock in simulated time)."""
    return lambda: clock.now


def build_runtime(model_dir: Path | None = None, *, phrases: Path | None = None,
                  nlu: Understander | None = None, keys: TextIO | None = None,
                  flows: Path | None = None, today: date | None = None,
                  config: VoiceConfig | None = None, mic: Microphone | None = None,
                  speaker: Speaker | None = None, prerender: bool | None = None) -> Runtime:
    """Load the model, matcher, texts and devices, then pre-render the fixed prompts.

    ``phrases``: a phrase file (``{intent: [phrase, ...]}``) used instead of the intent
    examples, with an exact-phrase matcher (e.g. the Korean test language); ``nlu``: the
    understander (default: ``load_nlu(guides=CatalogueGuides())``, or the phrase matcher with
    ``phrases``).
    ``mic``/``speaker``: devices to use instead of opening the default ones (simulated
    devices of ``kiosk bench soak``).  ``prerender``: synthesise the user-independent
    prompts into the TTS cache now (:meth:`Runtime.prerender`); default: yes unless
    ``KIOSK_PRERENDER=0``.
    """
    from assistant.dialog import load_kiosk_texts
    from assistant.session.core import intents_of
    from assistant.speech.asr import Recognizer
    from assistant.speech.models import load_model
    from assistant.voice.hearing import PhraseMatcher
    from assistant.voice.io import KeyReader, Speaker
    from assistant.voice.mic import Microphone
    from assistant.voice.phrases import GrammarCompiler, PhraseBook, listen_words
    from assistant.voice.session import VoiceConfig

    model = load_model(model_dir)
    texts = load_kiosk_texts(flows)
    if phrases is not None:
        book = PhraseBook.from_yaml(phrases)
        nlu = nlu or PhraseMatcher(book)
    else:
        if nlu is None:
            from assistant.guides.finder import CatalogueGuides
            from assistant.nlu import load_nlu

            nlu = load_nlu(guides=CatalogueGuides())
        book = PhraseBook.from_intents(intents_of(nlu),
                                       {**texts.words, **listen_words(texts.listen_for)})
    if mic is None:
        mic = Microphone().start()
        mic.first_open.wait(8.0)
    if not mic.available:
        log.warning("microphone not delivering audio yet: starting with keys only")
    runtime = Runtime(model, nlu, texts, book, GrammarCompiler(model, book),
                      Recognizer(model), speaker or Speaker(), mic,
                      KeyReader(keys).start() if keys is not None else None,
                      config or VoiceConfig.from_env(), today or date.today())
    from assistant.guides.finder import GuideAnswers

    runtime.guide_answers = GuideAnswers()
    if prerender is None:
        prerender = os.environ.get(PRERENDER_ENV, "").strip() != "0"
    if prerender:
        runtime.prerender()
    return runtime


def _fixed(text: str, keys: dict[str, str]) -> str | None:
    """``text`` as spoken when its only placeholders are the keypad's ``{key_…}`` (filled
    from ``keys``; ``{{`` → ``{``), else None."""
    try:
        if any(name is not None and name not in keys
               for _, name, _, _ in string.Formatter().parse(text)):
            return None
        return text.format(**keys)
    except (ValueError, IndexError, KeyError):
        return None


def fixed_prompts(texts: FlowTexts, today: date | None = None) -> list[str]:
    """The prompts that do not depend on the user, in the order to synthesise them: every
    text of ``intents/flows/*.yaml`` without placeholders (universal-command replies, the
    yes/no key hints, "您还在吗？", …), the sub-menus, then the greeting and the menu as
    the dialog says them (options filled in) last, so they are the freshest in the
    in-memory cache."""
    from assistant.dialog import Key, Listen, Say, new_dialog

    def fresh() -> Dialog:
        return new_dialog(texts, nlu=None, today=today or date.today(), session_id="prerender")

    keys = fresh().keypad.text_fields()
    out: list[str] = []
    for text_file in [*texts.flows.values(), texts.common]:
        out.extend(t for t in (_fixed(x, keys) for x in text_file.texts.values()) if t)

    start = fresh().start()
    listen = next((a for a in start if isinstance(a, Listen)), None)
    submenus = {g.id for g in texts.menu if g.items}
    for key, meaning in (listen.keys.items() if listen is not None else ()):
        if meaning in submenus:
            dialog = fresh()
            dialog.start()
            out.extend(a.text for a in dialog.handle(Key(key)) if isinstance(a, Say))
    out.extend(a.text for a in start if isinstance(a, Say))
    last = {text: i for i, text in enumerate(out)}  # keep each text at its last place
    return [text for i, text in enumerate(out) if last[text] == i]


def run(args: argparse.Namespace) -> int:
    """``kiosk run`` in voice mode: serve sessions until Ctrl-C (or stdin closes)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        runtime = build_runtime(getattr(args, "model", None), keys=sys.stdin)
        runtime.site_devices = getattr(args, "site_devices", None)
        if not getattr(args, "no_store", False):
            runtime.store, runtime.sim_db = open_store(runtime.today)
        from assistant.idle import load_announcer
        from assistant.warmup import warm_up

        runtime.idle = load_announcer()
        import gc

        gc.freeze()  # the model, matcher and texts stay: the collector scans only new objects
        warm_up(runtime.nlu, runtime.guide_answers)
    except KioskError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    from assistant.session.core import done_of
    from assistant.voice.wake import wait_for_user

    try:
        while True:
            session = runtime.session()
            outcome = session.run()
            runtime.done = done_of(session.dialog)
            del session  # nothing of this person is kept for the next
            log.info("session ended: %s", outcome)
            if getattr(args, "once", False) or not wait_for_user(runtime):
                return 0
    except KeyboardInterrupt:
        return 0
    finally:
        runtime.close()


RUN_SIM_DB = "run-sim.db"
"""The simulated devices of ``kiosk run`` (beside ``kiosk.db`` in ``var/``)."""


def open_store(today: date) -> tuple[Store, Path]:
    """The store and simulator file of ``kiosk run`` (:func:`assistant.adapters.runner.
    open_kiosk_store`: whatever a crash left open is settled first)."""
    from assistant.adapters.runner import open_kiosk_store
    from assistant.config import var_dir

    sim_db = var_dir() / RUN_SIM_DB
    store, recovered = open_kiosk_store(None, sim_db, today)
    from assistant.staff.recovered import recovered_line

    for item in recovered:
        log.warning("%s", recovered_line(item))
    return store, sim_db
