"""Text-to-speech with pyttsx3 (espeak-ng on Linux, SAPI5 on Windows), rendered to WAV bytes.

pyttsx3 2.99 quirks handled here (see DESIGN.md "Library facts"):

- ``runAndWait()`` can return before the WAV exists: we wait for the
  ``finished-utterance`` callback (with a timeout) before reading the file.
- Two ``save_to_file`` before one ``runAndWait`` keep only the last: one each.
- ``setProperty`` is queued, so ``getProperty`` is stale right after it: the voice, rate
  and volume are set before every utterance and never read back.
- ``setProperty`` errors (e.g. an unknown voice) are swallowed into the ``error``
  callback: we collect them and raise :class:`SynthesisError`.
- The espeak driver prints "Audio saved to ..." on stdout: that line is filtered out.
- espeak runs asynchronously; ``runAndWait`` calls ``stop()``, which cancels espeak's
  command queue when espeak is still busy, silently dropping the rate/volume just set
  (measured: 26 of 72 utterances with alternating rates kept the previous rate, some
  came out empty).  We wait until espeak is idle before ``runAndWait`` and after each
  utterance.
- espeak-ng's ``cmn`` voice reads tone digits in English; ``cmn-latn-pinyin`` is used.

The engine runs in a child process (:mod:`assistant.speech.engine_process`), replaced when
it crashes or hangs, so an espeak-ng fault never takes the kiosk down.

Rendered prompts are cached in memory and under ``var/tts-cache/`` keyed by
(text, voice, rate, volume), so a repeated prompt costs a file read at most.  espeak's
leading silence (up to ~45 ms) is cut before caching, so a reply is audible at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from assistant.audio.wav import read_wav, trim_leading_silence
from assistant.config import var_dir
from assistant.errors import SynthesisError
from assistant.speech.engine_process import EngineProcess
from assistant.speech.speakable import speakable

VOICE_ENV = "KIOSK_VOICE"
"""Environment variable forcing a voice id (as listed by ``kiosk say --voices``)."""
RATE_STEPS: tuple[int, ...] = (110, 130, 150, 170, 190, 210)
"""Speech rates (words per minute) the "slower"/"faster" commands step through."""
DEFAULT_RATE_STEP = 2
"""Index in :data:`RATE_STEPS` of the rate every new user starts with (150 wpm)."""
VOLUME_STEPS: tuple[float, ...] = (0.125, 0.18, 0.25, 0.35, 0.5, 0.71, 1.0)
"""Volumes the "quieter"/"louder" commands step through: 3 dB apart, 18 dB range."""
DEFAULT_VOLUME_STEP = 5
"""Index in :data:`VOLUME_STEPS` every new user starts with (0.71, i.e. -3 dB)."""
MIN_RATE, MAX_RATE = 80, 450
"""Rates outside this range are clamped (espeak's limits)."""
CACHE_VERSION = 2
"""Bump to invalidate every cached rendering (2: leading silence trimmed)."""
_PREFERRED = {"zh": ("cmn-latn-pinyin",), "cmn": ("cmn-latn-pinyin",)}
_LOCALES = {"zh": ("zh_cn", "zh-cn", "zh_hans", "zh"), "cmn": ("zh_cn", "zh-cn", "zh")}
_AVOID = {"cmn"}  # espeak-ng "cmn" reads tone numbers in English


def rate_for_step(step: int) -> int:
    """Speech rate (wpm) of a step, clamped to :data:`RATE_STEPS`."""
    return RATE_STEPS[max(0, min(step, len(RATE_STEPS) - 1))]


def volume_for_step(step: int) -> float:
    """Volume (0-1) of a step, clamped to :data:`VOLUME_STEPS`."""
    return VOLUME_STEPS[max(0, min(step, len(VOLUME_STEPS) - 1))]


@dataclass(frozen=True)
class VoiceInfo:
    """A voice offered by the TTS engine."""

    id: str
    """Engine voice id (espeak: ``sit/cmn-latn-pinyin``; SAPI5: a registry token)."""
    name: str
    """Human-readable name."""
    languages: tuple[str, ...]
    """Language tags as the driver reports them."""


def choose_voice(voices: Sequence[VoiceInfo], language: str = "zh") -> VoiceInfo:
    """The voice for ``language``: espeak ``cmn-latn-pinyin`` (never ``cmn``) for Chinese,
    else a voice whose language is the requested one (SAPI5 ``zh_CN``)."""
    lang = language.lower()
    by_tail = {v.id.lower().rsplit("/", 1)[-1]: v for v in voices}
    for wanted in _PREFERRED.get(lang, (lang,)):
        if wanted in by_tail:
            return by_tail[wanted]
    locales = _LOCALES.get(lang, (lang,))
    for locale in locales:
        for voice in voices:
            tail = voice.id.lower().rsplit("/", 1)[-1]
            tags = [t.lower().replace("-", "_") for t in voice.languages]
            if tail in _AVOID:
                continue
            if locale.replace("-", "_") in tags:
                return voice
    raise SynthesisError(
        f"no {language!r} voice among {len(voices)} voices — install espeak-ng "
        "(`apt install espeak-ng`, provides cmn-latn-pinyin) or, on Windows, the Chinese "
        f"(Simplified) speech pack; or set {VOICE_ENV} to a voice id"
    )


class TtsCache:
    """Rendered WAVs in memory (LRU) and on disk (``DIR/ab/abcdef....wav``)."""

    def __init__(self, directory: Path | None, memory_items: int = 256) -> None:
        self.directory = directory
        self.memory_items = memory_items
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._session: dict[str, bytes] = {}
        """Renderings that may carry personal data: memory only, until :meth:`forget_session`."""
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str, voice: str, rate: int, volume: float) -> str:
        """Cache key of a rendering."""
        ident = json.dumps([CACHE_VERSION, voice, rate, round(volume, 3), text])
        return hashlib.sha256(ident.encode()).hexdigest()

    def _path(self, key: str) -> Path | None:
        return None if self.directory is None else self.directory / key[:2] / f"{key}.wav"

    def get(self, key: str) -> bytes | None:
        """The cached WAV, or None."""
        with self._lock:
            if key in self._session:
                return self._session[key]
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        data = path.read_bytes()
        self._remember(key, data)
        return data

    def put(self, key: str, wav: bytes, *, persist: bool = True) -> None:
        """Store a WAV (disk write is atomic; a read-only disk only disables it).

        ``persist=False`` is for prompts that may carry a citizen's data ("已读取王秀英的
        身份证", a read-back of an ID number): they are kept in memory for this session
        only and never written to disk.
        """
        if not persist:
            with self._lock:
                self._session[key] = wav
            return
        self._remember(key, wav)
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(wav)
            os.replace(tmp, path)
        except OSError:
            pass  # caching is an optimisation; never fail a prompt because of it

    def forget_session(self) -> None:
        """Drop every non-persistent rendering (call when a session ends)."""
        with self._lock:
            self._session.clear()

    def _remember(self, key: str, wav: bytes) -> None:
        with self._lock:
            self._memory[key] = wav
            self._memory.move_to_end(key)
            while len(self._memory) > self.memory_items:
                self._memory.popitem(last=False)


