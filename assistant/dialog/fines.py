"""Fines with points (issue 14): a camera violation that carries points is paid only once
it is assigned to a driving licence — the card holder's own by default ("是我开的"); "不是我
开的" sends those records to the window (the driver comes with the licence), and so does a
licence whose points would reach 12.  Point-free violations are paid by the plate alone.

Used by the fine payment and by the violation query's offer to pay (:mod:`flows`): the
steps are :func:`points_steps`; words in the flows' YAML (``driver``, ``points_*``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.dialog.steps import (
    CallStep,
    CardStep,
    CheckStep,
    ChoiceStep,
    FlowContext,
    InformStep,
    Step,
    Stop,
    When,
)
from assistant.domain import rules
from assistant.domain.money import amount_text


def late_fees(records: Iterable[dict[str, Any]]) -> float:
    """The late fees of ``records`` (violation records), together."""
    return sum(float(v.get("late_fee", 0)) for v in records)


def set_payable(ctx: FlowContext, payable: list[dict[str, Any]]) -> None:
    """The records that will be paid here: ids, amount and the spoken numbers."""
    fine = sum(float(v["fine"]) for v in payable)
    late = late_fees(payable)
    ctx.values["payable"] = [dict(v) for v in payable]
    ctx.values["violation_ids"] = [v["id"] for v in payable]
    ctx.amount = fine + late
    ctx.fields.update(count=len(payable), fine=amount_text(fine), late=amount_text(late),
                      amount=amount_text(fine + late),
                      points_add=sum(int(v["points"]) for v in payable))


def _point_records(ctx: FlowContext) -> list[dict[str, Any]]:
    """Records payable here that carry points (before any was left for the window)."""
    return [v for v in ctx.values.get("payable_all", ()) if int(v.get("points", 0)) > 0]


def has_points(ctx: FlowContext) -> bool:
    """Some record to be paid carries points: it must be assigned to a licence first."""
    return bool(_point_records(ctx))


def _own_licence(ctx: FlowContext) -> bool:
    return has_points(ctx) and ctx.values.get("driver") == "self"


def _card_args(ctx: FlowContext) -> dict[str, Any]:
    return {"id_number": ctx.card.number if ctx.card is not None else ""}


def _licence_result(ctx: FlowContext, data: dict[str, Any]) -> Stop | None:
    ctx.values["licence_points"] = int(data.get("points", 0)) if data.get("has_licence") \
        else None
    return None


def _assign(ctx: FlowContext) -> Stop | None:
    """Assign the point records to the card holder's licence, or leave them for the window
    (not the driver, no licence, or 12 points reached); the point-free ones stay payable."""
    records = _point_records(ctx)
    add = sum(int(v["points"]) for v in records)
    have = ctx.values.get("licence_points")
    if ctx.values.get("driver") != "self":
        reason = "not_driver"
    elif have is None:
        reason = "no_licence"
    elif int(have) + add >= rules.POINTS_LIMIT:
        reason = "full"
    else:
        ctx.values["driver_id"] = _card_args(ctx)["id_number"]
        ctx.values.pop("points_left", None)
        ctx.fields.update(have=int(have), add=add)
        set_payable(ctx, list(ctx.values.get("payable_all", ())))
        return None
    ctx.values["points_left"] = reason
    ctx.fields.update(have=int(have or 0), add=add, dropped=len(records))
    keep = [v for v in ctx.values.get("payable_all", ()) if int(v.get("points", 0)) == 0]
    set_payable(ctx, keep)
    return None if keep else Stop(f"points_{reason}", "redirected")


def _left(reason: str) -> When:
    return lambda ctx: ctx.values.get("points_left") == reason


def points_steps(when: When | None = None) -> tuple[Step, ...]:
    """Who drove (asked only when a record to pay carries points), the driver's card and
    licence, the 12-point check; what is left is said before the confirmation.  ``when``:
    only while the fines are being paid (the query's offer was taken)."""
    def both(extra: When) -> When:
        return extra if when is None else (lambda c: when(c) and extra(c))

    return (
        ChoiceStep("driver", slot="driver", options="driver", when=both(has_points)),
        CardStep("card", when=both(_own_licence)),
        CallStep("licence", adapter="traffic", op="licence", args=_card_args,
                 on_result=_licence_result, when=both(_own_licence)),
        CheckStep("assign", check=_assign, when=both(has_points)),
        InformStep("points_not_driver", when=both(_left("not_driver"))),
        InformStep("points_no_licence", when=both(_left("no_licence"))),
        InformStep("points_full", when=both(_left("full"))),
        InformStep("points_rest", when=both(lambda c: bool(c.values.get("points_left")))),
    )
