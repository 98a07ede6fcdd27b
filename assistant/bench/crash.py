"""``kiosk bench crash``: kill -9 the kiosk after every database commit of a paying
transaction — and during the recovery that follows — then restart it and count what a
citizen would lose.

For each flow (the fine payment, the ID card renewal and the Hong Kong/Macau endorsement,
driven by keys only, as in the ``*_keys`` golden scripts) it first counts the commits of
one whole run.  Then, for each commit ``n``, a forked child runs the same script on a
fresh store and simulator file and is killed with SIGKILL right after commit ``n``; a
second child restarts the kiosk (journal recovery) and is itself killed after recovery
commit ``m`` when ``--in-recovery`` asks for it; a last child restarts cleanly.  Then:

- **double charges**: a transaction charged more than once;
- **refunded but served**: money given back while the back end did the service
  (application written, or violations marked paid with no payment kept for them);
- **paid, not served**: money kept without the service, nor a refund;
- **open**: journal entries still ``ordered``/``paid`` after the restart.

All four must be 0.  Only sqlite3 is hooked (a statement trace callback installed in the
child); the product code has no crash points of its own.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import signal
import sqlite3
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT

TODAY = date(2025, 6, 1)
GOLDEN = PROJECT_ROOT / "tests" / "dialog" / "golden"
FLOWS = {
    "fine": "traffic_fine_payment_keys.script",
    "renew": "id_card_renew_keys.script",
    "endorse": "exit_entry_endorse_hk_macau_keys.script",
}
"""Flow nick-name → keys-only golden script that pays."""


@dataclass
class Tally:
    """What the harness found for one flow."""

    flow: str
    commits: int = 0
    """Commits in one uninterrupted run."""
    kills: int = 0
    """Children killed (in the run and in recovery)."""
    double_charges: int = 0
    refunded_but_served: int = 0
    paid_not_served: int = 0
    open_after_restart: int = 0
    samples: list[str] = field(default_factory=list)

    @property
    def bad(self) -> int:
        return (self.double_charges + self.refunded_but_served + self.paid_not_served
                + self.open_after_restart)


def _hooked(kill_after: int | None, counter: list[int]) -> None:
    """In the child: count COMMITs on every SQLite connection; with ``kill_after`` the
    process is killed (SIGKILL, as a power cut) at the first statement after that many."""
    import sqlite_utils.db

    real_connect = sqlite3.connect

    def trace(statement: str) -> None:
        if kill_after is not None and counter[0] >= kill_after:
            os.kill(os.getpid(), signal.SIGKILL)
        if statement.strip().upper().startswith("COMMIT"):
            counter[0] += 1

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn: sqlite3.Connection = real_connect(*args, **kwargs)
        conn.set_trace_callback(trace)
        return conn

    sqlite_utils.db.sqlite3.connect = connect  # type: ignore[attr-defined]


@functools.cache
def _texts() -> Any:
    """The flow texts, loaded once in the parent (every forked child inherits them)."""
    from assistant.dialog import load_texts

    return load_texts(None)


def _run_script(script: Path, store_file: Path, sim_file: Path) -> None:
    from assistant.chat import new_session, run_script
    from assistant.store import Store

    session = new_session(_texts(), nlu=None, today=TODAY, store=Store(store_file),
                          db=sim_file, announcements=False)
    session.strict = True
    lines = script.read_text(encoding="utf-8").splitlines()
    run_script(lines, io.StringIO(), session, as_json=True)


def _restart(store_file: Path, sim_file: Path) -> None:
    from assistant.adapters.devices import simulate
    from assistant.adapters.runner import recover
    from assistant.store import Store

    store = Store(store_file)
    recover(store, simulate(TODAY, sim_file).devices)
    store.close_interrupted()


@contextmanager
def _quiet() -> Iterator[None]:
    """The child's stderr (the store's one-line warnings) would flood the report."""
    null = os.open(os.devnull, os.O_WRONLY)
    saved = os.dup(2)
    os.dup2(null, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def _in_child(kill_after: int | None, job: str, *paths: Path) -> tuple[bool, int]:
    """Run ``job`` in a forked child; (killed?, commits counted by the child)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        code = 0
        try:
            counter = [0]
            with _quiet():
                _hooked(kill_after, counter)
                if job == "run":
                    _run_script(*paths)
                else:
                    _restart(*paths)
            os.write(write, str(counter[0]).encode())
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write)
    data = b""
    while chunk := os.read(read, 64):
        data += chunk
    os.close(read)
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    if not killed and os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"the {job} child failed (exit {os.waitstatus_to_exitcode(status)})")
    return killed, int(data or b"0")


