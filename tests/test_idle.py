"""Idle announcements: configuration, the staff-edited list and its lint, the scheduler."""

from __future__ import annotations

import shutil
import time as time_module
from datetime import time
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import PROJECT_ROOT
from assistant.errors import ConfigError, DataFileError
from assistant.guides.loader import guide_files, lint, load_catalogue
from assistant.idle import (
    ANNOUNCEMENTS_FILE,
    KINDS,
    MAX_TEXT_CHARS,
    Announcement,
    IdleAnnouncer,
    IdleConfig,
    lint_announcements,
    load_announcements,
    parse_hhmm,
)

REAL_FILE = PROJECT_ROOT / "guides" / ANNOUNCEMENTS_FILE
DAY = time(10, 0)
NIGHT = time(23, 30)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # problem paths are shown relative to the working directory


def write(text: str, name: str = ANNOUNCEMENTS_FILE) -> Path:
    path = Path(name)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- configuration
def test_config_defaults_and_environment_overrides() -> None:
    assert IdleConfig.from_env({}) == IdleConfig()
    default = IdleConfig()
    assert (default.interval_s, default.first_after_s) == (180.0, 60.0)
    assert default.quiet_hours == ("22:00", "07:00")
    assert (default.night_volume_db, default.day_volume_db, default.enabled) == (-9.0, 0.0, True)
    config = IdleConfig.from_env(
        {
            "KIOSK_IDLE_INTERVAL_S": "300",
            "KIOSK_IDLE_FIRST_AFTER_S": "0",
            "KIOSK_IDLE_QUIET_HOURS": "21:30-6:45",
            "KIOSK_IDLE_NIGHT_VOLUME_DB": "-12.5",
            "KIOSK_IDLE_DAY_VOLUME_DB": "3",
            "KIOSK_IDLE_ENABLED": "off",
            "KIOSK_NLU_ACCEPT_AT": "0.9",
        }
    )
    assert config == IdleConfig(300.0, 0.0, ("21:30", "6:45"), -12.5, 3.0, False)
    assert config.night_end == time(6, 45)
    assert IdleConfig.from_env({"KIOSK_IDLE_ENABLED": "1"}).enabled is True


def test_bad_environment_value_says_how_to_fix() -> None:
    with pytest.raises(ConfigError) as info:
        IdleConfig.from_env({"KIOSK_IDLE_INTERVAL_S": "0"})
    assert str(info.value) == (
        "KIOSK_IDLE_INTERVAL_S='0': must be greater than 0 seconds — write a number of "
        "seconds greater than 0, e.g. 180, or unset it to use the default 180.0"
    )
    with pytest.raises(ConfigError) as info:
        IdleConfig.from_env({"KIOSK_IDLE_QUIET_HOURS": "22:00-25:00"})
    assert str(info.value) == (
        "KIOSK_IDLE_QUIET_HOURS='22:00-25:00': '25:00' is not a time of day written HH:MM — "
        "write two times HH:MM-HH:MM, e.g. 22:00-07:00 (00:00-00:00: no quiet hours), or "
        "unset it to use the default 22:00-07:00"
    )


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("INTERVAL_S", "three minutes"),
        ("INTERVAL_S", "-5"),
        ("FIRST_AFTER_S", "-1"),
        ("QUIET_HOURS", "22:00"),
        ("QUIET_HOURS", "22h-7h"),
        ("NIGHT_VOLUME_DB", "-40"),
        ("DAY_VOLUME_DB", "10"),
        ("DAY_VOLUME_DB", "nan"),
        ("ENABLED", "maybe"),
    ],
)
def test_every_bad_environment_value_is_refused(name: str, raw: str) -> None:
    with pytest.raises(ConfigError, match=f"^KIOSK_IDLE_{name}=.* or unset it"):
        IdleConfig.from_env({f"KIOSK_IDLE_{name}": raw})


def test_config_built_in_code_is_checked_too() -> None:
    with pytest.raises(ConfigError, match=r"^IdleConfig.quiet_hours: '7' is not a time"):
        IdleConfig(quiet_hours=("22:00", "7"))
    with pytest.raises(ConfigError, match=r"^IdleConfig.night_volume_db: must be between"):
        IdleConfig(night_volume_db=-31)


