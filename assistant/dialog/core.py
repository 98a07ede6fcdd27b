"""The dialog core: events in → actions out.

:class:`Dialog` is pure: it reads no clock, plays no audio, starts no thread and touches
no device.  It gets events (:mod:`assistant.dialog.events`) and returns actions
(:mod:`assistant.dialog.actions`); time comes in as :class:`Tick` events from an injected
clock.  The state machine is built with :mod:`transitions` from the dicts in
:mod:`assistant.dialog.machine`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from transitions import EventData, Machine

from assistant.dialog import machine as m
from assistant.dialog.actions import Action, CallAdapter, End, EndOutcome, Listen, Say, Show
from assistant.dialog.answering import Answering
from assistant.dialog.browsing import MENU_ENTRY as BROWSE_ENTRY
from assistant.dialog.browsing import GuideBrowser
from assistant.dialog.commands import PAST_IS_NOT, Commands
from assistant.dialog.engine import FlowEngine
from assistant.dialog.events import (
    CardInserted,
    CardRemoved,
    DeviceResult,
    Event,
    Key,
    NoMatch,
    Silence,
    Tick,
    UserText,
)
from assistant.dialog.keypad import DEFAULT_KEYPAD, Keypad
from assistant.dialog.meanings import BYE_INTENTS, INFO_INTENTS, SOCIAL_INTENTS, UNIVERSAL
from assistant.dialog.priority import Priority
from assistant.dialog.progress import Progress, progress
from assistant.dialog.prompts import ORDINAL_WORDS, Prompt
from assistant.dialog.reading import READ, GuideAnswerer, GuideReader
from assistant.dialog.side import SideQuestions
from assistant.dialog.states import State
from assistant.dialog.steps import Flow, FlowContext
from assistant.dialog.texts import FlowTexts
from assistant.dialog.understanding import Understanding
from assistant.dialog.words import word_table
from assistant.domain.money import amount_text
from assistant.domain.operations import CancelOrder, Operation, Refund

if TYPE_CHECKING:
    from assistant.domain.idcard import IdCard
    from assistant.nlu.intents import IntentSet
    from assistant.nlu.types import Understander


@dataclass(frozen=True)

class DialogConfig:
    """Tunable numbers of the conversation."""

    inactivity_s: float = 90.0
    """No input at all for this long (by :class:`Tick`) → the warning "还在吗？"."""
    presence_s: float = 30.0
    """Then no answer for this long → the session ends (``timed_out``) and is wiped.  Any
    answer extends the session, as often as needed (WCAG 2.2.1: warn ≥ 20 s before)."""
    take_time_reminder_s: float = 120.0
    """"慢慢来" mode: instead of the warning, a gentle reminder after this much quiet."""
    take_time_limit_s: float = 1200.0
    """"慢慢来" mode: after this long with no input at all the warning comes after all (a
    person who walked away must not leave their data on the kiosk for ever)."""
    staff_remind_s: float = 30.0
    """Waiting for a staff member: say "马上就到" this often, so the user is not alone."""
    staff_wait_s: float = 600.0
    """Waiting for a staff member who never arrives: end the session (``staff``) after this."""
    device_retries: int = 3
    """Attempts at face check, fingerprint or photo before sending the user to a window."""
    rates: tuple[float, ...] = (0.6, 0.8, 1.0, 1.25, 1.5)
    """Speech-rate steps for slower/faster (index 2 is normal)."""
    volume_step_db: int = 3
    volume_range_db: tuple[int, int] = (-9, 12)
    """Volume range (≥ 18 dB, ADA 707 / EN 301 549); reset after each user."""
    site_devices: frozenset[str] | None = None
    """Terminals at this site (``household``, ``exit_entry``, ``traffic``, ``photo``);
    ``None`` = a flagship site with all of them."""
    directions: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Device kind → (spoken name, where it stands) at this site
    (:func:`assistant.dialog.directions.load_directions`)."""
    this_device: str | None = None
    """The device kind this terminal is (``KIOSK_DEVICE``); ``None``: every device at hand."""


@functools.cache
def _shared_machine() -> Machine:
    """One state machine for every session (its ~500 transitions took 4 ms to build per
    session); each dialog is added as a model for the callbacks it binds, then removed."""
    return Machine(
        model=None,
        states=m.state_dicts("_on_enter_prompting", "_on_enter_ended"),
        transitions=m.transition_dicts("_is_resume_target"),
        initial="menu",
        auto_transitions=False,
        send_event=True,
    )


