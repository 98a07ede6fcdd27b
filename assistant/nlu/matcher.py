"""The intent matcher: a calibrated intent model decides, clause by clause.

An utterance is normalised (:mod:`assistant.nlu.normalize`) and the trained model
(:mod:`assistant.nlu.model`) gives a calibrated probability for every intent.  What the
intent's examples cannot explain at all ("拍婚纱照": no example has 婚纱) is moved to
``out_of_scope`` — "none of these" — so a request for something else is not forced onto
the nearest service.  Long, story-like speech is split into clauses
(:mod:`assistant.nlu.clauses`) and the clause that carries a request wins over the story
around it.

The decision (accept / confirm / clarify / out_of_scope) follows the thresholds in
:class:`assistant.config.MatcherConfig`.  Questions *about* a service ("补办身份证要带什么")
are ``guide.ask`` with slots ``aspect`` and ``service``: the question word is removed and
the rest is classified among the self-service intents; a question about something else
("护照在哪里办") gets its guide from the optional :class:`GuideFinder`.  rapidfuzz only
finds the closest example to show (``kiosk nlu``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from assistant.config import MatcherConfig
from assistant.nlu.clauses import affirmed, clauses
from assistant.nlu.features import SOUND_PREFIX, describe
from assistant.nlu.features import mask as mask_slot_values
from assistant.nlu.intents import Intent, IntentSet
from assistant.nlu.model import IntentModel, train, without_time_phrases
from assistant.nlu.normalize import normalize
from assistant.nlu.phonetic import sound_key, syllables
from assistant.nlu.slots import extract
from assistant.nlu.types import (
    OUT_OF_SCOPE,
    Candidate,
    Decision,
    GuideFinder,
    GuideRef,
    Match,
)

GUIDE_ASK = "guide.ask"
REQUEST_KINDS = ("service", "query", "guide", "info", "staff", "command")
"""Kinds of intent a clause can carry a request with (not greetings or bare yes/no)."""
GUIDE_MARGIN = 0.05
"""Search-score lead a catalogue guide needs over the next to be taken without asking."""
CLAUSE_MARGIN = 0.05
"""How much more clearly a clause must carry a request than the whole utterance."""
CLAUSE_ALONE = 3
"""Characters a clause needs to be understood on its own ("同志" alone asks for nobody)."""
EVIDENCE = 6
"""Features shown as "the words that drove the decision"."""


@dataclass(frozen=True)
class Reading:
    """One utterance or clause as the model reads it."""

    text: str
    norm: str
    probs: NDArray[np.float64]
    """Probability per intent (index as :attr:`Matcher.names`), restricted to ``allowed``."""
    topic: dict[str, Any]
    """``aspect`` / ``service`` slots of a question (empty unless ``guide.ask`` is best)."""
    guide: GuideRef | None = None
    """A catalogue guide the question is about (for services outside the 13)."""
    topic_sure: bool = True
    """False when the question's topic was found only weakly (then confirm, naming it)."""


