"""Keys, ID cards and device results → the dialog: what a key means in the current state,
what a key meaning or recognised word does in each state (:data:`ANSWER_HANDLERS`), a card
read or taken out, and the answers of devices and back ends (late ones included).  What
the user *says* is :mod:`assistant.dialog.understanding`'s; it ends here too, as a meaning
for :meth:`Inputs.apply_answer`.  A helper of :class:`~assistant.dialog.core.Dialog`
(``dialog.inputs``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.dialog import machine as m
from assistant.dialog.events import DeviceResult
from assistant.dialog.meanings import UNIVERSAL
from assistant.dialog.menus import HOLDER_ASKED
from assistant.dialog.reading import READ
from assistant.dialog.states import State
from assistant.dialog.steps import CardStep, SlotStep

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog
    from assistant.domain.idcard import IdCard


class Inputs:
    """Takes ``dialog``'s keys, cards and device results."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog

    # ------------------------------------------------------------------ keys and answers
    def on_key(self, key: str) -> None:
        d = self.d
        prompt = d.prompt
        meaning = prompt.listen.keys.get(key) if prompt is not None else None
        if meaning is None:  # a function key works in every state
            meaning = d.keypad.function(key)
        if d.state == State.SLOT and meaning in ("digits", "done", "repeat"):
            if meaning == "digits" and d.priority.staff_keys_twice(key):
                return
            d.engine.on_digit_key(key, meaning)
            return
        if meaning is None and self._number_typed_as_yes(key):
            return
        if meaning is None:
            d.no_match(say_key="key_not_used", key=key)
            return
        d.apply_answer(meaning)

    def _number_typed_as_yes(self, key: str) -> bool:
        """"您是要补领身份证吗？" answered by typing the number the service asks first ("号码
        我自己按", and the 3 of 3309…): a yes, and the key is the number's first digit.
        Only a digit that answers nothing here, for a service whose first question is a
        number (nothing is done before its own confirmation)."""
        d = self.d
        flow = d.flows.get(d.candidate[0]) if d.state == State.CONFIRM_INTENT else None
        if flow is None or d.switch_from is not None or not key.isdigit():
            return False
        first = flow.steps[0] if flow.steps else None
        if not isinstance(first, SlotStep) or (first.when is not None and d.card is not None):
            return False
        d.heard_intent = "yes"
        self._answer_confirm_intent("yes")
        if d.state == State.SLOT and isinstance(d.engine.step, SlotStep):
            d.engine.on_digit_key(key, "digits")
        return True

    def apply_answer(self, meaning: str) -> None:
        """Apply a key meaning or a recognised word in the current state
        (:data:`ANSWER_HANDLERS`; a state without a handler, or a handler that does not take
        the meaning: no match)."""
        d = self.d
        if meaning in UNIVERSAL:
            d.commands.run(meaning)
            return
        d.heard_intent = meaning
        handler = ANSWER_HANDLERS.get(State(d.state)) if d.state in STATE_NAMES else None
        if handler is None or not handler(self, meaning):
            d.no_match()

    # answers per state: True when the meaning was taken
    def _answer_menu(self, meaning: str) -> bool:
        self.d.menus.choose(meaning)
        return True

    def _answer_submenu(self, meaning: str) -> bool:
        d = self.d
        group = d.prompt.listen.slot if d.prompt is not None else None
        d.apply_intent(meaning, {})
        if d.ctx is not None and d.ctx.flow == meaning:
            d.entry_group = group  # "back" from the first question returns here
        return True

    def _answer_clarify(self, meaning: str) -> bool:
        _, slots = self.d.candidate
        self.d.apply_intent(meaning, slots)
        return True

    def _answer_confirm_intent(self, meaning: str) -> bool:
        d = self.d
        intent, slots = d.candidate
        if HOLDER_ASKED in slots:  # "……本人在这里吗？"
            if meaning == "yes":
                d.apply_intent(intent, {k: v for k, v in slots.items() if k != HOLDER_ASKED})
            else:
                d.menus.holder_not_here()
            return True
        if meaning == "yes":
            if d.switching.ask_switch_again():
                return True  # after the final confirmation: a second, explicit yes
            if d.switch_from is not None:  # the old transaction is dropped
                d.switch_from = None
                d.refund_if_needed()
                d.ctx = None
            d.apply_intent(*d.candidate)
        elif d.switch_from is not None:
            d.switching.stay_in_flow()
        else:
            d.ask_what()
        return True

    def _answer_offer_staff(self, meaning: str) -> bool:
        if meaning == "yes":
            self.d.call_offered()
        else:
            self.d.resume_question()
        return True

    def _answer_waiting_staff(self, meaning: str) -> bool:
        self.d.say("staff_go_on")
        self.d.resume_question()
        return True

    def _answer_still_there(self, meaning: str) -> bool:
        if meaning == "no":
            self.d.end("cancelled", "goodbye")
        else:
            self.d.resume_question()
        return True

    def _answer_yes_no(self, meaning: str) -> bool:
        self.d.engine.on_yes_no(meaning == "yes")
        return True

    def _answer_guide_offer(self, meaning: str) -> bool:
        if meaning not in ("yes", "no", READ):
            return False
        self.d.reader.on_offer_answer(meaning)
        return True

    def _answer_reading(self, meaning: str) -> bool:
        self.d.reader.command(meaning)
        return True

    def _answer_browse(self, meaning: str) -> bool:
        self.d.browser.choose(meaning)
        return True

    def _answer_choice(self, meaning: str) -> bool:
        self.d.engine.on_choice(meaning)
        return True

    def _answer_payment(self, meaning: str) -> bool:
        self.d.engine.paying.on_key(meaning)
        return True

    def _answer_busy(self, meaning: str) -> bool:
        return self.d.engine.on_wait_key(meaning)  # "没有通行证按2" while the reader waits

    # ------------------------------------------------------------------ devices
    def on_card(self, card: IdCard | None) -> None:
        d = self.d
        if card is None:
            d.no_match(say_key="card_unreadable")
            return
        d.card = card
        if d.state == State.CARD or (
            d.state in (State.SLOT, State.READBACK) and d.engine.card_answers_step()
        ):
            d.engine.on_card(card)
            return
        if d.ctx is not None and d.ctx.card is None:
            d.ctx.card = card
        if self._card_says_yes():
            # "您是要换领身份证吗？" answered by putting the card down: the yes of someone
            # who goes ahead (nothing is paid or submitted before the final confirmation,
            # which names the service and its fee); so is "要现在就在这里办吗？" after a guide
            d.heard_intent = "yes"
            d.say("card_read", name=card.name)
            if d.state == State.GUIDE_OFFER:
                d.reader.on_offer_answer("yes")
            else:
                self._answer_confirm_intent("yes")
            return
        d.say("card_read", name=card.name)
        d.reprompt(say=d.state != State.MENU)
        if d.state == State.MENU:
            d.say("card_read_menu")

    def _offered(self) -> str:
        """The transaction "您是要……吗？" (or, after a guide's answer, "要现在就在这里办吗？")
        asks about ("" for none, or for a switch away from one under way)."""
        d = self.d
        if d.state == State.GUIDE_OFFER:
            return d.reader.offered_flow or ""
        if d.state == State.CONFIRM_INTENT and d.switch_from is None:
            return d.candidate[0]
        return ""

    def _card_says_yes(self) -> bool:
        """:meth:`_offered` names a transaction that starts by reading the ID card (not a
        guide question): a card put down is a yes."""
        d = self.d
        intent = self._offered()
        flow = d.flows.get(intent)
        return (flow is not None and d.can_start_here(intent)
                and any(isinstance(s, CardStep) for s in flow.steps))

    def on_card_removed(self) -> None:
        d = self.d
        d.card = None
        ctx = d.ctx
        if ctx is None or ctx.card is None:
            d.reprompt(say=False)
            return
        if d.state == State.PAYMENT and ctx.order_id is not None and not ctx.paid:
            # taken along to the cashier window with the slip, or back into the wallet
            # while paying by phone: the order stands (its number is kept for the
            # submission), the payment is waited for — walking away ends it when the
            # terminal gives the order up
            ctx.values.setdefault("id_number", ctx.card.number)
            ctx.card = None
            d.say("card_removed_paying")
            d.reprompt(say=False)
            return
        ctx.card = None
        if ctx.committed:
            d.reprompt(say=False)
            return
        d.end("cancelled", "card_removed")

    def on_device(self, result: DeviceResult) -> None:
        d = self.d
        if d.state == State.BUSY or (d.state == result.kind) or (
            d.state == State.PAYMENT and result.kind == "payment"
        ):
            d.engine.on_device(result)
            return
        offered = d.flows.get(self._offered())
        if result.kind == "photo" and offered is not None and offered.device == result.kind:
            # "您是要拍证件照吗？" answered by sitting down in the booth: the yes, and the
            # photo taken is the photo step's
            d.heard_intent = "yes"
            if d.state == State.GUIDE_OFFER:
                d.reader.on_offer_answer("yes")
            else:
                self._answer_confirm_intent("yes")
            if d.state == result.kind:
                d.engine.on_device(result)
            return
        if result.kind == "staff" and result.op == "arrived" and d.state in (
                State.WAITING_STAFF, State.OFFER_STAFF):  # called, or asked about: here now
            d.end("staff", "staff_arrived")
            return
        if (result.op == "pos_idle" and d.state == State.CONFIRM and d.ctx is not None
                and d.ctx.question == "pay_retry" and d.engine.paying.method() == "card"):
            # "密码不对……要再试一次吗？" answered by putting the card in again: the retry
            # (the reader was not armed, so nothing was paid; it is armed now)
            d.heard_intent = "pay_retry_card"
            d.engine.paying.card_in = True
            d.engine.on_yes_no(True)
            return
        if (result.kind == "payment" and result.op in ("wait", "") and result.outcome == "ok"
                and d.state == State.CONFIRM and d.ctx is not None
                and d.ctx.question == "pay_retry" and d.ctx.order_id is not None):
            # "付款没有成功……要再试一次吗？" answered by paying the order still open again,
            # and the terminal says it went through: the money is taken — the payment is
            # done, never ignored
            d.heard_intent = "pay_retry_paid"
            d.engine.paying.on_device(replace(result, op="wait"))
            return
        if result.kind == "payment" and result.op == "cancel" and (
                result.data.get("status") == "paid"):
            d.engine.paying.paid_after_close(result)  # paid just before "返回": refund
            return
        if result.kind in ("backend", "print", "staff") or result.op in ("refund", "cancel"):
            return  # late answers to fire-and-forget calls need no reaction
        if d.state in m.HELP_STATES and d.resume_to is not None and _answers(
                d.resume_to[0], result):
            # The device answered while we offered staff / asked "还在吗？" (e.g. the user
            # paid meanwhile): go back to the step silently and take the answer.
            d.silent_entry = True
            d.resume_question()
            d.silent_entry = False
            d.engine.on_device(result)
            return
        d.say("not_now")
        d.reprompt(say=False)


