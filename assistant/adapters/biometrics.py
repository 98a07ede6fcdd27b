"""Face verification and fingerprint: protocols and simulators.

The simulators' outcome is scripted (``kiosk chat`` lines ``<face:ok>``/``<face:fail>``);
unscripted calls succeed.
"""

from __future__ import annotations

from typing import Literal, Protocol

from assistant.adapters.clock import SimClock
from assistant.errors import DeviceRejected, DeviceTimeout

FACE_SECONDS = 3.0
FINGER_SECONDS = 3.0
FACE_THRESHOLD = 0.80
"""Similarity at or above which a face matches the reference photo."""

Scripted = Literal["ok", "fail", "timeout"]


class FaceVerifier(Protocol):
    def verify(self, reference: str, id_number: str) -> float:
        """Similarity of the live face to ``reference`` in [0, 1]; raises on no match
        (:class:`DeviceRejected` ``no_match``/``not_live``) or :class:`DeviceTimeout`."""
        ...


class FingerprintReader(Protocol):
    def verify(self, id_number: str) -> bool:
        """True when the finger matches the one recorded for ``id_number``."""
        ...


class _Scripted:
    def __init__(self, clock: SimClock, seconds: float) -> None:
        self.clock = clock
        self.seconds = seconds
        self.next: list[Scripted] = []

    def script(self, outcome: Scripted) -> None:
        """Queue the outcome of the next attempt."""
        self.next.append(outcome)

    def _outcome(self) -> Scripted:
        outcome = self.next.pop(0) if self.next else "ok"
        if outcome == "timeout":
            self.clock.advance(30.0)
            raise DeviceTimeout("nobody in front of the camera/sensor for 30 s")
        self.clock.advance(self.seconds)
        return outcome


class SimFaceVerifier(_Scripted):
    def __init__(self, clock: SimClock) -> None:
        super().__init__(clock, FACE_SECONDS)

    def verify(self, reference: str, id_number: str) -> float:
        if self._outcome() == "fail":
            raise DeviceRejected("no_match", "live face does not match the card photo (0.41)")
        return 0.93


class SimFingerprintReader(_Scripted):
    def __init__(self, clock: SimClock) -> None:
        super().__init__(clock, FINGER_SECONDS)

    def verify(self, id_number: str) -> bool:
        if self._outcome() == "fail":
            raise DeviceRejected("no_match", "fingerprint does not match")
        return True
