"""Posting the new document (issue 14): the address it goes to and the mobile the SMS goes
to are read back — masked, the district and the road only, the last four digits — and
"不是这个地址 / 搬家了" changes the delivery to collecting it at the window (a new address is
registered at the window, or with the staff member the user can call).

Steps: :func:`delivery_steps`; words: the flow's ``delivery`` / ``address`` options and the
texts ``contact``, ``address``, ``address_moved`` (``common.yaml`` has the shared ones).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.dialog.steps import (
    CallStep,
    CheckStep,
    ChoiceStep,
    FlowContext,
    InformStep,
    Step,
    Stop,
)

FOLLOW_UP = frozenset({"contact", "address", "moved", "address_moved"})
"""Ids of the steps that follow the delivery choice (a change of it at the confirmation
runs them again, or skips them when the document is collected)."""
_DISTRICT = re.compile(r"(?P<district>[^省市区县]+[区县])")
_ROAD = re.compile(r"(?P<road>.+?(?:大道|路|街|巷|弄))(?=\d|号|$)")


def mask_address(address: str) -> str:
    """"浙江省舟山市普陀区沈家门街道东河路9号" → "普陀区沈家门街道东河路": the district and
    the road, never the house number (said aloud in a public booth)."""
    text = "".join(address.split())
    m = _DISTRICT.search(text)
    if m is None:
        return ""
    district, rest = m.group("district"), text[m.end():]
    road = _ROAD.match(rest)
    return district + (road.group("road") if road else "")


def _posting(ctx: FlowContext) -> bool:
    return ctx.values.get("delivery") == "post"


def _id_args(ctx: FlowContext) -> dict[str, Any]:
    number = ctx.card.number if ctx.card is not None else str(ctx.values.get("id_number", ""))
    return {"id_number": number}


def _contact(ctx: FlowContext, data: dict[str, Any]) -> Stop | None:
    where = mask_address(str(data.get("address") or "")) if data.get("found") else ""
    mobile = str(data.get("mobile") or "")
    if not where:  # nothing registered to post to: collect it
        ctx.values["address"] = "none"
        return None
    ctx.fields["where"] = where
    ctx.fields["last4"] = mobile[-4:] if len(mobile) >= 4 else ""
    ctx.values.pop("address", None)
    return None


def _ask_address(ctx: FlowContext) -> bool:
    return _posting(ctx) and ctx.values.get("address") != "none"


def _moved(ctx: FlowContext) -> Stop | None:
    """"搬家了": collect it at the window instead of posting it."""
    if ctx.values.get("address") in ("moved", "none"):
        ctx.values["delivery"] = "collect"
        ctx.fields["delivery"] = "collect"
        title = ctx.fields.get("delivery_title_collect")
        if title:
            ctx.fields["delivery_title"] = title
    return None


def delivery_steps(adapter: str) -> tuple[Step, ...]:
    """How to get the new document; when posted, the read-back of address and mobile."""
    return (
        ChoiceStep("delivery", slot="delivery", options="delivery"),
        CallStep("contact", adapter=adapter, op="contact", args=_id_args, on_result=_contact,
                 when=_posting),
        ChoiceStep("address", slot="address", options="address", when=_ask_address),
        CheckStep("moved", check=_moved, when=_posting),
        InformStep("address_moved",
                   when=lambda c: c.values.get("address") in ("moved", "none")),
    )