def test_quiet_hours_wrap_past_midnight() -> None:
    config = IdleConfig()
    quiet = {t: config.is_quiet(parse_hhmm(t)) for t in
             ("21:59", "22:00", "23:59", "00:00", "03:00", "06:59", "07:00", "12:00")}
    assert quiet == {"21:59": False, "22:00": True, "23:59": True, "00:00": True,
                     "03:00": True, "06:59": True, "07:00": False, "12:00": False}
    assert config.volume_db(time(3, 0)) == -9.0 and config.volume_db(time(12, 0)) == 0.0
    lunch = IdleConfig(quiet_hours=("12:00", "13:30"))
    assert [lunch.is_quiet(time(h, m)) for h, m in ((11, 59), (12, 0), (13, 29), (13, 30))] == [
        False, True, True, False]
    never = IdleConfig(quiet_hours=("00:00", "00:00"))
    assert not any(never.is_quiet(time(h)) for h in range(24))


# ---------------------------------------------------------------------- the list
def test_the_shipped_announcements_are_valid_short_and_cover_every_topic() -> None:
    items = load_announcements(REAL_FILE)
    assert 6 <= len(items) <= 12
    assert len({i.id for i in items}) == len(items)
    assert all(len(i.text) <= MAX_TEXT_CHARS and i.source for i in items)
    assert {i.kind for i in items} >= {"fraud", "traffic", "service"}
    texts = "".join(i.text for i in items)
    for fact in ("安全账户", "九六幺幺零", "国家反诈中心", "头盔", "酒"):
        assert fact in texts, fact
    assert any("浙江省电动自行车管理条例" in i.source for i in items if "头盔" in i.text)
    assert lint_announcements(REAL_FILE) == []


GOOD = """\
announcements:
  - id: fraud_a
    kind: fraud
    text: 公检法机关不会通过电话办案。
    source: 公安部
  - id: service_b
    kind: service
    text: 本机可以换领身份证。
    source: 本网点
    night: false
"""


def test_load_keeps_order_fields_and_lines() -> None:
    items = load_announcements(write(GOOD))
    assert items == [
        Announcement("fraud_a", "fraud", "公检法机关不会通过电话办案。", "公安部", True,
                     ANNOUNCEMENTS_FILE, 2),
        Announcement("service_b", "service", "本机可以换领身份证。", "本网点", False,
                     ANNOUNCEMENTS_FILE, 6),
    ]
    assert load_announcements(write("announcements: []\n")) == []


BROKEN = f"""\
announcements:
  - id: fraud_a
    kind: frad
    text: 公检法机关不会通过电话办案。
    source: 公安部
  - id: fraud_b
    kind: fraud
    source: 公安部
  - id: fraud_a
    kind: traffic
    text: {"很" * (MAX_TEXT_CHARS + 1)}
    source: 交警
    nigth: false
  - id: other_ok
    kind: other
    text: 一切正常。
    source: 本网点
    night: sometimes
"""


def test_lint_reports_every_problem_at_once_with_positions() -> None:
    problems = [str(p) for p in lint_announcements(write(BROKEN))]
    assert problems == [
        "announcements.yaml:3:11: unknown kind 'frad' — did you mean 'fraud'? "
        "use one of: fraud | traffic | service | other",
        "announcements.yaml:6:5: missing 'text' in an announcement — add 'text: …' with the "
        "sentence "
        "to speak (at most 60 characters)",
        "announcements.yaml:9:9: duplicate announcement id 'fraud_a' (also on line 2) — "
        "give each announcement its own id",
        "announcements.yaml:11:11: text is 61 characters, more than 60 — shorten it to one or "
        "two short sentences; passers-by hear only the start",
        "announcements.yaml:13:5: unknown key 'nigth' in an announcement — did you mean "
        "'night'?",
        "announcements.yaml:18:12: night must be true or false, got 'sometimes' — "
        "write true or false",
    ]
    with pytest.raises(DataFileError) as info:
        load_announcements(Path(ANNOUNCEMENTS_FILE))
    assert len(info.value.problems) == 6
    assert str(info.value).startswith("6 problem(s) in data files:\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("announcements: [\n", "announcements.yaml:2:1: YAML syntax error"),
        ("- id: a\n", "announcements.yaml:1:1: the announcement file must be a mapping"),
        ("items: []\n", "announcements.yaml:1:1: unknown key 'items'"),
        ("announcements: x\n", "announcements.yaml:1:16: announcements must be a list"),
        ("announcements:\n  - id: Fraud-1\n    kind: fraud\n    text: 好。\n    source: 公安部\n",
         "announcements.yaml:2:9: id 'Fraud-1' is not a lower-case name"),
        ("announcements:\n  - id: a\n    kind: fraud\n    text: ''\n    source: 公安部\n",
         "announcements.yaml:4:11: announcement text must be a non-empty text"),
    ],
)
def test_broken_files_are_reported_not_crashed_on(text: str, expected: str) -> None:
    problems = [str(p) for p in lint_announcements(write(text))]
    assert any(p.startswith(expected) for p in problems), problems


