"""Typed results of understanding one utterance."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

OUT_OF_SCOPE = "out_of_scope"
"""Intent name given to anything the kiosk does not handle."""


class Decision(StrEnum):
    """What the dialog should do with a match (see ``assistant.config.MatcherConfig``)."""

    ACCEPT = "accept"
    """Strong, unambiguous match: act on it."""
    CONFIRM = "confirm"
    """Weak match: ask "您是要……吗？" before acting."""
    CLARIFY = "clarify"
    """Two intents scored too close: ask which of the two."""
    OUT_OF_SCOPE = "out_of_scope"
    """Nothing matched well enough: say politely what the kiosk can do."""


@dataclass(frozen=True)
class Candidate:
    """One scored intent."""

    intent: str
    """Intent name, e.g. ``id_card.renew``."""
    score: float
    """Calibrated probability in [0, 1]."""
    example: str
    """The intent example (expanded, as written) closest to the utterance."""


@dataclass(frozen=True)
class GuideRef:
    """A service guide linked to the recognised intent."""

    id: str
    title: str


@dataclass(frozen=True)
class Match:
    """The understanding of one utterance."""

    text: str
    """The utterance as received (typed, or the recogniser's transcript)."""
    normalized: str
    """The utterance after normalisation (what was matched)."""
    intent: str
    """Best intent name, or ``out_of_scope``."""
    score: float
    """Calibrated score of ``intent`` in [0, 1]."""
    decision: Decision
    """What to do with it."""
    runner_up: Candidate | None = None
    """Best-scoring *other* intent, if any."""
    slots: dict[str, Any] = field(default_factory=dict)
    """Extracted slot values in canonical form (``{"plate_number": "浙L12345"}``)."""
    guide: GuideRef | None = None
    """Guide for the intent (or for the service a ``guide.ask`` is about)."""
    example: str = ""
    """Closest example of ``intent``."""
    candidates: tuple[Candidate, ...] = ()
    """The best intents (up to 3) with their probabilities, best first."""
    evidence: tuple[tuple[str, float], ...] = ()
    """The words (character or sound n-grams) that most favoured ``intent`` over the
    runner-up, with how much: what ``kiosk nlu`` shows staff as *why*."""
    clause: str = ""
    """The clause of a long utterance that was understood ("" when the whole was)."""
    asks: str = ""
    """Why the kiosk asks before acting although the model is sure (a Chinese phrase for
    staff: "说到的证件（行驶证）和这项业务对不上"); "" when it is not such a case."""
    asked: Match | None = None
    """The question said with a request ("办护照多少钱，我先把罚款交掉"): its own reading
    (``guide.ask``), to be answered before the request is confirmed; None otherwise."""

    def to_json(self) -> dict[str, Any]:
        """The ``kiosk nlu --json`` object (DESIGN.md contract) plus decision details."""
        return {
            "text": self.text,
            "intent": self.intent,
            "score": round(self.score, 3),
            "slots": dict(self.slots),
            "guide": None
            if self.guide is None
            else {"id": self.guide.id, "title": self.guide.title},
            "decision": self.decision.value,
            "runner_up": None
            if self.runner_up is None
            else {"intent": self.runner_up.intent, "score": round(self.runner_up.score, 3)},
            "candidates": [
                {"intent": c.intent, "score": round(c.score, 3)} for c in self.candidates
            ],
            "evidence": [w for w, _ in self.evidence],
            "clause": self.clause or None,
            "asks": self.asks or None,
        }


class Understander(Protocol):
    """Anything that turns an utterance into a :class:`Match` (the matcher implements it)."""

    def understand(
        self,
        text: str,
        *,
        allowed: Collection[str] | None = None,
        asr_confidence: float | None = None,
    ) -> Match:
        """Understand ``text``.

        ``allowed`` restricts the candidate intents (e.g. only ``yes``/``no`` and the
        universal commands while confirming); ``asr_confidence`` (0-1, from the
        recogniser) turns a would-be ``accept`` into ``confirm`` when low.
        """
        ...


class GuideFinder(Protocol):
    """Finds the service guide a question is about (``assistant.guides.finder``)."""

    def find(self, text: str) -> GuideRef | None:
        """The guide ``text`` (a question with its aspect words removed) is about, or None."""
        ...
