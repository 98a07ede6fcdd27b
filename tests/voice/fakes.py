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


class DoneSound:
    """A playback that has already finished (``wait`` is True at once)."""

    stopped = False
    started_at = 1.0

    def wait(self, timeout: float | None = None) -> bool:
        return True

    def stop(self) -> None:
        pass