def _check(tally: Tally, store_file: Path, sim_file: Path, where: str) -> None:
    store = sqlite3.connect(store_file)
    sim = sqlite3.connect(sim_file)
    try:
        open_rows = store.execute(
            "select txn_id from journal where status in ('ordered', 'paid')").fetchall()
        served = {r[0] for r in sim.execute("select txn_id from applications")}
        orders = sim.execute("select order_id, txn_id, status, charges from orders").fetchall()
        fines_paid = sim.execute("select count(*) from violations where paid = 1").fetchone()[0]
        fine_receipts = {r[0] for r in sim.execute(
            "select txn_id from applications where kind = 'fine'")}
    finally:
        store.close()
        sim.close()
    charged: dict[str, int] = {}
    for _, txn, status, charges in orders:
        charged[txn] = charged.get(txn, 0) + int(charges or 0)
        if status == "refunded" and txn in served:
            tally.refunded_but_served += 1
            tally.samples.append(f"{where}: {txn} refunded but served")
        if status == "paid" and txn not in served:
            tally.paid_not_served += 1
            tally.samples.append(f"{where}: {txn} paid, not served, not refunded")
    kept = {txn for _, txn, status, _ in orders if status == "paid"}
    if fines_paid and not fine_receipts & kept:  # all demo violations start unpaid
        tally.refunded_but_served += 1
        tally.samples.append(f"{where}: {fines_paid} violations marked paid, no fine kept")
    for txn, n in charged.items():
        if n > 1:
            tally.double_charges += 1
            tally.samples.append(f"{where}: {txn} charged {n} times")
    if open_rows:
        tally.open_after_restart += len(open_rows)
        tally.samples.append(f"{where}: open after restart: {[r[0] for r in open_rows]}")


def crash_flow(flow: str, *, every: int = 1, in_recovery: bool = True,
               workdir: Path | None = None) -> Tally:
    """Kill ``flow``'s run after every ``every``-th commit (and its recovery); count."""
    script = GOLDEN / FLOWS[flow]
    tally = Tally(flow)
    _texts()
    import assistant.adapters.devices
    import assistant.adapters.runner
    import assistant.chat  # noqa: F401  (imported once, before forking)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        root = Path(tmp)

        def files(tag: str) -> tuple[Path, Path]:
            folder = root / tag
            folder.mkdir()
            return folder / "kiosk.db", folder / "sim.db"

        clean = files("clean")
        _, tally.commits = _in_child(None, "run", script, *clean)
        _check(tally, *clean, "uninterrupted")
        for n in range(1, tally.commits + 1, every):
            run = files(f"n{n}")
            killed, _ = _in_child(n, "run", script, *run)
            tally.kills += killed
            if in_recovery:
                # how many commits does recovery make on this wreck?  Probe a copy.
                probe = files(f"p{n}")
                for src, dst in zip(run, probe, strict=True):
                    _copy_db(src, dst)
                _, recovery_commits = _in_child(None, "restart", *probe)
                for m in range(1, recovery_commits + 1):
                    wreck = files(f"n{n}m{m}")
                    for src, dst in zip(run, wreck, strict=True):
                        _copy_db(src, dst)
                    killed, _ = _in_child(m, "restart", *wreck)
                    tally.kills += killed
                    _in_child(None, "restart", *wreck)
                    _check(tally, *wreck, f"commit {n}, recovery commit {m}")
            _in_child(None, "restart", *run)
            _check(tally, *run, f"commit {n}")
    return tally


def _copy_db(src: Path, dst: Path) -> None:
    """Copy a database as the disk holds it after a kill (file and its WAL)."""
    for suffix in ("", "-wal"):
        part = src.with_name(src.name + suffix)
        if part.exists():
            dst.with_name(dst.name + suffix).write_bytes(part.read_bytes())


def cmd_bench_crash(args: argparse.Namespace) -> int:
    began = time.monotonic()
    bad = 0
    print("flow     commits  kills  double  refunded+served  paid-not-served  open")
    for flow in args.flows:
        t = crash_flow(flow, every=args.every, in_recovery=not args.no_recovery)
        bad += t.bad
        print(f"{flow:<8} {t.commits:>7} {t.kills:>6} {t.double_charges:>7} "
              f"{t.refunded_but_served:>16} {t.paid_not_served:>16} {t.open_after_restart:>5}")
        for line in t.samples[:5]:
            print(f"  {line}")
    print(f"{time.monotonic() - began:.1f} s; {'OK' if bad == 0 else f'{bad} PROBLEMS'}")
    return 0 if bad == 0 else 1


def register_bench(bench_subparsers: Any) -> None:
    """Add ``kiosk bench crash``."""
    p = bench_subparsers.add_parser(
        "crash", help="kill -9 after every commit of paying flows and of recovery; count "
        "double charges, refunds of served transactions and open entries",
        description="Crash harness for the payment journal (POSIX: fork and SIGKILL).")
    p.add_argument("--flows", nargs="+", choices=sorted(FLOWS), default=sorted(FLOWS),
                   help="flows to crash (default: all)")
    p.add_argument("--every", type=int, default=1, metavar="K",
                   help="kill after every K-th commit only (default 1: every commit)")
    p.add_argument("--no-recovery", action="store_true",
                   help="do not also kill the restart during its recovery")
    p.set_defaults(func=cmd_bench_crash)


def register(subparsers: Any) -> None:
    """No top-level command: this module only adds ``kiosk bench crash``."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk bench")
    register_bench(parser.add_subparsers(dest="what", required=True))
    args = parser.parse_args(["crash", *(argv if argv is not None else [])])
    code: int = args.func(args)
    return code
