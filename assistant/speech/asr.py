"""Speech recognition with vosk: streaming recogniser, grammar mode, WAV recognition.

Typical use::

    model = load_model()                       # --model / KIOSK_MODEL / default
    rec = Recognizer(model, grammar=compile_grammar(["是", "不是"], model))
    for chunk in capture:                      # 16 kHz mono int16 PCM bytes
        event = rec.accept(chunk)
        if isinstance(event, Final):
            handle(event.text, event.confidence)

Results join Chinese words without spaces (vosk separates every word by a space) and
keep spaces between Latin or Hangul words; the unknown-word token is not part of
``text`` but sets ``unknown``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from assistant.audio.wav import read_wav
from assistant.errors import SpeechError
from assistant.speech.grammar import UNK_TOKENS, compile_grammar, join_words
from assistant.speech.models import load_model, vosk_module

__all__ = [
    "SAMPLE_RATE",
    "Final",
    "Partial",
    "Recognizer",
    "Result",
    "Word",
    "compile_grammar",
    "load_model",
    "recognize_wav",
]

SAMPLE_RATE = 16000
"""Capture rate the kiosk uses (vosk models are trained at 16 kHz)."""
CHUNK_BYTES = 4000
"""Bytes fed per call when recognising a whole buffer (0.125 s at 16 kHz)."""


@dataclass(frozen=True)
class Word:
    """One recognised word."""

    word: str
    """The vocabulary word (may be the unknown-word token)."""
    conf: float
    """Posterior confidence in [0, 1] (1.0 in grammar mode when unambiguous)."""
    start: float
    """Start time in seconds from the beginning of the stream."""
    end: float
    """End time in seconds."""


@dataclass(frozen=True)
class Partial:
    """Interim hypothesis while the user is still speaking."""

    text: str
    """Best guess so far (Chinese words joined), may change."""
    words: tuple[str, ...] = ()
    """The words of :attr:`text` (unknown-word tokens left out)."""


@dataclass(frozen=True)
class Result:
    """A finished utterance."""

    text: str
    """Recognised text, Chinese words joined, unknown-word tokens left out."""
    confidence: float
    """Mean word confidence in [0, 1]; 0.0 when nothing was recognised."""
    words: tuple[Word, ...] = field(default=())
    """Every word with its confidence and timing (unknown-word tokens included)."""
    unknown: bool = False
    """True when the recogniser chose the unknown-word branch for some of the speech."""
    in_grammar: bool | None = None
    """Grammar mode: True when the words are exactly one grammar phrase.  vosk loops over
    phrases, so out-of-grammar speech often comes back as a *sequence* of phrases
    ("아니요 아니요") rather than the unknown-word token: treat False as a weak result.
    None in free recognition."""

    def to_json(self) -> dict[str, Any]:
        """``{"text", "confidence", "words", "unknown"}`` for ``kiosk listen --json``."""
        return {
            "text": self.text,
            "confidence": round(self.confidence, 3),
            "words": [
                {"word": w.word, "conf": round(w.conf, 3), "start": w.start, "end": w.end}
                for w in self.words
            ],
            "unknown": self.unknown,
            "in_grammar": self.in_grammar,
        }


Final: TypeAlias = Result
"""A :class:`Result` returned by :meth:`Recognizer.accept` at an endpoint."""


def _result(words: list[Word], unk_tokens: Iterable[str], phrases: frozenset[str] | None) -> Result:
    unk = set(unk_tokens)
    known = [w.word for w in words if w.word not in unk]
    conf = sum(w.conf for w in words) / len(words) if words else 0.0
    return Result(
        join_words(known),
        conf,
        tuple(words),
        unknown=len(known) < len(words),
        in_grammar=None if phrases is None else " ".join(w.word for w in words) in phrases,
    )


def _words(payload: dict[str, Any]) -> list[Word]:
    items = payload.get("result") or []
    if items:
        return [
            Word(str(i["word"]), float(i.get("conf", 1.0)), float(i["start"]), float(i["end"]))
            for i in items
        ]
    # no word timing (e.g. SetWords off): fall back to the text, confidence unknown
    return [Word(w, 0.0, 0.0, 0.0) for w in str(payload.get("text", "")).split()]


class Recognizer:
    """A streaming vosk recogniser (``KaldiRecognizer`` with word confidences).

    ``grammar``: the list from :func:`compile_grammar` (restricted mode) or None (free
    recognition).  Feed 16-bit mono PCM at ``sample_rate`` to :meth:`accept`.
    """

    def __init__(
        self,
        model: Any,
        grammar: list[str] | None = None,
        sample_rate: int = SAMPLE_RATE,
        unk_tokens: Iterable[str] = UNK_TOKENS,
    ) -> None:
        self.model = model
        self.sample_rate = sample_rate
        self.unk_tokens = tuple(unk_tokens)
        self.grammar: list[str] | None = None
        self.phrases: frozenset[str] | None = None
        """Grammar phrases (space-separated words), None in free recognition."""
        self._rec: Any = None
        self._free: Any = None
        self.set_grammar(grammar)

    def set_grammar(self, grammar: list[str] | None) -> None:
        """Switch grammar (e.g. per dialog state); starts a new utterance.

        The free-mode recogniser is created once and reused: a new one spends ~1.2 s
        warming up on its first utterance (measured with the Korean test model), a
        reused one decodes at RTF ~0.1.  Grammar recognisers cost < 1 ms to create.
        """
        if grammar is None and self._free is not None:
            self._free.Reset()
            rec = self._free
        else:
            rec = self._create(grammar)
            if grammar is None:
                self._free = rec
        self._rec = rec
        self.grammar = None if grammar is None else list(grammar)
        self.phrases = None if grammar is None else frozenset(grammar) - set(self.unk_tokens)

    def _create(self, grammar: list[str] | None) -> Any:
        vosk = vosk_module()
        try:
            if grammar is None:
                rec = vosk.KaldiRecognizer(self.model, float(self.sample_rate))
            else:
                rec = vosk.KaldiRecognizer(
                    self.model,
                    float(self.sample_rate),
                    json.dumps(grammar, ensure_ascii=False),
                )
        except Exception as exc:  # vosk raises a bare Exception
            raise SpeechError(
                f"cannot create a recogniser ({exc}) — grammar mode needs a model with a "
                "runtime graph (graph/HCLr.fst and Gr.fst), as the small models have"
            ) from exc
        rec.SetWords(True)
        return rec

    def accept(self, pcm: bytes) -> Partial | Final:
        """Feed PCM; return the finished utterance at an endpoint, else the partial text."""
        try:
            done = self._rec.AcceptWaveform(pcm)
        except Exception as exc:
            raise SpeechError(
                f"vosk rejected the audio ({exc}) — feed 16-bit mono PCM bytes"
            ) from exc
        if done:
            return self._parse(self._rec.Result())
        partial = json.loads(self._rec.PartialResult()).get("partial", "")
        words = tuple(w for w in partial.split() if w not in self.unk_tokens)
        return Partial(join_words(words), words)

    def finish(self) -> Result:
        """End of audio: flush and return what is left (may be an empty result)."""
        return self._parse(self._rec.FinalResult())

    def join(self, first: Result, then: Result) -> Result:
        """One utterance of two results (speech that went on after an endpoint)."""
        return _result([*first.words, *then.words], self.unk_tokens, self.phrases)

    def reset(self) -> None:
        """Drop the current utterance (e.g. after barge-in or a timeout)."""
        self._rec.Reset()

    def _parse(self, raw: str) -> Result:
        return _result(_words(json.loads(raw)), self.unk_tokens, self.phrases)


def recognize_pcm(recognizer: Recognizer, pcm: bytes) -> Result:
    """Recognise a whole PCM buffer; utterances split by endpoints are joined."""
    parts: list[Result] = []
    for start in range(0, len(pcm), CHUNK_BYTES):
        event = recognizer.accept(pcm[start : start + CHUNK_BYTES])
        if isinstance(event, Result):
            parts.append(event)
    parts.append(recognizer.finish())
    words = [w for part in parts for w in part.words]
    return _result(words, recognizer.unk_tokens, recognizer.phrases)


def recognize_wav(
    source: str | Path | bytes, model: Any | None = None, grammar: list[str] | None = None
) -> Result:
    """Recognise a WAV (path or bytes); ``model`` defaults to :func:`load_model`.

    Any PCM WAV works: it is mixed to mono 16-bit and fed at its own sample rate
    (vosk resamples).  ``grammar`` as from :func:`compile_grammar`.
    """
    audio = read_wav(source if isinstance(source, bytes) else Path(source))
    if audio.rate < 8000:
        raise SpeechError(
            f"sample rate {audio.rate} Hz is too low for recognition — record at 16000 Hz"
        )
    model = load_model() if model is None else model
    return recognize_pcm(Recognizer(model, grammar, sample_rate=audio.rate), audio.pcm)
