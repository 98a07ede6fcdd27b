"""Fleet sync and report against a real PostgreSQL server (tests/fleet/conftest.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from assistant.fleet import SyncError
from assistant.fleet.outbox import Outbox
from assistant.fleet.pgtemp import USER, TempServer
from assistant.fleet.report import today_start
from assistant.fleet.sync import sync_once, wait_until
from assistant.store import Store

from .helpers import (
    DAY,
    KIOSK,
    ROOT,
    SECRETS,
    CuttingProxy,
    add_sessions,
    chat_sessions,
)

GOLDEN = ROOT / "tests" / "dialog" / "golden"


def rows(dsn: str, kiosk: str | None = None) -> int:
    with psycopg.connect(dsn) as conn:
        if kiosk is None:
            row = conn.execute("select count(*) from fleet_sessions").fetchone()
        else:
            row = conn.execute("select count(*) from fleet_sessions where kiosk_id = %s",
                               [kiosk]).fetchone()
    assert row is not None
    return int(row[0])


def finished(db: Path) -> int:
    store = Store(db, lock=False)
    try:
        return sum(1 for s in store.sessions() if s["ended_at"] is not None)
    finally:
        store.close()


def kiosk_env(var: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "KIOSK_VAR": str(var), **extra}


def test_sync_ships_each_finished_session_once(tmp_path: Path, fleet_dsn: str) -> None:
    db = tmp_path / "kiosk.db"
    add_sessions(db, 30, start=time.time() - 3600)
    store = Store(db, lock=False)
    store.open_session("chat-still-open")  # a session in progress is not shipped
    store.close()
    first = sync_once(fleet_dsn, db, kiosk="k1", site="dinghai", batch=7, keep_days=30)
    assert (first.sent, first.new, first.batches, first.pending) == (30, 30, 5, 0)
    assert rows(fleet_dsn) == 30
    again = sync_once(fleet_dsn, db, kiosk="k1", site="dinghai", keep_days=30)
    assert (again.sent, again.new) == (0, 0)
    assert rows(fleet_dsn) == 30
    local = {s["id"]: s for s in Store(db, lock=False).sessions()}
    with psycopg.connect(fleet_dsn) as conn:
        shipped = conn.execute('select session_id, outcome, flow, "where", site_id, '
                               "extract(epoch from ended_at) from fleet_sessions").fetchall()
    for sid, outcome, flow, where, site, ended in shipped:
        row = local[sid]
        assert (outcome, flow, where, site) == (row["outcome"], row["flow"], row["where"],
                                                "dinghai")
        assert abs(float(ended) - row["ended_at"]) < 1e-3


def _earlier_today(now: float, n: int, step: float) -> tuple[float, float]:
    """``(start, step)`` for ``n`` sessions ending before ``now``, within the last two
    hours and after local midnight: the fleet report counts today's (a run just after
    midnight put most of them in yesterday's)."""
    start = max(now - 7200.0, today_start(now) + 1.0)
    return start, max(0.01, min(step, (now - start - 60.0) / n))


