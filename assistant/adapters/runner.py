"""Runs the dialog's ``CallAdapter`` actions on a set of devices, with the journal.

Shared by ``kiosk chat`` (simulators) and the runtime (hardware).  Operations the user
has to act on (look at the camera, pay) stay *pending* until the user event arrives
(``resolve``); all others run at once and answer with a ``DeviceResult``.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.adapters.devices import Devices
from assistant.adapters.payment import Order, PaymentTerminal
from assistant.dialog.actions import CallAdapter
from assistant.dialog.events import DeviceKind, DeviceResult
from assistant.errors import AdapterError, DeviceRejected, DeviceTimeout, StoreError

if TYPE_CHECKING:
    from assistant.store import JournalEntry, Store

KIND_OF: dict[str, DeviceKind] = {
    "card": "card", "face": "face", "finger": "finger", "photo": "photo",
    "payment": "payment", "printer": "print", "household": "backend",
    "exit_entry": "backend", "traffic": "backend", "staff": "staff", "permit": "backend",
}
"""Adapter name → the ``DeviceResult.kind`` it answers with."""
INTERACTIVE: frozenset[tuple[str, str]] = frozenset(
    {("face", "verify"), ("finger", "verify"), ("photo", "capture"), ("payment", "wait"),
     ("permit", "read")}
)
"""Operations that wait for the user (resolved by ``<face:ok>``, ``<pay:ok>`` ...)."""
BACKENDS = ("household", "exit_entry", "traffic")


class Executor:
    """Executes adapter calls; journals payments and submissions when given a store."""

    def __init__(self, devices: Devices, store: Store | None = None, session_id: str = "") -> None:
        self.devices = devices
        self.store = store
        self.session_id = session_id
        self.pending: dict[str, CallAdapter] = {}

    def run(self, action: CallAdapter) -> DeviceResult | None:
        """Start ``action``; its result now, or ``None`` while it waits for the user."""
        if (action.name, action.op) in INTERACTIVE:
            self.pending[KIND_OF[action.name]] = action
            return None
        return self.execute(action)

    def resolve(self, kind: str) -> DeviceResult | None:
        """Finish the pending operation of ``kind`` (the user acted); ``None`` if none."""
        action = self.pending.pop(kind, None)
        return None if action is None else self.execute(action)

    def execute(self, action: CallAdapter) -> DeviceResult:
        kind = KIND_OF.get(action.name)
        if kind is None:
            raise ValueError(f"unknown adapter {action.name!r}: use one of {sorted(KIND_OF)}")
        try:
            data = self._dispatch(action)
        except DeviceTimeout as exc:
            return DeviceResult(kind, "timeout", action.op, {"reason": "timeout",
                                                             "message": str(exc)})
        except DeviceRejected as exc:
            reason = getattr(exc, "reason", "refused")
            return DeviceResult(kind, "fail", action.op, {"reason": reason, "message": str(exc)})
        except AdapterError as exc:
            return DeviceResult(kind, "fail", action.op, {"reason": "error", "message": str(exc)})
        return DeviceResult(kind, "ok", action.op, data)

    # ------------------------------------------------------------------ dispatch
    def _dispatch(self, action: CallAdapter) -> dict[str, Any]:
        a, d = dict(action.args), self.devices
        txn_id = str(a.pop("txn_id", ""))
        name, op = action.name, action.op
        if name == "face":
            score = d.face.verify(str(a.get("reference", "")), str(a.get("id_number", "")))
            return {"score": score}
        if name == "finger":
            return {"match": d.finger.verify(str(a.get("id_number", "")))}
        if name == "photo":
            photo = d.photo.capture(str(a.get("purpose", "id_card")))
            return {"photo_id": photo.photo_id, "receipt_code": photo.receipt_code}
        if name == "printer":
            d.printer.print_receipt(str(a.get("title", "")), [str(x) for x in a.get("lines", [])])
            return {}
        if name == "staff":
            urgent, flow, reason = bool(a.get("urgent")), a.get("flow"), str(a.get("reason") or "")
            d.staff.call(urgent=urgent, flow=flow, reason=reason)
            if self.store is not None:  # after the call: a store problem must not delay staff
                self.store.log_staff_call(self.session_id, urgent=urgent,
                                          flow=str(flow) if flow else None, reason=reason)
            return {}
        if name == "payment":
            return self._payment(op, txn_id, a)
        if name == "permit" and op == "read":
            if d.permit is None:
                raise DeviceRejected("no_reader", "this kiosk has no e-permit reader")
            return d.permit.read()
        if name in BACKENDS:
            backend = getattr(d, name)
            method = getattr(backend, op, None)
            if method is None:
                raise ValueError(f"back end {name!r} has no operation {op!r}")
            result: dict[str, Any] = method(txn_id=txn_id, **a)
            self._journal_submitted(txn_id, op, result)
            return result
        raise ValueError(f"adapter {name!r} has no operation {op!r}")

    def _payment(self, op: str, txn_id: str, a: dict[str, Any]) -> dict[str, Any]:
        pay, store = self.devices.payment, self.store
        order_id = str(a.get("order_id", ""))
        if op == "create_order":
            entry = store.journal_get(txn_id) if store is not None else None
            if entry is not None and entry.session_id != self.session_id:
                # never take another session's payment or application for this one's
                raise DeviceRejected("txn_conflict", f"transaction {txn_id} belongs to "
                                     f"another session ({entry.session_id})")
            if entry is not None and entry.status in ("paid", "submitted"):
                if not _same_request(entry, float(a["amount"]), a.get("then")):
                    raise DeviceRejected("txn_conflict", f"transaction {txn_id} was paid "
                                         "for another amount or person")
                return {"order_id": entry.order_id, "already_paid": True}
            earlier = self._earlier_order(txn_id, order_id, entry)
            if earlier is not None:
                return earlier
            if store is not None:
                try:
                    store.journal_order(txn_id, session_id=self.session_id,
                                        flow=str(a.get("flow", "")), order_id=order_id,
                                        amount=float(a["amount"]), submit=a.get("then"))
                except StoreError as exc:  # no journal, no payment: it could not be settled
                    raise DeviceRejected("store_unavailable", str(exc)) from exc
            amount, subject = float(a["amount"]), str(a.get("subject", ""))
            method = str(a.get("method") or "qr")
            order = pay.create_order(order_id, txn_id, amount, subject, method)
            return {"order_id": order.order_id, "qr": order.qr, "amount": order.amount,
                    "method": order.method}
        if op == "wait":
            order = pay.wait(order_id)
            if order.txn_id != txn_id:
                raise DeviceRejected("txn_conflict", f"order {order_id} is for transaction "
                                     f"{order.txn_id}, not {txn_id}")
            self._note(txn_id, "paid")
            return {"order_id": order.order_id, "status": order.status,
                    "method": order.method}
        if op == "cancel":
            order = pay.cancel(order_id)
            if order.status in ("cancelled", "expired"):
                self._note(txn_id, "cancelled")
            return {"order_id": order_id, "status": order.status}
        if op == "refund":
            order = pay.refund(order_id)
            if order.status == "refunded":
                self._note(txn_id, "refunded")
            return {"order_id": order_id, "status": order.status}
        raise ValueError(f"payment terminal has no operation {op!r}")

    def _earlier_order(self, txn_id: str, order_id: str, entry: JournalEntry | None
                       ) -> dict[str, Any] | None:
        """One open order per transaction, whatever the method: before a new order (the
        citizen changed from the QR code to the card reader, or tries again), the
        journal's earlier order is closed at the terminal — or, when it was paid after
        all, that payment is the transaction's and no new order is made."""
        if entry is None or entry.status != "ordered" or not entry.order_id or (
                entry.order_id == order_id):
            return None
        pay = self.devices.payment
        order = order_seen(pay, entry.order_id)
        if order is None:
            return None  # never reached the terminal: nothing to close
        if order.status == "paid":
            self._note(txn_id, "paid")
            return {"order_id": order.order_id, "already_paid": True, "method": order.method}
        if order.status in ("created", "declined"):
            pay.cancel(order.order_id)
        return None

    def _journal_submitted(self, txn_id: str, op: str, result: dict[str, Any]) -> None:
        if self.store is None or not txn_id:
            return
        entry = self.store.journal_get(txn_id)
        if entry is not None and entry.submit is not None and entry.submit.get("op") == op:
            self._note(txn_id, "submitted", result)

    def _note(self, txn_id: str, status: str, result: dict[str, Any] | None = None) -> None:
        """Journal what a device already did.  If the disk refuses (full, read-only) the
        entry keeps its last status and the next start settles it with the terminal and
        the back ends (:func:`recover`); the citizen's transaction goes on."""
        if self.store is None:
            return
        with contextlib.suppress(StoreError):  # said once by the store
            self.store.journal_set(txn_id, status, result)