def test_missing_file_says_how_to_fix() -> None:
    with pytest.raises(DataFileError) as info:
        load_announcements(Path("nowhere.yaml"))
    assert str(info.value.problems[0]) == (
        "nowhere.yaml:0:0: nowhere.yaml is missing — create it (see guides/README.md, 公告) or "
        "turn announcements off with KIOSK_IDLE_ENABLED=0"
    )


# ---------------------------------------------------------------------- guides lint
def catalogue_with(announcements: str | None) -> Path:
    root = Path("g")
    root.mkdir()
    shutil.copy(PROJECT_ROOT / "guides" / "site.yaml", root / "site.yaml")
    if announcements is not None:
        (root / ANNOUNCEMENTS_FILE).write_text(announcements, encoding="utf-8")
    return root


def test_announcements_are_not_a_guide_but_guides_lint_checks_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = catalogue_with(BROKEN)
    assert guide_files(root) == []
    assert load_catalogue(root).guides == {}  # not read as a (broken) guide
    problems = lint(root)
    assert len(problems) == 6
    assert all(p.path == "g/announcements.yaml" for p in problems)
    assert main(["guides", "--dir", str(root), "lint"]) == 1
    out = capsys.readouterr().out
    assert "g/announcements.yaml:3:11: unknown kind 'frad'" in out


def test_guides_lint_passes_with_good_or_no_announcements() -> None:
    assert lint(catalogue_with(GOOD)) == []
    shutil.rmtree("g")
    assert lint(catalogue_with(None)) == []  # the file is optional for a catalogue


def test_the_real_catalogue_does_not_read_announcements_as_a_guide() -> None:
    files = guide_files(PROJECT_ROOT / "guides")
    assert files and REAL_FILE not in files
    assert PROJECT_ROOT / "guides" / "site.yaml" not in files


# ---------------------------------------------------------------------- scheduling
def items(*night: bool) -> list[Announcement]:
    return [Announcement(f"a{i}", "other", f"公告{i}。", "测试", n) for i, n in enumerate(night)]


def ids(announcer: IdleAnnouncer, times: list[float], local: time = DAY) -> list[str | None]:
    """Ask ``due`` at each time; play each due announcement for 10 s."""
    out: list[str | None] = []
    for t in times:
        due = announcer.due(t, local)
        out.append(due.announcement.id if due else None)
        if due:
            announcer.played(t + 10)
    return out


def test_first_announcement_after_start_then_round_robin_every_interval() -> None:
    a = IdleAnnouncer(items(True, True, True))
    assert a.next_at is None
    assert a.due(0.0, DAY) is None  # kiosk start: the first_after_s wait begins
    assert a.next_at == 60.0
    assert a.due(59.9, DAY) is None
    due = a.due(60.0, DAY)
    assert due is not None and due.announcement.id == "a0"
    assert (due.volume_db, due.night) == (0.0, False)
    assert a.playing is due.announcement
    assert a.due(61.0, DAY) is None  # still playing: never two at once
    a.played(75.0)
    assert a.playing is None and a.next_at == 255.0  # interval counts from the end
    assert ids(a, [254.9, 255.0, 444.9, 445.0, 635.0, 825.0]) == [
        None, "a1", None, "a2", "a0", "a1"]


