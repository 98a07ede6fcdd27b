"""``kiosk report --prompts``: the spoken length of every prompt (issue 12 item 7)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assistant.dialog.prompt_lengths import FIRST_MAX, measure, render, spoken_chars

from .helpers import texts


def test_spoken_characters_count_placeholders_and_skip_marks() -> None:
    assert spoken_chars("好的，{title}。") == 2 + 4
    assert spoken_chars("说'一'或按1") == 5


def test_every_text_is_measured_and_step_openings_are_known() -> None:
    lengths = measure(texts())
    keys = {(p.file, p.key) for p in lengths}
    assert ("common", "menu") in keys and ("id_card.renew", "card") in keys
    card = next(p for p in lengths if (p.file, p.key) == ("id_card.renew", "card"))
    assert card.first and not card.too_long and card.seconds == card.chars / 4
    assert all(p.too_long == (p.first and p.chars > FIRST_MAX) for p in lengths)
    assert "超过40字" in render(lengths) or not any(p.too_long for p in lengths)


def test_the_report_command_runs() -> None:
    proc = subprocess.run([sys.executable, "-m", "assistant", "report", "--prompts", "--json"],
                          capture_output=True, text=True, timeout=60, check=False,
                          cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows and {"file", "key", "chars", "seconds", "first", "too_long"} <= set(rows[0])


def test_no_step_opens_with_more_than_40_characters() -> None:
    """Issue 12: the first prompt of every flow step is short (the renewal and replacement
    confirmations were 57 and 48); what the citizen needs stays in it (name and fee)."""
    lengths = measure(texts())
    assert [(p.file, p.key, p.chars) for p in lengths if p.too_long] == []
    flows = texts().flows
    for flow in ("id_card.renew", "id_card.replace"):
        confirm = flows[flow].texts["confirm"]
        assert "{fee}元" in confirm and "{delivery_title}" in confirm and "{years}" in confirm
    assert "低保" in flows["id_card.renew"].texts["confirm"]
