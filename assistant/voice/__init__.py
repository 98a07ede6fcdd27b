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
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from assistant.errors import KioskError

__all__ = ["Runtime", "build_runtime", "register", "register_bench", "run"]

log = logging.getLogger(__name__)


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

    def session(self, dialog_config: Any = None) -> Any:
        """A fresh :class:`~assistant.voice.session.VoiceSession` over new simulators."""
        from assistant.adapters.devices import simulate
        from assistant.dialog import DialogConfig, new_dialog
        from assistant.nlu.intents import IntentSet
        from assistant.voice.hearing import Interpreter
        from assistant.voice.session import VoiceSession

        self.count += 1
        intents = getattr(getattr(self.nlu, "matcher", None), "intents", None)
        dialog = new_dialog(
            self.texts, nlu=self.nlu, today=self.today,
            session_id=f"voice-{time.strftime('%Y%m%d-%H%M%S')}-{self.count}",
            config=dialog_config or DialogConfig(),
            intents=intents if isinstance(intents, IntentSet) else None)
        return VoiceSession(dialog, simulate(self.today), recognizer=self.recognizer,
                            compiler=self.compiler, interpreter=Interpreter(self.nlu),
                            speaker=self.speaker, mic=self.mic, keys=self.keys,
                            config=self.config, store=self.store)

    def close(self) -> None:
        self.mic.close()
        self.speaker.close()


def build_runtime(model_dir: Path | None = None, *, phrases: Path | None = None,
                  nlu: Any = None, keys: TextIO | None = None, flows: Path | None = None,
                  today: date | None = None, config: Any = None) -> Runtime:
    """Load the model, matcher, texts and devices.

    ``phrases``: a phrase file (``{intent: [phrase, ...]}``) used instead of the intent
    examples, with an exact-phrase matcher (e.g. the Korean test language); ``nlu``: the
    understander (default: ``load_nlu()``, or the phrase matcher with ``phrases``).
    """
    from assistant.dialog import load_texts
    from assistant.speech.asr import Recognizer
    from assistant.speech.models import load_model
    from assistant.voice.hearing import PhraseMatcher
    from assistant.voice.io import KeyReader, Speaker
    from assistant.voice.mic import Microphone
    from assistant.voice.phrases import GrammarCompiler, PhraseBook
    from assistant.voice.session import VoiceConfig

    model = load_model(model_dir)
    texts = load_texts(flows)
    if phrases is not None:
        book = PhraseBook.from_yaml(phrases)
        nlu = nlu or PhraseMatcher(book)
    else:
        if nlu is None:
            from assistant.nlu import load_nlu

            nlu = load_nlu()
        book = PhraseBook.from_intents(getattr(nlu.matcher, "intents", None), texts.words)
    mic = Microphone().start()
    mic.first_open.wait(8.0)
    if not mic.available:
        log.warning("microphone not delivering audio yet: starting with keys only")
    return Runtime(model, nlu, texts, book, GrammarCompiler(model, book),
                   Recognizer(model), Speaker(), mic,
                   KeyReader(keys).start() if keys is not None else None,
                   config or VoiceConfig.from_env(), today or date.today())


def run(args: argparse.Namespace) -> int:
    """``kiosk run`` in voice mode: serve sessions until Ctrl-C (or stdin closes)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        runtime = build_runtime(getattr(args, "model", None), keys=sys.stdin)
        if not getattr(args, "no_store", False):
            from assistant.store import Store

            runtime.store = Store()
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


def register(subparsers: Any) -> None:
    """No top-level command of its own (``kiosk run`` is :mod:`assistant.run`); present so
    that :data:`assistant.cli.COMMANDS` can list this module for ``bench voice``."""


def register_bench(bench_subparsers: Any) -> None:
    """Add ``kiosk bench voice`` (reply latency through virtual devices)."""
    from assistant.voice.bench import register

    register(bench_subparsers)
