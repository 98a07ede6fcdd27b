"""Search: the question set (written before tuning), homophones, and index rebuilds."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from assistant import config
from assistant.guides.index import GuideIndex, content_hash

QUESTIONS = Path(__file__).resolve().parent.parent / "data" / "guide_questions.tsv"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> GuideIndex:
    db = tmp_path_factory.mktemp("var") / "guides.db"
    return GuideIndex.open(config.guides_dir(), db)


def _questions() -> list[tuple[str, str]]:
    with QUESTIONS.open(encoding="utf-8", newline="") as f:
        return [(r["text"], r["guide_id"]) for r in csv.DictReader(f, delimiter="\t")]


def test_question_set_is_large_and_valid(index: GuideIndex) -> None:
    questions = _questions()
    assert len(questions) >= 100
    assert {gid for _, gid in questions} <= set(index.catalogue.guides)


def test_top1_accuracy_at_least_95_percent(index: GuideIndex) -> None:
    questions = _questions()
    misses = []
    for text, gid in questions:
        hits = index.search(text, 1)
        if not hits or hits[0].id != gid:
            misses.append((text, gid, hits[0].id if hits else None))
    accuracy = 1 - len(misses) / len(questions)
    assert accuracy >= 0.95, misses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不办身份证", "id_card.replace"),  # 补办 heard as 不办
        ("补 办 身 份 证", "id_card.replace"),  # spaces from the recogniser
        ("身分证过期了", "id_card.renew"),
        ("港奥签注", "exit_entry.endorse_hk_macau"),
        ("违张查询", "traffic.violation_query"),
        ("假使证丢了", "driver_license.replace"),
    ],
)
def test_homophone_and_spacing_errors(index: GuideIndex, text: str, expected: str) -> None:
    assert index.search(text, 3)[0].id == expected


def test_hits_are_sorted_scored_and_limited(index: GuideIndex) -> None:
    hits = index.search("身份证", 4)
    assert 0 < len(hits) <= 4
    assert all(0 < h.score <= 1 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].title == index.catalogue.guides[hits[0].id].title
    assert index.search("  ，。 ", 5) == []


def test_index_is_rebuilt_when_a_guide_changes(tmp_path: Path) -> None:
    root = tmp_path / "guides"
    shutil.copytree(config.guides_dir(), root)
    db = tmp_path / "var" / "guides.db"
    before = content_hash(root)
    assert GuideIndex.open(root, db).search("蓝莓果酱", 1)[0].id != "qita.lost_found"
    path = root / "其他" / "qita.lost_found.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("aliases: [", "aliases: [蓝莓果酱, "),
        encoding="utf-8",
    )
    assert content_hash(root) != before
    assert GuideIndex.open(root, db).search("蓝莓果酱", 1)[0].id == "qita.lost_found"
    # unchanged files: the stored index is reused, not rebuilt
    again = GuideIndex.open(root, db)
    assert again._stored_hash() == content_hash(root)


def test_a_search_said_again_is_answered_from_the_last_ones(
        index: GuideIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """One utterance looks its words up two or three times: the same hits, searched once;
    the kept searches stay few (``RECENT_SEARCHES``)."""
    from assistant.guides import index as module

    searched: list[str] = []
    real = GuideIndex._search

    def counted(self: GuideIndex, text: str, limit: int, min_score: float) -> list[module.Hit]:
        searched.append(text)
        return real(self, text, limit, min_score)

    monkeypatch.setattr(GuideIndex, "_search", counted)
    said = "阿拉老头子护照寻勿着了，出国之前要补一本"
    first = index.search(said)
    again = index.search(said)
    assert first == again and first and searched == [said]
    for i in range(module.RECENT_SEARCHES + 5):
        index.search(f"驾驶证{i}号怎么换")
    assert len(index._recent) <= module.RECENT_SEARCHES
    index.search(said)  # long gone from the kept ones: searched again
    assert searched.count(said) == 2


def test_full_text_in_memory_scores_as_sqlite_does(index: GuideIndex) -> None:
    """The in-memory BM25 (:mod:`assistant.guides.bm25`) gives SQLite FTS5's very scores —
    for the question set, the guides' own titles and aliases, and words said the Wu way or
    with a plate in them (upper-case letters are one token, as FTS5 lower-cases them)."""
    from assistant.guides.bm25 import Phrase
    from assistant.guides.index import PINYIN_COLUMNS, WORD_COLUMNS, _fts_terms
    from assistant.guides.text import pinyin_terms, words

    texts = [q for q, _ in _questions()][:80] + [
        g.title for g in list(index.catalogue.guides.values())[:40]] + [
        "阿拉老头子护照寻勿着了", "浙L12345的ETC卡坏了", "4S店讲上牌还要等几天", "的了吗"]
    compared = 0
    for text in texts:
        said, heard = words(text), pinyin_terms(text)
        phrases = [*(Phrase(t, WORD_COLUMNS) for t in _fts_terms(said)),
                   *(Phrase(t, PINYIN_COLUMNS) for t in _fts_terms(heard))]
        mine = index._full.scores(phrases)
        assert mine == index._fulltext_sql(said, heard), text
        compared += bool(mine)
    assert compared > 100


def test_a_term_fts_would_cut_in_two_is_left_to_sqlite(index: GuideIndex) -> None:
    from assistant.guides.bm25 import Phrase

    assert index._full.scores([Phrase("身份证-补领", (0, 2))]) is None
    assert index._full.scores([Phrase("", (0, 2))]) is None
    assert index._full.scores([Phrase("身份证", (0, 2))])
