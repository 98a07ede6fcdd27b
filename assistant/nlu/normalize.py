"""Text normalisation before matching.

Typed text and recogniser transcripts are brought to one form: NFKC (full-width →
half-width), lower case, no punctuation or spaces (vosk puts spaces between Chinese
words), hesitation fillers removed, a few Wu dialect words mapped to Mandarin, and
spoken numbers turned into digits where they form a number.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from assistant.nlu.numbers import normalize_digits

FILLERS: tuple[str, ...] = (
    "那个", "这个", "就是说", "嗯", "呃", "额", "啊", "呀", "哎", "唉", "哦", "喔",
)  # fmt: skip
"""Hesitation words dropped before matching (unless nothing else is left)."""

DIALECT: dict[str, str] = {
    "阿拉": "我",
    "侬": "你",
    "啥": "什么",
    "覅": "不要",
    "勿要": "不要",
    "伐": "吗",
}
"""Wu (舟山话) words mapped to the Mandarin the intent files use."""

_NON_WORD = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_FILLER = re.compile("|".join(sorted(map(re.escape, FILLERS), key=len, reverse=True)))
_DIALECT = re.compile("|".join(sorted(map(re.escape, DIALECT), key=len, reverse=True)))


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Normalised form of ``text`` (may be empty for pure punctuation or noise)."""
    s = unicodedata.normalize("NFKC", text).lower()
    s = _NON_WORD.sub("", s)
    s = _DIALECT.sub(lambda m: DIALECT[m.group(0)], s)
    stripped = _FILLER.sub("", s)
    if stripped:
        s = stripped
    return normalize_digits(s)