def test_nothing_during_a_session_and_quiet_time_after_it() -> None:
    a = IdleAnnouncer(items(True, True))
    assert ids(a, [0.0, 60.0]) == [None, "a0"]
    a.session_started()
    assert a.next_at is None
    assert ids(a, [500.0, 5000.0]) == [None, None]
    a.session_ended(6000.0)
    assert a.next_at == 6060.0
    assert ids(a, [6059.0, 6060.0]) == [None, "a1"]  # the order goes on after the session


def test_session_start_stops_the_announcement_playing() -> None:
    a = IdleAnnouncer(items(True))
    a.due(0.0, DAY)
    assert a.due(60.0, DAY) is not None
    a.session_started()
    assert a.playing is None
    a.played(70.0)  # late notice from the player changes nothing during the session
    assert a.due(300.0, DAY) is None


def test_interruption_stops_it_and_the_next_waits_a_full_interval() -> None:
    a = IdleAnnouncer(items(True, True))
    a.due(0.0, DAY)
    due = a.due(60.0, DAY)
    assert due is not None
    assert a.interrupted(63.0) == due.announcement
    assert a.playing is None and a.next_at == 243.0
    assert ids(a, [242.0, 243.0]) == [None, "a1"]
    # a key pressed while nothing plays also restarts the wait
    assert a.interrupted(300.0) is None
    assert ids(a, [432.0, 480.0]) == [None, "a0"]


def test_quiet_hours_lower_the_volume_and_skip_day_only_items() -> None:
    a = IdleAnnouncer(items(True, False, True, False), IdleConfig(first_after_s=0))
    due = a.due(0.0, NIGHT)
    assert due is not None and due.announcement.id == "a0"
    assert (due.volume_db, due.night) == (-9.0, True)
    a.played(10.0)
    assert ids(a, [190.0, 380.0, 570.0], NIGHT) == ["a2", "a0", "a2"]
    # morning: the day-only items are back, in their order
    assert ids(a, [760.0, 950.0, 1140.0, 1330.0], time(7, 0)) == ["a3", "a0", "a1", "a2"]


def test_night_with_only_day_items_stays_silent_and_loses_no_turn() -> None:
    a = IdleAnnouncer(items(False, False), IdleConfig(first_after_s=0))
    assert ids(a, [0.0, 1000.0], NIGHT) == [None, None]
    assert ids(a, [2000.0], DAY) == ["a0"]


def test_disabled_or_empty_never_announces() -> None:
    off = IdleAnnouncer(items(True), IdleConfig(enabled=False, first_after_s=0))
    assert ids(off, [0.0, 1000.0, 100000.0]) == [None, None, None]
    empty = IdleAnnouncer([], IdleConfig(first_after_s=0))
    assert ids(empty, [0.0, 1000.0]) == [None, None]


def test_a_player_that_never_reports_does_not_block_the_schedule() -> None:
    a = IdleAnnouncer(items(True, True), IdleConfig(first_after_s=0, interval_s=100))
    first = a.due(0.0, DAY)
    assert first is not None
    assert a.due(99.0, DAY) is None
    second = a.due(100.0, DAY)  # played()/interrupted() was never called for the first
    assert second is not None and second.announcement.id == "a1"
    assert a.playing is second.announcement


def test_the_scheduler_reads_no_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> float:
        raise AssertionError("IdleAnnouncer read a clock")

    for name in ("time", "monotonic", "perf_counter"):
        monkeypatch.setattr(time_module, name, boom)
    a = IdleAnnouncer(items(True, False), IdleConfig())
    a.due(0.0, NIGHT)
    a.due(60.0, NIGHT)
    a.interrupted(61.0)
    a.session_started()
    a.session_ended(100.0)
    assert a.due(160.0, DAY) is not None
    a.played(170.0)


def test_kinds_are_the_documented_ones() -> None:
    assert KINDS == ("fraud", "traffic", "service", "other")


def test_a_broken_announcement_file_keeps_the_last_good_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.idle import load_announcer

    file = tmp_path / ANNOUNCEMENTS_FILE
    file.write_text(GOOD, encoding="utf-8")
    first = load_announcer(file)
    assert first is not None
    file.write_text(GOOD + "\n# \x0b\n", encoding="utf-8")
    again = load_announcer(file)
    assert again is not None
    assert [a.id for a in again.items] == [a.id for a in first.items]
    assert "the last good ones are played" in capsys.readouterr().err
