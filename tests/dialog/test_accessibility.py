"""Keys for everything, no time pressure, "我在哪", settings reset (issue: accessible by design)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.dialog import (
    Action,
    DeviceResult,
    Dialog,
    DialogConfig,
    Key,
    NoMatch,
    Say,
    Tick,
    UserText,
    new_dialog,
)
from assistant.dialog.directions import load_directions
from assistant.dialog.keypad import DEFAULT_KEYPAD, Keypad, load_keypad
from assistant.dialog.loader import current_keypad
from assistant.errors import DataFileError
from assistant.nlu.types import Decision, GuideRef, Match

from .helpers import TODAY, end, feed, listen, make_dialog, said, texts
from .keyword_nlu import KeywordUnderstander
from .test_core import ALL_STATES, _reach


# ---------------------------------------------------------------------- keypad map
def test_default_keypad_matches_the_documented_map() -> None:
    k = DEFAULT_KEYPAD
    assert (k.repeat, k.confirm, k.staff, k.back) == ("*", "#", "0", "9")
    assert k.yes_no() == {"1": "yes", "2": "no", "#": "yes", "*": "repeat", "9": "back",
                          "0": "call_staff"}
    assert k.digits()["#"] == "done" and k.digits()["*"] == "repeat"
    assert k.options(("a", "b"), back=False) == {"1": "a", "2": "b", "*": "repeat",
                                                  "0": "call_staff"}
    assert k.function("louder") == "louder" and k.function("5") is None


def test_repository_keypad_file_is_valid_and_is_the_default() -> None:
    assert load_keypad() == DEFAULT_KEYPAD or load_keypad().function_keys == dict(
        DEFAULT_KEYPAD.function_keys)


def test_keypad_file_problems_are_all_reported_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "keypad.yaml"
    path.write_text(
        'keys:\n  repeat: "5"\n  colour: "#"\n'
        "function_keys:\n  Help: help\n  vol_up: shout\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_keypad(path)
    lines = str(err.value).splitlines()[1:]
    assert lines == [
        f"{path}:2:11: key '5' for repeat is not 0, 9, * or # — 1-8 choose numbered options;"
        " give the universal roles 0, 9, '*' or '#' (put * and # in quotes)",
        f"{path}:3:3: unknown key 'colour' in keys — use one of: repeat, confirm, staff, back",
        f"{path}:5:3: bad function key name 'Help' — use lower-case letters, digits and _ "
        "(e.g. vol_up)",
        f"{path}:6:11: unknown command 'shout' for key 'vol_up' — use one of back, call_staff,"
        " cancel, emergency, faster, help, louder, quieter, repeat, slower, start_over, "
        "take_time",
    ]


def test_two_roles_on_one_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keypad.yaml"
    path.write_text('keys:\n  back: "0"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="two roles share one key"):
        load_keypad(path)


def test_a_broken_keypad_file_keeps_the_last_good_map(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_INTENTS", str(tmp_path))
    (tmp_path / "keypad.yaml").write_text('keys:\n  back: "#"\n  confirm: "9"\n',
                                          encoding="utf-8")
    assert current_keypad().back == "#"
    (tmp_path / "keypad.yaml").write_text("keys: [broken", encoding="utf-8")
    assert current_keypad().back == "#"  # the kiosk keeps running the last good map
    assert "keypad.yaml not used" in capsys.readouterr().err


def test_remapped_keys_change_the_prompts_too() -> None:
    keypad = Keypad(confirm="9", back="#")
    d = new_dialog(texts(), nlu=KeywordUnderstander(), today=TODAY, keypad=keypad)
    d.start()
    a = feed(d, Key("1"))
    assert "返回上一级请按井号键" in said(a)
    lst = listen(a)
    assert lst is not None and lst.keys["#"] == "back"
    feed(d, Key("#"))
    assert d.state == "menu"


@pytest.mark.parametrize("state", ALL_STATES)
def test_function_keys_work_in_every_state(state: str) -> None:
    d = _reach(state)
    rate, volume = d.rate, d.volume_db
    a = feed(d, Key("slower"), Key("louder"))
    assert d.rate < rate and d.volume_db > volume and d.state == state
    assert listen(a) is not None
    a = feed(d, Key("help"))
    assert d.state == state and said(a) and listen(a) is not None
    a = feed(d, Key("cancel"))
    if d.done:
        assert end(a) is not None
    else:  # paid and submitted: nothing can be undone
        assert "不能撤回" in said(a)


def test_confirm_key_answers_yes() -> None:
    d = _reach("confirm")
    feed(d, Key("#"))
    assert d.state != "confirm" and not d.done


# ---------------------------------------------------------------------- no time pressure
def test_inactivity_warns_30_seconds_before_ending_and_can_be_extended_many_times() -> None:
    d, _ = make_dialog()
    now = 0.0
    for _ in range(12):  # WCAG 2.2.1: the user can extend at least ten times
        now += 90
        a = feed(d, Tick(now))
        assert d.state == "still_there" and "您还在吗" in said(a) and "慢慢来" in said(a)
        now += 29
        assert end(feed(d, Tick(now))) is None
        feed(d, Key("1"))
        assert d.state == "menu"
    now += 90
    feed(d, Tick(now))
    e = end(feed(d, Tick(now + 30)))
    assert e is not None and e.outcome == "timed_out" and d.ctx is None


@pytest.mark.parametrize("how", [Key("3"), UserText("慢慢来"), Key("take_time")])
def test_take_time_mode_only_reminds_gently(how: Key | UserText) -> None:
    d = _reach("slot")
    question = d.prompt.text if d.prompt is not None else ""
    start = d.now
    feed(d, Tick(start + 90))
    a = feed(d, how)
    assert "不着急" in said(a) and d.state == "slot"
    assert how != Key("3") or question in said(a)  # back to the question, asked again
    t = d.now
    for _ in range(8):  # 16 minutes of thinking: reminders, never the warning
        t += 120
        a = feed(d, Tick(t))
        assert d.state == "slot" and "不着急" in said(a) and "您还在吗" not in said(a)
    assert d.take_time


def test_take_time_still_ends_a_walked_away_session_after_the_limit() -> None:
    cfg = DialogConfig(take_time_limit_s=600)
    d, _ = make_dialog(cfg)
    feed(d, UserText("慢慢来"))
    t = d.now
    while d.state != "still_there" and t < 2000:
        t += 60
        feed(d, Tick(t))
    assert d.state == "still_there" and t <= 600 + 60
    e = end(feed(d, Tick(t + 30)))
    assert e is not None and e.outcome == "timed_out"


def test_take_time_is_for_this_session_only() -> None:
    d, _ = make_dialog()
    feed(d, UserText("慢慢来"), UserText("取消"))
    assert d.done and not d.take_time


# ---------------------------------------------------------------------- where am I
def test_where_am_i_names_the_step_the_total_and_what_remains() -> None:
    d = _reach("confirm")
    a = feed(d, UserText("我在哪"))
    text = said(a)
    assert "第" in text and "步，共" in text and "核对信息" in text
    assert "后面还有：缴费、打印回执" in text and d.state == "confirm"
    progress = d.progress()
    assert progress is not None and progress.stage == "confirm"
    assert progress.stages[-2:] == ("pay", "finish")


def test_where_am_i_at_the_menu() -> None:
    d, _ = make_dialog()
    a = feed(d, UserText("我在哪"))
    assert said(a).startswith("您现在在主菜单") and d.progress() is None and d.state == "menu"


def test_progress_counts_each_stage_once() -> None:
    d = _reach("payment")
    p = d.progress()
    assert p is not None and p.stage == "pay" and p.step == p.total - 1
    assert len(set(p.stages)) == len(p.stages) or p.stages.count("choose") <= 2


# ---------------------------------------------------------------------- settings
def test_settings_are_announced_in_the_new_setting_and_reset_for_the_next_user() -> None:
    d, _ = make_dialog()
    a = feed(d, UserText("慢一点"))
    assert next(s.rate for s in a if isinstance(s, Say)) < 1.0  # said at the new rate
    a = feed(d, UserText("大声点"), UserText("大声点"))
    assert d.volume_db == 6
    for _ in range(10):
        feed(d, Key("louder"))
    low, high = d.config.volume_range_db
    assert d.volume_db == high and high - low >= 18
    feed(d, Key("cancel"))
    assert d.done and d.rate == 1.0 and d.volume_db == 0


# ---------------------------------------------------------------------- finding devices
DIRECTIONS = {"photo": ("照相亭", "在您右手边，靠墙"), "exit_entry": ("签注机", "在您左手边第二台")}


def _photo_dialog(config: DialogConfig) -> tuple[Dialog, list[Action]]:
    d, _ = make_dialog(config)
    feed(d, UserText("拍证件照"))
    a = feed(d, UserText("身份证"))
    return d, a


def test_the_way_to_the_photo_booth_is_said_first_and_repeated_on_request() -> None:
    d, a = _photo_dialog(DialogConfig(directions=DIRECTIONS))
    assert d.state == "photo" and said(a).startswith("照相亭在您右手边，靠墙，它会发出提示音。")
    assert "照相亭在您右手边" in said(feed(d, UserText("再说一遍")))
    a = feed(d, DeviceResult("photo", "fail", "capture", {"reason": "eyes_closed"}))
    assert "闭眼" in said(a) and "照相亭在" not in said(a)  # already there: not again


def test_no_directions_when_this_terminal_is_the_device() -> None:
    d, a = _photo_dialog(DialogConfig(directions=DIRECTIONS, this_device="photo"))
    assert d.state == "photo" and "照相亭在" not in said(a)


def test_a_service_of_another_terminal_sends_the_user_there() -> None:
    d, _ = make_dialog(DialogConfig(directions=DIRECTIONS, this_device="household"))
    a = feed(d, UserText("办港澳签注"), Key("1"))
    e = end(a)
    assert e is not None and e.outcome == "redirected"
    assert "签注机在您左手边第二台，它会发出提示音" in said(a)


def test_directions_come_from_this_sites_layout() -> None:
    found = load_directions()
    assert found["photo"] == ("照相亭", "在您右手边，靠墙")
    assert found["exit_entry"] == ("签注机", "在您左手边第二台")


def test_broken_site_file_means_no_directions(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("devices: [", encoding="utf-8")
    assert load_directions(tmp_path) == {}


# ---------------------------------------------------------------------- changing one's mind
def test_asking_for_another_service_mid_flow_offers_to_switch() -> None:
    d = _reach("slot")  # typing a plate in the fine payment
    a = feed(d, UserText("身份证丢了"))
    assert d.state == "confirm_intent" and "您是要改成" in said(a)
    feed(d, UserText("不是"))
    assert d.state == "slot" and d.flow == "traffic.fine_payment"
    feed(d, UserText("身份证丢了"), Key("1"))
    assert d.flow == "id_card.replace" and d.state != "confirm_intent"


def test_no_switch_once_paid() -> None:
    d = _reach("payment")
    feed(d, DeviceResult("payment", "ok", "wait", {"status": "paid"}))
    assert d.state != "confirm_intent"


def test_saying_no_while_giving_a_number_asks_again_without_counting_a_failure() -> None:
    d = _reach("slot")
    for _ in range(4):
        a = feed(d, UserText("不对"))
        assert d.state == "slot" and "请再说一遍" in said(a)
    assert d.prompt is not None and d.prompt.nomatch == 0


def test_an_id_number_ending_in_x_can_be_keyed_as_17_digits() -> None:
    """The keypad has no X: 17 digits and confirm give the number with X, read back."""
    d, _ = make_dialog()
    d.handle(Key("1"))  # 办理身份证业务
    feed(d, Key("3"))  # 查询身份证办理进度: no card → the ID-number question
    assert d.state == "slot"
    for c in "11010519491231002":  # GB 11643 example: check character X
        feed(d, Key(c))
    a = feed(d, Key("#"))
    assert d.state == "readback"
    assert said(a).startswith("您说的是：1 1 0 1 0 5，1 9 4 9 1 2 3 1，0 0 2 X")
    feed(d, Key("2"))  # not right: type again
    for c in "33090219530412124":  # check character 1, not X: 17 digits are not a number
        feed(d, Key(c))
    feed(d, Key("#"))
    assert d.state == "slot"


def test_speech_the_recogniser_could_not_take_escalates_like_a_wrong_answer() -> None:
    d, _ = make_dialog()
    a = feed(d, NoMatch("啊"))
    assert d.state == "menu" and d.not_understood and "没听懂" in said(a)
    feed(d, NoMatch(), NoMatch())
    assert d.state == "offer_staff"
    d = _reach("slot")
    a = feed(d, NoMatch())  # noise is not "这个号码不对" (issue 12)
    assert d.state == "slot" and "没听懂" in said(a) and "不对" not in said(a)


class _UnsureGuideQuestion:
    """A matcher that understood a guide question only weakly (decision ``confirm``)."""

    def understand(self, text: str, *, allowed: object = None,
                   asr_confidence: float | None = None) -> Match:
        if allowed is not None or "在哪" not in text:
            return Match(text, text, "out_of_scope", 0.0, Decision.OUT_OF_SCOPE)
        return Match(text, text, "guide.ask", 0.6, Decision.CONFIRM,
                     slots={"aspect": "location"},
                     guide=GuideRef("exit_entry.endorse_hk_macau", "办理港澳签注"))


def test_a_weakly_understood_question_is_confirmed_by_naming_it() -> None:
    d = new_dialog(texts(), nlu=_UnsureGuideQuestion(), today=TODAY,
                   guide_answers=lambda guide, aspect: f"{guide}:{aspect}。")
    d.start()
    a = feed(d, UserText("签注机在哪里"))
    assert d.state == "confirm_intent" and said(a).startswith("您是想问办理港澳签注在哪里办吗？")
    a = feed(d, Key("1"))
    assert said(a).startswith("exit_entry.endorse_hk_macau:location。")


def test_a_clear_new_request_instead_of_yes_or_no_is_taken() -> None:
    d, _ = make_dialog()
    feed(d, UserText("罚单"))  # weakly understood: "您是要缴纳交通违法罚款吗？"
    assert d.state == "confirm_intent"
    a = feed(d, UserText("身份证丢了"))  # not yes or no: another, clear request
    assert d.flow == "id_card.replace" and "补领" in said(a)
    assert "没听懂" not in said(a)


def test_an_edited_site_file_is_read_again(tmp_path: Path) -> None:
    import shutil

    from assistant.config import guides_dir

    shutil.copy(guides_dir() / "site.yaml", tmp_path / "site.yaml")
    assert load_directions(tmp_path)["photo"] == ("照相亭", "在您右手边，靠墙")
    site = tmp_path / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "photo_booth: 在您右手边，靠墙", "photo_booth: 在门口左边"), encoding="utf-8")
    assert load_directions(tmp_path)["photo"] == ("照相亭", "在门口左边")
