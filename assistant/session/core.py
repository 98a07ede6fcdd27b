"""What every front end does around one person's dialog, whatever drives it.

:class:`SessionCore` holds one person's session at the kiosk: the dialog, the simulated
devices and the :class:`~assistant.adapters.runner.Executor` that runs the dialog's
``CallAdapter`` actions on them, the personal strings seen so far (:attr:`SessionCore.
secrets`: the name and number read from an ID card) and the recording into the store —
every turn masked with them, speech not understood, the misunderstanding queue, the end.
The line-driven host (:class:`assistant.session.host.Host`: ``kiosk chat``, the screen)
and the voice session (:class:`assistant.voice.session.VoiceSession`: ``kiosk run``) both
keep one; neither records or masks anything itself.

:func:`build_dialog` and :func:`next_dialog` make the dialogs (the first person's, then
the next person's over the same texts and understander, after :func:`refresh_staff_files`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from assistant.adapters.devices import Simulation
from assistant.adapters.runner import Executor
from assistant.dialog import CallAdapter, Dialog, DialogConfig, Event, new_dialog
from assistant.dialog.core import GuideAnswerer
from assistant.dialog.directions import load_directions, this_device
from assistant.dialog.events import CardInserted, CardRemoved, DeviceResult, Key, NoMatch, UserText
from assistant.dialog.texts import FlowTexts
from assistant.errors import AdapterError
from assistant.nlu.intents import IntentSet
from assistant.nlu.types import Match, Understander
from assistant.session import script
from assistant.staff.misunderstood import (
    Before,
    Guesser,
    MisunderstandingLog,
    before,
    facts_after,
    guesser,
)
from assistant.store import Store, mask


def kiosk_config(site_devices: frozenset[str] | None = None) -> DialogConfig:
    """The dialog settings of this kiosk: where things are at the site (``guides/site.
    yaml``), this terminal, and — for a convenience site without some terminals — the
    devices there (``--site-devices``; ``None``: all)."""
    return DialogConfig(site_devices=site_devices, directions=load_directions(),
                        this_device=this_device())


def parse_site_devices(value: str) -> frozenset[str]:
    """``--site-devices household,traffic`` → the set of terminals at this site."""
    return frozenset(v.strip() for v in value.split(",") if v.strip())


def intents_of(nlu: Understander | None) -> IntentSet | None:
    """The intent set the understander matches against (the dialog reads the intents'
    titles and confirmations from it), or None."""
    intents = getattr(getattr(nlu, "matcher", None), "intents", None)
    return intents if isinstance(intents, IntentSet) else None


def build_dialog(texts: FlowTexts, *, nlu: Understander | None, today: date, session_id: str,
                 config: DialogConfig | None = None,
                 guide_answers: GuideAnswerer | None = None) -> Dialog:
    """The first person's dialog at a kiosk (``config``: default :func:`kiosk_config`)."""
    return new_dialog(texts, nlu=nlu, today=today, session_id=session_id,
                      config=config if config is not None else kiosk_config(),
                      intents=intents_of(nlu), guide_answers=guide_answers)


def refresh_staff_files(nlu: Understander | None) -> bool:
    """Between two people: let the understander switch to intent and guide files staff
    edited meanwhile (:func:`assistant.nlu.live.refresh`; never during a session)."""
    from assistant.nlu.live import refresh

    return refresh(nlu)


def next_dialog(previous: Dialog, session_id: str) -> Dialog:
    """The next person's dialog at the same kiosk: nothing of the last person (default
    rate and volume), the same texts, understander, settings and keypad — after the
    understander has looked for edited staff files (:func:`refresh_staff_files`)."""
    d = previous
    refresh_staff_files(d.nlu)
    return new_dialog(d.texts, nlu=d.nlu, today=d.today, session_id=session_id,
                      config=d.config, intents=intents_of(d.nlu) or d.intents,
                      guide_answers=d.guide_answers, keypad=d.keypad)


FOLLOW_ON_S = 60.0
"""How soon after a completed service a new session's first question may be about it."""


def done_of(dialog: Dialog) -> tuple[str, float] | None:
    """``(the service dialog completed, when it ended)`` — a name and a time, nothing of
    the person — or ``None``."""
    if dialog.finished_flow is None or dialog.ended_at is None:
        return None
    return dialog.finished_flow, dialog.ended_at


def follow_on(done: tuple[str, float] | None, dialog: Dialog, now: float) -> None:
    """Let ``dialog`` answer a first question about the service the previous session
    completed (``done``, :func:`done_of`: "……办好了。" — "那新证几天能寄到啊"), when it
    begins within :data:`FOLLOW_ON_S` of that end."""
    if done is not None and 0 <= now - done[1] <= FOLLOW_ON_S:
        dialog.follows = done[0]


