"""The PostgreSQL side of fleet reporting: schema, idempotent batches, the report in SQL.

Tables (created by the first sync, under an advisory lock so that kiosks starting together
do not race)::

    fleet_sessions  one row per finished session of any kiosk; primary key
                    (kiosk_id, session_id), so a batch sent twice adds nothing
    fleet_kiosks    one row per kiosk: site, content release, when it last synced

A batch is one ``INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING`` and the kiosk's
row in one transaction.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg

from assistant.fleet import SyncError
from assistant.fleet.outbox import SessionRecord

SCHEMA_LOCK = 7_316_016
"""``pg_advisory_xact_lock`` key taken while creating the tables."""
CONNECT_TIMEOUT_S = 10
ABANDONED = ("cancelled", "timed_out")

SCHEMA = """
create table if not exists fleet_sessions (
    kiosk_id text not null,
    session_id text not null,
    site_id text not null,
    started_at timestamptz not null,
    ended_at timestamptz not null,
    outcome text not null,
    flow text not null,
    "where" text not null,
    turns integer not null,
    staff_calls integer not null,
    urgent_calls integer not null,
    received_at timestamptz not null default now(),
    primary key (kiosk_id, session_id)
);
create index if not exists fleet_sessions_started on fleet_sessions (started_at);
create table if not exists fleet_kiosks (
    kiosk_id text primary key,
    site_id text not null,
    release text not null default '',
    last_sync timestamptz not null,
    last_session_end timestamptz
);
"""


def connect(dsn: str) -> psycopg.Connection[Any]:
    """A connection to the fleet server; :class:`SyncError` with the reason if not."""
    try:
        # no server-side prepared statements: works through connection poolers too
        return psycopg.connect(dsn, connect_timeout=CONNECT_TIMEOUT_S,
                               application_name="kiosk", prepare_threshold=None)
    except psycopg.Error as exc:
        raise SyncError(f"cannot reach the fleet server ({_first_line(exc)}) — check the "
                        "DSN and the network; the sessions wait in the outbox") from exc


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def ensure_schema(conn: psycopg.Connection[Any]) -> None:
    """Create the tables if they are missing (idempotent, safe for concurrent kiosks)."""
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", [SCHEMA_LOCK])
        conn.execute(SCHEMA)


def _ts(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def insert_batch(conn: psycopg.Connection[Any], records: Sequence[SessionRecord], *,
                 kiosk: str, site: str, release: str = "") -> int:
    """Send ``records`` and this kiosk's row in one transaction; returns how many sessions
    were new on the server.  Returns only after the COMMIT is confirmed — any exception
    means the outcome is unknown and the batch must be sent again."""
    cols: list[list[Any]] = [[] for _ in range(11)]
    for r in records:
        for i, v in enumerate((r.kiosk_id, r.session_id, r.site_id, _ts(r.started_at),
                               _ts(r.ended_at), r.outcome, r.flow, r.where, r.turns,
                               r.staff_calls, r.urgent_calls)):
            cols[i].append(v)
    last_end = _ts(max(r.ended_at for r in records)) if records else None
    with conn.transaction():
        new = 0
        if records:
            cur = conn.execute(
                'insert into fleet_sessions (kiosk_id, session_id, site_id, started_at, '
                'ended_at, outcome, flow, "where", turns, staff_calls, urgent_calls) '
                "select * from unnest(%s::text[], %s::text[], %s::text[], "
                "%s::timestamptz[], %s::timestamptz[], %s::text[], %s::text[], %s::text[], "
                "%s::int[], %s::int[], %s::int[]) on conflict do nothing", cols)
            new = max(cur.rowcount, 0)
        conn.execute(
            "insert into fleet_kiosks (kiosk_id, site_id, release, last_sync, "
            "last_session_end) values (%s, %s, %s, now(), %s) on conflict (kiosk_id) do "
            "update set site_id = excluded.site_id, release = excluded.release, "
            "last_sync = excluded.last_sync, last_session_end = greatest("
            "fleet_kiosks.last_session_end, excluded.last_session_end)",
            [kiosk, site, release, last_end])
    return new


# ---------------------------------------------------------------------- the report
@dataclass(frozen=True)
class FleetRow:
    """One line of the fleet report: a site × service cell, a site, a service or all."""

    site_id: str
    """The site ("*" in rows over all sites)."""
    flow: str
    """The service ("*" in rows over all services; "" for sessions without one)."""
    sessions: int
    completed: int
    abandoned: int
    """Cancelled or timed out."""
    staff: int
    """Ended handed to the duty office."""
    redirected: int
    failed: int
    staff_calls: int
    """Calls to the duty office during these sessions."""
    urgent_calls: int
    avg_duration_s: float | None
    kiosks: int
    """Distinct kiosks these sessions came from."""


@dataclass(frozen=True)
class GaveUp:
    """Where abandoned sessions ended, per site and service."""

    site_id: str
    """The site ("*": all sites)."""
    flow: str
    where: str
    count: int


@dataclass(frozen=True)
class KioskRow:
    """One kiosk: where it is, what content it runs, when it last synced."""

    kiosk_id: str
    site_id: str
    release: str
    """The content release it runs ("" when unknown)."""
    last_sync: float
    """Epoch seconds."""
    sessions: int
    """Its sessions in the period."""


@dataclass(frozen=True)
class FleetData:
    """What the server computed for one period."""

    since: float
    """Start of the period (epoch seconds)."""
    generated_at: float
    rows: tuple[FleetRow, ...]
    gave_up: tuple[GaveUp, ...]
    kiosks: tuple[KioskRow, ...]


def query_report(conn: psycopg.Connection[Any], since: float) -> FleetData:
    """The fleet report from ``since`` on, computed by the server (grouping sets)."""
    abandoned = list(ABANDONED)
    rows = conn.execute(
        """
        select coalesce(site_id, '*'), coalesce(flow, '*'), count(*)::int,
               (count(*) filter (where outcome = 'completed'))::int,
               (count(*) filter (where outcome = any(%(ab)s)))::int,
               (count(*) filter (where outcome = 'staff'))::int,
               (count(*) filter (where outcome = 'redirected'))::int,
               (count(*) filter (where outcome = 'failed'))::int,
               coalesce(sum(staff_calls), 0)::int, coalesce(sum(urgent_calls), 0)::int,
               avg(extract(epoch from ended_at - started_at))::float8,
               count(distinct kiosk_id)::int
        from fleet_sessions where started_at >= %(since)s
        group by grouping sets ((site_id, flow), (site_id), (flow), ())
        order by grouping(site_id) , coalesce(site_id, '*'), grouping(flow) desc,
                 count(*) desc, coalesce(flow, '*')
        """, {"ab": abandoned, "since": _ts(since)}).fetchall()
    gave = conn.execute(
        """
        select coalesce(site_id, '*'), flow, "where", count(*)::int from fleet_sessions
        where started_at >= %(since)s and outcome = any(%(ab)s)
        group by grouping sets ((site_id, flow, "where"), (flow, "where"))
        order by grouping(site_id), coalesce(site_id, '*'), flow, count(*) desc, "where"
        """, {"ab": abandoned, "since": _ts(since)}).fetchall()
    kiosks = conn.execute(
        """
        select k.kiosk_id, k.site_id, k.release, extract(epoch from k.last_sync)::float8,
               (select count(*) from fleet_sessions s where s.kiosk_id = k.kiosk_id
                and s.started_at >= %(since)s)::int
        from fleet_kiosks k order by k.site_id, k.kiosk_id
        """, {"since": _ts(since)}).fetchall()
    return FleetData(
        since=since, generated_at=time.time(),
        rows=tuple(FleetRow(*r) for r in rows),
        gave_up=tuple(GaveUp(*g) for g in gave),
        kiosks=tuple(KioskRow(*k) for k in kiosks))
