"""Text normalisation before matching.

Typed text and recogniser transcripts are brought to one form: NFKC (full-width →
half-width), lower case, no punctuation or spaces (vosk puts spaces between Chinese
words), hesitation fillers removed, a few Wu dialect words mapped to Mandarin, a denied
manner said as its opposite ("不要那么小声" → "大声点"), and spoken numbers turned into
digits where they form a number.
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
    "学堂": "学校",
    "驾驶执照": "驾驶证",
    "行车本": "行驶证",
    "行车证": "行驶证",
    "驾驶本": "驾驶证",
    "开出租车的": "",
    "开出租的": "",
    "开出租车": "",
    "开出租": "",
}
"""Wu (舟山话) words, and formal or old names of documents (驾驶执照, 行车本), mapped to the
Mandarin the intent files use; a taxi driver's trade (开出租) left out: it says who is
speaking, not what is wanted (it read as 出租房屋登记)."""

WU_NOT = str.maketrans({"勿": "不", "弗": "不", "覅": "不要"})
"""Zhoushan 勿/弗/覅 heard as 不/不要 ("勿补了" is "不补了", "看勿清爽" is "看不清爽"): for
word lists that need no Wu copies (slot values, the dialog's ``listen_for``).  Not part
of :func:`normalize` — the model learns the Wu forms as they are said."""

OPPOSITES: dict[str, str] = {
    "小声": "大声", "大声": "小声", "轻": "响", "响": "轻", "快": "慢", "慢": "快",
}  # fmt: skip
"""A denied manner is its opposite: "不要那么小声" → "大声点", "别讲这么快" → "讲慢点"."""

_NON_WORD = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_DENIED_MANNER = re.compile(
    r"(?:不要|别|不用)(讲|说|开|放)?得?(?:那么|这么|太|忒|介)("
    + "|".join(sorted(OPPOSITES, key=len, reverse=True))
    + ")"
)
_DENIED_VOLUME = re.compile(
    r"(声音|音量)(?:不要|别|不用)(?:开|放|调)?得?(?:那么|这么|太|忒|介)([大小])"
)
"""The volume denied: "声音别这么小" → "声音大点" (介 is Wu for 这么: "声音覅介响")."""
_SIGHED = re.compile(r"(?<![有还])(?:也|又|真|实在)?没(?:有|得)?(?:啥|什么)?办法(?:的|了|啊|呀)?")
"""A sigh, "没办法" ("心疼也没办法，交掉算了"): left out — no question about how (办法) is asked
(not "有没有办法", "还有没办法")."""
_FILLER = re.compile("|".join(sorted(map(re.escape, FILLERS), key=len, reverse=True)))
_DIALECT = re.compile("|".join(sorted(map(re.escape, DIALECT), key=len, reverse=True)))


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Normalised form of ``text`` (may be empty for pure punctuation or noise)."""
    s = unicodedata.normalize("NFKC", text).lower()
    s = _NON_WORD.sub("", s)
    s = _DIALECT.sub(lambda m: DIALECT[m.group(0)], s)
    s = _SIGHED.sub("", s) or s
    s = _DENIED_MANNER.sub(lambda m: f"{m.group(1) or ''}{OPPOSITES[m.group(2)]}点", s)
    s = _DENIED_VOLUME.sub(lambda m: f"{m.group(1)}{'小' if m.group(2) == '大' else '大'}点", s)
    stripped = _FILLER.sub("", s)
    if stripped:
        s = stripped
    return normalize_digits(s)
