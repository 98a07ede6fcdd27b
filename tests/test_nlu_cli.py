"""``kiosk nlu``, ``kiosk intents lint|test`` and ``kiosk bench nlu`` as other tools use them."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import intents_dir
from assistant.errors import DataFileError
from assistant.nlu.intents import intent_files
from assistant.nlu.live import LiveNLU, refresh


def kiosk(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_nlu_json_batch_contract() -> None:
    result = kiosk("nlu", "--json", "-", stdin="我身份证丢了\n\n我想买两斤苹果\n浙L12345交罚款\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3  # blank lines are skipped
    for obj in lines:
        assert {"text", "intent", "score", "slots", "guide"} <= set(obj)
        assert 0.0 <= obj["score"] <= 1.0
    assert lines[0]["intent"] == "id_card.replace"
    assert lines[0]["guide"] == {"id": "id_card.replace", "title": lines[0]["guide"]["title"]}
    assert lines[1]["intent"] == "out_of_scope"
    assert lines[2]["slots"]["plate_number"] == "浙L12345"


def test_nlu_human_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nlu", "补办身份证要带什么"]) == 0
    out = capsys.readouterr().out
    assert "intent    guide.ask" in out
    assert "runner-up" in out
    assert "top 1" in out and "top 3" in out  # the three best with probabilities
    assert "because" in out  # the words that drove the decision
    assert '"aspect": "materials"' in out


def copy_intents(tmp_path: Path) -> Path:
    target = tmp_path / "intents"
    shutil.copytree(intents_dir(), target, ignore=shutil.ignore_patterns("flows", "*.md"))
    return target


def test_lint_clean_and_broken(tmp_path: Path) -> None:
    target = copy_intents(tmp_path)
    ok = kiosk("intents", "lint", str(target), "--no-matcher")
    assert ok.returncode == 0, ok.stdout
    # on stdout: "> 结果.txt" keeps it
    assert ok.stdout.splitlines()[-1].startswith("意图文件检查通过（ok — ")
    social = target / "social.yaml"
    social.write_text(
        social.read_text(encoding="utf-8").replace("kind: social", "kind: socail", 1),
        encoding="utf-8",
    )
    (target / "zz.yaml").write_text("intents:\n  greet:\n    titel: 你好\n", encoding="utf-8")
    bad = kiosk("intents", "lint", str(target))
    assert bad.returncode == 1
    lines = bad.stdout.splitlines()
    assert any(
        line.startswith("intents/social.yaml:") and "unknown kind 'socail'" in line
        for line in lines
    )
    assert any(
        line.startswith("intents/zz.yaml:3:5: ")
        and "unknown key 'titel' in intent 'greet'" in line and "did you mean 'title'?" in line
        for line in lines
    )
    assert any("intent 'greet' is already defined in intents/social.yaml" in line for line in lines)
    assert "problem(s)" in bad.stdout.splitlines()[-1]


def test_nlu_with_broken_files_and_no_last_good_set_speaks_chinese(tmp_path: Path) -> None:
    """A folder of its own has no last good set: ``kiosk nlu`` lists the problems, each
    Chinese first like ``kiosk intents lint``, and says in Chinese what to do."""
    target = copy_intents(tmp_path)
    photo = target / "photo.yaml"
    photo.write_text(
        photo.read_text(encoding="utf-8").replace("    examples:", "    exmaples:", 1),
        encoding="utf-8",
    )
    bad = kiosk("nlu", "--intents", str(target), "你好")
    assert bad.returncode == 1
    lines = bad.stdout.splitlines()
    assert any("名字 'exmaples' 写错了" in line and "photo.yaml:" in line for line in lines), lines
    assert lines[-1].startswith("意图文件发现 2 个问题"), lines
    assert "Traceback" not in bad.stderr and not bad.stderr.startswith("kiosk: 2 problem(s)")


def test_intents_test_reports_cross_validation(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "KIOSK_VAR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "assistant", "intents", "test", "--folds",
                             "3", "--show", "5"], capture_output=True, text=True, timeout=300,
                            env=env)
    assert "3-fold cross-validation:" in result.stdout
    assert "第一次运行：交叉验证" in result.stdout  # the verdict, saved for the next run
    assert "结论：" in result.stdout
    assert (tmp_path / "intents-test.json").is_file()
    assert "must match" in result.stdout
    assert "id_card.renew" in result.stdout


def test_bench_prints_numbers() -> None:
    result = kiosk("bench", "nlu", "--json", "--passes", "1")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["utterances"] >= 300
    assert 0.0 < data["top1_accuracy"] <= 1.0
    assert data["latency_ms"]["p99"] > 0.0
    for key in ("accept_rate", "silent_wrong_rate", "oos_false_accept_rate", "clarify_rate",
                "confirm_rate", "startup_warm_s", "startup_cold_s", "retrain_s", "per_intent"):
        assert key in data
    assert set(data["by_category"]) >= {"asr", "wu", "spaced", "oos"}


def test_live_nlu_keeps_last_good_set(tmp_path: Path) -> None:
    target = copy_intents(tmp_path)
    live = LiveNLU(target)
    assert live.understand("我身份证丢了").intent == "id_card.replace"
    social = target / "social.yaml"
    social.write_text("intents: [broken", encoding="utf-8")
    assert not refresh(live)  # between sessions: the broken set is refused
    assert live.understand("我身份证丢了").intent == "id_card.replace"  # still serving
    assert live.last_error is not None
    assert "intents/social.yaml:1:" in str(live.last_error)
    # staff fix the file: the next session uses the new set
    shutil.copy(intents_dir() / "social.yaml", social)
    (target / "staff.yaml").write_text(
        (intents_dir() / "staff.yaml")
        .read_text(encoding="utf-8")
        .replace("examples:", "examples:\n      - 请帮我叫一下值班的那位警官同志", 1),
        encoding="utf-8",
    )
    old = live.matcher
    live.understand("请帮我叫一下值班的那位警官同志")
    assert live.matcher is old  # understanding never looks at the files
    assert refresh(live)  # the next person's session: notices the edit, retrains meanwhile
    assert live.last_error is None
    assert live.wait(timeout=60)  # the new model is in use once trained
    assert live.understand("请帮我叫一下值班的那位警官同志").intent == "call_staff"


def test_refresh_looks_at_the_files_at_most_every_check_interval(tmp_path: Path) -> None:
    target = copy_intents(tmp_path)
    live = LiveNLU(target, background=False, check_interval_s=3600.0)
    staff = target / "staff.yaml"
    staff.write_text(
        staff.read_text(encoding="utf-8").replace("examples:", "examples:\n      - 喊个警官来", 1),
        encoding="utf-8",
    )
    assert not refresh(live)  # not due yet: not even a stat
    live.check_interval_s = 0.0
    assert refresh(live)
    assert not refresh(live)  # nothing changed since


def test_retraining_does_not_block_the_conversation(tmp_path: Path) -> None:
    target = copy_intents(tmp_path)
    live = LiveNLU(target, cache_dir=tmp_path / "models")
    old = live.matcher
    staff = target / "staff.yaml"
    staff.write_text(
        staff.read_text(encoding="utf-8").replace("examples:", "examples:\n      - 喊个警官来", 1),
        encoding="utf-8",
    )
    assert live.reload_if_changed()
    assert live.matcher is old  # still serving the last model while the new one trains
    assert live.understand("我身份证丢了").intent == "id_card.replace"
    assert live.wait(timeout=60)
    assert live.matcher is not old
    assert len(list((tmp_path / "models").glob("*.npz"))) == 2  # both cached by content
    restarted = LiveNLU(target, cache_dir=tmp_path / "models")  # warm: loads, no training
    assert restarted.matcher.model.classes == live.matcher.model.classes


def test_restart_with_broken_files_uses_the_last_good_set(tmp_path: Path) -> None:
    target = copy_intents(tmp_path)
    snapshot = tmp_path / "var" / "intents.last-good"
    LiveNLU(target, snapshot=snapshot)  # a good start keeps a copy
    assert sorted(p.name for p in intent_files(snapshot)) == sorted(
        p.name for p in intent_files(target)
    )
    (target / "id_card.yaml").write_text("intents: [broken", encoding="utf-8")
    restarted = LiveNLU(target, snapshot=snapshot)  # the kiosk reboots: it still starts
    assert restarted.last_error is not None
    assert "intents/id_card.yaml:1:" in str(restarted.last_error)
    assert restarted.understand("我身份证丢了").intent == "id_card.replace"
    # the broken file never replaces the kept copy
    assert "broken" not in (snapshot / "id_card.yaml").read_text(encoding="utf-8")
    with pytest.raises(DataFileError):
        LiveNLU(target)  # without a snapshot there is nothing to fall back to


def test_an_edit_during_retraining_is_trained_next(tmp_path: Path) -> None:
    target = copy_intents(tmp_path)
    live = LiveNLU(target)
    staff = target / "staff.yaml"
    text = staff.read_text(encoding="utf-8")
    staff.write_text(text.replace("examples:", "examples:\n      - 喊个警官来", 1), "utf-8")
    assert live.reload_if_changed()
    staff.write_text(
        text.replace("examples:", "examples:\n      - 喊个警官来\n      - 叫值班警官", 1), "utf-8"
    )
    assert not live.reload_if_changed()  # busy: never waits, noticed again later
    assert live.wait(timeout=60)
    assert live.reload_if_changed()  # now the second edit
    assert live.wait(timeout=60)
    assert any(e.text == "叫值班警官" for e in live.matcher.intents["call_staff"].examples)


def test_folds_follow_the_words_not_the_line_numbers() -> None:
    """Adding one sentence near the top of a file must not move every later line to
    another fold, or ``kiosk intents test`` reports changes the edit did not cause."""
    from assistant.nlu.evaluate import _fold
    from assistant.nlu.intents import Example

    lines = [f"我要补办身份证{i}" for i in range(40)]
    before = [_fold(Example(t, t, "intents/id_card.yaml", n, 7), 5) for n, t in enumerate(lines)]
    after = [_fold(Example(t, t, "intents/id_card.yaml", n + 1, 7), 5)
             for n, t in enumerate(lines)]
    assert before == after
    assert len(set(before)) > 1  # and the lines are still spread over the folds