class Matcher:
    """Understands utterances against an :class:`IntentSet`; implements ``Understander``."""

    def __init__(
        self,
        intents: IntentSet,
        config: MatcherConfig | None = None,
        guides: GuideFinder | None = None,
        model: IntentModel | None = None,
    ) -> None:
        self.intents = intents
        self.config = config or MatcherConfig.from_env()
        self.guides = guides
        """Resolves questions about services outside the catalogue to a guide (optional)."""
        self.names: list[str] = sorted(intents.intents)
        if model is None or model.classes != self.names:
            model = train(intents)
        self.model = model
        self._index = {name: i for i, name in enumerate(self.names)}
        self._oos = self._index.get(OUT_OF_SCOPE, -1)
        kinds = [intents[n].kind for n in self.names]
        self._request = np.array([k in REQUEST_KINDS for k in kinds], dtype=bool)
        self._service = np.array([k in ("service", "query") for k in kinds], dtype=bool)
        self._in_scope = np.array([k not in ("reject",) for k in kinds], dtype=bool)
        """Intents whose examples name documents the kiosk deals with (all but out_of_scope)."""
        self._enums = {
            (intent.name, spec.name): self._enum_words(intent.name, spec.name)
            for intent in intents
            for spec in intent.slots
            if spec.type == "enum"
        }
        """Normalised words of every enum slot, built once (not per utterance)."""
        self._aspects = self._enums.get((GUIDE_ASK, "aspect"), [])
        self._word_keys: dict[str, str] = {}
        """Sound key of every enum word met (not recomputed per utterance)."""
        self._example_keys: dict[str, tuple[list[str], list[str]]] = {}
        """Intent → its examples and their sound keys (:meth:`_examples_of`)."""

    def warm(self) -> None:
        """Build :meth:`_examples_of` for every intent now (a warm-up thread, a bench)."""
        for name in self.names:
            self._examples_of(name)

    def _examples_of(self, intent: str) -> tuple[list[str], list[str]]:
        """(examples of ``intent`` as written, their sound keys), for explanations and
        likeness.  Built per intent on first use, not at start-up (pinyin for ~1,500
        examples is 0.3 s, and the first answer needs only its top three intents'; a
        catalogue ten times as large must not make the first answer wait ten times longer)."""
        found = self._example_keys.get(intent)
        if found is not None:
            return found
        texts: list[str] = []
        keys: list[str] = []
        seen: set[str] = set()
        if intent in self.intents:
            for ex in self.intents[intent].examples:
                norm = normalize(ex.text)
                if norm and norm not in seen:
                    seen.add(norm)
                    texts.append(ex.text)
                    keys.append(sound_key(mask_slot_values(norm)))
        self._example_keys[intent] = (texts, keys)
        return texts, keys

    # -- probabilities ---------------------------------------------------------------

    def probabilities(
        self, norm: str, explained: NDArray[np.float64] | None = None
    ) -> NDArray[np.float64]:
        """Calibrated probability per intent, what no example explains moved to out_of_scope.

        ``explained`` (per intent, default: that of ``norm``) may come from the clause
        that explains the most: a story around a clear request is not out of scope.
        """
        p = self.model.probabilities(norm)
        if self._oos < 0:
            return p
        if explained is None:
            explained = self.model.explained(norm)
        floor = self.config.explained_floor
        power = self.config.explained_power
        factor = floor + (1.0 - floor) * np.clip(explained, 0.0, 1.0) ** power
        q = p * factor
        q[self._oos] = 0.0
        q[self._oos] = max(0.0, 1.0 - float(q.sum()))
        return q

    def _restrict(
        self, probs: NDArray[np.float64], allowed: Collection[str] | None
    ) -> NDArray[np.float64]:
        """Only ``allowed`` intents keep their probability; the rest is "none of these"."""
        if allowed is None:
            return probs
        keep = np.array([n in allowed for n in self.names], dtype=bool)
        q = np.where(keep, probs, 0.0)
        if self._oos >= 0:
            q[self._oos] = 0.0
            q[self._oos] = max(0.0, 1.0 - float(q.sum()))
        return q

    # -- understanding ----------------------------------------------------------------

    def understand(
        self,
        text: str,
        *,
        allowed: Collection[str] | None = None,
        asr_confidence: float | None = None,
    ) -> Match:
        """Understand one utterance (see :class:`assistant.nlu.types.Understander`).

        Only the first :data:`MAX_UTTERANCE_CHARS` characters are read: nobody says more
        in one breath, and no input may stall the kiosk."""
        text = text[:MAX_UTTERANCE_CHARS]
        norm = normalize(text)
        if not norm:
            return Match(text, norm, OUT_OF_SCOPE, 1.0, Decision.OUT_OF_SCOPE)
        split = clauses(text)
        kept = affirmed(split)
        parts = [(p, n) for p in kept if (n := normalize(p))]
        if len(split) <= 1 or not parts:
            return self._finish(text, norm, self.read(text, norm, allowed), asr_confidence)
        said = "，".join(p for p, _ in parts)  # the utterance without what it denies
        said_norm = normalize(said)
        explained = [self.model.explained(n) for _, n in parts]
        most = np.max(explained, axis=0)
        best = self.read(
            said, said_norm, allowed, np.maximum(most, self.model.explained(said_norm))
        )
        # the clause that carries a request, if it carries it better than the whole
        # carries anything (a greeting or thanks around "同志" stays a greeting)
        whole = best
        if self.names[int(np.argmax(whole.probs))] == GUIDE_ASK:
            # a question is about the whole story ("身份证丢了，补办是不是要本人来"):
            # its clauses are not requests of their own
            return self._finish(text, norm, whole, asr_confidence)
        bar = max(self._request_strength(whole) + CLAUSE_MARGIN, self._best_in_scope(whole))
        for (part, part_norm), part_explained in zip(parts, explained, strict=True):
            if len(part_norm) < CLAUSE_ALONE:
                continue
            reading = self.read(part, part_norm, allowed, part_explained, context=whole.probs)
            strength = self._request_strength(reading)
            if strength > bar:
                best, bar = reading, strength
        return self._finish(text, norm, best, asr_confidence)

    def _best_in_scope(self, reading: Reading) -> float:
        """The probability of the best intent other than out_of_scope."""
        probs = reading.probs.copy()
        if self._oos >= 0:
            probs[self._oos] = 0.0
        return float(probs.max()) if probs.size else 0.0

    def _request_strength(self, reading: Reading) -> float:
        """How clearly a reading asks for something the kiosk does."""
        probs = reading.probs[self._request] if self._request.any() else reading.probs
        return float(probs.max()) if probs.size else 0.0

    def read(
        self,
        text: str,
        norm: str,
        allowed: Collection[str] | None = None,
        explained: NDArray[np.float64] | None = None,
        context: NDArray[np.float64] | None = None,
    ) -> Reading:
        """The model's reading of one utterance or clause (the topic of a question is
        looked up only for the reading finally chosen: see :meth:`_question`).

        ``context`` (the whole utterance's probabilities) is combined with a clause's
        (geometric mean, not renormalised: an intent only the clause believes in loses
        its share to out_of_scope): "查一下" after a story about a passport is not a
        violation query.
        """
        probs = self._restrict(self.probabilities(norm, explained), allowed)
        if context is not None:
            probs = np.sqrt(probs * context)  # both must agree; the rest is "none of these"
            if self._oos >= 0:
                probs[self._oos] = 0.0
                probs[self._oos] = max(0.0, 1.0 - float(probs.sum()))
        return Reading(text, norm, probs, {})

    def _question(self, text: str, norm: str, probs: NDArray[np.float64]) -> Reading:
        """A question: its aspect, and its topic — one of our services or a guide."""
        found = self._find_enum(without_time_phrases(norm), self._aspects)
        rest = norm.replace(found[1], "", 1) if found else norm
        for word, _ in self._aspects:  # "要什么材料": every question word, not only one
            if len(word) >= 2:
                rest = rest.replace(word, "")
        slots: dict[str, Any] = {"aspect": found[0]} if found else {}
        guide: GuideRef | None = None
        sure = True
        bare = self._bare_topic(rest) if rest else None
        if bare is not None:
            # only a topic several guides share ("驾驶证在哪里办"): its base guide, or the
            # question is confirmed naming one — never a specialised guide by guess
            guide, sure, base, among = bare
            if not base:  # no base guide: the self-service item the model reads, if it is one
                service = self._service_reading(rest)
                own = self.intents[service].guide if service is not None else None
                if service is not None and own in among:
                    guide = GuideRef(str(own), self.intents[service].title)
            service = self._service_of(guide)
            if service is not None:
                slots["service"] = service
        elif rest:
            topic = self.probabilities(rest)
            mask = self._service.copy()
            if self._oos >= 0:
                mask[self._oos] = True
            topic = np.where(mask, topic, 0.0)
            total = float(topic.sum())
            best = int(np.argmax(topic))
            share = float(topic[best]) / total if total > 0 else 0.0
            service = self.names[best] if best != self._oos else None
            hits = self._guide_hits(rest)
            own = self.intents[service].guide if service is not None else None
            top = hits[0] if hits else None
            scores = {ref.id: score for ref, score in hits}
            ours = (  # the service the model sees is as good a reading of the topic
                service is not None
                and share >= self.config.topic_at
                and top is not None
                and own in scores
                and top[1] - scores[own] < GUIDE_MARGIN
            )
            if top is not None and top[0].id != own and not ours and not self._is_service_guide(
                top[0]
            ):
                # a guide outside the 13 items that the user named ("护照", "临时身份证")
                guide = top[0]
                sure = len(hits) < 2 or top[1] - hits[1][1] >= GUIDE_MARGIN
            elif service is not None and share >= self.config.topic_at:
                slots["service"] = service
                # the catalogue must agree: "通行证在哪里办" is no progress query, "驾照要几天"
                # names no one service (its answer is confirmed, naming the guide)
                sure = self.guides is None or own in scores
            elif (
                service is not None
                and share >= self.config.reject_below
                and top is not None
                and top[0].id == own
                and (len(hits) < 2 or top[1] - hits[1][1] >= GUIDE_MARGIN)
            ):
                # the model leans to a service and the catalogue names its guide alone:
                # two readings agree ("签注机在哪里")
                slots["service"] = service
            elif top is not None:
                guide = top[0]
                sure = False
            elif service is not None and share >= self.config.reject_below:
                slots["service"] = service
                sure = False
        if "service" not in slots and guide is None:
            sure = False
        return Reading(text, norm, probs, slots, guide, sure)

    def _guide_hits(self, topic: str) -> list[tuple[GuideRef, float]]:
        """Catalogue guides the topic names, with scores (a plain finder: its one guide)."""
        if self.guides is None:
            return []
        hits = getattr(self.guides, "hits", None)
        if callable(hits):
            found = hits(topic, 3)
            return [(ref, float(score)) for ref, score in found]
        ref = self.guides.find(topic)
        return [(ref, 1.0)] if ref is not None else []

    def _bare_topic(
        self, topic: str
    ) -> tuple[GuideRef, bool, bool, frozenset[str]] | None:
        """``(guide, sure, base guide?, ids of the topic's guides)`` when the question names
        only a topic shared by several guides and nothing that distinguishes one
        (``CatalogueGuides.topic``); None otherwise or with a finder that cannot tell."""
        finder = getattr(self.guides, "topic", None)
        if not callable(finder):
            return None
        found = finder(topic)
        guide = getattr(found, "guide", None)
        if not isinstance(guide, GuideRef):
            return None
        among: frozenset[str] = frozenset(getattr(found, "guides", ()))
        return (
            guide,
            bool(getattr(found, "sure", False)),
            bool(getattr(found, "base", False)),
            among,
        )

    def _service_reading(self, topic: str) -> str | None:
        """The self-service intent the model reads in a question's topic, if it leads
        clearly enough (``topic_at`` of the service probabilities)."""
        probs = self.probabilities(topic)
        probs = np.where(self._service, probs, 0.0)
        total = float(probs.sum())
        if total <= 0:
            return None
        best = int(np.argmax(probs))
        return self.names[best] if float(probs[best]) / total >= self.config.topic_at else None

    def _service_of(self, ref: GuideRef) -> str | None:
        """The self-service intent whose guide ``ref`` is, if any."""
        for name in self.names:
            if self._service[self._index[name]] and self.intents[name].guide == ref.id:
                return name
        return None

    def _is_service_guide(self, ref: GuideRef) -> bool:
        """The guide of one of our 13 self-service intents."""
        return any(
            self.intents[n].guide == ref.id for n in self.names if self._service[self._index[n]]
        )

    def _finish(self, text: str, norm: str, reading: Reading, asr: float | None) -> Match:
        cfg = self.config
        probs = reading.probs
        if self.names[int(np.argmax(probs))] == GUIDE_ASK:
            reading = self._question(reading.text, reading.norm, probs)
        order = [int(i) for i in np.argsort(-probs, kind="stable")]
        near = [self.closest(self.names[i], reading.norm) for i in order[:3]]
        top = [
            Candidate(self.names[i], float(probs[i]), example)
            for i, (example, _) in zip(order[:3], near, strict=True)
        ]
        best, runner = top[0], (top[1] if len(top) > 1 else None)
        evidence = self.evidence(reading.norm, order)
        clause = reading.text if reading.norm != norm else ""
        # slots come from the whole utterance (a plate may be said in another clause)
        if best.intent == OUT_OF_SCOPE or best.score < cfg.reject_below:
            score = best.score if best.intent == OUT_OF_SCOPE else 1.0 - best.score
            alternative = runner if best.intent == OUT_OF_SCOPE else best
            return Match(
                text, norm, OUT_OF_SCOPE, score, Decision.OUT_OF_SCOPE,
                runner_up=alternative, candidates=tuple(top), evidence=evidence, clause=clause,
            )  # fmt: skip
        intent = self.intents[best.intent]
        foreign, own = self.documents(norm) if intent.kind in DOCUMENT_KINDS else ([], [])
        if foreign and not own:
            # "船员证丢了补一本", "去台湾的机票多少钱": another office's document and none of
            # ours — out of scope, however much the rest sounds like a service
            return Match(
                text, norm, OUT_OF_SCOPE, 1.0 - best.score, Decision.OUT_OF_SCOPE,
                runner_up=best, candidates=tuple(top), evidence=evidence, clause=clause,
            )  # fmt: skip
        slots = {**self.extract_slots(intent, text, norm), **reading.topic}
        if (
            runner is not None
            and runner.intent != OUT_OF_SCOPE
            and runner.score >= cfg.clarify_floor
            and best.score - runner.score < cfg.clarify_margin
        ):
            decision = Decision.CLARIFY
        elif (
            not self._sure_enough(best.score, near[0][1], runner.score if runner else 0.0)
            or not reading.topic_sure
            or (asr is not None and asr < cfg.low_asr_confidence)
            or (intent.kind in TRANSACTION_KINDS and sounds_like_question(text))
            or (best.intent == GUIDE_ASK and not self._asks(text, norm))
            or (best.intent in PRESENT_ONLY and told_as_past(text))
            or bool(foreign)  # and one of ours: which one is meant? ask
        ):
            decision = Decision.CONFIRM
        else:
            decision = Decision.ACCEPT
        guide = reading.guide or self._guide_for(intent, slots)
        return Match(
            text, norm, best.intent, best.score, decision,
            runner_up=runner, slots=slots, guide=guide, example=best.example,
            candidates=tuple(top), evidence=evidence, clause=clause,
        )  # fmt: skip

    def _asks(self, text: str, norm: str) -> bool:
        """The utterance is put as a question: a question word of ``guide.ask`` or a spoken
        question form.  A "question" with neither ("罚了两百块，我来帮他交") is a story the
        model found question-like: confirmed, never answered as if asked."""
        asked = without_time_phrases(norm)
        return sounds_like_question(text) or any(w in asked for w in self.model.question_words)

    def documents(self, norm: str) -> tuple[list[str], list[str]]:
        """``(other offices' documents, the kiosk's own documents)`` named in ``norm``.

        A document (or ticket, or fee) is a character of :data:`DOCUMENT_HEADS` with the
        character before it ("员证" of 船员证, "份证" of 身份证, "纱照" of 婚纱照, "机票",
        "话费").  It is the kiosk's own when that pair, or its sound (身分证 for 身份证),
        occurs in an example of one of the kiosk's intents; another office's when it occurs
        only in ``out_of_scope`` examples (staff list other offices' documents in
        ``out_of_scope.yaml``).  A pair no example has (照 in 想照一张) is neither."""
        text = mask_slot_values(norm)
        foreign: list[str] = []
        own: list[str] = []
        if not any(c in DOCUMENT_HEADS for c in text[1:]):
            return foreign, own
        sounds = syllables(text)
        vocabulary, known = self.model.vocabulary, self.model.known
        for i in range(1, min(len(text), len(sounds))):
            pair = text[i - 1 : i + 1]
            if pair[1] not in DOCUMENT_HEADS or not "\u4e00" <= pair[0] <= "\u9fff":
                continue
            sound = f"{SOUND_PREFIX}{sounds[i - 1]}_{sounds[i]}"
            rows = [vocabulary.get(pair), vocabulary.get(sound)]
            if any(r is not None and bool(known[r, self._in_scope].any()) for r in rows):
                own.append(pair)
            elif rows[0] is not None and self._oos >= 0 and known[rows[0], self._oos]:
                foreign.append(pair)
        return foreign, own

    def _sure_enough(self, probability: float, likeness: float, runner: float) -> bool:
        """Probable enough to act without asking: ``accept_at``, or ``near_accept_at`` when
        the utterance sounds almost exactly like an example (``near_example_at``) and no
        other answer is credible (the runner-up, out_of_scope included, under
        ``clarify_floor``: a bare "身份证" is as much 补领 as 换领)."""
        cfg = self.config
        return probability >= cfg.accept_at or (
            probability >= cfg.near_accept_at
            and likeness >= cfg.near_example_at
            and runner < cfg.clarify_floor
        )

    # -- explanation --------------------------------------------------------------------

    def closest(self, intent: str, norm: str) -> tuple[str, float]:
        """The example of ``intent`` that sounds most like ``norm``, and how alike (0-1).

        Shown by ``kiosk nlu``; an utterance that sounds almost exactly like an example
        is accepted at a lower probability (``near_example_at`` in the config).
        """
        texts, keys = self._examples_of(intent)
        if not keys:
            return "", 0.0
        hit = process.extractOne(sound_key(mask_slot_values(norm)), keys, scorer=fuzz.ratio)
        return (texts[hit[2]], hit[1] / 100.0) if hit is not None else ("", 0.0)

    def evidence(self, norm: str, order: list[int]) -> tuple[tuple[str, float], ...]:
        """Features that most favoured the best intent over the runner-up (readable)."""
        if len(order) < 2:
            return ()
        gains = self.model.contributions(norm, order[0], order[1])
        return tuple((describe(f), round(g, 3)) for f, g in gains[:EVIDENCE] if g > 0)

    # -- slots and guides ---------------------------------------------------------------

    def _enum_words(self, intent: str, slot: str) -> list[tuple[str, str]]:
        """``(normalised word, value)`` pairs of an enum slot, longest word first."""
        if intent not in self._index:
            return []
        spec = self.intents[intent].slot(slot)
        if spec is None:
            return []
        pairs = {(normalize(w), value) for value, words in spec.values.items() for w in words}
        return sorted((p for p in pairs if p[0]), key=lambda p: (-len(p[0]), p[0]))

    def _find_enum(self, norm: str, words: list[tuple[str, str]]) -> tuple[str, str] | None:
        """``(value, word as said)`` of the longest enum word in ``norm``, if any.

        Words written exactly as listed win over words that only sound alike (几钿 is
        "how much" in 舟山话, although it sounds like 几点 and 几天).
        """
        for word, value in words:
            if word in norm:
                return value, word
        key = sound_key(norm)
        for word, value in words:
            word_key = self._word_keys.get(word)
            if word_key is None:
                word_key = self._word_keys[word] = sound_key(word)
            at = key.find(word_key)
            if at >= 0:
                if len(key) == len(norm):  # one symbol per character: cut it out directly
                    return value, norm[at : at + len(word_key)]
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

    def _guide_for(self, intent: Intent, slots: dict[str, Any]) -> GuideRef | None:
        """The guide of the intent, or of the service a question is about."""
        target = intent
        service = slots.get("service")
        if intent.name == GUIDE_ASK:
            if not (isinstance(service, str) and service in self.intents):
                return None
            target = self.intents[service]
        if target.guide is None:
            return None
        return GuideRef(target.guide, target.title)


