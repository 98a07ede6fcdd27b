"""The misunderstanding queue: which utterances the kiosk got wrong, and what the citizen
finally got.

One :class:`MisunderstandingLog` per session watches every turn (:class:`TurnFacts`, the
same for ``kiosk chat`` and the voice session) and records in the store's
``misunderstood`` table, masked, every utterance that the kiosk

* ``refused`` (not understood, or "这个我办不了");
* asked back about — "您是要补领驾驶证吗？" answered "不是" or with another request
  (``rejected``) or "是" (``confirmed``: right, but it had to ask), "您要办的是哪一项？"
  (``clarified``);
* acted on when the citizen's very next input corrected it ("不对", back, or another
  request: ``rephrased``);

with the kiosk's best guess (intent, probability, runner-up) and the intent that finally
served the citizen in that session (the next transaction started or question answered;
"" when none).  ``kiosk review`` (:mod:`assistant.staff.review`) groups them by that
intent into lines to paste into ``intents/``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from assistant.nlu.catalogue import SERVICE_INTENTS
from assistant.nlu.types import OUT_OF_SCOPE, Match
from assistant.store import Store

SERVING_INTENTS = frozenset(
    (*SERVICE_INTENTS, "guide.ask", "kiosk.locations", "kiosk.hours", "call_staff", "emergency")
)
"""Intents that *serve* a citizen (a transaction, an answer, a person)."""
CORRECTIONS = frozenset(("no", "back", "start_over"))
"""What a citizen says or keys right after the kiosk acted to say it got them wrong
("取消" is not one: a citizen may simply change their mind)."""
ASKING_STATES = ("confirm_intent", "clarify_intent")
ANSWER_STATES = ("confirm", "readback", "choice", "guide_offer", "still_there", "offer_staff",
                 *ASKING_STATES)
"""States where "不是" answers the kiosk's question rather than correcting it."""

Guesser = Callable[[str], Match | None]
"""The kiosk's best guess for an utterance (its understander, unrestricted)."""


@dataclass(frozen=True)
class TurnFacts:
    """What one input turn did, as seen from outside the dialog."""

    text: str | None
    """What the citizen said (typed or recognised); None for a key or a device event."""
    is_input: bool
    """The citizen acted (speech or a key), not a device or the clock."""
    state_before: str
    """Dialog state before the turn (``menu``, ``confirm_intent``, ``slot`` ...)."""
    state_after: str
    flow_before: str | None
    flow_after: str | None
    heard_intent: str | None
    """What the dialog took the input to mean (``Dialog.heard_intent``)."""
    not_understood: bool
    """The dialog did not understand the text (``Dialog.not_understood``)."""
    outcome: str | None = None
    """How the session ended, when it did in this turn."""


class DialogView(Protocol):
    """What :func:`facts_after` reads of a :class:`~assistant.dialog.Dialog`."""

    @property
    def state(self) -> str: ...
    @property
    def flow(self) -> str | None: ...
    @property
    def done(self) -> bool: ...
    @property
    def heard_intent(self) -> str | None: ...
    @property
    def not_understood(self) -> bool: ...
    @property
    def outcome(self) -> str | None: ...


Before = tuple[str, str | None]
"""``(state, flow)`` of the dialog before a turn (:func:`before`)."""


def before(dialog: DialogView) -> Before:
    """Take before handling an input; give to :func:`facts_after` afterwards."""
    return dialog.state, dialog.flow


def facts_after(dialog: DialogView, was: Before, text: str | None, is_input: bool) -> TurnFacts:
    """The :class:`TurnFacts` of the turn that just ran (``was``: :func:`before` it)."""
    return TurnFacts(
        text=text if text and text.strip() else None,
        is_input=is_input,
        state_before=was[0],
        state_after=dialog.state,
        flow_before=was[1],
        flow_after=dialog.flow,
        heard_intent=dialog.heard_intent,
        not_understood=dialog.not_understood,
        outcome=(dialog.outcome or "") if dialog.done else None,
    )


@dataclass
class _Pending:
    """An utterance waiting to learn what finally served the citizen."""

    text: str
    kind: str
    guess: str
    score: float
    second: str
    state: str
    flow: str | None
    said_no: bool = False
    """The kiosk's question about it was answered no."""


