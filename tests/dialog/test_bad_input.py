"""Typed and scripted input never takes the kiosk down (issue 17 items 8 and 10): an
unknown event, invalid UTF-8, a 100,000-character line."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.chat import MAX_INPUT_CHARS, clean_input, new_session
from assistant.dialog.words import WordTable
from assistant.errors import DataFileError
from assistant.store import Store

from .helpers import TODAY, texts
from .keyword_nlu import KeywordUnderstander

ROOT = Path(__file__).resolve().parents[2]


def _chat(stdin: bytes, *extra: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--script", "-", "--json", "--today",
         TODAY.isoformat(), *extra], input=stdin, capture_output=True, timeout=120, cwd=ROOT)


def test_unknown_events_are_not_understood_not_fatal() -> None:
    run = _chat(b"<key:10>\n<pay:maybe>\n<key:1>\n")
    assert run.returncode == 0, run.stderr.decode()
    turns = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    assert len(turns) == 4  # greeting + one per line, the kiosk still answers
    assert turns[1]["heard"] == "<key:10>" and not turns[1]["done"]
    assert "-:1:1: unknown event '<key:10>'" in run.stderr.decode()
    assert turns[3]["state"] != turns[0]["state"]  # <key:1> still works afterwards


def test_strict_scripts_stop_at_an_unknown_event() -> None:
    run = _chat(b"<key:10>\n", "--strict")
    assert run.returncode == 1
    assert "-:1:1: unknown event '<key:10>'" in run.stderr.decode()


def test_invalid_utf8_is_replaced_and_output_stays_utf8(tmp_path: Path) -> None:
    store = tmp_path / "kiosk.db"
    run = _chat(b"\xff\xfe\xe4\xbd\xa0\xe5\xa5\xbd\n<key:1>\n", "--store", str(store))
    assert run.returncode == 0, run.stderr.decode()
    out = run.stdout.decode("utf-8")  # raises if not valid UTF-8
    turns = [json.loads(line) for line in out.splitlines()]
    assert turns[1]["heard"] == "\ufffd\ufffd你好"
    assert Store(store).sessions()


def test_clean_input_caps_and_repairs() -> None:
    assert clean_input("a" * (MAX_INPUT_CHARS + 10)) == "a" * MAX_INPUT_CHARS
    assert clean_input("好\udcff") == "好\ufffd"


@pytest.mark.parametrize("size", [30_000, 100_000])
def test_a_huge_line_is_answered_quickly(size: int) -> None:
    session = new_session(texts(), nlu=KeywordUnderstander(), today=TODAY)
    session.start()
    began = time.monotonic()
    turn = session.step("我" * size)
    assert time.monotonic() - began < 5  # was 5.9 s at 30k and 44 s at 100k
    assert not turn["done"]


def test_word_pairs_are_linear() -> None:
    table = WordTable({"cancel": ["算了", "不办了"]})
    assert table.lookup("算了不办了") == "cancel"
    began = time.monotonic()
    assert table.lookup("算" * 200_000) is None
    assert time.monotonic() - began < 2


def test_data_file_error_is_still_raised_by_strict_sessions() -> None:
    session = new_session(texts(), nlu=None, today=TODAY)
    session.strict = True
    session.start()
    with pytest.raises(DataFileError):
        session.step("<bogus>")


def test_waiting_is_not_logged_as_unrecognised(tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.db")
    session = new_session(texts(), nlu=KeywordUnderstander(), today=TODAY, store=store)
    session.start()
    session.step("我想买两斤苹果")
    for _ in range(3):
        session.step("<wait:5>")
    assert [r["text"] for r in store.unrecognised()] == ["我想买两斤苹果"]
