"""Typed adapter operations: what the dialog asks a device or back end to do.

One frozen dataclass per operation.  The dialog builds them (:meth:`CallAdapter.of`);
:class:`assistant.adapters.runner.Executor` dispatches on their type; the payment journal
stores the submission a payment pays for (:class:`SubmitApplication`) as JSON with
``"v": 2`` (:meth:`Operation.to_json`).  Rows written before (``{"adapter", "op",
"args"}``, version 1) are read by :func:`submission_from_json` too.

``CallAdapter`` keeps its ``name``/``op``/``args`` view (JSON-compatible, as the
transcripts, the screen and ``kiosk chat`` read it); :func:`operation_of` turns such a
call (written by hand in a test, or by an older caller) back into its typed operation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Literal, Self, TypeAlias

from assistant.errors import KioskError

JsonValue: TypeAlias = "str | int | float | bool | list[JsonValue] | dict[str, JsonValue] | None"
"""A value that survives ``json.dumps``/``json.loads`` unchanged."""
JsonDict: TypeAlias = "dict[str, JsonValue]"
"""A JSON object."""

DeviceKind = Literal["card", "face", "photo", "finger", "payment", "print", "backend", "staff"]
"""What a :class:`DeviceResult` reports on (``backend``: any police back end)."""
Outcome = Literal["ok", "fail", "timeout"]
"""How a device operation ended."""
Backend = Literal["household", "exit_entry", "traffic"]
"""The police back ends."""
BACKENDS: tuple[Backend, ...] = ("household", "exit_entry", "traffic")
BACKEND_OPS: dict[Backend, frozenset[str]] = {
    "household": frozenset({"lookup_person", "submit_application", "progress", "contact"}),
    "exit_entry": frozenset({"eligibility", "issue", "progress", "contact"}),
    "traffic": frozenset({"violations", "pay_fines", "licence", "contact", "renew_licence",
                          "replace_licence", "vehicle", "issue_inspection_mark",
                          "replace_registration"}),
}
"""Operations each back end offers (the methods of its protocol in ``assistant.adapters``)."""
JOURNAL_VERSION = 2
"""``"v"`` of the journal's typed submissions."""


class OperationError(KioskError, ValueError):
    """An adapter call that names no known operation, or a journal row that cannot be read."""


@dataclass(frozen=True)
class DeviceResult:
    """A device or back-end operation requested by a ``CallAdapter`` action finished."""

    kind: DeviceKind
    """Which device answered."""
    outcome: Outcome
    """``ok``, ``fail`` (refused, not recognised, declined ...) or ``timeout``."""
    op: str = ""
    """The operation of the ``CallAdapter`` this answers (``verify``, ``create_order`` ...)."""
    data: dict[str, Any] = field(default_factory=dict)
    """Result details (``{"reason": "glasses_glare"}``, ``{"violations": [...]}`` ...)."""


@dataclass(frozen=True)
class Operation:
    """Base of the typed operations."""

    ADAPTER: ClassVar[str] = ""
    """``CallAdapter.name`` (the device or back end)."""
    OP: ClassVar[str] = ""
    """``CallAdapter.op``."""
    KIND: ClassVar[DeviceKind] = "backend"
    """``DeviceResult.kind`` of the answer."""
    INTERACTIVE: ClassVar[bool] = False
    """Waits for the user (resolved by ``<face:ok>``, ``<pay:ok>`` ...)."""

    @property
    def adapter(self) -> str:
        return self.ADAPTER

    @property
    def op(self) -> str:
        return self.OP

    def args(self) -> JsonDict:
        """The ``CallAdapter.args`` view: the fields, JSON-compatible, in order."""
        out: JsonDict = {}
        for f in fields(self):
            value: object = getattr(self, f.name)
            out[f.name] = _json(value)
        return out

    @classmethod
    def from_args(cls, args: Mapping[str, JsonValue]) -> Operation:
        """The operation from its ``args`` view (unknown keys are ignored)."""
        return cls(**_known(cls, args))


def _json(value: object) -> JsonValue:
    if isinstance(value, Operation):
        return value.to_json() if isinstance(value, SubmitApplication) else value.args()
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise OperationError(f"not JSON-compatible: {value!r}")


def _known(cls: type[Operation], args: Mapping[str, JsonValue]) -> dict[str, object]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in args.items() if k in names}


def _text(args: Mapping[str, JsonValue], key: str, default: str = "") -> str:
    value = args.get(key)
    return default if value is None else str(value)


def _number(args: Mapping[str, JsonValue], key: str) -> float:
    value = args.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise OperationError(f"{key} must be a number, got {value!r}")
    return float(value)