class Dialog:
    """One kiosk session.  Call :meth:`start` once, then :meth:`handle` per event."""

    state: str
    trigger: Callable[..., bool]

    def __init__(
        self,
        texts: FlowTexts,
        flows: Mapping[str, Flow],
        *,
        nlu: Understander | None,
        today: date,
        session_id: str = "s1",
        config: DialogConfig | None = None,
        intents: IntentSet | None = None,
        guide_answers: GuideAnswerer | None = None,
        keypad: Keypad | None = None,
    ) -> None:
        self.texts = texts
        self.keypad = keypad or DEFAULT_KEYPAD
        """Which key does what (``intents/keypad.yaml``)."""
        self.guide_answers = guide_answers
        """Speaks a guide's answer to a question: ``(guide id, aspect) → text``; with a
        ``sections(guide id)`` method (:class:`~assistant.dialog.reading.GuideSource`) the
        dialog also offers to read the guide in full."""
        self.reader = GuideReader(self)
        self.browser = GuideBrowser(self)
        self.flows = flows
        self.nlu = nlu
        self.today = today
        self.session_id = session_id
        self.config = config or DialogConfig()
        self.intents = intents
        self.words = word_table(texts.words)
        self.engine = FlowEngine(self)
        self.commands = Commands(self)
        self.understanding = Understanding(self)
        self.priority = Priority(self)
        self.answering = Answering(self)
        self.side = SideQuestions(self)
        self.out: list[Action] = []
        self.prompt: Prompt | None = None
        self.ctx: FlowContext | None = None
        self.card: IdCard | None = None
        self.heard_intent: str | None = None
        self.entry_group: str | None = None
        """The sub-menu the current flow was chosen in (None: from the main menu or speech)."""
        self.not_understood = False
        """True when the last event was user text the dialog did not understand."""
        self._text_event = False
        self.keys_only = True
        """Nothing said yet in this session, only keys (perhaps a blind user): the payment
        step then says where the QR code is."""
        self.outcome: EndOutcome | None = None
        self.ended_flow: str | None = None
        self.ended_where: str | None = None
        """Where the session ended (:meth:`where`), for ``kiosk report``."""
        self.now = 0.0
        self.last_event_at = 0.0
        self.entered_at = 0.0
        self.rate_index = self.config.rates.index(1.0) if 1.0 in self.config.rates else 0
        self.volume_db = 0
        self.take_time = False
        """"慢慢来": the user asked not to be hurried (this session only)."""
        self.last_input_at = 0.0
        self.txn_count = 0
        self._resume: tuple[str, Prompt] | None = None
        self._resume_target = ""
        self.silent_entry = False
        self._greet_pending = False
        """Woken by a first input: greet with the reply to it (see :meth:`start`)."""
        self._pending_end: EndOutcome = "cancelled"
        self.candidate: tuple[str, dict[str, Any]] = ("", {})
        self.switch_from: tuple[str, Prompt] | None = None
        """The question a user left by asking for another service mid-flow (while the
        switch is confirmed)."""
        self.urgent_offer = ""
        """While "要我马上叫值班民警吗？" is asked (words that may be an emergency): the text
        to say when calling; a yes, silence or anything unclear calls urgently."""
        self.machine = _shared_machine()
        self.machine.add_model(self, initial="menu")
        # the triggers stay bound to this dialog; the machine keeps no reference to it,
        # so ended sessions are freed as before
        self.machine.remove_model(self)

    # ------------------------------------------------------------------ public API
    @property
    def rate(self) -> float:
        return self.config.rates[self.rate_index]

    @property
    def done(self) -> bool:
        return self.state == m.FINAL_STATE

    @property
    def flow(self) -> str | None:
        """Intent name of the transaction in progress (or the one that just ended)."""
        return self.ctx.flow if self.ctx is not None else self.ended_flow

    def progress(self) -> Progress | None:
        """Where the running transaction is ("第2步，共5步：核对信息"), or ``None``."""
        if self.ctx is None or self.ctx.flow not in self.flows or self.done:
            return None
        return progress(self.flows[self.ctx.flow], self.ctx)

    def where(self) -> str:
        """Where the user is: the state, with the flow step inside a transaction
        (``slot:plate``); in "还在吗？" or waiting for staff, the question before it."""
        state = self.state
        if state in m.HELP_STATES and self._resume is not None:
            state = self._resume[0]
        if self.ctx is not None and state in m.STEP_STATES and 0 <= self.ctx.index < len(
                self.flows[self.ctx.flow].steps):
            return f"{state}:{self.flows[self.ctx.flow].steps[self.ctx.index].id}"
        return state

    def direction_to(self, kind: str) -> str:
        """"签注机在您左手边第二台，它会发出提示音。" — or "" when the device is this one or
        the site file does not say where it is."""
        if kind == self.config.this_device or kind not in self.config.directions:
            return ""
        name, where = self.config.directions[kind]
        return self.text("direction", name=name, where=where)

    def stage_title(self, stage: str) -> str:
        """Spoken name of a stage id (text ``stage_<id>`` of ``common.yaml``)."""
        return self.text(f"stage_{stage}") if self.has_text(f"stage_{stage}") else stage

    def command(self, name: str) -> None:
        """Run a universal command in the current state (:class:`Commands`)."""
        self.commands.run(name)

    def next_timer(self) -> float | None:
        """When a :class:`Tick` will next change something (None: nothing timed now)."""
        return self.commands.next_timer()

    def start(self, now: float | None = None, *, read_menu: bool = True) -> list[Action]:
        """Greet and open the main menu (``now``: the injected clock's time, when the
        session starts on a clock that has been running).  ``read_menu=False``: the person
        woke the kiosk by already saying or doing something — the greeting comes with the
        reply to it, without the menu; when it is only "谢谢你啊"/"再见" (the last person
        leaving), a short polite reply instead, and no session."""
        if now is not None:
            self.now = self.last_event_at = self.last_input_at = now
        self.out = []
        if read_menu:
            self.say("greeting")
        self._greet_pending = not read_menu
        self.silent_entry = not read_menu
        self.open_menu()
        self.silent_entry = False
        return self.out

    def handle(self, event: Event) -> list[Action]:
        """React to one event; returns the actions to run, in order."""
        self.out = []
        self.heard_intent = None
        self.not_understood = False
        self.priority.told_past = False
        self._text_event = isinstance(event, UserText | NoMatch)
        self.keys_only = self.keys_only and not isinstance(event, UserText)
        if self.done:
            return self.out
        if isinstance(event, Tick):
            self.commands.tick(event.now)
            return self.out
        self.last_event_at = self.last_input_at = self.now
        if self._greet_pending:
            self._greet_pending = False
            if isinstance(event, UserText) and self.understanding.is_farewell(event.text):
                self.end("cancelled", "farewell")
                return self.out
            self.say("greeting")
        if isinstance(event, UserText):
            self.understanding.on_text(event.text, event.asr_confidence)
        elif isinstance(event, Key):
            self._on_key(event.key)
        elif isinstance(event, Silence):
            self.no_input()
        elif isinstance(event, NoMatch):
            self.no_match()  # noise is not "号码不对", even while a number is asked
        elif isinstance(event, CardInserted):
            self._on_card(event.card)
        elif isinstance(event, CardRemoved):
            self._on_card_removed()
        elif isinstance(event, DeviceResult):
            self._on_device(event)
        return self.out

    # ------------------------------------------------------------------ output helpers
    def text(self, key: str, /, **fields: Any) -> str:
        """Text ``key`` of the running flow (or ``common.yaml``) with placeholders filled."""
        flow = self.ctx.flow if self.ctx is not None else None
        values: dict[str, Any] = self.keypad.text_fields()
        if self.ctx is not None:
            values.update(self.ctx.fields)
        values.update(fields)
        return self.texts.text(flow, key).format_map(_Fields(values))

    def has_text(self, key: str) -> bool:
        return self.texts.has(self.ctx.flow if self.ctx is not None else None, key)

    def say(self, key: str, /, **fields: Any) -> None:
        self.say_text(self.text(key, **fields), key)

    def say_text(self, text: str, key: str = "") -> None:
        if text:
            self.out.append(Say(text, rate=self.rate, volume_db=self.volume_db, key=key))

    def call(self, operation: Operation) -> None:
        """Ask for a typed device or back-end operation (:mod:`assistant.domain.operations`)."""
        self.out.append(CallAdapter.of(operation))

    def show(self, what: str, **data: Any) -> None:
        self.out.append(Show(what, data))

    def ask(self, state: State, key: str, listen: Listen, *, text: str | None = None,
            choices: str = "", words: dict[str, tuple[str, ...]] | None = None,
            reask: str = "") -> None:
        """Enter ``state`` asking the question ``key`` (said on entry, kept for repeat;
        ``reask`` is said instead when re-asking after no input or no match)."""
        said = self.text(key) if text is None else text
        self.prompt = Prompt(state, key, said, listen, choices, words or {}, reask=reask)
        self.trigger(f"ask_{state}")

    def options_text(self, titles: list[str]) -> str:
        """"说'一'或按1，办理……；说'二'或按2，……" for ``titles`` in key order."""
        parts = [
            self.text("option", option=ORDINAL_WORDS[i], key=i + 1, title=t)
            for i, t in enumerate(titles)
        ]
        return "；".join(parts) + "。"

    def title_of(self, intent: str) -> str:
        if intent in self.texts.flows and self.texts.flows[intent].title:
            return self.texts.flows[intent].title
        for group in self.texts.menu:
            if group.id == intent:
                return group.title
        if self.intents is not None and intent in self.intents:
            return self.intents[intent].title
        return intent

    # ------------------------------------------------------------------ machine callbacks
    def _on_enter_prompting(self, event: EventData) -> None:
        self.entered_at = self.last_event_at = self.now
        if self.prompt is not None and not self.silent_entry:
            self.say_text(self.prompt.text, self.prompt.key)
            self.out.append(self.prompt.listen)

    def _on_enter_ended(self, event: EventData) -> None:
        self.ended_flow = self.ctx.flow if self.ctx is not None else None
        self.outcome = self._pending_end
        self.out.append(End(self._pending_end, self.ended_flow))
        self._wipe()

    def _is_resume_target(self, event: EventData) -> bool:
        return event.transition is not None and event.transition.dest == self._resume_target

    def _wipe(self) -> None:
        """Forget everything personal and reset the session settings."""
        self.ctx = None
        self.card = None
        self.prompt = None
        self._resume = None
        self.reader.reset()
        self.rate_index = self.config.rates.index(1.0) if 1.0 in self.config.rates else 0
        self.volume_db = 0
        self.take_time = False

    # ------------------------------------------------------------------ menus
    def open_menu(self, key: str = "menu") -> None:
        self.reader.reset()
        self.entry_group = None
        self.switch_from = None
        groups = self.texts.menu
        options = tuple(g.id for g in groups)
        choices = self.options_text([g.title for g in groups])
        listen = Listen("intent", options=options, keys=self.keypad.options(options, back=False))
        words: dict[str, tuple[str, ...]] = {g.id: (g.title,) for g in groups}
        short = self.text("menu_short", count=len(options))
        self.ask(State.MENU, key, listen, text=self.text(key, options=choices), choices=choices,
                 reask=short,
                 words=words)

    def back_to_submenu(self) -> bool:
        """From a flow's first question back to the sub-menu it was chosen in, if any."""
        group = self.entry_group
        if group is None:
            return False
        self.refund_if_needed()
        self.ctx = None
        self.entry_group = None
        self.say("going_back")
        self._ask_submenu(group)
        return True

    def _ask_submenu(self, group_id: str) -> None:
        group = next(g for g in self.texts.menu if g.id == group_id)
        options = group.items
        choices = self.options_text([self.title_of(i) for i in options])
        listen = Listen("choice", slot=group.id, options=options, keys=self.keypad.options(options))
        words: dict[str, tuple[str, ...]] = {i: (self.title_of(i),) for i in options}
        self.ask(State.SUBMENU, "submenu", listen,
                 text=self.text("submenu", title=group.title, options=choices),
                 choices=choices, words=words)

    def _choose_menu(self, option: str) -> None:
        if option == BROWSE_ENTRY:  # "听办事指南" by keys
            self.heard_intent = option
            self.browser.start()
            return
        group = next((g for g in self.texts.menu if g.id == option), None)
        if group is not None and group.items:
            self.heard_intent = group.id
            self._ask_submenu(group.id)
        else:
            self.apply_intent(option, {})

    def ask_what(self) -> None:
        """"不是" at the menu or to "您是要……吗？": "那您要办什么？" in one line (the whole
        menu only on "有哪些" or the repeat key)."""
        self.silent_entry = True
        self.open_menu()
        self.silent_entry = False
        self.say("menu_what")
        self.reprompt(say=False)

    def told_past(self) -> bool:
        """The sentence being handled told of something past that sounds urgent ("老伴摔倒
        了住院了", :meth:`Priority.past`): no emergency, no call, no question about one."""
        return self._text_event and self.priority.told_past

    def propose_intent(self, intent: str, slots: dict[str, Any]) -> None:
        """Ask "您是要办……吗？" for ``intent`` (with the ``slots`` heard with it)."""
        if intent in PAST_IS_NOT and self.told_past():
            self.no_match()  # "好的，我知道了。" and the question again
            return
        if intent in SOCIAL_INTENTS:  # "您是要打招呼吗？" is no question to ask anyone
            self.say(f"reply_{intent}" if self.has_text(f"reply_{intent}") else "reply_greet")
            self.reprompt(reask=True)
            return
        self.candidate = (intent, slots)
        title = self.title_of(intent)
        text = None
        guide_title = slots.get("guide_title")
        if intent == "guide.ask" and guide_title:  # "您是想问办理港澳签注在哪里办吗？"
            aspect = str(slots.get("aspect") or "overview")
            what = f"aspect_{aspect}" if self.has_text(f"aspect_{aspect}") else "aspect_overview"
            text = self.text("confirm_guide", title=guide_title, what=self.text(what))
        elif self.has_text(f"confirm_{intent}"):  # "要我帮您叫工作人员吗？"
            text = self.text(f"confirm_{intent}")
        elif self.intents is not None and intent in self.intents:
            text = self.intents[intent].prompts.get("confirm")
        text = text or self.text("confirm_intent", title=title)
        yn = self.text("yes_no_keys")
        self.ask(State.CONFIRM_INTENT, "confirm_intent",
                 Listen("confirm", keys=self.keypad.yes_no()),
                 text=f"{text}{yn}", choices=yn)

    _ask_confirm_intent = propose_intent
    """Former name (tests); not ``ask_confirm_intent``: that is the machine's trigger."""

    def ask_clarify(self, first: str, second: str, slots: dict[str, Any]) -> None:
        self.candidate = (first, slots)
        options = (first, second)
        choices = self.options_text([self.title_of(i) for i in options])
        listen = Listen("choice", options=options, keys=self.keypad.options(options))
        self.ask(State.CLARIFY_INTENT, "clarify_intent", listen,
                 text=self.text("clarify_intent", options=choices), choices=choices,
                 words={i: (self.title_of(i),) for i in options})

    # ------------------------------------------------------------------ intents
    def apply_intent(self, intent: str, slots: dict[str, Any]) -> None:
        """Act on an understood intent (service, command, information)."""
        self.heard_intent = intent
        if intent in self.flows:
            self._start_flow(intent, slots)
        elif intent in UNIVERSAL:
            self.commands.run(intent)
        elif intent in BYE_INTENTS:
            self.end("cancelled", "goodbye")
        elif intent in INFO_INTENTS or intent.startswith("guide."):
            reply = None
            guide = slots.get("guide")
            if intent == "guide.ask" and self.guide_answers is not None and guide:
                reply = self.guide_answers(str(guide), slots.get("aspect"))
                if reply is not None and self.reader.offer(str(guide), reply):
                    return
            if reply is None and self.intents is not None and intent in self.intents:
                reply = self.intents[intent].prompts.get("reply")
            self.say_text(reply or self.text(f"reply_{intent}" if self.has_text(
                f"reply_{intent}") else "reply_info"))
            if self.state in m.GUIDE_STATES:
                self.open_menu()
            else:  # the answer, then the question in short (not the whole menu again)
                self.reprompt(reask=True)
        else:
            self.no_match(refuse=True)

    def can_start_here(self, intent: str) -> bool:
        """``intent`` is a transaction this kiosk does itself (offered at this site, its
        terminal here) — not one :meth:`_start_flow` would send elsewhere."""
        flow = self.flows.get(intent)
        if flow is None or intent in self.texts.not_offered:
            return False
        devices, device = self.config.site_devices, self.device_of(intent)
        if devices is not None and device and device not in devices:
            return False
        return not (self.config.this_device and device and self.direction_to(device))

    def device_of(self, intent: str) -> str:
        """The terminal ``intent`` is done on (``household``, ``exit_entry``, ``traffic``,
        ``photo``; empty: any): ``device:`` of its flow file, else the program's flow."""
        texts = self.texts.flows.get(intent)
        if texts is not None and texts.device:
            return texts.device
        flow = self.flows.get(intent)
        return flow.device if flow is not None else ""

    def _start_flow(self, intent: str, slots: dict[str, Any]) -> None:
        devices, device = self.config.site_devices, self.device_of(intent)
        if devices is not None and device and device not in devices:
            have = [s for s in self.texts.sites if device in s.devices]
            sites = "；".join(f"{s.name}，{s.address}" for s in have) or self.text("no_site")
            self.ctx = FlowContext(intent, "", self.today)
            self.end("redirected", "redirect", title=self.title_of(intent), sites=sites)
            return
        way = self.direction_to(device) if self.config.this_device and device else ""
        if way:  # done on another terminal of this site: say where it stands
            self.ctx = FlowContext(intent, "", self.today)
            self.end("redirected", "redirect_here", title=self.title_of(intent), direction=way)
            return
        self.txn_count += 1
        spec = self.texts.flows.get(intent)
        fee = spec.fee if spec is not None else 0.0
        self.ctx = FlowContext(intent, f"{self.session_id}-{self.txn_count}", self.today,
                               fee=fee, amount=fee, card=self.card)
        self.ctx.values.update(slots)
        self.ctx.fields.update(title=self.title_of(intent), fee=amount_text(fee),
                               amount=amount_text(fee))
        self.say("flow_start")
        self.engine.advance()

    # ------------------------------------------------------------------ ending
    def end(self, outcome: EndOutcome, key: str | None = None, /, **fields: Any) -> None:
        """Say ``key`` (if any), refund what must be refunded, and end the session."""
        if outcome != "completed":
            self.refund_if_needed()
        if key:
            self.say(key, **fields)
        if self.card is not None or (self.ctx is not None and self.ctx.card is not None):
            self.say("take_card")
        self._pending_end = outcome
        self.ended_where = self.where()
        trigger = {"cancelled": "cancel", "timed_out": "time_out"}.get(outcome, "finish")
        if trigger == "time_out" and self.state not in (State.STILL_THERE, State.WAITING_STAFF):
            trigger = "finish"
        self.trigger(trigger)

    def refund_if_needed(self) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        if ctx.paid and not ctx.committed:
            self.call(Refund(ctx.txn_id, ctx.order_id or ""))
            self.say("refunded", amount=amount_text(ctx.amount))
            ctx.paid = False
        elif ctx.order_id is not None and not ctx.paid and not ctx.committed:
            self.call(CancelOrder(ctx.txn_id, ctx.order_id))
            ctx.order_id = None

    # ------------------------------------------------------------------ re-asking
    def reprompt(self, *, say: bool = True, reask: bool = False) -> None:
        """Say the current question again and listen again (its short form when
        ``reask`` and the prompt has one)."""
        if self.prompt is None:
            return
        if say:
            text = self.prompt.reask if reask and self.prompt.reask else self.prompt.text
            self.say_text(text, self.prompt.key)
        self.out.append(self.prompt.listen)
        self.last_event_at = self.now

    def no_input(self) -> None:
        """The user said nothing: re-ask, then spell out the choices, then offer staff."""
        if self.state == State.STILL_THERE:
            # a listening window ended: keep waiting quietly until the warning's time is up
            # (a recogniser's 8 s window must not cut the 30 s the user was promised)
            if self.now - self.entered_at >= self.config.presence_s:
                self.end("timed_out", "timed_out")
            else:
                self.reprompt(say=False)
            return
        if self.state == State.OFFER_STAFF:
            if self.urgent_offer:  # no answer to "要我马上叫值班民警吗？": call anyway
                self.commands.call_staff("emergency", self.urgent_offer)
            else:
                self.ask_presence()
            return
        if self.state in (State.BUSY, State.WAITING_STAFF):
            self.reprompt(say=False)
            return
        assert self.prompt is not None
        self.prompt.noinput += 1
        self._escalate(self.prompt.noinput, "noinput")

    def no_match(self, *, refuse: bool = False, say_key: str | None = None, **fields: Any) -> None:
        """The answer was not understood (or not valid): escalate like VoiceXML nomatch."""
        self.not_understood = self._text_event
        if self.state == State.OFFER_STAFF:
            self.call_offered()
            return
        if self.state == State.WAITING_STAFF:
            self.say("staff_coming")
            self.reprompt(say=False)
            return
        if self.state == State.STILL_THERE:
            self.resume_question()
            return
        assert self.prompt is not None
        if self.told_past():
            # "我老伴上个月摔倒了，住院了": heard, not an emergency, nothing to do — no
            # "没听懂" and no step towards a person; the question again, in short
            self.priority.told_past = False
            self.heard_intent = None
            self.say("past_event_heard")
            if self.state == State.MENU:
                # "我昨天被人打了" told at the menu may be a case to report: nobody is
                # called unasked, but a person is offered ("要我帮您叫工作人员吗？")
                self.propose_intent("call_staff", {})
            else:
                self.reprompt(reask=True)
            return
        self.prompt.nomatch += 1
        if refuse and self.prompt.nomatch < 3:
            self.say("out_of_scope")
        elif say_key and self.prompt.nomatch < 3:
            self.say(say_key, **fields)
        self._escalate(self.prompt.nomatch, "nomatch" if not (refuse or say_key) else "")

    def _escalate(self, count: int, kind: str) -> None:
        assert self.prompt is not None
        if count >= 3:
            self.save_resume()
            yn = self.text("yes_no_keys")
            self.prompt = Prompt(State.OFFER_STAFF, "offer_staff", self.text("offer_staff") + yn,
                                 Listen("confirm", keys=self.keypad.yes_no(back=False)), yn)
            self.trigger("offer_help")
            return
        if kind and self.has_text(f"{kind}_{count}"):
            self.say(f"{kind}_{count}")
        if count == 2 and self.prompt.choices:
            self.say_text(self.text("you_can") + self.prompt.choices)
            self.reprompt(say=False)
        else:
            self.reprompt(reask=True)

    def save_resume(self) -> None:
        if self.state in m.RESUMABLE and self.prompt is not None:
            self._resume = (self.state, self.prompt)

    def ask_presence(self) -> None:
        """Ask "还在吗？" (after long inactivity or silence while offering staff)."""
        self.save_resume()
        yn = self.text("yes_no_keys")
        keys = self.keypad.yes_no(back=False)
        keys["3"] = "take_time"
        self.prompt = Prompt(State.STILL_THERE, "still_there", self.text("still_there"),
                             Listen("confirm", options=("yes", "no", "take_time"), keys=keys), yn)
        self.trigger("time_out")

    def call_offered(self) -> None:
        """Yes to the offer of a person (urgently when the offer was about an emergency)."""
        if self.urgent_offer:
            self.commands.call_staff("emergency", self.urgent_offer)
        else:
            self.commands.call_staff("offered")

    def resume_question(self) -> None:
        """Go back to the question asked before "还在吗？"/the offer of staff."""
        self.urgent_offer = ""
        if self._resume is None:
            self.open_menu()
            return
        state, prompt = self._resume
        self._resume = None
        self.prompt = replace(prompt, noinput=0, nomatch=0)
        self._resume_target = state
        self.trigger("resume")


    # ------------------------------------------------------------------ input
    def _on_key(self, key: str) -> None:
        prompt = self.prompt
        meaning = prompt.listen.keys.get(key) if prompt is not None else None
        if meaning is None:  # a function key works in every state
            meaning = self.keypad.function(key)
        if self.state == State.SLOT and meaning in ("digits", "done", "repeat"):
            if meaning == "digits" and self.priority.staff_keys_twice(key):
                return
            self.engine.on_digit_key(key, meaning)
            return
        if meaning is None:
            self.no_match(say_key="key_not_used", key=key)
            return
        self.apply_answer(meaning)

    def apply_answer(self, meaning: str) -> None:
        """Apply a key meaning or a recognised word in the current state
        (:data:`ANSWER_HANDLERS`; a state without a handler, or a handler that does not take
        the meaning: no match)."""
        if meaning in UNIVERSAL:
            self.commands.run(meaning)
            return
        self.heard_intent = meaning
        handler = ANSWER_HANDLERS.get(State(self.state)) if self.state in STATE_NAMES else None
        if handler is None or not handler(self, meaning):
            self.no_match()

    # answers per state: True when the meaning was taken
    def _answer_menu(self, meaning: str) -> bool:
        self._choose_menu(meaning)
        return True

    def _answer_submenu(self, meaning: str) -> bool:
        group = self.prompt.listen.slot if self.prompt is not None else None
        self.apply_intent(meaning, {})
        if self.ctx is not None and self.ctx.flow == meaning:
            self.entry_group = group  # "back" from the first question returns here
        return True

    def _answer_clarify(self, meaning: str) -> bool:
        _, slots = self.candidate
        self.apply_intent(meaning, slots)
        return True

    def _answer_confirm_intent(self, meaning: str) -> bool:
        if meaning == "yes":
            if self.understanding.ask_switch_again():
                return True  # after the final confirmation: a second, explicit yes
            if self.switch_from is not None:  # the old transaction is dropped
                self.switch_from = None
                self.refund_if_needed()
                self.ctx = None
            self.apply_intent(*self.candidate)
        elif self.switch_from is not None:
            self.understanding.stay_in_flow()
        else:
            self.ask_what()
        return True

    def _answer_offer_staff(self, meaning: str) -> bool:
        if meaning == "yes":
            self.call_offered()
        else:
            self.resume_question()
        return True

    def _answer_waiting_staff(self, meaning: str) -> bool:
        self.say("staff_go_on")
        self.resume_question()
        return True

    def _answer_still_there(self, meaning: str) -> bool:
        if meaning == "no":
            self.end("cancelled", "goodbye")
        else:
            self.resume_question()
        return True

    def _answer_yes_no(self, meaning: str) -> bool:
        self.engine.on_yes_no(meaning == "yes")
        return True

    def _answer_guide_offer(self, meaning: str) -> bool:
        if meaning not in ("yes", "no", READ):
            return False
        self.reader.on_offer_answer(meaning)
        return True

    def _answer_reading(self, meaning: str) -> bool:
        self.reader.command(meaning)
        return True

    def _answer_browse(self, meaning: str) -> bool:
        self.browser.choose(meaning)
        return True

    def _answer_choice(self, meaning: str) -> bool:
        self.engine.on_choice(meaning)
        return True

    def _answer_payment(self, meaning: str) -> bool:
        self.engine.paying.on_key(meaning)
        return True

    def _answer_busy(self, meaning: str) -> bool:
        return self.engine.on_wait_key(meaning)  # "没有通行证按2" while the reader waits

    # ------------------------------------------------------------------ devices
    def _on_card(self, card: IdCard | None) -> None:
        if card is None:
            self.no_match(say_key="card_unreadable")
            return
        self.card = card
        if self.state == State.CARD or (
            self.state in (State.SLOT, State.READBACK) and self.engine.card_answers_step()
        ):
            self.engine.on_card(card)
            return
        if self.ctx is not None and self.ctx.card is None:
            self.ctx.card = card
        self.say("card_read", name=card.name)
        self.reprompt(say=self.state != State.MENU)
        if self.state == State.MENU:
            self.say("card_read_menu")

    def _on_card_removed(self) -> None:
        self.card = None
        ctx = self.ctx
        if ctx is None or ctx.card is None:
            self.reprompt(say=False)
            return
        ctx.card = None
        if ctx.committed:
            self.reprompt(say=False)
            return
        self.end("cancelled", "card_removed")

    def _on_device(self, result: DeviceResult) -> None:
        if self.state == State.BUSY or (self.state == result.kind) or (
            self.state == State.PAYMENT and result.kind == "payment"
        ):
            self.engine.on_device(result)
            return
        if result.kind == "staff" and result.op == "arrived" and self.state == State.WAITING_STAFF:
            self.end("staff", "staff_arrived")
            return
        if result.kind == "payment" and result.op == "cancel" and (
                result.data.get("status") == "paid"):
            self.engine.paying.paid_after_close(result)  # paid just before "返回": refund
            return
        if result.kind in ("backend", "print", "staff") or result.op in ("refund", "cancel"):
            return  # late answers to fire-and-forget calls need no reaction
        if self.state in m.HELP_STATES and self._resume is not None and _answers(
                self._resume[0], result):
            # The device answered while we offered staff / asked "还在吗？" (e.g. the user
            # paid meanwhile): go back to the step silently and take the answer.
            self.silent_entry = True
            self.resume_question()
            self.silent_entry = False
            self.engine.on_device(result)
            return
        self.say("not_now")
        self.reprompt(say=False)


