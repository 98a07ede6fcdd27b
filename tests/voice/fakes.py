"""Fakes of the voice runtime's audio edges shared by unit tests (no sound card here)."""

from __future__ import annotations

import time
from typing import Any


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


class SilentSpeaker:
    """A speaker that renders nothing and has played everything at once; it keeps the
    texts it was asked to say (``said``).  Tests override :meth:`render` to act on them."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def render(self, say: Any) -> tuple[bytes, float]:
        self.said.append(say.text)
        return b"", 1.0

    def play(self, wav: bytes, gain: float = 1.0) -> DoneSound:
        return DoneSound()

    def earcon(self, name: str) -> DoneSound:
        return DoneSound()

    def end_session(self) -> None:
        pass