class _DropLines:
    """Stdout wrapper dropping the espeak driver's "Audio saved to PATH" line."""

    def __init__(self, inner: TextIO, marker: str) -> None:
        self._inner = inner
        self._marker = marker
        self._skip_newline = False

    def write(self, text: str) -> int:
        if self._marker in text:
            self._skip_newline = not text.endswith("\n")
            return len(text)
        if self._skip_newline and text == "\n":
            self._skip_newline = False
            return 1
        return self._inner.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@contextmanager
def _quiet(marker: str) -> Iterator[None]:
    original = sys.stdout
    sys.stdout = _DropLines(original, marker)
    try:
        yield
    finally:
        sys.stdout = original


_ENGINE_LOCK = threading.RLock()
_engine: Any = None


def _get_engine() -> Any:
    """The process-wide pyttsx3 engine (espeak can only be initialised once)."""
    global _engine
    if _engine is None:
        try:
            import pyttsx3

            _engine = pyttsx3.init()
        except (ImportError, OSError, RuntimeError) as exc:
            raise SynthesisError(
                f"cannot start the text-to-speech engine ({exc}) — install pyttsx3 and "
                "espeak-ng (`apt install espeak-ng`; Windows uses SAPI5)"
            ) from exc
    return _engine


def _wait_idle(engine: Any, timeout: float = 2.0) -> None:
    """Wait until espeak's asynchronous command queue is drained (no-op for SAPI5)."""
    if getattr(engine, "driver_name", "") != "espeak":
        return
    from pyttsx3.drivers import _espeak

    deadline = time.monotonic() + timeout
    while _espeak.IsPlaying() and time.monotonic() < deadline:
        time.sleep(0.002)


def engine_voices() -> list[VoiceInfo]:
    """Every voice the engine offers, asked in this process (the engine process's side)."""
    with _ENGINE_LOCK:
        raw = _get_engine().getProperty("voices")
    return [
        VoiceInfo(str(v.id), str(v.name), tuple(str(x) for x in v.languages or ())) for v in raw
    ]


_PROCESS_LOCK = threading.Lock()
_process: EngineProcess | None = None


def engine_process() -> EngineProcess:
    """The process-wide speech engine process (started on first use)."""
    global _process
    with _PROCESS_LOCK:
        if _process is None:
            _process = EngineProcess()
        return _process


def list_voices() -> list[VoiceInfo]:
    """Every voice the engine offers."""
    return [VoiceInfo(str(v["id"]), str(v["name"]), tuple(str(x) for x in v["languages"]))
            for v in engine_process().voices()]


