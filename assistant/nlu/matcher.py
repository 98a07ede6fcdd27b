"""The intent matcher: fuzzy matching on characters and on folded pinyin.

Every example of every intent is normalised (:mod:`assistant.nlu.normalize`) and turned
into a *sound key* (:mod:`assistant.nlu.phonetic`), one symbol per folded syllable, so a
homophone or Wu-accent error costs nothing.  An utterance is scored against all examples
at once with rapidfuzz:

* ``ratio``: whole-utterance similarity (1 − indel distance / total length), and
* ``partial_ratio``: the example found *inside* a longer utterance ("同志你好我身份证丢了
  想补一张"), weighted down by how little of the utterance it covers, so a two-syllable
  example cannot claim a long sentence on its own.

Slot values (plates, ID and phone numbers) are masked first: they say nothing about what
the user wants.  An intent's score is that of its best example, then lowered by how much
worse the intent's whole vocabulary (:mod:`assistant.nlu.weights`, IDF-weighted syllable
n-grams) fits the utterance than the best-fitting intent's, and by how little of the
utterance's informative sound the intent uses at all.  This is what tells 行驶证丢了 from
驾驶证丢了 and rejects "我想买两斤苹果".  The decision (accept / confirm / clarify /
out_of_scope) follows the thresholds in :class:`assistant.config.MatcherConfig`; the
``reject`` examples of the ``out_of_scope`` intent compete like any other intent, so near
misses (社保卡补办) are recognised as such.

Questions *about* a service ("补办身份证要带什么") are recognised structurally: a word of
the ``aspect`` slot of ``guide.ask`` is found, removed, and the rest is matched against
the service intents (and the reject examples); the result is ``guide.ask`` with slots
``aspect`` and ``service``.  A question about a service outside the catalogue
("护照在哪里办") gets its guide from the optional :class:`GuideFinder`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from assistant.config import MatcherConfig
from assistant.nlu.intents import Intent, IntentSet
from assistant.nlu.normalize import normalize
from assistant.nlu.phonetic import sound_key
from assistant.nlu.slots import extract
from assistant.nlu.types import (
    OUT_OF_SCOPE,
    Candidate,
    Decision,
    GuideFinder,
    GuideRef,
    Match,
)
from assistant.nlu.weights import IntentVocabulary

GUIDE_ASK = "guide.ask"


@dataclass(frozen=True)
class _Topic:
    """What a question is about: a service of ours, or (``rejected``) something else."""

    score: float
    slots: dict[str, Any]
    rejected: bool = False


@dataclass(frozen=True)
class Scored:
    """Per-intent best scores for one utterance."""

    scores: NDArray[np.float64]
    """Best example score per intent (index as :attr:`Matcher.names`), in [0, 1]."""
    best_example: NDArray[np.int64]
    """Index (into :attr:`Matcher.examples`) of each intent's best example."""