def order_seen(payment: PaymentTerminal, order_id: str) -> Order | None:
    """The terminal's state of ``order_id``; None when it never saw the order (journalled,
    then the kiosk stopped before creating it)."""
    try:
        return payment.status(order_id)
    except DeviceRejected as exc:
        if exc.reason == "no_order":
            return None
        raise


def _same_request(entry: JournalEntry, amount: float, then: Any) -> bool:
    """Whether an order for ``amount`` and submission ``then`` is the one ``entry`` holds
    (a finished entry keeps only a masked copy of the submission: compare masked)."""
    from assistant.store import OPEN_STATUSES, mask

    if abs(entry.amount - amount) > 0.005:
        return False
    if not then or entry.submit is None:
        return not then and entry.submit is None
    if entry.status in OPEN_STATUSES:
        return bool(entry.submit == then)
    masked: Any = json.loads(mask(json.dumps(then, ensure_ascii=False)))
    return bool(entry.submit == masked)


@dataclass(frozen=True)
class Recovered:
    """What :func:`recover` did with one interrupted transaction."""

    txn_id: str
    action: str
    """``submitted`` (finished), ``refunded``, ``cancelled`` (unpaid order closed),
    ``skipped`` (a device could not answer: left in the journal for the next start)."""
    detail: str = ""


