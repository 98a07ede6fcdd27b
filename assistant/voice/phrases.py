"""What the recogniser may hear now: phrases per dialog expectation → vosk grammar.

Rhasspy style: each ``Listen`` gets a restricted grammar made of the phrases that are
valid answers in that state — the allowed intents' example phrases, the universal
commands, the option words of the current prompt, ordinals ("一", "第二个") and, in a
digit slot, the digit/letter vocabulary (幺, 洞, 两, plate letters) — plus the model's
unknown-word token.  Every phrase is segmented into vocabulary words
(:func:`assistant.speech.grammar.segment`); phrases the model cannot say are dropped.
Each kept phrase remembers its *meaning* (intent name or option id), so an in-grammar
result is understood without guessing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from assistant.dialog.actions import Listen
from assistant.dialog.meanings import UNIVERSAL
from assistant.dialog.prompts import ORDINAL_WORDS
from assistant.speech.grammar import WordLookup, detect_unk_token, model_lookup, segment
from assistant.voice.endpoint import FILLER_WORDS

if TYPE_CHECKING:
    from assistant.nlu.intents import IntentSet

log = logging.getLogger(__name__)

AMBIGUOUS = ""
"""Meaning of a phrase listed under two different meanings (never acted on directly)."""
SLOT = "slot"
"""Meaning of slot vocabulary (digits, letters)."""
DIGIT_WORDS: tuple[str, ...] = (
    *"零一二三四五六七八九十", "幺", "洞", "两", "百", "千", "万", "叉", "浙", "杠",
    *"ABCDEFGHJKLMNPQRSTUVWXYZ",
)
"""Words of digit slots (ID, phone, plate numbers): digits incl. 幺=1 洞=0, X, letters."""
YES_NO = ("yes", "no")
SKIP_INTENTS = frozenset({"out_of_scope"})
LISTEN_PREFIX = "listen:"
"""Meanings of the ``common.yaml`` ``listen_for`` words (救命, 叫个人, 慢一点…): part of every
state's grammar, passed to the dialog as text, which acts on them in any state."""
FILLER = "filler:"
"""Meaning of the hesitation words (那个, 就是 …): in every grammar but the digit slots, so
that "那个……补办身份证" is heard as one utterance; never acted on
(:mod:`assistant.voice.endpoint`)."""
NOT_SAID_ALONE = frozenset({"not_urgent_with", "past_event", "still_happening", "urgent_now",
                            "amenity", "not_real"})
"""``listen_for`` lists that qualify other words and are not phrases of their own."""


