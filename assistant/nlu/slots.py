"""Slot values from an utterance: plate, ID number, phone, date, amount, yes/no.

Every parser accepts raw text as typed or as the recogniser writes it (spaces between
words, full-width characters, spoken digits: ``浙 l 幺 二 三 四 五``) as well as text
already normalised by :mod:`assistant.nlu.normalize`, and returns the value in the
canonical form of DESIGN.md, or ``None`` when the utterance does not contain one.
All functions are pure (``extract`` reads the clock only when no ``today`` is given).

Spoken digits: 零 〇 洞 → 0, 一 幺 → 1, 二 两 → 2, 三 … 九 (see
:mod:`assistant.nlu.numbers`); 叉 / X / x is the ID check character X.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from enum import Enum
from types import MappingProxyType

from assistant.domain.idcard import id_check_digit as id_check_digit
from assistant.nlu.answers import parse_yes_no as parse_yes_no
from assistant.nlu.numbers import DIGIT_CHARS, chinese_to_int, find_digit_runs

SLOT_TYPES: tuple[str, ...] = ("plate_number", "id_number", "phone", "date", "amount", "yes_no")
"""Slot types :func:`extract` understands (the typed ones of ``catalogue.SLOT_TYPES``)."""

_WS = re.compile(r"\s+")


def _nfkc(text: str) -> str:
    """Full-width → half-width, whitespace removed."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


# ---------------------------------------------------------------------------------------
# plate numbers

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
"""One-character province abbreviations that start a plate."""

LOCAL_PROVINCE = "浙"
"""Province assumed when a plate is said without one (local plates are 浙L)."""

LETTER_READINGS: Mapping[str, str] = MappingProxyType(
    {
        "艾弗": "F", "艾尺": "H", "艾勒": "L", "艾尔": "L", "埃尔": "L",
        "艾": "A", "比": "B", "西": "C", "迪": "D", "伊": "E", "吉": "G", "杰": "J", "开": "K",
    }
)  # fmt: skip
"""Chinese readings of plate letters the parser accepts (longest first when matching).

Deliberately small: the city letters of Zhejiang (A 杭州 … L 舟山) and the new-energy
letters D and F.  Latin letters are always accepted; other letters must be said as
Latin letters.  吉 is a letter only where a letter is expected (吉A… is a Jilin plate).
"""

_PLATE_LETTERS = frozenset("ABCDEFGHJKLMNPQRSTUVWXYZ")  # no I, no O
_PLATE_TOKEN = re.compile(
    "(?P<read>"
    + "|".join(sorted((k for k in LETTER_READINGS if k != "吉"), key=len, reverse=True))
    + rf")|(?P<prov>[{PROVINCES}])|(?P<letter>[A-Z])|(?P<digit>[{''.join(DIGIT_CHARS)}])|."
)
_PLATE_SEPARATORS = re.compile(r"[\s\-·・•.…、]+|[，,、]?(?:嗯|呃|额|恩)+[，,、]?")
"""What may stand between the characters of a plate: spaces, dots, enumeration commas, and a
pause ("浙L一二三……嗯，四五": one plate said in two breaths; "浙L、呃、幺幺二八八")."""
_NEV_TAIL = re.compile(r"[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF]")
_ORDINARY_TAIL = re.compile(r"[A-HJ-NP-Z0-9]{5}")


def _plate_tokens(text: str) -> list[tuple[str, str]]:
    """``(kind, value)`` pairs: kind ``P`` province, ``L`` letter, ``D`` digit, ``O`` other.

    吉 is kind ``P`` with value 吉; callers read it as the letter G where a letter fits.
    """
    s = unicodedata.normalize("NFKC", text).upper()
    s = _PLATE_SEPARATORS.sub("", s).replace("浙江省", "浙").replace("浙江", "浙")
    out: list[tuple[str, str]] = []
    for m in _PLATE_TOKEN.finditer(s):
        if m.group("read"):
            out.append(("L", LETTER_READINGS[m.group("read")]))
        elif m.group("prov"):
            out.append(("P", m.group("prov")))
        elif m.group("letter"):
            out.append(("L", m.group("letter")))
        elif m.group("digit"):
            out.append(("D", DIGIT_CHARS[m.group("digit")]))
        else:
            out.append(("O", m.group(0)))
    return out


