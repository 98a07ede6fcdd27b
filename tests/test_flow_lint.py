"""``kiosk intents lint`` checks the flow texts too (issue 17 item 14, issue 19): a typo in
``intents/flows/`` is reported with file and line instead of stopping the kiosk."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _empty(file: Path) -> None:
    file.write_text("", encoding="utf-8")


LINE = next(n for n, line in enumerate(
    (ROOT / "intents" / "flows" / "id_card.replace.yaml").read_text(encoding="utf-8")
    .splitlines(), start=1) if line.startswith("  confirm:"))
"""Line of the replacement flow's confirmation prompt (where the breakages are made)."""


BREAKAGES: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    # (breakage, (the place, then words that must all be on that place's line: the
    # message is printed Chinese first with the English in brackets))
    "misspelt placeholder": (
        lambda d: _edit(d / "flows" / "id_card.replace.yaml", "{fee}", "{fe}"),
        (f"flows/id_card.replace.yaml:{LINE}:12: ", "unknown placeholder(s) {fe}")),
    "missing brace": (
        lambda d: _edit(d / "flows" / "id_card.replace.yaml", "{fee}", "{fee"),
        (f"flows/id_card.replace.yaml:{LINE}:12: ", "bad placeholder")),
    "full-width braces": (
        lambda d: _edit(d / "flows" / "id_card.replace.yaml", "{fee}", "｛fee｝"),
        (f"flows/id_card.replace.yaml:{LINE}:12: ", "full-width brace in '｛fee'")),
    "misspelt text key": (
        lambda d: _edit(d / "flows" / "id_card.replace.yaml", "\n  confirm:", "\n  confrim:"),
        (f"flows/id_card.replace.yaml:{LINE}:1: ", "text 'confirm' is missing",
         "把 'confrim' 改成 'confirm'", "rename 'confrim' to 'confirm'")),
    "empty flow file": (
        lambda d: _empty(d / "flows" / "photo.id_photo.yaml"),
        ("flows/photo.id_photo.yaml:0:0: ", "the file is empty")),
    "control character": (
        lambda d: _edit(d / "flows" / "common.yaml", "\n", "\n#\x1b\n"),
        ("flows/common.yaml:2:2: ", "invisible control character U+001B")),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_flow_file_fails_lint_with_its_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    folder = tmp_path / "intents"
    shutil.copytree(ROOT / "intents", folder)
    breakage, expected = BREAKAGES[name]
    breakage(folder)
    assert main(["intents", "lint", str(folder), "--no-matcher"]) == 1
    out = capsys.readouterr().out
    place, *words = expected
    assert any(place in line and all(w in line for w in words)
               for line in out.splitlines()), out


def test_shipped_flows_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["intents", "lint", "--no-matcher"]) == 0
    assert "flows/" not in capsys.readouterr().out
