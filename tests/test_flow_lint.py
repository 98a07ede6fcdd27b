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


BREAKAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "misspelt placeholder": (
        lambda d: _edit(d / "flows" / "id_card.replace.yaml", "{amount}", "{amout}"),
        "flows/id_card.replace.yaml:16:8: unknown placeholder(s) {amout}"),
    "missing brace": (
        lambda d: _edit(d / "flows" / "id_card.replace.yaml", "{amount}", "{amount"),
        "flows/id_card.replace.yaml:16:8: bad placeholder"),
    "full-width braces": (
        lambda d: _edit(d / "flows" / "id_card.replace.yaml", "{amount}", "｛amount｝"),
        "flows/id_card.replace.yaml:16:8: full-width brace in '｛amount'"),
    "misspelt text key": (
        lambda d: _edit(d / "flows" / "id_card.replace.yaml", "\n  pay:", "\n  pya:"),
        "flows/id_card.replace.yaml:16:1: text 'pay' is missing — rename 'pya' to 'pay'"),
    "empty flow file": (
        lambda d: (d / "flows" / "photo.id_photo.yaml").write_text("", encoding="utf-8"),
        "flows/photo.id_photo.yaml:0:0: the file is empty"),
    "control character": (
        lambda d: _edit(d / "flows" / "common.yaml", "\n", "\n#\x1b\n"),
        "flows/common.yaml:2:2: invisible control character U+001B"),
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
    assert expected in out, out


def test_shipped_flows_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["intents", "lint", "--no-matcher"]) == 0
    assert "flows/" not in capsys.readouterr().out
