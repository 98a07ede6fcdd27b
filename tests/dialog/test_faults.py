"""A fault in the kiosk's own code while one event is handled (assistant/dialog/faults.py):
the citizen hears sorry and the question again, then a person is called, and if even that
fails the session ends with nothing half-made sent out. Tests normally raise faults
(``KIOSK_RAISE_FAULTS=1`` in tests/conftest.py); these turn that off."""

from __future__ import annotations

import logging

import pytest

from assistant.dialog import Dialog, End, UserText
from assistant.dialog.faults import RAISE_ENV
from assistant.dialog.understanding import Understanding

from .helpers import RENEW, calls, demo_card, end, feed, keys_said, listen, make_dialog, said

SECRET = "330902195304121241"


def _broken(self: Understanding, text: str, confidence: float | None) -> None:
    self.d.say("menu_short", count=1, key_staff="0")  # something half-made, then the fault
    raise RuntimeError(f"bug while reading {text}")


@pytest.fixture
def recovering(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv(RAISE_ENV, raising=False)
    return monkeypatch


def _at_first_step() -> Dialog:
    d, _ = make_dialog()
    feed(d, *RENEW)
    assert d.state == "card"
    return d


def test_first_fault_says_sorry_and_asks_the_same_question_again(
        recovering: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    d = _at_first_step()
    question = d.prompt
    recovering.setattr(Understanding, "on_text", _broken)
    with caplog.at_level(logging.ERROR, logger="assistant.dialog.faults"):
        actions = feed(d, UserText(f"我的身份证号是{SECRET}"))
    assert keys_said(actions)[0] == "fault_sorry"
    assert "menu_short" not in keys_said(actions)  # what the failed event made is dropped
    assert d.state == "card" and d.prompt is not None and question is not None
    assert d.prompt.key == question.key and listen(actions) is not None
    assert end(actions) is None and not calls(actions)
    # the log says where, never what the citizen said
    assert "RuntimeError at test_faults.py:" in caplog.text
    assert SECRET not in caplog.text and "bug while reading" not in caplog.text
    # the citizen goes on by key as if nothing happened
    recovering.undo()
    recovering.delenv(RAISE_ENV, raising=False)
    feed(d, demo_card("expired"))
    assert d.state != "card" and d.ctx is not None and d.ctx.card is not None


def test_second_fault_calls_a_person(recovering: pytest.MonkeyPatch) -> None:
    d = _at_first_step()
    recovering.setattr(Understanding, "on_text", _broken)
    feed(d, UserText("嗯"))
    actions = feed(d, UserText("嗯"))
    assert "fault_staff" in keys_said(actions) and d.state == "waiting_staff"
    assert "对不起，机器出了点问题" in said(actions)


def test_a_fault_while_recovering_ends_the_session_cleanly(
        recovering: pytest.MonkeyPatch) -> None:
    d = _at_first_step()
    recovering.setattr(Understanding, "on_text", _broken)

    def reprompt_broken(self: Dialog, *, say: bool = True, reask: bool = False) -> None:
        raise KeyError("state")

    recovering.setattr(Dialog, "reprompt", reprompt_broken)
    actions = feed(d, UserText("好的"))
    stop = end(actions)
    assert isinstance(stop, End) and stop.outcome == "cancelled"
    assert keys_said(actions)[0] == "fault_end" and d.done
    assert len(d.faults.seen) == 2


def test_tests_and_benches_see_the_fault(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RAISE_ENV, "1")
    d = _at_first_step()
    monkeypatch.setattr(Understanding, "on_text", _broken)
    with pytest.raises(RuntimeError, match="bug while reading"):
        feed(d, UserText("好的"))
