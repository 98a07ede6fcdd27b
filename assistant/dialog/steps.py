"""Step types of the generic flow engine, and the per-flow context they fill.

A flow is a list of steps (see :mod:`assistant.dialog.flows`); the engine
(:mod:`assistant.dialog.engine`) runs them in order.  Each step's words are the texts
``<step id>`` (and ``<step id>_…`` variants) in the flow's YAML file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.dialog.actions import EndOutcome
from assistant.domain.idcard import IdCard

SlotType = Literal["plate_number", "id_number", "phone"]


@dataclass(frozen=True)
class Stop:
    """A rule says the flow cannot go on here: say ``key`` (with ``fields``) and end."""

    key: str
    outcome: EndOutcome
    fields: dict[str, Any] = field(default_factory=dict)


Check = Callable[["FlowContext"], "Stop | None"]
"""A pure rule on the context; returns a :class:`Stop` to end the flow, else ``None``."""
When = Callable[["FlowContext"], bool]
"""Whether a step applies (skipped when false)."""
Args = Callable[["FlowContext"], dict[str, Any]]
"""Builds adapter arguments from the context."""
OnResult = Callable[["FlowContext", dict[str, Any]], "Stop | None"]
"""Reads a back-end answer into ``ctx.fields`` / ``ctx.values``; may stop the flow."""


@dataclass(frozen=True)
class Step:
    """Base of all steps."""

    id: str
    """Step id, also the text key of its prompt."""
    when: When | None = None
    """Run only when this is true (``None``: always)."""


@dataclass(frozen=True)
class CardStep(Step):
    """Ask for the ID card (skipped when the card is already on the reader)."""


@dataclass(frozen=True)
class DeviceStep(Step):
    """Face check, fingerprint or ID photo: the user acts, the device answers."""

    device: Literal["face", "photo", "finger"] = "face"
    op: str = "verify"
    args: Args | None = None


@dataclass(frozen=True)
class SlotStep(Step):
    """Ask for a typed value (plate, ID number, phone) by voice or keys, then read it back."""

    slot: str = ""
    type: SlotType = "plate_number"
    readback: bool = True


@dataclass(frozen=True)
class ChoiceStep(Step):
    """Ask to choose one option (``options`` names a set in the flow's YAML ``options:``)."""

    slot: str = ""
    options: str = ""


@dataclass(frozen=True)
class CheckStep(Step):
    """Apply a pure rule; stop the flow when it says so."""

    check: Check | None = None


@dataclass(frozen=True)
class PriceStep(CheckStep):
    """Set the fee from the flow's fee table (``fee: {slot: {value: yuan}}`` in its YAML)
    by the answer in ``slot``.  ``values`` are the answers that can reach this step: each
    needs a price (``kiosk intents lint`` checks it); an answer without one ends the flow
    before any payment."""

    slot: str = ""
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class CallStep(Step):
    """Call a back end and wait (``commit``: this submits the paid transaction)."""

    adapter: str = ""
    op: str = ""
    args: Args | None = None
    on_result: OnResult | None = None
    commit: bool = False
    answers: tuple[tuple[str, str], ...] = ()
    """Keys that answer while the user is waited for (``(("2", "no_permit"),)``): the key
    ends the step with the :class:`Stop` named by the meaning (its text and ``redirected``)."""


@dataclass(frozen=True)
class InformStep(Step):
    """Say the text ``id`` (formatted with the context) and go on.

    With ``each``: say it once per item of the list ``ctx.values[each]`` (dicts), with the
    item's values as placeholders; for an item value ``v`` of key ``k``, ``{k_text}`` is
    the flow's text ``k_v`` when there is one ("reason": "points_limit" → the text
    ``reason_points_limit`` as ``{reason_text}``)."""

    each: str = ""


@dataclass(frozen=True)
class ConfirmStep(Step):
    """Read the summary ``id`` (fee included) and ask for an explicit yes.

    ``declinable``: an offer ("现在就缴这两条吗？") — no is a fine answer: the steps after
    it that need the yes are skipped (``when=accepted``) and the flow goes on."""

    declinable: bool = False
    offers: str = ""
    """The service whose action this offer is, when not the flow's own ("pay_now" of the
    violation look-up offers ``traffic.fine_payment``): asking for that service is a yes."""


def accepted(ctx: FlowContext) -> bool:
    """The offer of a declinable :class:`ConfirmStep` was not turned down."""
    return not ctx.values.get("declined")


def declined(ctx: FlowContext) -> bool:
    return bool(ctx.values.get("declined"))


@dataclass(frozen=True)
class PayStep(Step):
    """Take ``ctx.amount`` yuan by QR code (skipped when the amount is 0).

    The next ``CallStep`` with ``commit=True`` is journaled with the order, so a kiosk
    restarted after a crash can finish the submission (or refund)."""


@dataclass(frozen=True)
class PrintStep(Step):
    """Print the receipt; a printer failure does not fail the transaction."""

    lines: Callable[[FlowContext], list[str]] | None = None


@dataclass(frozen=True)
class FinishStep(Step):
    """Say what happens next (text ``id``) and end the session as completed."""


@dataclass(frozen=True)
class Flow:
    """One self-service transaction."""

    name: str
    """Intent name (DESIGN.md catalogue)."""
    steps: tuple[Step, ...]
    device: str = ""
    """Kiosk terminal it needs (``household``, ``exit_entry``, ``traffic``, ``photo``)."""

    def text_keys(self) -> set[str]:
        """Text keys the flow's YAML must define (prompts of asking and saying steps)."""
        return {s.id for s in self.steps if not isinstance(s, CheckStep | CallStep | PrintStep)}


@dataclass
class FlowContext:
    """Everything a running flow knows; wiped when the session ends."""

    flow: str
    """Intent name of the flow."""
    txn_id: str
    """Transaction id (journal key; payment and submission are idempotent by it)."""
    today: Any
    """The date rules are applied on (``datetime.date``)."""
    fee: float = 0.0
    """Fee of the service in yuan (from the flow's YAML)."""
    amount: float = 0.0
    """What the user will pay in yuan (fee, or fines plus late fees)."""
    index: int = -1
    """Index of the current step."""
    card: IdCard | None = None
    values: dict[str, Any] = field(default_factory=dict)
    """Answers: slot values and choices by slot name."""
    data: dict[str, Any] = field(default_factory=dict)
    """Back-end answers by step id."""
    fields: dict[str, Any] = field(default_factory=dict)
    """Placeholders for the texts (``{fee}``, ``{until}`` ...)."""
    history: list[int] = field(default_factory=list)
    """Indices of the answered question steps, for "back"."""
    retries: dict[str, int] = field(default_factory=dict)
    """Device attempts by step id."""
    order_id: str | None = None
    order_attempt: int = 0
    paid: bool = False
    committed: bool = False
    """True once the paid transaction was submitted: it can no longer be cancelled."""
    question: str = ""
    """Which yes/no question is open in ``confirm`` (``confirm`` or ``pay_retry``)."""
    pending_value: str | None = None
    """A slot value waiting for read-back confirmation."""
    heard_back: set[str] = field(default_factory=set)
    """Slots whose value the user confirmed already ("您是要查交通违法记录，车牌浙L66666，对吗？"
    — "对"): not read back again."""
    digits: str = ""
    """Keys typed so far in a digit slot."""
    refused: str = ""
    """The digits of a number just refused (a wrong check digit): "最后一位是一" mends it."""
    piece: str = ""
    """The first part of a number said in pieces, one breath at a time ("三三零九零二……",
    "浙L一二……"): the next part is said after it (:meth:`FlowEngine.number_piece`)."""
