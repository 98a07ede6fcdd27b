"""Simulated time: simulators advance it instead of sleeping."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SimClock:
    """Seconds since the session started; simulators add their durations."""

    now: float = 0.0

    def advance(self, seconds: float) -> float:
        """Let ``seconds`` pass; returns the new time."""
        if seconds < 0:
            raise ValueError("time cannot go backwards")
        self.now += seconds
        return self.now
