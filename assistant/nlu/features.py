"""What the intent model sees of an utterance: character and sound n-grams.

An utterance is normalised (:mod:`assistant.nlu.normalize`), its slot values are masked
(a plate becomes ``<plate>``, a long digit run ``<number>``: which plate someone names
says nothing about what they want), and it is described by

* character n-grams (1–2 characters, with ``^``/``$`` marking the ends), which tell
  换领 from 补领 and 驾驶证 from 行驶证, and
* n-grams (1–2) of its folded tone-less pinyin syllables (:mod:`assistant.nlu.phonetic`),
  so that a homophone or accent error (不办 for 补办, 森份证 for 身份证) still shares most
  of its features with the intended words.

The features are plain strings (stable across processes, so a trained model can be
cached on disk); :func:`describe` turns one back into something staff can read.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.nlu.phonetic import syllables

PLATE = "\ue800"
"""Stand-in character for a plate number (shown as ``<plate>``)."""
NUMBER = "\ue801"
"""Stand-in character for a long digit run: ID, phone number (shown as ``<number>``)."""

_PLATE = re.compile(r"[\u4e00-\u9fff]?[a-z]{1,2}\d[0-9a-z]{3,6}")
_NUMBER = re.compile(r"\d{5,}x?")

CHAR_NGRAMS = (1, 2)
"""Smallest and largest character n-gram."""
SOUND_NGRAMS = (1, 2)
"""Smallest and largest syllable n-gram."""
SOUND_PREFIX = "♪"
"""Marks a sound feature (``♪fan_lin`` = the syllables huan ling folded)."""


def mask(norm: str) -> str:
    """``norm`` with plates and long digit runs replaced by one stand-in character each."""
    return _NUMBER.sub(NUMBER, _PLATE.sub(PLATE, norm))


@lru_cache(maxsize=8192)
def features(norm: str) -> tuple[str, ...]:
    """The distinct features of a *normalised* utterance (empty for an empty one)."""
    text = mask(norm)
    if not text:
        return ()
    out: set[str] = set()
    padded = f"^{text}$"
    lo, hi = CHAR_NGRAMS
    for n in range(lo, hi + 1):
        for i in range(len(padded) - n + 1):
            gram = padded[i : i + n]
            if gram not in ("^", "$"):
                out.add(gram)
    sounds = syllables(text)  # the stand-ins stay one symbol each
    lo, hi = SOUND_NGRAMS
    for n in range(lo, hi + 1):
        for i in range(len(sounds) - n + 1):
            out.add(SOUND_PREFIX + "_".join(sounds[i : i + n]))
    return tuple(sorted(out))


def describe(feature: str) -> str:
    """A feature as staff can read it: ``"换领"``, ``"♪fan_lin"`` → ``"(音) fan lin"``."""
    readable = feature.replace(PLATE, "<plate>").replace(NUMBER, "<number>")
    if readable.startswith(SOUND_PREFIX):
        return "(音)" + readable[len(SOUND_PREFIX) :].replace("_", " ")
    return readable.replace("^", "「").replace("$", "」")
