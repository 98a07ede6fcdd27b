"""Helpers of the fleet tests: kiosks with sessions, and a Unix-socket proxy that cuts."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

from assistant.store import Store, new_session_id

ROOT = Path(__file__).resolve().parents[2]
KIOSK = [sys.executable, "-m", "assistant"]
DAY = 86400.0

# Personal data a citizen might say; the store masks it, and none of it may reach the server.
SECRETS = ("330902195001010093", "13812345678", "王秀英")
FLOWS = ("id_card.renew", "traffic.fine_payment", "exit_entry.endorse_hk_macau", "")
OUTCOMES = ("completed", "cancelled", "timed_out", "completed", "staff", "redirected")
WHERES = ("menu", "payment", "slot:plate", "busy:done")


class Clock:
    """A settable clock for the store."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def add_sessions(db: Path, n: int, *, start: float, kind: str = "chat",
                 step: float = 60.0) -> list[str]:
    """Record ``n`` finished sessions in ``db`` through the store API, the first starting
    at ``start``, each ``step`` seconds after the last; with turns, unrecognised speech,
    misunderstandings and staff calls that carry the :data:`SECRETS` (masked by the
    store).  Returns the session ids."""
    clock = Clock(start)
    store = Store(db, clock=clock, lock=False)
    ids = []
    try:
        for i in range(n):
            clock.now = start + i * step
            sid = new_session_id(kind)
            flow = FLOWS[i % len(FLOWS)]
            store.open_session(sid)
            store.log_turn(sid, 1, heard=f"我叫{SECRETS[2]}，身份证{SECRETS[0]}", intent="x",
                           state="menu", say=f"电话{SECRETS[1]}", known=[SECRETS[2]])
            if i % 5 == 0:
                store.log_unrecognised(f"我的电话是{SECRETS[1]}", state="menu", flow=flow)
                store.log_staff_call(sid, urgent=i % 10 == 0, flow=flow, reason="asked")
            clock.now += 30.0
            store.end_session(sid, OUTCOMES[i % len(OUTCOMES)], flow,
                              where=WHERES[i % len(WHERES)])
            ids.append(sid)
    finally:
        store.close()
    return ids


def chat_sessions(var: Path, scripts: Iterable[Path]) -> None:
    """Real conversations: ``kiosk chat --script`` recording into ``var/kiosk.db``."""
    for script in scripts:
        subprocess.run([*KIOSK, "chat", "--script", str(script), "--json", "--no-nlu",
                        "--store", str(var / "kiosk.db")], cwd=ROOT, check=True,
                       capture_output=True, env={**os.environ, "KIOSK_VAR": str(var)})


class CuttingProxy:
    """A Unix-socket proxy in front of the test server (``dsn()`` goes through it).

    Faults, each armed once:

    * ``cut_in_batch=k``: in the k-th batch insert, forward half of the message, then
      drop the connection (the transaction never commits);
    * ``lose_commit_reply=k``: after the k-th batch insert, let the COMMIT reach the
      server but drop the connection before its answer reaches the kiosk (committed, but
      the kiosk cannot know).
    """

    MARK = b"insert into fleet_sessions"

    def __init__(self, upstream_dir: Path, listen_dir: Path, *, cut_in_batch: int = 0,
                 lose_commit_reply: int = 0) -> None:
        self.upstream = str(upstream_dir / ".s.PGSQL.5432")
        self.dir = listen_dir
        self.cut_in_batch = cut_in_batch
        self.lose_commit_reply = lose_commit_reply
        self.inserts = 0
        self.fired = False
        self._swallow = False
        self._lock = threading.Lock()
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(str(listen_dir / ".s.PGSQL.5432"))
        self.sock.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    def dsn(self, dbname: str, user: str) -> str:
        return f"host={self.dir} port=5432 dbname={dbname} user={user}"

    def close(self) -> None:
        self.sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.connect(self.upstream)
            pair = (client, server)
            threading.Thread(target=self._up, args=pair, daemon=True).start()
            threading.Thread(target=self._down, args=pair, daemon=True).start()

    @staticmethod
    def _drop(client: socket.socket, server: socket.socket) -> None:
        for s in (client, server):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def _up(self, client: socket.socket, server: socket.socket) -> None:
        try:
            while data := client.recv(65536):
                with self._lock:
                    if not self.fired and self.MARK in data:
                        self.inserts += 1
                        if self.inserts == self.cut_in_batch:
                            self.fired = True
                            server.sendall(data[: len(data) // 2])
                            self._drop(client, server)
                            return
                    if (not self.fired and self.inserts == self.lose_commit_reply
                            and self.inserts and b"COMMIT" in data):
                        self.fired = True
                        self._swallow = True
                server.sendall(data)
        except OSError:
            pass
        self._drop(client, server)

    def _down(self, client: socket.socket, server: socket.socket) -> None:
        try:
            while data := server.recv(65536):
                if self._swallow:
                    self._swallow = False
                    self._drop(client, server)
                    return
                client.sendall(data)
        except OSError:
            pass
        self._drop(client, server)
