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
