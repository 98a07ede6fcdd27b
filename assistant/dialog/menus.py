"""The menus and what the user asked for: the main menu and its sub-menus, "那您要办什么？",
"您想问哪项业务要多少钱？", "您是要办……吗？", a choice between two services, and acting on an
understood intent — a transaction started here, sent to another terminal or site, a
command, a goodbye, or an answer from the guides.  A helper of
:class:`~assistant.dialog.core.Dialog` (``dialog.menus``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.dialog import machine as m
from assistant.dialog.actions import Listen
from assistant.dialog.browsing import MENU_ENTRY as BROWSE_ENTRY
from assistant.dialog.commands import PAST_IS_NOT
from assistant.dialog.meanings import BYE_INTENTS, INFO_INTENTS, SOCIAL_INTENTS, UNIVERSAL
from assistant.dialog.states import State
from assistant.dialog.steps import FlowContext, SlotStep
from assistant.dialog.words import patch_places, read_out
from assistant.domain.money import amount_text

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog


HOLDER_ASKED = "_holder_asked"
"""Marks a candidate whose holder was asked to be here (:meth:`Menus.ask_holder_here`)."""
HEARD_BACK = "_heard_back"
"""Marks a candidate whose value said with it was read out in "您是要……吗？" (the slot's
name): its yes confirms the value too (:attr:`FlowContext.heard_back`)."""


class Menus:
    """Asks what ``dialog``'s user wants and acts on the answer."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog
        self.question = ""
        """The question "您是想问……吗？" was asked about: its detail is answered after the
        yes (:meth:`apply_intent`)."""

    # ------------------------------------------------------------------ menus
    def open_menu(self, key: str = "menu") -> None:
        d = self.d
        d.reader.reset()
        d.entry_group = None
        d.switch_from = None
        groups = d.texts.menu
        options = tuple(g.id for g in groups)
        choices = d.options_text([g.title for g in groups])
        listen = Listen("intent", options=options, keys=d.keypad.options(options, back=False))
        words: dict[str, tuple[str, ...]] = {g.id: (g.title,) for g in groups}
        d.ask(State.MENU, key, listen, text=d.text(key, options=choices, count=len(options)),
              choices=choices,
              reask=self.menu_in_short(),
              words=words)

    def menu_in_short(self) -> str:
        """The menu asked again in short: "还要办什么？" once something was done
        (:attr:`Dialog.helped`), before that without 还要."""
        d = self.d
        return d.text("menu_short" if d.helped else "menu_start_short", count=len(d.texts.menu))

    def back_to_submenu(self) -> bool:
        """From a flow's first question back to the sub-menu it was chosen in, if any."""
        d = self.d
        group = d.entry_group
        if group is None:
            return False
        d.refund_if_needed()
        d.ctx = None
        d.entry_group = None
        d.say("going_back")
        self.ask_submenu(group)
        return True

    def ask_submenu(self, group_id: str) -> None:
        d = self.d
        group = next(g for g in d.texts.menu if g.id == group_id)
        options = group.items
        choices = d.options_text([d.title_of(i) for i in options])
        listen = Listen("choice", slot=group.id, options=options, keys=d.keypad.options(options))
        words: dict[str, tuple[str, ...]] = {i: (d.title_of(i),) for i in options}
        d.ask(State.SUBMENU, "submenu", listen,
              text=d.text("submenu", title=group.title, options=choices),
              choices=choices, words=words)

    def choose(self, option: str) -> None:
        """An option of the main menu, by key or by its words."""
        d = self.d
        if option == BROWSE_ENTRY:  # "听办事指南" by keys
            d.heard_intent = option
            d.browser.start()
            return
        group = next((g for g in d.texts.menu if g.id == option), None)
        if group is not None and group.items:
            d.heard_intent = group.id
            self.ask_submenu(group.id)
        else:
            d.apply_intent(option, {})

    def open_quietly(self) -> None:
        """Back at the menu without reading it out (what is said next says what is asked)."""
        d = self.d
        d.silent_entry = True
        d.open_menu()
        d.silent_entry = False

    def ask_what(self) -> None:
        """"不是" at the menu or to "您是要……吗？": "那您要办什么？" in one line (the whole
        menu only on "有哪些" or the repeat key)."""
        d = self.d
        self.open_quietly()
        d.say("menu_what")
        d.reprompt(say=False)

    def ask_topic(self, aspect: str | None) -> None:
        """"要多少钱啊" naming no service: "您想问哪项业务要多少钱？" in one line — the next
        words name the service and its guide answers (never a guess, never "请看屏幕")."""
        d = self.d
        aspect = aspect if aspect and d.has_text(f"aspect_{aspect}") else "overview"
        self.open_quietly()
        d.topic_aspect = aspect
        d.say("guide_which", what=d.text(f"aspect_{aspect}"))
        d.reprompt(say=False)

    def told_past(self) -> bool:
        """The sentence being handled told of something past that sounds urgent ("老伴摔倒
        了住院了", :meth:`Priority.past`): no emergency, no call, no question about one."""
        d = self.d
        return d.text_event and d.priority.told_past

    def propose_intent(self, intent: str, slots: dict[str, Any]) -> None:
        """Ask "您是要办……吗？" for ``intent`` (with the ``slots`` heard with it)."""
        d = self.d
        if intent in PAST_IS_NOT and d.told_past():
            d.no_match()  # "好的，我知道了。" and the question again
            return
        if intent in BYE_INTENTS and d.ctx is None and d.understanding.is_farewell(
                d.utterance):  # "谢谢 那我走了" at the menu: leaving, not "还要办什么？"
            d.apply_intent(intent, slots)
            return
        if intent in SOCIAL_INTENTS:  # "您是要打招呼吗？" is no question to ask anyone
            d.say(f"reply_{intent}" if d.has_text(f"reply_{intent}") else "reply_greet")
            d.reprompt(reask=True)
            return
        d.candidate = (intent, slots)
        self.question = d.utterance if intent == "guide.ask" else ""
        title = d.title_of(intent)
        text = None
        guide_title = slots.get("guide_title")
        if intent == "guide.ask" and guide_title:  # "您是想问办理港澳签注在哪里办吗？"
            aspect = str(slots.get("aspect") or "overview")
            what = f"aspect_{aspect}" if d.has_text(f"aspect_{aspect}") else "aspect_overview"
            text = d.text("confirm_guide", title=guide_title, what=d.text(what))
        elif d.has_text(f"confirm_{intent}"):  # "要我帮您叫工作人员吗？"
            text = d.text(f"confirm_{intent}")
        elif d.intents is not None and intent in d.intents:
            text = d.intents[intent].prompts.get("confirm")
        slot = self.value_to_read(intent, slots)
        if slot:  # the plate said with the request: one yes for both
            value = self.mended(slots[slot])
            d.candidate = (intent, {**slots, slot: value, HEARD_BACK: slot})
            text = d.text("confirm_intent_value", title=title, value=read_out(str(value)))
        text = text or d.text("confirm_intent", title=title)
        yn = d.text("yes_no_keys")
        d.ask(State.CONFIRM_INTENT, "confirm_intent",
              Listen("confirm", keys=d.keypad.yes_no()),
              text=f"{text}{yn}", choices=yn)

    def mended(self, value: Any) -> Any:
        """A number said with the request, with the places the same sentence puts right
        ("……浙L幺二三四六，嗯，不对，最后一个是五" → 浙L12345)."""
        if not isinstance(value, str) or not any(c.isdigit() for c in value):
            return value
        return patch_places(value, self.d.utterance) or value

    def value_to_read(self, intent: str, slots: dict[str, Any]) -> str:
        """The slot of ``intent`` heard in its request whose step reads it back (the plate
        of "帮我查下违章浙L66666"), or ""."""
        flow = self.d.flows.get(intent)
        steps = flow.steps if flow is not None else ()
        return next((s.slot for s in steps if isinstance(s, SlotStep) and s.readback
                     and slots.get(s.slot)), "")

    def ask_holder_here(self, intent: str, slots: dict[str, Any]) -> None:
        """"我老头子……驾驶证到期了，我来帮他换": the service needs its holder's face, so
        whether the holder is here is asked first ("……要本人在场……本人在这里吗？"); yes
        starts it, no says how it is done for someone who cannot come
        (:meth:`holder_not_here`)."""
        d = self.d
        d.candidate = (intent, {**slots, HOLDER_ASKED: True})
        yn = d.text("yes_no_keys")
        own = d.texts.flows.get(intent)
        text = (own.texts["holder_here"] if own is not None and "holder_here" in own.texts
                else d.text("holder_here", title=d.title_of(intent)))  # (补领: no card to read)
        d.ask(State.CONFIRM_INTENT, "holder_here", Listen("confirm", keys=d.keypad.yes_no()),
              text=f"{text}{yn}", choices=yn)

    def holder_not_here(self) -> None:
        """The holder is not here: the flow's way for someone who cannot come (its
        ``holder_away`` text, else the common one), then "还要办什么？"."""
        d = self.d
        d.say_text(d.texts.text(d.candidate[0], "holder_away"), "holder_away")
        d.candidate = ("", {})
        d.ask_what()

    def ask_clarify(self, first: str, second: str, slots: dict[str, Any],
                    *more: str) -> None:
        """"您要办的是哪一项？" with ``first``, ``second`` and ``more`` as the options."""
        d = self.d
        d.candidate = (first, slots)
        options = (first, second, *more)
        choices = d.options_text([d.title_of(i) for i in options])
        listen = Listen("choice", options=options, keys=d.keypad.options(options))
        d.ask(State.CLARIFY_INTENT, "clarify_intent", listen,
              text=d.text("clarify_intent", options=choices), choices=choices,
              words={i: (d.title_of(i),) for i in options})

    # ------------------------------------------------------------------ intents
    def apply_intent(self, intent: str, slots: dict[str, Any]) -> None:
        """Act on an understood intent (service, command, information)."""
        d = self.d
        d.heard_intent = intent
        if (intent in d.flows or intent.startswith("guide.")) and not d.helped:
            d.helped = True  # a service started or a guide asked: "还要办什么？" from now on
            if d.state == State.MENU and d.prompt is not None:  # (the menu now open too)
                d.prompt.reask = self.menu_in_short()
        if intent in d.flows:
            self.start_flow(intent, slots)
        elif intent in UNIVERSAL:
            d.commands.run(intent)
        elif intent in BYE_INTENTS:
            d.end("cancelled", "goodbye")
        elif intent in INFO_INTENTS or intent.startswith("guide."):
            reply = None
            guide = slots.get("guide") or slots.get("service")
            if intent == "guide.ask" and not guide and d.ctx is None \
                    and d.guide_answers is not None:
                d.ask_topic(slots.get("aspect"))
                return
            if intent == "guide.ask" and d.guide_answers is not None and guide:
                reply = d.guide_answers(str(guide), slots.get("aspect"))
                also = d.guide_answers(str(guide), slots["also"]) if slots.get("also") else None
                if reply is not None and also and also not in reply:
                    reply += also  # "要到哪里办，几钿": the place, then the fee
                # the question "您是想问……吗？" was about, when this is the yes to it
                prior = self.question if d.state == State.CONFIRM_INTENT else ""
                question, self.question = f"{prior}，{d.utterance}", ""
                asked = d.understanding.detail_of(str(guide), question)
                if asked is not None and reply is not None and asked not in reply:
                    reply = asked + reply  # "老的那张又寻着了，还好用伐": that note first
                if reply is not None and d.reader.offer(str(guide), reply):
                    return
            if reply is None and d.intents is not None and intent in d.intents:
                reply = d.intents[intent].prompts.get("reply")
            d.say_text(reply or d.text(f"reply_{intent}" if d.has_text(
                f"reply_{intent}") else "reply_info"))
            chosen = d.state == State.CLARIFY_INTENT and d.prompt is not None and (
                intent in d.prompt.listen.options)  # the option chosen: answered, not asked again
            if chosen:
                d.open_menu("menu_short")
            elif d.state in m.GUIDE_STATES:
                d.open_menu()
            else:  # the answer, then the question in short (not the whole menu again)
                d.reprompt(reask=True)
        else:
            d.no_match(refuse=True)

    def can_start_here(self, intent: str) -> bool:
        """``intent`` is a transaction this kiosk does itself (offered at this site, its
        terminal here) — not one :meth:`start_flow` would send elsewhere."""
        d = self.d
        flow = d.flows.get(intent)
        if flow is None or intent in d.texts.not_offered:
            return False
        devices, device = d.config.site_devices, d.device_of(intent)
        if devices is not None and device and device not in devices:
            return False
        return not (d.config.this_device and device and d.direction_to(device))

    def device_of(self, intent: str) -> str:
        """The terminal ``intent`` is done on (``household``, ``exit_entry``, ``traffic``,
        ``photo``; empty: any): ``device:`` of its flow file, else the program's flow."""
        d = self.d
        texts = d.texts.flows.get(intent)
        if texts is not None and texts.device:
            return texts.device
        flow = d.flows.get(intent)
        return flow.device if flow is not None else ""

    def start_flow(self, intent: str, slots: dict[str, Any]) -> None:
        """Start the transaction ``intent`` — or say where it is done when not here."""
        d = self.d
        devices, device = d.config.site_devices, d.device_of(intent)
        if devices is not None and device and device not in devices:
            have = [s for s in d.texts.sites if device in s.devices]
            sites = "；".join(f"{s.name}，{s.address}" for s in have) or d.text("no_site")
            d.ctx = FlowContext(intent, "", d.today)
            d.end("redirected", "redirect", title=d.title_of(intent), sites=sites)
            return
        way = d.direction_to(device) if d.config.this_device and device else ""
        if way:  # done on another terminal of this site: say where it stands
            d.ctx = FlowContext(intent, "", d.today)
            d.end("redirected", "redirect_here", title=d.title_of(intent), direction=way)
            return
        d.txn_count += 1
        spec = d.texts.flows.get(intent)
        fee = spec.fee if spec is not None else 0.0
        d.ctx = FlowContext(intent, f"{d.session_id}-{d.txn_count}", d.today,
                            fee=fee, amount=fee, card=d.card)
        d.ctx.values.update({k: self.mended(v) for k, v in slots.items() if k != HEARD_BACK})
        d.ctx.heard_back |= {str(slots[HEARD_BACK])} if slots.get(HEARD_BACK) else set()
        d.ctx.fields.update(title=d.title_of(intent), fee=amount_text(fee),
                            amount=amount_text(fee))
        d.say("flow_start")
        d.engine.advance()
