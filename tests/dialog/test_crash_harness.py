"""The crash harness (``kiosk bench crash``, issue 17): kill -9 after every commit of a
paying flow and of its recovery, restart, and find no double charge, no refund of a
served transaction, no payment kept without the service and nothing left open."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.adapters import traffic
from assistant.adapters.backends import SUBMIT_SECONDS
from assistant.bench.crash import crash_flow
from assistant.errors import DeviceRejected


def test_fine_payment_survives_a_kill_after_every_commit() -> None:
    tally = crash_flow("fine", in_recovery=False)
    assert tally.commits >= 30 and tally.kills >= tally.commits - 1
    assert tally.bad == 0, tally.samples


def test_renewal_and_its_recovery_survive_kills() -> None:
    tally = crash_flow("renew", every=6, in_recovery=True)
    assert tally.kills > tally.commits // 6  # the recovery was killed too
    assert tally.bad == 0, tally.samples


def test_the_harness_finds_a_non_atomic_back_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fine payment as it was before: violations marked paid one commit at a time.
    A kill between them made recovery refund a fine whose violations stayed paid."""

    def pay_one_by_one(self: Any, *, txn_id: str, plate: str, ids: list[str],
                       order_id: str | None, **details: Any) -> dict[str, Any]:
        self._enter("pay_fines", SUBMIT_SECONDS)
        existing = self._existing(txn_id)
        if existing is not None:
            return {"receipt_no": existing["application_no"]}
        unpaid = {v["id"] for v in self._unpaid(plate)}
        if any(i not in unpaid for i in ids):
            raise DeviceRejected("already_paid", "violations are not unpaid any more")
        for vid in ids:
            self.db.db.table("violations").update(vid, {"paid": 1})
        row = self._application(txn_id, plate, "fine", "交通违法罚款", "已缴款", None, "JF")
        return {"receipt_no": row["application_no"]}

    monkeypatch.setattr(traffic.SimTraffic, "pay_fines", pay_one_by_one)
    tally = crash_flow("fine", in_recovery=False)
    assert tally.refunded_but_served > 0