def _answers(state: str, result: DeviceResult) -> bool:
    """Whether ``result`` is what the dialog waits for in ``state``."""
    return state == State.BUSY or state == result.kind


ANSWER_HANDLERS: dict[State, Callable[[Inputs, str], bool]] = {
    State.MENU: Inputs._answer_menu,
    State.SUBMENU: Inputs._answer_submenu,
    State.CLARIFY_INTENT: Inputs._answer_clarify,
    State.CONFIRM_INTENT: Inputs._answer_confirm_intent,
    State.OFFER_STAFF: Inputs._answer_offer_staff,
    State.WAITING_STAFF: Inputs._answer_waiting_staff,
    State.STILL_THERE: Inputs._answer_still_there,
    State.READBACK: Inputs._answer_yes_no,
    State.CONFIRM: Inputs._answer_yes_no,
    State.GUIDE_OFFER: Inputs._answer_guide_offer,
    State.READING: Inputs._answer_reading,
    State.BROWSE: Inputs._answer_browse,
    State.CHOICE: Inputs._answer_choice,
    State.PAYMENT: Inputs._answer_payment,
    State.BUSY: Inputs._answer_busy,
}
"""What a key meaning or recognised word does in each state (:meth:`Inputs.apply_answer`);
the card, device and slot states take no such answer (their events go elsewhere)."""
STATE_NAMES = frozenset(State)
