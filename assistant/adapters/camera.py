"""ID-photo camera with a quality check: protocol and simulator."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

from assistant.adapters.biometrics import Scripted
from assistant.adapters.clock import SimClock
from assistant.errors import DeviceRejected, DeviceTimeout

PHOTO_SECONDS = 6.0
QUALITY_PROBLEMS = ("glasses_glare", "eyes_closed", "head_tilted", "background")
"""Reasons a photo fails the quality check (the dialog has advice for each)."""


@dataclass(frozen=True)
class Photo:
    photo_id: str
    """Id of the stored photo (sent with applications)."""
    receipt_code: str
    """Code printed for the user (回执编号) to use the photo at a window."""


class PhotoCamera(Protocol):
    def capture(self, purpose: str) -> Photo:
        """Take and check a photo; raises :class:`DeviceRejected` with a quality problem."""
        ...


class SimPhotoCamera:
    """Scripted: ``fail`` rotates through glasses glare and closed eyes."""

    def __init__(self, clock: SimClock) -> None:
        self.clock = clock
        self.next: list[Scripted] = []
        self.taken = 0
        self.failures = 0

    def script(self, outcome: Scripted) -> None:
        self.next.append(outcome)

    def capture(self, purpose: str) -> Photo:
        outcome = self.next.pop(0) if self.next else "ok"
        if outcome == "timeout":
            self.clock.advance(30.0)
            raise DeviceTimeout("nobody sat down in front of the camera for 30 s")
        self.clock.advance(PHOTO_SECONDS)
        if outcome == "fail":
            reason = QUALITY_PROBLEMS[self.failures % 2]
            self.failures += 1
            raise DeviceRejected(reason, f"photo quality check failed: {reason}")
        self.taken += 1
        digest = hashlib.sha1(f"{purpose}-{self.taken}".encode()).hexdigest()[:6].upper()
        return Photo(photo_id=f"P{self.taken:04d}", receipt_code=f"ZP{digest}")