def _as_plate_char(token: tuple[str, str]) -> str | None:
    """The letter or digit a token stands for inside a plate, or ``None``."""
    kind, value = token
    if kind in ("L", "D"):
        return value
    if token == ("P", "吉"):
        return "G"
    return None


def _valid_tail(tail: str) -> bool:
    """5 characters with at most two letters, or a 6-character new-energy serial."""
    if len(tail) == 5:
        return bool(_ORDINARY_TAIL.fullmatch(tail)) and sum(c.isalpha() for c in tail) <= 2
    return bool(_NEV_TAIL.fullmatch(tail))


def _tail_at(tokens: list[tuple[str, str]], k: int) -> str | None:
    """The maximal run of plate characters starting at ``tokens[k]``, if 5 or 6 long."""
    chars: list[str] = []
    while k < len(tokens) and len(chars) <= 6:
        ch = _as_plate_char(tokens[k])
        if ch is None:
            break
        chars.append(ch)
        k += 1
    return "".join(chars) if len(chars) in (5, 6) else None


def parse_plate(text: str, *, assume_prefix: str | None = None) -> str | None:
    """The licence plate in ``text`` as ``浙L12345`` (or ``浙LD12345``), or ``None``.

    Accepts ``浙L12345``, ``浙l·12345``, ``浙 L 幺 二 三 四 五``, ``浙江L12345``, letters as
    Latin letters or as the readings in :data:`LETTER_READINGS` (``浙艾勒幺二三四五``),
    other provinces (``沪A12345``).  Without a province the plate is local: ``L12345``
    → ``浙L12345`` (this also repairs the homophone 这 for 浙).

    Valid plates: province + city letter + either 5 characters (digits and at most two
    letters) or a new-energy serial of 6 (``D``/``F`` then a letter or digit and four
    digits, or five digits then ``D``/``F``).  I and O never occur; a plate with them,
    with a wrong length or without a city letter is rejected.

    ``assume_prefix`` (e.g. ``"浙L"``): when no full plate is found, a bare 5- or
    6-character serial (``幺二三四五``) is accepted with this prefix.  Default: no.
    """
    tokens = _plate_tokens(text)
    for i, token in enumerate(tokens):
        if i > 0 and _as_plate_char(tokens[i - 1]) is not None:
            continue  # inside a longer run of letters and digits
        province, j = LOCAL_PROVINCE, i
        if token[0] == "P" and i + 1 < len(tokens) and tokens[i + 1][0] in ("L", "P"):
            province, j = token[1], i + 1
        if j == i and token[0] == "P":
            continue  # 吉 at the start is Jilin, not the letter G
        city = _as_plate_char(tokens[j])
        if city is None or not city.isalpha() or city not in _PLATE_LETTERS:
            continue
        tail = _tail_at(tokens, j + 1)
        if tail is not None and _valid_tail(tail):
            return f"{province}{city}{tail}"
    if assume_prefix is not None:
        if len(assume_prefix) != 2 or assume_prefix[0] not in PROVINCES:
            raise ValueError(
                f"assume_prefix must be a province and a letter, got {assume_prefix!r}"
            )
        for i in range(len(tokens)):
            if i > 0 and _as_plate_char(tokens[i - 1]) is not None:
                continue
            tail = _tail_at(tokens, i)
            if tail is not None and _valid_tail(tail):
                return assume_prefix.upper() + tail
    return None


# ---------------------------------------------------------------------------------------
# resident ID numbers (GB 11643-1999)

ID_REGIONS = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
     "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
     "63", "64", "65", "71", "81", "82", "83", "91"}
)  # fmt: skip
"""Valid first two digits: province codes, 81-83 (HK, Macao, Taiwan residence permits),
91 (foreigners' permanent residence ID)."""
_ID_FORM = re.compile(r"[0-9]{17}[0-9X]")
_MIN_BIRTH_YEAR = 1800  # the GB 11643 example 440524188001010014 must stay valid


class IdNumberProblem(Enum):
    """Why a heard ID number is not valid, with a short Chinese sentence for the kiosk."""

    NOT_HEARD = "没有听到身份证号码"
    WRONG_LENGTH = "身份证号码应该是18位"
    MISPLACED_X = "只有最后一位可以是X"
    BAD_REGION = "号码开头的地区码不对"
    BAD_BIRTH_DATE = "号码里的出生日期不对"
    BAD_CHECK_DIGIT = "最后一位校验码对不上，可能有一位听错了"

    @property
    def message(self) -> str:
        """The Chinese sentence the kiosk can say."""
        return self.value