def _answers(state: str, result: DeviceResult) -> bool:
    """Whether ``result`` is what the dialog waits for in ``state``."""
    return state == State.BUSY or state == result.kind


class _Fields(dict[str, Any]):
    """Placeholder values; a missing one stays visible as ``{name}`` instead of crashing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


ANSWER_HANDLERS: dict[State, Callable[[Dialog, str], bool]] = {
    State.MENU: Dialog._answer_menu,
    State.SUBMENU: Dialog._answer_submenu,
    State.CLARIFY_INTENT: Dialog._answer_clarify,
    State.CONFIRM_INTENT: Dialog._answer_confirm_intent,
    State.OFFER_STAFF: Dialog._answer_offer_staff,
    State.WAITING_STAFF: Dialog._answer_waiting_staff,
    State.STILL_THERE: Dialog._answer_still_there,
    State.READBACK: Dialog._answer_yes_no,
    State.CONFIRM: Dialog._answer_yes_no,
    State.GUIDE_OFFER: Dialog._answer_guide_offer,
    State.READING: Dialog._answer_reading,
    State.BROWSE: Dialog._answer_browse,
    State.CHOICE: Dialog._answer_choice,
    State.PAYMENT: Dialog._answer_payment,
    State.BUSY: Dialog._answer_busy,
}
"""What a key meaning or recognised word does in each state (:meth:`Dialog.apply_answer`);
the card, device and slot states take no such answer (their events go elsewhere)."""
STATE_NAMES = frozenset(State)


yuan = amount_text
"""Public alias of the amount formatter used in texts (:mod:`assistant.domain.money`)."""


__all__ = ["Dialog", "DialogConfig", "GuideAnswerer", "yuan"]
