"""A private PostgreSQL server for the fleet tests (Debian's ``postgresql`` package).

``initdb`` in a temporary directory, listening only on a Unix socket in that directory (no
TCP at all), stopped at the end of the session — also when tests fail
(:class:`assistant.fleet.pgtemp.TempServer`).  As root, initdb and the server run as the
unprivileged ``postgres`` user (initdb refuses root).  Without the server binaries the
tests skip with the reason (a failure under ``KIOSK_NO_SKIP=1``, tests/conftest.py).  Each
test gets its own database (``fleet_dsn``).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from assistant.fleet.pgtemp import TempServer, missing


@pytest.fixture(scope="session")
def pg_server() -> Iterator[TempServer]:
    why = missing()
    if why is not None:
        pytest.skip(f"{why}; scripts/setup.sh --test installs it")
    with TempServer() as server:
        yield server


_counter = itertools.count(1)


@pytest.fixture()
def fleet_dsn(pg_server: TempServer) -> str:
    """A fresh, empty database on the test server; its connection string."""
    return pg_server.create_database(f"fleet_{os.getpid()}_{next(_counter)}")
