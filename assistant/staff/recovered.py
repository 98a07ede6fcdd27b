"""What staff read when the kiosk settled a transaction a crash had left open (at start,
:func:`assistant.adapters.runner.recover`): one line in plain Chinese words first, the
technical record after it."""

from __future__ import annotations

from typing import Protocol


class RecoveredItem(Protocol):
    """The fields of :class:`assistant.adapters.runner.Recovered` used here."""

    @property
    def txn_id(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def detail(self) -> str: ...


PLAIN = {
    "cancelled": "上次中断的付款已处理：订单已取消，未收费",
    "submitted": "上次中断的业务已办完：钱已付，业务已提交",
    "refunded": "上次中断的业务没办成：已付的钱已原路退回",
    "skipped": "上次中断的付款还没处理完：设备没有回应，下次开机再处理；群众来问时请找管理员",
}
"""The plain words for each ``Recovered.action``."""


def recovered_line(item: RecoveredItem) -> str:
    """``上次中断的付款已处理：订单已取消，未收费（recovered transaction chat-…: cancelled
    (created)）``: the plain words first, the record (for the administrator) after."""
    plain = PLAIN.get(item.action, f"上次中断的业务已处理（{item.action}）")
    record = f"recovered transaction {item.txn_id}: {item.action}" + (
        f" ({item.detail})" if item.detail else "")
    return f"{plain}（{record}）"
