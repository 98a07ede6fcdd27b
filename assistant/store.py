"""The kiosk's local database (SQLite through sqlite-utils, WAL mode).

Tables:

``sessions``      one row per user session: start, end, outcome, flow and ``where`` it ended
                  (the dialog state or flow step, e.g. ``payment``); no personal data.
``turns``         the conversation of the *current* sessions, masked; deleted at session end.
``journal``       one row per paid or submitted transaction: makes payment and submission
                  idempotent and lets a restarted kiosk finish or refund what a crash cut
                  off.  The submission arguments (personal data) are kept only until the
                  transaction is finished, then replaced by a masked copy.
``unrecognised``  what users said that the kiosk did not understand (masked), for staff to
                  add examples to ``intents/``.
``staff_calls``   one row per call to the duty office: when, urgent or not, the flow and
                  why (:data:`STAFF_REASONS`); no personal data.
``misunderstood`` the misunderstanding queue: every utterance the kiosk refused, asked
                  back about ("您是要……吗？" / which of two) or that the citizen had to
                  correct, masked, with the kiosk's best guess and the intent that finally
                  served the citizen (:mod:`assistant.staff.misunderstood`); ``kiosk
                  review`` turns it into example lines for ``intents/``.

``kiosk report`` (:mod:`assistant.report`) summarises ``sessions``, ``staff_calls`` and
``unrecognised`` for staff.

``misunderstood`` is kept as long as the rest (:meth:`Store.purge`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from assistant.config import var_dir
from assistant.errors import ConfigError, StoreError
from assistant.privacy import mask_free_speech, mask_plates, mask_text

if TYPE_CHECKING:
    import sqlite_utils

DB_NAME = "kiosk.db"
OPEN_STATUSES = ("ordered", "paid")
"""Journal statuses of a transaction that is not finished (money may be held)."""
STAFF_REASONS = ("asked", "offered", "emergency", "")
"""Why staff were called: the user ``asked`` for a person, the kiosk ``offered`` one (after
repeated misunderstandings or a device failure), an ``emergency``, or "" (not said)."""



RETENTION_ENV = "KIOSK_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 30.0
"""How long sessions, unrecognised and misunderstood utterances, staff calls and finished
journal entries are kept (:meth:`Store.purge`)."""
MISUNDERSTANDING_KINDS = ("refused", "rejected", "clarified", "rephrased", "confirmed")
"""Why an utterance is in the misunderstanding queue: the kiosk ``refused`` it (not
understood or out of scope); it asked "您是要……吗？" and the citizen said no or asked for
something else (``rejected``) or yes (``confirmed``: right, but it had to ask); it asked
which of two (``clarified``); it acted on it and the citizen at once corrected, went back
or asked for something else (``rephrased``)."""


def retention_days() -> float:
    """``KIOSK_RETENTION_DAYS`` (default 30): days of records kept."""
    raw = os.environ.get(RETENTION_ENV, "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise ConfigError(f"{RETENTION_ENV}={raw!r} is not a positive number of days — "
                          "set e.g. 30, or unset it for the default")
    return value


def new_session_id(kind: str) -> str:
    """A session id no other session of any kiosk, run or restart ever had:
    ``chat-20261206-101500-1f3a9c0d7b2e`` (kind, local time for people, 48 random bits).

    Transaction and payment-order ids are built on it, so a repeated session id would hand
    one citizen's payment or application to the next (issue 17).
    """
    return f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:12]}"


def mask(text: str, known: Iterable[str] = (), *, speech: bool = False) -> str:
    """Mask personal data in ``text``: the ``known`` strings (names read from the card),
    then ID, phone and other long numbers and plates — and with ``speech`` (what a citizen
    said) also names and addresses said in passing (:func:`assistant.privacy.
    mask_free_speech`)."""
    original = text
    for secret in sorted({k for k in known if k}, key=len, reverse=True):
        text = text.replace(secret, secret[0] + "*" * (len(secret) - 1))
    if speech:
        return mask_free_speech(text)
    if text in _CLEAN:
        return text
    masked = mask_plates(mask_text(text))
    if masked == original and len(_CLEAN) < CLEAN_LIMIT:
        _CLEAN.add(masked)
    return masked


CLEAN_LIMIT = 4096
_CLEAN: set[str] = set()
"""Kiosk prompts in which masking found nothing to hide (no known string, no number, no
plate: "请说业务。"), so the same prompt is not scanned again at every turn.  Only such
texts are kept — nothing a citizen said, nothing with personal data."""


@dataclass(frozen=True)
class JournalEntry:
    """One transaction in the journal."""

    txn_id: str
    session_id: str
    flow: str
    status: str
    """``ordered`` → ``paid`` → ``submitted``; or ``cancelled`` / ``refunded``."""
    order_id: str | None
    amount: float
    submit: dict[str, Any] | None
    """``{"adapter", "op", "args"}`` of the submission the payment is for."""
    result: dict[str, Any] | None


_HELD: dict[Path, tuple[int, int]] = {}
"""Lock files this process holds: path → (file descriptor, how many stores use it)."""


def _lock_path(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + ".lock").resolve()


def _lock(db_file: Path) -> None:
    """Take the single-instance lock of ``db_file`` (``kiosk.db.lock`` beside it).

    Two kiosk processes on one ``var/`` would recover (cancel) each other's live payment
    orders; the second one is refused with a clear message instead.  Stores of the same
    process share the lock.  No-op where ``fcntl`` does not exist (Windows).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return
    path = _lock_path(db_file)
    held = _HELD.get(path)
    if held is not None:
        _HELD[path] = (held[0], held[1] + 1)
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        other = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
        os.close(fd)
        raise StoreLocked(
            f"another kiosk process (pid {other}) is using {db_file.parent} — stop it "
            "first, or give this one its own folder with KIOSK_VAR") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    _HELD[path] = (fd, 1)


