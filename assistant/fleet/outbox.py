"""The kiosk side of fleet reporting: an outbox of finished sessions in ``var/kiosk.db``.

Two tables beside the store's own (:mod:`assistant.store`):

``fleet_outbox``  ``seq`` (autoincrement, never reused) → ``session_id``: every finished
                  session, queued once, in the order it was found finished.
``fleet_state``   ``key → value``: ``cursor`` is the highest ``seq`` the server has
                  confirmed (its COMMIT returned); ``last_sync`` the time of that.

A sync sends the queued sessions after ``cursor`` in one server transaction and moves the
cursor only once the COMMIT is confirmed; a cut anywhere before that leaves the cursor
where it was, and the next sync sends the same sessions again (the server ignores those it
already has).  What leaves the kiosk is a :class:`SessionRecord`: the fields ``kiosk
report`` shows (service, outcome, where it ended, times, turn and staff-call counts), every
text checked to be an identifier — no utterance, name, number or audio ever does.

Retention: the store's rules stay (``kiosk purge``: everything older than
``KIOSK_RETENTION_DAYS``, open payments never); on top of them a session the server has
confirmed is deleted locally ``KIOSK_FLEET_KEEP_DAYS`` (default 7) days after it ended
(never one whose payment is still open), and outbox rows go with their sessions.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from assistant.errors import ConfigError
from assistant.store import OPEN_STATUSES, Store, retention_days

KEEP_ENV = "KIOSK_FLEET_KEEP_DAYS"
DEFAULT_KEEP_DAYS = 7.0
"""Days a session confirmed by the server is still kept locally (for ``kiosk report``)."""
SAFE = re.compile(r"^[A-Za-z0-9_.:/\-]{0,64}$")
"""What a shipped text field may be: an identifier (flow, outcome, dialog state)."""
UNSAFE = "?"
"""Shipped instead of a text field that is not an identifier."""


def keep_days() -> float:
    """``KIOSK_FLEET_KEEP_DAYS`` (default 7, never more than ``KIOSK_RETENTION_DAYS``)."""
    raw = os.environ.get(KEEP_ENV, "").strip()
    value = DEFAULT_KEEP_DAYS
    if raw:
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if value < 0:
            raise ConfigError(f"{KEEP_ENV}={raw!r} is not a number of days — set e.g. 7, "
                              "or unset it for the default")
    return min(value, retention_days())


SESSION_ID = re.compile(r"^[a-z]+-\d{8}-\d{6}-[0-9a-f]{12}$")
"""The store's session ids (:func:`assistant.store.new_session_id`): shipped as they are."""
_DIGITS = re.compile(r"\d{5,}")


def safe(value: Any) -> str:
    """``value`` as text when it is an identifier without a long number, else
    :data:`UNSAFE`."""
    text = "" if value is None else str(value)
    return text if SAFE.match(text) and not _DIGITS.search(text) else UNSAFE