MAX_UTTERANCE_CHARS = 500
"""Longest utterance understood (a long spoken request is ~60 characters)."""
DOCUMENT_HEADS = frozenset("证卡照票费")
"""Last character of the name of a document, ticket or fee (身份证, 社保卡, 驾照, 机票,
话费): see :meth:`Matcher.documents`."""
DOCUMENT_KINDS = frozenset({"service", "query", "guide"})
"""Intents about a document: out of scope when the utterance names only another office's
document ("船员证丢了补一本"), confirmed when it names one of theirs and one of ours."""
TRANSACTION_KINDS = frozenset({"service"})
"""Intents that start a paid transaction: never started on a question without asking (a
look-up — "我的车有没有违章" — is asked as a question and harms nothing)."""
_QUESTION_FORM = re.compile(
    r"是不是|是否|可不可以|能不能|会不会|要不要|行不行|有没有|用不用|需不需要"
    r"|(?:可以|能|要|需要|行|用|得)[^，。,.!?！？]{0,8}[吗伐么嘛]"
    r"|[吗伐呢][，。,.!?！？]?$|[?？]|怎么|怎样|咋|为什么|什么|啥|哪里|哪儿|哪个|哪些|多少|几[点天块个钿时]")
"""Spoken question forms (not the aspect words): 是不是, 可以…吗, …伐, 怎么, 多少 …"""


