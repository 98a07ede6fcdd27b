"""Load the flow texts and build a :class:`Dialog` with all flows."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import file_stamp, intents_dir
from assistant.dialog.core import Dialog, DialogConfig, GuideAnswerer
from assistant.dialog.flows import FLOWS
from assistant.dialog.keypad import DEFAULT_KEYPAD, KEYPAD_FILE, Keypad, load_keypad
from assistant.dialog.progress import STAGES
from assistant.dialog.steps import ChoiceStep, PriceStep
from assistant.dialog.texts import FlowTexts, MenuGroup, Site, TextFile, load_flow_texts
from assistant.errors import DataFileError, Problem

if TYPE_CHECKING:
    from assistant.nlu.intents import IntentSet
    from assistant.nlu.types import Understander

COMMON_REQUIRED: frozenset[str] = frozenset(
    {
        "at_menu", "backend_failed", "busy", "cancelled", "cannot_undo", "card_read",
        "card_read_menu", "card_removed", "card_unreadable", "clarify_intent",
        "confirm_intent", "confirm_intent_no", "confirm_intent_value", "digits_cleared",
        "emergency", "face_failed",
        "face_retry", "faster", "faster_limit", "finger_failed", "finger_retry",
        "flow_start", "going_back", "goodbye", "greeting", "help", "key_not_used", "louder",
        "louder_limit", "menu", "no_site", "noinput_1", "nomatch_1", "not_now",
        "not_submitted", "offer_staff", "option", "out_of_scope", "paid", "pay_cancelled",
        "pay_creating", "pay_failed", "pay_not_yet", "pay_other_ways", "pay_timeout",
        "payment_unavailable", "photo_failed",
        "photo_retry", "please_wait", "print_failed", "printing", "quieter", "readback_which",
        "quieter_limit", "readback", "redirect", "refunded", "reply_info", "slot_again",
        "slot_invalid", "slower", "slower_limit", "staff_called", "start_over",
        "still_there", "submenu", "take_card", "timed_out", "yes_no_keys", "you_can",
        "guide_offer", "guide_offer_all", "guide_offer_keys", "guide_offer_no", "guide_offer_start",
        "reading_heading", "reading_keys", "reading_keys_short", "reading_last",
        "reading_at_last", "reading_at_first", "reading_no_section", "reading_stopped",
        "staff_wait_keys", "staff_coming", "staff_already_called", "staff_go_on",
        "staff_arrived", "staff_wait_over", "take_time", "take_time_reminder", "where_menu",
        "where_step", "where_rest", "direction", "redirect_here",
        "switch_confirm", "switch_no", "menu_short", "menu_start_short", "later_noted",
        "later_recalled", "plate_noted", "choice_noted",
        "browse_categories", "browse_guides",
        "browse_guides_more", "browse_more_title", "browse_back", "browse_other",
        "browse_unavailable", "confirm_guide", "aspect_overview", "not_offered",
        "option_fee",
        # listening like a person (issue 12): urgent words, corrections, side questions
        "emergency_medical", "emergency_confirm", "staff_offer", "corrected",
        "choice_changed", "switch_confirm_again", "farewell", "side_amount", "side_photo",
        "side_retake", "side_collect", "read_out", "fault_sorry", "fault_staff", "fault_end",
        "side_delivery", "side_again_confirm", "plate_unregistered", "plate_unknown_again",
        "menu_what", "guide_which",
        "side_continue", "side_options", "plate_letter_where", "plate_letter_where_next",
        "plate_letter_group", "plate_letter_group_item", "plate_letter_pick", "plate_letter_item",
        "plate_retype", "past_event_heard", "option_told", "side_privacy",
        *(f"stage_{s}" for s in STAGES),
    }
)
"""Texts of ``common.yaml`` the code uses unconditionally."""


def load_texts(directory: Path | None = None, *, guides: Path | None = None) -> FlowTexts:
    """Load ``intents/flows/`` and check it has every text, option set and fee the flows
    use.  Services this site does not offer (``guides/site.yaml``, ``guides`` defaults to
    the configured guides folder) are left out of the menu and end before their first
    step with the site file's explanation."""
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
        problems.extend(_fee_problems(flow.steps, spec))
        if spec.device and flow.device and spec.device != flow.device:
            problems.append(Problem.at(
                spec.path, spec.device_line, 1, f"device: {spec.device} is not the terminal of "
                f"'{name}' (its steps use {flow.device})", f"write 'device: {flow.device}'"))
    if problems:
        raise DataFileError(problems)
    _apply_site(texts, guides)
    return texts


