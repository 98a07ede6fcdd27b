"""The screen's view model and hub, without a browser: what is shown, masked and cleared."""

from __future__ import annotations

import json
import time
from typing import Any

from assistant.dialog.actions import End, Listen, Say
from assistant.screen import ChatFeed, ScreenHub, VoiceFeed
from assistant.screen.state import describe_line, mask_known

from .helpers import chat_session

NAME = "王秀英"  # on the demo card "expired"
RENEW = ["<key:1>", "<key:1>", "<card:expired>", "<face:ok>", "<photo:ok>", "<key:2>",
         "<key:1>", "<pay:ok>"]


def run(lines: list[str], *, closing_s: float = 0.0) -> tuple[ScreenHub, list[dict[str, Any]],
                                                             list[dict[str, Any]]]:
    """``lines`` through a chat session shown on a hub: (hub, snapshot after each turn,
    every snapshot published)."""
    hub = ScreenHub()
    published: list[dict[str, Any]] = []
    hub.subscribe(lambda s: published.append(s) if s is not None else None)
    session = chat_session()
    ChatFeed(hub, closing_s=closing_s).attach(session)
    session.start()
    after = [hub.snapshot()]
    for line in lines:
        session.step(line)
        after.append(hub.snapshot())
    return hub, after, published


def test_events_are_described_in_words() -> None:
    assert describe_line("<key:1>") == "按键 1"
    assert describe_line("<key:help>") == "按键 帮助"
    assert describe_line("<card:expired>") == "放入身份证"
    assert describe_line("<pay:ok>") == "付款完成"
    assert describe_line("<face:fail>") == "人脸核验未通过"
    assert describe_line("我要换身份证") == "我要换身份证"
    assert describe_line("") == describe_line("<silence>") == describe_line(None) == ""


def test_names_and_id_numbers_are_masked() -> None:
    known = {"张三明", "33090219500101009X"}
    assert mask_known("您好张三明，证号33090219500101009X。", known) == (
        "您好张*明，证号3309**********009X。")
    assert mask_known("电话13812345678", ()) == "电话138****5678"
    assert mask_known("车牌浙L12345", ()) == "车牌浙L12345"


def test_a_whole_transaction_on_screen() -> None:
    hub, after, published = run(RENEW, closing_s=60)
    menu, submenu, card, face = after[0], after[1], after[2], after[3]
    assert menu["mode"] == "session" and menu["step"] is None
    assert "您好" in menu["caption"] and menu["heard"] == ""
    options = [b["key"] for b in menu["buttons"] if b["role"] == "option"]
    assert options == ["1", "2", "3", "4", "5", "6"]
    assert menu["buttons"][0]["label"] == "办理身份证业务"
    assert {b["label"] for b in menu["buttons"] if b["role"] == "command"} >= {"重复", "找工作人员"}
    assert submenu["heard"] == "按键 1"
    assert [b["label"] for b in submenu["buttons"][:3]] == ["换领身份证", "补领身份证",
                                                           "查询身份证办理进度"]
    assert card["step"]["text"].startswith("第1步，共") and card["step"]["n"] == 1
    assert "王*英" in face["caption"] and face["heard"] == "放入身份证"
    assert face["step"]["n"] == 2
    choice = after[5]
    assert [b["label"] for b in choice["buttons"] if b["role"] == "option"] == [
        "免费邮寄到家", "到户籍窗口自己领"]
    confirm = after[6]
    assert [b["label"] for b in confirm["buttons"] if b["role"] == "option"] == ["是", "不是"]
    payment = after[7]
    assert payment["qr"] is not None and payment["qr"]["amount"] == "20元"
    assert payment["qr"]["svg"].startswith("<svg") and "aria-hidden" in payment["qr"]["svg"]
    closing = after[8]  # held while the closing words are said
    assert closing["mode"] == "session" and closing["qr"] is None and closing["buttons"] == []
    assert closing["receipt"]["title"] == "换领身份证"
    assert any("受理编号" in line for line in closing["receipt"]["lines"])
    hub.settle()
    idle = hub.snapshot()
    assert idle["mode"] == "idle"
    assert (idle["caption"], idle["heard"], idle["qr"], idle["receipt"], idle["buttons"],
            idle["step"]) == ("", "", None, None, [], None)
    everything = json.dumps(published, ensure_ascii=False)
    assert NAME not in everything
    assert "330902" not in everything.replace("3309**", "")


