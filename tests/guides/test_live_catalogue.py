"""A broken guide file or site.yaml never takes the kiosk down (issue 17 item 3): the
running kiosk answers from the last good guides, and so does a restarted one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.guides import live
from assistant.guides.finder import CatalogueGuides, GuideAnswers

ROOT = Path(__file__).resolve().parents[2]
GUIDE = "户政/huzheng.first_id_card.yaml"


@pytest.fixture
def guides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "guides"
    shutil.copytree(ROOT / "guides", folder)
    monkeypatch.setenv("KIOSK_GUIDES", str(folder))
    monkeypatch.setenv("KIOSK_VAR", str(tmp_path / "var"))
    monkeypatch.setattr(live, "CHECK_EVERY_S", 0.0)
    monkeypatch.setattr(live, "_SHARED", {})
    return folder


def _break(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# \x0c\n", encoding="utf-8")


def test_running_kiosk_keeps_answering_from_the_last_good_guides(
        guides: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers, finder = GuideAnswers(), CatalogueGuides()
    before = answers("id_card.renew", "fees")
    assert before and "元" in before
    assert finder.find("护照") is not None
    _break(guides / "site.yaml")
    _break(guides / GUIDE)
    assert not finder.refresh()  # between sessions: the broken files are refused
    assert answers("id_card.renew", "fees") == before
    assert finder.find("护照") is not None
    err = capsys.readouterr().err
    assert "site.yaml:" in err and "huzheng.first_id_card.yaml:" in err
    assert "answering from the last good guides" in err


def test_a_fixed_file_is_used_again(guides: Path) -> None:
    loaded = live.shared().get()
    assert loaded is not None
    text = (guides / "site.yaml").read_text(encoding="utf-8")
    _break(guides / "site.yaml")
    assert not live.shared().refresh()
    assert live.shared().get() is loaded
    assert live.shared().last_error is not None
    (guides / "site.yaml").write_text(text, encoding="utf-8")
    assert live.shared().get() is loaded  # never while a conversation is handled
    assert live.shared().refresh()  # between sessions
    fresh = live.shared().get()
    assert fresh is not None and fresh is not loaded and live.shared().last_error is None


def test_restarted_kiosk_starts_from_the_copy_of_the_last_good_guides(guides: Path) -> None:
    assert live.shared().get() is not None  # a good start keeps a copy in var/
    assert (guides.parent / "var" / live.SNAPSHOT_NAME / "site.yaml").is_file()
    _break(guides / "site.yaml")
    live._SHARED.clear()  # as after a restart
    loaded = live.shared().get()
    assert loaded is not None and loaded.root.name == live.SNAPSHOT_NAME
    assert GuideAnswers()("id_card.renew", "fees")


def test_no_good_guides_ever_means_no_answer_not_a_crash(guides: Path) -> None:
    _break(guides / "site.yaml")
    assert live.shared().get() is None
    assert GuideAnswers()("id_card.renew", "fees") is None
    assert GuideAnswers().catalogue() == []
    assert CatalogueGuides().find("护照") is None


def test_chat_guide_question_with_a_broken_site_file(guides: Path, tmp_path: Path) -> None:
    """End to end: the kiosk process answers a guide question with site.yaml broken."""
    _break(guides / "site.yaml")
    script = tmp_path / "s.script"
    script.write_text("护照在哪里办\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "assistant", "chat", "--script", str(script),
                          "--json"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert len(run.stdout.splitlines()) == 2


def test_the_next_session_takes_edited_guides_through_the_understander(guides: Path) -> None:
    """The host refreshes the understander between sessions
    (:func:`assistant.nlu.live.refresh`); its guide finder takes the edited guides then —
    and not before, however many questions are asked in between."""
    from assistant.config import intents_dir
    from assistant.nlu.live import LiveNLU, refresh

    nlu = LiveNLU(intents_dir(), guides=CatalogueGuides(), background=False)
    loaded = live.shared().get()
    assert loaded is not None
    path = guides / GUIDE
    path.write_text(path.read_text(encoding="utf-8") + "\n# 改过\n", encoding="utf-8")
    nlu.understand("护照在哪里办")
    assert GuideAnswers()("id_card.renew", "fees")
    assert live.shared().get() is loaded  # not inside a conversation
    assert refresh(nlu)  # the next person
    assert live.shared().get() is not loaded and live.shared().last_error is None


def test_the_guides_folder_is_resolved_once_per_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``shared()`` is asked several times an utterance; the folder is resolved again only
    after ``CHECK_EVERY_S`` (or at once when the environment points elsewhere)."""
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(ROOT / "guides", first)
    shutil.copytree(ROOT / "guides", second)
    monkeypatch.setattr(live, "_SHARED", {})
    monkeypatch.setattr(live, "_FOLDERS", {})
    monkeypatch.setattr(live, "CHECK_EVERY_S", 60.0)
    monkeypatch.setenv("KIOSK_VAR", str(tmp_path / "var"))
    monkeypatch.setenv("KIOSK_GUIDES", str(first))
    resolved: list[Path] = []
    real = Path.resolve

    def counted(self: Path, strict: bool = False) -> Path:
        resolved.append(self)
        return real(self, strict)

    monkeypatch.setattr(Path, "resolve", counted)
    assert live.shared().root == first
    resolved.clear()
    assert live.shared().root == first and live.shared().root == first
    assert resolved == []
    monkeypatch.setenv("KIOSK_GUIDES", str(second))
    assert live.shared().root == second and second in resolved
    resolved.clear()
    monkeypatch.setattr(live, "CHECK_EVERY_S", 0.0)
    live.shared()
    assert resolved == [second]