# ---------------------------------------------------------------------- devices
@dataclass(frozen=True)
class VerifyFace(Operation):
    """Compare the live face with the card's photo."""

    ADAPTER: ClassVar[str] = "face"
    OP: ClassVar[str] = "verify"
    KIND: ClassVar[DeviceKind] = "face"
    INTERACTIVE: ClassVar[bool] = True
    txn_id: str = ""
    """Transaction this check belongs to."""
    reference: str = ""
    """The card's photo reference."""
    id_number: str = ""
    """The card holder's ID number."""


@dataclass(frozen=True)
class VerifyFinger(Operation):
    """Compare a fingerprint with the one registered for the ID number."""

    ADAPTER: ClassVar[str] = "finger"
    OP: ClassVar[str] = "verify"
    KIND: ClassVar[DeviceKind] = "finger"
    INTERACTIVE: ClassVar[bool] = True
    txn_id: str = ""
    """Transaction this check belongs to."""
    reference: str = ""
    """The card's photo reference (unused by the reader; kept in the args as before)."""
    id_number: str = ""
    """The card holder's ID number."""


@dataclass(frozen=True)
class CapturePhoto(Operation):
    """Take a certificate photo at the booth."""

    ADAPTER: ClassVar[str] = "photo"
    OP: ClassVar[str] = "capture"
    KIND: ClassVar[DeviceKind] = "photo"
    INTERACTIVE: ClassVar[bool] = True
    txn_id: str = ""
    """Transaction the photo is for."""
    purpose: str = "id_card"
    """``id_card``, ``driver``, ``exit_entry`` ... (photo specification)."""


@dataclass(frozen=True)
class ReadPermit(Operation):
    """Read the e-permit placed on the reader (endorsement machines only)."""

    ADAPTER: ClassVar[str] = "permit"
    OP: ClassVar[str] = "read"
    KIND: ClassVar[DeviceKind] = "backend"
    INTERACTIVE: ClassVar[bool] = True
    txn_id: str = ""
    """Transaction the permit is read for."""


@dataclass(frozen=True)
class PrintReceipt(Operation):
    """Print a receipt or a payment slip."""

    ADAPTER: ClassVar[str] = "printer"
    OP: ClassVar[str] = "print"
    KIND: ClassVar[DeviceKind] = "print"
    txn_id: str = ""
    """Transaction printed for."""
    title: str = ""
    """First line, large."""
    lines: tuple[str, ...] = ()
    """The lines below it."""

    @classmethod
    def from_args(cls, args: Mapping[str, JsonValue]) -> Operation:
        lines = args.get("lines")
        return cls(_text(args, "txn_id"), _text(args, "title"),
                   tuple(str(x) for x in lines) if isinstance(lines, list) else ())


@dataclass(frozen=True)
class CallStaff(Operation):
    """Page the staff (``urgent``: someone is unwell or in danger)."""

    ADAPTER: ClassVar[str] = "staff"
    OP: ClassVar[str] = "call"
    KIND: ClassVar[DeviceKind] = "staff"
    urgent: bool = False
    """Emergency call (the pager rings differently)."""
    flow: str | None = None
    """Intent name of the transaction in progress, if any."""
    reason: str = ""
    """Why (``asked``, ``failed``, an emergency kind ...)."""

    @classmethod
    def from_args(cls, args: Mapping[str, JsonValue]) -> Operation:
        flow = args.get("flow")
        return cls(bool(args.get("urgent")), str(flow) if flow else None,
                   _text(args, "reason"))


# ---------------------------------------------------------------------- back ends
@dataclass(frozen=True)
class QueryBackend(Operation):
    """A look-up on a police back end (``lookup_person``, ``violations``, ``eligibility``
    ...): changes nothing, journalled nowhere."""

    KIND: ClassVar[DeviceKind] = "backend"
    txn_id: str = ""
    """Transaction asking (back ends are idempotent by transaction id)."""
    backend: Backend = "household"
    """Which back end."""
    name: str = ""
    """Operation: one of :data:`BACKEND_OPS` of ``backend``."""
    params: Mapping[str, JsonValue] = field(default_factory=dict)
    """Keyword arguments of the back end's method (besides ``txn_id``)."""

    def __post_init__(self) -> None:
        if self.name not in BACKEND_OPS.get(self.backend, frozenset()):
            raise OperationError(f"back end {self.backend!r} has no operation {self.name!r}")

    @property
    def adapter(self) -> str:
        return self.backend

    @property
    def op(self) -> str:
        return self.name

    def args(self) -> JsonDict:
        return {"txn_id": self.txn_id, **{k: _json(v) for k, v in self.params.items()}}

    @classmethod
    def build(cls, backend: str, op: str, args: Mapping[str, JsonValue]) -> Self:
        """From the ``CallAdapter`` view (``txn_id`` taken out of ``args``)."""
        if backend not in BACKENDS:
            raise OperationError(f"unknown back end {backend!r}: use one of {BACKENDS}")
        rest = {k: v for k, v in args.items() if k != "txn_id"}
        return cls(_text(args, "txn_id"), _backend(backend), op, rest)