def ship_id(session_id: str) -> str:
    """The session id as shipped: the store's own format as it is (kind, time, random
    bits), anything else replaced by a digest of it (stable, so a retry matches)."""
    if SESSION_ID.match(session_id):
        return session_id
    return "h-" + hashlib.sha256(session_id.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class SessionRecord:
    """One finished session as it leaves the kiosk (nothing ``kiosk report`` would not show)."""

    kiosk_id: str
    """Which kiosk (``KIOSK_ID``)."""
    site_id: str
    """Which site (``KIOSK_SITE`` / ``here:`` of ``site.yaml``)."""
    session_id: str
    """The store's session id (kind, time, random bits: no personal data)."""
    started_at: float
    """Epoch seconds."""
    ended_at: float
    """Epoch seconds."""
    outcome: str
    """``completed``, ``cancelled``, ``timed_out``, ``staff``, ``redirected``, ``failed``…"""
    flow: str
    """The service (intent name), "" when none was started."""
    where: str
    """Dialog state or flow step the session ended in."""
    turns: int
    """How many turns it had."""
    staff_calls: int
    """Calls to the duty office during the session."""
    urgent_calls: int
    """Of which urgent."""


_SCHEMA = """
create table if not exists fleet_outbox (
    seq integer primary key autoincrement,
    session_id text not null unique,
    queued_at real not null
);
create table if not exists fleet_state (key text primary key, value text not null);
"""


class Outbox:
    """The outbox of the store ``store`` for kiosk ``kiosk`` at site ``site``."""

    def __init__(self, store: Store, *, kiosk: str, site: str) -> None:
        self.store = store
        self.kiosk = kiosk
        self.site = site
        self.conn: sqlite3.Connection = store.db.conn
        self.conn.execute("pragma busy_timeout = 10000")
        with self.conn:
            self.conn.executescript(_SCHEMA)

    # ------------------------------------------------------------------ state
    def _get(self, key: str, default: str) -> str:
        row = self.conn.execute("select value from fleet_state where key = ?", [key]).fetchone()
        return str(row[0]) if row else default

    def _set(self, key: str, value: str) -> None:
        self.conn.execute("insert into fleet_state (key, value) values (?, ?) on conflict(key) "
                          "do update set value = excluded.value", [key, value])

    def cursor(self) -> int:
        """The highest ``seq`` the server confirmed (0: none yet)."""
        return int(self._get("cursor", "0"))

    def last_sync(self) -> float | None:
        """When the server last confirmed a batch (epoch seconds), None if never."""
        raw = self._get("last_sync", "")
        return float(raw) if raw else None

    # ------------------------------------------------------------------ queue
    def enqueue(self) -> int:
        """Queue every finished session not queued yet; returns how many were added."""
        with self.conn:
            cur = self.conn.execute(
                "insert or ignore into fleet_outbox (session_id, queued_at) "
                "select id, ? from sessions where ended_at is not null "
                "and id not in (select session_id from fleet_outbox) "
                "order by ended_at, rowid", [self.store.clock()])
        return cur.rowcount

    def pending_count(self) -> int:
        """Queued sessions the server has not confirmed (still present locally)."""
        row = self.conn.execute(
            "select count(*) from fleet_outbox o join sessions s on s.id = o.session_id "
            "where o.seq > ?", [self.cursor()]).fetchone()
        return int(row[0])

    def pending(self, limit: int) -> tuple[int, list[SessionRecord]]:
        """Up to ``limit`` queued sessions after the cursor, oldest first, and the ``seq``
        to confirm once the server has them (the cursor when there are none).  A queued
        session the retention rules deleted before it could be shipped is skipped."""
        rows = self.conn.execute(
            "select o.seq, s.id, s.started_at, s.ended_at, s.outcome, s.flow, s.[where], "
            "s.turns, (select count(*) from staff_calls c where c.session_id = s.id), "
            "(select count(*) from staff_calls c where c.session_id = s.id and c.urgent) "
            "from fleet_outbox o left join sessions s on s.id = o.session_id "
            "where o.seq > ? order by o.seq limit ?", [self.cursor(), limit]).fetchall()
        upto = self.cursor()
        records: list[SessionRecord] = []
        for seq, sid, started, ended, outcome, flow, where, turns, calls, urgent in rows:
            upto = max(upto, int(seq))
            if sid is None or ended is None:
                continue
            records.append(SessionRecord(
                kiosk_id=self.kiosk, site_id=self.site, session_id=ship_id(str(sid)),
                started_at=float(started if started is not None else ended),
                ended_at=float(ended), outcome=safe(outcome), flow=safe(flow),
                where=safe(where), turns=int(turns or 0), staff_calls=int(calls or 0),
                urgent_calls=int(urgent or 0)))
        return upto, records

    def confirm(self, upto: int) -> None:
        """The server confirmed everything up to ``seq`` ``upto``: move the cursor."""
        with self.conn:
            self._set("cursor", str(max(upto, self.cursor())))
            self._set("last_sync", repr(self.store.clock()))

    # ------------------------------------------------------------------ retention
    def retain(self, days: float | None = None) -> int:
        """Delete sessions the server confirmed that ended more than ``days`` (default
        :func:`keep_days`) ago — never one with an open payment — and outbox rows whose
        session is gone; returns how many sessions were deleted."""
        cutoff = self.store.clock() - (keep_days() if days is None else days) * 86400.0
        marks = ", ".join("?" for _ in OPEN_STATUSES)
        with self.conn:
            cur = self.conn.execute(
                "delete from sessions where ended_at is not null and ended_at < ? "
                "and id in (select session_id from fleet_outbox where seq <= ?) "
                f"and id not in (select session_id from journal where status in ({marks}))",
                [cutoff, self.cursor(), *OPEN_STATUSES])
            deleted = cur.rowcount
            self.conn.execute("delete from turns where session_id not in (select id from sessions)")
            self.conn.execute(
                "delete from fleet_outbox where seq <= ? and session_id not in "
                "(select id from sessions)", [self.cursor()])
        return deleted
