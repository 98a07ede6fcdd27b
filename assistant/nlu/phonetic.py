"""Tone-less pinyin with accent-tolerant folding.

Recogniser homophone errors (补办 → 不办) and Wu-accented Mandarin (身份 → 森份) change
characters but keep, or nearly keep, the sound.  We compare sounds: each character is
turned into tone-less pinyin, then folded so that the pairs elderly Zhoushan speakers and
the recogniser confuse become equal:

- zh / z, ch / c, sh / s: retroflex → flat
- n / l: initial n → l
- f / hu: hu- → f- (换 huan ~ 饭 fan, 会 hui ~ 费 fei)
- -ng / -n: final ng → n

For fast fuzzy matching every folded syllable is then mapped to one private-use Unicode
character, so a string of syllables can be compared with rapidfuzz exactly like a string
of characters.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

_INITIAL_FOLDS: tuple[tuple[str, str], ...] = (
    ("zh", "z"),
    ("ch", "c"),
    ("sh", "s"),
    ("n", "l"),
)
_HU_FINALS = {"i": "ei", "n": "en"}
"""hu- syllables whose f- twin is spelt differently (hui ~ fei, hun ~ fen)."""

_symbols: dict[str, str] = {}
_PUA_START = 0xE000


@lru_cache(maxsize=2048)
def fold(syllable: str) -> str:
    """Fold one tone-less pinyin syllable (``"shen"`` → ``"sen"``, ``"huang"`` → ``"fan"``).

    Anything that is not a lower-case Latin syllable (digits, letters of a plate) is
    returned unchanged.
    """
    s = syllable
    if not s.isascii() or not s.isalpha():
        return s
    for src, dst in _INITIAL_FOLDS:
        if s.startswith(src) and len(s) > len(src):
            s = dst + s[len(src) :]
            break
    if s.startswith("hu"):
        rest = s[2:] or "u"
        s = "f" + _HU_FINALS.get(rest, rest)
    if s.endswith("ng") and len(s) > 2:
        s = s[:-1]
    return s


def _one_per_character(chars: str) -> Any:
    """pypinyin's hook for non-Chinese runs: keep each character as its own item."""
    return list(chars)


def syllables(text: str) -> list[str]:
    """Folded tone-less pinyin of each character of ``text`` (non-Chinese kept per character)."""
    known = _remembered.get(text)
    return list(known if known is not None else _syllables(text))


_remembered: dict[str, tuple[str, ...]] = {}
"""Syllables read back from a file (:func:`remember`): training texts of the last model."""
_SEP = "\x1f"


def remember(path: Path) -> int:
    """Read the syllables stored by :func:`store` (a missing or broken file is no error:
    they are computed again); how many texts were read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    if not isinstance(data, dict) or data.get("version") != SOUNDS_VERSION:
        return 0
    texts = data.get("texts")
    if not isinstance(texts, dict):
        return 0
    _remembered.update(
        (t, tuple(v.split(_SEP)) if v else ()) for t, v in texts.items()
        if isinstance(t, str) and isinstance(v, str))
    return len(texts)


def store(path: Path, texts: Iterable[str]) -> None:
    """Write the syllables of ``texts`` (the training texts) so that the next training —
    after a staff edit, most lines unchanged — need not ask pypinyin again (~1-2 s of the
    retraining).  Best effort: a read-only disk only costs that time."""
    out = {t: _SEP.join(syllables(t)) for t in sorted(set(texts))}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": SOUNDS_VERSION, "texts": out},
                                  ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


SOUNDS_VERSION = 1
"""Bump when :func:`fold` or the pypinyin style changes: stored syllables are then ignored."""


@lru_cache(maxsize=8192)
def _syllables(text: str) -> tuple[str, ...]:
    """:func:`syllables`, cached: pypinyin is the costliest step of understanding (and
    its import, 0.27 s, is paid here on first use, not when the kiosk starts).

    What ``lazy_pinyin`` does, in its own two steps: the text cut into words by pypinyin's
    segmenter, then each word converted — a word's syllables are cached (:func:`_word`), so
    that 身份证, 驾驶证 or 我要 are converted once per process, not in every sentence
    (the same syllables as ``lazy_pinyin`` on the 17,000 dev-set texts, about six times
    faster: it was a third of the time of understanding)."""
    return tuple(s for word in _pinyin().seg(text) for s in _word(word))


@lru_cache(maxsize=32768)
def _word(word: str) -> tuple[str, ...]:
    """The folded syllables of one word of pypinyin's segmenter."""
    from pypinyin import Style

    converted = _converter().convert(word, Style.NORMAL, False, _one_per_character, strict=True)
    return tuple(fold(item) for readings in converted for item in readings)


@lru_cache(maxsize=1)
def _converter() -> Any:
    from pypinyin.converter import DefaultConverter

    return DefaultConverter()


@lru_cache(maxsize=1)
def _pinyin() -> Any:
    from pypinyin.core import Pinyin

    return Pinyin(_converter())


def symbol(syllable: str) -> str:
    """The one-character stand-in for a folded syllable (stable within a process)."""
    sym = _symbols.get(syllable)
    if sym is None:
        sym = syllable if len(syllable) == 1 else chr(_PUA_START + len(_symbols))
        _symbols[syllable] = sym
    return sym


@lru_cache(maxsize=8192)
def sound_key(text: str) -> str:
    """``text`` as a string of syllable symbols: homophones and accent pairs compare equal.

    ``sound_key("补办") == sound_key("不办")`` and ``sound_key("身份") == sound_key("森份")``.
    """
    return "".join(symbol(s) for s in syllables(text))


def clear_caches() -> None:
    """Forget cached syllables and sound keys (for timing cold utterances)."""
    _syllables.cache_clear()
    sound_key.cache_clear()
    _remembered.clear()
