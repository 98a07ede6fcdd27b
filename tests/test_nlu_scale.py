"""``kiosk bench nlu --scale``: the NLU at catalogue sizes ×k (issue 13 item 5).

Only that it runs and prints one row per size is pinned here; the numbers are the bench's
to print (no timed assertions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.bench.nlu import SCALED_KINDS, scaled_intents
from assistant.cli import main
from assistant.config import intents_dir
from assistant.nlu.intents import load_intents


def test_scaled_catalogue_replicates_the_real_intents() -> None:
    base = load_intents(intents_dir())
    scalable = [i for i in base if i.kind in SCALED_KINDS]
    triple = scaled_intents(base, 3)
    assert len(triple) == len(base) + 2 * len(scalable)
    assert all(name in triple for name in base.intents), "the real intents stay"
    copy = triple["id_card.replace~2"]
    original = base["id_card.replace"]
    assert len(copy.examples) == len(original.examples)
    mark = copy.examples[0].text[: -len(original.examples[0].text)]
    assert len(mark) >= 2 and all(e.text.startswith(mark) for e in copy.examples)
    marks = {triple[f"{i.name}~{j}"].examples[0].text[:2] for i in scalable for j in (1, 2)}
    assert len(marks) == 2 * len(scalable), "every synthetic intent has its own topic"
    assert scaled_intents(base, 1).intents == base.intents


def test_bench_scale_prints_a_row_per_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dev = tmp_path / "dev.tsv"
    dev.write_text(
        "text\tintent\tslots\tcategory\n"
        "我身份证丢了\tid_card.replace\t{}\tparaphrase\n"
        "我想买两斤苹果\tout_of_scope\t{}\toos\n",
        encoding="utf-8",
    )
    assert main(["bench", "nlu", "--scale", "1,2", "--data", str(dev)]) == 0
    out = capsys.readouterr().out.splitlines()
    header = next(line for line in out if line.split()[:2] == ["scale", "intents"])
    assert "p99" in header and "train" in header and "start-up" in header
    rows = [line.split() for line in out if line.strip().startswith("×")]
    assert [r[0] for r in rows] == ["×1", "×2"]
    assert all(len(r) == len(rows[0]) == 9 for r in rows)
    assert int(rows[1][1]) > int(rows[0][1]) and int(rows[1][2]) > int(rows[0][2])


def test_bench_scale_refuses_a_bad_list() -> None:
    with pytest.raises(SystemExit):
        main(["bench", "nlu", "--scale", "0,x"])
