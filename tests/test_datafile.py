"""Every staff file, whatever is saved in it, gives ``path:line:col: message — fix`` and
never a traceback (issue 17 item 2): control characters, NUL, invalid UTF-8, absurd
nesting, empty files — in intents, flows, keypad, guides, site and announcements."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.datafile import MAX_DEPTH, compose_text, position
from assistant.dialog.keypad import load_keypad
from assistant.dialog.texts import load_flow_texts
from assistant.errors import DataFileError, Problem
from assistant.guides.loader import lint, load_catalogue
from assistant.idle import read_announcements
from assistant.nlu.intents import load_intents, read_intent_files

ROOT = Path(__file__).resolve().parents[1]

DAMAGE: dict[str, Callable[[str], str]] = {
    # a vertical tab pasted inside a comment on line 1
    "vertical tab": lambda s: "# 注释\x0b说明\n" + s,
    "nul": lambda s: s.replace("\n", "\n\x00", 1),
    "escape": lambda s: s + "\n# \x1b[0m\n",
    "deep nesting": lambda s: "x: " + "[" * 20000 + "]" * 20000 + "\n",
    "moderate nesting": lambda s: "x: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n",
}


def _damage(path: Path, how: str) -> None:
    path.write_text(DAMAGE[how](path.read_text(encoding="utf-8")), encoding="utf-8")


def _one_line(problems: list[Problem]) -> str:
    assert problems, "a damaged file must be reported"
    for p in problems:
        assert p.message and p.fix, p
    return "\n".join(str(p) for p in problems)


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_intent_file(tmp_path: Path, how: str) -> None:
    shutil.copytree(ROOT / "intents", tmp_path / "intents",
                    ignore=shutil.ignore_patterns("flows", "keypad.yaml"))
    _damage(tmp_path / "intents" / "traffic.yaml", how)
    with pytest.raises(DataFileError) as err:
        load_intents(tmp_path / "intents")
    text = _one_line(err.value.problems)
    assert "traffic.yaml:" in text


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_flow_file(tmp_path: Path, how: str) -> None:
    flows = tmp_path / "intents" / "flows"
    shutil.copytree(ROOT / "intents" / "flows", flows)
    _damage(flows / "photo.id_photo.yaml", how)
    with pytest.raises(DataFileError) as err:
        load_flow_texts(flows)
    assert "photo.id_photo.yaml:" in _one_line(err.value.problems)


def test_empty_flow_file_is_reported_not_a_keyerror(tmp_path: Path) -> None:
    flows = tmp_path / "intents" / "flows"
    shutil.copytree(ROOT / "intents" / "flows", flows)
    (flows / "photo.id_photo.yaml").write_text("", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_flow_texts(flows, required={"photo.id_photo": {"confirm"}})
    assert "intents/flows/photo.id_photo.yaml:0:0: the file is empty" in str(err.value)


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_keypad_file(tmp_path: Path, how: str) -> None:
    file = tmp_path / "keypad.yaml"
    shutil.copy(ROOT / "intents" / "keypad.yaml", file)
    _damage(file, how)
    with pytest.raises(DataFileError) as err:
        load_keypad(file)
    assert "keypad.yaml:" in _one_line(err.value.problems)


@pytest.mark.parametrize("how", ["vertical tab", "nul", "deep nesting"])
@pytest.mark.parametrize("victim", ["site.yaml", "户政/huzheng.first_id_card.yaml"])
def test_guide_and_site_files(tmp_path: Path, how: str, victim: str) -> None:
    guides = tmp_path / "guides"
    shutil.copytree(ROOT / "guides", guides)
    _damage(guides / victim, how)
    with pytest.raises(DataFileError) as err:
        load_catalogue(guides)
    assert Path(victim).name + ":" in _one_line(err.value.problems)


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_announcements_file(tmp_path: Path, how: str) -> None:
    file = tmp_path / "announcements.yaml"
    shutil.copy(ROOT / "guides" / "announcements.yaml", file)
    _damage(file, how)
    items, problems = read_announcements(file)
    assert items == []
    assert "announcements.yaml:" in _one_line(problems)


def test_control_character_is_located_and_explained() -> None:
    problems: list[Problem] = []
    assert compose_text("a: 1\n# 说明\x0b看这里\nb: 2\n", "x.yaml", problems) is None
    assert [str(p) for p in problems] == [
        "x.yaml:2:5: invisible control character U+000B — delete it (it often comes with "
        "text copied from a web page or a word processor)"
    ]


def test_every_control_character_is_reported_at_once() -> None:
    problems: list[Problem] = []
    compose_text("a: \x00\nb: \x0c\n", "x.yaml", problems)
    assert [(p.line, p.col) for p in problems] == [(1, 4), (2, 4)]


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    file = tmp_path / "intents"
    file.mkdir()
    (file / "x.yaml").write_bytes("intents:\n  a: 好\n".encode() + b"  b: \xff\n")
    with pytest.raises(DataFileError) as err:
        load_intents(file)
    assert "x.yaml:3:6: not UTF-8 text (byte 0xff here) — save the file as UTF-8" in str(
        err.value)


def test_position_is_one_based() -> None:
    assert position("ab\ncd", 0) == (1, 1)
    assert position("ab\ncd", 4) == (2, 2)


def test_keep_copy_replaces_the_snapshot_whole_and_skips_unchanged(tmp_path: Path) -> None:
    from assistant.datafile import keep_copy

    root = tmp_path / "files"
    (root / "sub").mkdir(parents=True)
    (root / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (root / "sub" / "b.yaml").write_text("b: 1\n", encoding="utf-8")
    snap = tmp_path / "snap"
    assert keep_copy([root / "a.yaml", root / "sub" / "b.yaml"], root, snap, stamp="v1")
    assert (snap / "sub" / "b.yaml").read_text(encoding="utf-8") == "b: 1\n"
    (snap / "sub" / "b.yaml").write_text("changed by hand\n", encoding="utf-8")
    keep_copy([root / "a.yaml"], root, snap, stamp="v1")  # same version: left alone
    assert (snap / "sub" / "b.yaml").exists()
    keep_copy([root / "a.yaml"], root, snap, stamp="v2")
    assert not (snap / "sub").exists() and (snap / "a.yaml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["files", "snap"]  # no leftovers


def test_keep_copy_on_a_read_only_folder_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.datafile import keep_copy

    root = tmp_path / "files"
    root.mkdir()
    (root / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    blocker = tmp_path / "var"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    assert not keep_copy([root / "a.yaml"], root, blocker / "snap", stamp="v1")
    assert "could not keep a copy" in capsys.readouterr().err


# ------------------------------------------------- one wording per mistake (issue 15 item 4)
def _mistakes(problems: list[Problem]) -> dict[str, str]:
    """The three mistakes below → ``message — fix`` with the file's own place names
    (``intent 'thanks'``, ``a flow file``, ``the guide``...) replaced by ``…``."""
    shapes = {
        "list for a mapping": r"(?P<what>.+) must be a mapping \(key: value lines\)",
        "near miss": r"unknown key 'titel' in (?P<what>.+)",
        "duplicate": r"duplicate key 'title' in (?P<what>.+)",
    }
    found: dict[str, str] = {}
    for p in problems:
        for name, shape in shapes.items():
            m = re.fullmatch(shape, p.message)
            if m is not None:
                found[name] = f"{p.message.replace(m.group('what'), '…')} — {p.fix}"
    return found


def test_the_same_mistake_reads_the_same_in_intent_flow_and_guide_files(tmp_path: Path) -> None:
    """A list where a mapping is needed, an unknown key one letter off ('titel') and a
    key written twice ('title') give one wording in an intent file, a flow file and a
    guide, each at its own line (issue 15 item 4)."""
    intent_file = tmp_path / "x.yaml"
    intent_file.write_text(
        "intents:\n  thanks:\n    title: 谢谢\n    titel: 谢\n    title: 多谢\n"
        "    kind: social\n    examples: [谢谢, 谢谢你, 多谢了, 太感谢了, 谢谢啊]\n"
        "    prompts: [好的]\n", encoding="utf-8")
    _, intent_problems = read_intent_files([intent_file], relative_to=tmp_path)

    flows = tmp_path / "intents" / "flows"
    shutil.copytree(ROOT / "intents" / "flows", flows)
    (flows / "photo.id_photo.yaml").write_text(
        "flow: photo.id_photo\ntitle: 拍证件照\ntitel: 拍照\ntitle: 拍照\n"
        "texts: [好的]\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_flow_texts(flows)
    flow_problems = err.value.problems

    guides = tmp_path / "guides"
    shutil.copytree(ROOT / "guides", guides)
    victim = guides / "户政" / "huzheng.first_id_card.yaml"
    text = victim.read_text(encoding="utf-8")
    text = text.replace("title: 居民身份证首次申领\n",
                        "title: 居民身份证首次申领\ntitel: 申领\ntitle: 申领\n", 1)
    victim.write_text(re.sub(r"(?m)^duration: .*$", "duration: [六十日内]", text),
                      encoding="utf-8")
    guide_problems = lint(guides)

    intent, flow, guide_found = (_mistakes(intent_problems), _mistakes(flow_problems),
                                 _mistakes(guide_problems))
    assert intent == flow == guide_found
    assert intent == {
        "list for a mapping": "… must be a mapping (key: value lines) — write each entry as "
                              "'key: value' on its own line, indented under it",
        "near miss": "unknown key 'titel' in … — did you mean 'title'?",
        "duplicate": "duplicate key 'title' in … — keep only one of them",
    }
    where = sorted((Path(p.path).name, p.line) for p in intent_problems + flow_problems
                   + guide_problems if "titel" in p.message)
    assert where == [("huzheng.first_id_card.yaml", 3), ("photo.id_photo.yaml", 3),
                     ("x.yaml", 4)]
