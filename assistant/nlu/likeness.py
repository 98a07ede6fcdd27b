"""How much an utterance sounds like an intent's examples (issue 11): shown by ``kiosk nlu``
as the closest example, and used by the matcher to accept an utterance that sounds almost
exactly like one example at a lower probability (``near_example_at``).  Compared as sound
keys (folded pinyin, slot values masked) with rapidfuzz, which is right for sound-alikes.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from assistant.nlu.features import mask as mask_slot_values
from assistant.nlu.intents import IntentSet
from assistant.nlu.normalize import normalize
from assistant.nlu.phonetic import sound_key


class Likeness:
    """The examples of ``intents`` as sound keys, built per intent on first use."""

    def __init__(self, intents: IntentSet) -> None:
        self.intents = intents
        self._keys: dict[str, tuple[list[str], list[str]]] = {}
        """Intent → its examples as written and their sound keys (:meth:`examples_of`)."""

    def warm(self, names: Iterable[str]) -> None:
        """Build :meth:`examples_of` for every intent of ``names`` now."""
        for name in names:
            self.examples_of(name)

    def examples_of(self, intent: str) -> tuple[list[str], list[str]]:
        """(examples of ``intent`` as written, their sound keys).  Built per intent on first
        use, not at start-up (pinyin for ~1,500 examples is 0.3 s, and the first answer
        needs only its top three intents'; a catalogue ten times as large must not make the
        first answer wait ten times longer)."""
        found = self._keys.get(intent)
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
        self._keys[intent] = (texts, keys)
        return texts, keys

    def closest(self, intent: str, norm: str) -> tuple[str, float]:
        """The example of ``intent`` that sounds most like ``norm``, and how alike (0-1)."""
        texts, keys = self.examples_of(intent)
        if not keys:
            return "", 0.0
        hit = process.extractOne(sound_key(mask_slot_values(norm)), keys, scorer=fuzz.ratio)
        return (texts[hit[2]], hit[1] / 100.0) if hit is not None else ("", 0.0)