class Matcher:
    """Understands utterances against an :class:`IntentSet`; implements ``Understander``."""

    def __init__(
        self,
        intents: IntentSet,
        config: MatcherConfig | None = None,
        guides: GuideFinder | None = None,
    ) -> None:
        self.intents = intents
        self.config = config or MatcherConfig.from_env()
        self.guides = guides
        """Resolves questions about services outside the catalogue to a guide (optional)."""
        self.names: list[str] = sorted(intents.intents)
        self._index = {name: i for i, name in enumerate(self.names)}
        examples: list[tuple[int, str, str]] = []
        self.example_lines: list[tuple[str, int]] = []
        """``(path, line)`` each example was written on (for leave-one-line-out checks)."""
        for i, name in enumerate(self.names):
            seen: set[str] = set()
            for ex in intents[name].examples:
                norm = normalize(ex.text)
                if norm and norm not in seen:
                    seen.add(norm)
                    examples.append((i, ex.text, norm))
                    self.example_lines.append((ex.path, ex.line))
        self.examples: list[str] = [text for _, text, _ in examples]
        self._owner = np.array([i for i, _, _ in examples], dtype=np.int64)
        self._keys = [sound_key(mask_values(norm)) for _, _, norm in examples]
        self._lengths = np.array([max(len(k), 1) for k in self._keys], dtype=np.float64)
        self._starts = np.searchsorted(self._owner, np.arange(len(self.names)))
        self._empty = np.bincount(self._owner, minlength=len(self.names)) == 0
        self._service_mask = np.array(
            [intents[n].kind in ("service", "query") for n in self.names], dtype=bool
        )
        self._vocabulary = IntentVocabulary(self._keys, self._owner, len(self.names))
        self._reject_mask = np.array([n == OUT_OF_SCOPE for n in self.names], dtype=bool)
        self._enums = {
            (intent.name, spec.name): self._enum_words(intent.name, spec.name)
            for intent in intents
            for spec in intent.slots
            if spec.type == "enum"
        }
        """Normalised words of every enum slot, built once (not per utterance)."""
        self._aspects = self._enums.get((GUIDE_ASK, "aspect"), [])
        self._line_ids: NDArray[np.int64] | None = None
        self._line_index: dict[tuple[str, int], int] = {}

    # -- scoring ---------------------------------------------------------------------

    def score(self, norm: str, exclude: NDArray[np.bool_] | None = None) -> Scored:
        """Score a normalised utterance against every intent.

        ``exclude`` (one flag per example) leaves examples out, for leave-one-out tests.
        """
        cfg = self.config
        key = sound_key(norm)
        n = len(self.names)
        if not key or not self._keys:
            return Scored(np.zeros(n), np.zeros(n, dtype=np.int64))
        whole = cdist([key], self._keys, scorer=fuzz.ratio, dtype=np.float64)[0]
        part = cdist([key], self._keys, scorer=fuzz.partial_ratio, dtype=np.float64)[0]
        qlen = float(len(key))
        cover = np.minimum(self._lengths, qlen) / np.maximum(self._lengths, qlen)
        weight = cfg.coverage_floor + (1.0 - cfg.coverage_floor) * cover
        combined = np.maximum(whole, part * weight) / 100.0
        if exclude is not None:
            combined[exclude] = 0.0
        best = np.maximum.reduceat(combined, self._starts)
        best[self._empty] = 0.0
        # Penalise intents whose vocabulary fits the utterance worse than the best one,
        # and every intent by how much of the utterance it cannot explain at all.
        fit, explained = self._vocabulary.fit(key)
        best = np.clip(best - cfg.vocabulary_weight * (fit.max() - fit), 0.0, 1.0)
        best *= cfg.explained_floor + (1.0 - cfg.explained_floor) * explained
        # index of the best example of each intent
        order = np.lexsort((-combined, self._owner))
        first = order[np.searchsorted(self._owner[order], np.arange(n))]
        return Scored(best, first.astype(np.int64))

    # -- understanding ----------------------------------------------------------------

    def understand(
        self,
        text: str,
        *,
        allowed: Collection[str] | None = None,
        asr_confidence: float | None = None,
        exclude: NDArray[np.bool_] | None = None,
    ) -> Match:
        """Understand one utterance (see :class:`assistant.nlu.types.Understander`).

        ``exclude`` is for tests of the intent files themselves (see :meth:`score`).
        """
        norm = normalize(text)
        if not norm:
            return Match(text, norm, OUT_OF_SCOPE, 1.0, Decision.OUT_OF_SCOPE)
        scored = self.score(mask_values(norm), exclude)
        scores = scored.scores.copy()
        if allowed is not None:
            mask = np.array([n in allowed or n == OUT_OF_SCOPE for n in self.names])
            scores[~mask] = 0.0
        guide = self._guide_question(norm, allowed, exclude)
        return self._finish(text, norm, scores, scored, guide, asr_confidence)

    def _guide_question(
        self,
        norm: str,
        allowed: Collection[str] | None,
        exclude: NDArray[np.bool_] | None,
    ) -> _Topic | None:
        """What a question ("…要带什么") is about, if ``norm`` contains an aspect word."""
        if GUIDE_ASK not in self._index or (allowed is not None and GUIDE_ASK not in allowed):
            return None
        found = self._find_enum(norm, self._aspects)
        if found is None:
            return None
        aspect, word = found
        rest = mask_values(norm.replace(word, "", 1))
        if not rest:
            return None
        scores = self.score(rest, exclude).scores
        scores = np.where(self._service_mask | self._reject_mask, scores, 0.0)
        best = int(np.argmax(scores))
        if scores[best] < self.config.reject_below:
            return None
        if self._reject_mask[best]:  # about something we don't handle ("结婚证在哪里办")
            return _Topic(float(scores[best]), {}, rejected=True)
        return _Topic(float(scores[best]), {"aspect": aspect, "service": self.names[best]})

    def _finish(
        self,
        text: str,
        norm: str,
        scores: NDArray[np.float64],
        scored: Scored,
        topic: _Topic | None,
        asr_confidence: float | None,
    ) -> Match:
        cfg = self.config
        ranked = [int(i) for i in np.argsort(-scores, kind="stable")]
        candidates = [
            Candidate(self.names[i], float(scores[i]), self.examples[scored.best_example[i]])
            for i in ranked[:3]
        ]
        slots: dict[str, Any] = {}
        best, runner = candidates[0], (candidates[1] if len(candidates) > 1 else None)
        others = [c for c in candidates if c.intent != GUIDE_ASK]
        if (
            topic is not None
            and topic.rejected
            and best.intent == GUIDE_ASK
            and topic.score >= best.score
        ):
            # the question's wording matched, but its topic is one of the reject examples
            best, runner = Candidate(OUT_OF_SCOPE, topic.score, ""), best
        elif (
            topic is not None
            and not topic.rejected
            and (not others or topic.score >= others[0].score)
        ):
            # A question about a service wins unless the whole utterance is an even
            # better example of something else ("拍个证件照" is not about 证件).
            own = float(scores[self._index[GUIDE_ASK]])
            best = Candidate(GUIDE_ASK, max(topic.score, own), "")
            runner = others[0] if others else None
            slots = topic.slots

        if best.intent == OUT_OF_SCOPE or best.score < cfg.reject_below:
            return Match(
                text,
                norm,
                OUT_OF_SCOPE,
                1.0 - best.score if best.intent != OUT_OF_SCOPE else best.score,
                Decision.OUT_OF_SCOPE,
                runner_up=best if best.intent != OUT_OF_SCOPE else runner,
            )
        intent = self.intents[best.intent]
        slots = {**self.extract_slots(intent, text, norm), **slots}
        if (
            runner is not None
            and runner.intent != OUT_OF_SCOPE
            and runner.score >= cfg.clarify_floor
            and best.score - runner.score < cfg.clarify_margin
        ):
            decision = Decision.CLARIFY
        elif best.score < cfg.accept_at or (
            asr_confidence is not None and asr_confidence < cfg.low_asr_confidence
        ):
            decision = Decision.CONFIRM
        else:
            decision = Decision.ACCEPT
        return Match(
            text,
            norm,
            best.intent,
            best.score,
            decision,
            runner_up=runner,
            slots=slots,
            guide=self._guide_for(intent, slots, norm),
            example=best.example,
        )

    # -- slots and guides ---------------------------------------------------------------

    def lines_mask(self, path: str, line: int) -> NDArray[np.bool_]:
        """Flags of the examples written on ``path:line`` (to leave them out)."""
        if self._line_ids is None:
            ids: dict[tuple[str, int], int] = {}
            self._line_ids = np.array(
                [ids.setdefault(pl, len(ids)) for pl in self.example_lines], dtype=np.int64
            )
            self._line_index = ids
        wanted = self._line_index.get((path, line), -1)
        mask: NDArray[np.bool_] = self._line_ids == wanted
        return mask

    def _enum_words(self, intent: str, slot: str) -> list[tuple[str, str]]:
        """``(normalised word, value)`` pairs of an enum slot, longest word first."""
        if intent not in self._index:
            return []
        spec = self.intents[intent].slot(slot)
        if spec is None:
            return []
        pairs = {(normalize(w), value) for value, words in spec.values.items() for w in words}
        return sorted((p for p in pairs if p[0]), key=lambda p: (-len(p[0]), p[0]))

    @staticmethod
    def _find_enum(norm: str, words: list[tuple[str, str]]) -> tuple[str, str] | None:
        """``(value, word as said)`` of the longest enum word in ``norm``, if any.

        Words written exactly as listed win over words that only sound alike (几钿 is
        "how much" in 舟山话, although it sounds like 几点 and 几天).
        """
        for word, value in words:
            if word in norm:
                return value, word
        key = sound_key(norm)
        for word, value in words:
            if sound_key(word) in key:
                return value, _by_sound(norm, word)
        return None

    def extract_slots(self, intent: Intent, text: str, norm: str) -> dict[str, Any]:
        """Slot values of ``intent`` found in the utterance."""
        out: dict[str, Any] = {}
        typed = [s.type for s in intent.slots if s.type not in ("enum", "intent")]
        if typed:
            found = extract(text, typed)
            for spec in intent.slots:
                if spec.type in found:
                    out[spec.name] = found[spec.type]
        for spec in intent.slots:
            if spec.type == "enum" and spec.name not in out:
                words = self._enums.get((intent.name, spec.name), [])
                hit = self._find_enum(norm, words)
                if hit is not None:
                    out[spec.name] = hit[0]
        return out

    def _guide_for(self, intent: Intent, slots: dict[str, Any], norm: str) -> GuideRef | None:
        """The guide of the intent, of the service a question is about, or found by search."""
        target = intent
        service = slots.get("service")
        if intent.name == GUIDE_ASK:
            if isinstance(service, str) and service in self.intents:
                target = self.intents[service]
            elif self.guides is not None:
                aspect = self._find_enum(norm, self._aspects)
                topic = norm.replace(aspect[1], "", 1) if aspect else norm
                return self.guides.find(topic) if topic else None
        if target.guide is None:
            return None
        return GuideRef(target.guide, target.title)


_VALUE = re.compile(r"[\u4e00-\u9fff]?[a-z]{1,2}\d[0-9a-z]{3,6}|\d{5,}x?")
"""Plate numbers (浙l12345) and long digit runs (ID, phone numbers) in normalised text."""


def mask_values(norm: str) -> str:
    """``norm`` with slot values replaced by ``#``: "浙l12345交罚款" → "#交罚款".

    Which plate or phone number someone says tells nothing about what they want; without
    this, five random digits would weigh more than the two syllables 罚款.
    """
    return _VALUE.sub("#", norm)


def _by_sound(norm: str, word: str) -> str:
    """The substring of ``norm`` that sounds like ``word`` (same length, same sound key)."""
    target = sound_key(word)
    n = len(word)
    for i in range(len(norm) - n + 1):
        if sound_key(norm[i : i + n]) == target:
            return norm[i : i + n]
    return word
