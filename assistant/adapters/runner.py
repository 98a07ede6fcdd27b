"""Runs the dialog's ``CallAdapter`` actions on a set of devices, with the journal.

Shared by ``kiosk chat`` (simulators) and the runtime (hardware).  Operations the user
has to act on (look at the camera, pay) stay *pending* until the user event arrives
(``resolve``); all others run at once and answer with a ``DeviceResult``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from assistant.adapters.devices import Devices
from assistant.adapters.payment import Order, PaymentTerminal
from assistant.domain.operations import (
    AlreadyPaid,
    Answer,
    CallAdapter,
    CallStaff,
    CancelOrder,
    CapturePhoto,
    CreateOrder,
    DeviceResult,
    Done,
    FaceScore,
    FingerMatch,
    JsonDict,
    Operation,
    OperationError,
    OrderClosed,
    OrderCreated,
    PaymentDone,
    PhotoTaken,
    PrintReceipt,
    QueryBackend,
    ReadPermit,
    Refund,
    Result,
    SubmitApplication,
    VerifyFace,
    VerifyFinger,
    WaitPayment,
    submission_from_json,
)
from assistant.errors import AdapterError, DeviceRejected, DeviceTimeout, StoreError

if TYPE_CHECKING:
    from assistant.store import JournalEntry, Store

Op = TypeVar("Op", bound=Operation)
Handler = Callable[["Executor", Operation], Result]
HANDLERS: dict[type[Operation], Handler] = {}
"""Operation type → the :class:`Executor` method that runs it (:func:`_handles`)."""


def _handles(*kinds: type[Op]) -> Callable[[Callable[[Executor, Op], Result]],
                                            Callable[[Executor, Op], Result]]:
    """Register an :class:`Executor` method as the handler of operations ``kinds``."""
    def register(fn: Callable[[Executor, Op], Result]) -> Callable[[Executor, Op], Result]:
        for kind in kinds:
            HANDLERS[kind] = cast(Handler, fn)
        return fn
    return register


class Executor:
    """Executes adapter calls; journals payments and submissions when given a store."""

    def __init__(self, devices: Devices, store: Store | None = None, session_id: str = "") -> None:
        self.devices = devices
        self.store = store
        self.session_id = session_id
        self.pending: dict[str, CallAdapter] = {}

    def run(self, action: CallAdapter) -> DeviceResult | None:
        """Start ``action``; its result now, or ``None`` while it waits for the user."""
        operation = action.operation()
        if operation.INTERACTIVE:
            self.pending[operation.KIND] = action
            return None
        return self.perform(operation)

    def resolve(self, kind: str) -> DeviceResult | None:
        """Finish the pending operation of ``kind`` (the user acted); ``None`` if none."""
        action = self.pending.pop(kind, None)
        return None if action is None else self.execute(action)

    def execute(self, action: CallAdapter) -> DeviceResult:
        """Run ``action`` now (an unknown adapter or operation: :class:`ValueError`)."""
        return self.perform(action.operation())

    def perform(self, operation: Operation) -> DeviceResult:
        """Run a typed operation now; failures of the device are a ``fail``/``timeout``."""
        handler = HANDLERS.get(type(operation))
        if handler is None:
            raise OperationError(f"no handler for {type(operation).__name__}")
        kind, op = operation.KIND, operation.op
        try:
            result = handler(self, operation)
        except DeviceTimeout as exc:
            return DeviceResult(kind, "timeout", op, {"reason": "timeout", "message": str(exc)})
        except DeviceRejected as exc:
            reason = getattr(exc, "reason", "refused")
            return DeviceResult(kind, "fail", op, {"reason": reason, "message": str(exc)})
        except AdapterError as exc:
            return DeviceResult(kind, "fail", op, {"reason": "error", "message": str(exc)})
        return DeviceResult(kind, "ok", op, result.data())

    # ------------------------------------------------------------------ devices
    @_handles(VerifyFace)
    def _face(self, o: VerifyFace) -> FaceScore:
        return FaceScore(self.devices.face.verify(o.reference, o.id_number))

    @_handles(VerifyFinger)
    def _finger(self, o: VerifyFinger) -> FingerMatch:
        return FingerMatch(self.devices.finger.verify(o.id_number))

    @_handles(CapturePhoto)
    def _photo(self, o: CapturePhoto) -> PhotoTaken:
        photo = self.devices.photo.capture(o.purpose)
        return PhotoTaken(photo.photo_id, photo.receipt_code)

    @_handles(PrintReceipt)
    def _print(self, o: PrintReceipt) -> Done:
        self.devices.printer.print_receipt(o.title, list(o.lines))
        return Done()

    @_handles(CallStaff)
    def _staff(self, o: CallStaff) -> Done:
        self.devices.staff.call(urgent=o.urgent, flow=o.flow, reason=o.reason)
        if self.store is not None:  # after the call: a store problem must not delay staff
            self.store.log_staff_call(self.session_id, urgent=o.urgent, flow=o.flow or None,
                                      reason=o.reason)
        return Done()

    @_handles(ReadPermit)
    def _permit(self, o: ReadPermit) -> Answer:
        if self.devices.permit is None:
            raise DeviceRejected("no_reader", "this kiosk has no e-permit reader")
        return Answer(self.devices.permit.read())

    @_handles(QueryBackend, SubmitApplication)
    def _backend(self, o: QueryBackend) -> Answer:
        backend: object = getattr(self.devices, o.backend)
        method: Callable[..., dict[str, object]] | None = getattr(backend, o.name, None)
        if method is None:
            raise OperationError(f"back end {o.backend!r} has no operation {o.name!r}")
        result = method(txn_id=o.txn_id, **o.params)
        self._journal_submitted(o, result)
        return Answer(result)

    # ------------------------------------------------------------------ payment
    @_handles(CreateOrder)
    def _create_order(self, o: CreateOrder) -> OrderCreated | AlreadyPaid:
        pay, store, txn_id = self.devices.payment, self.store, o.txn_id
        entry = store.journal_get(txn_id) if store is not None else None
        if entry is not None and entry.session_id != self.session_id:
            # never take another session's payment or application for this one's
            raise DeviceRejected("txn_conflict", f"transaction {txn_id} belongs to "
                                 f"another session ({entry.session_id})")
        if entry is not None and entry.status in ("paid", "submitted"):
            if not _same_request(entry, o.amount, o.then):
                raise DeviceRejected("txn_conflict", f"transaction {txn_id} was paid "
                                     "for another amount or person")
            return AlreadyPaid(entry.order_id)
        earlier = self._earlier_order(txn_id, o.order_id, entry)
        if earlier is not None:
            return earlier
        if store is not None:
            try:
                store.journal_order(txn_id, session_id=self.session_id, flow=o.flow,
                                    order_id=o.order_id, amount=o.amount,
                                    submit=None if o.then is None else o.then.to_json())
            except StoreError as exc:  # no journal, no payment: it could not be settled
                raise DeviceRejected("store_unavailable", str(exc)) from exc
        order = pay.create_order(o.order_id, txn_id, o.amount, o.subject, o.method or "qr")
        return OrderCreated(order.order_id, order.qr, order.amount, order.method)

    @_handles(WaitPayment)
    def _wait(self, o: WaitPayment) -> PaymentDone:
        order = self.devices.payment.wait(o.order_id)
        if order.txn_id != o.txn_id:
            raise DeviceRejected("txn_conflict", f"order {o.order_id} is for transaction "
                                 f"{order.txn_id}, not {o.txn_id}")
        self._note(o.txn_id, "paid")
        return PaymentDone(order.order_id, order.status, order.method)

    @_handles(CancelOrder)
    def _cancel(self, o: CancelOrder) -> OrderClosed:
        order = self.devices.payment.cancel(o.order_id)
        if order.status in ("cancelled", "expired"):
            self._note(o.txn_id, "cancelled")
        return OrderClosed(o.order_id, order.status)

    @_handles(Refund)
    def _refund(self, o: Refund) -> OrderClosed:
        order = self.devices.payment.refund(o.order_id)
        if order.status == "refunded":
            self._note(o.txn_id, "refunded")
        return OrderClosed(o.order_id, order.status)

    def _earlier_order(self, txn_id: str, order_id: str, entry: JournalEntry | None
                       ) -> AlreadyPaid | None:
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
            return AlreadyPaid(order.order_id, method=order.method)
        if order.status in ("created", "declined"):
            pay.cancel(order.order_id)
        return None

    def _journal_submitted(self, o: QueryBackend, result: dict[str, object]) -> None:
        if self.store is None or not o.txn_id:
            return
        entry = self.store.journal_get(o.txn_id)
        if entry is None or entry.submit is None:
            return
        with contextlib.suppress(OperationError):
            if submission_from_json(entry.submit, o.txn_id).name == o.name:
                self._note(o.txn_id, "submitted", result)

    def _note(self, txn_id: str, status: str, result: dict[str, object] | None = None) -> None:
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


def _same_request(entry: JournalEntry, amount: float, then: SubmitApplication | None) -> bool:
    """Whether an order for ``amount`` and submission ``then`` is the one ``entry`` holds
    (a finished entry keeps only a masked copy of the submission: compare masked; either
    may be a version-1 row, written before the typed operations)."""
    from assistant.store import OPEN_STATUSES, mask

    if abs(entry.amount - amount) > 0.005:
        return False
    if then is None or entry.submit is None:
        return then is None and entry.submit is None
    try:
        held = submission_from_json(entry.submit, entry.txn_id)
    except OperationError:
        return False
    if entry.status in OPEN_STATUSES:
        return held == then
    masked: JsonDict = json.loads(mask(json.dumps(then.to_json(), ensure_ascii=False)))
    return held == submission_from_json(masked, entry.txn_id)


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
        try:
            submission = submission_from_json(entry.submit, entry.txn_id)
        except OperationError as exc:  # unreadable row: left for the next start and staff
            return Recovered(entry.txn_id, "skipped", str(exc))
        result = executor.perform(submission)
        if result.outcome == "ok":
            return Recovered(entry.txn_id, "submitted", str(result.data))
    if entry.order_id:
        devices.payment.refund(entry.order_id)
    store.journal_set(entry.txn_id, "refunded")
    return Recovered(entry.txn_id, "refunded")