PRESENT_ONLY = frozenset({"emergency"})
"""Intents about something happening now: told as the past ("以前被人骗过钱", "去年摔了
一跤"), they are confirmed, never acted on without asking."""
_PAST = re.compile(
    r"以前|从前|去年|前年|前几年|前些年|早几年|几年前|上个月|上礼拜|上星期|上周|年轻(?:的)?时候"
    r"|小时候|老早|那时候|那辰光|(?:骗|摔|偷|抢|打|晕倒|跌|撞|病)过"
)
_NOW = re.compile(r"刚才|刚刚|正在|马上|赶紧|立刻|救命|快(?:点|些)?(?:来|报警|帮|救|打)|现在又")


def told_as_past(text: str) -> bool:
    """``text`` tells of something past ("去年摔了一跤", "以前被人骗过钱") and nothing
    happening now ("刚才", "快来人", "救命")."""
    said = _SPACES.sub("", text)
    return _PAST.search(said) is not None and _NOW.search(said) is None


def sounds_like_question(text: str) -> bool:
    """``text`` is put as a question ("补办是不是一定要本人来", "可以在这里补吗"): a service
    the model is sure of is then confirmed ("您是要补领身份证吗？"), not started — the
    question may be *about* the service (a guide answer), and a wrong start is worse than
    one more question.  Question words that ask nothing ("前几天掉了", "不晓得掉到哪里去了",
    "拍一张好伐": :func:`assistant.nlu.model.without_time_phrases`) do not count."""
    said = without_time_phrases(_SPACES.sub("", text))
    return _QUESTION_FORM.search(said) is not None


_SPACES = re.compile(r"\s+")


def mask_values(norm: str) -> str:
    """``norm`` with slot values replaced by stand-ins: "浙l12345交罚款" → "<plate>交罚款".

    Which plate or phone number someone says tells nothing about what they want.
    """
    return mask_slot_values(norm)


def _by_sound(norm: str, word: str) -> str:
    """The substring of ``norm`` that sounds like ``word`` (same length, same sound key)."""
    target = sound_key(word)
    n = len(word)
    for i in range(len(norm) - n + 1):
        if sound_key(norm[i : i + n]) == target:
            return norm[i : i + n]
    return word
