"""A broken flow file never keeps the kiosk from starting (issues 17 and 19): the last
good copy of ``intents/flows/`` is used, and only with none is it an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.dialog import load_kiosk_texts
from assistant.dialog.loader import FLOWS_SNAPSHOT
from assistant.errors import DataFileError


@pytest.fixture
def flows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "intents" / "flows"
    shutil.copytree(PROJECT_ROOT / "intents" / "flows", folder)
    monkeypatch.setenv("KIOSK_VAR", str(tmp_path / "var"))
    return folder


def _break(file: Path) -> None:
    file.write_text(file.read_text(encoding="utf-8").replace("{fee}", "｛fee｝", 1),
                    encoding="utf-8")


def test_a_good_start_keeps_a_copy_and_a_broken_file_uses_it(
        flows: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = load_kiosk_texts(flows)
    snapshot = flows.parents[1] / "var" / FLOWS_SNAPSHOT
    assert (snapshot / "id_card.renew.yaml").is_file()
    _break(flows / "id_card.renew.yaml")
    texts = load_kiosk_texts(flows)
    err = capsys.readouterr().err
    assert "starting with the last good copy" in err
    assert "id_card.renew.yaml:" in err and "full-width brace" in err
    assert texts.text("id_card.renew", "confirm") == good.text("id_card.renew", "confirm")
    assert "｛" not in (snapshot / "id_card.renew.yaml").read_text(encoding="utf-8")


def test_without_a_good_copy_a_broken_file_is_an_error(flows: Path) -> None:
    _break(flows / "id_card.renew.yaml")
    with pytest.raises(DataFileError, match="full-width brace"):
        load_kiosk_texts(flows)
