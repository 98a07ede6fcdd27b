"""When an answer does not come or is not understood: the question again (its short form),
then the choices spelled out, then the offer of a person (VoiceXML-style noinput/nomatch
escalation); "还在吗？"; a story told as past heard without calling anyone; and going back
to the question asked before "还在吗？" or the offer of a person.  A helper of
:class:`~assistant.dialog.core.Dialog` (``dialog.reasking``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from assistant.dialog import machine as m
from assistant.dialog.actions import Listen
from assistant.dialog.prompts import Prompt
from assistant.dialog.states import State

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog


class Reasking:
    """Re-asks ``dialog``'s question and escalates when it gets no answer."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog

    def reprompt(self, *, say: bool = True, reask: bool = False) -> None:
        """Say the current question again and listen again (its short form when
        ``reask`` and the prompt has one)."""
        d = self.d
        if d.prompt is None:
            return
        if say:
            text = d.prompt.reask if reask and d.prompt.reask else d.prompt.text
            d.say_text(text, d.prompt.key)
        d.out.append(d.prompt.listen)
        d.last_event_at = d.now

    def no_input(self) -> None:
        """The user said nothing: re-ask, then spell out the choices, then offer staff."""
        d = self.d
        if d.state == State.STILL_THERE:
            # a listening window ended: keep waiting quietly until the warning's time is up
            # (a recogniser's 8 s window must not cut the 30 s the user was promised)
            if d.now - d.entered_at >= d.config.presence_s:
                d.end("timed_out", "timed_out")
            else:
                d.reprompt(say=False)
            return
        if d.state == State.OFFER_STAFF:
            if d.urgent_offer:  # no answer to "要我马上叫值班民警吗？": call anyway
                d.commands.call_staff("emergency", d.urgent_offer)
            else:
                d.ask_presence()
            return
        if d.state in (State.BUSY, State.WAITING_STAFF):
            d.reprompt(say=False)
            return
        assert d.prompt is not None
        d.prompt.noinput += 1
        self.escalate(d.prompt.noinput, "noinput")

    def no_match(self, *, refuse: bool = False, say_key: str | None = None, **fields: Any) -> None:
        """The answer was not understood (or not valid): escalate like VoiceXML nomatch."""
        d = self.d
        d.not_understood = d.text_event
        if d.state == State.OFFER_STAFF:
            d.call_offered()
            return
        if d.state == State.WAITING_STAFF:
            d.say("staff_coming")
            d.reprompt(say=False)
            return
        if d.state == State.STILL_THERE:
            d.resume_question()
            return
        assert d.prompt is not None
        if d.told_past():
            # "我老伴上个月摔倒了，住院了": heard, not an emergency, nothing to do — no
            # "没听懂" and no step towards a person; the question again, in short
            d.priority.told_past = False
            d.heard_intent = None
            d.say("past_event_heard")
            if d.state == State.MENU and not d.priority.only_seen:
                # "我昨天被人打了" told at the menu may be a case to report: nobody is
                # called unasked, but a person is offered ("要我帮您叫工作人员吗？"; not for
                # what was on television)
                d.propose_intent("call_staff", {})
            else:
                d.reprompt(reask=True)
            return
        d.prompt.nomatch += 1
        if refuse and d.prompt.nomatch < 3:
            d.say("out_of_scope")
        elif say_key and d.prompt.nomatch < 3:
            d.say(say_key, **fields)
        self.escalate(d.prompt.nomatch, "nomatch" if not (refuse or say_key) else "")

    def escalate(self, count: int, kind: str) -> None:
        """The ``count``-th no input or no match (``kind``; empty: said already): the
        question again, the choices at the second, the offer of a person at the third."""
        d = self.d
        assert d.prompt is not None
        if count >= 3:
            d.save_resume()
            yn = d.text("yes_no_keys")
            d.prompt = Prompt(State.OFFER_STAFF, "offer_staff", d.text("offer_staff") + yn,
                              Listen("confirm", keys=d.keypad.yes_no(back=False)), yn)
            d.trigger("offer_help")
            return
        if kind and d.has_text(f"{kind}_{count}"):
            d.say(f"{kind}_{count}")
        if count == 2 and d.prompt.choices:
            d.say_text(d.text("you_can") + d.prompt.choices)
            d.reprompt(say=False)
        else:
            d.reprompt(reask=True)

    def save_resume(self) -> None:
        """Keep the current question to go back to (:meth:`resume_question`)."""
        d = self.d
        if d.state in m.RESUMABLE and d.prompt is not None:
            d.resume_to = (d.state, d.prompt)

    def ask_presence(self) -> None:
        """Ask "还在吗？" (after long inactivity or silence while offering staff)."""
        d = self.d
        d.save_resume()
        yn = d.text("yes_no_keys")
        keys = d.keypad.yes_no(back=False)
        keys["3"] = "take_time"
        d.prompt = Prompt(State.STILL_THERE, "still_there", d.text("still_there"),
                          Listen("confirm", options=("yes", "no", "take_time"), keys=keys), yn)
        d.trigger("time_out")

    def call_offered(self) -> None:
        """Yes to the offer of a person (urgently when the offer was about an emergency)."""
        d = self.d
        if d.urgent_offer:
            d.commands.call_staff("emergency", d.urgent_offer)
        else:
            d.commands.call_staff("offered")

    def resume_question(self) -> None:
        """Go back to the question asked before "还在吗？"/the offer of staff."""
        d = self.d
        d.urgent_offer = ""
        if d.resume_to is None:
            d.open_menu()
            return
        state, prompt = d.resume_to
        d.resume_to = None
        d.prompt = replace(prompt, noinput=0, nomatch=0)
        d.resume_target = state
        d.trigger("resume")
