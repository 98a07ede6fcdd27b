"""One citizen's payment or application never becomes another's (issue 17 item 1).

Transaction and order ids are built on the session id; session ids used to repeat
(``chat-1`` in every script run), so a declined payment on a shared store and simulator
was answered with the earlier citizen's "已收到付款 … 受理编号".
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assistant.chat import new_session
from assistant.store import Store, new_session_id

from .helpers import TODAY, texts
from .keyword_nlu import KeywordUnderstander

ROOT = Path(__file__).resolve().parents[2]
HAPPY = ROOT / "tests" / "dialog" / "golden" / "id_card_renew_happy.script"


def _chat(script: Path, store: Path, sim: Path) -> list[dict[str, object]]:
    run = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--script", str(script), "--json",
         "--today", TODAY.isoformat(), "--store", str(store), "--sim-db", str(sim)],
        capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_declined_payment_after_another_run_on_the_same_store(tmp_path: Path) -> None:
    store, sim = tmp_path / "kiosk.db", tmp_path / "sim.db"
    first = _chat(HAPPY, store, sim)
    assert first[-1]["outcome"] == "completed"
    second_script = tmp_path / "second.script"
    lines = HAPPY.read_text(encoding="utf-8").splitlines()
    second_script.write_text("\n".join(
        [line.replace("<card:expired>", "<card:soon>") for line in lines[:-1]]
        + ["<pay:fail>"]) + "\n", encoding="utf-8")
    second = _chat(second_script, store, sim)
    said = " ".join(str(t["say"]) for t in second)
    assert "已收到付款" not in said
    assert "受理编号" not in said
    assert second[-1]["outcome"] != "completed"
    journal = list(Store(store).db.table("journal").rows)
    assert len({row["txn_id"] for row in journal}) == len(journal) == 2
    assert len({row["session_id"] for row in journal}) == 2


def test_session_ids_never_repeat() -> None:
    ids = {new_session_id("chat") for _ in range(2000)}
    assert len(ids) == 2000
    assert all(i.startswith("chat-") for i in ids)


def test_a_repeated_session_id_is_refused_not_paid_from_the_old_order(tmp_path: Path) -> None:
    """Defence in depth: even if an id repeats (a restored disk image, a bug), the payment
    of the second person is never taken from the first person's journal or order."""
    store = Store(tmp_path / "kiosk.db")
    sim = tmp_path / "sim.db"
    script = ["<key:1>", "<key:1>", "<card:expired>", "<face:ok>", "<photo:ok>",
              "<key:2>", "<key:1>"]

    def run(card: str, pay: str) -> list[dict[str, object]]:
        session = new_session(texts(), nlu=KeywordUnderstander(), today=TODAY, store=store,
                              session_id="same", db=sim)
        session.start()
        turns = [session.step(line.replace("expired", card)) for line in script]
        turns.append(session.step(pay))
        return turns

    first = run("expired", "<pay:ok>")
    assert first[-1]["done"] and first[-1]["outcome"] == "completed"
    second = run("soon", "<pay:fail>")
    said = " ".join(str(t["say"]) for t in second)
    assert "已收到付款" not in said
    assert not any(t["done"] and t["outcome"] == "completed" for t in second)
    orders = list(store.db.table("journal").rows)
    assert [o["status"] for o in orders] == ["submitted"]
