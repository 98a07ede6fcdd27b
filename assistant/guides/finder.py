"""Guide look-up for the matcher: which guide a question is about, if any.

``guide.ask`` questions about one of the 13 self-service items carry the guide of that
item's intent.  Questions about anything else the police handle ("护照在哪里办",
"办居住证要带什么") are resolved here by searching the catalogue.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import var_dir
from assistant.nlu.types import GuideRef

if TYPE_CHECKING:
    from assistant.guides.loader import Catalogue

_FILLER = re.compile(r"请问|一下|我想|我要|办理|[要去到在的办]")
"""Request words around a topic ("护照在哪里办" → "护照"): they name no service."""

MIN_SCORE = 0.6
"""Weakest search hit taken as the topic (real topics score ≥ 0.75; unrelated ≤ 0.5)."""


class CatalogueGuides:
    """Implements ``assistant.nlu.types.GuideFinder`` over the guide index.

    The index (jieba, SQLite) is opened on the first question, not at start-up: most
    utterances never need it.
    """

    def __init__(self, root: Path | None = None, min_score: float = MIN_SCORE) -> None:
        self.root = root
        self.min_score = min_score
        self._index: object | None = None

    def find(self, text: str) -> GuideRef | None:
        found = self.hits(text, limit=1)
        return found[0][0] if found else None

    def hits(self, text: str, limit: int = 3) -> list[tuple[GuideRef, float]]:
        """The guides ``text`` (a question without its aspect words) may be about, with
        their search scores, best first; only those scoring at least ``min_score``.  The
        matcher names the best in its confirm question when the second is close."""
        from assistant.guides.index import GuideIndex, content_hash
        from assistant.guides.live import shared

        loaded = shared(self.root).get()
        if loaded is None:  # no good guides ever: nothing to point at
            return []
        if not isinstance(self._index, GuideIndex) or self._index.catalogue is not (
                loaded.catalogue):
            self._index = GuideIndex(loaded.catalogue, _index_path(loaded.root),
                                     content_hash(loaded.root))
        assert isinstance(self._index, GuideIndex)
        topic = _FILLER.sub("", text) or text
        return [
            (GuideRef(h.id, h.title), h.score)
            for h in self._index.search(topic, limit=limit, min_score=self.min_score)
        ]


class GuideAnswers:
    """Speakable answers for the dialog: ``(guide id, aspect) → text`` (None if unknown),
    and :meth:`sections` for reading a guide in full
    (``assistant.dialog.reading.GuideSource``).

    The catalogue is loaded on the first question.  Without an aspect the guide's short
    overview is given.  The answer carries no offer: the dialog asks its own
    (``guide_offer`` in ``intents/flows/common.yaml``) with the keys to answer it.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root

    def _load(self) -> Catalogue | None:
        """The current good catalogue (the last good one while staff files are broken);
        None only when no good version was ever seen."""
        from assistant.guides.live import shared

        loaded = shared(self.root).get()
        return None if loaded is None else loaded.catalogue

    def __call__(self, guide_id: str, aspect: str | None) -> str | None:
        from assistant.guides.model import ASPECTS
        from assistant.guides.speech import answer

        catalogue = self._load()
        guide = None if catalogue is None else catalogue.guides.get(guide_id)
        if catalogue is None or guide is None:
            return None
        wanted = aspect if aspect in ASPECTS else "overview"
        return answer(guide, wanted, catalogue.network, offer=False)  # type: ignore[arg-type]

    def catalogue(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Guides by category for listening by keys:
        ``[(category, [(guide id, title), ...]), ...]`` in :data:`CATEGORIES` order
        (``交管-驾驶证`` is said as ``交管驾驶证``)."""
        from assistant.guides.model import CATEGORIES

        catalogue = self._load()
        guides = catalogue.guides.values() if catalogue is not None else ()
        out = []
        for category in CATEGORIES:
            # the self-service items of this kiosk first, then the others
            mine = sorted((g for g in guides if g.category == category),
                          key=lambda g: g.intent is None)
            items = [(g.id, g.title) for g in mine]
            if items:
                out.append((category.replace("-", ""), items))
        return out

    def sections(self, guide_id: str) -> list[tuple[str, str]] | None:
        """The guide read in full: ``[(section name, speakable text), ...]`` in reading
        order (概况 条件 材料 流程 地点 时间 费用 时限 [注意] 咨询); None if unknown."""
        from assistant.guides.speech import sections

        catalogue = self._load()
        guide = None if catalogue is None else catalogue.guides.get(guide_id)
        if catalogue is None or guide is None:
            return None
        return [(s.name, s.spoken_text) for s in sections(guide, catalogue.network)]


def _index_path(root: Path) -> Path:
    """The search index of the live guides, or of the last good copy (a file of its own,
    so switching between them does not rebuild one back and forth)."""
    from assistant.guides.index import DB_NAME
    from assistant.guides.live import SNAPSHOT_NAME

    name = DB_NAME if root.name != SNAPSHOT_NAME else f"{SNAPSHOT_NAME}.db"
    return var_dir() / name
