"""Chinese numerals ⇄ integers, digit-by-digit reading, and spoken digits in free text.

Four jobs, all pure and fast (every regular expression is compiled at import):

- :func:`chinese_to_int` reads one numeral: ``二十`` → 20, ``一百零五`` → 105,
  ``三万五`` → 35000, ``幺三八`` → 138.
- :func:`int_to_chinese` writes one: 105 → ``一百零五``, 2000 → ``两千``.
- :func:`read_digits` spells a number digit by digit for the voice: ``138`` → ``幺三八``.
- :func:`normalize_digits` rewrites an utterance so that spoken numbers that carry data
  (phone and ID digits, amounts, dates, counts above nine) become ASCII digits while
  words that merely contain a numeral (一下, 统一, 万一, 十分, 三轮车) stay as they are.
  The intent matcher normalises both the intent examples and the user's words with it,
  so what matters most is that every way of saying one thing ends up as one string.

:func:`find_digit_runs` finds digit strings (typed, full-width or spoken, possibly
separated by spaces as the recogniser writes them) for the slot parsers and for masking.

Spoken digit words: 零 〇 洞 → 0, 一 幺 → 1, 二 两 → 2, 三 … 九 (洞 and 幺 are the
radio/police forms).  俩 ("the two of") is read as 2 only by :func:`chinese_to_int`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
"""Translation table: full-width digits → ASCII digits."""

SPOKEN_DIGITS = "零〇洞一幺二两三四五六七八九"
"""Chinese characters that stand for one digit when a number is read digit by digit."""

DIGIT_CHARS: Mapping[str, str] = MappingProxyType(
    {
        **{d: d for d in "0123456789"},
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "零": "0", "〇": "0", "洞": "0",
        "一": "1", "幺": "1",
        "二": "2", "两": "2",
        "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
    }
)  # fmt: skip
"""Every character that is one digit (ASCII, full-width or spoken) → its ASCII digit."""

_INT_DIGITS: Mapping[str, int] = MappingProxyType(
    {**{k: int(v) for k, v in DIGIT_CHARS.items()}, "俩": 2}
)
_ZEROS = frozenset("零〇洞0")
_SMALL_UNITS: Mapping[str, int] = MappingProxyType({"十": 10, "百": 100, "千": 1000})
_BIG_UNITS: Mapping[str, int] = MappingProxyType({"万": 10**4, "亿": 10**8})
_UNIT_CHARS = frozenset("十百千万亿")

_WS = re.compile(r"\s+")
_COUNT_TOKEN = re.compile(r"[0-9]+|.", re.S)

# ---------------------------------------------------------------------------------------
# Chinese numeral → int


def chinese_to_int(s: str) -> int | None:
    """The integer a Chinese (or ASCII) numeral stands for, or ``None``.

    Accepts:

    - counted numerals with 十 百 千 万 亿: ``十`` → 10, ``二十`` → 20, ``一百零五`` → 105,
      ``两千`` → 2000, ``十五万`` → 150000, ``一亿零五百`` → 100000500;
    - the spoken short forms where a trailing digit takes the next lower unit:
      ``一百五`` → 150, ``三万五`` → 35000, ``两千三`` → 2300 (but ``一百零五`` → 105);
    - digit strings read one by one: ``幺三八`` → 138, ``二零二六`` → 2026, ``洞`` → 0,
      ``12`` → 12, ``１２`` → 12 (leading zeros are dropped from the value);
    - an ASCII number directly before 万/亿 (``3万`` → 30000, ``12万`` → 120000) and
      single ASCII digits in place of Chinese ones (``3千5`` → 3500);
    - a leading ``负`` for negative numbers; whitespace anywhere is ignored.

    Returns ``None`` for anything else: decimals (``二十五点五``, ``2.5``), approximate
    ranges (``三四百``, ``十二三``), malformed numerals (``百``, ``十十``, ``二二十``,
    ``一千零``), empty text, or any non-numeral character.
    """
    t = _WS.sub("", s).translate(FULLWIDTH_DIGITS)
    sign = 1
    if t.startswith("负"):
        sign, t = -1, t[1:]
    if not t:
        return None
    if all(ch in _INT_DIGITS for ch in t):
        return sign * int("".join(str(_INT_DIGITS[ch]) for ch in t))
    value = _parse_counted(t)
    return None if value is None else sign * value


def _parse_counted(t: str) -> int | None:
    """Value of a numeral that contains at least one unit character, or ``None``."""
    tokens = _COUNT_TOKEN.findall(t)
    total = 0  # the 亿 part, already multiplied
    wan = 0  # the 万 part, already multiplied
    sec = 0  # the current group below 万
    pending: int | None = None  # a digit waiting for its unit
    last_small = 10_000  # units inside a group must decrease: 千 > 百 > 十
    last_mult = 0  # value of the last unit seen (for 一百五 → 150)
    zero = False  # a 零 came after the last unit (so 一百零五 → 105, not 150)
    for i, tok in enumerate(tokens):
        if tok in _ZEROS:
            if pending is not None:
                return None
            zero = True
        elif tok in _INT_DIGITS or (tok.isascii() and tok.isdigit()):
            if pending is not None:
                return None
            if len(tok) > 1:  # an ASCII number: only as the coefficient of 万 / 亿
                if i + 1 >= len(tokens) or tokens[i + 1] not in _BIG_UNITS:
                    return None
                pending = int(tok)
            else:
                pending = _INT_DIGITS[tok]
        elif tok in _SMALL_UNITS:
            unit = _SMALL_UNITS[tok]
            if unit >= last_small:
                return None
            if pending is None:
                if unit != 10:  # only 十 may stand alone (十五, 一百十)
                    return None
                pending = 1
            sec += pending * unit
            pending, last_small, last_mult, zero = None, unit, unit, False
        elif tok in _BIG_UNITS:
            if pending is not None:
                sec += pending
                pending = None
            if tok == "万":
                if sec == 0 or wan:
                    return None
                wan = sec * 10_000
            else:
                if wan + sec == 0 or total:
                    return None
                total = (wan + sec) * 10**8
                wan = 0
            sec, last_small, last_mult, zero = 0, 10_000, _BIG_UNITS[tok], False
        else:
            return None
    if pending is not None:
        sec += pending if zero or last_mult == 0 else pending * (last_mult // 10)
    elif zero:
        return None
    return total + wan + sec


# ---------------------------------------------------------------------------------------
# int → Chinese numeral

_DIGIT_WORDS = "零一二三四五六七八九"


def int_to_chinese(n: int, *, liang: bool = True) -> str:
    """``n`` written as a Chinese numeral, the way a clerk says an amount.

    ``0`` → ``零``, ``10`` → ``十``, ``15`` → ``十五``, ``20`` → ``二十``, ``105`` →
    ``一百零五``, ``110`` → ``一百一十``, ``1005`` → ``一千零五``, ``10010`` → ``一万零一十``,
    ``150000`` → ``十五万``, negative numbers get a leading ``负``.

    Choice for 2: the *leading* 2 before 百 / 千 / 万 / 亿 is said ``两`` (``两百``,
    ``两千``, ``两万``, ``两千二百``), because that is how amounts are spoken (两千元);
    every other 2 is ``二`` (``二``, ``二十``, ``一千二百``, ``十二万``).  Pass
    ``liang=False`` for the written/formal form with ``二`` everywhere (``二千``).
    A bare count of two (两个, 两元) is the caller's business: ``int_to_chinese(2)`` is
    ``二``, the form used for ordinals, dates and digits.
    """
    if n < 0:
        return "负" + int_to_chinese(-n, liang=liang)
    if n == 0:
        return "零"
    return _render(n, leading=True, liang=liang)


def _render(n: int, *, leading: bool, liang: bool) -> str:
    """1 ≤ n: groups of 亿 and 万 with the zeros Chinese needs between them."""
    if n >= 10**8:
        base, unit = 10**8, "亿"
    elif n >= 10**4:
        base, unit = 10**4, "万"
    else:
        return _group(n, leading=leading, liang=liang)
    high, low = divmod(n, base)
    head = _render(high, leading=leading, liang=liang)
    if liang and leading and head == "二":
        head = "两"
    out = head + unit
    if low:
        if low < base // 10:  # the lower group does not start at its top digit: 一万零五
            out += "零"
        out += _render(low, leading=False, liang=liang)
    return out


def _group(n: int, *, leading: bool, liang: bool) -> str:
    """1 ≤ n ≤ 9999 in Chinese, inner zeros collapsed to one 零."""
    out: list[str] = []
    zero = False
    for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        word = _DIGIT_WORDS[digit]
        if not out and leading:
            if digit == 1 and power == 10:
                word = ""  # 十五, not 一十五
            elif digit == 2 and power >= 100 and liang:
                word = "两"
        out.append(word + unit)
    return "".join(out)


# ---------------------------------------------------------------------------------------
# digit-by-digit reading


def read_digits(s: str, *, one_as_yao: bool = True) -> str:
    """``s`` with every digit replaced by its Chinese word, for reading a number aloud.

    ``"13812345678"`` → ``"幺三八幺二三四五六七八"``; 0 is ``零``; 1 is ``幺`` (as police
    and telephone operators say it, so it is not heard as 七) unless ``one_as_yao`` is
    false, then ``一``.  ``X``/``x`` (the last character of some ID numbers) becomes
    ``叉``.  Full-width digits are read too; every other character, including spaces
    (useful pauses between groups), is kept as it is.
    """
    words = "零幺" if one_as_yao else "零一"
    table = {**{str(i): (words + _DIGIT_WORDS[2:])[i] for i in range(10)}, "X": "叉", "x": "叉"}
    return "".join(table.get(ch, ch) for ch in s.translate(FULLWIDTH_DIGITS))


# ---------------------------------------------------------------------------------------
# digit runs in free text

_RUN_DIGIT = "0-9０-９" + SPOKEN_DIGITS
_STRICT_SEP = r"[\s\-－]"
_LOOSE_SEP = r"[\s\-－,，、.。:：;；/]"


def _run_pattern(sep: str, allow_x: bool) -> re.Pattern[str]:
    x = rf"(?:{sep}*[Xx叉](?![A-Za-z]))?" if allow_x else ""
    return re.compile(rf"[{_RUN_DIGIT}](?:{sep}*[{_RUN_DIGIT}])*{x}")


_RUNS: Mapping[tuple[bool, bool], re.Pattern[str]] = MappingProxyType(
    {
        (loose, allow_x): _run_pattern(_LOOSE_SEP if loose else _STRICT_SEP, allow_x)
        for loose in (False, True)
        for allow_x in (False, True)
    }
)


@dataclass(frozen=True)
class DigitRun:
    """A digit string found in free text."""

    start: int
    """Index of its first character in the text."""
    end: int
    """Index just after its last character (``text[start:end]`` is the run as written)."""
    digits: str
    """The run as ASCII digits, separators removed; may end in ``X`` (see ``allow_x``)."""


def find_digit_runs(text: str, *, allow_x: bool = False, loose: bool = False) -> list[DigitRun]:
    """All digit strings in ``text``, left to right.

    A digit is an ASCII, full-width or spoken digit (:data:`DIGIT_CHARS`).  Digits
    separated only by whitespace or hyphens belong to one run (the recogniser writes
    ``幺 三 八``, people type ``138-1234-5678``); with ``loose`` also by ``, ， 、 . 。
    : ： ; ； /`` (used for masking, where merging too much is safer than too little).
    With ``allow_x`` a final ``X``, ``x`` or ``叉`` (ID check character) joins the run and
    appears as ``X`` in :attr:`DigitRun.digits`.  Unit characters (十, 百 …) end a run.
    """
    out: list[DigitRun] = []
    for m in _RUNS[(loose, allow_x)].finditer(text):
        digits = "".join(DIGIT_CHARS.get(ch, "X" if ch in "Xx叉" else "") for ch in m.group(0))
        out.append(DigitRun(m.start(), m.end(), digits))
    return out


# ---------------------------------------------------------------------------------------
# normalize_digits

_NUMERAL = "0-9" + SPOKEN_DIGITS + "十百千万亿"
_NUM_TOKEN = re.compile(f"[{_NUMERAL}]+")
_DECIMAL_MONEY = re.compile(
    r"([0-9零〇一二两三四五六七八九十百千万亿]+)点([0-9零〇一二三四五六七八九]+)(?=\s*(?:元|块))"
)
_COUNTERS = "个张次本件位名份辆遍趟项页种台条套把只支双人"
_DATA_UNIT = re.compile(r"\s*(?:元|块(?!儿)|毛|角|分钟|分(?!之)|月|号|日|岁|天|年|周|小时|秒)")
_COUNTER = re.compile(rf"\s*[{_COUNTERS}]")
_TEN_CONTEXT = re.compile(
    rf"\s*(?:元|块(?!儿)|毛|角|分钟|月|号|日|岁|天|年|周|小时|秒|点|[{_COUNTERS}])"
)
_APPROX_BEFORE = frozenset("几数")
_APPROX_AFTER = frozenset("几多来余")
_KEEP_RUNS = frozenset({"三三两两", "七七八八"})
_ASCII_COUNT_WORD = "〇一两三四五六七八九"


def _tokens(text: str) -> list[tuple[int, int]]:
    """Numeral spans; spans separated only by whitespace are joined unless both sides
    are ASCII digits (``幺 三 八`` is one number, ``2026 3`` is two)."""
    spans: list[tuple[int, int]] = []
    for m in _NUM_TOKEN.finditer(text):
        start, end = m.span()
        if spans:
            p_start, p_end = spans[-1]
            gap = text[p_end:start]
            if gap.isspace() and not (text[p_end - 1].isascii() and text[start].isascii()):
                spans[-1] = (p_start, end)
                continue
        spans.append((start, end))
    return spans


def _decimal_money(m: re.Match[str]) -> str:
    whole = chinese_to_int(m.group(1))
    if whole is None:
        return m.group(0)
    return f"{whole}.{''.join(DIGIT_CHARS[c] for c in m.group(2))}"


def _convert(core: str, before: str, prev: str, after: str) -> str | None:
    """Replacement for one numeral span (whitespace removed), or ``None`` to keep it.

    ``before`` is the character just before the span, ``prev`` the last non-space one
    before it, ``after`` the text after it.
    """
    if any(c in _UNIT_CHARS for c in core):
        if prev in _APPROX_BEFORE or after.lstrip()[:1] in _APPROX_AFTER:
            return None
        if core == "十" and not _TEN_CONTEXT.match(after):
            return None
        value = chinese_to_int(core)
        return None if value is None else str(value)
    if core in _KEEP_RUNS:
        return None
    if len(core) >= 3 or (len(core) == 2 and any(c in "幺洞〇0123456789" for c in core)):
        return "".join(DIGIT_CHARS[c] for c in core)
    if len(core) == 2:
        return None
    # one digit
    if core.isascii():
        if core != "0" and not (before.isascii() and before.isalnum()) and _COUNTER.match(after):
            return "二" if core == "2" and prev == "第" else _ASCII_COUNT_WORD[int(core)]
        return None
    if core in "幺洞〇零":
        return None
    if _DATA_UNIT.match(after):
        return DIGIT_CHARS[core]
    if core == "二" and prev != "第" and _COUNTER.match(after):
        return "两"
    return None


def normalize_digits(text: str) -> str:
    """``text`` with spoken numbers that carry data rewritten as ASCII digits.

    Converted (everything else is left exactly as it was):

    1. full-width digits → ASCII (``１２`` → ``12``);
    2. digit strings of three or more digits, spoken or mixed, spaces between them
       dropped: ``幺三八幺二三四五六七八`` → ``13812345678``, ``幺 二 三`` → ``123``,
       ``二零二六年`` → ``2026年``, ``幺幺零`` → ``110``; two-digit strings only when they
       contain 幺, 洞, 〇 or an ASCII digit (``幺二`` → ``12``; ``三四``, ``七八``, ``一两``
       are ranges or idioms and stay);
    3. numerals with a unit character (十 百 千 万 亿), anywhere: ``二十元`` → ``20元``,
       ``一百零五`` → ``105``, ``三万五`` → ``35000``, ``十二次`` → ``12次``,
       ``二十四小时`` → ``24小时``; a bare ``十`` only before a unit or counter word
       (``十元``, ``十点``, ``十个``, ``十分钟`` → ``10…``; ``十分`` "very", ``十字`` stay);
    4. one spoken digit directly before a unit of money, date, age or time — 元 块 毛 角
       分 分钟 月 号 日 岁 天 年 周 小时 秒: ``三月五号`` → ``3月5号``, ``五元`` → ``5元``,
       ``两年`` → ``2年`` (not ``块儿`` "together", not ``分之`` of fractions);
    5. decimal amounts before 元/块: ``十二点五元`` → ``12.5元``.

    Quantity phrases with a one-digit count before a counter word (个 张 次 本 件 位
    名 份 辆 遍 趟 项 页 种 台 条 套 把 只 支 双 人) stay Chinese words — ``一张``,
    ``一次``, ``一个``, ``三个月`` — but are made consistent: ``二次`` → ``两次``, and a
    lone ASCII digit becomes the word (``2次`` → ``两次``, ``1张`` → ``一张``,
    ``第2次`` → ``第二次``).  So 一次/1次, 二次/两次/2次 and 十二次/12次 each end up as one
    string.  Ordinals after 第 keep their 二 (``第二次``).

    Deliberately left alone: numerals inside words (一下, 一样, 统一, 万一, 唯一, 十分,
    十足, 三轮车, 星期三, 周一 …), lone 幺 洞 〇 零 (大洞岙, 零钱), one digit before anything
    else (一点 "a little", 三点 o'clock, 一起), approximations (几十, 数百, 十几, 二十多,
    一百来, 三四百, 十二三岁, 一两个), the idioms 三三两两 and 七七八八, and numbers that do
    not parse (万一, 千万).  Nothing else in the text changes (spaces and punctuation
    outside numbers are kept).
    """
    text = text.translate(FULLWIDTH_DIGITS)
    if "点" in text:
        text = _DECIMAL_MONEY.sub(_decimal_money, text)
    out: list[str] = []
    pos = 0
    for start, end in _tokens(text):
        core = _WS.sub("", text[start:end])
        before = text[start - 1] if start else ""
        prev = text[:start].rstrip()[-1:]
        new = _convert(core, before, prev, text[end:])
        if new is not None:
            out.append(text[pos:start])
            out.append(new)
            pos = end
    out.append(text[pos:])
    return "".join(out)
