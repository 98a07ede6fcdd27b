"""Receipt printer: protocol and simulator."""

from __future__ import annotations

import json
from typing import Protocol

from assistant.adapters.clock import SimClock
from assistant.adapters.simdb import SimDatabase
from assistant.errors import DeviceRejected

PRINT_SECONDS = 5.0


class Printer(Protocol):
    def print_receipt(self, title: str, lines: list[str]) -> None:
        """Print; raises :class:`DeviceRejected` (``no_paper``, ``jam``)."""
        ...


class SimPrinter:
    def __init__(self, db: SimDatabase, clock: SimClock, paper: int = 500) -> None:
        self.db = db
        self.clock = clock
        self.paper = paper

    def print_receipt(self, title: str, lines: list[str]) -> None:
        if self.paper <= 0:
            raise DeviceRejected("no_paper", "printer is out of paper: refill the receipt roll")
        self.clock.advance(PRINT_SECONDS)
        self.paper -= 1
        conn = self.db.db.conn
        with conn:  # plain SQL (sqlite-utils' insert looks the table up first: ~0.2 ms)
            conn.execute("insert into prints (title, lines) values (?, ?)",
                         (title, json.dumps(lines, ensure_ascii=False)))
