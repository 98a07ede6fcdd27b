"""The full-text part of guide search, scored in memory.

:class:`assistant.guides.index.GuideIndex` keeps the guides' words and pinyin bigrams in a
SQLite FTS5 table.  Asking SQLite for ``bm25()`` costs about 0.4 ms a search, a third of the
whole search, and one utterance may search two or three times.  :class:`FullText` holds the
same columns as postings and computes the very scores FTS5's ``bm25()`` gives — the same
tokens (``unicode61``: runs of letters and digits, lower-cased), the same IDF
(``log((N - n + 0.5) / (n + 0.5))``, at least 1e-6), ``k1`` 1.2, ``b`` 0.75, the column
weights, and the row length over all columns — so the results do not change.  A term that is
not exactly one such token is left to SQLite (:meth:`FullText.scores` returns ``None``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_TOKEN = re.compile(r"[^\W_]+")
"""A token as FTS5's ``unicode61`` tokenizer cuts it (no underscore, no punctuation)."""
K1 = 1.2
B = 0.75
MIN_IDF = 1e-6


def tokens(text: str) -> list[str]:
    """``text`` cut into tokens the way the FTS table's tokenizer cuts it."""
    return _TOKEN.findall(text.lower())


@dataclass(frozen=True)
class Phrase:
    """One quoted term of a query and the columns it is looked for in."""

    term: str
    """The term (one token, in any case)."""
    columns: tuple[int, ...]
    """Indexes of the columns searched (a query's ``{name_words body_words}`` filter)."""


@dataclass
class FullText:
    """Postings of the FTS columns of every guide (see the module docstring)."""

    weights: tuple[float, ...]
    """Weight of each column, as passed to ``bm25()``."""
    ids: list[str] = field(default_factory=list)
    """Guide id of each row."""
    lengths: list[int] = field(default_factory=list)
    """Tokens of each row over all columns (FTS5's document size)."""
    postings: dict[str, dict[int, dict[int, int]]] = field(default_factory=dict)
    """token → row → column → how often."""
    _phrases: dict[tuple[str, tuple[int, ...]], tuple[float, dict[int, float]]] = field(
        default_factory=dict, repr=False)
    _row_norms: list[float] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, rows: Iterable[tuple[str, Sequence[str]]],
              weights: tuple[float, ...]) -> FullText:
        """From ``(guide id, column texts)`` rows, columns in ``weights``' order."""
        index = cls(weights)
        for row, (gid, columns) in enumerate(rows):
            index.ids.append(gid)
            size = 0
            for column, text in enumerate(columns):
                cut = tokens(text or "")
                size += len(cut)
                for token in cut:
                    counts = index.postings.setdefault(token, {}).setdefault(row, {})
                    counts[column] = counts.get(column, 0) + 1
            index.lengths.append(size)
        return index

    def scores(self, phrases: Sequence[Phrase]) -> dict[str, float] | None:
        """BM25 of every guide matching any of ``phrases`` (higher is better: FTS5's value
        negated); ``None`` when a phrase is not a single token (SQLite is asked instead).
        Each row's score is summed phrase by phrase, in the query's order, as FTS5 sums it:
        the same floats."""
        cut = [tokens(p.term) for p in phrases]
        if any(len(c) != 1 for c in cut):
            return None
        if not self.ids or not phrases:
            return {}
        norms = self._norms()
        total: dict[int, float] = {}
        for phrase, (term,) in zip(phrases, cut, strict=True):
            idf, freq = self._phrase(term, phrase.columns)
            for row, f in freq.items():
                total[row] = total.get(row, 0.0) + idf * ((f * (K1 + 1.0)) / (f + norms[row]))
        return {self.ids[row]: score for row, score in total.items()}

    def _norms(self) -> list[float]:
        """``k1 × (1 − b + b × D / avgdl)`` of each row (built once)."""
        if self._row_norms is None:
            avgdl = sum(self.lengths) / len(self.lengths)
            self._row_norms = [K1 * (1 - B + B * size / avgdl) for size in self.lengths]
        return self._row_norms

    def _phrase(self, token: str, columns: tuple[int, ...]) -> tuple[float, dict[int, float]]:
        """IDF of ``token`` in ``columns`` and its weighted frequency in each row holding it
        there (kept for the index's own tokens)."""
        key = (token, columns)
        found = self._phrases.get(key)
        if found is not None:
            return found
        freq = {row: float(sum(self.weights[c] * k for c, k in counts.items() if c in columns))
                for row, counts in self.postings.get(token, {}).items()}
        freq = {row: f for row, f in freq.items() if f > 0}
        n = len(self.ids)
        value = math.log((n - len(freq) + 0.5) / (len(freq) + 0.5))
        found = (value if value > 0.0 else MIN_IDF, freq)
        if token in self.postings:
            self._phrases[key] = found
        return found
