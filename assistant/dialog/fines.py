"""Fines with points (issue 14): a camera violation that carries points is paid only once
it is assigned to a driving licence — the card holder's own by default ("是我开的"); "不是我
开的" sends those records to the window (the driver comes with the licence), and so does a
licence whose points would reach 12.  Point-free violations are paid by the plate alone.

Used by the fine payment and by the violation query's offer to pay (:mod:`flows`): the
steps are :func:`points_steps`; words in the flows' YAML (``driver``, ``points_*``).
"""

from __future__ import annotations

import re
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
from assistant.nlu.numbers import chinese_to_int


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


_WHAT_RECORD = re.compile(r"啥事体|啥事|什么事|怎么回事|哪能回事|为啥|为什么|啥违章|什么违章"
                          r"|哪几条|哪条|是啥|是什么|犯了啥|犯了什么|啥个|啥名堂|什么名堂")
"""A question about what a record is ("这个一千块的是啥事体", "那条是怎么回事")."""
_AMOUNT = re.compile(r"([零一二两三四五六七八九十百千\d]+)(?:块|元|块钱|的)")
"""An amount said ("一千块", "两百五十元", "150的")."""


def records_asked(ctx: FlowContext, text: str) -> list[dict[str, Any]]:
    """The violation records of this look-up a question is about: those whose fine ``text``
    says ("一千块的是啥事体"), else all of them when it asks what they are ("哪几条违章",
    "为啥要罚") — each with ``window`` (it must go to the window); ``[]`` when ``text`` asks
    about none (or nothing was looked up)."""
    said = "".join(text.split())
    if not _WHAT_RECORD.search(said):
        return []
    payable = [dict(v, window=False) for v in ctx.values.get("payable_all", [])]
    window = [dict(v, window=True) for v in ctx.values.get("window_items", [])]
    records = payable + window
    amounts = {n for m in _AMOUNT.finditer(said) if (n := chinese_to_int(m.group(1)))}
    if amounts:
        return [v for v in records if _fine(v) in amounts]
    return records


def _fine(record: dict[str, Any]) -> int:
    """A record's fine in whole yuan (window items keep it spoken: "1000")."""
    try:
        return int(float(str(record.get("fine", 0))))
    except ValueError:
        return -1
