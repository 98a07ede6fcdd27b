"""Fakes of the voice runtime's audio edges shared by unit tests (no sound card here)."""

from __future__ import annotations

import time


class NoMic:
    """A microphone that is not there: reads wait and return nothing (keys-only kiosk)."""

    available = False

    def read(self, timeout: float = 0.1) -> None:
        time.sleep(timeout)

    def drain(self) -> int:
        return 0

    def mute(self, on: bool = True) -> None:
        pass
