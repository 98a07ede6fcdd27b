"""``kiosk doctor``: is this kiosk's storage sound?  One line per check, what to do when
it is not.

Checks ``var/`` (exists, writable, free space), the kiosk database (SQLite's full
``integrity_check``, transactions a crash left open and how old they are) and the
simulator files.  ``--set-aside`` moves a damaged database out of the way (renamed, never
deleted: it may hold payments the duty office must settle by hand) so that the next start
makes a new one.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.config import var_dir
from assistant.store import DB_NAME, OPEN_STATUSES, check_integrity

MIN_FREE_BYTES = 200 * 1024 * 1024
"""Less free space than this in ``var/`` is a warning (a day of sessions is ~1 MB)."""
SIM_FILES = ("chat-sim.db", "run-sim.db")
OLD_OPEN_S = 24 * 3600.0
"""An open payment older than this needs a person: the kiosk could not settle it."""


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    ok: bool
    what: str
    detail: str
    fix: str = ""

    def __str__(self) -> str:
        mark = "ok  " if self.ok else "FAIL"
        return f"{mark} {self.what}: {self.detail}" + (f" — {self.fix}" if self.fix else "")


def check_folder(folder: Path) -> list[Check]:
    if not folder.is_dir():
        return [Check(False, "var/", f"{folder} does not exist",
                      "create it, or set KIOSK_VAR to the kiosk's data folder")]
    out: list[Check] = []
    probe = folder / f".doctor-{time.time_ns()}"
    try:
        probe.write_bytes(b"x")
        probe.unlink()
        out.append(Check(True, "var/", f"{folder} is writable"))
    except OSError as exc:
        out.append(Check(False, "var/", f"{folder} cannot be written ({exc.strerror or exc})",
                         "make it writable for the kiosk user, or check the disk"))
    free = shutil.disk_usage(folder).free
    out.append(Check(free >= MIN_FREE_BYTES, "free space", f"{free / 1e6:,.0f} MB",
                     "" if free >= MIN_FREE_BYTES else "free disk space (kiosk purge "
                     "deletes old records); payments are refused when the disk is full"))
    return out


def check_database(file: Path, *, now: float) -> list[Check]:
    name = file.name
    if not file.exists():
        return [Check(True, name, "not created yet (made at the first session)")]
    if file.stat().st_size == 0:
        return [Check(False, name, "the file is empty",
                      "run 'kiosk doctor --set-aside' (the next start makes a new one)")]
    try:
        conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [Check(False, name, f"cannot be opened ({exc})", "check the file's permissions")]
    try:
        problem = check_integrity(conn)
        if problem is not None:
            return [Check(False, name, f"damaged ({problem})",
                          "run 'kiosk doctor --set-aside' and give the set-aside file to "
                          "the duty office")]
        out = [Check(True, name, "integrity check passed")]
        if name == DB_NAME:
            out.append(_open_payments(conn, now))
        return out
    finally:
        conn.close()


def _open_payments(conn: sqlite3.Connection, now: float) -> Check:
    marks = ", ".join("?" for _ in OPEN_STATUSES)
    try:
        rows: list[Any] = conn.execute(
            f"select txn_id, status, created_at from journal where status in ({marks})",
            list(OPEN_STATUSES)).fetchall()
    except sqlite3.OperationalError:  # no journal table yet
        rows = []
    old = [r for r in rows if r[2] is not None and now - float(r[2]) > OLD_OPEN_S]
    if not rows:
        return Check(True, "payments", "none left open")
    detail = f"{len(rows)} left open by a crash ({len(old)} older than a day)"
    if old:
        names = ", ".join(f"{r[0]} ({r[1]})" for r in old[:5])
        return Check(False, "payments", f"{detail}: {names}",
                     "start the kiosk with the payment terminal connected so it settles "
                     "them; if they stay, settle them by hand at the duty office")
    return Check(True, "payments", f"{detail}: the next start settles them")


def set_aside(file: Path) -> list[Path]:
    """Rename ``file`` and its ``-wal``/``-shm`` companions to ``*.damaged-<time>``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    moved = []
    for part in (file, file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")):
        if part.exists():
            target = part.with_name(f"{part.name}.damaged-{stamp}")
            part.rename(target)
            moved.append(target)
    return moved


def cmd_doctor(args: argparse.Namespace) -> int:
    folder: Path = args.var or var_dir()
    now = time.time()
    checks = check_folder(folder)
    for name in (DB_NAME, *SIM_FILES):
        checks.extend(check_database(folder / name, now=now))
    for check in checks:
        print(check)
    if args.set_aside:
        damaged = [c.what for c in checks if not c.ok and c.what.endswith(".db")]
        for name in damaged:
            for path in set_aside(folder / name):
                print(f"set aside: {path} (keep it for the duty office)")
        if damaged:
            return 0
    return 0 if all(c.ok for c in checks) else 1


def register(subparsers: Any) -> None:
    """Add ``kiosk doctor`` to the ``kiosk`` parser."""
    p = subparsers.add_parser(
        "doctor", help="check the kiosk's storage (var/, databases, open payments)",
        description="Check var/ (writable, free space), the kiosk database (SQLite "
        "integrity_check, payments left open by a crash) and the simulator files; exit 1 "
        "when something needs doing.")
    p.add_argument("--var", type=Path, default=None, metavar="DIR",
                   help="the kiosk's data folder (default: KIOSK_VAR or var/)")
    p.add_argument("--set-aside", action="store_true",
                   help="rename damaged database files (never deleted) so that the next "
                   "start makes new ones")
    p.set_defaults(func=cmd_doctor)
