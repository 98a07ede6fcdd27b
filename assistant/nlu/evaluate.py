"""Testing the intent files against the matcher (``kiosk intents lint`` and ``test``).

* :func:`example_problems` — every example line, left out of the matcher, must still be
  understood as its own intent (one-character and ``reject`` examples excepted);
  every ``not_examples`` line must not be.  Left-out lines still count in the intents' vocabularies
  (:class:`assistant.nlu.weights.IntentVocabulary`), so this is a consistency check of
  the data, not an accuracy measure: :func:`cross_validate` rebuilds the matcher per fold.
* :func:`cross_validate` — k-fold cross-validation over the written example lines,
  with per-intent accuracy and the confusion pairs (like ``rasa test nlu``).
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, field, replace

from assistant.errors import Problem
from assistant.nlu.intents import Example, Intent, IntentSet
from assistant.nlu.matcher import Matcher
from assistant.nlu.normalize import normalize
from assistant.nlu.types import OUT_OF_SCOPE, Match


@dataclass(frozen=True)
class Failure:
    """One example the matcher got wrong."""

    example: Example
    expected: str
    """The intent it should (or, for ``not_examples``, should not) be."""
    match: Match
    must_not: bool = False
    """True for a ``not_examples`` line that matched its own intent."""

    def problem(self) -> Problem:
        ex, got = self.example, self.match
        if self.must_not:
            return Problem(
                ex.path, ex.line, ex.col,
                f"'{ex.text}' must not be '{self.expected}' but is understood as it "
                f"(score {got.score:.2f}, closest example '{got.example}')",
                f"add examples of what it really means, or rephrase the examples of "
                f"'{self.expected}' that look like it",
            )  # fmt: skip
        return Problem(
            ex.path, ex.line, ex.col,
            f"example '{ex.text}' of '{self.expected}' is understood as '{got.intent}' "
            f"(score {got.score:.2f}, closest example '{got.example}')",
            f"add more examples like it to '{self.expected}', or move it to '{got.intent}'",
        )  # fmt: skip


def loo_examples(intent: Intent) -> list[Example]:
    """The examples of ``intent`` that the leave-one-line-out check tests.

    Not ``reject`` examples: each names some other office's business, so one left out
    has no sibling to vouch for it, and that is no contradiction (cross-validation
    measures it).  Not one-character examples ("是", "好"): they are atoms.
    """
    if intent.kind == "reject":
        return []
    return [ex for ex in intent.examples if len(normalize(ex.text)) >= 2]


def example_problems(matcher: Matcher) -> list[Failure]:
    """Leave-one-line-out check of every example, and every ``not_examples`` line."""
    failures: list[Failure] = []
    for intent in matcher.intents:
        lines: dict[int, list[Example]] = {}
        for ex in loo_examples(intent):
            lines.setdefault(ex.line, []).append(ex)
        for line, examples in lines.items():
            mask = matcher.lines_mask(intent.path, line)
            for ex in examples:
                got = matcher.understand(ex.text, exclude=mask)
                if got.intent != intent.name and _is_confusion(intent.name, got):
                    failures.append(Failure(ex, intent.name, got))
        for ex in intent.not_examples:
            got = matcher.understand(ex.text)
            if got.intent == intent.name:
                failures.append(Failure(ex, intent.name, got, must_not=True))
    return failures


def _is_confusion(expected: str, got: Match) -> bool:
    """A wrong answer is a confusion unless it only fell below the reject threshold.

    An example so unlike the others that, left out, it is merely *not understood* is no
    contradiction in the data; being understood as another intent (or matching the
    out-of-scope examples) is.
    """
    if got.intent != OUT_OF_SCOPE:
        return True
    return got.runner_up is None or got.runner_up.intent != expected


@dataclass
class CrossValidation:
    """Result of :func:`cross_validate`."""

    folds: int
    total: Counter[str] = field(default_factory=Counter)
    """Sentences tested per intent."""
    correct: Counter[str] = field(default_factory=Counter)
    """Sentences understood as their intent."""
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    """``(expected, got)`` → count."""
    failures: list[tuple[Example, str, Match]] = field(default_factory=list)
    """``(example, expected intent, match)`` of each wrong answer."""

    @property
    def accuracy(self) -> float:
        n = sum(self.total.values())
        return sum(self.correct.values()) / n if n else 0.0

    def intent_accuracy(self, name: str) -> float:
        return self.correct[name] / self.total[name] if self.total[name] else 0.0


def _fold(ex: Example, folds: int) -> int:
    """Stable fold number of an example *line* (all expansions of a line stay together)."""
    return zlib.crc32(f"{ex.path}:{ex.line}".encode()) % folds


def cross_validate(intents: IntentSet, folds: int = 5) -> CrossValidation:
    """k-fold cross-validation over the written example lines of every intent."""
    result = CrossValidation(folds)
    for k in range(folds):
        train = IntentSet(
            {
                name: replace(
                    intent, examples=tuple(e for e in intent.examples if _fold(e, folds) != k)
                )
                for name, intent in intents.intents.items()
            },
            intents.files,
        )
        matcher = Matcher(train)
        for intent in intents:
            for ex in intent.examples:
                if _fold(ex, folds) != k:
                    continue
                got = matcher.understand(ex.text)
                result.total[intent.name] += 1
                if got.intent == intent.name:
                    result.correct[intent.name] += 1
                else:
                    result.confusions[(intent.name, got.intent)] += 1
                    result.failures.append((ex, intent.name, got))
    return result
