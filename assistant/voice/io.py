"""The kiosk's edges besides the microphone: the speaker (TTS + playback + earcons) and
the keypad (stdin in the terminal for now)."""

from __future__ import annotations

import logging
import queue
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from assistant.audio.wav import read_wav, write_wav
from assistant.config import audio_dir
from assistant.dialog.actions import Say
from assistant.dialog.events import FUNCTION_KEY, KEYS
from assistant.errors import KioskError
from assistant.session import script
from assistant.speech.tts import DEFAULT_VOLUME_STEP, Synthesizer, TtsCache, volume_for_step
from assistant.voice.output import Output, Sound, samples

log = logging.getLogger(__name__)

BASE_RATE = 150
"""Words per minute at the dialog's rate factor 1.0 (``RATE_STEPS`` default)."""


SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence end (。！？；), empty pieces dropped."""
    return [p for p in SENTENCE_END.split(text) if p.strip()]


@dataclass(frozen=True)
class _Rest:
    """What :meth:`Speaker.play` still has to synthesise after the first sentence."""

    text: str
    """The whole prompt (its cache key when done)."""
    parts: list[str]
    """The sentences after the first."""
    rate: int
    volume: float
    gain: float
    persist: bool
    first: bytes
    """The first sentence's WAV, as :meth:`Speaker.render` returned it."""


class Speaker:
    """Speaks ``Say`` actions (cached TTS) and plays earcons, one sound at a time."""

    def __init__(self, synth: Synthesizer | None = None, device: int | str | None = None,
                 sounds: Path | None = None) -> None:
        self.synth = synth or Synthesizer()
        self.device = device
        self.sounds = sounds or audio_dir()
        self._earcons: dict[str, bytes] = {}
        self._output: Output | None = None
        self.renders = 0
        """Prompts rendered by :meth:`render`; :attr:`cache_hits` of them from the cache."""
        self.cache_hits = 0
        self.streaming = True
        """Start a long uncached prompt after its first sentence (:meth:`render`)."""
        self._rest: _Rest | None = None
        self.fixed: set[str] = set()
        """Prompts that carry no citizen's data (:meth:`prerender`): the only ones cached
        on disk and across sessions."""

    def close(self) -> None:
        if self._output is not None:
            self._output.close()
            self._output = None

    @staticmethod
    def _params(say: Say) -> tuple[int, float, float]:
        """(rate, engine volume, extra gain) of ``say``."""
        wanted = volume_for_step(DEFAULT_VOLUME_STEP) * 10 ** (say.volume_db / 20)
        volume = min(1.0, wanted)
        return round(BASE_RATE * say.rate), volume, wanted / volume

    def render(self, say: Say) -> tuple[bytes, float]:
        """WAV bytes of ``say`` at its rate, and the extra gain for its volume offset.

        With :attr:`streaming`, a long prompt that is not cached yet is rendered only up to
        the end of its first sentence; the next :meth:`play` starts it and synthesises the
        rest while it plays (then caches the whole)."""
        rate, volume, gain = self._params(say)
        self.renders += 1
        persist = say.text in self.fixed
        self._rest = None
        if self.synth.cache is not None and self.synth.is_cached(say.text, rate, volume):
            self.cache_hits += 1
        elif self.streaming and len(parts := sentences(say.text)) > 1:
            first = self.synth.synth(parts[0], rate=rate, volume=volume, persist=persist)
            self._rest = _Rest(say.text, parts[1:], rate, volume, gain, persist, first)
            return first, gain
        wav = self.synth.synth(say.text, rate=rate, volume=volume, persist=persist)
        return wav, gain

    def is_cached(self, say: Say) -> bool:
        """True when :meth:`render` would answer from the cache."""
        rate, volume, _ = self._params(say)
        return self.synth.cache is not None and self.synth.is_cached(say.text, rate, volume)

    def prepare(self, say: Say) -> None:
        """Synthesise ``say`` into the cache without playing it (a speculative reply,
        :mod:`assistant.voice.session`); a text with a citizen's data stays in this
        session's memory only, like every rendering of :meth:`render`."""
        rate, volume, _ = self._params(say)
        self.synth.synth(say.text, rate=rate, volume=volume, persist=say.text in self.fixed)

    def end_session(self) -> None:
        """Forget every rendering of this session that may hold personal data."""
        if self.synth.cache is not None:
            self.synth.cache.forget_session()

    def prerender(self, texts: Iterable[str]) -> int:
        """Synthesise ``texts`` into the cache at the rate and volume every session starts
        with (as :meth:`render` would say them); returns how many were not cached yet.
        A text that cannot be synthesised is logged and skipped."""
        volume = min(1.0, volume_for_step(DEFAULT_VOLUME_STEP))
        count = 0
        for text in texts:
            self.fixed.add(text)
            try:
                count += self.synth.prerender([text], rate=BASE_RATE, volume=volume)
            except KioskError as exc:
                log.warning("cannot pre-render %r: %s", text, exc)
        return count

    def play(self, wav: bytes, gain: float = 1.0) -> Sound:
        """Start playing (returns at once; ``stop()`` for barge-in).  The output stream is
        opened on first use and kept open (see :mod:`assistant.voice.output`).  After a
        :meth:`render` that gave only the first sentence, the rest follows in the same
        sound as it is synthesised."""
        if self._output is None:
            self._output = Output(self.device).start()
        rest, self._rest = self._rest, None
        if rest is None or rest.first is not wav:
            return self._output.play(wav, gain)
        sound = self._output.play(wav, gain, more=True)
        threading.Thread(target=self._feed, args=(sound, rest), name="kiosk-tts-rest",
                         daemon=True).start()
        return sound

    def _feed(self, sound: Sound, rest: _Rest) -> None:
        """Synthesise the sentences after the first into ``sound`` while it plays; when all
        are done, cache the whole prompt as one rendering."""
        wavs = [rest.first]
        try:
            for i, part in enumerate(rest.parts):
                if not sound.active:
                    return  # barge-in: the rest is not needed
                wav = self.synth.synth(part, rate=rest.rate, volume=rest.volume,
                                       persist=rest.persist)
                wavs.append(wav)
                sound.extend(samples(wav, rest.gain), more=i < len(rest.parts) - 1)
            if self.synth.cache is not None:
                whole = np.concatenate([read_wav(w).samples for w in wavs])
                key = TtsCache.key(self.synth.spoken(rest.text), self.synth.voice, rest.rate,
                                   rest.volume)
                self.synth.cache.put(key, write_wav(whole, read_wav(wavs[0]).rate),
                                     persist=rest.persist)
        except KioskError as exc:
            log.error("cannot synthesise the rest of %r: %s", rest.text, exc)
        finally:
            sound.feeding = False

    def earcon(self, name: str) -> Sound | None:
        """Play ``audio/<name>.wav`` ("listening", "done"); None if the file is missing."""
        if name not in self._earcons:
            path = self.sounds / f"{name}.wav"
            if not path.is_file():
                log.warning("earcon %s missing — run `python -m assistant.audio.earcons`", path)
                return None
            self._earcons[name] = path.read_bytes()
        return self.play(self._earcons[name])


