"""What happens to the dialog: typed input events.

The runtime (``kiosk run``) or the terminal (``kiosk chat``) turns microphone, keypad and
device signals into these events and passes them, one at a time, to
:meth:`assistant.dialog.Dialog.handle`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.idcard import IdCard
from assistant.domain.operations import DeviceKind as DeviceKind
from assistant.domain.operations import DeviceResult as DeviceResult
from assistant.domain.operations import Outcome as Outcome

KEYS: frozenset[str] = frozenset("0123456789*#")
"""Keys of the kiosk keypad."""
FUNCTION_KEY = re.compile(r"^[a-z][a-z0-9_]{1,19}$")
"""Name of a function key (``help``, ``louder`` ...; see ``intents/keypad.yaml``)."""


@dataclass(frozen=True)
class UserText:
    """The user said (or typed) something."""

    text: str
    """Recogniser transcript or typed text, as received."""
    asr_confidence: float | None = None
    """Recogniser confidence in [0, 1]; ``None`` for typed text."""


@dataclass(frozen=True)
class Key:
    """The user pressed one keypad key."""

    key: str
    """One of ``0-9 * #``, or the name of a function key (``help``, ``louder`` ...)."""

    def __post_init__(self) -> None:
        if self.key not in KEYS and not FUNCTION_KEY.match(self.key):
            raise ValueError(f"unknown key {self.key!r}: use one of 0-9, * or #, or a "
                             "function key name such as help")


@dataclass(frozen=True)
class Silence:
    """A listening window ended without any input (the recogniser's no-input timeout)."""


@dataclass(frozen=True)
class NoMatch:
    """The recogniser heard speech but nothing it could take (unknown words only, or not
    one phrase of the state's grammar): a no-match without any text to understand."""

    heard: str = ""
    """What the recogniser made of it (for logs; may be empty)."""


@dataclass(frozen=True)
class CardInserted:
    """An ID card was placed on the reader."""

    card: IdCard | None
    """What the reader read; ``None`` when the card could not be read."""


@dataclass(frozen=True)
class CardRemoved:
    """The ID card was taken off the reader."""


@dataclass(frozen=True)
class Tick:
    """The injected clock: the runtime sends the current time regularly."""

    now: float
    """Seconds on a monotonic clock (the simulator's clock in ``kiosk chat``)."""


Event = UserText | Key | Silence | NoMatch | CardInserted | CardRemoved | DeviceResult | Tick
"""Everything :meth:`Dialog.handle` accepts."""
