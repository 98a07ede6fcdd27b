"""Interactive ``kiosk chat`` records to var/ by default and recovers the journal at start."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from assistant.chat import SIM_DB_NAME, _interactive, _interactive_store, new_session
from assistant.store import Store

from .helpers import TODAY, texts
from .keyword_nlu import KeywordUnderstander


def _args(**kw: object) -> argparse.Namespace:
    base: dict[str, object] = {"today": TODAY, "store": None, "no_store": False,
                               "sim_db": None, "site_devices": None}
    base.update(kw)
    return argparse.Namespace(**base)


def test_unpaid_order_of_a_crashed_run_is_closed_at_start(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_VAR", str(tmp_path))
    store = Store(tmp_path / "kiosk.db")
    session = new_session(texts(), nlu=KeywordUnderstander(), today=TODAY, store=store,
                          session_id="crashed-1", db=tmp_path / SIM_DB_NAME)
    session.start()
    for line in ["<key:1>", "<key:1>", "<card:expired>", "<face:ok>", "<photo:ok>",
                 "<key:2>", "<key:1>"]:
        turn = session.step(line)
    assert turn["awaiting"]["kind"] == "payment"  # the kiosk "crashes" here
    assert [e.status for e in store.unfinished()] == ["ordered"]

    got_store, sim_db = _interactive_store(_args())
    assert got_store is not None and sim_db == tmp_path / SIM_DB_NAME
    assert got_store.unfinished() == []
    assert "recovered transaction crashed-1-1: cancelled" in capsys.readouterr().err


def test_interactive_records_sessions_in_var(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_VAR", str(tmp_path))
    lines = iter(["<key:cancel>"])

    def fake_input(prompt: str = "") -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", fake_input)
    assert _interactive(texts(), _args(), KeywordUnderstander()) == 0
    rows = list(Store(tmp_path / "kiosk.db").db.table("sessions").rows)
    # the cancelled session; the next person's unanswered greeting leaves no record
    assert len(rows) == 1 and rows[0]["id"].startswith("chat-")
    assert rows[0]["outcome"] == "cancelled"
    assert (tmp_path / SIM_DB_NAME).exists()


def test_no_store_keeps_everything_in_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_VAR", str(tmp_path))
    assert _interactive_store(_args(no_store=True)) == (None, None)
    assert not (tmp_path / "kiosk.db").exists()


def test_recovery_closes_an_order_the_terminal_never_saw(tmp_path: Path) -> None:
    """Killed between journalling the order and creating it: no money can have been
    taken, so the entry is closed instead of staying open forever (issue 17 item 5)."""
    from assistant.adapters.devices import simulate
    from assistant.adapters.runner import recover

    store = Store(tmp_path / "kiosk.db")
    store.journal_order("lost-1", session_id="s", flow="id_card.renew", order_id="lost-1-p1",
                        amount=20.0, submit=None)
    done = recover(store, simulate(TODAY).devices)
    assert [(d.txn_id, d.action) for d in done] == [("lost-1", "cancelled")]
    assert store.unfinished() == []


def test_payment_timeout_closes_the_journal_entry() -> None:
    """An expired order is closed in the journal too (found by ``kiosk bench dialog``)."""
    store = Store(memory=True)
    session = new_session(texts(), nlu=KeywordUnderstander(), today=TODAY, store=store,
                          session_id="t")
    session.start()
    for line in ["<key:1>", "<key:1>", "<card:expired>", "<face:ok>", "<photo:ok>",
                 "<key:2>", "<key:1>", "<pay:timeout>", "<key:2>"]:
        turn = session.step(line)
    assert turn["outcome"] == "cancelled"
    assert store.unfinished() == []
    entry = store.journal_get("t-1")
    assert entry is not None and entry.status == "cancelled"
