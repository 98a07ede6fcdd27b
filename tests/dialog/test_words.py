"""Short answers: compound command words and options said inside a sentence."""

from __future__ import annotations

import pytest

from assistant.dialog.words import WordTable

from .helpers import texts

OPTIONS = WordTable({"post": ("邮寄", "寄", "寄到家"), "collect": ("自取", "自己领", "来拿")})


@pytest.mark.parametrize(("text", "meaning"), [
    ("算了，不办了", "cancel"), ("算了不查了", "cancel"), ("不拍了，算了", "cancel"),
    ("好的好的", "yes"), ("不对不对", "no"), ("再试一次", "yes"),
    ("是不是", None), ("要不要", None), ("对不对", None),
    ("啊？", "repeat"), ("啥？", "repeat"),  # "huh?": the question again, not "没听懂"
])
def test_command_words(text: str, meaning: str | None) -> None:
    assert WordTable(texts().words).lookup(text) == meaning


@pytest.mark.parametrize(("text", "option"), [
    ("寄到家里", "post"), ("还是寄到家里吧", "post"), ("我自己来拿吧", "collect"),
    ("不要寄", None), ("别寄了我自己领", None), ("随便", None),
])
def test_option_inside_a_sentence(text: str, option: str | None) -> None:
    assert OPTIONS.find_within(text) == option


TOURS = WordTable({"team": ("跟团", "旅行团"), "individual": ("自己去", "个人")})


@pytest.mark.parametrize(("text", "option"), [
    ("跟团的", "team"),
    ("勿跟团的", None),       # Wu 勿/弗/覅 negate as 不 does: never the option they deny
    ("弗跟旅行团", None),
    ("覅跟团", None),
])
def test_wu_negations_are_negations(text: str, option: str | None) -> None:
    assert TOURS.find_within(text) == option


TIMES = WordTable({"once": ("一次", "一趟", "去一趟"), "twice": ("两次", "两趟")})


@pytest.mark.parametrize(("text", "option"), [
    ("两次吧，过年还要再去一趟", "twice"),  # the option said first, not the reason after it
    ("一趟就够", "once"),
    ("随便", None),
])
def test_the_first_option_said(text: str, option: str | None) -> None:
    assert TIMES.first_within(text) == option


def test_tied_options_are_not_guessed() -> None:
    table = WordTable({"a": ("身份证",), "b": ("驾驶证",)})
    assert table.find_within("身份证和驾驶证") is None


PURPOSES = WordTable({"id_card": ("身份证",), "driver": ("驾驶证", "驾照"),
                      "exit_entry": ("出入境", "护照", "通行证")})


@pytest.mark.parametrize(("text", "option"), [
    ("驾死证用的", "driver"),      # recogniser / Wu sh→s: 驾驶 heard as 驾死
    ("森份证", "id_card"),          # 身份 said with a flat initial
    ("夹照", "driver"),
    ("不是驾死证", None),           # a negation: never guessed by sound
    ("随便拍拍", None),
])
def test_an_option_misheard_is_found_by_its_sound(text: str, option: str | None) -> None:
    assert PURPOSES.find_by_sound(text) == option


def test_read_out_groups_long_numbers_like_people_read_them() -> None:
    from assistant.dialog.words import read_out

    assert read_out("浙L12345") == "浙 L 1 2 3 4 5"
    assert read_out("33090219530412124X") == "3 3 0 9 0 2，1 9 5 3 0 4 1 2，1 2 4 X"
    assert read_out("13812345678") == "1 3 8，1 2 3 4，5 6 7 8"


def test_the_driver_question_has_the_same_words_in_both_fine_flows() -> None:
    """"车是您本人开的吗？" is asked by the fine payment and by the violation query: one
    question, one list of answers (a word added to one file only would be heard in one)."""
    flows = texts().flows
    pay = flows["traffic.fine_payment"].options["driver"]
    query = flows["traffic.violation_query"].options["driver"]
    assert [(o.id, o.words) for o in pay] == [(o.id, o.words) for o in query]


@pytest.mark.parametrize(("text", "option"), [
    ("是我女婿开的", "other"),    # 是我 inside 是我女婿: someone else
    ("是我开的", "self"),
    ("不是我，我媳妇开的", "other"),
])
def test_who_drove(text: str, option: str) -> None:
    options = texts().flows["traffic.fine_payment"].options["driver"]
    table = WordTable({o.id: (*o.words, o.title) for o in options})
    assert (table.lookup(text) or table.find_within(text)) == option


def test_a_negation_inside_the_same_meanings_words_reverses_nothing() -> None:
    """"不是 我搬家了 地址不对": 不是 and 不对 are words of the same option (moved)."""
    table = WordTable({"ok": ("是", "对"), "moved": ("不是", "不对", "地址不对", "搬家了")})
    assert table.find_within("不是我搬家了地址不对") == "moved"
    post = WordTable({"post": ("寄", "邮寄"), "collect": ("自己拿",)})
    assert post.find_within("不要寄") is None  # a negation of its own still reverses


@pytest.mark.parametrize(("said", "refused"), [("不要寄", "post"), ("覅寄了", "post"),
                                               ("别寄到屋里", "post"), ("寄过去", None),
                                               ("不要寄也不要自己拿", None)])
def test_the_option_refused(said: str, refused: str | None) -> None:
    table = WordTable({"post": ("寄", "邮寄", "寄到屋里"), "collect": ("自己拿", "窗口")})
    assert table.refused_within(said) == refused
