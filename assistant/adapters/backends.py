"""Shared simulator plumbing for the police back ends."""

from __future__ import annotations

from typing import Any

from assistant.adapters.clock import SimClock
from assistant.adapters.simdb import SimDatabase
from assistant.errors import BackendError, DeviceTimeout

QUERY_SECONDS = 1.5
SUBMIT_SECONDS = 3.0


class SimBackend:
    """Base of the back-end simulators: clock, database, injected failures."""

    name = "backend"

    def __init__(self, db: SimDatabase, clock: SimClock) -> None:
        self.db = db
        self.clock = clock
        self.failures: dict[str, str] = {}

    def fail_next(self, op: str, how: str = "error") -> None:
        """Make the next call of ``op`` fail (``error``) or time out (``timeout``)."""
        self.failures[op] = how

    def _enter(self, op: str, seconds: float = QUERY_SECONDS) -> None:
        how = self.failures.pop(op, None)
        if how == "timeout":
            self.clock.advance(30.0)
            raise DeviceTimeout(f"{self.name}.{op} did not answer within 30 s")
        self.clock.advance(seconds)
        if how is not None:
            raise BackendError(f"{self.name}.{op} returned an error (simulated): try again later")

    def contact(self, *, txn_id: str, id_number: str) -> dict[str, Any]:
        """Where a new document is posted and the SMS goes: ``{"found", "address",
        "mobile"}`` (the registered address and mobile; ``None`` when not registered)."""
        self._enter("contact")
        card = self.db.person_card(id_number)
        if card is None:
            return {"found": False}
        person = self.db.person(id_number) or {}
        return {"found": True, "address": card.address, "mobile": person.get("mobile")}

    def _existing(self, txn_id: str) -> dict[str, Any] | None:
        rows = self.db.rows("select * from applications where txn_id = ?", [txn_id])
        return rows[0] if rows else None

    def _application(self, txn_id: str, number: str, kind: str, what: str, status: str,
                     ready: str | None, prefix: str,
                     also: tuple[tuple[str, list[Any]], ...] = ()) -> dict[str, Any]:
        """Insert an application once per transaction (idempotent by ``txn_id``).

        ``also``: SQL statements (with parameters) that belong to the same change — e.g.
        marking the paid violations — committed in one transaction with the application,
        as a real back end does: a crash leaves all of it or none of it.
        """
        existing = self._existing(txn_id)
        if existing is not None:
            return existing
        count = self.db.db.table("applications").count + 1
        row = {"txn_id": txn_id, "number": number, "backend": self.name, "kind": kind,
               "what": what, "status": status, "ready": ready,
               "application_no": f"{prefix}{count:06d}"}
        conn = self.db.db.conn
        with conn:  # one transaction (sqlite-utils' own calls would commit one by one)
            for sql, params in also:
                conn.execute(sql, params)
            columns = ", ".join(f"[{k}]" for k in row)
            conn.execute(f"insert into applications ({columns}) values "
                         f"({', '.join('?' for _ in row)})", list(row.values()))
        return row

    def _progress(self, number: str) -> dict[str, Any]:
        rows = self.db.rows("select * from applications where number = ? and backend = ? "
                            "order by rowid desc", [number.upper(), self.name])
        return {"items": [{"what": r["what"], "status": r["status"], "ready": r["ready"],
                           "pickup_place": r.get("pickup_place"),
                           "pickup_until": r.get("pickup_until")} for r in rows]}
