"""E-permit reader (电子往来港澳通行证 / 电子台湾通行证 chip): protocol and simulator.

Self-service endorsements are written to the chip of an *electronic* permit, so the
endorsement machine reads it first: number, type, expiry, holder and the endorsements on
it.  The simulator holds demo permits by name (``<permit:NAME>`` in ``kiosk chat``):

==============  =====================================================================
``hk``          陈建国's electronic HK/Macau permit, valid 3 more years, one used endorsement
``tw``          陈建国's electronic Taiwan permit, valid
``hk-expired``  王秀英's electronic HK/Macau permit, expired last year
``hk-book``     李海燕's old booklet permit (本式): no chip endorsement at a machine
``hk-official`` 刘卫东's electronic permit (state staff: the back end refuses)
``none``        nothing on the reader (a first permit is applied for at the window)
==============  =====================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal, Protocol

from assistant.adapters.clock import SimClock
from assistant.adapters.simdb import SimDatabase
from assistant.errors import DeviceTimeout

READ_SECONDS = 2.0
"""Reading the chip."""
WAIT_SECONDS = 60.0
"""The reader gives up when no permit is put on it in this time."""
PermitKind = Literal["hk_macau_e", "taiwan_e", "hk_macau_book"]


@dataclass(frozen=True)
class Permit:
    """What the chip of a permit says."""

    number: str
    kind: str
    """``hk_macau_e`` / ``taiwan_e`` (electronic) or ``hk_macau_book`` (old booklet)."""
    holder: str
    """ID number of the holder."""
    valid_until: date
    endorsements: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    """Endorsements on it, newest first: ``{"type", "times", "until", "used"}``."""

    def to_json(self) -> dict[str, Any]:
        return {"present": True, "number": self.number, "kind": self.kind,
                "holder": self.holder, "valid_until": self.valid_until.isoformat(),
                "endorsements": [dict(e) for e in self.endorsements]}


class PermitReader(Protocol):
    def read(self) -> dict[str, Any]:
        """The permit on the reader (:meth:`Permit.to_json`), ``{"present": False}`` when
        the user has none; raises :class:`DeviceTimeout` when nothing came."""
        ...


_DEMO_PERMITS: dict[date, dict[str, Permit]] = {}
"""The demo permits by date (immutable: shared by every simulated reader of that day)."""


def demo_permits(db: SimDatabase) -> dict[str, Permit]:
    """The demo permits of ``db``'s day, by name (a new dict; the permits are shared)."""
    if db.today not in _DEMO_PERMITS:
        _DEMO_PERMITS[db.today] = _make_demo_permits(db)
    return dict(_DEMO_PERMITS[db.today])


def _make_demo_permits(db: SimDatabase) -> dict[str, Permit]:
    today, people = db.today, db.people
    d = timedelta
    return {
        "hk": Permit("CA1234567", "hk_macau_e", people["valid"].number, today + d(days=3 * 365),
                     ({"type": "团队旅游", "times": "一次", "until": (today - d(days=200))
                       .isoformat(), "used": True},)),
        "tw": Permit("TA7654321", "taiwan_e", people["valid"].number, today + d(days=3 * 365)),
        "hk-expired": Permit("CA0000001", "hk_macau_e", people["expired"].number,
                             today - d(days=300)),
        "hk-book": Permit("W12345678", "hk_macau_book", people["soon"].number,
                          today + d(days=2 * 365)),
        "hk-official": Permit("CA7777777", "hk_macau_e", people["official"].number,
                              today + d(days=3 * 365)),
    }


class SimPermitReader:
    """Demo permits by name; ``place(name)`` puts one on the reader (``none``: the user has
    no permit; ``timeout``: nothing comes)."""

    def __init__(self, db: SimDatabase, clock: SimClock) -> None:
        self.db = db
        self.clock = clock
        self.permits = demo_permits(db)
        self.placed: str | None = None

    def place(self, name: str) -> None:
        self.placed = name

    def read(self) -> dict[str, Any]:
        placed, self.placed = self.placed, None
        if placed is None or placed == "timeout":
            self.clock.advance(WAIT_SECONDS)
            raise DeviceTimeout(f"no permit was put on the reader within {WAIT_SECONDS:.0f} s")
        self.clock.advance(READ_SECONDS)
        permit = self.permits.get(placed)
        return permit.to_json() if permit is not None else {"present": False}
