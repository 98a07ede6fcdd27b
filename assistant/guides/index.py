"""Search the guides: a sqlite-utils full-text index in ``var/`` plus pinyin fuzzy matching.

The index (``var/guides.db``) holds, per guide, jieba ``cut_for_search`` words of all its
text and pinyin syllable bigrams; it is rebuilt whenever the guide files change (their
content hash is stored beside it).  :meth:`GuideIndex.search` combines

* how well the utterance's *sound* matches a guide's title or aliases (rapidfuzz on
  pinyin syllables: robust to homophone ASR errors), and
* a BM25 full-text score over the whole guide (words and pinyin bigrams).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sqlite_utils
from numpy.typing import NDArray
from rapidfuzz.distance import LCSseq

from assistant import config
from assistant.errors import StoreError
from assistant.guides.bm25 import FullText, Phrase
from assistant.guides.loader import Catalogue, guide_files, load_catalogue
from assistant.guides.model import Guide
from assistant.guides.site import SITE_FILE
from assistant.guides.text import clean, concepts, pinyin_terms, syllable_code, words

SCHEMA_VERSION = "6"  # 6: pinyin folding shared with the intent matcher
"""Bump when the index layout or text processing changes (forces a rebuild)."""

DB_NAME = "guides.db"
NAME_WEIGHT = 0.65
PRECISION_SHARE = 0.25
"""How much of the sound score depends on covering the utterance (vs covering the name)."""
CONCEPT_PENALTY = 0.6
"""Score factor for each object the utterance names that the guide's names do not."""
"""Share of the final score from title/alias sound matching (the rest is full text)."""


RECENT_SEARCHES = 32
"""Searches whose hits :class:`GuideIndex` keeps (the guides never change under an index)."""


@dataclass(frozen=True)
class Hit:
    """One search result."""

    id: str
    """Guide id."""
    title: str
    """Guide title (事项名称)."""
    score: float
    """In [0, 1]; higher is better.  Callers confirm or clarify weak or close results."""


