"""Groups of intent names the dialog treats alike (commands, answers, information)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.nlu.types import Match

UNIVERSAL = (
    "repeat", "back", "cancel", "help", "call_staff", "emergency",
    "slower", "faster", "louder", "quieter", "start_over", "take_time", "where_am_i",
)
"""Commands accepted in every state (``start_over`` is recognised from ``common.yaml``)."""
INFO_INTENTS = ("kiosk.locations", "kiosk.hours", "kiosk.about", "guide.ask", "greet")
"""Questions answered in place (the session goes on)."""
BYE_INTENTS = ("thanks", "goodbye")
SOCIAL_INTENTS = ("greet", "thanks", "goodbye")
"""Politeness: answered when weakly heard, never asked about ("您是要道谢吗？")."""
ANSWER_INTENTS = ("yes", "no", "next", "previous")
"""Answers to a question, never a request of their own."""
SWITCHABLE = ("card", "slot", "readback", "choice", "confirm")
"""Flow states in which asking for another service offers to switch to it."""
HK_MACAU, TAIWAN = "exit_entry.endorse_hk_macau", "exit_entry.endorse_taiwan"
_PLACE_HINT = ("港", "澳", "香", "台")
"""Characters that tell which endorsement an utterance is about."""


_ON_ONES_OWN = re.compile(r"自己去|自家去|一个人去|自己一个人|个人游|个人旅游|自由行|自己玩"
                         r"|不跟团|勿跟团|不报团|不参团")
"""Words of a trip on one's own, not with a tour group."""


def taiwan_on_ones_own(match: Match) -> bool:
    """A Taiwan endorsement asked for a trip on one's own ("我想去台湾玩，自己一个人去，这里签
    得了伐"): suspended — said before anything else (the flow's ``team_only`` text)."""
    read = match.intent == TAIWAN or (  # or one of the two the kiosk would ask between
        str(match.decision) == "clarify" and TAIWAN in [c.intent for c in match.candidates[:2]])
    return read and _ON_ONES_OWN.search(match.normalized) is not None


def candidate_item(candidate: tuple[str, dict[str, Any]]) -> tuple[str, bool]:
    """``(what "您是要……吗？" is about, whether it asks about a guide)``: the candidate's
    intent, or for "您是想问……吗？" the guide or service the question is about ("" when it
    names none)."""
    intent, slots = candidate
    if intent != "guide.ask":
        return intent, False
    return str(slots.get("guide") or slots.get("service") or ""), True


def endorsement_unclear(match: Match) -> bool:
    """An endorsement request that names neither Hong Kong/Macau nor Taiwan (nor a tour)."""
    if match.intent not in (HK_MACAU, TAIWAN):
        return False
    return not any(h in match.normalized for h in _PLACE_HINT) and "tour" not in match.slots
