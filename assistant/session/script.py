"""One codec for script lines: what ``kiosk chat`` scripts, the terminal of ``kiosk run``,
the screen's touches and the voice logs write for an input that is not speech.

A line is text (what the citizen said or typed) or an event in angle brackets:

==========================  ==============================================================
line                        parsed as
==========================  ==============================================================
``""`` / ``<silence>``      :class:`SilenceLine` (no input in the listening window)
``<key:1>`` ``<key:help>``  :class:`KeyLine` (a keypad digit, ``*``, ``#``, or a function
                            key of ``intents/keypad.yaml`` by name)
``<card:expired>``          :class:`CardLine` (a demo ID card on the reader)
``<card-removed>``          :class:`CardRemovedLine`
``<face:ok|fail|timeout>``  :class:`DeviceLine` (also ``photo``, ``finger``, ``pay``)
``<pos:ok|fail|timeout|pin>``  :class:`PosLine` (a bank card on the POS reader)
``<permit:hk>``             :class:`PermitLine` (a demo e-permit on the reader)
``<staff:arrived>``         :class:`StaffLine`
``<nomatch>``               :class:`NoMatchLine` (speech the recogniser could not take)
``<wait:90>``               :class:`WaitLine` (time passes with nobody acting)
``<anything-else:…>``       :class:`UnknownLine` (an author's mistake; ``kiosk chat`` takes
                            it as not understood, or stops with ``--strict``)
other text                  :class:`TextLine`
==========================  ==============================================================

:func:`parse` reads a line, :func:`write` writes one (``parse(write(x)) == x`` for every
line but :class:`UnknownLine`), :func:`event_line` writes a dialog event the way a script
would (the voice session's store records).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

from assistant.dialog.events import (
    FUNCTION_KEY,
    KEYS,
    CardInserted,
    CardRemoved,
    DeviceResult,
    Event,
    Key,
    NoMatch,
    Silence,
    UserText,
)

DeviceName = Literal["face", "photo", "finger", "pay"]
"""Device events of a script line (``pay`` answers whichever payment method is on)."""
DeviceOutcome = Literal["ok", "fail", "timeout"]
PosOutcome = Literal["ok", "fail", "timeout", "pin"]
"""``<pos:…>``: the card on the POS reader is paid, declined, not inserted in time, or its
PIN refused."""

DEVICE_NAMES: tuple[DeviceName, ...] = get_args(DeviceName)
OUTCOMES: tuple[DeviceOutcome, ...] = get_args(DeviceOutcome)
POS_OUTCOMES: tuple[PosOutcome, ...] = get_args(PosOutcome)
DEVICE_KINDS: dict[DeviceName, Literal["face", "photo", "finger", "payment"]] = {
    "face": "face", "photo": "photo", "finger": "finger", "pay": "payment"}
"""The executor's device kind each device event answers."""

EVENT = re.compile(r"^<([a-z-]+)(?::([^>]*))?>$")
"""An event line: ``<name>`` or ``<name:argument>``."""
WAIT = re.compile(r"^<wait:(\d+(?:\.\d+)?)>$")
USAGE = ("use text or one of <silence> <key:N> <card:NAME> <card-removed> <face:ok|fail> "
         "<photo:ok|fail> <finger:ok|fail> <pay:ok|fail|timeout> "
         "<pos:ok|fail|timeout|pin> <permit:NAME> <staff:arrived> "
         "<nomatch> <wait:SECONDS>")
"""The fix of an unknown event line (error messages)."""


@dataclass(frozen=True)
class TextLine:
    """What the citizen said or typed."""

    text: str
    """The line without surrounding whitespace (never empty)."""


@dataclass(frozen=True)
class SilenceLine:
    """Nobody said anything in the listening window (an empty line or ``<silence>``)."""


@dataclass(frozen=True)
class KeyLine:
    """A key press: ``0``–``9``, ``*``, ``#``, or a function key by name (``help``)."""

    key: str


@dataclass(frozen=True)
class CardLine:
    """A demo ID card put on the reader (``expired valid soon child official`` …)."""

    name: str


@dataclass(frozen=True)
class CardRemovedLine:
    """The ID card taken off the reader."""


@dataclass(frozen=True)
class DeviceLine:
    """A device the kiosk waits for answers: face, photo, fingerprint, payment."""

    device: DeviceName
    outcome: DeviceOutcome

    @property
    def kind(self) -> Literal["face", "photo", "finger", "payment"]:
        """The executor's device kind (``pay`` → ``payment``)."""
        return DEVICE_KINDS[self.device]


