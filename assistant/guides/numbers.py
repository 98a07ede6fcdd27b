"""Numbers the kiosk says, found in a text: amounts of money (``15元``, ``十五元``,
``一百二十元``) and periods (``有效期十年``, ``7个工作日``, ``15天内``, ``三个月``).

Facts are written twice — a guide's ``summary`` and its ``fees``; a flow's prompt and the
guide of its service — so checks compare the numbers said with the numbers listed.  Both
Arabic and Chinese numerals are understood (``十五``, ``二十``, ``四十``, ``两``), with the
position of each number so a problem can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.nlu.numbers import chinese_to_int

_NUMERAL = r"[0-9０-９]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]+"
MONEY = re.compile(rf"(?P<n>{_NUMERAL})(?:块钱|块|元)")
"""An amount of money: a numeral before 元 (or 块)."""
PERIOD = re.compile(
    rf"(?P<n>{_NUMERAL}|半)(?P<unit>个?工作日|个?自然日|周岁|个月|年|天|日|周|小时)")
"""A period: a numeral before its unit (``周岁`` is matched so that an age is not a year)."""



@dataclass(frozen=True)
class Said:
    """One number found in a text."""

    value: float
    unit: str
    """``元``, or the period's unit as written (``年``, ``个工作日``, ``天`` …)."""
    start: int
    """Index of the numeral in the text."""
    end: int
    """Index after the unit."""
    text: str
    """The words as written (``十五元``, ``7个工作日``)."""

    @property
    def working_days(self) -> bool:
        return self.unit.endswith("工作日")

    @property
    def canonical(self) -> tuple[str, float]:
        """The period in comparable terms: ``("月", months)`` for years and months (半年 =
        6 个月), ``("日", days)`` for days and weeks, ``("工作日", n)`` for working days —
        so that 九十日 = 90天, 半年 = 六个月, 一年 = 十二个月, and 90天 ≠ 三个月."""
        if self.working_days:
            return ("工作日", self.value)
        if self.unit == "年":
            return ("月", self.value * 12)
        if self.unit in ("个月", "月"):
            return ("月", self.value)
        return ("日", self.value * (7.0 if self.unit == "周" else 1.0))


def number(numeral: str) -> float | None:
    """The value of an Arabic or Chinese numeral (``15``, ``2.5``, ``十五``, ``两``, ``半``)."""
    if numeral == "半":
        return 0.5
    if re.fullmatch(r"[0-9０-９]+\.[0-9]+", numeral):
        return float(numeral)
    value = chinese_to_int(numeral)
    return None if value is None else float(value)


def money(text: str) -> list[Said]:
    """Every amount of money in ``text``."""
    found = []
    for m in MONEY.finditer(text):
        value = number(m.group("n"))
        if value is not None:
            found.append(Said(value, "元", m.start(), m.end(), m.group()))
    return found


def periods(text: str) -> list[Said]:
    """Every period in ``text`` (ages — ``十六周岁`` —, hours, calendar years and days of
    a month are left out)."""
    found = []
    for m in PERIOD.finditer(text):
        unit = m.group("unit")
        if unit in ("周岁", "小时"):
            continue
        value = number(m.group("n"))
        if value is None:
            continue
        if (unit == "日" and _is_date(text, m.start())) or (unit == "年" and value >= 1900):
            continue  # a day of a month (5月20日), a calendar year (2019年, 二〇二二年)
        found.append(Said(value, unit, m.start(), m.end(), m.group()))
    return found


def _is_date(text: str, start: int) -> bool:
    """``5月20日``, ``每月1日``: a day of the month, not a period of days."""
    return start > 0 and text[start - 1] == "月"