FLOWS_SNAPSHOT = "flows.last-good"


def load_kiosk_texts(directory: Path | None = None) -> FlowTexts:
    """:func:`load_texts` for a kiosk that must start: every good set of the flow files is
    copied to ``var/flows.last-good``; when staff broke a file, its problems are printed
    and the kiosk starts with the last good copy (only with none is it an error)."""
    from assistant.config import var_dir
    from assistant.datafile import keep_copy
    from assistant.dialog.texts import flows_dir

    folder = directory or flows_dir()
    snapshot = var_dir() / FLOWS_SNAPSHOT
    files = sorted(folder.glob("*.yaml"))
    try:
        texts = load_texts(folder)
    except DataFileError as exc:
        if not (snapshot / "common.yaml").is_file():
            raise
        print(f"kiosk: the flow texts are broken, starting with the last good copy — fix "
              f"them (kiosk check):\n{exc}", file=sys.stderr)
        return load_texts(snapshot)
    keep_copy(files, folder, snapshot,
              stamp=repr(tuple((f.name, *file_stamp(f)) for f in files)))
    return texts


def _fee_problems(steps: tuple[object, ...], spec: TextFile) -> list[Problem]:
    """A fee table needs a price step on its answer, with a price for every answer that
    reaches it; a price step needs a table."""
    prices = [s for s in steps if isinstance(s, PriceStep)]
    at = (spec.path, spec.fee_line, 1)
    if spec.fee_by and not any(p.slot == spec.fee_by for p in prices):
        return [Problem.at(*at, f"the fee depends on '{spec.fee_by}', which this flow does "
                           "not ask", "write one fee ('fee: 20') or a table by an answer "
                           "the flow asks")]
    out: list[Problem] = []
    for step in prices:
        if spec.fee_by != step.slot:
            out.append(Problem.at(*at, f"the fee of this flow depends on '{step.slot}'",
                                  f"write 'fee: {{{step.slot}: {{"
                                  + ", ".join(f"{v}: …" for v in step.values) + "}}'"))
            continue
        missing = [v for v in step.values if v not in spec.fees]
        if missing:
            out.append(Problem.at(*at, f"no fee for {', '.join(missing)}",
                                  f"add '{missing[0]}: <yuan>' to the fee table"))
    return out


def _apply_site(texts: FlowTexts, guides: Path | None) -> None:
    from assistant.config import guides_dir
    from assistant.dialog.directions import load_payment, load_sites
    from assistant.dialog.paying import PaySetup
    from assistant.guides.site import not_offered_here

    methods, where = load_payment(guides or guides_dir())
    texts.payment = PaySetup(methods, where)
    texts.sites = tuple(Site(name, address, kinds)
                        for name, address, kinds in load_sites(guides or guides_dir()))
    off = {k: v for k, v in not_offered_here(guides or guides_dir()).items()
           if k in texts.flows}
    texts.not_offered = off
    menu: list[MenuGroup] = []
    for group in texts.menu:
        items = tuple(i for i in group.items if i not in off)
        if group.id in off or (group.items and not items):
            continue  # not offered here, or a sub-menu left empty (it would read as a service)
        menu.append(MenuGroup(group.id, group.title, items))
    texts.menu = tuple(menu)


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
_keypad_seen: dict[Path, tuple[tuple[int, int], Keypad]] = {}


def current_keypad() -> Keypad:
    """``intents/keypad.yaml`` as it is now (parsed again only when the file changed);
    when staff broke it, the last good map (or the default) with the problems on stderr —
    the kiosk keeps running."""
    path = intents_dir() / KEYPAD_FILE
    stamp = file_stamp(path)
    seen = _keypad_seen.get(path)
    if seen is not None and seen[0] == stamp:
        return seen[1]
    try:
        keypad = load_keypad()
    except DataFileError as exc:
        print(f"kiosk: keypad.yaml not used: {exc} — fix it (kiosk intents lint); using "
              "the last good keypad", file=sys.stderr)
        keypad = _last_good_keypad[-1] if _last_good_keypad else DEFAULT_KEYPAD
    else:
        _last_good_keypad[:] = [keypad]
    _keypad_seen[path] = (stamp, keypad)
    return keypad
