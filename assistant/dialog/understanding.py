"""What the user said, in the state the dialog is in: text → an answer, a command, a
service, or "not understood".

Words of ``common.yaml`` first (exact commands and yes/no), then the options of the
current question, then the intent matcher — restricted to what the state can accept, or
free at the menu.  A clear request for another service in the middle of a flow is offered
as a switch.  A helper of :class:`~assistant.dialog.core.Dialog` (``dialog.understanding``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.dialog import machine as m
from assistant.dialog.actions import Listen
from assistant.dialog.meanings import (
    ANSWER_INTENTS,
    BYE_INTENTS,
    HK_MACAU,
    INFO_INTENTS,
    SWITCHABLE,
    TAIWAN,
    UNIVERSAL,
    endorsement_unclear,
)
from assistant.dialog.words import WordTable, ordinal, parse_yes_no

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog
    from assistant.nlu.types import Match


class Understanding:
    """Turns user text into what it means for ``dialog``."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog

    def on_text(self, text: str, confidence: float | None) -> None:
        d = self.d
        if not text.strip():
            d.no_input()
            return
        if d.state == "reading":
            said = d.reader.command_from_text(text)
            if said is not None:
                d._apply_answer(said)
                return
        word = d.words.lookup(text)
        if word in UNIVERSAL:
            d.commands.run(word)
            return
        state = d.state
        if state == "browse":
            option = self.option_from_text(text)
            if option is not None:
                d._apply_answer(option)
                return
        if state in m.GUIDE_STATES:
            self.on_guide_text(text, confidence)
            return
        if state == "waiting_staff" and parse_yes_no(text, d.words) is not None:
            d._apply_answer("no")  # "继续" / "不用了，我自己来": go on without waiting
            return
        if state in ("confirm_intent", "readback", "confirm", "offer_staff", "still_there"):
            yes = parse_yes_no(text, d.words)
            if yes is not None and self.is_request(text):
                yes = None  # "我要交违章罚款" holds 要 but is a request, not a yes
            if yes is not None:
                d._apply_answer("yes" if yes else "no")
                return
            if state == "confirm_intent" and self.new_request(text, confidence):
                return
            self.understand_restricted(text, confidence, ("yes", "no"))
            return
        if state in ("menu", "submenu", "clarify_intent", "choice"):
            option = self.option_from_text(text)
            if option is not None:
                d._apply_answer(option)
                return
        if state == "slot":
            if d.engine.on_slot_text(text):
                return
            if parse_yes_no(text, d.words) is False and d.ctx is not None:
                # "不对" while giving a number: they are correcting themselves, not failing
                d.ctx.digits = ""
                d.say("slot_again")
                d.reprompt(say=False)
                return
            self.understand_restricted(text, confidence, (), fallback="slot")
            return
        if state == "menu":
            self.understand_menu(text, confidence)
            return
        if state == "clarify_intent" and d.prompt is not None and d.nlu is not None:
            # one of two named options: a weak but clear pick ("港澳的") is enough
            options = d.prompt.listen.options
            match = d.nlu.understand(text, allowed=set(options), asr_confidence=confidence)
            if match.intent in options and str(match.decision) in ("accept", "confirm"):
                d._apply_answer(match.intent)
                return
        if state in ("submenu", "clarify_intent") and d.prompt is not None:
            self.understand_restricted(text, confidence, d.prompt.listen.options)
            return
        self.understand_restricted(text, confidence, ())

    def on_guide_text(self, text: str, confidence: float | None) -> None:
        """An answer to the offer to read a guide, or a command while reading it."""
        d = self.d
        if d.state == "guide_offer":
            yes = parse_yes_no(text, d.words)
            if yes is not None and not self.is_request(text):
                d._apply_answer("yes" if yes else "no")
                return
        else:
            section = d.reader.section_from_text(text)
            if section is not None:
                d._apply_answer(section)
                return
            missing = d.reader.missing_section(text)
            if missing is not None:
                d.heard_intent = missing
                d.no_match(say_key="reading_no_section", name=missing,
                           list=d.reader.listed())
                return
        if d.nlu is None:
            d.no_match()
            return
        extra = ("yes", "no") if d.state == "guide_offer" else ("next", "previous")
        allowed = set(extra) | {u for u in UNIVERSAL if u != "start_over"}
        match = d.nlu.understand(text, allowed=allowed, asr_confidence=confidence)
        if str(match.decision) == "accept" and match.intent in allowed:
            d._apply_answer(match.intent)
            return
        # Not an answer: another question or a service ("护照在哪里办") leaves the guide.
        match = d.nlu.understand(text, asr_confidence=confidence)
        if str(match.decision) in ("accept", "confirm", "clarify") and (
                match.intent in d.flows or match.intent in INFO_INTENTS
                or match.intent in BYE_INTENTS or match.intent.startswith("guide.")):
            self.apply_match(match)
            return
        d.no_match()

    def new_request(self, text: str, confidence: float | None) -> bool:
        """Instead of yes or no to "您是要…吗？", the user clearly asked something else
        ("照相的地方在哪"): take that request, from the menu.  Not while a switch of
        service is being confirmed (nothing is dropped without a yes)."""
        d = self.d
        if d.nlu is None or d._switch_from is not None:
            return False
        match = d.nlu.understand(text, asr_confidence=confidence)
        wanted = match.intent in d.flows or match.intent in INFO_INTENTS or (
            match.intent.startswith("guide.") and match.guide is not None)
        if str(match.decision) != "accept" or not wanted:
            return False
        d._silent_entry = True  # back at the menu without reading it out
        d.open_menu()
        d._silent_entry = False
        self.apply_match(match)
        return True

    def is_request(self, text: str) -> bool:
        """``text`` asks for a service (not a yes/no word) — checked before taking a yes."""
        d = self.d
        if d.nlu is None or d.words.lookup(text) is not None:
            return False
        match = d.nlu.understand(text)
        return str(match.decision) in ("accept", "confirm") and match.intent in d.texts.flows

    def option_from_text(self, text: str) -> str | None:
        d = self.d
        prompt = d.prompt
        if prompt is None:
            return None
        options = prompt.listen.options
        n = ordinal(text)
        if n is not None and 1 <= n <= len(options):
            return options[n - 1]
        table = WordTable(prompt.words)
        found = table.lookup(text)
        if found is None and d.state == "choice":
            found = table.find_within(text)
        return found

    def understand_menu(self, text: str, confidence: float | None) -> None:
        d = self.d
        if d.nlu is None:
            d.no_match(refuse=True)
            return
        match = d.nlu.understand(text, asr_confidence=confidence)
        if match.intent in ANSWER_INTENTS:  # a bare "是" chooses nothing at the menu
            d.heard_intent = match.intent
            d.no_match()
            return
        self.apply_match(match)

    def apply_match(self, match: Match) -> None:
        d = self.d
        decision = str(match.decision)
        d.heard_intent = match.intent
        slots = dict(match.slots)
        if match.guide is not None:
            slots.setdefault("guide", match.guide.id)
            slots.setdefault("guide_title", match.guide.title)
        if decision in ("accept", "confirm") and endorsement_unclear(match):
            # "我要办个签注": Hong Kong/Macau or Taiwan?  Ask rather than guess.
            d._ask_clarify(HK_MACAU, TAIWAN, slots)
        elif decision == "accept":
            d.apply_intent(match.intent, slots)
        elif decision == "confirm":
            d._ask_confirm_intent(match.intent, slots)
        elif decision == "clarify" and match.runner_up is not None:
            d._ask_clarify(match.intent, match.runner_up.intent, slots)
        else:
            d.heard_intent = "out_of_scope"
            d.no_match(refuse=True)

    def understand_restricted(self, text: str, confidence: float | None,
                              extra: tuple[str, ...], fallback: str = "") -> None:
        d = self.d
        if self.offer_switch(text, confidence):
            return
        if d.nlu is not None:
            allowed = set(extra) | {u for u in UNIVERSAL if u != "start_over"}
            match = d.nlu.understand(text, allowed=allowed, asr_confidence=confidence)
            if str(match.decision) == "accept" and match.intent in allowed:
                d._apply_answer(match.intent)
                return
        if fallback == "slot":
            d.engine.slot_not_understood()
        else:
            d.no_match()

    def offer_switch(self, text: str, confidence: float | None) -> bool:
        """A clear request for another service in the middle of a flow ("不对，我要办台湾
        的"): ask whether to drop this one for it (nothing is paid or submitted yet)."""
        d = self.d
        ctx = d.ctx
        if (d.nlu is None or ctx is None or ctx.paid or ctx.committed
                or d.state not in SWITCHABLE or d.prompt is None):
            return False
        match = d.nlu.understand(text, asr_confidence=confidence)
        # a weak guess is enough: the switch itself is asked as a yes/no question
        if str(match.decision) not in ("accept", "confirm") or match.intent not in d.flows or (
                match.intent == ctx.flow):
            return False
        d._switch_from = (d.state, d.prompt)
        d._candidate = (match.intent, dict(match.slots))
        yn = d.text("yes_no_keys")
        said = d.text("switch_confirm", title=d.title_of(match.intent))
        d.heard_intent = match.intent
        d.ask("confirm_intent", "switch_confirm", Listen("confirm", keys=d.keypad.yes_no()),
              text=said + yn, choices=yn)
        return True

    def stay_in_flow(self) -> None:
        """"不是": back to the question the user was answering before asking to switch."""
        d = self.d
        assert d._switch_from is not None
        state, prompt = d._switch_from
        d._switch_from = None
        d.say("switch_no")
        d.prompt = replace(prompt, noinput=0, nomatch=0)
        d.trigger(f"ask_{state}")
