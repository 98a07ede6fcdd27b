"""From a recogniser result to a dialog event (the runtime's "understand" step).

0. Hesitation words (那个, 就是: :data:`~assistant.voice.phrases.FILLER`) are dropped when
   the words are not a phrase with them.
1. Nothing but the unknown-word token, or mostly unknown words, or words that are not
   one grammar phrase (vosk loops over phrases: out-of-grammar speech comes back as
   "아니요 아니요") → **no match**.  A digit slot accepts any sequence of its words.
2. An in-grammar phrase is checked with the matcher, restricted to the intents this
   state allows and given the recogniser's confidence.  When the phrase (or the
   matcher) names an answer that a key of this prompt also means (``yes`` → ``1``), the
   event is that :class:`Key` — the dialog treats a key and an understood answer alike.
3. Anything else goes to the dialog as :class:`UserText` with the confidence; the dialog
   runs its own matcher (confirm on weak, clarify on near ties, refuse out of scope).

"No match" is the dialog's :class:`~assistant.dialog.events.NoMatch` event (it escalates
like a misunderstood answer and logs the utterance for staff).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from assistant.dialog.actions import Listen
from assistant.dialog.events import Event, Key, NoMatch, UserText
from assistant.nlu.types import OUT_OF_SCOPE, Decision, Match, Understander
from assistant.speech.asr import Result
from assistant.speech.grammar import UNK_TOKENS, join_words
from assistant.voice.phrases import (
    AMBIGUOUS,
    FILLER,
    LISTEN_PREFIX,
    SLOT,
    Expectation,
    PhraseBook,
)


def no_match(heard: str = "") -> NoMatch:
    """"Heard something, understood nothing"."""
    return NoMatch(heard)


@dataclass(frozen=True)
class Heard:
    """What the runtime made of one utterance (for logs, tests and the bench)."""

    text: str
    """Recognised text (spaces removed between Chinese words; kept for Hangul)."""
    confidence: float
    meaning: str | None
    """Intent or option id found, None when left to the dialog or not understood."""
    event: Event
    understood: bool
    """False when it was turned into a no-match."""


def key_for(listen: Listen, meaning: str) -> str | None:
    """The key of this prompt that means ``meaning`` (not in digit slots)."""
    if listen.kind == "slot":
        return None
    return next((k for k, v in listen.keys.items() if v == meaning), None)


class Interpreter:
    """Turns recogniser results into dialog events for one expectation at a time."""

    def __init__(self, nlu: Understander | None = None) -> None:
        self.nlu = nlu

    def interpret(self, result: Result, exp: Expectation, listen: Listen) -> Heard:
        unk = set(UNK_TOKENS) | ({exp.unk_token} if exp.unk_token else set())
        words = [w.word for w in result.words if w.word not in unk]
        unknown = len(result.words) - len(words)
        text = result.text.strip()
        conf = result.confidence
        phrase = " ".join(words)
        meaning = exp.lexicon.get(phrase)
        if meaning in (None, FILLER) and exp.fillers:  # "那个 补办 身份证" → "补办 身份证"
            core = [w for w in words if w not in exp.fillers]
            if not core:
                return Heard(text, conf, None, no_match(text), False)
            if len(core) < len(words):
                words, phrase = core, " ".join(core)
                meaning, text = exp.lexicon.get(phrase), join_words(core)
        if words and meaning is not None and meaning.startswith(LISTEN_PREFIX):
            # "救命 <UNK> <UNK>": an urgent word in an unknown sentence still counts
            said = text.replace(" ", "") if is_chinese(text) else text
            return Heard(said, conf, meaning, UserText(said, conf), True)
        if not words or unknown >= len(words):
            return Heard(text, conf, None, no_match(text), False)
        if exp.slot and all(w in exp.vocabulary for w in words):
            joined = "".join(words)
            if meaning not in (None, SLOT, AMBIGUOUS):
                return self._answer(text, conf, meaning, exp, listen)
            return Heard(joined, conf, SLOT, UserText(joined, conf), True)
        if meaning is None:
            return Heard(text, conf, None, no_match(text), False)
        return self._answer(text, conf, meaning, exp, listen)

    def _answer(self, text: str, conf: float, meaning: str, exp: Expectation,
                listen: Listen) -> Heard:
        said = text.replace(" ", "") if is_chinese(text) else text
        if self.nlu is not None and meaning in exp.allowed | {AMBIGUOUS}:
            match = self.nlu.understand(said, allowed=exp.allowed, asr_confidence=conf)
            if match.decision != Decision.ACCEPT or match.intent not in exp.allowed:
                return Heard(said, conf, None, UserText(said, conf), True)
            meaning = match.intent
        key = key_for(listen, meaning) if meaning != AMBIGUOUS else None
        if key is not None:
            return Heard(said, conf, meaning, Key(key), True)
        return Heard(said, conf, meaning or None, UserText(said, conf), True)


def is_chinese(text: str) -> bool:
    """True when ``text`` has a Han character (its words are joined without spaces)."""
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


class PhraseMatcher:
    """An exact-phrase :class:`Understander` over a :class:`PhraseBook`.

    For languages the intent matcher cannot normalise (the Korean test model) and as a
    strict fallback: whitespace-insensitive exact match, ``accept`` or ``out_of_scope``;
    a low recogniser confidence turns ``accept`` into ``confirm`` like the matcher does.
    """

    def __init__(self, book: PhraseBook, low_asr_confidence: float = 0.5) -> None:
        self.low = low_asr_confidence
        self._index: dict[str, str] = {}
        for meaning, phrases in book.phrases.items():
            for p in phrases:
                self._index.setdefault(_key(p), meaning)

    def understand(self, text: str, *, allowed: Collection[str] | None = None,
                   asr_confidence: float | None = None) -> Match:
        norm = _key(text)
        intent = self._index.get(norm)
        if intent is None or (allowed is not None and intent not in allowed):
            return Match(text, norm, OUT_OF_SCOPE, 1.0, Decision.OUT_OF_SCOPE)
        weak = asr_confidence is not None and asr_confidence < self.low
        return Match(text, norm, intent, 1.0, Decision.CONFIRM if weak else Decision.ACCEPT)


def _key(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())