class KeyReader:
    """Reads keypad input from a text stream (the terminal) in a background thread.

    Each of ``0-9 * #`` on a line is one key press (``12#`` = three presses); a line that
    is a function key's name (``help``, ``cancel``, ``louder``) presses it; a line in
    angle brackets (``<card:expired>``, ``<card-removed>``) is passed on whole for the
    simulated devices.  Everything else is ignored.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.inbox: queue.Queue[tuple[str, str]] = queue.Queue()
        self._back: list[tuple[str, str]] = []
        self._thread = threading.Thread(target=self._run, name="kiosk-keys", daemon=True)

    def start(self) -> KeyReader:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            for line in iter(self.stream.readline, ""):
                text = line.strip()
                if script.is_event(text):
                    self.inbox.put(("event", text))
                    continue
                if FUNCTION_KEY.match(text):  # a function key by name: help, louder ...
                    self.inbox.put(("key", text))
                    continue
                for ch in text:
                    if ch in KEYS:
                        self.inbox.put(("key", ch))
        except (OSError, ValueError):  # stdin closed
            return
        self.inbox.put(("eof", ""))

    def get(self) -> tuple[str, str] | None:
        if self._back:
            return self._back.pop()
        try:
            return self.inbox.get_nowait()
        except queue.Empty:
            return None

    def unget(self, item: tuple[str, str]) -> None:
        """Put ``item`` back: the next :meth:`get` returns it (a card that woke the kiosk
        is read by the session that follows)."""
        self._back.append(item)
