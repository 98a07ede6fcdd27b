"""Payment terminal (QR code, bank/social-security card on a POS reader, cash at the
cashier window): protocol and simulator, idempotent by order id.

One order per attempt; the order carries its method, and a refund goes back by the same
method (to the wallet, to the card, or in cash at the window).  Every method answers
``wait`` the same way: paid, :class:`DeviceRejected` (declined, PIN refused) or
:class:`DeviceTimeout` (expired; the order is then closed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

from assistant.adapters.clock import SimClock
from assistant.adapters.simdb import SimDatabase
from assistant.errors import DeviceRejected, DeviceTimeout

PayMethod = Literal["qr", "card", "cashier"]
PAY_METHODS: tuple[PayMethod, ...] = ("qr", "card", "cashier")
"""``qr``: WeChat/Alipay/UnionPay QR code on the screen; ``card``: bank or social-security
card on the POS reader, with PIN; ``cashier``: cash at the cashier window (the window
marks the order paid)."""
PayOutcome = Literal["ok", "fail", "timeout", "pin"]
"""What the next ``wait`` does in the simulator (``pin``: the card's PIN is refused)."""

CREATE_SECONDS = 1.0
SCAN_SECONDS = 20.0
"""Simulated time a user takes to scan and pay."""
ORDER_TIMEOUT_SECONDS = 120.0
"""An unpaid order expires after this long."""
SECONDS: dict[str, tuple[float, float]] = {
    # method: (time to pay, time until an unpaid order expires)
    "qr": (SCAN_SECONDS, ORDER_TIMEOUT_SECONDS),
    "card": (35.0, 90.0),  # insert, PIN, bank authorisation; the reader gives up after 90 s
    "cashier": (120.0, 900.0),  # walk to the window in the booth, pay, the window confirms
}
REFUND_SECONDS = {"qr": 1.0, "card": 3.0, "cashier": 1.0}


@dataclass(frozen=True)
class Order:
    order_id: str
    txn_id: str
    amount: float
    status: str
    """``created``, ``paid``, ``declined``, ``expired``, ``cancelled`` or ``refunded``."""
    charges: int = 0
    """How many times money was actually taken (must never exceed 1)."""
    method: str = "qr"
    """How it is paid (:data:`PAY_METHODS`); a refund goes back the same way."""

    @property
    def qr(self) -> str:
        return f"https://pay.example.invalid/kiosk/{self.order_id}"


class PaymentTerminal(Protocol):
    def create_order(self, order_id: str, txn_id: str, amount: float, subject: str,
                     method: str = "qr") -> Order:
        """Create (or return the existing) order ``order_id`` to be paid by ``method``."""
        ...

    def wait(self, order_id: str) -> Order:
        """Block until paid; raises :class:`DeviceRejected` (``declined``, ``pin``) or
        :class:`DeviceTimeout` (expired, the order is then closed)."""
        ...

    def status(self, order_id: str) -> Order: ...

    def cancel(self, order_id: str) -> Order:
        """Close an unpaid order (a paid one is left alone: refund it)."""
        ...

    def refund(self, order_id: str) -> Order:
        """Refund a paid order by its own method; refunding twice is a no-op."""
        ...


class SimPaymentTerminal:
    """Orders in the ``orders`` table; ``script("ok"|"fail"|"timeout"|"pin")`` decides the
    next wait (``pin`` is a card's PIN refused; for another method it is a decline)."""

    def __init__(self, db: SimDatabase, clock: SimClock) -> None:
        self.db = db
        self.clock = clock
        self.next: list[PayOutcome] = []

    def script(self, outcome: PayOutcome) -> None:
        self.next.append(outcome)

    def _row(self, order_id: str) -> dict[str, Any] | None:
        rows = self.db.rows("select * from orders where order_id = ?", [order_id])
        return rows[0] if rows else None

    def _order(self, order_id: str) -> Order:
        row = self._row(order_id)
        if row is None:
            raise DeviceRejected("no_order", f"no order {order_id!r}: create it first")
        return Order(row["order_id"], row["txn_id"], row["amount"], row["status"],
                     row["charges"], row.get("method") or "qr")

    def _set(self, order_id: str, **values: Any) -> Order:
        self.db.db.table("orders").update(order_id, values)
        return self._order(order_id)

    def create_order(self, order_id: str, txn_id: str, amount: float, subject: str,
                     method: str = "qr") -> Order:
        if method not in PAY_METHODS:
            raise DeviceRejected("bad_method", f"unknown payment method {method!r}: use one of "
                                 f"{', '.join(PAY_METHODS)}")
        if self._row(order_id) is not None:
            order = self._order(order_id)
            if (order.txn_id != txn_id or abs(order.amount - amount) > 0.005
                    or order.method != method):
                # like a real acquirer ("merchant order number already used"): the same
                # order number with other contents is refused, never paid from the old one
                raise DeviceRejected("order_conflict", f"order {order_id} exists for "
                                     f"another transaction, amount or method")
            return order
        if amount <= 0:
            raise DeviceRejected("bad_amount", f"amount must be positive, got {amount}")
        self.clock.advance(CREATE_SECONDS)
        self.db.db.table("orders").insert(
            {"order_id": order_id, "txn_id": txn_id, "amount": amount, "subject": subject,
             "status": "created", "created": self.clock.now, "paid_at": None, "charges": 0,
             "method": method}, alter=True)
        return self._order(order_id)

    def wait(self, order_id: str) -> Order:
        order = self._order(order_id)
        if order.status == "paid":
            return order
        if order.status != "created":
            raise DeviceRejected(order.status, f"order {order_id} is {order.status}")
        outcome = self.next.pop(0) if self.next else "ok"
        pay_s, expire_s = SECONDS.get(order.method, SECONDS["qr"])
        if outcome == "timeout":  # the order expires when its time is up, not later
            self.clock.advance(max(0.0, self.expires_at(order_id) - self.clock.now))
            self._set(order_id, status="expired")
            raise DeviceTimeout(f"order {order_id} was not paid within {expire_s:.0f} s")
        self.clock.advance(pay_s)
        if outcome == "pin" and order.method == "card":
            raise DeviceRejected("pin", "the card's PIN was refused (wrong PIN)")
        if outcome in ("fail", "pin"):
            reason = {"card": "the bank declined the card", "cashier": "the window did "
                      "not take the payment"}.get(order.method, "the payer's wallet "
                                                  "declined the payment")
            raise DeviceRejected("declined", reason)
        return self._set(order_id, status="paid", paid_at=self.clock.now,
                         charges=order.charges + 1)

    def status(self, order_id: str) -> Order:
        return self._order(order_id)

    def expires_at(self, order_id: str) -> float:
        """Clock time at which the unpaid order ``order_id`` expires (its method's limit
        after it was created: :data:`SECONDS`)."""
        row = self._row(order_id)
        if row is None:
            raise DeviceRejected("no_order", f"no order {order_id!r}: create it first")
        _, expire_s = SECONDS.get(row.get("method") or "qr", SECONDS["qr"])
        return float(row["created"]) + expire_s

    def cancel(self, order_id: str) -> Order:
        order = self._order(order_id)
        if order.status in ("created", "declined"):
            return self._set(order_id, status="cancelled")
        return order

    def refund(self, order_id: str) -> Order:
        order = self._order(order_id)
        if order.status == "paid":
            self.clock.advance(REFUND_SECONDS.get(order.method, 1.0))
            return self._set(order_id, status="refunded")
        return order
