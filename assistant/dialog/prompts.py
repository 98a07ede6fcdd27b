"""Prompts, key maps and how options are read out."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.dialog.actions import Listen

ORDINAL_WORDS = "一二三四五六七八"
"""What to say for option 1..8 ("说'一'或按1")."""

KEY_REPEAT = "*"
KEY_STAFF = "0"
KEY_BACK = "9"
KEY_CANCEL = "#"
KEY_PREVIOUS = "4"
KEY_NEXT = "6"
KEY_FROM_START = "1"
"""Reading a guide: 4 / 6 are left / right of the 5 key (which has the raised dot)."""
DIGIT_KEYS = tuple("0123456789")


@dataclass
class Prompt:
    """The question the kiosk is asking now, with its escalation counters."""

    state: str
    """Machine state it belongs to."""
    key: str
    """Text key it came from (``intents/flows/``)."""
    text: str
    """What was said to ask."""
    listen: Listen
    """What is awaited."""
    choices: str = ""
    """The answers spelled out with their keys (said on the 2nd no-input/no-match and by help)."""
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Option id → words that select it (choice-like prompts)."""
    reask: str = ""
    """Said instead of :attr:`text` when re-asking after no input / no match (a long text,
    such as a guide section, is not read again; "repeat" still says :attr:`text`)."""
    noinput: int = 0
    nomatch: int = 0


def common_keys(*, back: bool = True, cancel: bool = True, staff: bool = True) -> dict[str, str]:
    """The universal keys: ``*`` repeat, ``9`` back, ``#`` cancel, ``0`` staff."""
    keys = {KEY_REPEAT: "repeat"}
    if back:
        keys[KEY_BACK] = "back"
    if cancel:
        keys[KEY_CANCEL] = "cancel"
    if staff:
        keys[KEY_STAFF] = "call_staff"
    return keys


def option_keys(options: tuple[str, ...], *, back: bool = True) -> dict[str, str]:
    """``1..n`` for the options plus the universal keys."""
    keys = {str(i + 1): opt for i, opt in enumerate(options)}
    keys.update(common_keys(back=back))
    return keys


def yes_no_keys(*, back: bool = True, cancel: bool = True) -> dict[str, str]:
    keys = {"1": "yes", "2": "no"}
    keys.update(common_keys(back=back, cancel=cancel))
    return keys


def reading_keys() -> dict[str, str]:
    """Reading a guide: ``4`` previous, ``6`` next, ``1`` from the start, plus the universal
    keys (``#`` cancel stops the reading)."""
    keys = {KEY_NEXT: "next", KEY_PREVIOUS: "previous", KEY_FROM_START: "from_start"}
    keys.update(common_keys())
    return keys


def digit_keys() -> dict[str, str]:
    """Digit entry: 0-9 are digits, ``#`` finishes, ``*`` clears (or repeats when empty)."""
    keys = {d: "digits" for d in DIGIT_KEYS}
    keys["#"] = "done"
    keys["*"] = "repeat"
    return keys
