"""Testing the intent files against the model (``kiosk intents lint`` and ``test``).

* :func:`example_problems` — every example must be understood as its own intent by the
  model trained on all of them (a sentence two intents claim, or one so unlike its
  intent that the model overrules it, is a contradiction staff should fix), and every
  ``not_examples`` line must not be.  One-character and ``reject`` examples are not
  checked (atoms; and each reject example names some other office's business).
* :func:`cross_validate` — k-fold cross-validation over the written example lines (all
  expansions of a line in one fold, the model retrained per fold): accuracy, precision
  and recall per intent and the most confused pairs (like ``rasa test nlu``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from assistant.errors import Problem
from assistant.nlu.intents import Example, Intent, IntentSet
from assistant.nlu.matcher import Matcher
from assistant.nlu.model import fold_of, train
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
                f"(probability {got.score:.2f}, closest example '{got.example}')",
                f"add examples of what it really means, or rephrase the examples of "
                f"'{self.expected}' that look like it",
            )  # fmt: skip
        return Problem(
            ex.path, ex.line, ex.col,
            f"example '{ex.text}' of '{self.expected}' is understood as '{got.intent}' "
            f"(probability {got.score:.2f}, closest example '{got.example}')",
            f"add more examples like it to '{self.expected}', or move it to '{got.intent}'",
        )  # fmt: skip


def loo_examples(intent: Intent) -> list[Example]:
    """The examples of ``intent`` that :func:`example_problems` checks (see module doc)."""
    if intent.kind == "reject":
        return []
    return [ex for ex in intent.examples if len(normalize(ex.text)) >= 2]


def example_problems(matcher: Matcher) -> list[Failure]:
    """Examples the trained model contradicts, and ``not_examples`` it matches."""
    failures: list[Failure] = []
    for intent in matcher.intents:
        for ex in loo_examples(intent):
            got = matcher.understand(ex.text)
            if got.intent != intent.name and _is_confusion(intent.name, got):
                failures.append(Failure(ex, intent.name, got))
        for ex in intent.not_examples:
            got = matcher.understand(ex.text)
            if got.intent == intent.name:
                failures.append(Failure(ex, intent.name, got, must_not=True))
    return failures


def _is_confusion(expected: str, got: Match) -> bool:
    """A wrong answer is a confusion unless it only fell below the reject threshold.

    An example so unlike the others that it is merely *not understood* is no
    contradiction in the data; being understood as another intent is.
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
    predicted: Counter[str] = field(default_factory=Counter)
    """Sentences understood as each intent (right or wrong)."""
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    """``(expected, got)`` → count."""
    failures: list[tuple[Example, str, Match]] = field(default_factory=list)
    """``(example, expected intent, match)`` of each wrong answer."""
    tested: list[tuple[str, str]] = field(default_factory=list)
    """``(expected intent, sentence)`` of every sentence tested (to compare runs)."""

    @property
    def accuracy(self) -> float:
        n = sum(self.total.values())
        return sum(self.correct.values()) / n if n else 0.0

    def intent_accuracy(self, name: str) -> float:
        """Recall: the share of ``name``'s sentences understood as ``name``."""
        return self.correct[name] / self.total[name] if self.total[name] else 0.0

    def recall(self, name: str) -> float:
        return self.intent_accuracy(name)

    def precision(self, name: str) -> float:
        """The share of sentences understood as ``name`` that were ``name``'s."""
        return self.correct[name] / self.predicted[name] if self.predicted[name] else 0.0


def _fold(ex: Example, folds: int) -> int:
    """Stable fold number of an example *line* (all expansions of a line stay together),
    from the words written, not the line number: adding one sentence to a file leaves every
    other line in its fold, so ``kiosk intents test`` compares like with like."""
    return fold_of(ex.source, folds)


def cross_validate(intents: IntentSet, folds: int = 5) -> CrossValidation:
    """k-fold cross-validation over the written example lines of every intent."""
    result = CrossValidation(folds)
    for k in range(folds):
        train_set = IntentSet(
            {
                name: replace(
                    intent, examples=tuple(e for e in intent.examples if _fold(e, folds) != k)
                )
                for name, intent in intents.intents.items()
            },
            intents.files,
        )
        matcher = Matcher(train_set, model=train(train_set, calibrate=False))
        for intent in intents:
            for ex in intent.examples:
                if _fold(ex, folds) != k:
                    continue
                got = matcher.understand(ex.text)
                result.tested.append((intent.name, ex.text))
                result.total[intent.name] += 1
                result.predicted[got.intent] += 1
                if got.intent == intent.name:
                    result.correct[intent.name] += 1
                else:
                    result.confusions[(intent.name, got.intent)] += 1
                    result.failures.append((ex, intent.name, got))
    return result
