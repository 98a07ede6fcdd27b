"""Universal commands and the clock: what works in every state.

repeat, help and "我在哪", back, cancel, staff and emergency (the user is kept company
until staff arrive), speech settings, "慢慢来", start over; and what a :class:`Tick` does
(the inactivity warning, gentle reminders, waiting for staff).  A helper of
:class:`~assistant.dialog.core.Dialog` (``dialog.commands``), like the flow engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.dialog import machine as m
from assistant.dialog.actions import Listen
from assistant.dialog.prompts import Prompt

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog


SETTINGS = ("slower", "faster", "louder", "quieter")
"""Speech settings of the session (reset for the next person)."""


class Commands:
    """Runs the universal commands and the timers of ``dialog``."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog

    def run(self, name: str) -> None:
        """Run a universal command in the current state."""
        d = self.d
        d.heard_intent = name
        if name == "repeat":
            d.reprompt()
        elif name == "help":
            self.say_where()
            d.say(f"help_{d.state}" if d.has_text(f"help_{d.state}") else "help")
            if d.prompt is not None and d.prompt.choices:
                d.say_text(d.prompt.choices)
                d.reprompt(say=False)
            else:  # what to do now: the question again, in short
                d.reprompt(reask=True)
        elif name == "where_am_i":
            self.say_where(at_menu=True)
            d.reprompt()
        elif name == "take_time":
            d.take_time = True
            d.say("take_time")
            if d.state == "still_there":
                d.resume_question()
            else:
                d.reprompt(say=False)
        elif name == "back":
            self.back()
        elif name == "cancel":
            self.cancel()
        elif name == "call_staff":
            self.call_staff("asked")
        elif name == "emergency":
            self.call_staff("emergency")
        elif name in SETTINGS:
            self.adjust(name)
            d.reprompt()
        elif name == "start_over":
            if d.ctx is not None and d.ctx.committed:
                d.say("cannot_undo")
                d.reprompt()
                return
            d._refund_if_needed()
            d.ctx = None
            d.say("start_over")
            d.open_menu()

    def adjust(self, name: str) -> None:
        """A speech setting (slower, faster, louder, quieter), confirmed in the new voice."""
        d = self.d
        if name in ("slower", "faster"):
            step = -1 if name == "slower" else 1
            new = min(max(d.rate_index + step, 0), len(d.config.rates) - 1)
            key = f"{name}_limit" if new == d.rate_index else name
            d.rate_index = new
        else:
            low, high = d.config.volume_range_db
            step = d.config.volume_step_db * (1 if name == "louder" else -1)
            new_db = min(max(d.volume_db + step, low), high)
            key = f"{name}_limit" if new_db == d.volume_db else name
            d.volume_db = new_db
        d.say(key)

    def call_staff(self, reason: str, key: str | None = None) -> None:
        """Notify the duty office (``reason``: asked, offered or emergency), tell the user
        what happens (``key``: the text, by default ``emergency`` or ``staff_called``) and
        keep them company until the staff member arrives."""
        d = self.d
        urgent = reason == "emergency"
        d.urgent_offer = ""
        if d.state == "waiting_staff":
            if urgent:  # it became an emergency while waiting: the duty office must know
                d.call("staff", "call", urgent=True, flow=d.flow, reason=reason)
                d.say(key or "emergency")
            else:
                d.say("staff_already_called")
            d.reprompt(say=False)
            return
        d.call("staff", "call", urgent=urgent, flow=d.flow, reason=reason)
        d._save_resume()
        key = key or ("emergency" if urgent else "staff_called")
        hint = d.text("staff_wait_keys")
        d.prompt = Prompt("waiting_staff", key, d.text(key) + hint,
                          Listen("none", keys=d.keypad.common()), hint,
                          reask=d.text("staff_coming"))
        d.trigger("wait_staff")

    def say_where(self, *, at_menu: bool = False) -> None:
        """"我在哪": which transaction, which step of how many, and what remains (and
        that the user is at the menu, when ``at_menu``)."""
        d = self.d
        where = d.progress()
        if where is None:
            if at_menu and d.state in m.MENU_STATES:
                d.say("where_menu")
            return
        rest = "、".join(d.stage_title(s) for s in where.remaining)
        d.say("where_step", step=where.step, total=where.total,
              stage=d.stage_title(where.stage))
        if rest:
            d.say("where_rest", rest=rest)

    def back(self) -> None:
        d = self.d
        if d.state == "browse":
            d.browser.back()
        elif d.state in m.GUIDE_STATES:
            d.reader.leave("reading_stopped" if d.state == "reading" else "guide_offer_no")
        elif d.state in m.HELP_STATES:
            if d.state == "waiting_staff":
                d.say("staff_go_on")
            d.resume_question()
        elif d.state == "confirm_intent" and d._switch_from is not None:
            d.understanding.stay_in_flow()
        elif d.state in ("submenu", "confirm_intent", "clarify_intent"):
            d.open_menu()
        elif d.state == "menu":
            d.say("at_menu")
            d.reprompt()
        elif d.ctx is not None and (d.ctx.paid or d.ctx.committed):
            d.say("cannot_undo")
            d.reprompt()
        else:
            d.engine.back()

    def cancel(self) -> None:
        d = self.d
        if d.state == "browse":  # stop listing guides: the menu, the session goes on
            d.reader.leave("guide_offer_no")
            return
        if d.state in m.GUIDE_STATES:  # stop reading: back to the menu, the session goes on
            self.back()
            return
        if d.ctx is not None and d.ctx.committed:
            d.say("cannot_undo")
            d.reprompt()
            return
        if d.state == "confirm" and d.engine.at_offer():
            d.engine.on_yes_no(False)  # "不交了" to "现在就缴吗？": only the offer is declined
            return
        if d.state == "busy" and d.ctx is not None and d.ctx.paid:
            d.say("please_wait")
            d.reprompt()
            return
        d.end("cancelled", "cancelled" if d.ctx is not None else "goodbye")

    def next_timer(self) -> float | None:
        """The clock time at which a :class:`Tick` will next change something (the
        inactivity warning, its end, a reminder); ``None`` when nothing is timed now."""
        d = self.d
        cfg, state = d.config, d.state
        if d.done or state in ("busy", "payment"):
            return None
        if state == "still_there":
            return d.entered_at + cfg.presence_s
        if state == "waiting_staff":
            return min(d.entered_at + cfg.staff_wait_s, d.last_event_at + cfg.staff_remind_s)
        if d.take_time and d.now - d.last_input_at < cfg.take_time_limit_s:
            return min(d.last_event_at + cfg.take_time_reminder_s,
                       d.last_input_at + cfg.take_time_limit_s)
        return d.last_event_at + cfg.inactivity_s

    def tick(self, now: float) -> None:
        d = self.d
        d.now = now
        cfg = d.config
        if d.state == "still_there":
            if now - d.entered_at >= cfg.presence_s:
                d.end("timed_out", "timed_out")
        elif d.state == "waiting_staff":
            if now - d.entered_at >= cfg.staff_wait_s:
                d.end("staff", "staff_wait_over")
            elif now - d.last_event_at >= cfg.staff_remind_s:
                d.reprompt(reask=True)
        elif d.state in ("busy", "payment"):
            return
        elif d.take_time and now - d.last_input_at < cfg.take_time_limit_s:
            if now - d.last_event_at >= cfg.take_time_reminder_s:
                d.say("take_time_reminder")
                d.reprompt(say=False)
        elif now - d.last_event_at >= cfg.inactivity_s:
            d.ask_presence()
