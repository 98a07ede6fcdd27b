"""What the dialog asks the outside world to do: typed output actions.

:meth:`assistant.dialog.Dialog.handle` returns a list of these, in order.  The runtime
speaks ``Say`` texts, opens the recogniser for ``Listen``, runs ``CallAdapter`` on a
device and feeds the answer back as a ``DeviceResult`` event, draws ``Show`` on the
screen and closes the session on ``End``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.domain.operations import CallAdapter as CallAdapter

ExpectKind = Literal[
    "intent", "confirm", "slot", "choice", "card", "face", "photo", "finger", "payment", "none"
]
"""What the kiosk waits for (the ``awaiting.kind`` of ``kiosk chat --json``)."""

EndOutcome = Literal["completed", "cancelled", "staff", "timed_out", "failed", "redirected"]
"""How a session ended."""


@dataclass(frozen=True)
class Say:
    """Speak ``text`` (and show it in large type where there is a screen)."""

    text: str
    """Chinese text to speak."""
    rate: float = 1.0
    """Speech-rate factor of this session (1.0 normal, below 1 slower)."""
    volume_db: int = 0
    """Volume offset of this session in dB (0 = site default)."""
    key: str = ""
    """Prompt key in ``intents/flows/`` this text came from (for logs and tests)."""


@dataclass(frozen=True)
class Listen:
    """Wait for the user.  ``keys`` maps each key valid now to what it triggers."""

    kind: ExpectKind
    """What is expected."""
    slot: str | None = None
    """Slot name when ``kind == "slot"`` (or the slot a ``choice`` fills)."""
    options: tuple[str, ...] = ()
    """Option ids (intent names, sub-menu ids or enum values) for ``choice``/``intent``."""
    keys: dict[str, str] = field(default_factory=dict)
    """Key → intent name or option id (``{"1": "yes", "*": "repeat"}``); ``digits`` for 0-9
    in a digit slot."""
    grammar: tuple[str, ...] = ()
    """Phrases the recogniser should expect (restricted grammar; empty = free speech)."""

    def to_json(self) -> dict[str, Any]:
        """The ``awaiting`` object of ``kiosk chat --json``."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.slot is not None:
            out["slot"] = self.slot
        if self.options:
            out["options"] = list(self.options)
        out["keys"] = dict(self.keys)
        return out


@dataclass(frozen=True)
class Show:
    """Put something on the screen (QR code, list, receipt preview)."""

    what: str
    """``qr``, ``list``, ``receipt`` or ``text``."""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class End:
    """The session is over; the runtime resets devices, volume and rate and wipes data."""

    outcome: EndOutcome
    """How it ended."""
    flow: str | None = None
    """Intent name of the transaction that was in progress, if any."""


Action = Say | Listen | CallAdapter | Show | End
"""Everything :meth:`Dialog.handle` returns."""
