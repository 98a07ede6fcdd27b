"""The intent-file loader and its messages (pinned: staff read them)."""

from pathlib import Path

import pytest

from assistant.errors import DataFileError
from assistant.nlu.intents import load_intents, read_intent_files


def problems_of(tmp_path: Path, text: str, name: str = "x.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, problems = read_intent_files([path], relative_to=tmp_path)
    return [str(p) for p in problems]


GOOD = """\
intents:
  thanks:
    title: 谢谢
    kind: social
    examples:
      - 谢谢
      - 谢谢你
      - 多谢(了|啦)
    prompts:
      reply: 不客气。
"""


def test_good_file_has_no_problems(tmp_path: Path) -> None:
    assert problems_of(tmp_path, GOOD) == []
    intents, _ = read_intent_files([tmp_path / "x.yaml"])
    thanks = intents["thanks"]
    assert [e.text for e in thanks.examples] == ["谢谢", "谢谢你", "多谢了", "多谢啦"]
    assert thanks.examples[2].line == 8 and thanks.examples[2].col == 9
    assert thanks.written_examples == 3
    assert thanks.prompts == {"reply": "不客气。"}


def test_yaml_syntax_error(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "intents:\n  thanks:\n    title: [谢谢\n") == [
        "x.yaml:4:1: YAML syntax error: expected ',' or ']', but got '<stream end>' — "
        "check the indentation (spaces, not tabs) and quote text containing ': ' or '#'"
    ]


def test_unknown_keys_suggest_the_right_one(tmp_path: Path) -> None:
    text = GOOD.replace("    kind: social", "    kind: social\n    exampels: [a]\n    colour: red")
    assert problems_of(tmp_path, text) == [
        "x.yaml:5:5: unknown key 'exampels' in intent 'thanks' — did you mean 'examples'?",
        "x.yaml:6:5: unknown key 'colour' in intent 'thanks' — use one of: "
        "title, kind, guide, examples, not_examples, slots, prompts",
    ]


def test_unknown_intent_kind_and_slot_type(tmp_path: Path) -> None:
    text = GOOD.replace("  thanks:", "  thank:").replace("kind: social", "kind: chat")
    text += "    slots:\n      who:\n        type: persn\n"
    assert problems_of(tmp_path, text) == [
        "x.yaml:2:3: unknown intent 'thank' — did you mean 'thanks'?",
        "x.yaml:4:11: unknown kind 'chat' — use one of: service, query, guide, info, staff, "
        "command, answer, social, reject",
        "x.yaml:13:15: unknown slot type 'persn' — use one of: enum, plate_number, "
        "id_number, phone, date, amount, yes_no, intent",
    ]


def test_missing_fields_and_prompts(tmp_path: Path) -> None:
    text = (
        "intents:\n  kiosk.hours:\n    kind: info\n    examples: [几点关门, 几点开门, 晚上开吗]\n"
    )
    assert problems_of(tmp_path, text) == [
        "x.yaml:2:3: intent 'kiosk.hours' has no 'confirm' prompt — "
        "add 'confirm: <what the kiosk says>' under 'prompts:'",
        "x.yaml:2:3: intent 'kiosk.hours' has no 'reply' prompt — "
        "add 'reply: <what the kiosk says>' under 'prompts:'",
        "x.yaml:2:3: missing 'title' in intent 'kiosk.hours' — add 'title:' under it",
    ]


def test_too_few_examples_for_a_service(tmp_path: Path) -> None:
    text = (
        "intents:\n  id_card.replace:\n    title: 补领身份证\n    kind: service\n"
        "    examples:\n      - 身份证丢了\n    prompts:\n      confirm: 您是要补领身份证吗？\n"
    )
    assert problems_of(tmp_path, text) == [
        "x.yaml:5:5: intent 'id_card.replace' has 1 examples, a service intent needs 25 — "
        "add more ways people really say it"
    ]


def test_template_error_points_at_the_bracket(tmp_path: Path) -> None:
    text = GOOD.replace("      - 谢谢你\n", "      - 谢谢(你|您\n")
    assert problems_of(tmp_path, text) == [
        "x.yaml:7:11: template error: '(' is never closed — add ')' after the alternatives"
    ]


def test_duplicate_example_across_intents(tmp_path: Path) -> None:
    other = (
        "intents:\n  greet:\n    title: 问候\n    kind: social\n"
        "    examples: [你好, 您好, 多谢啦]\n    prompts:\n      reply: 您好！\n"
    )
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(other, encoding="utf-8")
    _, problems = read_intent_files(
        [tmp_path / "a.yaml", tmp_path / "b.yaml"], relative_to=tmp_path
    )
    assert [str(p) for p in problems] == [
        "b.yaml:5:24: example '多谢啦' of 'greet' is also an example of 'thanks' (a.yaml:8) — "
        "keep it in the intent it really means"
    ]


def test_duplicate_keys_and_enum_without_words(tmp_path: Path) -> None:
    text = GOOD + (
        "    slots:\n      mood:\n        type: enum\n        values:\n"
        "          happy: []\n  thanks:\n    title: 又一个\n"
    )
    assert problems_of(tmp_path, text) == [
        "x.yaml:15:11: value 'happy' of slot 'mood' has no words — "
        "list at least one word that means it",
        "x.yaml:16:3: duplicate key 'thanks' in 'intents' — keep only one of them",
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "a.yaml").write_text("intents:\n  foo: {}\n", encoding="utf-8")
    (tmp_path / "intents" / "b.yaml").write_text("intents: [", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_intents(tmp_path / "intents")
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith("intents/a.yaml:2:3: unknown intent 'foo'") for m in messages)
    assert any(m.startswith("intents/b.yaml:1:") and "YAML syntax error" in m for m in messages)
    assert (
        "intents:0:0: intent 'yes' is not defined in any file — add it to the file of its group"
        in messages
    )


def test_a_generated_flood_of_examples_is_refused_quickly(tmp_path: Path) -> None:
    """100,000 near-copies made the checks take minutes (issue 17 item 14): the file is
    refused before any model is trained on it."""
    flood = "".join(f"      - 谢谢你第{i}次\n" for i in range(100_000))
    problems = problems_of(tmp_path, GOOD.replace("      - 谢谢\n", flood))
    assert any("intent 'thanks' has 100002 examples, more than 2000" in p for p in problems)