def listen_words(listen_for: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """``listen_for`` lists as phrase-book meanings (``listen:emergency`` → words)."""
    return {f"{LISTEN_PREFIX}{name}": tuple(words) for name, words in listen_for.items()
            if name not in NOT_SAID_ALONE}


@dataclass(frozen=True)
class PhraseBook:
    """Meaning (intent name) → phrases the recogniser may hear for it."""

    phrases: Mapping[str, tuple[str, ...]]
    slot_words: tuple[str, ...] = DIGIT_WORDS
    fillers: tuple[str, ...] = FILLER_WORDS
    """Hesitation words (``_fillers:`` of a phrase file; default Chinese)."""

    @classmethod
    def from_intents(
        cls, intents: IntentSet | None, words: Mapping[str, Iterable[str]] = {}
    ) -> PhraseBook:
        """Intent examples (``intents/``) plus the command words of ``common.yaml``."""
        book: dict[str, list[str]] = {}
        for intent in intents or ():
            if intent.name not in SKIP_INTENTS:
                book.setdefault(intent.name, []).extend(e.text for e in intent.examples)
        for meaning, items in words.items():
            book.setdefault(meaning, []).extend(items)
        return cls({k: tuple(dict.fromkeys(v)) for k, v in book.items()})

    @classmethod
    def from_yaml(cls, path: Path) -> PhraseBook:
        """A small phrase file ``{intent: [phrase, ...]}`` (e.g. a test language)."""
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        slot = data.pop("_slot_words", None)
        fillers = data.pop("_fillers", None)
        phrases = {_name(k): tuple(str(p) for p in v) for k, v in data.items()}
        return cls(phrases, tuple(str(w) for w in slot) if slot else DIGIT_WORDS,
                   tuple(str(w) for w in fillers) if fillers else FILLER_WORDS)

    def of(self, meaning: str) -> tuple[str, ...]:
        return tuple(self.phrases.get(meaning, ()))


def _name(key: object) -> str:
    """YAML reads an unquoted ``yes:``/``no:`` as a boolean: give the intent name back."""
    if isinstance(key, bool):
        return "yes" if key else "no"
    return str(key)


@dataclass(frozen=True)
class Expectation:
    """The compiled grammar of one ``Listen``."""

    grammar: list[str]
    """What vosk takes: phrases as vocabulary words + the unknown-word token."""
    lexicon: dict[str, str]
    """Segmented phrase → meaning (:data:`AMBIGUOUS` when two meanings share it)."""
    allowed: frozenset[str]
    """Intents the matcher may return here (restricted understanding)."""
    slot: bool = False
    """A digit slot: any sequence of :attr:`vocabulary` words is an answer."""
    vocabulary: frozenset[str] = field(default_factory=frozenset)
    unk_token: str | None = None
    dropped: int = 0
    """Phrases left out because the model cannot say them."""
    fillers: frozenset[str] = frozenset()
    """Hesitation words in this grammar (vocabulary words, :data:`FILLER`)."""


def wanted(listen: Listen, book: PhraseBook, prompt_words: Mapping[str, Iterable[str]] = {},
           ) -> tuple[dict[str, list[str]], frozenset[str]]:
    """Meaning → phrases valid for ``listen``, and the intents the matcher may return."""
    allowed: set[str] = {u for u in UNIVERSAL if u != "start_over"}
    meanings: dict[str, list[str]] = {u: list(book.of(u)) for u in UNIVERSAL}
    if listen.kind == "confirm":
        allowed.update(YES_NO)
    elif listen.kind == "intent":
        allowed.update(book.phrases)
    elif listen.kind == "choice":
        allowed.update(o for o in listen.options if o in book.phrases)
    for meaning in allowed:
        meanings.setdefault(meaning, []).extend(book.of(meaning))
    for option, words in prompt_words.items():
        meanings.setdefault(option, []).extend(words)
    if listen.kind in ("intent", "choice"):
        for i, option in enumerate(listen.options[: len(ORDINAL_WORDS)]):
            meanings.setdefault(option, []).extend(
                [ORDINAL_WORDS[i], f"第{ORDINAL_WORDS[i]}个", f"第{ORDINAL_WORDS[i]}"])
    if listen.grammar:
        meanings.setdefault(AMBIGUOUS, []).extend(listen.grammar)
    for meaning in book.phrases:  # urgent words, staff, settings: heard in every state
        if meaning.startswith(LISTEN_PREFIX):
            meanings.setdefault(meaning, []).extend(book.of(meaning))
    return meanings, frozenset(allowed)


class GrammarCompiler:
    """Compiles (and caches) one :class:`Expectation` per distinct ``Listen``."""

    def __init__(self, model: Any, book: PhraseBook, unk_token: str | None = None,
                 known: WordLookup | None = None) -> None:
        self.book = book
        self.known = known or model_lookup(model)
        self.unk_token = unk_token or detect_unk_token(self.known)
        self._cache: dict[tuple[Any, ...], Expectation] = {}

    def compile(self, listen: Listen, prompt_words: Mapping[str, Iterable[str]] = {}
                ) -> Expectation:
        words = {k: tuple(v) for k, v in prompt_words.items()}
        key = (listen.kind, listen.slot, listen.options, listen.grammar,
               tuple(sorted(words.items())))
        if key not in self._cache:
            self._cache[key] = self._build(listen, words)
        return self._cache[key]

    def _build(self, listen: Listen, prompt_words: Mapping[str, Iterable[str]]) -> Expectation:
        meanings, allowed = wanted(listen, self.book, prompt_words)
        slot = listen.kind == "slot"
        if slot:
            meanings[SLOT] = list(self.book.slot_words)
        lexicon: dict[str, str] = {}
        dropped = 0
        for meaning, phrases in meanings.items():
            for phrase in phrases:
                words, missing = segment(phrase, self.known)
                if missing or not words:
                    dropped += 1
                    continue
                seg = " ".join(words)
                if lexicon.setdefault(seg, meaning) != meaning:
                    lexicon[seg] = AMBIGUOUS
        fillers: set[str] = set()
        if not slot:  # hesitations: heard (one utterance), never meant
            for phrase in self.book.fillers:
                words, missing = segment(phrase, self.known)
                if len(words) == 1 and not missing and words[0] not in lexicon:
                    lexicon[words[0]] = FILLER
                    fillers.add(words[0])
        if dropped:
            log.debug("%d grammar phrases dropped for %s: not in the model vocabulary",
                      dropped, listen.kind)
        if not lexicon:
            log.warning("no phrase of %r is recognisable with this model; keys only",
                        listen.kind)
        vocab = frozenset(w for seg in lexicon for w in seg.split())
        grammar = [*lexicon, *([self.unk_token] if self.unk_token else [])]
        return Expectation(grammar, lexicon, allowed, slot, vocab, self.unk_token, dropped,
                           frozenset(fillers))
