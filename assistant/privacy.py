"""Masking personal data for logs and screens.

The kiosk never writes a full ID number, phone number or name to a log, and shows them
masked on screen.  :func:`mask_text` is applied to every user utterance before it is
logged; the other functions mask a value whose kind is known.

=================  ======================  =====================
kind               value                   masked
=================  ======================  =====================
ID number          330902195001010093      3309**********0093
mobile phone       13812345678             138****5678
name               张三明 / 张三 / 欧阳娜娜   张*明 / 张* / 欧**娜
=================  ======================  =====================
"""

from __future__ import annotations

import re
from itertools import pairwise

from assistant.nlu.numbers import find_digit_runs

MASK = "*"
"""Character that replaces hidden characters."""

MIN_MASKED_RUN = 7
"""Digit strings at least this long are masked by :func:`mask_text` whatever they are."""


def mask_id_number(number: str) -> str:
    """``number`` with all but its first 4 and last 4 characters replaced by ``*``.

    ``"330902195001010093"`` → ``"3309**********0093"`` (4 + 10 stars + 4 = 18
    characters, the same length as the input); a trailing ``x`` is shown as ``X``.
    Whitespace is removed first.  Strings of 8 characters or fewer are masked entirely
    (showing 4 + 4 would show everything).
    """
    s = "".join(number.split()).upper()
    if len(s) <= 8:
        return MASK * len(s)
    return s[:4] + MASK * (len(s) - 8) + s[-4:]


def mask_phone(number: str) -> str:
    """``number`` with its middle hidden: ``"13812345678"`` → ``"138****5678"``.

    Whitespace and hyphens are removed first.  11 characters or more: the first 3 and
    last 4 stay.  6 to 10 characters (landlines): only the last 2 stay.  Shorter: all
    hidden.
    """
    s = "".join(number.split()).replace("-", "")
    if len(s) >= 11:
        return s[:3] + MASK * (len(s) - 7) + s[-4:]
    if len(s) >= 6:
        return MASK * (len(s) - 2) + s[-2:]
    return MASK * len(s)


def mask_name(name: str) -> str:
    """A person's name with all but its first and last characters hidden.

    ``"张三明"`` → ``"张*明"``, ``"欧阳娜娜"`` → ``"欧**娜"``, ``"张三"`` → ``"张*"`` (two
    characters: only the surname stays), ``"张"`` → ``"*"``.  Surrounding whitespace is
    removed; an empty name stays empty.
    """
    s = name.strip()
    if len(s) <= 1:
        return MASK * len(s)
    if len(s) == 2:
        return s[0] + MASK
    return s[0] + MASK * (len(s) - 2) + s[-1]


def _mask_digits(digits: str) -> str:
    """A masked form of a digit string found in free text (ASCII digits, maybe ``X``)."""
    if len(digits) >= 15:  # ID numbers (18, old 15), bank cards
        return mask_id_number(digits)
    if len(digits) == 11:
        return mask_phone(digits)
    return MASK * (len(digits) - 2) + digits[-2:]


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
"""First character of a plate (province abbreviation)."""
PLATE = re.compile(f"([{PROVINCES}][A-Za-z])([A-Za-z0-9]{{3}})([A-Za-z0-9]{{2,3}})(?![A-Za-z0-9])")
"""A plate in free text (``浙L12345``, new-energy ``浙LD12345``)."""
OWN_IDS = re.compile(r"(?:chat|voice|screen|bench|wake|prerender)-\d{8}-\d{6}-[0-9a-f]{12}"
                     r"(?:-[0-9a-z]+)*")
"""The kiosk's own session, transaction and order ids (:func:`assistant.store.
new_session_id`): their digits are a date and a counter, not a person's number."""


def mask_text(text: str) -> str:
    """``text`` with every digit string of :data:`MIN_MASKED_RUN` or more digits masked.

    Finds digit strings typed (``330902195001010093``), full-width, spoken
    (``幺三八幺二三四五六七八``, ``三三零九…叉``) or split by spaces, hyphens and
    punctuation (``138-1234-5678``, ``幺 三 八``), and replaces each with its masked
    ASCII form: 15 or more characters like an ID number (``3309**********0093``),
    11 like a phone number (``138****5678``), other lengths with only the last 2 digits
    shown.  Shorter digit strings (plates, amounts, years) and the rest of the text
    are kept as they are.  Use it on every utterance before it is logged.
    """
    own = list(OWN_IDS.finditer(text))
    if own:  # mask around the kiosk's own ids, never inside them
        cuts = [0, *(i for m in own for i in m.span()), len(text)]
        return "".join(mask_text(text[a:b]) if n % 2 == 0 else text[a:b]
                       for n, (a, b) in enumerate(pairwise(cuts)))
    runs = [
        r
        for r in find_digit_runs(text, allow_x=True, loose=True)
        if len(r.digits) >= MIN_MASKED_RUN
    ]
    if not runs:
        return text
    out: list[str] = []
    pos = 0
    for run in runs:
        out.append(text[pos : run.start])
        out.append(_mask_digits(run.digits))
        pos = run.end
    out.append(text[pos:])
    return "".join(out)


_NAME = re.compile(r"(我叫|我是|名字叫|名字是|叫做|我姓)([\u4e00-\u9fff]{1,3})"
                   r"(?=$|[，。,.!?！？、\s]|的身份证|的驾驶证)")
_ADDRESS_MARK = "路街道巷弄村镇乡区县号栋幢室苑园庄湾岙"
_ADDRESS = re.compile(
    r"(住在|住址是?|地址是?|家在|家住|搬到了?|搬家到|寄到|送到)"
    r"([^，。,.!?！？\s]{2,40})")
_HOUSE = re.compile(r"[\u4e00-\u9fff]{1,10}(?:路|街|大道|巷|弄)"
                    r"[0-9一二三四五六七八九十百零幺两]+号")


def mask_plates(text: str) -> str:
    """Plates in ``text`` with their middle hidden: ``浙L12345`` → ``浙L***45``."""
    return PLATE.sub(lambda m: m.group(1) + MASK * 3 + m.group(3)[-2:], text)


def mask_free_speech(text: str) -> str:
    """What a citizen said, fit to be stored (the ``unrecognised`` list, turn logs).

    :func:`mask_text`'s long numbers, plus what people say about themselves in passing:
    plates (``浙L12345`` → ``浙L***45``), a name after 我叫/我是/名字叫 (``我叫张三明`` →
    ``我叫张*明``), and addresses after 住在/地址/搬到/寄到 or with a house number
    (``东瀛路226号`` → ``***``).  Words that only name a place kind (寄到家里) stay.
    """
    text = mask_plates(mask_text(text))
    text = _NAME.sub(lambda m: m.group(1) + mask_name(m.group(2)), text)
    text = _ADDRESS.sub(lambda m: m.group(1) + MASK * 3 if any(
        c in _ADDRESS_MARK for c in m.group(2)) else m.group(0), text)
    return _HOUSE.sub(MASK * 3, text)
