"""One site list (issue 15): the sites a kiosk sends people to come from
``guides/site.yaml`` only; ``device:`` of a flow file says which terminal a service needs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.config import guides_dir, intents_dir
from assistant.dialog import DialogConfig, load_texts, new_dialog
from assistant.dialog.events import UserText
from assistant.errors import DataFileError

from .helpers import TODAY, end, feed, said
from .keyword_nlu import KeywordUnderstander


def _site_only(tmp_path: Path, old: str = "", new: str = "") -> Path:
    folder = tmp_path / "guides"
    folder.mkdir()
    text = (guides_dir() / "site.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / "site.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def _flows(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "flows"
    shutil.copytree(intents_dir() / "flows", folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def _fine_at(site_devices: set[str], **load: Path) -> str:
    d = new_dialog(load_texts(**load), nlu=KeywordUnderstander(), today=TODAY,
                   session_id="t", config=DialogConfig(site_devices=frozenset(site_devices)))
    d.start()
    actions = feed(d, UserText("交罚款"))
    e = end(actions)
    return said(actions) if e is not None and e.outcome == "redirected" else ""


def test_the_redirect_names_the_sites_of_the_guides_site_file(tmp_path: Path) -> None:
    assert "定海旗舰店，东瀛路226号；普陀旗舰店" in _fine_at({"household"})
    moved = _site_only(tmp_path, "address: 东瀛路226号", "address: 东瀛路1号")
    assert "定海旗舰店，东瀛路1号；" in _fine_at({"household"}, guides=moved)


def test_a_site_list_in_common_yaml_is_rejected(tmp_path: Path) -> None:
    flows = _flows(tmp_path, "common.yaml", "\nmenu:\n",
                   "\nsites:\n  - name: 定海旗舰店\n    address: 东瀛路226号\n\nmenu:\n")
    with pytest.raises(DataFileError, match="unknown key 'sites'"):
        load_texts(flows)


def test_device_in_a_flow_file_is_the_terminal_the_dialog_uses(tmp_path: Path) -> None:
    d = new_dialog(load_texts(), nlu=KeywordUnderstander(), today=TODAY, session_id="t")
    assert d.device_of("traffic.fine_payment") == "traffic"
    assert _fine_at({"traffic"}) == ""  # the fine is paid here
    assert "这台机器不能" in _fine_at({"household"})
    flows = _flows(tmp_path, "traffic.fine_payment.yaml", "device: traffic\n", "")
    assert "这台机器不能" in _fine_at({"household"}, directory=flows)  # the program's, then


def test_a_device_other_than_the_flows_terminal_is_rejected(tmp_path: Path) -> None:
    flows = _flows(tmp_path, "traffic.fine_payment.yaml", "device: traffic", "device: household")
    with pytest.raises(DataFileError, match=r"traffic.fine_payment.yaml:4:1: device: household "
                       r"is not the terminal of 'traffic.fine_payment' \(its steps use "
                       r"traffic\) — write 'device: traffic'"):
        load_texts(flows)


def test_an_unknown_device_is_rejected(tmp_path: Path) -> None:
    flows = _flows(tmp_path, "traffic.fine_payment.yaml", "device: traffic", "device: trafic")
    with pytest.raises(DataFileError, match=r"unknown device 'trafic'.*use one of: photo"):
        load_texts(flows)
