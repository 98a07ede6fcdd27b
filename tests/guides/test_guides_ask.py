"""``kiosk guides ask``: a question answered through the live kiosk's path (intent model,
guide finder, dialog, guide answerer), and refused in one Chinese line while staff files
are broken (issue 19)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.ask import ask
from assistant.cli import main
from assistant.config import PROJECT_ROOT, var_dir
from assistant.guides.loader import load_catalogue
from assistant.guides.speech import yuan


@pytest.fixture
def private_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private var/ seeded with the trained models (keyed by the files' content)."""
    var = tmp_path / "var"
    models = var_dir() / "nlu-model"
    if models.is_dir():
        shutil.copytree(models, var / "nlu-model")
    monkeypatch.setenv("KIOSK_VAR", str(var))
    return var


def test_the_passport_fee_as_the_kiosk_says_it(private_var: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    passport = load_catalogue(PROJECT_ROOT / "guides").guides["churujing.passport"]
    [fee] = passport.fees
    assert main(["guides", "ask", "办护照多少钱"]) == 0
    out = capsys.readouterr().out
    assert "  听成      guide.ask" in out and "→ accept（直接回答）" in out
    assert "  指南      churujing.passport（普通护照申领换发）" in out
    assert "  问的是    fees（要多少钱）" in out
    said = next(line for line in out.splitlines() if line.startswith("  机器说"))
    assert f"工本费{yuan(fee.amount)}" in said  # the guide's fee, as the kiosk speaks it

    assert main(["guides", "ask", "--json", "补办身份证要带什么"]) == 0
    asked = json.loads(capsys.readouterr().out)
    assert (asked["intent"], asked["guide"], asked["aspect"]) == (
        "guide.ask", "id_card.replace", "materials")
    assert "身份证" in asked["said"][0]


def test_the_live_kiosk_answers_differently_from_search(private_var: Path) -> None:
    """The issue: ``kiosk guides search`` ranked 临时居民身份证 first for a 补领 fee question;
    ``ask`` tells what the kiosk really answers."""
    asked = ask("身份证丢了补一张要多少钱")
    assert (asked.intent, asked.aspect) == ("guide.ask", "fees")
    assert asked.guide == "id_card.replace"


def _break_guide(guides: Path) -> None:
    path = guides / "出入境" / "churujing.passport.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:", "title：", 1), encoding="utf-8")


def test_broken_guides_are_said_unless_last_good(
        private_var: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    guides = tmp_path / "guides"
    shutil.copytree(PROJECT_ROOT / "guides", guides)
    monkeypatch.setenv("KIOSK_GUIDES", str(guides))
    assert main(["guides", "ask", "办护照多少钱"]) == 0  # a good copy is kept
    capsys.readouterr()
    _break_guide(guides)
    assert main(["guides", "ask", "办护照多少钱"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("办事指南文件有错，你的修改还没有生效")
    assert main(["guides", "ask", "--last-good", "办护照多少钱"]) == 0
    assert "churujing.passport" in capsys.readouterr().out
    other = tmp_path / "other"
    shutil.copytree(guides, other)  # a folder of its own has no last good copy
    assert main(["guides", "--dir", str(other), "ask", "办护照多少钱"]) == 1


def test_broken_intents_are_said_unless_last_good(
        private_var: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    intents = tmp_path / "intents"
    shutil.copytree(PROJECT_ROOT / "intents", intents)
    monkeypatch.setenv("KIOSK_INTENTS", str(intents))
    assert main(["guides", "ask", "办护照多少钱"]) == 0  # a good set is kept
    capsys.readouterr()
    guide_file = intents / "guide.yaml"
    guide_file.write_text(guide_file.read_text(encoding="utf-8").replace(
        "    examples:", "    examples：", 1), encoding="utf-8")
    assert main(["guides", "ask", "办护照多少钱"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("意图文件有错，你的修改还没有生效")
    assert main(["guides", "ask", "--last-good", "办护照多少钱"]) == 0
    assert "churujing.passport" in capsys.readouterr().out
