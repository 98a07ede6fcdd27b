"""Universal commands and the clock: what works in every state.

repeat, help and "我在哪", back, cancel, staff and emergency (the user is kept company
until staff arrive), speech settings, "慢慢来", start over; and what a :class:`Tick` does
(the inactivity warning, gentle reminders, waiting for staff).  A helper of
:class:`~assistant.dialog.core.Dialog` (``dialog.commands``), like the flow engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.dialog import machine as m
from assistant.dialog.actions import Listen
from assistant.dialog.prompts import Prompt
from assistant.dialog.states import State
from assistant.domain.operations import CallStaff

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog


SETTINGS = ("slower", "faster", "louder", "quieter")
"""Speech settings of the session (reset for the next person)."""


PAST_IS_NOT = ("emergency", "call_staff")
"""Commands the matcher may find in a story told as past ("老伴摔倒了住院了"): not run
then (:meth:`assistant.dialog.priority.Priority.past`)."""

class Commands:
    """Runs the universal commands and the timers of ``dialog``."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog
        self.handlers: dict[str, Callable[[str], None]] = {
            "repeat": lambda _: self.d.reprompt(),
            "help": self.help,
            "where_am_i": self.where_am_i,
            "take_time": self.take_time,
            "back": lambda _: self.back(),
            "cancel": lambda _: self.cancel(),
            "call_staff": lambda _: self.call_staff("asked"),
            "emergency": lambda _: self.call_staff("emergency"),
            "start_over": self.start_over,
            **{name: self.setting for name in SETTINGS},
        }
        """Universal command → what it does."""

    def run(self, name: str) -> None:
        """Run a universal command in the current state."""
        d = self.d
        d.heard_intent = name
        if name in PAST_IS_NOT and d.told_past():
            d.no_match()  # "上个月我被人打了，现在好了": heard, nobody called
            return
        handler = self.handlers.get(name)
        if handler is not None:
            handler(name)

    def setting(self, name: str) -> None:
        """Slower, faster, louder or quieter, then the question again in the new voice."""
        self.adjust(name)
        self.d.reprompt()

    def help(self, _: str = "help") -> None:
        """Where the user is, the help of this state, and the question again in short."""
        d = self.d
        self.say_where()
        d.say(f"help_{d.state}" if d.has_text(f"help_{d.state}") else "help")
        if d.prompt is not None and d.prompt.choices:
            d.say_text(d.prompt.choices)
            d.reprompt(say=False)
        else:  # what to do now: the question again, in short
            d.reprompt(reask=True)

    def where_am_i(self, _: str = "where_am_i") -> None:
        self.say_where(at_menu=True)
        self.d.reprompt()

    def take_time(self, _: str = "take_time") -> None:
        d = self.d
        d.take_time = True
        d.say("take_time")
        if d.state == State.STILL_THERE:
            d.resume_question()
        else:
            d.reprompt(say=False)

    def start_over(self, _: str = "start_over") -> None:
        d = self.d
        if d.ctx is not None and d.ctx.committed:
            d.say("cannot_undo")
            d.reprompt()
            return
        d.refund_if_needed()
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
        if d.state == State.WAITING_STAFF:
            if urgent:  # it became an emergency while waiting: the duty office must know
                d.call(CallStaff(True, d.flow, reason))
                d.say(key or "emergency")
            else:
                d.say("staff_already_called")
            d.reprompt(say=False)
            return
        d.call(CallStaff(urgent, d.flow, reason))
        d.save_resume()
        key = key or ("emergency" if urgent else "staff_called")
        hint = d.text("staff_wait_keys")
        d.prompt = Prompt(State.WAITING_STAFF, key, d.text(key) + hint,
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
        if d.state == State.BROWSE:
            d.browser.back()
        elif d.state in m.GUIDE_STATES:
            d.reader.leave("reading_stopped" if d.state == State.READING else "guide_offer_no")
        elif d.state in m.HELP_STATES:
            if d.state == State.WAITING_STAFF:
                d.say("staff_go_on")
            d.resume_question()
        elif d.state == State.CONFIRM_INTENT and d.switch_from is not None:
            d.switching.stay_in_flow()
        elif d.state in (State.SUBMENU, State.CONFIRM_INTENT, State.CLARIFY_INTENT):
            d.open_menu()
        elif d.state == State.MENU:
            d.say("at_menu")
            d.reprompt()
        elif d.ctx is not None and (d.ctx.paid or d.ctx.committed):
            d.say("cannot_undo")
            d.reprompt()
        else:
            d.engine.back()

    def cancel(self) -> None:
        d = self.d
        if d.state == State.BROWSE:  # stop listing guides: the menu, the session goes on
            d.reader.leave("guide_offer_no")
            return
        if d.state in m.GUIDE_STATES:  # stop reading: back to the menu, the session goes on
            self.back()
            return
        if d.ctx is not None and d.ctx.committed:
            d.say("cannot_undo")
            d.reprompt()
            return
        if d.state == State.CONFIRM and d.engine.at_offer():
            d.engine.on_yes_no(False)  # "不交了" to "现在就缴吗？": only the offer is declined
            return
        if d.state == State.BUSY and d.ctx is not None and d.ctx.paid:
            d.say("please_wait")
            d.reprompt()
            return
        d.end("cancelled", "cancelled" if d.ctx is not None else "goodbye")

    def next_timer(self) -> float | None:
        """The clock time at which a :class:`Tick` will next change something (the
        inactivity warning, its end, a reminder); ``None`` when nothing is timed now."""
        d = self.d
        cfg, state = d.config, d.state
        if d.done or state in (State.BUSY, State.PAYMENT):
            return None
        if state == State.STILL_THERE:
            return d.entered_at + cfg.presence_s
        if state == State.WAITING_STAFF:
            return min(d.entered_at + cfg.staff_wait_s, d.last_event_at + cfg.staff_remind_s)
        if d.take_time and d.now - d.last_input_at < cfg.take_time_limit_s:
            return min(d.last_event_at + cfg.take_time_reminder_s,
                       d.last_input_at + cfg.take_time_limit_s)
        return d.last_event_at + cfg.inactivity_s

    def tick(self, now: float) -> None:
        d = self.d
        d.now = now
        cfg = d.config
        if d.state == State.STILL_THERE:
            if now - d.entered_at >= cfg.presence_s:
                d.end("timed_out", "timed_out")
        elif d.state == State.WAITING_STAFF:
            if now - d.entered_at >= cfg.staff_wait_s:
                d.end("staff", "staff_wait_over")
            elif now - d.last_event_at >= cfg.staff_remind_s:
                d.reprompt(reask=True)
        elif d.state in (State.BUSY, State.PAYMENT):
            return
        elif d.take_time and now - d.last_input_at < cfg.take_time_limit_s:
            if now - d.last_event_at >= cfg.take_time_reminder_s:
                d.say("take_time_reminder")
                d.reprompt(say=False)
        elif now - d.last_event_at >= cfg.inactivity_s:
            d.ask_presence()
