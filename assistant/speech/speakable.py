"""Make text easy to *listen* to: numbers written out the way a clerk would say them.

The TTS voice reads "20元" or "13812345678" badly (or as one huge number).  Before
synthesis, :func:`speakable` rewrites, in this order:

=====================  ============================  =================================
kind                   written                       spoken
=====================  ============================  =================================
licence plate          浙L12345                      浙 L 幺 二 三 四 五
ID number (18)         330902198001011234            6-8-4 groups, digit by digit, 1=幺
mobile phone (11)      13812345678                   幺三八，幺二三四，五六七八
hotline                110 / 12345                   幺幺零 / 幺二三四五
time / range           9:00-17:30                    九点到十七点半
date                   2024年5月1日, 2024-05-01       二零二四年五月一日
amount                 20元, ¥2.5                    二十元, 二点五元
percent                3%                            百分之三
other numbers          15天, 2个, 123456             十五天, 两个, 一二三四五六
=====================  ============================  =================================

Digits read one by one use 幺 for 1 in phone, ID, plate and hotline numbers (as police
and telephone operators do), 一 elsewhere; 0 is 零; an ID's final X is 叉.  Numerals come
from :mod:`assistant.nlu.numbers` (``int_to_chinese``: 200 → 两百, ``read_digits``), so
the kiosk says numbers the way the matcher reads them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.nlu.numbers import int_to_chinese, read_digits

HOTLINES = ("110", "119", "120", "122", "12110", "12345", "12367", "96110")
"""Service numbers read digit by digit (幺幺零, not 一百一十)."""
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_MEASURES = "个天年次位张本份项件周岁月小"


def _number(text: str) -> str:
    """A decimal number: 2.5 → 二点五; 1,200 → 一千二百."""
    whole, _, frac = text.replace(",", "").partition(".")
    spoken = int_to_chinese(int(whole))
    return spoken + ("点" + read_digits(frac, one_as_yao=False) if frac else "")


def _grouped(digits: str, sizes: tuple[int, ...]) -> str:
    parts, start = [], 0
    for size in sizes:
        parts.append(read_digits(digits[start : start + size], one_as_yao=True))
        start += size
    return "，".join(p for p in parts if p)


def _plate(m: re.Match[str]) -> str:
    chars = [m[1], m[2].upper(), *m[3].upper()]
    return " ".join(read_digits(c, one_as_yao=True) if c.isdigit() else c for c in chars)


def _time(hour: str, minute: str) -> str:
    h, mins = int(hour), int(minute)
    spoken = "两" if h == 2 else int_to_chinese(h)
    if mins == 0:
        return spoken + "点"
    if mins == 30:
        return spoken + "点半"
    return spoken + "点" + ("零" if mins < 10 else "") + int_to_chinese(mins) + "分"


def _integer(m: re.Match[str]) -> str:
    text = m[0]
    if "." in text or "," in text:
        return _number(text)
    if len(text) >= 5 or (len(text) > 1 and text.startswith("0")):
        return read_digits(text, one_as_yao=False)
    if text == "2" and m.end() < len(m.string) and m.string[m.end()] in _MEASURES:
        return "两"
    return int_to_chinese(int(text))


_TIME = r"([01]?\d|2[0-3])[:：]([0-5]\d)"
_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(
            rf"([{_PROVINCES}])\s*·?\s*([A-Za-z])\s*·?\s*([A-Za-z0-9]{{5,6}})(?![A-Za-z0-9])"
        ),
        _plate,
    ),
    (
        re.compile(r"(?<![\dA-Za-z])(\d{17}[\dXx])(?![\dXx])"),
        lambda m: _grouped(m[1].upper(), (6, 8, 4)),
    ),
    (re.compile(r"(?<!\d)(1\d{10})(?!\d)"), lambda m: _grouped(m[1], (3, 4, 4))),
    (
        re.compile(r"(?<!\d)(0\d{2,3})-(\d{7,8})(?!\d)"),
        lambda m: _grouped(m[1], (4,)) + "，" + _grouped(m[2], (len(m[2]) - 4, 4)),
    ),
    (
        re.compile(rf"(?<![\d:：]){_TIME}\s*[-–~～至到]\s*{_TIME}(?![\d:：])"),
        lambda m: _time(m[1], m[2]) + "到" + _time(m[3], m[4]),
    ),
    (re.compile(rf"(?<![\d:：]){_TIME}(?![\d:：])"), lambda m: _time(m[1], m[2])),
    (
        re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
        lambda m: (
            f"{read_digits(m[1], one_as_yao=False)}年{int_to_chinese(int(m[2]))}月"
            f"{int_to_chinese(int(m[3]))}日"
        ),
    ),
    (re.compile(r"(?<!\d)(\d{4})年"), lambda m: read_digits(m[1], one_as_yao=False) + "年"),
    (
        re.compile(r"[¥￥]\s*(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s*元"),
        lambda m: _number(m[1] or m[2]) + "元",
    ),
    (re.compile(r"(\d+(?:\.\d+)?)\s*[%％]"), lambda m: "百分之" + _number(m[1])),
    (
        re.compile(rf"(?<![\d.])({'|'.join(sorted(HOTLINES, key=len, reverse=True))})(?![\d.])"),
        lambda m: read_digits(m[1], one_as_yao=True),
    ),
    (re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"), _integer),
]


def speakable(text: str) -> str:
    """``text`` with plates, ID/phone numbers, times, dates, amounts and numbers written
    the way they should be read aloud (see the module table)."""
    for pattern, replace in _RULES:
        text = pattern.sub(replace, text)
    return text