def test_three_kiosks_sync_concurrently(tmp_path: Path, fleet_dsn: str) -> None:
    vars_ = [tmp_path / f"var{i}" for i in range(3)]
    for var in vars_:
        var.mkdir()
    # kiosk 0: real conversations through kiosk chat --script, plus recorded sessions
    chat_sessions(vars_[0], [GOLDEN / "driver_license_renew_keys.script",
                             GOLDEN / "back_to_submenu.script",
                             GOLDEN / "card_removed.script"])
    now = time.time()
    for var, n, step in ((vars_[0], 120, 10.0), (vars_[1], 700, 5.0), (vars_[2], 333, 5.0)):
        first, every = _earlier_today(now, n, step)
        add_sessions(var / "kiosk.db", n, start=first, step=every)
    sites = ("dinghai", "dinghai", "putuo")
    procs = [subprocess.Popen(
        [*KIOSK, "sync", "--dsn", fleet_dsn, "--kiosk-id", f"kiosk-{i}", "--site", sites[i],
         "--batch", "100", "--json"], cwd=ROOT, env=kiosk_env(var),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i, var in enumerate(vars_)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        results.append(json.loads(out))
    expected = [finished(var / "kiosk.db") for var in vars_]
    assert expected[0] >= 123  # the chat sessions are there too
    for i, r in enumerate(results):
        assert (r["sent"], r["new"], r["pending"]) == (expected[i], expected[i], 0)
        assert rows(fleet_dsn, f"kiosk-{i}") == expected[i]
    assert rows(fleet_dsn) == sum(expected)
    # the fleet report (computed by the server) adds up, per site too
    out = subprocess.run([*KIOSK, "report", "--fleet", "--dsn", fleet_dsn, "--json"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    report = json.loads(out)
    assert report["sessions"] == sum(expected)
    assert report["kiosks"] == 3
    sites_rows = {s["site_id"]: s["sessions"] for s in report["sites"]}
    assert sites_rows == {"dinghai": expected[0] + expected[1], "putuo": expected[2]}
    assert sum(s["sessions"] for s in report["services"]) == sum(expected)
    assert sum(c["sessions"] for c in report["cells"]) == sum(expected)
    assert {m["kiosk_id"] for m in report["machines"]} == {"kiosk-0", "kiosk-1", "kiosk-2"}
    text = subprocess.run([*KIOSK, "report", "--fleet", "--dsn", fleet_dsn], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    assert "定海" in text and "普陀" in text and f"共 {sum(expected)} 次会话" in text


@pytest.fixture()
def proxy_dir() -> Iterator[Path]:
    # a short path: Unix socket names are limited to 108 bytes
    path = Path(tempfile.mkdtemp(prefix="kiosk-px-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _dbname(dsn: str) -> str:
    match = re.search(r"dbname=(\S+)", dsn)
    assert match
    return match.group(1)


def test_cut_in_the_middle_of_a_batch_resumes(tmp_path: Path, fleet_dsn: str,
                                              pg_server: TempServer, proxy_dir: Path) -> None:
    db = tmp_path / "kiosk.db"
    add_sessions(db, 1200, start=time.time() - 7200, step=5)
    proxy = CuttingProxy(pg_server.sock, proxy_dir, cut_in_batch=2)
    try:
        with pytest.raises(SyncError, match="500 session"):
            sync_once(proxy.dsn(_dbname(fleet_dsn), USER), db, kiosk="k1",
                      site="dinghai", batch=500, keep_days=30)
    finally:
        proxy.close()
    assert proxy.fired
    assert rows(fleet_dsn) == 500  # the first batch committed, the cut one did not
    store = Store(db, lock=False)
    assert Outbox(store, kiosk="k1", site="dinghai").pending_count() == 700
    store.close()
    resumed = sync_once(fleet_dsn, db, kiosk="k1", site="dinghai", batch=500, keep_days=30)
    assert (resumed.sent, resumed.new, resumed.pending) == (700, 700, 0)
    assert rows(fleet_dsn) == 1200


def test_lost_commit_reply_retry_adds_no_duplicates(tmp_path: Path, fleet_dsn: str,
                                                    pg_server: TempServer,
                                                    proxy_dir: Path) -> None:
    db = tmp_path / "kiosk.db"
    add_sessions(db, 1200, start=time.time() - 7200, step=5)
    proxy = CuttingProxy(pg_server.sock, proxy_dir, lose_commit_reply=1)
    try:
        with pytest.raises(SyncError):
            sync_once(proxy.dsn(_dbname(fleet_dsn), USER), db, kiosk="k1",
                      site="dinghai", batch=500, keep_days=30)
    finally:
        proxy.close()
    assert proxy.fired
    assert rows(fleet_dsn) == 500  # committed on the server, unknown to the kiosk
    retry = sync_once(fleet_dsn, db, kiosk="k1", site="dinghai", batch=500, keep_days=30)
    assert (retry.sent, retry.new) == (1200, 700)  # the first 500 again, ignored
    assert rows(fleet_dsn) == 1200


def test_kiosk_offline_for_a_week(tmp_path: Path, fleet_dsn: str, proxy_dir: Path) -> None:
    db = tmp_path / "kiosk.db"
    now = time.time()
    per_day = 40
    for day in range(7, -1, -1):  # a week ago … today
        add_sessions(db, per_day, start=now - day * DAY - 3600, step=30)
    total = 8 * per_day
    # offline: a server that does not answer (an empty socket directory)
    dead = f"host={proxy_dir} port=5432 dbname=x user=x"
    for _ in range(3):
        with pytest.raises(SyncError, match="cannot reach"):
            sync_once(dead, db, kiosk="k-offline", site="daishan", keep_days=3.5)
    out = subprocess.run([*KIOSK, "sync", "--dsn", dead, "--store", str(db), "--kiosk-id",
                          "k-offline", "--site", "daishan"], cwd=ROOT, capture_output=True,
                         text=True)
    assert out.returncode == 1
    assert "cannot reach the fleet server" in out.stderr and "outbox" in out.stderr
    assert finished(db) == total  # nothing lost, nothing deleted while unconfirmed
    back = sync_once(fleet_dsn, db, kiosk="k-offline", site="daishan", batch=100, keep_days=3.5)
    assert (back.sent, back.new, back.pending) == (total, total, 0)
    assert rows(fleet_dsn) == total
    # bounded local retention after the confirmed upload: older than 3.5 days deleted …
    assert back.deleted == 4 * per_day
    assert finished(db) == 4 * per_day
    # … and a later sync neither resends nor loses anything
    later = sync_once(fleet_dsn, db, kiosk="k-offline", site="daishan", keep_days=3.5)
    assert (later.sent, later.new) == (0, 0)
    assert rows(fleet_dsn) == total
    week = subprocess.run([*KIOSK, "report", "--fleet", "--dsn", fleet_dsn, "--json",
                           "--since", "9"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout
    assert json.loads(week)["sessions"] == total
    today = subprocess.run([*KIOSK, "report", "--fleet", "--dsn", fleet_dsn, "--json"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout
    midnight = today_start()
    assert json.loads(today)["sessions"] == sum(
        1 for i in range(per_day) if now - 3600 + i * 30 >= midnight)


def test_retention_keeps_unconfirmed_and_open_payments(tmp_path: Path, fleet_dsn: str) -> None:
    db = tmp_path / "kiosk.db"
    old = time.time() - 10 * DAY
    ids = add_sessions(db, 10, start=old)
    store = Store(db, lock=False)
    store.journal_order("txn-1", session_id=ids[0], flow="traffic.fine_payment",
                        order_id="o1", amount=200.0, submit=None)
    store.close()
    result = sync_once(fleet_dsn, db, kiosk="k1", site="dinghai", keep_days=7)
    assert result.sent == 10
    assert result.deleted == 9  # the session whose payment is still open stays
    store = Store(db, lock=False)
    assert [s["id"] for s in store.sessions()] == [ids[0]]
    store.close()


CJK = re.compile(r"[\u3400-\u9fff]")
LONG_DIGITS = re.compile(r"\d{11,}")
SHIPPED_ID = re.compile(r"^([a-z]+-\d{8}-\d{6}-[0-9a-f]{12}|h-[0-9a-f]{24})$")


def test_nothing_personal_reaches_the_server(tmp_path: Path, fleet_dsn: str) -> None:
    db = tmp_path / "kiosk.db"
    add_sessions(db, 50, start=time.time() - 3600)
    chat_sessions(tmp_path, [GOLDEN / "driver_license_renew_keys.script"])
    # a session whose fields carry personal data (a caller's mistake) and an id that is
    # not the store's format: shipped as "?" and as a digest
    store = Store(db, lock=False)
    store.open_session(f"visit-{SECRETS[0]}")
    store.end_session(f"visit-{SECRETS[0]}", SECRETS[2], SECRETS[1], where=f"住在{SECRETS[2]}家")
    store.close()
    sync_once(fleet_dsn, db, kiosk="k1", site="dinghai", release="content-1")
    values: list[str] = []
    with psycopg.connect(fleet_dsn) as conn:
        tables = [r[0] for r in conn.execute(
            "select table_name from information_schema.tables where table_schema = 'public'")]
        assert set(tables) == {"fleet_sessions", "fleet_kiosks"}
        for table in tables:
            for (row,) in conn.execute(f"select row_to_json(t)::text from {table} t"):
                for key, value in json.loads(row).items():
                    if key == "session_id":  # kind, time, random hex — or a digest
                        assert SHIPPED_ID.match(value), value
                    else:
                        values.append(str(value))
    assert len(values) > 50 * 10
    for value in values:
        assert not CJK.search(value), value  # no name, address, utterance
        assert not LONG_DIGITS.search(value), value  # no ID, phone or card number
        for secret in SECRETS:
            assert secret not in value


def test_kiosk_run_syncs_in_the_background(tmp_path: Path, fleet_dsn: str) -> None:
    var = tmp_path / "var"
    env = kiosk_env(var, KIOSK_FLEET_DSN=fleet_dsn, KIOSK_FLEET_INTERVAL_S="0.3",
                    KIOSK_ID="run-1", KIOSK_SITE="putuo")
    proc = subprocess.Popen([*KIOSK, "run", "--typed"], cwd=ROOT, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdin is not None
    try:
        proc.stdin.write("<key:cancel>\n")  # one person: menu, cancel → session ends
        proc.stdin.flush()

        def shipped() -> bool:
            try:
                return rows(fleet_dsn, "run-1") >= 1
            except psycopg.Error:
                return False

        assert wait_until(shipped, 90), "the background sync did not ship the session"
        assert proc.poll() is None  # … while the kiosk is still running
    finally:
        proc.stdin.close()
        proc.wait(60)
    with psycopg.connect(fleet_dsn) as conn:
        row = conn.execute("select site_id from fleet_kiosks where kiosk_id = 'run-1'"
                           ).fetchone()
    assert row == ("putuo",)
