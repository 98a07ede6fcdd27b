"""Fakes of the voice runtime's audio edges shared by unit tests (no sound card here)."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from datetime import date
from typing import Any


class NoMic:
    """A microphone that is not there: reads wait and return nothing (keys-only kiosk)."""

    available = False

    def read(self, timeout: float = 0.1) -> None:
        time.sleep(timeout)

    def drain(self) -> int:
        return 0

    def mute(self, on: bool = True) -> None:
        pass


class DoneSound:
    """A playback that has already finished (``wait`` is True at once)."""

    stopped = False
    started_at = 1.0

    def wait(self, timeout: float | None = None) -> bool:
        return True

    def stop(self) -> None:
        pass


class SilentSpeaker:
    """A speaker that renders nothing and has played everything at once; it keeps the
    texts it was asked to say (``said``).  Tests override :meth:`render` to act on them."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def render(self, say: Any) -> tuple[bytes, float]:
        self.said.append(say.text)
        return b"", 1.0

    def play(self, wav: bytes, gain: float = 1.0) -> DoneSound:
        return DoneSound()

    def earcon(self, name: str) -> DoneSound:
        return DoneSound()

    def end_session(self) -> None:
        pass


class QuietMic:
    """A microphone delivering quiet audio, ``chunk_s`` at a time (what is "said" comes from
    a fake recogniser).  ``wait_s``: real time each read takes; ``on_read``: called with the
    chunk's length in seconds at each read (e.g. to move a fake clock on)."""

    available = True

    def __init__(self, chunk_s: float = 0.01, wait_s: float = 0.01,
                 on_read: Callable[[float], None] | None = None) -> None:
        self.chunk_s = chunk_s
        self.wait_s = wait_s
        self.on_read = on_read

    def read(self, timeout: float = 0.1) -> bytes:
        if self.wait_s:
            time.sleep(self.wait_s)
        if self.on_read is not None:
            self.on_read(self.chunk_s)
        return b"\0\0" * int(16000 * self.chunk_s)

    def drain(self) -> int:
        return 0

    def mute(self, on: bool = True) -> None:
        pass


def text_voice_session(recognizer: Any, mic: Any, speaker: Any, keys: Any, *, config: Any,
                       store: Any = None, clock: Callable[[], float] = time.monotonic) -> Any:
    """A :class:`~assistant.voice.session.VoiceSession` on the demo day 2026-01-05 with no
    intent model, fed by a fake ``recognizer`` and ``mic``: what is heard is decided by
    the test, the dialog and the session loop are the real ones."""
    from assistant.adapters.devices import simulate
    from assistant.dialog import DialogConfig, load_texts, new_dialog
    from assistant.voice.hearing import Interpreter
    from assistant.voice.phrases import GrammarCompiler, PhraseBook
    from assistant.voice.session import VoiceSession

    day = date(2026, 1, 5)
    dialog = new_dialog(load_texts(), nlu=None, today=day,
                        config=DialogConfig(inactivity_s=600))
    book = PhraseBook({"yes": ("是",), "no": ("不是",)})
    return VoiceSession(
        dialog, simulate(day), recognizer=recognizer,
        compiler=GrammarCompiler(None, book, known=lambda w: True),
        interpreter=Interpreter(None), speaker=speaker, mic=mic, keys=keys, config=config,
        store=store, clock=clock)


def no_keys() -> Any:
    """A key reader with nothing typed (keys are put on its ``inbox`` by the test)."""
    from assistant.voice.io import KeyReader

    return KeyReader(io.StringIO(""))
