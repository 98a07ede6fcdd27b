"""A private, throw-away PostgreSQL server (for ``kiosk bench sync`` and the tests).

``initdb`` in a temporary directory, listening only on a Unix socket in that directory (no
TCP), trust authentication for one user, stopped and deleted by :meth:`TempServer.stop`.
As root, initdb and the server run as the ``postgres`` user (initdb refuses root).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

from assistant.fleet import FleetError

USER = "kiosk_test"


def server_bin() -> Path | None:
    """The newest ``/usr/lib/postgresql/N/bin`` with ``initdb`` (None: not installed)."""
    def version(path: str) -> int:
        part = Path(path).parts[4]
        return int(part) if part.isdigit() else 0

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version)
    return Path(found[-1]).parent if found else None


def missing() -> str | None:
    """Why a private server cannot be started here (None when it can)."""
    if server_bin() is None:
        return "PostgreSQL server not installed (apt-get install postgresql)"
    if os.geteuid() == 0 and subprocess.run(["id", "postgres"], capture_output=True
                                            ).returncode != 0:
        return "no 'postgres' user to run the server as (apt-get install postgresql)"
    return None


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class TempServer:
    """Start with :meth:`start` (or ``with``); connection strings from :meth:`dsn`."""

    def __init__(self) -> None:
        bindir = server_bin()
        if bindir is None:
            raise FleetError(missing() or "PostgreSQL server not installed")
        self.bin = bindir
        self.base = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        self.data = self.base / "data"
        self.sock = self.base / "sock"
        self.log = self.base / "server.log"
        self.running = False

    def dsn(self, dbname: str = "postgres") -> str:
        return f"host={self.sock} port=5432 dbname={dbname} user={USER}"

    def start(self) -> TempServer:
        self.sock.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
            shutil.chown(self.sock, "postgres", "postgres")
        try:
            subprocess.run(_as_server_user([
                str(self.bin / "initdb"), "-D", str(self.data), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync"]), check=True, capture_output=True)
            opts = (f"-c listen_addresses='' -c unix_socket_directories='{self.sock}' "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                    "-c max_connections=50")
            subprocess.run(_as_server_user([
                str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o",
                opts, "-w", "-t", "60", "start"]), check=True, capture_output=True)
        except subprocess.CalledProcessError as exc:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            self.stop()
            raise FleetError(f"the private PostgreSQL server did not start: "
                             f"{exc.stderr.decode(errors='replace').strip()} {log}") from exc
        self.running = True
        return self

    def stop(self) -> None:
        """Stop the server (immediately) and delete its directory."""
        if self.running:
            subprocess.run(_as_server_user([
                str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                "stop"]), capture_output=True)
            self.running = False
        shutil.rmtree(self.base, ignore_errors=True)

    def create_database(self, name: str) -> str:
        """A new empty database; its connection string."""
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'create database "{name}"')
        return self.dsn(name)

    def __enter__(self) -> TempServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