def dialog_guesser(dialog: Dialog) -> Guesser:
    """The misunderstanding queue's best guess (:func:`assistant.staff.misunderstood.
    guesser`: the understander, unrestricted) asked through :meth:`Dialog.understand`, so
    an utterance the dialog has just understood unrestricted in this event is not
    understood a second time for the queue (the same call, the same answer)."""
    if dialog.nlu is None:
        return guesser(None)

    def guess(text: str) -> Match | None:
        result = dialog.understand(text)
        return result if isinstance(result, Match) else None

    return guess


class SessionCore:
    """One person's session: dialog, devices, executor, secrets and recording.

    With a ``store``, the session is opened at once and every record is masked with
    :attr:`secrets` (:func:`assistant.store.mask`); without one, recording does nothing.
    """

    def __init__(self, dialog: Dialog, sim: Simulation, store: Store | None = None,
                 session_id: str = "", secrets: set[str] | None = None) -> None:
        self.dialog = dialog
        self.sim = sim
        self.store = store
        self.session_id = session_id or dialog.session_id
        """Unique per session (:func:`assistant.store.new_session_id`)."""
        self.secrets: set[str] = secrets if secrets is not None else set()
        """Personal strings of this session (the card holder's name and ID number): masked
        in every record, log line and terminal line."""
        self.executor = Executor(sim.devices, store, self.session_id)
        """Runs the dialog's adapter calls (and journals payments)."""
        self.card_left: script.PosOutcome | None = None
        """A bank card put into the POS reader while it was not armed, until the kiosk
        has answered that (:meth:`card_still_in`)."""
        self.misunderstood: MisunderstandingLog | None = None
        """The session's misunderstanding queue (with a store)."""
        if store is not None:
            store.open_session(self.session_id)
            self.misunderstood = MisunderstandingLog(store, self.session_id,
                                                     dialog_guesser(dialog), self.secrets)

    # ------------------------------------------------------------------ masking
    def mask(self, text: str, *, speech: bool = False) -> str:
        """``text`` fit for a log or a terminal: :attr:`secrets`, long numbers and plates
        masked; with ``speech`` (what a citizen said) names and addresses too."""
        return mask(text, self.secrets, speech=speech)

    # ------------------------------------------------------------------ devices
    def call(self, action: CallAdapter) -> DeviceResult | None:
        """Run an adapter call; its result, or None while it waits for the citizen (the
        face camera, the payment) — :meth:`resolve` answers it then."""
        return self.executor.run(action)

    def resolve(self, kind: str) -> DeviceResult | None:
        """The answer of the waiting call of device ``kind`` (None: none waits)."""
        return self.executor.resolve(kind)

    def read_card(self, name: str) -> CardInserted:
        """Demo card ``name`` put on the reader and read; its holder's name and number
        are secrets from now on.  An unreadable card gives ``CardInserted(None)``."""
        self.sim.card.insert(name)
        try:
            card = self.sim.card.read()
        except AdapterError:
            return CardInserted(None)
        self.secrets.update({card.name, card.number})
        return CardInserted(card)

    def device_event(self, item: script.ScriptLine) -> Event | None:
        """The dialog event of a device line (``<card:NAME>``, ``<card-removed>``,
        ``<staff:arrived>``, ``<face:ok>``, ``<pos:pin>``, ``<permit:hk>``); None for a line
        that is not about a device."""
        match item:
            case script.CardLine(name):
                return self.read_card(name)
            case script.CardRemovedLine():
                self.sim.card.remove()
                return CardRemoved()
            case script.StaffLine():
                return DeviceResult("staff", "ok", "arrived")
            case script.DeviceLine():
                return self._device(item)
            case script.PosLine(outcome):
                return self._pos(outcome)
            case script.PermitLine(name):
                return self._permit(name)
        return None

    def _device(self, item: script.DeviceLine) -> Event:
        """``<face:ok>`` …: the camera, fingerprint reader or payment the kiosk waits for
        gives this outcome (not waited for: the dialog hears the bare result)."""
        kind, outcome = item.kind, item.outcome
        if kind not in self.executor.pending:
            return DeviceResult(kind, outcome, "")
        scripts: dict[str, Callable[[script.DeviceOutcome], None]] = {
            "face": self.sim.face.script, "photo": self.sim.photo.script,
            "finger": self.sim.finger.script, "payment": self.sim.payment.script}
        scripts[kind](outcome)
        result = self.executor.resolve(kind)
        assert result is not None
        return result

    def payment_expiry(self) -> float | None:
        """Clock time at which the order the kiosk waits to be paid expires unpaid (None:
        no payment waits): a citizen who walks away from the QR code or the card reader
        gets the terminal's timeout then, as from a real terminal."""
        pending = self.executor.pending.get("payment")
        order_id = pending.args.get("order_id") if pending is not None else None
        if not isinstance(order_id, str):
            return None
        return self.sim.payment.expires_at(order_id)

    def expire_payment(self) -> Event:
        """The waiting payment given up by the terminal (see :meth:`payment_expiry`)."""
        return self._terminal_answers("timeout")

    def _pos(self, outcome: script.PosOutcome) -> Event:
        """A card on the POS reader (``<pos:ok|fail|timeout|pin>``): it answers the card
        payment the kiosk waits for; while another method is on, the reader is not armed
        (``pos_idle``: the dialog offers the card)."""
        if not self._card_armed():
            self.card_left = outcome  # it stays in the slot while the kiosk answers
            return DeviceResult("payment", "ok", "pos_idle")
        return self._terminal_answers(outcome)

    def card_still_in(self) -> Event | None:
        """A card put into the reader before it was armed (:meth:`_pos` gave ``pos_idle``)
        is still in the slot once the kiosk's answer to it has armed the reader (the
        retry after a wrong PIN, the switch from the QR code to the card): the terminal
        reads it then, as a real one does.  ``None`` when nothing was armed for it; the
        card counts for the answer to its own event only."""
        outcome, self.card_left = self.card_left, None
        if outcome is None or not self._card_armed():
            return None
        return self._terminal_answers(outcome)

    def _card_armed(self) -> bool:
        """The kiosk waits for a card payment (the POS reader is armed)."""
        pending = self.executor.pending.get("payment")
        return pending is not None and pending.args.get("method") == "card"

    def _terminal_answers(self, outcome: script.PosOutcome) -> Event:
        """The payment the kiosk waits for, answered by the terminal with ``outcome``."""
        self.sim.payment.script(outcome)
        result = self.executor.resolve("payment")
        assert result is not None
        return result

    def _permit(self, name: str) -> Event:
        """``<permit:NAME>`` puts a demo e-permit on the reader (``none``: the user has none;
        ``timeout``: nothing comes); it answers the read the kiosk waits for."""
        self.sim.permit.place(name)
        pending = self.executor.pending.get("backend")
        if pending is None or pending.name != "permit":
            return DeviceResult("card", "ok", "permit_idle")  # not asked for now
        result = self.executor.resolve("backend")
        assert result is not None
        return result

    # ------------------------------------------------------------------ recording
    def before(self, event: Event) -> tuple[Before, str | None, bool]:
        """What :meth:`observe` needs to judge the dialog's answer to ``event`` (taken
        before the dialog handles it)."""
        return (before(self.dialog), event.text if isinstance(event, UserText) else None,
                isinstance(event, UserText | Key))

    def log_turn(self, n: int, *, heard: str | None, intent: str | None, state: str,
                 say: str, speech: bool = True) -> None:
        """Turn ``n`` into the store (masked: :attr:`secrets`, numbers, plates; what was
        heard also names and addresses — unless ``speech`` is False: an input of a fixed
        vocabulary such as a key or a device result, :meth:`Store.log_turn`)."""
        if self.store is not None:
            self.store.log_turn(self.session_id, n, heard=heard, intent=intent, state=state,
                                say=say, known=self.secrets, speech=speech)

    def log_unrecognised(self, text: str, *, state: str, flow: str | None) -> None:
        """Speech the kiosk did not understand, masked, for staff to review."""
        if self.store is not None:
            self.store.log_unrecognised(text, state=state, flow=flow, known=self.secrets)

    def observe(self, taken: tuple[Before, str | None, bool]) -> None:
        """The dialog has answered the input :meth:`before` was taken for: into the
        misunderstanding queue."""
        if self.misunderstood is not None:
            was, text, is_input = taken
            self.misunderstood.observe(facts_after(self.dialog, was, text, is_input))

    def end(self, outcome: str, flow: str | None, *, where: str | None) -> None:
        """The session ended: the misunderstanding queue closed, the session's outcome
        recorded and its conversation wiped."""
        if self.misunderstood is not None:
            self.misunderstood.close(outcome)
        if self.store is not None:
            self.store.end_session(self.session_id, outcome, flow, where=where)

    def close_queue(self, outcome: str = "stopped") -> None:
        """What waits in the misunderstanding queue is recorded as served by nothing (the
        script or the terminal ended mid-session)."""
        if self.misunderstood is not None:
            self.misunderstood.close(outcome)

    def event_of(self, item: script.ScriptLine) -> Event | None:
        """The dialog event of a line that is speech, a key, no-match or a device line;
        None for silence, a wait and an unknown line (the host decides about those)."""
        match item:
            case script.TextLine(text):
                return UserText(text)
            case script.KeyLine(key):
                return Key(key)
            case script.NoMatchLine():
                return NoMatch()
        return self.device_event(item)
