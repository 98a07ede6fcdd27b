"""Slot values in ``kiosk bench conversations``: which slots a goal may give, how the
arguments of an operation map to them, how two values compare and how one is shown.

The judging rules are in ``tests/data/conversations/BENCH.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.dialog.texts import FlowTexts

ANY_FLOW_SLOTS = frozenset({"id_number", "amount"})
"""Slots every service goal may give (the card holder's ID number, the amount paid)."""
FORCED_SLOTS: dict[str, frozenset[str]] = {
    "exit_entry.endorse_taiwan": frozenset({"tour", "times"})}
"""Slots a flow sets by rule without asking (赴台: team tour, one trip)."""
PARAM_SLOTS = {"plate": "plate_number", "plate_number": "plate_number", "id_number": "id_number",
               "delivery": "delivery", "reason": "reason", "tour": "tour", "times": "times",
               "purpose": "purpose", "driver": "driver", "amount": "amount"}
"""Operation argument → slot name (``plate`` of the traffic back end is ``plate_number``)."""
OBSERVED_SLOTS = frozenset(PARAM_SLOTS.values())
"""The slots the bench can see (in the dialog's values or an operation's arguments); a goal
may give no other."""


def known_slots(flow: str) -> frozenset[str]:
    """Slot names a service goal of ``flow`` may give: the flow's questions and choices
    (:data:`assistant.dialog.flows.FLOWS`) that the bench observes, the ID number and the
    amount."""
    from assistant.dialog.flows import FLOWS

    spec = FLOWS.get(flow)
    steps = spec.steps if spec is not None else ()
    asked = {str(getattr(s, "slot", "")) for s in steps} & OBSERVED_SLOTS
    return frozenset(asked) | ANY_FLOW_SLOTS | FORCED_SLOTS.get(flow, frozenset())


def choice_values(flow: str, texts: FlowTexts) -> dict[str, frozenset[str]]:
    """Slot → every value the kiosk can give it in ``flow``: the option ids of a choice
    (from the flow's text file) and the answers a price step takes (``expired``, set by
    rule).  Slots the citizen says freely (plate, ID number) are not in it."""
    from assistant.dialog.flows import FLOWS
    from assistant.dialog.steps import ChoiceStep, PriceStep

    spec, text = FLOWS.get(flow), texts.flows.get(flow)
    out: dict[str, set[str]] = {}
    for step in spec.steps if spec is not None else ():
        if isinstance(step, ChoiceStep) and text is not None:
            out.setdefault(step.slot, set()).update(
                o.id for o in text.options.get(step.options, ()))
        elif isinstance(step, PriceStep):
            out.setdefault(step.slot, set()).update(step.values)
    return {k: frozenset(v) for k, v in out.items() if v}


def slot_values(params: Any) -> dict[str, Any]:
    """The slot values among an operation's arguments (``plate`` → ``plate_number``; an
    amount as a float; empty and non-scalar values left out)."""
    out: dict[str, Any] = {}
    if isinstance(params, dict):
        for key, value in params.items():
            slot = PARAM_SLOTS.get(str(key))
            if slot is not None and isinstance(value, str | int | float) and value != "":
                out[slot] = float(value) if slot == "amount" else value
    return out


def same_value(key: str, want: Any, got: Any) -> bool:
    """Whether slot ``key`` has the value ``want`` (plates compare without spaces and case,
    amounts to the fen, everything else as text)."""
    if key == "amount":
        try:
            return abs(float(want) - float(got)) < 0.005
        except (TypeError, ValueError):
            return False
    if key == "plate_number":
        return "".join(str(want).split()).upper() == "".join(str(got).split()).upper()
    return str(want) == str(got)


def shown(key: str, value: Any) -> str:
    """A slot value for a report (an ID number masked)."""
    if key == "id_number":
        from assistant.privacy import mask_id_number

        return mask_id_number(str(value))
    return str(value)


def values_text(values: Mapping[str, Any]) -> str:
    """``key=value`` pairs for a report, in the order given (ID numbers masked)."""
    return " ".join(f"{k}={shown(k, v)}" for k, v in values.items())