def open_kiosk_store(path: Path | None, sim_db: Path, today: date
                     ) -> tuple[Store, list[Recovered]]:
    """The kiosk's store at start (``kiosk chat``, ``kiosk run``): opened — or, when the
    database cannot be used, one that refuses payments (:func:`assistant.store.
    open_or_refuse`); sessions a crash cut off closed and their conversation deleted;
    records older than the retention period purged; and every transaction a crash left
    open settled with the devices kept in ``sim_db`` (what was done, for the caller to
    report)."""
    from assistant.adapters.devices import simulate
    from assistant.store import open_or_refuse

    store = open_or_refuse(path)
    store.close_interrupted()
    store.purge()
    sim_db.parent.mkdir(parents=True, exist_ok=True)
    return store, recover(store, simulate(today, sim_db).devices)


def recover(store: Store, devices: Devices) -> list[Recovered]:
    """Finish or refund every transaction a crash left open (run at kiosk start).

    An unpaid order is closed; a paid one is submitted again (back ends are idempotent by
    transaction id) and refunded if that fails.
    """
    done: list[Recovered] = []
    executor = Executor(devices, store)
    for entry in store.unfinished():
        try:
            item = _recover_one(store, devices, executor, entry)
        except AdapterError as exc:  # e.g. the payment terminal does not know the order
            item = Recovered(entry.txn_id, "skipped", str(exc))
        if item is not None:
            done.append(item)
    return done


def _recover_one(store: Store, devices: Devices, executor: Executor, entry: JournalEntry
                 ) -> Recovered | None:
    """Finish, refund or close one journal entry (``None``: nothing to do)."""
    status = entry.status
    if status == "ordered" and entry.order_id:
        order = order_seen(devices.payment, entry.order_id)
        if order is None:
            # the kiosk stopped between journalling the order and creating it: the
            # terminal never saw it, so no money can have been taken
            store.journal_set(entry.txn_id, "cancelled")
            return Recovered(entry.txn_id, "cancelled", "order never created")
        if order.status != "paid":
            devices.payment.cancel(entry.order_id)
            store.journal_set(entry.txn_id, "cancelled")
            return Recovered(entry.txn_id, "cancelled", order.status)
        store.journal_set(entry.txn_id, "paid")
        status = "paid"
    if status != "paid":
        return None
    if entry.submit is not None:
        action = CallAdapter(str(entry.submit["adapter"]), str(entry.submit["op"]),
                             {"txn_id": entry.txn_id, **dict(entry.submit.get("args") or {})})
        result = executor.execute(action)
        if result.outcome == "ok":
            return Recovered(entry.txn_id, "submitted", str(result.data))
    if entry.order_id:
        devices.payment.refund(entry.order_id)
    store.journal_set(entry.txn_id, "refunded")
    return Recovered(entry.txn_id, "refunded")