def test_end_without_hold_clears_at_once_and_a_hold_clears_by_itself() -> None:
    hub, after, _ = run(RENEW, closing_s=0)
    assert after[-1]["mode"] == "idle" and after[-1]["receipt"] is None
    hub, after, _ = run(RENEW, closing_s=0.05)
    assert after[-1]["receipt"] is not None
    deadline = time.monotonic() + 5
    while hub.snapshot()["mode"] != "idle" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert hub.snapshot()["mode"] == "idle" and hub.snapshot()["receipt"] is None


def test_digit_slot_shows_a_digit_pad_and_masks_the_number() -> None:
    number = "330903198508201315"
    lines = ["<key:1>", "<key:3>", *(f"<key:{d}>" for d in number), "<key:#>"]
    _, after, published = run(lines)
    first = after[2]
    assert first["buttons"] == [] and first["pad"] == {"clear": "*", "confirm": "#", "typed": ""}
    assert after[5]["pad"]["typed"] == "330"
    assert after[-2]["pad"]["typed"] == "3309**********1315"
    readback = after[-1]
    assert "3309**********1315" in readback["caption"]
    assert number not in json.dumps(published) and "3 3 0 9 0 3" not in json.dumps(
        published, ensure_ascii=False)


def test_press_rules() -> None:
    pressed: list[str] = []
    hub = ScreenHub(pressed.append, wake_key="#")
    assert hub.press("1") == "idle"  # idle: only the 开始 key
    assert hub.press("#") == "ok"
    session = chat_session()
    ChatFeed(hub).attach(session)
    session.start()
    version = hub.snapshot()["options_version"]
    assert hub.press("7", version) == "invalid"  # not on screen
    assert hub.press("1", version - 1) == "stale"  # drawn for older buttons
    assert hub.press("1", version) == "ok"
    assert hub.press("2", version) == "stale"  # a second tap on the same question
    session.step("<key:1>")
    session.step("<key:3>")  # digit pad
    version = hub.snapshot()["options_version"]
    assert [hub.press(d, version) for d in "123"] == ["ok", "ok", "ok"]
    assert pressed == ["#", "1", "1", "2", "3"]


def test_idle_announcements_show_only_between_sessions() -> None:
    hub = ScreenHub()
    hub.idle("今天18:00后户籍终端暂停服务")
    assert hub.snapshot()["announcement"] == "今天18:00后户籍终端暂停服务"
    session = chat_session()
    ChatFeed(hub).attach(session)
    session.start()
    assert hub.snapshot()["announcement"] == ""
    hub.end()
    assert hub.snapshot()["announcement"] == "今天18:00后户籍终端暂停服务"
    hub.idle(None)
    assert hub.snapshot()["announcement"] == ""


def test_announcements_said_while_idle_in_chat_appear_on_the_idle_screen() -> None:
    hub = ScreenHub()
    session = chat_session()
    assert session.idle is not None, "guides/announcements.yaml is loaded by kiosk chat"
    ChatFeed(hub, closing_s=0.0).attach(session)
    session.start()
    session.step("<key:cancel>")
    turn = session.step("<wait:400>")
    assert turn["state"] == "idle" and turn["say"]
    shown = hub.snapshot()
    assert shown["mode"] == "idle" and shown["announcement"]
    assert shown["announcement"] in turn["say"]


def test_voice_feed_shows_each_prompt_as_it_starts_and_passes_touches_as_keys() -> None:
    hub = ScreenHub()
    feed = VoiceFeed(hub)
    session = chat_session()
    feed.begin(session.dialog)
    listen = Listen("confirm", keys={"1": "yes", "2": "no", "*": "repeat"})
    feed.saying(Say("请确认。"), listen)
    view = hub.snapshot()
    assert view["caption"] == "请确认。"
    assert [b["label"] for b in view["buttons"]] == ["是", "不是", "重复"]
    feed.saying(Say("说'是'或按1。"), listen)
    assert hub.snapshot()["caption"] == "请确认。说'是'或按1。"
    assert hub.press("1", hub.snapshot()["options_version"]) == "ok"
    assert feed.key() == "1" and feed.key() is None
    feed.heard("是的")
    feed.saying(Say("好的。"), None)
    assert hub.snapshot()["heard"] == "是的" and hub.snapshot()["caption"] == "好的。"
    feed.action(listen)
    feed.saying(Say("您还在吗？"), listen)  # after waiting in vain: a new caption
    assert hub.snapshot()["caption"] == "您还在吗？"
    feed.action(End("completed"))
    assert hub.snapshot()["mode"] == "idle" and hub.snapshot()["caption"] == ""
