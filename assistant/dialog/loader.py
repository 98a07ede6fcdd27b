"""Load the flow texts and build a :class:`Dialog` with all flows."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.dialog.core import Dialog, DialogConfig, GuideAnswerer
from assistant.dialog.flows import FLOWS
from assistant.dialog.keypad import DEFAULT_KEYPAD, Keypad, load_keypad
from assistant.dialog.progress import STAGES
from assistant.dialog.steps import ChoiceStep
from assistant.dialog.texts import FlowTexts, load_flow_texts
from assistant.errors import DataFileError, Problem

if TYPE_CHECKING:
    from assistant.nlu.intents import IntentSet
    from assistant.nlu.types import Understander

COMMON_REQUIRED: frozenset[str] = frozenset(
    {
        "at_menu", "backend_failed", "busy", "cancelled", "cannot_undo", "card_read",
        "card_read_menu", "card_removed", "card_unreadable", "clarify_intent",
        "confirm_intent", "confirm_intent_no", "digits_cleared", "emergency", "face_failed",
        "face_retry", "faster", "faster_limit", "finger_failed", "finger_retry",
        "flow_start", "going_back", "goodbye", "greeting", "help", "key_not_used", "louder",
        "louder_limit", "menu", "no_site", "noinput_1", "nomatch_1", "not_now",
        "not_submitted", "offer_staff", "option", "out_of_scope", "paid", "pay_cancelled",
        "pay_creating", "pay_failed", "pay_timeout", "payment_unavailable", "photo_failed",
        "photo_retry", "please_wait", "print_failed", "printing", "quieter",
        "quieter_limit", "readback", "redirect", "refunded", "reply_info", "slot_again",
        "slot_invalid", "slower", "slower_limit", "staff_called", "start_over",
        "still_there", "submenu", "take_card", "timed_out", "yes_no_keys", "you_can",
        "guide_offer", "guide_offer_all", "guide_offer_keys", "guide_offer_no",
        "reading_heading", "reading_keys", "reading_keys_short", "reading_last",
        "reading_at_last", "reading_at_first", "reading_no_section", "reading_stopped",
        "staff_wait_keys", "staff_coming", "staff_already_called", "staff_go_on",
        "staff_arrived", "staff_wait_over", "take_time", "take_time_reminder", "where_menu",
        "where_step", "where_rest", "direction", "redirect_here",
        "switch_confirm", "switch_no", "menu_short", "browse_categories", "browse_guides",
        "browse_guides_more", "browse_more_title", "browse_back", "browse_other",
        "browse_unavailable", "confirm_guide", "aspect_overview",
        *(f"stage_{s}" for s in STAGES),
    }
)
"""Texts of ``common.yaml`` the code uses unconditionally."""


def load_texts(directory: Path | None = None) -> FlowTexts:
    """Load ``intents/flows/`` and check it has every text and option set the flows use."""
    required: dict[str, set[str]] = {"common": set(COMMON_REQUIRED)}
    for name, flow in FLOWS.items():
        required[name] = flow.text_keys()
    texts = load_flow_texts(directory, required=required, known_flows=set(FLOWS))
    problems: list[Problem] = []
    for name, flow in FLOWS.items():
        spec = texts.flows[name]
        for step in flow.steps:
            if isinstance(step, ChoiceStep) and not spec.options.get(step.options):
                problems.append(Problem.at(spec.path, 0, 0,
                                           f"option set '{step.options}' is missing or empty",
                                           f"add 'options: {step.options}: ...' with 2+ options"))
    if problems:
        raise DataFileError(problems)
    return texts


def new_dialog(
    texts: FlowTexts,
    *,
    nlu: Understander | None,
    today: date,
    session_id: str = "s1",
    config: DialogConfig | None = None,
    intents: IntentSet | None = None,
    guide_answers: GuideAnswerer | None = None,
    keypad: Keypad | None = None,
) -> Dialog:
    """A fresh session over all flows (``keypad``: default ``intents/keypad.yaml``)."""
    return Dialog(texts, FLOWS, nlu=nlu, today=today, session_id=session_id, config=config,
                  intents=intents, guide_answers=guide_answers,
                  keypad=keypad if keypad is not None else current_keypad())


_last_good_keypad: list[Keypad] = []


def current_keypad() -> Keypad:
    """``intents/keypad.yaml`` as it is now; when staff broke it, the last good map (or the
    default) with the problems on stderr — the kiosk keeps running."""
    try:
        keypad = load_keypad()
    except DataFileError as exc:
        print(f"kiosk: keypad.yaml not used: {exc} — fix it (kiosk intents lint); using "
              "the last good keypad", file=sys.stderr)
        return _last_good_keypad[-1] if _last_good_keypad else DEFAULT_KEYPAD
    _last_good_keypad[:] = [keypad]
    return keypad