def content_hash(root: Path) -> str:
    """Hash of every guide file and ``site.yaml`` (names and bytes) plus the schema version."""
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    files = guide_files(root)
    site = root / SITE_FILE
    if site.is_file():
        files.append(site)
    for f in files:
        h.update(str(f.relative_to(root)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def guide_text(guide: Guide) -> str:
    """The searchable body of a guide (everything but its names), one part per line."""
    parts: list[str] = [guide.summary, *guide.conditions]
    parts += [m.name for m in guide.materials]
    parts += [*guide.steps, *guide.notes, guide.places.window]
    return "\n".join(parts)


FTS_COLUMNS = ("name_words", "name_pinyin", "body_words", "body_pinyin")
FTS_WEIGHTS = (4.0, 2.0, 1.0, 0.5)
"""BM25 weight per column: a match in the title or aliases counts most."""


WORD_COLUMNS, PINYIN_COLUMNS = (0, 2), (1, 3)
"""The columns (of :data:`FTS_COLUMNS`) words and pinyin bigrams are looked for in."""


def _fts_terms(terms: Iterable[str]) -> list[str]:
    """The terms of a query, in the order :func:`_fts_query` writes them."""
    return [q[1:-1] for q in sorted({'"' + t.replace('"', "") + '"' for t in terms if t})]


def _fts_query(terms: Iterable[str], column: str) -> str:
    quoted = [f'"{t}"' for t in _fts_terms(terms)]
    return f"{column} : ({' OR '.join(quoted)})" if quoted else ""


class GuideIndex:
    """The search index of one catalogue, stored in a SQLite file."""

    def __init__(self, catalogue: Catalogue, db_path: Path, digest: str) -> None:
        self.catalogue = catalogue
        self.db_path = db_path
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite_utils.Database(db_path)
            if self._stored_hash() != digest:
                self._rebuild(digest)
            rows = self.db.execute("select id, names from guides").fetchall()
            columns = ", ".join(FTS_COLUMNS)
            self._full = FullText.build(
                ((gid, tuple(texts)) for gid, *texts in
                 self.db.execute(f"select id, {columns} from guides").fetchall()),
                FTS_WEIGHTS)
            """The FTS columns in memory: :meth:`_fulltext` without a query (same scores)."""
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot use the guide index {db_path}: {exc} — "
                "check that var/ is writable, or delete the file to rebuild it"
            ) from exc
        self._names: dict[str, list[str]] = {
            gid: [syllable_code(n) for n in json.loads(names)] for gid, names in rows
        }
        self._weights = _syllable_weights(self._names)
        self._postings: _Postings | None = None
        """Names by syllable, for :meth:`_by_sound` (built on first use)."""
        self._concepts = {
            gid: frozenset().union(*(concepts(n) for n in g.names))
            for gid, g in catalogue.guides.items()
        }
        self._recent: dict[tuple[str, int, float], list[Hit]] = {}
        """The last searches' hits: one utterance looks the same words up two or three times
        (its question, then its story); the oldest goes beyond :data:`RECENT_SEARCHES`."""

    @classmethod
    def open(cls, root: Path | None = None, db_path: Path | None = None) -> GuideIndex:
        """Load the catalogue at ``root`` (default ``config.guides_dir()``) and its index
        (default ``config.var_dir()/guides.db``), rebuilding the index if files changed."""
        root = root or config.guides_dir()
        db_path = db_path or config.var_dir() / DB_NAME
        return cls(load_catalogue(root), db_path, content_hash(root))

    def _stored_hash(self) -> str | None:
        if "meta" not in self.db.table_names():
            return None
        row = self.db.execute("select value from meta where key = 'hash'").fetchone()
        return str(row[0]) if row else None

    def _rebuild(self, digest: str) -> None:
        """Build a fresh index beside the old one and swap it in atomically.

        Another process reading the old file keeps its (now unlinked) copy; nobody ever
        sees a half-built index.
        """
        self.db.close()
        tmp = self.db_path.with_name(f"{self.db_path.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        self.db = sqlite_utils.Database(tmp)
        self._build(digest)
        self.db.close()
        os.replace(tmp, self.db_path)
        self.db = sqlite_utils.Database(self.db_path)

    def _build(self, digest: str) -> None:
        for name in ("guides_fts", "guides", "meta"):  # the FTS table drops its shadows
            self.db.execute(f"drop table if exists [{name}]")
        rows = [
            {
                "id": g.id,
                "title": g.title,
                "category": g.category,
                "names": json.dumps(list(g.names), ensure_ascii=False),
                "name_words": " ".join(w for n in g.names for w in words(n)),
                "name_pinyin": " ".join(t for n in g.names for t in pinyin_terms(n)),
                "body_words": " ".join(words(guide_text(g))),
                "body_pinyin": " ".join(pinyin_terms(guide_text(g))),
            }
            for g in self.catalogue.guides.values()
        ]
        self.db["guides"].insert_all(rows, pk="id")  # type: ignore[union-attr]
        self.db["guides"].enable_fts(list(FTS_COLUMNS), create_triggers=False)  # type: ignore[union-attr]
        self.db["meta"].insert({"key": "hash", "value": digest}, pk="key")  # type: ignore[union-attr]

    def _fulltext(self, text: str) -> dict[str, float]:
        said, heard = words(text), pinyin_terms(text)
        phrases = [*(Phrase(t, WORD_COLUMNS) for t in _fts_terms(said)),
                   *(Phrase(t, PINYIN_COLUMNS) for t in _fts_terms(heard))]
        raw = self._full.scores(phrases)
        if raw is None:  # a term FTS5 would cut in two: asked of SQLite
            raw = self._fulltext_sql(said, heard)
        best = max(raw.values(), default=0.0)
        return {gid: s / best for gid, s in raw.items()} if best > 0 else {}

    def _fulltext_sql(self, said: list[str], heard: list[str]) -> dict[str, float]:
        """BM25 by SQLite's FTS5 (the scores :class:`FullText` gives in memory)."""
        query = " OR ".join(
            q
            for q in (
                _fts_query(said, "{name_words body_words}"),
                _fts_query(heard, "{name_pinyin body_pinyin}"),
            )
            if q
        )
        if not query:
            return {}
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        sql = (
            f"select guides.id, bm25(guides_fts, {weights}) from guides_fts "
            "join guides on guides.rowid = guides_fts.rowid where guides_fts match ?"
        )
        return {gid: -float(s) for gid, s in self.db.execute(sql, [query]).fetchall()}

    def _by_sound(self, text: str, floor: float = 0.0) -> dict[str, float]:
        """Sound score of each guide's best name; names that cannot score above ``floor``
        are not scored (0), which changes no score above it."""
        query = syllable_code(text)
        if not query:
            return {}
        weight = self._weights
        default = max(weight.values(), default=1.0)
        query_total = sum(weight.get(c, default) for c in query)
        flat, totals, postings = self._name_postings(default)
        # the weight of the syllables a name shares with the query bounds its score from
        # above: only names that share some are looked at, most promising first, and
        # those that cannot beat their guide's best name (or the floor) are skipped (summed
        # with numpy, in the same order as one name at a time: the same floats)
        shared = np.zeros(len(flat))
        for c in set(query):
            posting = postings.get(c)
            if posting is not None:  # (a name is in a syllable's posting once)
                shared[posting[0]] += posting[1]
        out: dict[str, float] = dict.fromkeys(self._names, 0.0)
        keep = 1 - PRECISION_SHARE
        # the bound is at most b / total: skip the hopeless
        looked = np.nonzero(shared > floor * totals)[0]
        b = shared[looked]
        bounds = b / totals[looked] * (keep + PRECISION_SHARE * np.minimum(1.0, b / query_total))
        for j in np.lexsort((-looked, -bounds)):  # best bound first (ties: the later name)
            bound, i = float(bounds[j]), int(looked[j])
            if bound <= floor:  # sorted: no later name can reach the floor either
                break
            gid, name = flat[i]
            if bound <= out[gid]:
                continue
            matched = _matched(name, query)
            common = sum(weight.get(c, default) for c in matched)
            recall = common / totals[i]
            precision = common / query_total
            score = recall * (1 - PRECISION_SHARE + PRECISION_SHARE * precision)
            if score > out[gid]:
                out[gid] = score
        return out

    def _name_postings(self, default: float) -> _Postings:
        """``(guide id, name)`` of every name, its summed syllable weight, and per syllable
        the names holding it with its weight there (built once)."""
        if self._postings is None:
            flat: list[tuple[str, str]] = []
            totals: list[float] = []
            postings: dict[str, list[tuple[int, float]]] = {}
            for gid, names in self._names.items():
                for name in names:
                    if not name:
                        continue
                    i = len(flat)
                    flat.append((gid, name))
                    totals.append(sum(self._weights.get(c, default) for c in name))
                    counts: dict[str, int] = {}
                    for c in name:
                        counts[c] = counts.get(c, 0) + 1
                    for c, n in counts.items():
                        postings.setdefault(c, []).append((i, n * self._weights.get(c, default)))
            self._postings = (flat, np.array(totals), {
                c: (np.array([i for i, _ in p]), np.array([w for _, w in p]))
                for c, p in postings.items()})
        return self._postings

    def search(self, text: str, limit: int = 5, min_score: float = 0.0) -> list[Hit]:
        """Best guides for an utterance, best first (at most ``limit``; with ``min_score``
        only those scoring at least that, found faster)."""
        if not clean(text):
            return []
        key = (text, limit, min_score)
        found = self._recent.get(key)
        if found is None:
            found = self._search(text, limit, min_score)
            if len(self._recent) >= RECENT_SEARCHES:
                del self._recent[next(iter(self._recent))]
            self._recent[key] = found
        return list(found)

    def _search(self, text: str, limit: int, min_score: float) -> list[Hit]:
        # a guide whose names sound like the text no more than this cannot reach min_score
        sound_floor = max(0.0, (min_score - (1 - NAME_WEIGHT)) / NAME_WEIGHT)
        sound = self._by_sound(text, sound_floor)
        full = self._fulltext(text)
        wanted = concepts(text)
        scores = {  # (a guide neither sounds like the text nor shares a term scores 0)
            gid: (NAME_WEIGHT * sound.get(gid, 0.0) + (1 - NAME_WEIGHT) * full.get(gid, 0.0))
            * CONCEPT_PENALTY ** len(wanted - self._concepts[gid])
            for gid in {*(g for g, v in sound.items() if v > 0), *full}
        }
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [
            Hit(gid, self.catalogue.guides[gid].title, round(score, 4))
            for gid, score in ranked[:limit]
            if score > 0 and score >= min_score
        ]


_Postings = tuple[list[tuple[str, str]], "NDArray[np.float64]",
                  dict[str, tuple["NDArray[np.int64]", "NDArray[np.float64]"]]]
"""What :meth:`GuideIndex._name_postings` builds."""


def _syllable_weights(names: dict[str, list[str]]) -> dict[str, float]:
    """IDF of each syllable over guides' names: 身份证 weighs more than 了 or 办."""
    df: dict[str, int] = {}
    for codes in names.values():
        for c in set("".join(codes)):
            df[c] = df.get(c, 0) + 1
    n = len(names)
    return {c: math.log(1 + n / d) for c, d in df.items()}


def _matched(name: str, query: str) -> str:
    """Syllables of ``name`` that a longest common subsequence with ``query`` keeps."""
    dropped = {op.src_pos for op in LCSseq.editops(name, query) if op.tag == "delete"}
    return "".join(c for i, c in enumerate(name) if i not in dropped)


_DEFAULT: GuideIndex | None = None


def search(text: str, limit: int = 5) -> list[Hit]:
    """Search the default catalogue (``config.guides_dir()``), opening its index once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = GuideIndex.open()
    return _DEFAULT.search(text, limit)
