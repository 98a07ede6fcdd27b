"""The dialog state machine, as plain data for :mod:`transitions`.

States are what the kiosk is waiting for; triggers are named after what the dialog does
next (``ask_card``, ``cancel``, ``time_out`` ...).  The same dicts drive the runtime
machine and the graph test that proves every state can reach ``ended`` by ``cancel`` and
by ``time_out``.
"""

from __future__ import annotations

from typing import Any

MENU_STATES: tuple[str, ...] = ("menu", "submenu", "confirm_intent", "clarify_intent")
"""Choosing a service."""
STEP_STATES: tuple[str, ...] = (
    "card", "face", "photo", "finger", "slot", "readback", "choice", "confirm", "payment", "busy",
)
"""Inside a flow: waiting for the card, a device, an answer, a payment, or a back end."""
GUIDE_STATES: tuple[str, ...] = ("guide_offer", "reading", "browse")
"""After a guide answer: the offer to read it in full; reading it section by section."""
HELP_STATES: tuple[str, ...] = ("offer_staff", "still_there", "waiting_staff")
"""Escalation: offering a person; checking the user is still there; keeping the user
company until the staff member called for them arrives."""
FINAL_STATE = "ended"
ACTIVE_STATES: tuple[str, ...] = MENU_STATES + GUIDE_STATES + STEP_STATES + HELP_STATES
STATES: tuple[str, ...] = (*ACTIVE_STATES, FINAL_STATE)

PROMPTING_STATES: tuple[str, ...] = MENU_STATES + GUIDE_STATES + STEP_STATES + HELP_STATES
"""States whose entry speaks the current prompt and opens a ``Listen``."""

RESUMABLE: tuple[str, ...] = MENU_STATES + GUIDE_STATES + STEP_STATES
"""States a user can come back to after "还在吗？" or an offer of staff."""


def state_dicts(on_enter: str, on_end: str) -> list[dict[str, Any]]:
    """State definitions; entering a prompting state calls ``on_enter`` on the model."""
    out: list[dict[str, Any]] = [{"name": s, "on_enter": on_enter} for s in PROMPTING_STATES]
    out.append({"name": FINAL_STATE, "on_enter": on_end, "final": True})
    return out


def transition_dicts(resume_condition: str) -> list[dict[str, Any]]:
    """All transitions.  ``resume_condition`` names the model method choosing the target."""
    active = list(ACTIVE_STATES)
    out: list[dict[str, Any]] = [
        {"trigger": f"ask_{s}", "source": active, "dest": s}
        for s in MENU_STATES + GUIDE_STATES + STEP_STATES
    ]
    out += [
        {"trigger": "offer_help", "source": list(RESUMABLE), "dest": "offer_staff"},
        {"trigger": "check_presence", "source": [*RESUMABLE, "offer_staff"], "dest": "still_there"},
        {"trigger": "time_out", "source": [*RESUMABLE, "offer_staff"], "dest": "still_there"},
        {"trigger": "time_out", "source": ["still_there", "waiting_staff"], "dest": FINAL_STATE},
        {"trigger": "wait_staff", "source": active, "dest": "waiting_staff"},
        {"trigger": "cancel", "source": active, "dest": FINAL_STATE},
        {"trigger": "finish", "source": active, "dest": FINAL_STATE},
    ]
    out += [
        {"trigger": "resume", "source": list(HELP_STATES), "dest": s,
         "conditions": resume_condition}
        for s in RESUMABLE
    ]
    return out
