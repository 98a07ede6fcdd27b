"""All devices and back ends of one kiosk, bundled; and the simulated set."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from assistant.adapters.biometrics import (
    FaceVerifier,
    FingerprintReader,
    SimFaceVerifier,
    SimFingerprintReader,
)
from assistant.adapters.camera import PhotoCamera, SimPhotoCamera
from assistant.adapters.card import CardReader, SimCardReader
from assistant.adapters.clock import SimClock
from assistant.adapters.exit_entry import ExitEntryBackend, SimExitEntry
from assistant.adapters.household import HouseholdBackend, SimHousehold
from assistant.adapters.payment import PaymentTerminal, SimPaymentTerminal
from assistant.adapters.permit import PermitReader, SimPermitReader
from assistant.adapters.printer import Printer, SimPrinter
from assistant.adapters.simdb import SimDatabase
from assistant.adapters.traffic import SimTraffic, TrafficBackend


class StaffPager(Protocol):
    def call(self, *, urgent: bool, flow: str | None = None, **details: Any) -> None:
        """Alert the duty office (``urgent``: the duty officer, now)."""
        ...


@dataclass
class SimStaffPager:
    """The duty-office notification simulator: remembers every call it was sent."""

    calls: list[dict[str, Any]] = field(default_factory=list)
    """One ``{"urgent", "flow", "reason"}`` per call, oldest first (``reason`` "" if not
    given; see :data:`assistant.store.STAFF_REASONS`)."""

    def call(self, *, urgent: bool, flow: str | None = None, **details: Any) -> None:
        self.calls.append({"urgent": urgent, "flow": flow, "reason": details.get("reason", "")})


@dataclass
class Devices:
    """What a kiosk has; adapters are looked up by the ``CallAdapter`` name."""

    card: CardReader
    face: FaceVerifier
    finger: FingerprintReader
    photo: PhotoCamera
    payment: PaymentTerminal
    printer: Printer
    household: HouseholdBackend
    exit_entry: ExitEntryBackend
    traffic: TrafficBackend
    staff: StaffPager
    permit: PermitReader | None = None
    """The e-permit reader of the endorsement machine (``None``: no such machine here)."""


@dataclass
class Simulation:
    """The simulated kiosk: devices plus the handles tests and ``kiosk chat`` script."""

    devices: Devices
    db: SimDatabase
    clock: SimClock
    card: SimCardReader
    face: SimFaceVerifier
    finger: SimFingerprintReader
    photo: SimPhotoCamera
    payment: SimPaymentTerminal
    printer: SimPrinter
    household: SimHousehold
    exit_entry: SimExitEntry
    traffic: SimTraffic
    staff: SimStaffPager
    permit: SimPermitReader


def simulate(today: date, path: Path | str | None = None, clock: SimClock | None = None
             ) -> Simulation:
    """A simulated kiosk with demo data (in memory unless ``path`` is given)."""
    clock = clock or SimClock()
    db = SimDatabase(today, path)
    card = SimCardReader(db, clock)
    face = SimFaceVerifier(clock)
    finger = SimFingerprintReader(clock)
    photo = SimPhotoCamera(clock)
    payment = SimPaymentTerminal(db, clock)
    printer = SimPrinter(db, clock)
    household = SimHousehold(db, clock)
    exit_entry = SimExitEntry(db, clock)
    traffic = SimTraffic(db, clock)
    staff = SimStaffPager()
    permit = SimPermitReader(db, clock)
    devices = Devices(card, face, finger, photo, payment, printer, household, exit_entry,
                      traffic, staff, permit)
    return Simulation(devices, db, clock, card, face, finger, photo, payment, printer, household,
                      exit_entry, traffic, staff, permit)
