"""Driving conversations for ``kiosk bench conversations``: each one runs **in process**
through a fresh chat session (:func:`assistant.chat.new_session`,
:func:`assistant.chat.next_turn`: fresh simulated devices, the shipped flow texts and
site, the real intent model unless ``--no-nlu``, the fixed date
:data:`~assistant.bench.conversations.data.TODAY`).  After a session has ended the next
line is the same citizen speaking again (a new session, as ``kiosk chat`` does).

What is observed (per turn, :class:`TurnRecord`): the turn object, the actions the dialog
ran (the typed adapter operations of :mod:`assistant.domain.operations` and the ``End``
actions), and — through the one adapter :class:`SessionProbe` — the dialog's "not
understood" flag, the running transaction's slot values and the payment simulator's
orders.

Operations (:class:`Op` kinds):

- ``order``: :class:`~assistant.domain.operations.CreateOrder` (a payment order opened;
  it carries the flow, the amount and the submission it pays for — plate, ID number,
  delivery, reason …);
- ``payment``: an order of the payment simulator became ``paid`` (money taken; it keeps
  the order's flow and values, also when it is refunded later);
- ``submit``: :class:`~assistant.domain.operations.SubmitApplication` (an application,
  fine payment, endorsement or inspection mark submitted to a back end), or any other
  back-end operation that is not a look-up (:data:`LOOKUPS`);
- ``print``: :class:`~assistant.domain.operations.PrintReceipt` (a receipt or pay slip);
- ``emergency``: :class:`~assistant.domain.operations.CallStaff` with ``urgent`` (the duty
  office called for an emergency);
- ``staff``: a non-urgent ``CallStaff`` (a person asked to come);
- ``query``: :class:`~assistant.domain.operations.QueryBackend` (a look-up: violations,
  vehicle, progress …; it changes nothing, its plate is read as a slot value).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .data import TODAY, Conversation
from .slots import OBSERVED_SLOTS, shown, slot_values

if TYPE_CHECKING:
    from assistant.chat import ChatSession
    from assistant.dialog.actions import Action
    from assistant.dialog.texts import FlowTexts
    from assistant.nlu.types import Understander

SIDE_EFFECTS = ("order", "payment", "submit", "print", "emergency")
"""The :class:`Op` kinds that change something in the world (judged as wrong actions)."""
LOOKUPS = frozenset({"lookup_person", "progress", "contact", "eligibility", "violations",
                     "licence", "vehicle"})
"""Back-end operations that only read.  Any other back-end operation writes and is a
``submit``, also when the flow forgot to mark it as the submission (``commit``)."""
CALLS = ("staff", "emergency")
"""The :class:`Op` kinds that call a person (``CallStaff``)."""
MONEY_TAKEN = ("paid", "refunded")
"""Payment simulator order statuses after money was taken."""


@dataclass
class Op:
    """One operation the kiosk ran (see the module docstring for the kinds)."""

    turn: int
    """Turn it happened in (the script line's number; 0 = the greeting)."""
    kind: str
    """``order``, ``payment``, ``submit``, ``print``, ``emergency``, ``staff`` or ``query``."""
    flow: str | None
    """The transaction's flow (the operation's own, else the turn's)."""
    txn: str = ""
    """Transaction id (empty for staff calls)."""
    name: str = ""
    """Back-end operation (``pay_fines``, ``submit_application`` …), the order id, the
    receipt's title or the staff call's reason."""
    values: dict[str, Any] = field(default_factory=dict)
    """Slot values it carried (``plate_number``, ``id_number``, ``amount`` …); a ``print``
    and a ``payment`` also get their transaction's values when judged
    (:func:`~assistant.bench.conversations.judge.carry_transaction_values`)."""

    def text(self) -> str:
        """One line for people (ID numbers masked)."""
        values = " ".join(f"{k}={shown(k, v)}" for k, v in sorted(self.values.items()))
        return " ".join(p for p in (self.kind, self.flow or "", self.name, values) if p)

    def to_json(self) -> dict[str, Any]:
        """The operation as JSON (ID numbers masked)."""
        return {"turn": self.turn, "kind": self.kind, "flow": self.flow, "name": self.name,
                "values": {k: shown(k, v) for k, v in self.values.items()}}


Ended = tuple[str, str | None]
"""An ``End`` action: (outcome, flow)."""


@dataclass
class TurnRecord:
    """One turn of a run: what was said and done."""

    number: int
    """0 = the greeting, then the script line's number."""
    line: str | None
    """The script line (``None`` for the greeting)."""
    say: str
    """What the kiosk said."""
    state: str
    """The turn object's ``state`` (``idle`` between people)."""
    flow: str | None
    """The turn object's ``flow``."""
    done: bool
    """The session had ended after this turn."""
    outcome: str | None
    """The turn object's ``outcome`` (how the session ended)."""
    not_understood: bool
    """The dialog did not understand this input."""
    txn: str | None = None
    """The running transaction after the turn (from the probe)."""
    values: dict[str, Any] = field(default_factory=dict)
    """Its slot values after the turn (from the probe)."""
    ops: list[Op] = field(default_factory=list)
    """The operations of the turn (payments first)."""
    ends: list[Ended] = field(default_factory=list)
    """``End`` actions of the turn: (outcome, flow)."""

    def to_json(self) -> dict[str, Any]:
        """The turn as JSON (for ``--show --json``)."""
        return {"turn": self.number, "heard": self.line, "say": self.say, "state": self.state,
                "flow": self.flow, "done": self.done, "outcome": self.outcome,
                "not_understood": self.not_understood,
                "ops": [o.to_json() for o in self.ops]}


@dataclass
class Transcript:
    """Everything one conversation did."""

    turns: list[TurnRecord]
    """The greeting (turn 0), then one per script line run."""
    finished: bool
    """The last session had ended after the last line."""
    paid_at_end: list[str]
    """Orders still ``paid`` at the end (money kept)."""
    crash: str = ""
    """The exception that stopped the conversation (a bug of the kiosk), if any."""

    @property
    def ops(self) -> list[Op]:
        """Every operation, in order."""
        return [o for t in self.turns for o in t.ops]


@dataclass(frozen=True)
class Peek:
    """What :class:`SessionProbe` reads beyond the turn objects."""

    not_understood: bool
    """The dialog did not understand the last input."""
    txn: str | None
    """The running transaction (``None`` outside one)."""
    values: dict[str, Any]
    """Its slot values (canonical)."""
    orders: dict[str, str]
    """Payment simulator: order id → status (``created``, ``paid``, ``refunded`` …)."""


class SessionProbe:
    """The one adapter between the bench and the chat session's insides (re-point it
    here when the session host changes): it gets each turn's actions through the session's
    ``listeners`` (kept by the next person's session) and reads, after a turn, the dialog's
    not-understood flag, the running transaction and the payment simulator's orders."""

    def __init__(self, session: ChatSession) -> None:
        self.actions: list[Action] = []
        session.listeners.append(self._heard)

    def _heard(self, turn: dict[str, Any], actions: list[Action]) -> None:
        self.actions.extend(actions)

    def take(self) -> list[Action]:
        """The actions since the last call."""
        out, self.actions = self.actions, []
        return out

    @staticmethod
    def peek(session: ChatSession) -> Peek:
        """What the session holds after a turn."""
        dialog = session.dialog
        flag = getattr(session, "unrecognised", None)
        not_understood = bool(dialog.not_understood if flag is None else flag)
        ctx = getattr(dialog, "ctx", None)
        values = {k: v for k, v in ctx.values.items() if k in OBSERVED_SLOTS
                  and isinstance(v, str | int | float)} if ctx is not None else {}
        if ctx is not None and ctx.amount:
            values["amount"] = float(ctx.amount)
        orders: dict[str, str] = {}
        db = session.sim.db
        if db.opened and db.db["orders"].exists():
            orders = {str(r["order_id"]): str(r["status"]) for r in db.db.table("orders").rows}
        return Peek(not_understood, ctx.txn_id if ctx is not None else None, values, orders)

    @staticmethod
    def ended(session: ChatSession) -> bool:
        """Whether the session has ended."""
        return bool(session.dialog.done)


DEVICES = frozenset({"card", "face", "photo", "finger", "permit"})
"""Kiosk devices: what their calls carry is a slot value of the transaction (the photo's
purpose), seen even when the transaction starts and ends within one turn."""


def device_values(actions: list[Action]) -> dict[str, Any]:
    """The slot values the device calls among ``actions`` carry (``purpose`` of a photo
    taken as the yes to "您是要拍证件照吗？", when the transaction ends in the same turn)."""
    from assistant.dialog.actions import CallAdapter

    values: dict[str, Any] = {}
    for action in actions:
        if isinstance(action, CallAdapter) and action.name in DEVICES:
            values.update(slot_values(dict(action.args)))
    return values


def ops_of(actions: list[Action], number: int, flow: str | None) -> tuple[list[Op], list[Ended]]:
    """The operations and ``End`` actions among the ``actions`` of turn ``number`` (whose
    turn object said ``flow``)."""
    from assistant.dialog.actions import CallAdapter, End
    from assistant.domain.operations import (
        CallStaff,
        CreateOrder,
        OperationError,
        PrintReceipt,
        QueryBackend,
        SubmitApplication,
    )

    ops: list[Op] = []
    ends: list[Ended] = []
    for action in actions:
        if isinstance(action, End):
            ends.append((action.outcome, action.flow))
            continue
        if not isinstance(action, CallAdapter):
            continue
        try:
            op = action.operation()
        except OperationError:
            continue
        if isinstance(op, CreateOrder):
            values = slot_values(dict(op.then.params)) if op.then is not None else {}
            values["amount"] = float(op.amount)
            ops.append(Op(number, "order", op.flow or flow, op.txn_id, op.order_id, values))
        elif isinstance(op, QueryBackend):  # a SubmitApplication is one too
            params = dict(op.params)
            if isinstance(op, SubmitApplication) or op.name not in LOOKUPS:
                ops.append(Op(number, "submit", str(params.get("flow") or flow or "") or None,
                              op.txn_id, op.name, slot_values(params)))
            else:
                ops.append(Op(number, "query", flow, op.txn_id, op.name, slot_values(params)))
        elif isinstance(op, PrintReceipt):
            ops.append(Op(number, "print", flow, op.txn_id, op.title))
        elif isinstance(op, CallStaff):
            ops.append(Op(number, "emergency" if op.urgent else "staff", op.flow, "", op.reason))
    return ops, ends


class PaymentWatch:
    """Turns the payment simulator's order statuses into ``payment`` operations: an order
    that took money since the last look is a payment with the flow, transaction and values
    of the ``order`` operation that opened it."""

    def __init__(self) -> None:
        self.statuses: dict[str, str] = {}
        """Order id → the status last seen."""
        self.opened: dict[str, Op] = {}
        """Order id → the ``order`` operation that opened it."""

    def payments(self, number: int, flow: str | None, ops: list[Op], orders: dict[str, str]
                 ) -> list[Op]:
        """The payments of turn ``number`` (turn object's ``flow``; its operations
        ``ops``; ``orders``: the simulator's statuses after it)."""
        for op in ops:
            if op.kind == "order":
                self.opened[op.name] = op
        paid: list[Op] = []
        for order_id, status in orders.items():
            if status in MONEY_TAKEN and self.statuses.get(order_id) not in MONEY_TAKEN:
                base = self.opened.get(order_id)
                paid.append(Op(number, "payment", base.flow if base else flow,
                               base.txn if base else "", order_id,
                               dict(base.values) if base else {}))
        self.statuses.update(orders)
        return paid

    def kept(self) -> list[str]:
        """Orders whose money is kept (still ``paid``), sorted."""
        return sorted(o for o, s in self.statuses.items() if s == "paid")


@dataclass
class Kiosk:
    """What every conversation runs on (loaded once)."""

    texts: FlowTexts
    """The shipped flow texts and site."""
    nlu: Understander | None
    """The intent model (``None``: keys and command words only)."""
    today: date = TODAY
    """The simulated date."""


def load_kiosk(*, no_nlu: bool = False) -> Kiosk:
    """The shipped flow texts and site, and the intent model (as ``kiosk chat``)."""
    from assistant.chat import load_understander
    from assistant.dialog import load_texts

    return Kiosk(load_texts(), None if no_nlu else load_understander())


def run_conversation(conv: Conversation, kiosk: Kiosk, path: str = "-") -> Transcript:
    """Drive ``conv`` through a fresh chat session, line by line (``path``: the data file,
    for the chat's messages).  An exception in the kiosk stops the conversation and is
    kept in :attr:`Transcript.crash`."""
    from assistant.chat import new_session, next_turn

    session = new_session(kiosk.texts, nlu=kiosk.nlu, today=kiosk.today,
                          session_id=f"bench-{conv.id}")
    probe = SessionProbe(session)
    watch = PaymentWatch()
    turns: list[TurnRecord] = []

    def record(number: int, line: str | None, turn: dict[str, Any]) -> None:
        peek = probe.peek(session)
        actions = probe.take()
        ops, ends = ops_of(actions, number, turn.get("flow"))
        paid = watch.payments(number, turn.get("flow"), ops, peek.orders)
        turns.append(TurnRecord(number, line, str(turn.get("say", "")), str(turn.get("state")),
                                turn.get("flow"), bool(turn.get("done")), turn.get("outcome"),
                                peek.not_understood and line is not None, peek.txn,
                                {**device_values(actions), **peek.values},
                                paid + ops,  # the money came in before what it pays for
                                ends))

    crash = ""
    try:
        record(0, None, session.start())
        for number, line in enumerate(conv.lines, start=1):
            session, turn = next_turn(session, line, (path, conv.line))
            record(number, line, turn)
    except Exception as exc:  # a crash is a result of the bench, not the end of it
        crash = f"{type(exc).__name__}: {exc}"
    finished = probe.ended(session) and not crash
    session.close()
    return Transcript(turns, finished, watch.kept(), crash)
