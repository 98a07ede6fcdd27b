"""The dialog core: events in → actions out.

:class:`Dialog` is pure: it reads no clock, plays no audio, starts no thread and touches
no device.  It gets events (:mod:`assistant.dialog.events`) and returns actions
(:mod:`assistant.dialog.actions`); time comes in as :class:`Tick` events from an injected
clock.  The state machine is built with :mod:`transitions` from the dicts in
:mod:`assistant.dialog.machine`.

Here: the session's state, the output helpers (``text``, ``say``, ``ask``), the machine's
callbacks and the end of a session.  The rest is done by helpers next to it, each holding
the dialog: :mod:`~assistant.dialog.menus` (menus, "您是要……吗？", starting a
transaction), :mod:`~assistant.dialog.reasking` (no input, no match, "还在吗？", going
back to the question), :mod:`~assistant.dialog.inputs` (keys, the per-state answer table,
cards, device results), and the flow engine, commands, understanding and the others
created in :meth:`Dialog.__init__`.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from transitions import EventData, Machine

from assistant.dialog import machine as m
from assistant.dialog.actions import Action, CallAdapter, End, EndOutcome, Listen, Say, Show
from assistant.dialog.answering import Answering
from assistant.dialog.browsing import GuideBrowser
from assistant.dialog.commands import Commands
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
from assistant.dialog.faults import Faults, raise_faults
from assistant.dialog.inputs import Inputs
from assistant.dialog.keypad import DEFAULT_KEYPAD, Keypad
from assistant.dialog.menus import Menus
from assistant.dialog.priority import Priority
from assistant.dialog.progress import Progress, progress
from assistant.dialog.prompts import ORDINAL_WORDS, Prompt
from assistant.dialog.reading import GuideAnswerer, GuideReader
from assistant.dialog.reasking import Reasking
from assistant.dialog.side import SideQuestions
from assistant.dialog.states import State
from assistant.dialog.steps import Flow, FlowContext
from assistant.dialog.switching import Switching
from assistant.dialog.texts import FlowTexts
from assistant.dialog.understanding import Understanding
from assistant.dialog.words import EventWords
from assistant.domain.money import amount_text
from assistant.domain.operations import CancelOrder, Operation, Refund

if TYPE_CHECKING:
    from assistant.domain.idcard import IdCard
    from assistant.nlu.intents import IntentSet
    from assistant.nlu.types import Match, Understander


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


_FINAL = m.FINAL_STATE


@functools.cache
def _shared_machine() -> Machine:
    """One state machine for every session (its ~500 transitions took 4 ms to build per
    session); each dialog fires its triggers with itself as the model (:meth:`Dialog.
    trigger`)."""
    return Machine(
        model=None,
        states=m.state_dicts("_on_enter_prompting", "_on_enter_ended"),
        transitions=m.transition_dicts("_is_resume_target"),
        initial="menu",
        auto_transitions=False,
        send_event=True,
    )


@functools.cache
def _plain_machine() -> bool:
    """The shared machine uses nothing of :mod:`transitions` but conditions and ``on_enter``
    callbacks (no queue, no prepare/before/after/exit/final/exception callbacks), so
    :meth:`Dialog.trigger` may fire its transitions itself."""
    machine = _shared_machine()
    if (machine.has_queue or machine.prepare_event or machine.finalize_event
            or machine.before_state_change or machine.after_state_change
            or machine.on_final or machine.on_exception or machine.model_attribute != "state"
            or not machine.send_event):
        return False
    states_plain = all(not s.on_exit for s in machine.states.values())
    return states_plain and all(
        not (t.prepare or t.before or t.after) and t.dest is not None
        for event in machine.events.values() for ts in event.transitions.values() for t in ts)


class Dialog:
    """One kiosk session.  Call :meth:`start` once, then :meth:`handle` per event."""

    state: str

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
        """What understands the user's words; the dialog asks it through
        :meth:`understand` (once per utterance per event)."""
        self._understood: dict[tuple[str, frozenset[str] | None, float | None], Match] = {}
        """This event's understandings: (text, allowed, confidence) → match."""
        self.today = today
        self.session_id = session_id
        self.config = config or DialogConfig()
        self.intents = intents
        self.words = EventWords(texts.word_table)
        """The staff's words (``common.yaml``), each text looked up once per event."""
        self.engine = FlowEngine(self)
        self.commands = Commands(self)
        self.understanding = Understanding(self)
        self.switching = Switching(self)
        self.priority = Priority(self)
        self.answering = Answering(self)
        self.side = SideQuestions(self)
        self.menus = Menus(self)
        self.reasking = Reasking(self)
        self.inputs = Inputs(self)
        self.faults = Faults(self)
        self.out: list[Action] = []
        self.prompt: Prompt | None = None
        self.ctx: FlowContext | None = None
        self.card: IdCard | None = None
        self.heard_intent: str | None = None
        self.entry_group: str | None = None
        """The sub-menu the current flow was chosen in (None: from the main menu or speech)."""
        self.not_understood = False
        """True when the last event was user text the dialog did not understand."""
        self.text_event = False
        """The event being handled is user text (or speech not taken): a story told as
        past is heard only in words (:meth:`told_past`)."""
        self.utterance = ""
        """What the user said in the event being handled ("" for keys, devices, time)."""
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
        self.resume_to: tuple[str, Prompt] | None = None
        """The state and question to go back to after "还在吗？" or the offer of a person
        (:meth:`resume_question`)."""
        self.resume_target = ""
        """The state the ``resume`` trigger goes to."""
        self.silent_entry = False
        self._greet_pending = False
        """Woken by a first input: greet with the reply to it (see :meth:`start`)."""
        self._pending_end: EndOutcome = "cancelled"
        self.candidate: tuple[str, dict[str, Any]] = ("", {})
        self.topic_aspect: str | None = None
        """"您想问哪项业务要多少钱？" was just asked (:meth:`ask_topic`): the aspect the
        next words' service is asked about."""
        self.finished_flow: str | None = None
        """The service this session completed (its flow's name only, nothing personal)."""
        self.helped = False
        """A service was started or a guide question answered in this session (the menu
        asked again is then "还要办什么？")."""
        self.later: str | None = None
        """A second service wished for during a transaction ("等下罚款也要交掉"): recalled
        when the session ends (:meth:`Switching.recall_later`); only its name is kept."""
        self.ended_at: float | None = None
        """:attr:`now` when the session ended."""
        self.follows: str | None = None
        """The service the previous person at this kiosk completed just before this session
        began (:func:`assistant.session.core.follow_on`): a first question that names no
        service ("那新证几天能寄到啊") is about it."""
        self.switch_from: tuple[str, Prompt] | None = None
        """The question a user left by asking for another service mid-flow (while the
        switch is confirmed)."""
        self.urgent_offer = ""
        """While "要我马上叫值班民警吗？" is asked (words that may be an emergency): the text
        to say when calling; a yes, silence or anything unclear calls urgently."""
        self.machine = _shared_machine()
        # Not added to the machine as a model (``add_model`` bound ~40 trigger and
        # ``is_<state>`` helpers, 0.3 ms per session, that nothing uses): the machine keeps
        # no reference to the dialog, so ended sessions are freed.
        self.machine.set_state("menu", model=self)

    # ------------------------------------------------------------------ public API
    def trigger(self, name: str) -> bool:
        """Fire trigger ``name`` of the shared machine on this dialog: what
        :mod:`transitions` does for it (the first transition from the current state whose
        conditions hold: the state set, then the new state's ``on_enter`` callbacks), without
        the library's per-call bookkeeping and logging (~30 µs a trigger, several per
        turn).  An unknown trigger, one not allowed from this state, or a machine using more
        of the library goes through :mod:`transitions` itself (which raises as before)."""
        machine = self.machine
        event = machine.events.get(name)
        choices = event.transitions.get(self.state) if event is not None else None
        if choices is None or not _plain_machine():
            fired: bool = machine._get_trigger(self, name)
            return fired
        data = EventData(machine.states[self.state], event, machine, self, (), {})
        for transition in choices:
            data.transition = transition
            if all(condition.check(data) for condition in transition.conditions):
                assert transition.dest is not None  # (no internal transitions: _plain_machine)
                dest = machine.states[transition.dest]
                self.state = dest.name  # the machine's states are plain strings
                data.state = dest
                for callback in dest.on_enter:
                    machine.callback(callback, data)
                data.result = True
                return True
        return False

    @property
    def rate(self) -> float:
        return self.config.rates[self.rate_index]

    @property
    def done(self) -> bool:
        return self.state == _FINAL

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
        if state in m.HELP_STATES and self.resume_to is not None:
            state = self.resume_to[0]
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
        self._understood.clear()
        self.words.clear()
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
        self._understood.clear()
        self.words.clear()
        self.heard_intent = None
        self.not_understood = False
        self.priority.told_past = self.priority.only_seen = False
        self.text_event = isinstance(event, UserText | NoMatch)
        self.utterance = event.text if isinstance(event, UserText) else ""
        self.keys_only = self.keys_only and not isinstance(event, UserText)
        if self.done:
            return self.out
        try:
            self._dispatch(event)
        except Exception as exc:  # a fault of our own code must not take the kiosk down
            if raise_faults():
                raise
            self.faults.recover(exc)
        return self.out

    def _dispatch(self, event: Event) -> None:
        """:meth:`handle` of one event (``self.out`` collects the actions)."""
        if isinstance(event, Tick):
            self.commands.tick(event.now)
            return
        self.last_event_at = self.last_input_at = self.now
        if self._greet_pending:
            self._greet_pending = False
            if isinstance(event, UserText) and (
                    self.understanding.is_farewell(event.text)
                    or self.understanding.is_bare_ack(event.text)
                    or self.understanding.is_nothing_more(event.text)):
                self.end("cancelled", "farewell")
                return
            self.say("greeting")
        if isinstance(event, UserText):
            self.understanding.on_text(event.text, event.asr_confidence)
        elif isinstance(event, Key):
            self.inputs.on_key(event.key)
        elif isinstance(event, Silence):
            self.no_input()
        elif isinstance(event, NoMatch):
            self.no_match()  # noise is not "号码不对", even while a number is asked
        elif isinstance(event, CardInserted):
            self.inputs.on_card(event.card)
        elif isinstance(event, CardRemoved):
            self.inputs.on_card_removed()
        elif isinstance(event, DeviceResult):
            self.inputs.on_device(event)

    def understand(self, text: str, *, allowed: Collection[str] | None = None,
                   asr_confidence: float | None = None) -> Match:
        """``nlu.understand`` (``nlu`` must be set), asked once per event for the same
        text, allowed intents and confidence: the helpers that look at one utterance from
        several sides (a side question? a switch of service? an answer?) share one
        understanding of it."""
        assert self.nlu is not None
        key = (text, None if allowed is None else frozenset(allowed), asr_confidence)
        match = self._understood.get(key)
        if match is None:
            match = self._understood[key] = self.nlu.understand(
                text, allowed=allowed, asr_confidence=asr_confidence)
        return match

    # ------------------------------------------------------------------ output helpers
    def text(self, key: str, /, **fields: Any) -> str:
        """Text ``key`` of the running flow (or ``common.yaml``) with placeholders filled."""
        ctx = self.ctx
        template = self.texts.text(ctx.flow if ctx is not None else None, key)
        if "{" not in template and "}" not in template:
            return template  # (what formatting would give: nothing to fill)
        values = _Fields(self.keypad.key_fields)
        if ctx is not None:
            values.update(ctx.fields)
        values.update(fields)
        return template.format_map(values)

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
        return event.transition is not None and event.transition.dest == self.resume_target

    def _wipe(self) -> None:
        """Forget everything personal and reset the session settings."""
        self.ctx = None
        self.card = None
        self.prompt = None
        self.resume_to = None
        self.reader.reset()
        self.rate_index = self.config.rates.index(1.0) if 1.0 in self.config.rates else 0
        self.volume_db = 0
        self.take_time = False

    # ------------------------------------------------------------------ menus and intents
    # (:class:`~assistant.dialog.menus.Menus`)
    def open_menu(self, key: str = "menu") -> None:
        self.menus.open_menu(key)

    def back_to_submenu(self) -> bool:
        """From a flow's first question back to the sub-menu it was chosen in, if any."""
        return self.menus.back_to_submenu()

    def ask_what(self) -> None:
        """"那您要办什么？" in one line (:meth:`Menus.ask_what`)."""
        self.menus.ask_what()

    def ask_topic(self, aspect: str | None) -> None:
        """"您想问哪项业务要多少钱？" in one line (:meth:`Menus.ask_topic`)."""
        self.menus.ask_topic(aspect)

    def told_past(self) -> bool:
        """The sentence being handled told of something past that sounds urgent."""
        return self.menus.told_past()

    def propose_intent(self, intent: str, slots: dict[str, Any]) -> None:
        """Ask "您是要办……吗？" for ``intent`` (with the ``slots`` heard with it)."""
        self.menus.propose_intent(intent, slots)

    def ask_clarify(self, first: str, second: str, slots: dict[str, Any], *more: str) -> None:
        self.menus.ask_clarify(first, second, slots, *more)

    def apply_intent(self, intent: str, slots: dict[str, Any]) -> None:
        """Act on an understood intent (service, command, information)."""
        self.menus.apply_intent(intent, slots)

    def can_start_here(self, intent: str) -> bool:
        """``intent`` is a transaction this kiosk does itself (:meth:`Menus.can_start_here`)."""
        return self.menus.can_start_here(intent)

    def device_of(self, intent: str) -> str:
        """The terminal ``intent`` is done on (:meth:`Menus.device_of`)."""
        return self.menus.device_of(intent)

    # ------------------------------------------------------------------ ending
    def end(self, outcome: EndOutcome, key: str | None = None, /, **fields: Any) -> None:
        """Say ``key`` (if any), refund what must be refunded, and end the session."""
        if outcome != "completed":
            self.refund_if_needed()
        if key:
            self.say(key, **fields)
        self.switching.recall_later()
        if self.card is not None or (self.ctx is not None and self.ctx.card is not None):
            self.say("take_card")
        self._pending_end = outcome
        self.ended_where = self.where()
        self.ended_at = self.now
        if outcome == "completed" and self.ctx is not None:
            self.finished_flow = self.ctx.flow
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
    # (:class:`~assistant.dialog.reasking.Reasking`)
    def reprompt(self, *, say: bool = True, reask: bool = False) -> None:
        """Say the current question again and listen again (its short form when
        ``reask`` and the prompt has one)."""
        self.reasking.reprompt(say=say, reask=reask)

    def no_input(self) -> None:
        """The user said nothing: re-ask, then spell out the choices, then offer staff."""
        self.reasking.no_input()

    def no_match(self, *, refuse: bool = False, say_key: str | None = None, **fields: Any) -> None:
        """The answer was not understood (or not valid): escalate like VoiceXML nomatch."""
        self.reasking.no_match(refuse=refuse, say_key=say_key, **fields)

    def save_resume(self) -> None:
        self.reasking.save_resume()

    def ask_presence(self) -> None:
        """Ask "还在吗？" (after long inactivity or silence while offering staff)."""
        self.reasking.ask_presence()

    def call_offered(self) -> None:
        """Yes to the offer of a person (urgently when the offer was about an emergency)."""
        self.reasking.call_offered()

    def resume_question(self) -> None:
        """Go back to the question asked before "还在吗？"/the offer of staff."""
        self.reasking.resume_question()

    # ------------------------------------------------------------------ answers
    def apply_answer(self, meaning: str) -> None:
        """Apply a key meaning or a recognised word in the current state
        (:meth:`Inputs.apply_answer`)."""
        self.inputs.apply_answer(meaning)


class _Fields(dict[str, Any]):
    """Placeholder values; a missing one stays visible as ``{name}`` instead of crashing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


__all__ = ["Dialog", "DialogConfig", "GuideAnswerer"]
