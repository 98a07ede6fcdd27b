"""Chit-chat about the kiosk itself ("你是谁", "你是机器人吗") is ``kiosk.about``, answered in
place with its own short reply — not the help menu, not a person."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from assistant.chat import new_session, run_script
from assistant.config import MatcherConfig, intents_dir
from assistant.dialog.loader import load_texts
from assistant.nlu.intents import load_intents
from assistant.nlu.matcher import Matcher
from assistant.nlu.types import Decision


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_intents(intents_dir()), MatcherConfig())


@pytest.mark.parametrize(
    "text", ["你是谁", "你是机器人吗", "你叫什么名字", "你是真人吗", "侬是机器人伐"]
)
def test_who_are_you_is_kiosk_about(matcher: Matcher, text: str) -> None:
    m = matcher.understand(text)
    assert (m.intent, m.decision) == ("kiosk.about", Decision.ACCEPT)


@pytest.mark.parametrize("text", ["我要跟真人说话", "叫工作人员来", "这个机器怎么用"])
def test_asking_for_a_person_or_for_help_is_not_kiosk_about(matcher: Matcher, text: str) -> None:
    assert matcher.understand(text).intent != "kiosk.about"


def test_the_dialog_answers_with_the_kiosk_about_reply() -> None:
    from assistant.guides.finder import CatalogueGuides
    from assistant.nlu import load_nlu

    intents = load_intents(intents_dir())
    reply = intents["kiosk.about"].prompts["reply"]
    assert "机器" in reply and len(reply) <= 40, "short, and says it is a machine"
    texts = load_texts()
    assert texts.text(None, "reply_kiosk.about") == reply, "one text in both files"
    out = io.StringIO()
    session = new_session(texts, nlu=load_nlu(guides=CatalogueGuides()), today=date(2026, 3, 2))
    run_script(["你是机器人吗"], out, session, as_json=True)
    turns = [json.loads(line) for line in out.getvalue().splitlines()]
    answer = turns[-1]
    assert answer["intent"] == "kiosk.about"
    assert answer["say"].startswith(reply)
    assert not answer["done"], "the session goes on after the answer"