def _unlock(db_file: Path) -> None:
    path = _lock_path(db_file)
    held = _HELD.get(path)
    if held is None:
        return
    fd, count = held
    if count > 1:
        _HELD[path] = (fd, count - 1)
        return
    del _HELD[path]
    os.close(fd)  # closing the descriptor releases the lock


P = ParamSpec("P")
R = TypeVar("R")
WRITE_ERRORS = (sqlite3.Error, OSError)


def _best_effort(method: Callable[Concatenate[Store, P], None]
                 ) -> Callable[Concatenate[Store, P], None]:
    """A record that must never stop a conversation (a session, a turn, an unrecognised
    utterance): when the disk is full or read-only it is skipped, and said once."""

    def wrapper(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> None:
        try:
            method(self, *args, **kwargs)
        except WRITE_ERRORS as exc:
            self.note_write_failure(exc)

    wrapper.__name__, wrapper.__doc__ = method.__name__, method.__doc__
    return wrapper


def _required(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """A record money depends on (the payment journal): when it cannot be written the
    caller gets a :class:`StoreError` with a one-line reason, never a traceback."""

    def wrapper(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except WRITE_ERRORS as exc:
            self.note_write_failure(exc)
            raise StoreError(f"cannot record the payment in the kiosk database ({exc}) — "
                             f"{_WRITE_FIX}") from exc

    wrapper.__name__, wrapper.__doc__ = method.__name__, method.__doc__
    return wrapper


class StoreLocked(StoreError):
    """Another kiosk process holds the database (one kiosk per ``var/``)."""


def open_or_refuse(path: Path | None = None) -> Store:
    """The kiosk's store; when it cannot be used (damaged, read-only, full disk at start)
    the reason is said once and a store that refuses payments is used instead, so the
    kiosk still answers questions.  Another running kiosk is still an error."""
    try:
        return Store(path)
    except StoreLocked:
        raise
    except StoreError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return Store.refusing_payments(str(exc))


class DamagedStore(StoreError):
    """The kiosk database file is damaged (not a database, malformed pages, emptied)."""

    def __init__(self, file: Path, problem: str) -> None:
        super().__init__(
            f"the kiosk database {file} is damaged ({problem}) — run 'kiosk doctor' to "
            "check it and 'kiosk doctor --set-aside' to keep it for the duty office and "
            "start a new one; until then the kiosk answers questions but refuses payments")
        self.file = file
        self.problem = problem


_DAMAGE_WORDS = ("malformed", "not a database", "file is encrypted", "disk image",
                 "database corrupt")


def _damage_message(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and any(
        w in str(exc).lower() for w in _DAMAGE_WORDS)


def check_integrity(conn: sqlite3.Connection, *, quick: bool = False) -> str | None:
    """``None`` if SQLite finds the database sound, else its first complaint."""
    try:
        rows = conn.execute("pragma quick_check" if quick else "pragma integrity_check"
                            ).fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    first = str(rows[0][0]) if rows else "no answer"
    return None if first == "ok" else first


def _refuse_emptied(file: Path) -> None:
    """A database emptied to 0 bytes while its write-ahead log still holds data was
    damaged (a disk fault, a bad copy): recreating it silently would lose open payments."""
    wal = file.with_name(file.name + "-wal")
    if file.is_file() and file.stat().st_size == 0 and wal.is_file() and wal.stat().st_size:
        raise DamagedStore(file, "the file is empty but its write-ahead log is not")


_WRITE_FIX = ("free disk space in var/ or make it writable (kiosk doctor); until then the "
              "kiosk answers questions but refuses payments")


class Store:
    """Open (and create) the database; ``path=None`` uses ``var_dir()/kiosk.db``.

    A file database is locked for this process (:class:`StoreError` when another kiosk
    process has it open; ``lock=False`` for tools that only read or tidy it while the kiosk
    runs); :meth:`close` releases it.
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        memory: bool = False,
        clock: Callable[[], float] = time.time,
        lock: bool = True,
    ) -> None:
        self.clock = clock
        self.file: Path | None = None
        self.write_failure: str | None = None
        """Why the last write failed (full or read-only disk), None while writes work."""
        self.refuse: str | None = None
        """Why payments are refused (:meth:`refusing_payments`), None normally."""
        import sqlite_utils  # not before a store is opened (start-up of `kiosk chat`)

        self.db: sqlite_utils.Database
        file = Path(":memory:")
        try:
            if memory:
                self.db = sqlite_utils.Database(memory=True)
            else:
                file = Path(path) if path is not None else var_dir() / DB_NAME
                file.parent.mkdir(parents=True, exist_ok=True)
                if lock:  # readers (kiosk report, kiosk purge) share the file
                    _lock(file)
                    self.file = file
                _refuse_emptied(file)
                self.db = sqlite_utils.Database(file)
                problem = check_integrity(self.db.conn, quick=True)
                if problem is not None:
                    raise DamagedStore(file, problem)
                self.db.enable_wal()
            self._create()
        except StoreError:
            if self.file is not None:
                _unlock(self.file)
            raise
        except Exception as exc:  # sqlite3 and OS errors alike
            if self.file is not None:
                _unlock(self.file)
            if _damage_message(exc):
                raise DamagedStore(file, str(exc)) from exc
            raise StoreError(
                f"cannot open the kiosk database: {exc} — check that KIOSK_VAR "
                "points to a writable folder with free space"
            ) from exc

    @classmethod
    def refusing_payments(cls, reason: str) -> Store:
        """A store for a kiosk whose database cannot be used: nothing is kept (memory),
        questions are answered, and every payment is refused politely (the journal that
        makes a payment safe cannot be written)."""
        store = cls(memory=True)
        store.refuse = reason
        return store

    def note_write_failure(self, exc: BaseException) -> None:
        """Remember (and say once on stderr) that the database cannot be written."""
        if self.write_failure is None:
            print(f"kiosk: the kiosk database cannot be written ({exc}) — {_WRITE_FIX}",
                  file=sys.stderr)
        self.write_failure = str(exc)

    def close(self) -> None:
        """Close the database and release the single-instance lock."""
        self.db.close()
        if self.file is not None:
            _unlock(self.file)
            self.file = None

    def _create(self) -> None:
        self.db.table("sessions").create(
            {
                "id": str,
                "started_at": float,
                "ended_at": float,
                "outcome": str,
                "flow": str,
                "turns": int,
                "where": str,
            },
            pk="id",
            if_not_exists=True,
        )
        sessions = self.db.table("sessions")
        if "where" not in sessions.columns_dict:  # a database made before ``where`` existed
            sessions.add_column("where", str)
        self.db.table("turns").create(
            {
                "session_id": str,
                "n": int,
                "heard": str,
                "intent": str,
                "state": str,
                "say": str,
                "at": float,
            },
            pk=("session_id", "n"),
            if_not_exists=True,
        )
        self.db.table("journal").create(
            {
                "txn_id": str,
                "session_id": str,
                "flow": str,
                "status": str,
                "order_id": str,
                "amount": float,
                "submit": str,
                "result": str,
                "created_at": float,
                "updated_at": float,
            },
            pk="txn_id",
            if_not_exists=True,
        )
        self.db.table("unrecognised").create(
            {"id": int, "text": str, "state": str, "flow": str, "at": float},
            pk="id",
            if_not_exists=True,
        )
        self.db.table("staff_calls").create(
            {
                "id": int,
                "session_id": str,
                "at": float,
                "urgent": bool,
                "flow": str,
                "reason": str,
            },
            pk="id",
            if_not_exists=True,
        )
        self.db.table("misunderstood").create(
            {
                "id": int,
                "session_id": str,
                "at": float,
                "text": str,
                "kind": str,
                "guess": str,
                "score": float,
                "second": str,
                "state": str,
                "flow": str,
                "served": str,
                "outcome": str,
            },
            pk="id",
            if_not_exists=True,
        )

    # ------------------------------------------------------------------ sessions
    @_best_effort
    def open_session(self, session_id: str) -> None:
        with self.db.conn:  # (plain SQL: sqlite-utils' upsert costs ~0.3 ms of introspection)
            self.db.conn.execute(
                "insert into sessions (id, started_at, turns) values (?, ?, 0) "
                "on conflict (id) do update set started_at = excluded.started_at, turns = 0",
                (session_id, self.clock()))

    @_best_effort
    def log_turn(
        self,
        session_id: str,
        n: int,
        *,
        heard: str | None,
        intent: str | None,
        state: str,
        say: str,
        known: Iterable[str] = (),
        speech: bool = True,
    ) -> None:
        """Record one turn, masked (``known``: personal strings of this session), in one
        transaction with the session's turn count (one commit per turn).  ``speech``:
        ``heard`` may be what a citizen said (also masked for names and addresses,
        :func:`mask`); False only for an input of a fixed vocabulary (a key, a device
        result), in which those rules can find nothing."""
        secrets = list(known)
        row = (session_id, n, mask(heard or "", secrets, speech=speech), intent or "",
               state, mask(say, secrets), self.clock())
        with self.db.conn:
            self.db.conn.execute(
                "insert or replace into turns (session_id, n, heard, intent, state, say, at) "
                "values (?, ?, ?, ?, ?, ?, ?)", row)
            self.db.conn.execute("update sessions set turns = turns + 1 where id = ?",
                                 [session_id])

    def turns(self, session_id: str) -> list[dict[str, Any]]:
        return list(self.db.table("turns").rows_where("session_id = ?", [session_id], order_by="n"))

    @_best_effort
    def end_session(
        self, session_id: str, outcome: str, flow: str | None, *, where: str | None = None
    ) -> None:
        """Close the session and wipe its conversation.

        ``where``: the dialog state or flow step the session ended in (``payment``,
        ``slot:plate``, ``menu`` ...), so ``kiosk report`` can show where people give up.
        """
        with self.db.conn:  # one transaction
            self.db.conn.execute(
                'insert into sessions (id, ended_at, outcome, flow, "where") '
                "values (?, ?, ?, ?, ?) on conflict (id) do update set "
                "ended_at = excluded.ended_at, outcome = excluded.outcome, "
                'flow = excluded.flow, "where" = excluded."where"',
                (session_id, self.clock(), outcome, flow or "", where or ""))
            self.db.conn.execute("delete from turns where session_id = ?", (session_id,))

    @_best_effort
    def discard_session(self, session_id: str) -> None:
        """Forget a session nobody used (a greeting with no answer before shutdown)."""
        self.db.table("turns").delete_where("session_id = ?", [session_id])
        self.db.table("sessions").delete_where("id = ?", [session_id])

    def sessions(self, *, since: float | None = None) -> list[dict[str, Any]]:
        """Sessions started at or after ``since`` (all when ``None``), oldest first.

        Keys: ``id``, ``started_at``, ``ended_at`` (``None`` while open), ``outcome``,
        ``flow``, ``where``, ``turns``.
        """
        return _rows(self.db.table("sessions"), "started_at", since)

    @_best_effort
    def log_staff_call(
        self, session_id: str, *, urgent: bool, flow: str | None, reason: str = ""
    ) -> None:
        """Record a call to the duty office (``reason``: one of :data:`STAFF_REASONS`)."""
        if reason not in STAFF_REASONS:
            raise ValueError(
                f"unknown staff-call reason {reason!r}: use one of {STAFF_REASONS}"
            )
        self.db.table("staff_calls").insert(
            {
                "session_id": session_id,
                "at": self.clock(),
                "urgent": bool(urgent),
                "flow": flow or "",
                "reason": reason,
            }
        )

    def staff_calls(self, *, since: float | None = None) -> list[dict[str, Any]]:
        """Calls to the duty office at or after ``since`` (all when ``None``), oldest first.

        Keys: ``id``, ``session_id``, ``at``, ``urgent`` (bool), ``flow``, ``reason``.
        """
        rows = _rows(self.db.table("staff_calls"), "at", since)
        return [{**r, "urgent": bool(r["urgent"])} for r in rows]

    @_best_effort
    def log_unrecognised(
        self, text: str, *, state: str, flow: str | None, known: Iterable[str] = ()
    ) -> None:
        with self.db.conn:
            self.db.conn.execute(
                "insert into unrecognised (text, state, flow, at) values (?, ?, ?, ?)",
                (mask(text, list(known), speech=True), state, flow or "", self.clock()))

    def unrecognised(self, *, since: float | None = None) -> list[dict[str, Any]]:
        """Masked utterances the kiosk did not understand, at or after ``since``, oldest first.

        Keys: ``id``, ``text``, ``state``, ``flow``, ``at``.
        """
        return _rows(self.db.table("unrecognised"), "at", since)

    @_best_effort
    def log_misunderstood(
        self,
        session_id: str,
        text: str,
        *,
        kind: str,
        guess: str,
        score: float,
        second: str = "",
        state: str = "",
        flow: str | None = None,
        served: str = "",
        outcome: str = "",
        known: Iterable[str] = (),
    ) -> None:
        """Add one utterance to the misunderstanding queue, masked like
        :meth:`log_unrecognised` (``kind``: one of :data:`MISUNDERSTANDING_KINDS`;
        ``guess``/``score``/``second``: the kiosk's best intent, its probability and the
        runner-up; ``served``: the intent that finally served the citizen, "" if none;
        ``outcome``: how the session ended, "" while it runs)."""
        if kind not in MISUNDERSTANDING_KINDS:
            raise ValueError(
                f"unknown misunderstanding kind {kind!r}: use one of {MISUNDERSTANDING_KINDS}")
        with self.db.conn:
            self.db.conn.execute(
                "insert into misunderstood (session_id, at, text, kind, guess, score, second, "
                "state, flow, served, outcome) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, self.clock(), mask(text, list(known), speech=True), kind, guess,
                 float(score), second, state, flow or "", served, outcome))

    def misunderstood(self, *, since: float | None = None) -> list[dict[str, Any]]:
        """The misunderstanding queue at or after ``since`` (all when ``None``), oldest
        first.  Keys: ``id``, ``session_id``, ``at``, ``text`` (masked), ``kind``,
        ``guess``, ``score``, ``second``, ``state``, ``flow``, ``served``, ``outcome``."""
        return _rows(self.db.table("misunderstood"), "at", since)

    # ------------------------------------------------------------------ retention
    def close_interrupted(self) -> int:
        """End the sessions a crash or power cut left open (outcome ``interrupted``) and
        delete their conversation; run at start (the single-instance lock guarantees no
        live session is touched).  Returns how many were closed."""
        open_ids = [r["id"] for r in self.db.table("sessions").rows_where("ended_at is null")]
        for session_id in open_ids:
            self.end_session(session_id, "interrupted", None)
        return len(open_ids)

    def purge(self, days: float | None = None) -> dict[str, int]:
        """Delete what is older than ``days`` (default :func:`retention_days`): sessions,
        turns, unrecognised and misunderstood utterances and staff calls, and finished
        journal entries (an entry that may still hold money — ordered or paid — is never
        deleted).
        Returns the number of rows deleted per table."""
        cutoff = self.clock() - (retention_days() if days is None else days) * 86400.0
        still_open = ", ".join("?" for _ in OPEN_STATUSES)
        rules: dict[str, tuple[str, list[Any]]] = {
            "sessions": ("coalesce(ended_at, started_at) < ? and ended_at is not null",
                         [cutoff]),
            "unrecognised": ("at < ?", [cutoff]),
            "misunderstood": ("at < ?", [cutoff]),
            "staff_calls": ("at < ?", [cutoff]),
            "journal": (f"updated_at < ? and status not in ({still_open})",
                        [cutoff, *OPEN_STATUSES]),
        }
        counts: dict[str, int] = {}
        with self.db.conn:
            for table, (where, params) in rules.items():
                cursor = self.db.conn.execute(f"delete from [{table}] where {where}", params)
                counts[table] = cursor.rowcount
            cursor = self.db.conn.execute(
                "delete from turns where session_id not in (select id from sessions)")
            counts["turns"] = cursor.rowcount
        return counts

    # ------------------------------------------------------------------ journal
    def journal_get(self, txn_id: str) -> JournalEntry | None:
        rows = list(self.db.table("journal").rows_where("txn_id = ?", [txn_id]))
        return _entry(rows[0]) if rows else None

    @_required
    def journal_order(
        self,
        txn_id: str,
        *,
        session_id: str,
        flow: str,
        order_id: str,
        amount: float,
        submit: dict[str, Any] | None,
    ) -> JournalEntry:
        """Record a new payment order for ``txn_id`` (kept as is once paid)."""
        if self.refuse is not None:
            raise StoreError(f"payments are refused: {self.refuse}")
        entry = self.journal_get(txn_id)
        if entry is not None and entry.status not in ("ordered", "cancelled"):
            return entry
        now = self.clock()
        row: dict[str, Any] = {
            "txn_id": txn_id,
            "session_id": session_id,
            "flow": flow,
            "status": "ordered",
            "order_id": order_id,
            "amount": amount,
            "submit": json.dumps(submit, ensure_ascii=False) if submit else None,
            "updated_at": now,
        }
        if entry is None:
            row["created_at"] = now
        self.db.table("journal").upsert(row, pk="txn_id")
        result = self.journal_get(txn_id)
        assert result is not None
        return result

    @_required
    def journal_set(self, txn_id: str, status: str, result: dict[str, Any] | None = None) -> None:
        """Move ``txn_id`` to ``status``; finished transactions keep only masked arguments."""
        entry = self.journal_get(txn_id)
        if entry is None:
            return
        values: dict[str, Any] = {"status": status, "updated_at": self.clock()}
        if result is not None:
            values["result"] = json.dumps(result, ensure_ascii=False)
        if status not in OPEN_STATUSES and entry.submit is not None:
            values["submit"] = mask(json.dumps(entry.submit, ensure_ascii=False))
        self.db.table("journal").update(txn_id, values)

    def unfinished(self) -> list[JournalEntry]:
        """Transactions a crash may have cut off (ordered or paid, not yet submitted)."""
        marks = ", ".join("?" for _ in OPEN_STATUSES)
        rows = self.db.table("journal").rows_where(
            f"status in ({marks})", list(OPEN_STATUSES), order_by="created_at"
        )
        return [_entry(r) for r in rows]


def _rows(table: Any, time_column: str, since: float | None) -> list[dict[str, Any]]:
    """Rows of ``table`` whose ``time_column`` is at or after ``since``, in insertion order."""
    if since is None:
        return list(table.rows_where(order_by="rowid"))
    return list(table.rows_where(f"[{time_column}] >= ?", [since], order_by="rowid"))


def _entry(row: dict[str, Any]) -> JournalEntry:
    def load(raw: Any) -> dict[str, Any] | None:
        if not raw:
            return None
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            return {"masked": raw}
        return value if isinstance(value, dict) else None

    return JournalEntry(
        row["txn_id"],
        row["session_id"],
        row["flow"],
        row["status"],
        row["order_id"],
        float(row["amount"] or 0),
        load(row["submit"]),
        load(row["result"]),
    )
