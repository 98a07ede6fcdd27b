"""Early finalisation: answer a short, closed answer as soon as it is certain.

vosk ends an utterance after the model's trailing-silence rule (0.8 s, set long for
elderly speakers who pause mid-sentence) plus ~0.4 s of its own; with a closed grammar the
*partial* result already equals the phrase 0.1–0.3 s after the speech ends (DESIGN.md).
Where the answer is closed — a yes/no question or a choice between named options — a
partial that is exactly one of the expected phrases, that no longer phrase begins with,
and that has stayed the same through :attr:`EarlyFinal.quiet_s` of quiet audio is final:
:meth:`EarlyFinal.feed` says so and the session asks the recogniser for its final
result at once (``FinalResult()``).  Open requests (the menu) and digit strings (more
digits may follow) keep the full, elderly-safe endpoint.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
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
        """After each chunk: ``True`` when the utterance can be finalised now."""
        if not self.phrases or self.quiet_s <= 0 or partial not in self.phrases:
            self._text, self._quiet = "", 0.0
            return False
        if partial != self._text:
            self._text, self._quiet = partial, 0.0
        if level_dbfs(pcm) < self.quiet_dbfs:
            self._quiet += len(pcm) / 2 / self.sample_rate
        else:
            self._quiet = 0.0
        return self._quiet >= self.quiet_s
