"""IDF-weighted syllable n-grams: which *informative* sounds an utterance shares with an intent.

Plain fuzzy ratio counts every syllable alike, so "行驶证丢了" looks more like "驾驶证丢了"
(one syllable apart) than like "行驶证找不到了".  Here each syllable unigram and bigram
of a sound key (:func:`assistant.nlu.phonetic.sound_key`) is weighted by how few intents
use it (inverse document frequency over intents), and each intent is one weighted bag of
the n-grams of all its examples.  "行驶" is rare (one intent) and weighs a lot; "丢了" is
shared by every replacement intent and weighs little.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray


def features(key: str) -> set[str]:
    """Syllable unigrams and bigrams of a sound key."""
    grams = set(key)
    grams.update(key[i : i + 2] for i in range(len(key) - 1))
    return grams


class IntentVocabulary:
    """Each intent as one IDF-weighted bag of the n-grams of all its examples."""

    def __init__(self, keys: Sequence[str], owners: NDArray[np.int64], n_intents: int) -> None:
        counts: list[dict[str, int]] = [{} for _ in range(n_intents)]
        for key, owner in zip(keys, owners, strict=True):
            bag = counts[int(owner)]
            for f in features(key):
                bag[f] = bag.get(f, 0) + 1
        used_by: dict[str, int] = {}
        for bag in counts:
            for f in bag:
                used_by[f] = used_by.get(f, 0) + 1
        self.idf: dict[str, float] = {
            f: math.log((n_intents + 1) / (n + 0.5)) for f, n in used_by.items()
        }
        self.unknown_idf = math.log((n_intents + 1) / 0.5)
        """Weight of an n-gram no example has (it still counts in the utterance's norm)."""
        self.vectors: dict[str, NDArray[np.float64]] = {}
        norms = np.zeros(n_intents)
        for i, bag in enumerate(counts):
            for f, c in bag.items():
                w = (1.0 + math.log(c)) * self.idf[f]
                self.vectors.setdefault(f, np.zeros(n_intents))[i] = w
                norms[i] += w * w
        norms = np.sqrt(np.maximum(norms, 1e-12))
        for vec in self.vectors.values():
            vec /= norms
        self.n_intents = n_intents

    def fit(self, key: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """``(cosine, explained)`` of ``key`` against every intent, both in [0, 1].

        ``cosine`` compares the utterance with the intent's whole weighted vocabulary;
        ``explained`` is the share of the utterance's IDF mass made of n-grams the intent
        uses at all.  "我想买两斤苹果" has sounds no intent knows (买, 斤, 苹果), so little of
        it is explained by any intent, however well "我想" fits.
        """
        cosine = np.zeros(self.n_intents)
        explained = np.zeros(self.n_intents)
        q_norm = 0.0
        for f in features(key):
            w = self.idf.get(f, self.unknown_idf)
            q_norm += w * w
            vec = self.vectors.get(f)
            if vec is not None:
                cosine += w * vec
                explained += (w * w) * (vec > 0)
        if not q_norm:
            return cosine, explained
        return cosine / math.sqrt(q_norm), explained / q_norm