@dataclass
class MisunderstandingLog:
    """Records one session's misunderstandings into ``store`` (see the module doc)."""

    store: Store
    session_id: str
    guess: Guesser
    """Best guess for an utterance (``lambda t: nlu.understand(t)``)."""
    known: set[str] = field(default_factory=set)
    """Personal strings of this session (name and number from the card), masked."""
    pending: list[_Pending] = field(default_factory=list)
    """Utterances waiting for the intent that finally serves the citizen."""
    acted_on: _Pending | None = None
    """The utterance the kiosk just acted on without asking (rephrased if corrected next)."""

    def observe(self, facts: TurnFacts) -> None:
        """Take one turn into account (call after every turn of the session)."""
        if not facts.is_input:
            if facts.outcome is not None:
                self.close(facts.outcome)
            return
        acted_on, self.acted_on = self.acted_on, None
        if acted_on is not None and self._corrects(facts):
            match = self.guess(acted_on.text)
            if match is not None and match.intent == acted_on.guess:
                acted_on.score = match.score
                acted_on.second = match.runner_up.intent if match.runner_up else ""
            self.pending.append(acted_on)
        # a switch of service mid-flow is always asked ("您是要改成……吗？"): no doubt
        switch = facts.flow_before is not None and facts.flow_after == facts.flow_before
        asking = facts.state_after in ASKING_STATES and not switch
        served = self._served(facts)
        if facts.state_before == "confirm_intent" and facts.heard_intent == "no":
            for item in self.pending:
                if item.kind == "confirm":
                    item.said_no = True
        if facts.text and (facts.not_understood or asking):
            self.pending.append(self._item(facts, "refused" if facts.not_understood else
                                           "confirm" if facts.state_after == "confirm_intent"
                                           else "clarified"))
        elif facts.text and served is not None and facts.state_before not in ASKING_STATES:
            self.acted_on = _Pending(facts.text, "rephrased", served, 0.0, "",
                                     facts.state_before, facts.flow_before)
        if served is not None:
            self._resolve(served)
        if facts.outcome is not None:
            self.close(facts.outcome)

    def close(self, outcome: str = "") -> None:
        """The session ended: what is still waiting was served by nothing."""
        self.acted_on = None
        for item in self.pending:
            self._write(item, "", outcome)
        self.pending = []

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _served(facts: TurnFacts) -> str | None:
        """The intent this turn served the citizen with (None: not served yet)."""
        intent = facts.heard_intent
        if (intent in SERVING_INTENTS and facts.state_after not in ASKING_STATES
                and not facts.not_understood):
            return intent
        if facts.flow_after and facts.flow_after != facts.flow_before and (
                facts.state_after not in ASKING_STATES):
            return facts.flow_after
        return None

    @staticmethod
    def _corrects(facts: TurnFacts) -> bool:
        """The input right after the kiosk acted says it was wrong: "不对"/back where no
        yes/no question was asked, or a switch to another service (asked, or done).  A
        question on the side ("要多少钱") or the next request after an answer is not."""
        if facts.heard_intent in CORRECTIONS and facts.state_before not in ANSWER_STATES:
            return True
        if facts.flow_before is None:
            return False
        switch_asked = (facts.flow_after == facts.flow_before
                        and facts.state_after == "confirm_intent")
        return switch_asked or facts.flow_after not in (None, facts.flow_before)

    def _item(self, facts: TurnFacts, kind: str) -> _Pending:
        assert facts.text is not None
        match = self.guess(facts.text)
        if match is None:
            return _Pending(facts.text, kind, facts.heard_intent or OUT_OF_SCOPE, 0.0, "",
                            facts.state_before, facts.flow_before)
        second = match.runner_up.intent if match.runner_up is not None else ""
        return _Pending(facts.text, kind, match.intent, match.score, second,
                        facts.state_before, facts.flow_before)

    def _resolve(self, served: str) -> None:
        for item in self.pending:
            self._write(item, served, "")
        self.pending = []

    def _write(self, item: _Pending, served: str, outcome: str) -> None:
        kind = item.kind
        if kind == "confirm":
            kind = "confirmed" if served == item.guess and not item.said_no else "rejected"
        self.store.log_misunderstood(
            self.session_id, item.text, kind=kind, guess=item.guess, score=item.score,
            second=item.second, state=item.state, flow=item.flow, served=served,
            outcome=outcome, known=self.known)


def guesser(understander: object) -> Guesser:
    """A :data:`Guesser` over the dialog's understander (None: no guesses)."""
    understand = getattr(understander, "understand", None)
    if understand is None:
        return lambda text: None

    def guess(text: str) -> Match | None:
        result = understand(text)
        return result if isinstance(result, Match) else None

    return guess
