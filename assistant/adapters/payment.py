"""QR-code payment terminal: protocol and simulator (idempotent by order id)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from assistant.adapters.biometrics import Scripted
from assistant.adapters.clock import SimClock
from assistant.adapters.simdb import SimDatabase
from assistant.errors import DeviceRejected, DeviceTimeout

CREATE_SECONDS = 1.0
SCAN_SECONDS = 20.0
"""Simulated time a user takes to scan and pay."""
ORDER_TIMEOUT_SECONDS = 120.0
"""An unpaid order expires after this long."""


@dataclass(frozen=True)
class Order:
    order_id: str
    txn_id: str
    amount: float
    status: str
    """``created``, ``paid``, ``declined``, ``expired``, ``cancelled`` or ``refunded``."""
    charges: int = 0
    """How many times money was actually taken (must never exceed 1)."""

    @property
    def qr(self) -> str:
        return f"https://pay.example.invalid/kiosk/{self.order_id}"


class PaymentTerminal(Protocol):
    def create_order(self, order_id: str, txn_id: str, amount: float, subject: str) -> Order:
        """Create (or return the existing) order ``order_id``."""
        ...

    def wait(self, order_id: str) -> Order:
        """Block until paid; raises :class:`DeviceRejected` (declined) or
        :class:`DeviceTimeout` (expired, the order is then closed)."""
        ...

    def status(self, order_id: str) -> Order: ...

    def cancel(self, order_id: str) -> Order:
        """Close an unpaid order (a paid one is left alone: refund it)."""
        ...

    def refund(self, order_id: str) -> Order:
        """Refund a paid order; refunding twice is a no-op."""
        ...


class SimPaymentTerminal:
    """Orders in the ``orders`` table; ``script("ok"|"fail"|"timeout")`` decides the next wait."""

    def __init__(self, db: SimDatabase, clock: SimClock) -> None:
        self.db = db
        self.clock = clock
        self.next: list[Scripted] = []

    def script(self, outcome: Scripted) -> None:
        self.next.append(outcome)

    def _row(self, order_id: str) -> dict[str, Any] | None:
        rows = list(self.db.db.table("orders").rows_where("order_id = ?", [order_id]))
        return rows[0] if rows else None

    def _order(self, order_id: str) -> Order:
        row = self._row(order_id)
        if row is None:
            raise DeviceRejected("no_order", f"no order {order_id!r}: create it first")
        return Order(row["order_id"], row["txn_id"], row["amount"], row["status"], row["charges"])

    def _set(self, order_id: str, **values: Any) -> Order:
        self.db.db.table("orders").update(order_id, values)
        return self._order(order_id)

    def create_order(self, order_id: str, txn_id: str, amount: float, subject: str) -> Order:
        if self._row(order_id) is not None:
            order = self._order(order_id)
            if order.txn_id != txn_id or abs(order.amount - amount) > 0.005:
                # like a real acquirer ("merchant order number already used"): the same
                # order number with other contents is refused, never paid from the old one
                raise DeviceRejected("order_conflict", f"order {order_id} exists for "
                                     f"another transaction or amount")
            return order
        if amount <= 0:
            raise DeviceRejected("bad_amount", f"amount must be positive, got {amount}")
        self.clock.advance(CREATE_SECONDS)
        self.db.db.table("orders").insert({"order_id": order_id, "txn_id": txn_id, "amount": amount,
                                     "subject": subject, "status": "created",
                                     "created": self.clock.now, "paid_at": None, "charges": 0})
        return self._order(order_id)

    def wait(self, order_id: str) -> Order:
        order = self._order(order_id)
        if order.status == "paid":
            return order
        if order.status != "created":
            raise DeviceRejected(order.status, f"order {order_id} is {order.status}")
        outcome = self.next.pop(0) if self.next else "ok"
        if outcome == "timeout":
            self.clock.advance(ORDER_TIMEOUT_SECONDS)
            self._set(order_id, status="expired")
            raise DeviceTimeout(
                f"order {order_id} was not paid within {ORDER_TIMEOUT_SECONDS:.0f} s")
        self.clock.advance(SCAN_SECONDS)
        if outcome == "fail":
            raise DeviceRejected("declined", "the payer's wallet declined the payment")
        return self._set(order_id, status="paid", paid_at=self.clock.now, charges=order.charges + 1)

    def status(self, order_id: str) -> Order:
        return self._order(order_id)

    def cancel(self, order_id: str) -> Order:
        order = self._order(order_id)
        if order.status in ("created", "declined"):
            return self._set(order_id, status="cancelled")
        return order

    def refund(self, order_id: str) -> Order:
        order = self._order(order_id)
        if order.status == "paid":
            self.clock.advance(CREATE_SECONDS)
            return self._set(order_id, status="refunded")
        return order
