"""The training texts' syllables are kept beside the model, so that a retraining after a
staff edit asks pypinyin only for the lines that changed (issue 11: retraining ≤ 5 s)."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.nlu import phonetic


def test_stored_syllables_are_used_instead_of_pypinyin(tmp_path: Path) -> None:
    path = tmp_path / "syllables.json"
    texts = ["身份证丢了要补", "浙l12345交罚款", "阿拉想换驾照"]
    phonetic.clear_caches()
    expected = {t: phonetic.syllables(t) for t in texts}
    phonetic.store(path, texts)
    phonetic.clear_caches()
    assert phonetic.remember(path) == 3
    before = phonetic._syllables.cache_info().misses
    assert {t: phonetic.syllables(t) for t in texts} == expected
    assert phonetic._syllables.cache_info().misses == before  # pypinyin was not asked
    phonetic.syllables("临时身份证")  # a new line: asked
    assert phonetic._syllables.cache_info().misses == before + 1
    phonetic.clear_caches()


def test_a_broken_or_old_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "syllables.json"
    path.write_text("{not json", encoding="utf-8")
    assert phonetic.remember(path) == 0
    path.write_text(json.dumps({"version": 0, "texts": {"补办": "bu\x1fban"}}), encoding="utf-8")
    assert phonetic.remember(path) == 0  # an older folding: computed again
    assert phonetic.remember(tmp_path / "missing.json") == 0
    phonetic.clear_caches()


def test_training_writes_the_file(tmp_path: Path) -> None:
    from assistant.config import intents_dir
    from assistant.nlu.intents import load_intents
    from assistant.nlu.model import SOUNDS_FILE, cached_model

    intents = load_intents(intents_dir())
    cached_model(intents, "k", tmp_path)
    stored = json.loads((tmp_path / SOUNDS_FILE).read_text(encoding="utf-8"))
    assert stored["version"] == phonetic.SOUNDS_VERSION and len(stored["texts"]) > 1000
    phonetic.clear_caches()