def _backend(name: str) -> Backend:
    for b in BACKENDS:
        if b == name:
            return b
    raise OperationError(f"unknown back end {name!r}: use one of {BACKENDS}")


@dataclass(frozen=True)
class SubmitApplication(QueryBackend):
    """The back-end operation a payment pays for (or a free submission): written to the
    payment journal with the order, replayed by recovery after a crash."""

    def to_json(self) -> JsonDict:
        """The journal's ``submit`` column (version 2; no ``txn_id``: the row has it)."""
        return {"v": JOURNAL_VERSION, "type": type(self).__name__, "backend": self.backend,
                "op": self.name, "args": {k: _json(v) for k, v in self.params.items()}}


def submission_from_json(data: Mapping[str, JsonValue], txn_id: str) -> SubmitApplication:
    """A journal ``submit`` value: version 2 (``{"v": 2, "type", "backend", "op",
    "args"}``) or version 1 as written before issue 15 (``{"adapter", "op", "args"}``)."""
    version = data.get("v", 1)
    backend = data.get("backend") if version == JOURNAL_VERSION else data.get("adapter")
    args = data.get("args")
    if version not in (1, JOURNAL_VERSION) or not isinstance(args, dict):
        raise OperationError(f"journal submission of unknown form: {sorted(data)}")
    if version == JOURNAL_VERSION and data.get("type") != SubmitApplication.__name__:
        raise OperationError(f"journal submission of unknown type {data.get('type')!r}")
    return SubmitApplication(txn_id, _backend(str(backend)), str(data.get("op", "")),
                             {k: v for k, v in args.items() if k != "txn_id"})


# ---------------------------------------------------------------------- payment
@dataclass(frozen=True)
class CreateOrder(Operation):
    """Open a payment order at the terminal; journalled first, with what it pays for."""

    ADAPTER: ClassVar[str] = "payment"
    OP: ClassVar[str] = "create_order"
    KIND: ClassVar[DeviceKind] = "payment"
    txn_id: str = ""
    """Transaction paid for (one journal entry)."""
    order_id: str = ""
    """This attempt's order (``{txn_id}-p{n}``)."""
    amount: float = 0.0
    """元."""
    subject: str = ""
    """What the citizen pays for (the flow's title)."""
    flow: str = ""
    """Intent name."""
    then: SubmitApplication | None = None
    """The submission the payment pays for (``None``: nothing to submit after)."""
    method: str = "qr"
    """``qr``, ``card`` or ``cashier``."""

    @classmethod
    def from_args(cls, args: Mapping[str, JsonValue]) -> Operation:
        then = args.get("then")
        txn_id = _text(args, "txn_id")
        return cls(txn_id, _text(args, "order_id"), _number(args, "amount"),
                   _text(args, "subject"), _text(args, "flow"),
                   submission_from_json(then, txn_id) if isinstance(then, dict) else None,
                   _text(args, "method") or "qr")


@dataclass(frozen=True)
class WaitPayment(Operation):
    """Wait until the citizen has paid the order (or it is declined or expires)."""

    ADAPTER: ClassVar[str] = "payment"
    OP: ClassVar[str] = "wait"
    KIND: ClassVar[DeviceKind] = "payment"
    INTERACTIVE: ClassVar[bool] = True
    txn_id: str = ""
    """Transaction paid for."""
    order_id: str = ""
    """The open order."""
    amount: float = 0.0
    """元 (for the screen)."""
    method: str = "qr"
    """How the citizen pays (``card``: the POS reader is armed)."""


@dataclass(frozen=True)
class CancelOrder(Operation):
    """Close an unpaid order."""

    ADAPTER: ClassVar[str] = "payment"
    OP: ClassVar[str] = "cancel"
    KIND: ClassVar[DeviceKind] = "payment"
    txn_id: str = ""
    """Transaction of the order."""
    order_id: str = ""
    """The order to close."""
    switching: bool = False
    """Closed because the citizen pays another way (a new order follows)."""

    def args(self) -> JsonDict:
        out: JsonDict = {"txn_id": self.txn_id, "order_id": self.order_id}
        if self.switching:
            out["switching"] = True
        return out


@dataclass(frozen=True)
class Refund(Operation):
    """Give a paid order's money back."""

    ADAPTER: ClassVar[str] = "payment"
    OP: ClassVar[str] = "refund"
    KIND: ClassVar[DeviceKind] = "payment"
    txn_id: str = ""
    """Transaction of the order."""
    order_id: str = ""
    """The paid order."""


