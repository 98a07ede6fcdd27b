"""Early finalisation: answer a short, closed answer as soon as it is certain.

vosk ends an utterance after the model's trailing-silence rule (0.8 s, set long for
elderly speakers who pause mid-sentence) plus ~0.4 s of its own; with a closed grammar the
*partial* result already equals the phrase 0.1–0.3 s after the speech ends (DESIGN.md).
Where the answer is closed — a yes/no question or a choice between named options — a
partial that is exactly one of the expected phrases, that no longer phrase begins with,
after :attr:`EarlyFinal.quiet_s` of quiet audio (counted from the end of the speech) is final:
:meth:`EarlyFinal.feed` says so and the session asks the recogniser for its final
result at once (``FinalResult()``).  Open requests (the menu) and digit strings (more
digits may follow) keep the full, elderly-safe endpoint.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from assistant.speech.grammar import join_words

CLOSED_KINDS = frozenset({"confirm", "choice"})
"""Listen kinds whose answers are a short closed list."""


def closed_phrases(phrases: Iterable[str]) -> frozenset[str]:
    """The phrases (as the recogniser's partial shows them) that can end an answer early:
    those no other phrase starts with ("是" is not final while "是的" may follow)."""
    joined = {join_words(p.split()) for p in phrases if p.strip()}
    return frozenset(p for p in joined if not any(o != p and o.startswith(p) for o in joined))


def level_dbfs(pcm: bytes) -> float:
    """RMS level of 16-bit mono PCM in dBFS (-inf for digital silence)."""
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    if samples.size == 0:
        return -math.inf
    rms = math.sqrt(float(np.mean(samples * samples)))
    return -math.inf if rms == 0 else 20 * math.log10(rms / 32768.0)


@dataclass
class EarlyFinal:
    """Watches the partials of one utterance (see the module docstring)."""

    phrases: frozenset[str]
    """Partials that may end the utterance (:func:`closed_phrases`); empty: never early."""
    quiet_s: float = 0.25
    """Quiet audio after the phrase before it counts as said (``KIOSK_EARLY_FINAL_S``)."""
    quiet_dbfs: float = -40.0
    """Audio below this level is quiet (a kiosk microphone's noise floor is ~-55 dBFS)."""
    sample_rate: int = 16000
    _text: str = ""
    _quiet: float = field(default=0.0)

    def feed(self, partial: str, pcm: bytes) -> bool:
        """After each chunk: ``True`` when the utterance can be finalised now — the partial
        is one closed phrase and the audio has been quiet for :attr:`quiet_s`, counted
        from the end of the speech, not from when the partial caught up (the recogniser's
        partial can lag the speech by 0.1–0.3 s; waiting the quiet time again after it
        was the slow tail of yes/no answers)."""
        if level_dbfs(pcm) < self.quiet_dbfs:
            self._quiet += len(pcm) / 2 / self.sample_rate
        else:
            self._quiet = 0.0
        if not self.phrases or self.quiet_s <= 0 or partial not in self.phrases:
            self._text = ""
            return False
        self._text = partial
        return self._quiet >= self.quiet_s


UNFINISHED_ENDINGS: tuple[str, ...] = ("的", "了", "然后", "还有", "和", "跟", "我想", "我要",
                                       "想", "要", "帮我", "给我")
"""Endings of a clause that is grammatically unfinished unless the words already make a
request ("我要补办身份证的" is a request, "我那个身份证的……" is not)."""
FILLER_WORDS: tuple[str, ...] = ("那个", "这个", "就是", "嗯", "呃", "额", "然后")
"""Hesitation words of Chinese speakers ("那个……", "就是……"): heard, never a meaning."""


@dataclass
class OpenEndpoint:
    """Adaptive end of open speech (a request at the menu, a question): see
    docs/speech.md, "Endpointing".

    - A **complete request** — the partial already understood with high confidence by the
      intent matcher (:attr:`complete`) and not ending in a hesitation — is final after
      :attr:`request_s` of quiet audio, instead of the model's trailing silence.
    - An **unfinished clause** — ending in a filler (那个…, 就是…), or in 的/了/然后 without
      a request — is never final: when the model's endpoint fires on it, :meth:`hold`
      says so and the session keeps listening :attr:`hold_s` longer, joining what
      follows; only after that much more quiet does it count as said.
    - Anything else keeps the model's elderly-safe endpoint.
    """

    complete: Callable[[str], bool]
    """Text → True when it is a whole request understood with high confidence (the
    matcher's ``accept``, score ≥ the session's ``request_confidence``)."""
    fillers: frozenset[str] = frozenset(FILLER_WORDS)
    """Hesitation words (as the recogniser's text shows them)."""
    endings: tuple[str, ...] = UNFINISHED_ENDINGS
    request_s: float = 0.3
    """Quiet audio after a complete request before it is final (``KIOSK_REQUEST_FINAL_S``;
    0: off, wait for the model)."""
    hold_s: float = 1.5
    """Extra listening after the model ended an unfinished clause (``KIOSK_HESITATION_S``)."""
    quiet_dbfs: float = -40.0
    sample_rate: int = 16000
    _text: str = ""
    _quiet: float = 0.0
    _verdicts: dict[str, bool] = field(default_factory=dict)

    def is_complete(self, text: str) -> bool:
        """:attr:`complete` of ``text`` without its fillers, asked once per text."""
        if text not in self._verdicts:
            core = _strip_fillers(text, self.fillers)
            self._verdicts[text] = bool(core) and self.complete(core)
        return self._verdicts[text]

    def unfinished(self, text: str) -> bool:
        """The words so far end in a hesitation or an unfinished clause."""
        said = text.strip()
        if not said:
            return False
        last = said.split()[-1]
        if last in self.fillers or any(said.endswith(f) for f in self.fillers if _han(f)):
            return True  # "补办身份证那个……": whatever came before, they are going on
        return any(said.endswith(e) for e in self.endings) and not self.is_complete(said)

    def feed(self, text: str, pcm: bytes) -> bool:
        """After each chunk with the partial ``text`` (joined with what was held):
        ``True`` when the request is complete and quiet long enough."""
        if self.request_s <= 0 or not text or self.unfinished(text):
            self._text, self._quiet = "", 0.0
            return False
        if text != self._text:
            self._text, self._quiet = text, 0.0
        if not self.is_complete(text):
            return False
        if level_dbfs(pcm) < self.quiet_dbfs:
            self._quiet += len(pcm) / 2 / self.sample_rate
        else:
            self._quiet = 0.0
        return self._quiet >= self.request_s

    def hold(self, text: str) -> bool:
        """The model's endpoint fired on ``text``: keep listening (an unfinished clause)?
        Not when the words before a trailing filler already make a request: the speaker
        has been quiet for the model's whole trailing silence after it, and a filler made
        of noise ("주민등록증 음") must not cost every such request the hold."""
        return self.hold_s > 0 and self.unfinished(text) and not self.is_complete(text)


def _han(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _strip_fillers(text: str, fillers: frozenset[str]) -> str:
    """``text`` without its filler words (whitespace-separated ones, and leading/trailing
    Chinese fillers of joined text)."""
    words = [w for w in text.split() if w not in fillers]
    out = " ".join(words)
    changed = True
    while changed and out:
        changed = False
        for f in sorted((f for f in fillers if _han(f)), key=len, reverse=True):
            if out.startswith(f) and len(out) > len(f):
                out, changed = out[len(f):], True
            if out.endswith(f) and len(out) > len(f):
                out, changed = out[: -len(f)], True
    return out
