"""ID card reader (居民身份证 chip reader): protocol, simulator, hardware sketch."""

from __future__ import annotations

from typing import Protocol

from assistant.adapters.clock import SimClock
from assistant.adapters.simdb import SimDatabase
from assistant.domain.idcard import IdCard
from assistant.errors import DeviceRefused, DeviceRejected

READ_SECONDS = 1.5
"""Simulated time to read a card chip."""


class CardReader(Protocol):
    """Reads the card on the reader."""

    def read(self) -> IdCard:
        """The card data; raises :class:`DeviceRejected` (``no_card``, ``unreadable``)."""
        ...


class SimCardReader:
    """Demo cards by name (``expired``, ``valid``, ``soon``, ``child``, ``official``)."""

    def __init__(self, db: SimDatabase, clock: SimClock) -> None:
        self.db = db
        self.clock = clock
        self.inserted: str | None = None

    def insert(self, name: str) -> None:
        """Put demo card ``name`` on the reader (an unknown name is an unreadable card)."""
        self.inserted = name

    def remove(self) -> None:
        self.inserted = None

    def read(self) -> IdCard:
        self.clock.advance(READ_SECONDS)
        if self.inserted is None:
            raise DeviceRejected("no_card", "no card on the reader")
        card = self.db.card(self.inserted)
        if card is None:
            names = ", ".join(sorted(self.db.people))
            raise DeviceRejected("unreadable", f"unknown demo card {self.inserted!r}: use {names}")
        return card


class HardwareCardReader:  # pragma: no cover - needs the vendor SDK and a reader
    """Sketch of a real reader through the vendor's ``termb`` SDK (not bundled)."""

    def __init__(self) -> None:
        try:
            import termb  # type: ignore[import-not-found]  # noqa: F401
        except ImportError as exc:
            raise DeviceRefused(
                "ID card reader SDK 'termb' is not installed: install the reader vendor's "
                "Python SDK on the kiosk PC, or run 'kiosk chat' which uses the simulator"
            ) from exc

    def read(self) -> IdCard:
        raise DeviceRefused("hardware card reader not implemented yet: use the simulator")
