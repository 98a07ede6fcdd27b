"""``kiosk sync``: ship finished sessions from the outbox to the fleet server.

One sync: queue the sessions that ended since the last one, then send them in batches of
at most ``batch`` sessions, each batch one server transaction; after each confirmed COMMIT
the outbox cursor moves past it.  When the connection breaks, :class:`SyncError` says so
and the unconfirmed batch stays queued.  Afterwards the local retention of confirmed
sessions is applied (:meth:`Outbox.retain`).

``kiosk run`` starts :class:`BackgroundSync` when ``KIOSK_FLEET_DSN`` is set: a daemon
thread with its own database connection that syncs every ``KIOSK_FLEET_INTERVAL_S`` (60)
seconds; it never touches the conversation, and says a failure once on stderr (again only
after a success).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg

from assistant import config
from assistant.errors import ConfigError, KioskError
from assistant.fleet import SyncError
from assistant.fleet.outbox import Outbox
from assistant.fleet.server import connect, ensure_schema, insert_batch
from assistant.store import DB_NAME, Store

DSN_ENV = "KIOSK_FLEET_DSN"
INTERVAL_ENV = "KIOSK_FLEET_INTERVAL_S"
DEFAULT_INTERVAL_S = 60.0
DEFAULT_BATCH = 500


@dataclass(frozen=True)
class SyncResult:
    """What one sync did."""

    queued: int
    """Finished sessions newly put in the outbox."""
    sent: int
    """Sessions sent in confirmed batches."""
    new: int
    """Of which the server did not have yet (``sent - new`` were retries)."""
    batches: int
    """Confirmed server transactions."""
    pending: int
    """Sessions still waiting after the sync (0 after a complete one)."""
    deleted: int
    """Confirmed sessions deleted locally by the retention rule."""


def store_path(path: Path | None) -> Path:
    """``path`` or ``var/kiosk.db``; :class:`StoreError` when there is no database."""
    from assistant.reporting import open_existing

    chosen = path if path is not None else config.var_dir() / DB_NAME
    open_existing(chosen).close()
    return chosen


def current_release(var: Path | None = None) -> str:
    """The content release the kiosk of ``var`` runs ("" when none was installed)."""
    from assistant.fleet.content import current_release as release

    return release(var)


def sync_once(dsn: str, store: Path, *, kiosk: str, site: str, batch: int = DEFAULT_BATCH,
              release: str | None = None, keep_days: float | None = None) -> SyncResult:
    """One complete sync of the database ``store`` (see the module docs); ``release``:
    the content release to report (default: the one installed in ``store``'s folder),
    ``keep_days``: local retention of confirmed sessions (default
    :func:`~assistant.fleet.outbox.keep_days`)."""
    if batch < 1:
        raise ConfigError("the batch size must be at least 1")
    db = Store(store, lock=False)
    try:
        outbox = Outbox(db, kiosk=kiosk, site=site)
        queued = outbox.enqueue()
        rel = current_release(store.parent) if release is None else release
        conn = connect(dsn)
        sent = new = batches = 0
        try:
            ensure_schema(conn)
            heartbeat = False  # the kiosk's row is updated even when nothing is queued
            while True:
                upto, records = outbox.pending(batch)
                if upto == outbox.cursor() and heartbeat:
                    break
                new += insert_batch(conn, records, kiosk=kiosk, site=site, release=rel)
                outbox.confirm(upto)  # only after the COMMIT above returned
                heartbeat = True
                if records:
                    sent += len(records)
                    batches += 1
        except psycopg.Error as exc:
            raise SyncError(
                f"the connection to the fleet server broke during a sync ({_line(exc)}) — "
                f"{sent} session(s) were confirmed; the rest stay in the outbox and are sent "
                "by the next sync") from exc
        finally:
            conn.close()
        deleted = outbox.retain(keep_days)
        return SyncResult(queued, sent, new, batches, outbox.pending_count(), deleted)
    finally:
        db.close()


def _line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def interval_s() -> float:
    """``KIOSK_FLEET_INTERVAL_S`` (default 60)."""
    raw = os.environ.get(INTERVAL_ENV, "").strip()
    if not raw:
        return DEFAULT_INTERVAL_S
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise ConfigError(f"{INTERVAL_ENV}={raw!r} is not a positive number of seconds")
    return value


class BackgroundSync:
    """Sync every ``interval`` seconds in a daemon thread until :meth:`stop`."""

    def __init__(self, dsn: str, store: Path, *, kiosk: str, site: str,
                 interval: float = DEFAULT_INTERVAL_S) -> None:
        self.dsn = dsn
        self.store = store
        self.kiosk = kiosk
        self.site = site
        self.interval = interval
        self.last: SyncResult | None = None
        """The last complete sync."""
        self.error: str | None = None
        """Why the last sync failed (None after a success)."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="kiosk-fleet-sync",
                                        daemon=True)

    def start(self) -> BackgroundSync:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.last = sync_once(self.dsn, self.store, kiosk=self.kiosk, site=self.site)
                self.error = None
            except (KioskError, OSError) as exc:
                if self.error is None:
                    print(f"kiosk: fleet sync: {exc}", file=sys.stderr, flush=True)
                self.error = str(exc)
            self._stop.wait(self.interval)


def start_from_env(store: Path | None = None) -> BackgroundSync | None:
    """The background sync of ``kiosk run`` when ``KIOSK_FLEET_DSN`` is set, else None.
    A configuration problem is said on stderr and the kiosk runs without sync."""
    dsn = os.environ.get(DSN_ENV, "").strip()
    if not dsn:
        return None
    from assistant.fleet.identity import kiosk_id, site_id

    try:
        kiosk, site, every = kiosk_id(), site_id(), interval_s()
    except ConfigError as exc:
        print(f"kiosk: fleet sync off: {exc}", file=sys.stderr, flush=True)
        return None
    path = store if store is not None else config.var_dir() / DB_NAME
    return BackgroundSync(dsn, path, kiosk=kiosk, site=site, interval=every).start()


def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    """Poll ``predicate`` until true or ``timeout`` seconds (for tools and tests)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()