def _birth_date(number: str) -> dt.date | None:
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return born if born.year >= _MIN_BIRTH_YEAR else None


def _problem_of(number: str, today: dt.date | None) -> IdNumberProblem | None:
    """Problem of a compact candidate (ASCII digits, maybe ``X``), or ``None`` if valid."""
    if not number:
        return IdNumberProblem.NOT_HEARD
    if len(number) != 18:
        return IdNumberProblem.WRONG_LENGTH
    if not _ID_FORM.fullmatch(number):
        return IdNumberProblem.MISPLACED_X
    if number[:2] not in ID_REGIONS:
        return IdNumberProblem.BAD_REGION
    born = _birth_date(number)
    if born is None or (today is not None and born > today):
        return IdNumberProblem.BAD_BIRTH_DATE
    if id_check_digit(number[:17]) != number[17]:
        return IdNumberProblem.BAD_CHECK_DIGIT
    return None


def is_valid_id_number(s: str, *, today: dt.date | None = None) -> bool:
    """True when ``s`` is an 18-character resident ID number that passes every check.

    ``s`` is the number itself (ASCII or full-width digits; ``x`` is accepted for ``X``;
    spaces and hyphens between groups are ignored).  Checks: 17 digits then a digit or
    X, a known region code, a real birth date (not after ``today`` when given), and the
    GB 11643 check character.
    """
    compact = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", s)).upper()
    return _problem_of(compact, today) is None


def _id_candidate(text: str) -> str:
    """The digits (and X) of the utterance that most look like one ID number."""
    runs = find_digit_runs(text, allow_x=True)
    if not runs:
        return ""
    exact = [r.digits for r in runs if len(r.digits) == 18]
    if exact:
        return exact[0]
    joined = "".join(r.digits for r in runs)  # an X in the middle splits a run
    if len(joined) == 18:
        return joined
    return max((r.digits for r in runs), key=len)


def id_number_problem(text: str, *, today: dt.date | None = None) -> IdNumberProblem | None:
    """What is wrong with the ID number said in ``text``, or ``None`` if it is valid.

    ``text`` may be spoken (``三三零九…叉``) or typed with spaces.  When the utterance
    has several digit strings, an 18-character one is judged, else all of them
    together if that makes 18 characters, else the longest.
    """
    return _problem_of(_id_candidate(text), today)


def explain_id_number(text: str, *, today: dt.date | None = None) -> str | None:
    """A short Chinese reason the ID number in ``text`` is not valid, or ``None``.

    E.g. ``"号码是17位，身份证号码应该是18位"`` or ``"最后一位校验码对不上，可能有一位
    听错了"``; the dialog says it before asking again.
    """
    problem = id_number_problem(text, today=today)
    if problem is None:
        return None
    if problem is IdNumberProblem.WRONG_LENGTH:
        return f"号码是{len(_id_candidate(text))}位，{problem.message}"
    return problem.message


def parse_id_number(text: str, *, today: dt.date | None = None) -> str | None:
    """The first valid 18-character ID number in ``text`` (``X`` upper case), or ``None``.

    Spoken digits, 叉/X/x for the last character, spaces or hyphens between groups are
    accepted (``3309 0219 5001 0100 93``).  Invalid numbers give ``None``; use
    :func:`explain_id_number` to tell the user why.
    """
    for run in find_digit_runs(text, allow_x=True):
        if len(run.digits) == 18 and _problem_of(run.digits, today) is None:
            return run.digits
    return None


# ---------------------------------------------------------------------------------------
# mobile phone numbers

_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def parse_phone(text: str) -> str | None:
    """The first 11-digit mainland mobile number (``1[3-9]`` + 9 digits) in ``text``.

    Spoken digits (幺三八…), spaces or hyphens between groups, and a leading ``+86`` /
    ``86`` are accepted.  A digit string of any other length (10 digits, an ID number)
    is not a phone number.  Returns the 11 ASCII digits, or ``None``.
    """
    for run in find_digit_runs(text):
        digits = run.digits
        if len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]
        if _MOBILE.fullmatch(digits):
            return digits
    return None