def render_here(text: str, voice: str, rate: int, volume: float) -> bytes:
    """One utterance → WAV bytes, in this process (the engine process's side; holds the
    engine lock).  Everyone else goes through :func:`engine_process`, which survives an
    engine crash."""
    with _ENGINE_LOCK:
        engine = _get_engine()
        done = threading.Event()
        errors: list[BaseException] = []
        tokens = [
            engine.connect("finished-utterance", lambda **_: done.set()),
            engine.connect("error", lambda **kw: errors.append(kw.get("exception"))),
        ]
        fd, name = tempfile.mkstemp(prefix="kiosk-tts-", suffix=".wav")
        os.close(fd)
        try:
            engine.setProperty("voice", voice)
            engine.setProperty("rate", rate)
            engine.setProperty("volume", volume)
            engine.save_to_file(text, name)
            _wait_idle(engine)
            with _quiet(name):
                engine.runAndWait()
                finished = done.wait(10.0 + 0.2 * len(text))
            _wait_idle(engine)
            if errors:
                raise SynthesisError(
                    f"text-to-speech failed ({errors[0]}) — check the voice id "
                    f"{voice!r} (see `kiosk say --voices`)"
                )
            data = Path(name).read_bytes()
            if len(data) <= 44 and not finished:
                raise SynthesisError(
                    "text-to-speech did not finish in time — check that espeak-ng works: "
                    "`espeak-ng -v cmn-latn-pinyin 你好`"
                )
            return data
        finally:
            for token in tokens:
                engine.disconnect(token)
            Path(name).unlink(missing_ok=True)


class Synthesizer:
    """Renders prompts to WAV bytes with a chosen voice, rate and volume, cached.

    ``voice``: engine voice id (default ``$KIOSK_VOICE``, else :func:`choose_voice` for
    ``language``).  ``cache_dir``: disk cache (default ``var/tts-cache``; ``None`` with
    ``use_cache=False`` disables caching).  ``normalize``: run :func:`speakable` first.
    """

    def __init__(
        self,
        voice: str | None = None,
        language: str = "zh",
        *,
        rate: int | None = None,
        volume: float | None = None,
        cache_dir: Path | None = None,
        use_cache: bool = True,
        normalize: bool = True,
    ) -> None:
        self._voice = voice or os.environ.get(VOICE_ENV) or None
        self.language = language
        self.rate = rate if rate is not None else rate_for_step(DEFAULT_RATE_STEP)
        self.volume = volume if volume is not None else volume_for_step(DEFAULT_VOLUME_STEP)
        self.normalize = normalize
        self.cache: TtsCache | None = None
        if use_cache:
            self.cache = TtsCache(cache_dir if cache_dir is not None else var_dir() / "tts-cache")

    @property
    def voice(self) -> str:
        """The voice id in use (chosen on first use)."""
        if self._voice is None:
            self._voice = choose_voice(list_voices(), self.language).id
        return self._voice

    def spoken(self, text: str) -> str:
        """``text`` as it is synthesised (and keyed in the cache)."""
        return speakable(text) if self.normalize else text

    def _params(self, text: str, rate: int | None, volume: float | None) -> tuple[str, int, float]:
        spoken = self.spoken(text)
        if not spoken.strip():
            raise SynthesisError("nothing to say: the prompt text is empty — give some text")
        r = int(max(MIN_RATE, min(MAX_RATE, self.rate if rate is None else rate)))
        v = float(max(0.0, min(1.0, self.volume if volume is None else volume)))
        return spoken, r, v

    def synth(
        self,
        text: str,
        rate: int | None = None,
        volume: float | None = None,
        *,
        persist: bool = True,
    ) -> bytes:
        """WAV bytes of ``text`` at ``rate`` (wpm) and ``volume`` (0-1).

        ``persist=False``: cache for this session only, never on disk (see
        :meth:`TtsCache.put`)."""
        spoken, r, v = self._params(text, rate, volume)
        key = TtsCache.key(spoken, self.voice, r, v)
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                return cached
        engine = engine_process()
        wav = engine.render(spoken, self.voice, r, v)
        if read_wav(wav).duration <= 0.0:  # espeak lost the utterance: try once more
            wav = engine.render(spoken, self.voice, r, v)
        audio = read_wav(wav)
        if audio.duration <= 0.0:
            raise SynthesisError(
                f"text-to-speech produced no audio for {text!r} with voice {self.voice!r} — "
                "pick another voice (`kiosk say --voices`)"
            )
        trimmed = trim_leading_silence(audio)  # espeak's ~0-45 ms before the first sound
        if trimmed is not audio:
            wav = trimmed.to_wav()
        if self.cache is not None:
            self.cache.put(key, wav, persist=persist)
        return wav

    def is_cached(self, text: str, rate: int | None = None, volume: float | None = None) -> bool:
        """True when :meth:`synth` would answer from the cache."""
        spoken, r, v = self._params(text, rate, volume)
        return (
            self.cache is not None
            and self.cache.get(TtsCache.key(spoken, self.voice, r, v)) is not None
        )

    def prerender(
        self, texts: Iterable[str], rate: int | None = None, volume: float | None = None
    ) -> int:
        """Render every text not yet cached (e.g. all prompts at start-up); return how many.

        The engine process is started here even when everything is cached, so that the
        first uncached reply (a guide answer, a name read back) does not wait for it."""
        engine_process().voices()
        count = 0
        for text in texts:
            if not self.is_cached(text, rate, volume):
                self.synth(text, rate, volume)
                count += 1
        return count
