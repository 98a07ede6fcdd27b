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
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from assistant.errors import KioskError

__all__ = ["Runtime", "build_runtime", "fixed_prompts", "open_store", "register", "register_bench",
           "run"]

log = logging.getLogger(__name__)

PRERENDER_ENV = "KIOSK_PRERENDER"
"""``KIOSK_PRERENDER=0`` skips synthesising the fixed prompts at start (tests)."""


@dataclass
class Runtime:
    """Everything loaded once per ``kiosk run`` and shared by the sessions."""

    model: Any
    nlu: Any
    texts: Any
    book: Any
    compiler: Any
    recognizer: Any
    speaker: Any
    mic: Any
    keys: Any
    config: Any
    today: date
    store: Any = None
    """Where sessions, turns (masked) and unrecognised speech are recorded (None: nowhere)."""
    count: int = 0
    prerendered: int | None = None
    """Prompts synthesised by :meth:`prerender` (None: not run)."""
    prerender_s: float = 0.0
    """How long :meth:`prerender` took."""
    idle: Any = None
    """The :class:`~assistant.idle.IdleAnnouncer` of the time between sessions (None: no
    announcements)."""
    guide_answers: Any = None
    """Spoken answers from the guide catalogue (:class:`assistant.guides.finder.
    GuideAnswers`), shared by the sessions."""
    sim_db: Path | None = None
    """Where the simulated devices keep their state between sessions and restarts (so a
    payment cut off by a crash can be settled at the next start); None: in memory."""
    wake_audio: bytes = b""
    """Speech that woke the kiosk (:func:`~assistant.voice.wake.wait_for_user`); the next
    session recognises it first, then forgets it."""

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

    def session(self, dialog_config: Any = None, *, clock: Any = None) -> Any:
        """A fresh :class:`~assistant.voice.session.VoiceSession` over new simulators.

        ``clock``: a :class:`~assistant.adapters.clock.SimClock` shared by the simulators
        and the session (simulated time, ``kiosk bench soak``); default: the real clock.
        """
        from assistant.adapters.devices import simulate
        from assistant.dialog import DialogConfig, new_dialog
        from assistant.dialog.directions import load_directions, this_device
        from assistant.nlu.intents import IntentSet
        from assistant.store import new_session_id
        from assistant.voice.hearing import Interpreter
        from assistant.voice.session import VoiceSession

        self.count += 1
        intents = getattr(getattr(self.nlu, "matcher", None), "intents", None)
        dialog = new_dialog(
            self.texts, nlu=self.nlu, today=self.today,
            session_id=new_session_id("voice"),
            config=dialog_config or DialogConfig(directions=load_directions(),
                                                 this_device=this_device()),
            intents=intents if isinstance(intents, IntentSet) else None,
            guide_answers=self.guide_answers)
        timing: dict[str, Any] = {} if clock is None else {"clock": lambda: clock.now}
        preroll, self.wake_audio = self.wake_audio, b""
        return VoiceSession(dialog, simulate(self.today, self.sim_db, clock=clock),
                            recognizer=self.recognizer, compiler=self.compiler,
                            interpreter=Interpreter(self.nlu), speaker=self.speaker,
                            mic=self.mic, keys=self.keys, config=self.config, store=self.store,
                            preroll=preroll, **timing)

    def close(self) -> None:
        self.mic.close()
        self.speaker.close()


def build_runtime(model_dir: Path | None = None, *, phrases: Path | None = None,
                  nlu: Any = None, keys: TextIO | None = None, flows: Path | None = None,
                  today: date | None = None, config: Any = None, mic: Any = None,
                  speaker: Any = None, prerender: bool | None = None) -> Runtime:
    """Load the model, matcher, texts and devices, then pre-render the fixed prompts.

    ``phrases``: a phrase file (``{intent: [phrase, ...]}``) used instead of the intent
    examples, with an exact-phrase matcher (e.g. the Korean test language); ``nlu``: the
    understander (default: ``load_nlu()``, or the phrase matcher with ``phrases``).
    ``mic``/``speaker``: devices to use instead of opening the default ones (simulated
    devices of ``kiosk bench soak``).  ``prerender``: synthesise the user-independent
    prompts into the TTS cache now (:meth:`Runtime.prerender`); default: yes unless
    ``KIOSK_PRERENDER=0``.
    """
    from assistant.dialog import load_kiosk_texts
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
            from assistant.nlu import load_nlu

            nlu = load_nlu()
        book = PhraseBook.from_intents(getattr(nlu.matcher, "intents", None),
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


def fixed_prompts(texts: Any, today: date | None = None) -> list[str]:
    """The prompts that do not depend on the user, in the order to synthesise them: every
    text of ``intents/flows/*.yaml`` without placeholders (universal-command replies, the
    yes/no key hints, "您还在吗？", …), the sub-menus, then the greeting and the menu as
    the dialog says them (options filled in) last, so they are the freshest in the
    in-memory cache."""
    from assistant.dialog import Key, Listen, Say, new_dialog

    def fresh() -> Any:
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
    from assistant.voice.wake import wait_for_user

    try:
        while True:
            outcome = runtime.session().run()
            log.info("session ended: %s", outcome)
            if getattr(args, "once", False) or not wait_for_user(runtime):
                return 0
    except KeyboardInterrupt:
        return 0
    finally:
        runtime.close()


RUN_SIM_DB = "run-sim.db"
"""The simulated devices of ``kiosk run`` (beside ``kiosk.db`` in ``var/``)."""


def open_store(today: date) -> tuple[Any, Path]:
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


def register(subparsers: Any) -> None:
    """No top-level command of its own (``kiosk run`` is :mod:`assistant.run`); present so
    that :data:`assistant.cli.COMMANDS` can list this module for ``bench voice`` and
    ``bench soak``."""


def register_bench(bench_subparsers: Any) -> None:
    """Add ``kiosk bench voice`` (reply latency through virtual devices) and ``kiosk bench
    soak`` (memory over hours of simulated sessions)."""
    from assistant.voice.bench import register

    register(bench_subparsers)
