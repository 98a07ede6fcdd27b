"""``kiosk bench sync``: how fast sessions reach the fleet server and its report.

* **rows/s**: ``--sessions`` finished sessions in a fresh kiosk database shipped by one
  ``kiosk sync`` (batches of ``--batch``, one transaction each), wall time from the start
  of the sync to the last confirmed COMMIT;
* **lag**: a session ends → it is counted by the fleet report (the SQL of ``kiosk report
  --fleet``), ``--lag-runs`` times: once with a sync run right after the session ends (the
  cost of the pipeline itself) and once through the background sync of ``kiosk run`` with
  ``--interval`` seconds between syncs (what staff see; on average half an interval more).

Without ``--dsn`` / ``KIOSK_FLEET_DSN`` a private server is started (and removed) when
PostgreSQL is installed.  Prints numbers; no targets are asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any


def _fill(db: Path, n: int, now: float) -> None:
    """``n`` finished sessions (bulk insert: the bench measures shipping, not recording)."""
    from assistant.store import Store, new_session_id

    store = Store(db, lock=False)
    try:
        outcomes = ("completed", "cancelled", "timed_out", "staff")
        flows = ("id_card.renew", "traffic.fine_payment", "exit_entry.endorse_hk_macau", "")
        rows = [(new_session_id("bench"), now - 3600 + i * 0.1, now - 3500 + i * 0.1,
                 outcomes[i % 4], flows[i % 4], 5, "payment") for i in range(n)]
        with store.db.conn:
            store.db.conn.executemany(
                "insert into sessions (id, started_at, ended_at, outcome, flow, turns, "
                "[where]) values (?, ?, ?, ?, ?, ?, ?)", rows)
    finally:
        store.close()


def _count(dsn: str) -> int:
    from assistant.fleet.report import today_start
    from assistant.fleet.server import connect, query_report

    conn = connect(dsn)
    try:
        data = query_report(conn, today_start() - 86400.0)
    finally:
        conn.close()
    total = next((r for r in data.rows if r.site_id == "*" and r.flow == "*"), None)
    return total.sessions if total else 0


def _end_one(db: Path) -> None:
    from assistant.store import Store, new_session_id

    store = Store(db, lock=False)
    try:
        sid = new_session_id("bench")
        store.open_session(sid)
        store.end_session(sid, "completed", "id_card.renew", where="busy:done")
    finally:
        store.close()


def _wait_for(dsn: str, count: int, timeout: float = 120.0) -> float:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if _count(dsn) >= count:
            return time.monotonic()
        time.sleep(0.01)
    raise TimeoutError("the session did not reach the fleet report")


def _ms(values: list[float]) -> str:
    values = sorted(v * 1000 for v in values)
    return (f"p50 {statistics.median(values):.0f} ms, max {values[-1]:.0f} ms "
            f"(n={len(values)})")


def measure(dsn: str, *, sessions: int, batch: int, lag_runs: int, interval: float) -> None:
    from assistant.fleet.server import connect, ensure_schema
    from assistant.fleet.sync import BackgroundSync, sync_once

    conn = connect(dsn)
    ensure_schema(conn)
    conn.close()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-sync-") as tmp:
        kiosk = f"bench-{uuid.uuid4().hex[:8]}"
        db = Path(tmp) / "kiosk.db"
        _fill(db, sessions, time.time())
        start = time.perf_counter()
        result = sync_once(dsn, db, kiosk=kiosk, site="bench", batch=batch, release="",
                           keep_days=30)
        took = time.perf_counter() - start
        print(f"sync: {result.sent} sessions in {result.batches} transactions of ≤{batch} "
              f"in {took:.2f} s = {result.sent / took:,.0f} rows/s "
              f"({took / max(result.batches, 1) * 1000:.1f} ms per transaction)")
        again = time.perf_counter()
        sync_once(dsn, db, kiosk=kiosk, site="bench", batch=batch, release="", keep_days=30)
        print(f"sync with nothing new: {(time.perf_counter() - again) * 1000:.0f} ms "
              "(connect, schema check, heartbeat)")
        seen = _count(dsn)
        direct: list[float] = []
        for _ in range(lag_runs):
            t0 = time.monotonic()
            _end_one(db)
            sync_once(dsn, db, kiosk=kiosk, site="bench", batch=batch, release="",
                      keep_days=30)
            seen += 1
            direct.append(_wait_for(dsn, seen) - t0)
        print(f"lag session end → fleet report, sync right after: {_ms(direct)}")
        background = BackgroundSync(dsn, db, kiosk=kiosk, site="bench",
                                    interval=interval).start()
        try:
            via: list[float] = []
            for _ in range(lag_runs):
                t0 = time.monotonic()
                _end_one(db)
                seen += 1
                via.append(_wait_for(dsn, seen) - t0)
        finally:
            background.stop()
        print(f"lag session end → fleet report, background sync every {interval:g} s: "
              f"{_ms(via)}  (kiosk run default: every 60 s, KIOSK_FLEET_INTERVAL_S)")


def run_bench(args: argparse.Namespace) -> int:
    from assistant.fleet.sync import DSN_ENV

    dsn = args.dsn or os.environ.get(DSN_ENV, "").strip()
    if dsn:
        measure(dsn, sessions=args.sessions, batch=args.batch, lag_runs=args.lag_runs,
                interval=args.interval)
        return 0
    from assistant.fleet.pgtemp import TempServer, missing

    why = missing()
    if why is not None:
        print(f"kiosk bench sync: no --dsn and no private server: {why}", file=sys.stderr)
        return 1
    with TempServer() as server:
        print(f"private PostgreSQL server ({server.bin.parent.name}) on a Unix socket, "
              "fsync off", file=sys.stderr)
        measure(server.create_database("bench"), sessions=args.sessions, batch=args.batch,
                lag_runs=args.lag_runs, interval=args.interval)
    return 0


def register_bench(bench_sub: Any) -> None:
    """Add ``kiosk bench sync``."""
    b = bench_sub.add_parser(
        "sync", help="fleet sync: rows per second into PostgreSQL, lag from session end to "
        "the fleet report")
    b.add_argument("--dsn", default=None, help="PostgreSQL server (default: KIOSK_FLEET_DSN; "
                   "without either a private server is started when PostgreSQL is installed)")
    b.add_argument("--sessions", type=int, default=5000, help="sessions to ship (5000)")
    b.add_argument("--batch", type=int, default=500, help="sessions per transaction (500)")
    b.add_argument("--lag-runs", type=int, default=5, help="session-end→report measurements")
    b.add_argument("--interval", type=float, default=1.0,
                   help="background sync interval for the lag measurement (1 s)")
    b.set_defaults(func=run_bench)


def register(sub: Any) -> None:
    """No top-level command: this module only adds ``kiosk bench sync``."""
