"""Reading the e-permit before an endorsement (issue 14): the chip says the permit's type,
holder, expiry and endorsements; the machine refuses, with the reason and where to go,
what it cannot do — a first permit ("我没有通行证"), an expired permit, an old booklet
permit or a permit of another region, someone else's permit (state staff are refused by the
back end afterwards).  Texts ``permit``, ``permit_*`` of the endorsement flows.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from assistant.dialog.states import State
from assistant.dialog.steps import CallStep, FlowContext, Stop
from assistant.nlu.normalize import WU_NOT

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog

KINDS = {"hk_macau": "hk_macau_e", "taiwan": "taiwan_e"}
"""Region of the flow → the electronic permit it needs."""
FIRST_PERMIT_WORDS = ("第一次办", "还没有办过", "从来没办过", "没办过通行证", "头一次")
"""Words of never having had a permit (a first application, at the window)."""
NO_PERMIT_WORDS = ("没有通行证", "没通行证", "没有港澳通行证", "没有台湾通行证",
                   *FIRST_PERMIT_WORDS)
LEFT_AT_HOME = re.compile(r"(?:没|忘记|忘了|忘)(?:带|拿)|(?:落|放|摆|丢)在(?:家|屋)里|在(?:家|屋)里"
                          r"|(?:没|勿|不)在身边")
"""The permit exists but is not here ("我通行证没带，在家里"): come back with it — not the
first application's window."""


def _cn_date(value: str) -> str:
    d = date.fromisoformat(value)
    return f"{d.year}年{d.month}月{d.day}日"


def _check(region: str) -> Any:
    def result(ctx: FlowContext, data: dict[str, Any]) -> Stop | None:
        if not data.get("present"):
            return Stop("not_no_permit", "redirected")
        kind = str(data.get("kind", ""))
        if kind.endswith("_book"):
            return Stop("permit_book", "redirected")
        if kind != KINDS[region]:
            return Stop("permit_other_region", "redirected")
        number = ctx.card.number if ctx.card is not None else ""
        if number and str(data.get("holder", "")).upper() != number.upper():
            return Stop("permit_not_yours", "redirected")
        until = str(data.get("valid_until", ""))
        if until and date.fromisoformat(until) < ctx.today:
            ctx.fields["until"] = _cn_date(until)
            return Stop("not_permit_expired", "redirected")
        ctx.values["permit_no"] = data.get("number")
        return None
    return result


def read_step(region: str) -> CallStep:
    """Put the permit on the reader; it is read and checked (waits for the user)."""
    return CallStep("permit", adapter="permit", op="read", on_result=_check(region),
                    answers=(("2", "not_no_permit"),))


def on_text(d: Dialog, text: str) -> bool:
    """"我没有通行证，第一次办" while the reader waits: the first permit is a window matter."""
    ctx = d.ctx
    if ctx is None or d.state != State.BUSY or d.engine.step.id != "permit":
        return False
    said = "".join(text.split())
    if LEFT_AT_HOME.search(said.translate(WU_NOT)) and not any(
            w in said for w in FIRST_PERMIT_WORDS):
        d.heard_intent = "no_permit"  # "通行证没带，在家里": nothing done, nothing charged
        d.engine.stop_flow(Stop("permit_at_home", "cancelled"))
        return True
    if not any(w in said for w in NO_PERMIT_WORDS) and said not in ("没有", "没有的", "没有啊"):
        return False
    d.heard_intent = "no_permit"
    d.engine.stop_flow(Stop("not_no_permit", "redirected"))
    return True
