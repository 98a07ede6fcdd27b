"""The one codec for script lines (:mod:`assistant.session.script`): every form parsed,
written back, and the dialog events the voice session records."""

from __future__ import annotations

import pytest

from assistant.dialog.events import (
    CardInserted,
    CardRemoved,
    DeviceResult,
    Key,
    NoMatch,
    Silence,
    UserText,
)
from assistant.session import script
from assistant.session.script import (
    CardLine,
    CardRemovedLine,
    DeviceLine,
    KeyLine,
    NoMatchLine,
    PermitLine,
    PosLine,
    ScriptLine,
    SilenceLine,
    StaffLine,
    TextLine,
    UnknownLine,
    WaitLine,
)

FORMS: list[tuple[str, ScriptLine]] = [
    ("我要交罚款", TextLine("我要交罚款")),
    ("<silence>", SilenceLine()),
    ("<key:1>", KeyLine("1")),
    ("<key:*>", KeyLine("*")),
    ("<key:#>", KeyLine("#")),
    ("<key:help>", KeyLine("help")),
    ("<key:louder>", KeyLine("louder")),
    ("<card:expired>", CardLine("expired")),
    ("<card-removed>", CardRemovedLine()),
    ("<face:ok>", DeviceLine("face", "ok")),
    ("<face:fail>", DeviceLine("face", "fail")),
    ("<photo:timeout>", DeviceLine("photo", "timeout")),
    ("<finger:ok>", DeviceLine("finger", "ok")),
    ("<pay:ok>", DeviceLine("pay", "ok")),
    ("<pay:timeout>", DeviceLine("pay", "timeout")),
    ("<pos:ok>", PosLine("ok")),
    ("<pos:pin>", PosLine("pin")),
    ("<pos:fail>", PosLine("fail")),
    ("<permit:hk>", PermitLine("hk")),
    ("<permit:none>", PermitLine("none")),
    ("<staff:arrived>", StaffLine()),
    ("<nomatch>", NoMatchLine()),
    ("<wait:90>", WaitLine(90.0)),
    ("<wait:2.5>", WaitLine(2.5)),
]


@pytest.mark.parametrize(("line", "item"), FORMS, ids=[line for line, _ in FORMS])
def test_every_form_parses_and_writes_back(line: str, item: ScriptLine) -> None:
    assert script.parse(line) == item
    assert script.write(item) == line
    assert script.parse(f"  {line} \n") == item  # surrounding whitespace is not part of it


def test_empty_line_is_silence() -> None:
    assert script.parse("") == SilenceLine()
    assert script.parse("   \r\n") == SilenceLine()


@pytest.mark.parametrize("line", [
    "<key:banana!>", "<key:>", "<card:>", "<card-removed:x>", "<silence:5>", "<face:maybe>",
    "<pay:pin>", "<pos:yes>", "<permit:>", "<staff:gone>", "<nomatch:x>", "<wait:soon>",
    "<wait:-3>", "<hello>", "<typo:ok>",
])
def test_malformed_events_are_unknown(line: str) -> None:
    item = script.parse(line)
    assert isinstance(item, UnknownLine)
    assert item.line == line
    assert script.write(item) == line
    assert item.name == line[1:-1].partition(":")[0]


def test_unknown_line_keeps_its_name_and_argument() -> None:
    assert script.parse("<key: banana! >") == UnknownLine("<key: banana! >", "key", "banana!")
    assert script.parse("<key: 5 >") == KeyLine("5")  # the argument is stripped


@pytest.mark.parametrize("line", ["<1>", "a <key:1> b", "<Key:1>", "1 2 3"])
def test_text_that_only_looks_like_an_event_is_text(line: str) -> None:
    assert script.parse(line) == TextLine(line)


def test_is_event() -> None:
    assert script.is_event("<card:expired>")
    assert script.is_event(" <anything> ")
    assert not script.is_event("我要办身份证")
    assert not script.is_event("")


def test_device_line_kind_is_the_executors() -> None:
    assert DeviceLine("pay", "ok").kind == "payment"
    assert DeviceLine("face", "fail").kind == "face"


def test_key_line() -> None:
    assert script.key_line("3") == "<key:3>"
    assert script.parse(script.key_line("help")) == KeyLine("help")


@pytest.mark.parametrize(("event", "line"), [
    (Key("1"), "<key:1>"),
    (Key("help"), "<key:help>"),
    (CardInserted(None), "<card>"),
    (CardRemoved(), "<card-removed>"),
    (NoMatch(), "<nomatch>"),
    (Silence(), "<silence>"),
    (UserText("我要交罚款"), "我要交罚款"),
    (DeviceResult("staff", "ok", "arrived"), "<staff:arrived>"),
    (DeviceResult("face", "ok", "verify"), "<DeviceResult>"),
])
def test_event_line(event: object, line: str) -> None:
    assert script.event_line(event) == line  # type: ignore[arg-type]