@dataclass(frozen=True)
class PosLine:
    """A bank or social-security card on the POS reader."""

    outcome: PosOutcome


@dataclass(frozen=True)
class PermitLine:
    """A demo e-permit on the endorsement reader (``none``: the citizen has none;
    ``timeout``: nothing comes)."""

    name: str


@dataclass(frozen=True)
class StaffLine:
    """The staff member called for the citizen has arrived."""


@dataclass(frozen=True)
class NoMatchLine:
    """Speech the recogniser could not take."""


@dataclass(frozen=True)
class WaitLine:
    """``seconds`` pass with nobody acting (inactivity, walking away, announcements)."""

    seconds: float


@dataclass(frozen=True)
class UnknownLine:
    """A line in angle brackets that is no event of this table (a script author's mistake)."""

    line: str
    """The line as written (stripped)."""
    name: str
    """The word after ``<`` (``key`` for ``<key:banana>``)."""
    arg: str
    """What follows the colon, stripped (``""`` if none)."""


ScriptLine = (TextLine | SilenceLine | KeyLine | CardLine | CardRemovedLine | DeviceLine
              | PosLine | PermitLine | StaffLine | NoMatchLine | WaitLine | UnknownLine)
"""Any parsed line."""


def parse(line: str) -> ScriptLine:
    """The meaning of one script line (surrounding whitespace ignored)."""
    text = line.strip()
    if not text:
        return SilenceLine()
    wait = WAIT.match(text)
    if wait is not None:
        return WaitLine(float(wait.group(1)))
    m = EVENT.match(text)
    if m is None:
        return TextLine(text)
    name, arg = m.group(1), (m.group(2) or "").strip()
    if name == "silence" and not arg:
        return SilenceLine()
    if name == "key" and (arg in KEYS or FUNCTION_KEY.match(arg)):
        return KeyLine(arg)
    if name == "card" and arg:
        return CardLine(arg)
    if name == "card-removed" and not arg:
        return CardRemovedLine()
    if name == "nomatch" and not arg:
        return NoMatchLine()
    if name == "staff" and arg == "arrived":
        return StaffLine()
    for device in DEVICE_NAMES:
        if name == device:
            for outcome in OUTCOMES:
                if arg == outcome:
                    return DeviceLine(device, outcome)
    if name == "pos":
        for pos in POS_OUTCOMES:
            if arg == pos:
                return PosLine(pos)
    if name == "permit" and arg:
        return PermitLine(arg)
    return UnknownLine(text, name, arg)


def is_event(line: str) -> bool:
    """True for a line in angle brackets (an event, known or not), False for speech."""
    text = line.strip()
    return text.startswith("<") and text.endswith(">")


def write(item: ScriptLine) -> str:
    """``item`` as a script line (:class:`SilenceLine` as ``<silence>``)."""
    match item:
        case TextLine(text):
            return text
        case SilenceLine():
            return "<silence>"
        case KeyLine(key):
            return f"<key:{key}>"
        case CardLine(name):
            return f"<card:{name}>"
        case CardRemovedLine():
            return "<card-removed>"
        case DeviceLine(device, outcome):
            return f"<{device}:{outcome}>"
        case PosLine(outcome):
            return f"<pos:{outcome}>"
        case PermitLine(name):
            return f"<permit:{name}>"
        case StaffLine():
            return "<staff:arrived>"
        case NoMatchLine():
            return "<nomatch>"
        case WaitLine(seconds):
            return f"<wait:{seconds:g}>"
        case UnknownLine(line):
            return line
    raise TypeError(f"not a script line: {item!r}")


def key_line(key: str) -> str:
    """``<key:KEY>``: a key press (or a touch on the screen's button of ``key``)."""
    return write(KeyLine(key))


def event_line(event: Event) -> str:
    """A dialog event the way a script writes it (the voice session's turn records):
    ``<key:1>``, ``<card-removed>``, ``<nomatch>``, ``<silence>``; a card as ``<card>``
    (its demo name is not known from the event), spoken text as itself; other events as
    ``<TypeName>``."""
    if isinstance(event, UserText):
        return event.text
    if isinstance(event, Key):
        return write(KeyLine(event.key))
    if isinstance(event, CardInserted):
        return "<card>"
    if isinstance(event, CardRemoved):
        return write(CardRemovedLine())
    if isinstance(event, NoMatch):
        return write(NoMatchLine())
    if isinstance(event, DeviceResult) and event.kind == "staff" and event.op == "arrived":
        return write(StaffLine())
    return write(SilenceLine()) if isinstance(event, Silence) else f"<{type(event).__name__}>"