# ---------------------------------------------------------------------------------------
# dates

_N = "0-9〇零一二两三四五六七八九十"
_YEAR_WORDS: Mapping[str, int] = MappingProxyType(
    {"今年": 0, "明年": 1, "去年": -1, "后年": 2, "前年": -2}
)
_DAY_WORDS: Mapping[str, int] = MappingProxyType(
    {"大后天": 3, "大前天": -3, "后天": 2, "前天": -2, "明天": 1, "明日": 1,
     "今天": 0, "今日": 0, "昨天": -1, "昨日": -1}
)  # fmt: skip
_WEEKDAYS: Mapping[str, int] = MappingProxyType(
    {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
     "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
)  # fmt: skip
_ISO_DATE = re.compile(r"(?<![0-9])([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?![0-9])")
_ISO_MONTH = re.compile(r"(?<![0-9])([0-9]{4})[-/]([0-9]{1,2})(?![-/.0-9])")
_CN_DATE = re.compile(
    rf"(?:(?P<y>[0-9〇零一二三四五六七八九]{{4}})年|(?P<yw>今年|明年|去年|后年|前年))?"
    rf"(?<![{_N}])(?P<m>[0-9一二三四五六七八九十]{{1,3}})月份?"
    rf"(?:(?P<d>[{_N}]{{1,3}})(?:日|号)?)?"
)
_REL_MONTH_DAY = re.compile(rf"(?P<rel>下个?月|这个?月|本月|上个?月)(?P<d>[{_N}]{{1,3}})(?:日|号)")
_WEEKDAY = re.compile(
    r"(?P<rel>下下个?|下个?|这个?|本|上个?)?(?:周|星期|礼拜)(?P<w>[一二三四五六日天1-7])"
)
_WEEK_OFFSETS: Mapping[str, int] = MappingProxyType({"下下": 2, "下": 1, "上": -1})
_DAY_WORD = re.compile("|".join(sorted(_DAY_WORDS, key=len, reverse=True)))
_DAY_ONLY = re.compile(
    rf"(?<![{_N}月])(?P<d>[{_N}]{{1,3}})(?:号|日)(?!窗|线|楼|门|柜|机|台|码|床|车)"
)


def _date(year: int, month: int, day: int) -> dt.date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _num(s: str | None) -> int | None:
    return None if s is None else chinese_to_int(s)


def _cn_date(m: re.Match[str], today: dt.date, prefer_future: bool) -> dt.date | None:
    month, day = _num(m.group("m")), _num(m.group("d"))
    if month is None:
        return None
    if m.group("y"):
        year = _num(m.group("y"))
        if year is None:
            return None
    elif m.group("yw"):
        year = today.year + _YEAR_WORDS[m.group("yw")]
    else:
        if m.group("d") is None or day is None:
            return None  # a month alone ("三月") is not a date
        found = _date(today.year, month, day)
        if found is not None and prefer_future and found < today:
            found = _date(today.year + 1, month, day)
        return found
    if m.group("d") is None:
        return _date(year, month, 1)
    return None if day is None else _date(year, month, day)


def _weekday(m: re.Match[str], today: dt.date, prefer_future: bool) -> dt.date:
    monday = today - dt.timedelta(days=today.weekday())
    rel = m.group("rel") or ""
    weeks = _WEEK_OFFSETS.get(rel[:2], _WEEK_OFFSETS.get(rel[:1], 0))
    found = monday + dt.timedelta(days=7 * weeks + _WEEKDAYS[m.group("w")])
    if not rel and prefer_future and found < today:
        found += dt.timedelta(days=7)
    return found


def parse_date(text: str, today: dt.date, *, prefer_future: bool = True) -> dt.date | None:
    """The date ``text`` names, relative to ``today``, or ``None``.

    Forms, tried in this order (the first that gives a real date wins):

    - ``2026-03-05``, ``2026/3/5``, ``2026.3.5``;
    - ``2026年3月5日``, ``二零二六年三月五号``, ``明年3月5号`` (今年 明年 去年 后年 前年);
    - year and month without a day — ``2026年3月``, ``二零二六年三月``, ``2026-03`` — mean
      the **first** of that month;
    - ``下个月三号`` / ``下月3号`` / ``这个月`` / ``本月`` / ``上个月`` + day;
    - month and day without a year — ``3月5日``, ``三月五号``, ``三月五`` — this year;
    - weekdays: ``下周三``, ``下个星期三``, ``下礼拜天`` (next week's, weeks start on
      Monday), ``这周五`` / ``本周五`` (this week's), ``上周一``, ``下下周二``; a bare
      ``周三`` / ``星期三`` is the next Wednesday on or after today;
    - ``今天`` ``明天`` ``后天`` ``大后天`` ``昨天`` ``前天`` ``大前天`` (and 今日 明日 昨日);
    - a day alone — ``三号``, ``20号``, ``五日`` — this month (not ``三号窗口``,
      ``五号线``, ``号码`` …).

    ``prefer_future`` (default): a month-and-day already past this year means next
    year, a day alone already past this month means next month, a bare weekday already
    past this week means next week; today itself is not past.  With
    ``prefer_future=False`` they stay in this year / month / week.  Years outside
    1900-2100, month 13, 30 February and the like give ``None``.
    """
    s = _nfkc(text)
    m = _ISO_DATE.search(s)
    if m:
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    cn = list(_CN_DATE.finditer(s))
    for m in cn:
        if m.group("y") or m.group("yw"):
            found = _cn_date(m, today, prefer_future)
            if found is not None:
                return found
    m = _ISO_MONTH.search(s)
    if m:
        return _date(int(m.group(1)), int(m.group(2)), 1)
    m = _REL_MONTH_DAY.search(s)
    if m:
        rel = m.group("rel")
        delta = 1 if rel.startswith("下") else -1 if rel.startswith("上") else 0
        year, month = _add_months(today.year, today.month, delta)
        day = _num(m.group("d"))
        return None if day is None else _date(year, month, day)
    for m in cn:
        found = _cn_date(m, today, prefer_future)
        if found is not None:
            return found
    m = _WEEKDAY.search(s)
    if m:
        return _weekday(m, today, prefer_future)
    m = _DAY_WORD.search(s)
    if m:
        return today + dt.timedelta(days=_DAY_WORDS[m.group(0)])
    m = _DAY_ONLY.search(s)
    if m:
        day = _num(m.group("d"))
        if day is None:
            return None
        year, month = today.year, today.month
        if prefer_future and day < today.day:
            year, month = _add_months(year, month, 1)
        if day > calendar.monthrange(year, month)[1]:
            return None
        return _date(year, month, day)
    return None


# ---------------------------------------------------------------------------------------
# amounts of money

_D1 = "0-9零〇一二两三四五六七八九"
_NOT_A_COUNT = "个张次本件位名份辆遍趟项页种台条套把只支双人块元天年月号日岁十百千万"
_JIAO_BARE = rf"(?![{_NOT_A_COUNT}])"  # 十块五 (but not 二十元一张)
_FEN_BARE = rf"(?![{_D1}{_NOT_A_COUNT}])"
_MONEY = re.compile(
    rf"(?P<y>[0-9]+\.[0-9]+|[{_D1}十百千万亿]+)(?:点(?P<dec>[0-9零〇一二三四五六七八九]+))?"
    rf"(?:元|块(?!儿))钱?"
    rf"(?:(?P<j>[{_D1}])(?:(?:毛|角)钱?|{_JIAO_BARE})"
    rf"(?:(?P<f>[{_D1}])(?:分钱?|{_FEN_BARE}))?)?"
)
_SMALL_CHANGE = re.compile(
    rf"(?<![{_D1}十百千万亿])(?:(?P<j>[{_D1}])(?:毛|角)钱?"
    rf"(?:(?P<f>[{_D1}])(?:分钱?|{_FEN_BARE}))?|(?P<f2>[{_D1}])分钱)"
)
_SIGN = re.compile(r"¥([0-9]+(?:\.[0-9]+)?)")
_BARE_STRIP = re.compile(r"^[，。,.!！?？、]+|[，。,.!！?？、]+$")
_BARE = re.compile(rf"[0-9]+(?:\.[0-9]+)?|[{_D1}十百千万亿]+")
_MAX_BARE_DIGITS = 6


def _digit(s: str | None) -> int:
    return 0 if s is None else int(DIGIT_CHARS[s])


def _yuan(s: str) -> Decimal | None:
    if "." in s:
        return Decimal(s)
    value = chinese_to_int(s)
    return None if value is None else Decimal(value)


def parse_amount(text: str) -> Decimal | None:
    """The amount of money (in yuan) said in ``text``, or ``None``.

    ``二十元`` → 20, ``20块`` → 20, ``两百块钱`` → 200, ``12.5元`` → 12.5, ``¥12.5`` →
    12.5, ``十二点五元`` → 12.5, ``十块五毛`` / ``十块五`` → 10.5, ``三块二毛五`` → 3.25,
    ``五毛`` → 0.5, ``八分钱`` → 0.08.  A number without 元/块 counts only when it is the
    whole answer and has at most six digits when read digit by digit: ``一百五`` → 150,
    ``20`` → 20, but not ``13812345678`` (a phone number) nor ``三号``.  The first amount
    in the text wins; ``一块儿`` ("together") is not money.
    """
    s = _nfkc(text)
    m = _SIGN.search(s)
    if m:
        return Decimal(m.group(1))
    m = _MONEY.search(s)
    if m:
        yuan = _yuan(m.group("y"))
        if yuan is not None:
            if m.group("dec"):
                yuan += Decimal("0." + "".join(DIGIT_CHARS[c] for c in m.group("dec")))
            if m.group("j"):
                yuan += Decimal(_digit(m.group("j"))) / 10
            if m.group("f"):
                yuan += Decimal(_digit(m.group("f"))) / 100
            return yuan
    m = _SMALL_CHANGE.search(s)
    if m:
        return (
            Decimal(_digit(m.group("j"))) / 10
            + Decimal(_digit(m.group("f") or m.group("f2"))) / 100
        )
    bare = _BARE_STRIP.sub("", s)
    if _BARE.fullmatch(bare):
        if "." not in bare and all(c in DIGIT_CHARS for c in bare) and len(bare) > _MAX_BARE_DIGITS:
            return None
        return _yuan(bare)
    return None


def amount_str(amount: Decimal) -> str:
    """Canonical text of an amount: ``Decimal("20")`` → ``"20"``, ``12.50`` → ``"12.5"``."""
    return format(amount.normalize(), "f")


# ---------------------------------------------------------------------------------------
# yes / no

# One table-driven parser for yes, no and corrections: :mod:`assistant.nlu.answers`
# (没错/没有错 = yes, 嗯 alone = yes, 听不见/弄不来 are no "no", "不对，是……" a correction).


# ---------------------------------------------------------------------------------------
# all of them


def _date_value(text: str, today: dt.date | None) -> str | None:
    found = parse_date(text, today if today is not None else dt.date.today())
    return None if found is None else found.isoformat()


def _amount_value(text: str) -> str | None:
    found = parse_amount(text)
    return None if found is None else amount_str(found)


_EXTRACTORS: Mapping[str, Callable[[str, dt.date | None], object]] = MappingProxyType(
    {
        "plate_number": lambda text, _today: parse_plate(text),
        "id_number": lambda text, today: parse_id_number(text, today=today),
        "phone": lambda text, _today: parse_phone(text),
        "date": _date_value,
        "amount": lambda text, _today: _amount_value(text),
        "yes_no": lambda text, _today: parse_yes_no(text),
    }
)


def extract(text: str, types: Iterable[str], *, today: dt.date | None = None) -> dict[str, object]:
    """Canonical values of the requested slot types found in ``text``.

    ``types`` are names from :data:`SLOT_TYPES`; an unknown name raises ``ValueError``.
    The result has a key only for types found: ``plate_number``, ``id_number``,
    ``phone`` as ``str`` (``"浙L12345"``, 18 characters, 11 digits), ``date`` as an ISO
    string (``"2026-03-05"``), ``amount`` as a string (``"20"``, ``"12.5"``),
    ``yes_no`` as ``bool``.  ``today`` anchors relative dates; when ``None`` the system
    date is read (the only impure step, done only when a date is requested).
    """
    out: dict[str, object] = {}
    for name in types:
        extractor = _EXTRACTORS.get(name)
        if extractor is None:
            raise ValueError(f"unknown slot type {name!r}; known: {', '.join(SLOT_TYPES)}")
        value = extractor(text, today)
        if value is not None:
            out[name] = value
    return out
