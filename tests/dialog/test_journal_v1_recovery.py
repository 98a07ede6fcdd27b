"""Journal rows written before the typed adapter operations (issue 15) still recover.

The fixtures in ``data/journal_v1`` are SQL dumps of a kiosk store and its simulator,
taken with the code of the day by killing ``kiosk bench crash``'s keys-only paying runs
right after the commit that left a transaction ``paid`` (or ``ordered``) but not yet
served: the journal's ``submit`` column holds the old ``{"adapter", "op", "args"}`` dict.
Recovery with today's code must finish the service, not refund it, and charge once.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from assistant.adapters.devices import simulate
from assistant.adapters.runner import recover
from assistant.store import Store

DATA = Path(__file__).parent / "data" / "journal_v1"
TODAY = date(2025, 6, 1)


def _load(tmp_path: Path, name: str) -> tuple[Path, Path]:
    files = []
    for part in ("kiosk", "sim"):
        db = tmp_path / f"{part}.db"
        con = sqlite3.connect(db)
        con.executescript((DATA / f"{name}.{part}.sql").read_text(encoding="utf-8"))
        con.close()
        files.append(db)
    return files[0], files[1]


@pytest.mark.parametrize("name", ["fine_paid", "renew_paid", "endorse_paid"])
def test_an_old_paid_entry_is_submitted_by_the_new_code(tmp_path: Path, name: str) -> None:
    store_file, sim_file = _load(tmp_path, name)
    with sqlite3.connect(store_file) as con:
        (submit,) = con.execute("select submit from journal where status = 'paid'").fetchone()
    assert set(json.loads(submit)) == {"adapter", "op", "args"}  # the old format
    store = Store(store_file)
    done = recover(store, simulate(TODAY, sim_file).devices)
    assert [d.action for d in done] == ["submitted"], done
    assert store.unfinished() == []
    with sqlite3.connect(sim_file) as sim:
        served = {r[0] for r in sim.execute("select txn_id from applications")}
        orders = sim.execute("select txn_id, status, charges from orders").fetchall()
    assert done[0].txn_id in served
    assert [(status, charges) for _, status, charges in orders] == [("paid", 1)]


def test_an_old_ordered_entry_the_terminal_never_saw_is_closed(tmp_path: Path) -> None:
    store_file, sim_file = _load(tmp_path, "fine_ordered")
    store = Store(store_file)
    done = recover(store, simulate(TODAY, sim_file).devices)
    assert [(d.action, d.detail) for d in done] == [("cancelled", "order never created")]
    assert store.unfinished() == []


def test_the_dialog_journals_typed_submissions_and_they_recover(tmp_path: Path) -> None:
    """A paid fine run by today's dialog journals ``"v": 2``; such a row, left ``paid`` by a
    crash, is submitted by recovery as the old one is."""
    import io

    from assistant.bench.crash import FLOWS, GOLDEN
    from assistant.chat import new_session, run_script
    from assistant.dialog import load_texts
    from assistant.domain.operations import SubmitApplication, submission_from_json

    store = Store(tmp_path / "run.db")
    session = new_session(load_texts(None), nlu=None, today=TODAY, store=store,
                          db=tmp_path / "run_sim.db", announcements=False)
    lines = (GOLDEN / FLOWS["fine"]).read_text(encoding="utf-8").splitlines()
    run_script(lines, io.StringIO(), session, as_json=True)
    with sqlite3.connect(tmp_path / "run.db") as con:
        rows = con.execute("select status, submit from journal").fetchall()
    assert [status for status, _ in rows] == ["submitted"]
    written = json.loads(rows[0][1])
    assert (written["v"], written["type"], written["op"]) == (2, "SubmitApplication",
                                                              "pay_fines")

    store_file, sim_file = _load(tmp_path, "fine_paid")
    with sqlite3.connect(store_file) as con:
        txn_id, old = con.execute("select txn_id, submit from journal").fetchone()
        typed = submission_from_json(json.loads(old), txn_id)
        assert isinstance(typed, SubmitApplication) and typed.name == "pay_fines"
        con.execute("update journal set submit = ?", [json.dumps(typed.to_json())])
    store = Store(store_file)
    done = recover(store, simulate(TODAY, sim_file).devices)
    assert [d.action for d in done] == ["submitted"] and store.unfinished() == []