# ---------------------------------------------------------------------- results
@dataclass(frozen=True)
class Result:
    """Base of the typed results of operations; :meth:`data` is ``DeviceResult.data``."""

    def data(self) -> dict[str, object]:
        """The fields, in order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Done(Result):
    """Done, nothing to report (printed, staff paged)."""


@dataclass(frozen=True)
class FaceScore(Result):
    """Answer to :class:`VerifyFace`."""

    score: float
    """Similarity in [0, 1] (the dialog compares it with its threshold)."""


@dataclass(frozen=True)
class FingerMatch(Result):
    """Answer to :class:`VerifyFinger`."""

    match: bool
    """The fingerprint is the one registered."""


@dataclass(frozen=True)
class PhotoTaken(Result):
    """Answer to :class:`CapturePhoto`."""

    photo_id: str
    """Reference of the photo (given to the application)."""
    receipt_code: str
    """Code printed for the citizen (回执码)."""


@dataclass(frozen=True)
class Answer(Result):
    """What a back end or the e-permit reader answered (its own keys)."""

    fields: Mapping[str, object]
    """The answer's keys and values, as the back end gives them."""

    def data(self) -> dict[str, object]:
        return dict(self.fields)


@dataclass(frozen=True)
class OrderCreated(Result):
    """Answer to :class:`CreateOrder`: the order is open at the terminal."""

    order_id: str
    """The order."""
    qr: str
    """QR code payload to show."""
    amount: float
    """元."""
    method: str
    """``qr``, ``card`` or ``cashier``."""


@dataclass(frozen=True)
class AlreadyPaid(Result):
    """Answer to :class:`CreateOrder` when the transaction is paid already (a retry after
    a crash, or an earlier order paid after all): no new order."""

    order_id: str | None
    """The order that was paid (as the journal holds it)."""
    already_paid: bool = True
    """Always true (the dialog's marker)."""
    method: str | None = None
    """How it was paid, when the terminal says (left out of :meth:`data` otherwise)."""

    def data(self) -> dict[str, object]:
        out = super().data()
        if self.method is None:
            del out["method"]
        return out


@dataclass(frozen=True)
class PaymentDone(Result):
    """Answer to :class:`WaitPayment`: the citizen paid."""

    order_id: str
    """The order."""
    status: str
    """The terminal's status (``paid``)."""
    method: str
    """How it was paid."""


@dataclass(frozen=True)
class OrderClosed(Result):
    """Answer to :class:`CancelOrder` and :class:`Refund`."""

    order_id: str
    """The order."""
    status: str
    """The terminal's status after (``cancelled``, ``expired``, ``refunded``, or ``paid``
    when it was paid before it could be closed)."""


DEVICE_OPERATIONS: dict[tuple[str, str], type[Operation]] = {
    (cls.ADAPTER, cls.OP): cls
    for cls in (VerifyFace, VerifyFinger, CapturePhoto, ReadPermit, PrintReceipt, CallStaff,
                CreateOrder, WaitPayment, CancelOrder, Refund)
}
"""``(CallAdapter.name, CallAdapter.op)`` → operation type (back ends aside)."""
_PRINTER_OPS = {"print", "print_receipt"}


def operation_of(name: str, op: str, args: Mapping[str, JsonValue]) -> Operation:
    """The typed operation of a ``CallAdapter(name, op, args)``."""
    if name in BACKENDS:
        return QueryBackend.build(name, op, args)
    kind = DEVICE_OPERATIONS.get((name, "print" if name == "printer" and op in _PRINTER_OPS
                                  else op))
    if kind is None:
        adapters = sorted({n for n, _ in DEVICE_OPERATIONS} | set(BACKENDS))
        raise OperationError(f"adapter {name!r} has no operation {op!r} (adapters: "
                             f"{', '.join(adapters)})")
    return kind.from_args(args)


@dataclass(frozen=True)
class CallAdapter:
    """Run ``op`` on device or back end ``name``; the answer comes back as a ``DeviceResult``.

    Built by the dialog from a typed operation (:meth:`of`); the ``name``/``op``/``args``
    view is what transcripts, the screen and the terminal read."""

    name: str
    """Adapter name: ``card``, ``face``, ``photo``, ``finger``, ``payment``, ``printer``,
    ``household``, ``exit_entry``, ``traffic``, ``staff`` or ``permit``."""
    op: str
    """Operation, e.g. ``verify``, ``create_order``, ``submit_application``."""
    args: dict[str, JsonValue] = field(default_factory=dict)
    """Keyword arguments (JSON-compatible)."""
    typed: Operation | None = field(default=None, compare=False, repr=False)
    """The typed operation (``None`` when built from ``name``/``op``/``args``)."""

    @classmethod
    def of(cls, operation: Operation) -> CallAdapter:
        return cls(operation.adapter, operation.op, operation.args(), operation)

    def operation(self) -> Operation:
        """The typed operation (parsed from ``name``/``op``/``args`` when not built typed)."""
        return self.typed if self.typed is not None else operation_of(self.name, self.op,
                                                                      self.args)

