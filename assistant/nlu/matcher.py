"""The intent matcher: fuzzy matching on characters and on folded pinyin.

Every example of every intent is normalised (:mod:`assistant.nlu.normalize`) and turned
into a *sound key* (:mod:`assistant.nlu.phonetic`), one symbol per folded syllable, so a
homophone or Wu-accent error costs nothing.  An utterance is scored against all examples
at once with rapidfuzz:

* ``ratio``: whole-utterance similarity (1 − indel distance / total length), and
* ``partial_ratio``: the example found *inside* a longer utterance ("同志你好我身份证丢了
  想补一张"), weighted down by how little of the utterance it covers, so a two-syllable
  example cannot claim a long sentence on its own.

An intent's score is that of its best example.  The decision (accept / confirm / clarify
/ out_of_scope) follows the thresholds in :class:`assistant.config.MatcherConfig`.

Questions *about* a service ("补办身份证要带什么") are recognised structurally: a word of
the ``aspect`` slot of ``guide.ask`` is found, removed, and the rest is matched against
the service intents; the result is ``guide.ask`` with slots ``aspect`` and ``service``.
"""

from __future__ import annotations

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
from assistant.nlu.types import OUT_OF_SCOPE, Candidate, Decision, GuideRef, Match
from assistant.nlu.weights import IntentVocabulary, OverlapIndex

GUIDE_ASK = "guide.ask"
VOCABULARY_WEIGHT = 1.5
"""How much a worse fit of an intent's whole vocabulary lowers its score."""
COVERAGE_FLOOR = 0.55
"""Weight of a partial match that covers almost none of the utterance (rises to 1 at full cover)."""


@dataclass(frozen=True)
class Scored:
    """Per-intent best scores for one utterance."""

    scores: NDArray[np.float64]
    """Best example score per intent (index as :attr:`Matcher.names`), in [0, 1]."""
    best_example: NDArray[np.int64]
    """Index (into :attr:`Matcher.examples`) of each intent's best example."""


class Matcher:
    """Understands utterances against an :class:`IntentSet`; implements ``Understander``."""

    def __init__(self, intents: IntentSet, config: MatcherConfig | None = None) -> None:
        self.intents = intents
        self.config = config or MatcherConfig()
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
        self._keys = [sound_key(norm) for _, _, norm in examples]
        self._lengths = np.array([max(len(k), 1) for k in self._keys], dtype=np.float64)
        self._starts = np.searchsorted(self._owner, np.arange(len(self.names)))
        self._empty = np.bincount(self._owner, minlength=len(self.names)) == 0
        self._service_mask = np.array(
            [intents[n].kind in ("service", "query") for n in self.names], dtype=bool
        )
        self._vocabulary = IntentVocabulary(
            OverlapIndex(self._keys, self._owner, len(self.names)),
            self._keys,
            self._owner,
            len(self.names),
        )
        self._reject_mask = np.array([n == OUT_OF_SCOPE for n in self.names], dtype=bool)
        self._aspects = self._enum_words(GUIDE_ASK, "aspect")
        self._line_ids: NDArray[np.int64] | None = None
        self._line_index: dict[tuple[str, int], int] = {}

    # -- scoring ---------------------------------------------------------------------

    def score(self, norm: str, exclude: NDArray[np.bool_] | None = None) -> Scored:
        """Score a normalised utterance against every intent.

        ``exclude`` (one flag per example) leaves examples out, for leave-one-out tests.
        """
        key = sound_key(norm)
        n = len(self.names)
        if not key or not self._keys:
            return Scored(np.zeros(n), np.zeros(n, dtype=np.int64))
        whole = cdist([key], self._keys, scorer=fuzz.ratio, dtype=np.float64)[0]
        part = cdist([key], self._keys, scorer=fuzz.partial_ratio, dtype=np.float64)[0]
        qlen = float(len(key))
        cover = np.minimum(self._lengths, qlen) / np.maximum(self._lengths, qlen)
        weight = COVERAGE_FLOOR + (1.0 - COVERAGE_FLOOR) * cover
        combined = np.maximum(whole, part * weight) / 100.0
        if exclude is not None:
            combined[exclude] = 0.0
        best = np.maximum.reduceat(combined, self._starts)
        best[self._empty] = 0.0
        # Penalise intents whose vocabulary fits the utterance worse than the best one.
        fit = self._vocabulary.cosine(key)
        best = np.clip(best - VOCABULARY_WEIGHT * (fit.max() - fit), 0.0, 1.0)
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
        scored = self.score(norm, exclude)
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
    ) -> tuple[float, dict[str, Any]] | None:
        """``(score, slots)`` if ``norm`` asks about an aspect of a service, else None."""
        if GUIDE_ASK not in self._index or (allowed is not None and GUIDE_ASK not in allowed):
            return None
        found = self._find_enum(norm, self._aspects)
        if found is None:
            return None
        aspect, word = found
        rest = norm.replace(word, "", 1)
        if not rest:
            return None
        scores = self.score(rest, exclude).scores
        scores = np.where(self._service_mask | self._reject_mask, scores, 0.0)
        best = int(np.argmax(scores))
        if scores[best] < self.config.reject_below or self._reject_mask[best]:
            return None  # not about a service of ours ("结婚证要带什么")
        return float(scores[best]), {"aspect": aspect, "service": self.names[best]}

    def _finish(
        self,
        text: str,
        norm: str,
        scores: NDArray[np.float64],
        scored: Scored,
        guide_question: tuple[float, dict[str, Any]] | None,
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
        if guide_question is not None:
            # A question about a service wins unless the whole utterance is an even
            # better example of something else ("拍个证件照" is not about 证件).
            g_score, g_slots = guide_question
            others = [c for c in candidates if c.intent != GUIDE_ASK]
            if not others or g_score >= others[0].score:
                best = Candidate(GUIDE_ASK, max(g_score, float(scores[self._index[GUIDE_ASK]])), "")
                runner = others[0] if others else None
                slots = g_slots

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
            and runner.score >= cfg.reject_below
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
            guide=self._guide_for(intent, slots),
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
        """The value of the longest enum word found in ``norm`` (also by sound), if any."""
        key = sound_key(norm)
        for word, value in words:
            if word in norm or sound_key(word) in key:
                return value, word if word in norm else _by_sound(norm, word)
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
                words = self._enum_words(intent.name, spec.name)
                hit = self._find_enum(norm, words)
                if hit is not None:
                    out[spec.name] = hit[0]
        return out

    def _guide_for(self, intent: Intent, slots: dict[str, Any]) -> GuideRef | None:
        target = intent
        service = slots.get("service")
        if intent.name == GUIDE_ASK and isinstance(service, str) and service in self.intents:
            target = self.intents[service]
        if target.guide is None:
            return None
        return GuideRef(target.guide, target.title)


def _by_sound(norm: str, word: str) -> str:
    """The substring of ``norm`` that sounds like ``word`` (same length, same sound key)."""
    target = sound_key(word)
    n = len(word)
    for i in range(len(norm) - n + 1):
        if sound_key(norm[i : i + n]) == target:
            return norm[i : i + n]
    return word
