"""``kiosk report`` and the store data behind it (real SQLite, filled through the Store API)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from assistant.adapters.devices import simulate
from assistant.adapters.runner import Executor
from assistant.cli import main
from assistant.dialog import CallAdapter
from assistant.report import build_report, render
from assistant.reporting import width
from assistant.store import Store

TODAY = date(2026, 12, 2)

DAY = 86400.0
NOW = 30 * DAY


class Clock:
    """A settable clock for the store."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def session(store: Store, clock: Clock, sid: str, *, at: float, lasts: float | None,
            outcome: str = "", flow: str | None = None, where: str | None = None) -> None:
    clock.t = at
    store.open_session(sid)
    if lasts is not None:
        clock.t = at + lasts
        store.end_session(sid, outcome, flow, where=where)


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Store, Path]:
    """Twelve sessions over thirty days, staff calls and unrecognised utterances."""
    path = tmp_path / "kiosk.db"
    clock = Clock()
    store = Store(path, clock=clock)
    renew, fine = "id_card.renew", "traffic.fine_payment"
    old = NOW - 20 * DAY  # outside --since 7
    recent = NOW - DAY
    session(store, clock, "s1", at=old, lasts=300, outcome="completed", flow=renew, where="done")
    session(store, clock, "s2", at=recent, lasts=200, outcome="completed", flow=renew,
            where="done")
    session(store, clock, "s3", at=recent + 1000, lasts=100, outcome="cancelled", flow=renew,
            where="payment")
    session(store, clock, "s4", at=recent + 2000, lasts=40, outcome="timed_out", flow=renew,
            where="payment")
    session(store, clock, "s5", at=recent + 3000, lasts=60, outcome="cancelled", flow=renew,
            where="face")
    session(store, clock, "s6", at=recent + 4000, lasts=90, outcome="staff", flow=fine,
            where="slot:plate")
    session(store, clock, "s7", at=recent + 5000, lasts=30, outcome="failed", flow=fine,
            where="payment")
    session(store, clock, "s8", at=recent + 6000, lasts=50, outcome="redirected", flow=fine,
            where="confirm")
    session(store, clock, "s9", at=recent + 7000, lasts=20, outcome="cancelled", flow=None,
            where="menu")
    session(store, clock, "s10", at=recent + 8000, lasts=10, outcome="timed_out", flow=None)
    session(store, clock, "s11", at=recent + 9000, lasts=None)  # still open
    session(store, clock, "s12", at=recent + 9500, lasts=5, outcome="stopped", flow=None,
            where="menu")
    clock.t = old
    store.log_staff_call("s1", urgent=False, flow=renew, reason="asked")
    clock.t = recent + 4090
    store.log_staff_call("s6", urgent=False, flow=fine, reason="offered")
    store.log_staff_call("s6", urgent=True, flow=None, reason="emergency")
    store.log_staff_call("s7", urgent=False, flow=fine)
    clock.t = old
    store.log_unrecognised("办护照", state="menu", flow=None)
    clock.t = recent
    for text, state in [("办护照", "menu"), ("我要办港澳通行证", "menu"), ("办护照", "menu"),
                        ("我要办港澳通行证", "slot:tour"), ("车牌浙L12345", "slot:plate"),
                        ("办护照", "confirm"), ("  ", "menu")]:
        store.log_unrecognised(text, state=state, flow=None)
    clock.t = NOW
    return store, path


# ---------------------------------------------------------------------- the store
def test_store_keeps_where_staff_calls_and_filters_by_time(filled: tuple[Store, Path]) -> None:
    store, _ = filled
    rows = {r["id"]: r for r in store.sessions()}
    assert len(rows) == 12
    assert (rows["s3"]["where"], rows["s3"]["outcome"]) == ("payment", "cancelled")
    assert rows["s10"]["where"] == ""  # ended without saying where
    assert rows["s11"]["ended_at"] is None
    assert [r["id"] for r in store.sessions(since=NOW - 7 * DAY)][:2] == ["s2", "s3"]
    calls = store.staff_calls()
    assert [(c["session_id"], c["urgent"], c["flow"], c["reason"]) for c in calls] == [
        ("s1", False, "id_card.renew", "asked"),
        ("s6", False, "traffic.fine_payment", "offered"),
        ("s6", True, "", "emergency"),
        ("s7", False, "traffic.fine_payment", ""),
    ]
    assert len(store.staff_calls(since=NOW - 7 * DAY)) == 3
    assert len(store.unrecognised(since=NOW - 7 * DAY)) == 7
    assert store.unrecognised()[5]["text"] == "车牌浙L***45"  # masked when stored
    with pytest.raises(ValueError, match="unknown staff-call reason 'bored'"):
        store.log_staff_call("s1", urgent=False, flow=None, reason="bored")


def test_old_database_gains_the_new_column_and_table(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.execute("create table sessions (id text primary key, started_at float, "
                   "ended_at float, outcome text, flow text, turns integer)")
        db.execute("insert into sessions values ('old', 1, 2, 'completed', 'x', 3)")
    db.close()
    store = Store(path)
    store.open_session("new")
    store.end_session("new", "cancelled", "id_card.renew", where="payment")
    store.end_session("plain", "completed", None)  # the old call still works
    where = {r["id"]: r["where"] for r in store.sessions()}
    assert where == {"old": None, "new": "payment", "plain": ""}
    assert store.staff_calls() == []


def test_staff_call_goes_to_the_pager_and_into_the_store(tmp_path: Path) -> None:
    sim = simulate(TODAY)
    store = Store(tmp_path / "k.db", clock=lambda: 42.0)
    executor = Executor(sim.devices, store, "s1")
    result = executor.execute(CallAdapter("staff", "call", {
        "urgent": True, "flow": "id_card.renew", "reason": "emergency"}))
    assert result.outcome == "ok"
    assert sim.staff.calls == [{"urgent": True, "flow": "id_card.renew", "reason": "emergency"}]
    assert store.staff_calls() == [{"id": 1, "session_id": "s1", "at": 42.0, "urgent": True,
                                    "flow": "id_card.renew", "reason": "emergency"}]
    # without a store (and without a reason, as older dialogs send it) the pager still rings
    Executor(sim.devices).execute(CallAdapter("staff", "call", {"urgent": False, "flow": None}))
    assert sim.staff.calls[-1] == {"urgent": False, "flow": None, "reason": ""}
    assert len(store.staff_calls()) == 1


# ---------------------------------------------------------------------- the numbers
def test_report_over_everything(filled: tuple[Store, Path]) -> None:
    store, _ = filled
    report = build_report(store, titles={"id_card.renew": "换领身份证"}, top=2)
    data = report.to_dict()
    assert data["sessions"] == 12 and data["since"] is None
    services = {s["flow"]: s for s in data["services"]}
    assert [s["flow"] for s in data["services"]] == ["id_card.renew", "",
                                                      "traffic.fine_payment"]
    renew = services["id_card.renew"]
    assert renew == {
        "flow": "id_card.renew", "title": "换领身份证", "sessions": 5, "completed": 2,
        "abandoned": 3, "staff": 0, "redirected": 0, "failed": 0, "other": 0,
        "completion_rate": 0.4, "abandonment_rate": 0.6, "avg_duration_s": 140.0,
        "gave_up": {"payment": 2, "face": 1},
    }
    fine = services["traffic.fine_payment"]
    assert fine["title"] == "traffic.fine_payment"  # no title known: the flow name
    assert (fine["staff"], fine["failed"], fine["redirected"], fine["abandoned"]) == (1, 1, 1, 0)
    assert fine["avg_duration_s"] == 56.7 and fine["gave_up"] == {}
    none = services[""]
    assert none["title"] == "未办理业务"
    assert (none["sessions"], none["abandoned"], none["other"]) == (4, 2, 2)  # open + stopped
    assert none["avg_duration_s"] == pytest.approx(11.7)  # the open one has no duration
    assert none["gave_up"] == {"menu": 1, "未记录": 1}
    total = data["total"]
    assert (total["sessions"], total["completed"], total["abandoned"]) == (12, 2, 5)
    assert total["completion_rate"] == 0.1667 and total["gave_up"] == {"payment": 2, "face": 1}
    assert data["staff_calls"] == {"total": 4, "urgent": 1, "by_reason": {
        "asked": 1, "offered": 1, "emergency": 1, "": 1}}
    assert data["unrecognised_total"] == 7  # the blank one is not counted
    assert data["unrecognised"] == [
        {"text": "办护照", "count": 4, "states": {"menu": 3, "confirm": 1}},
        {"text": "我要办港澳通行证", "count": 2, "states": {"menu": 1, "slot:tour": 1}},
    ]


def test_since_keeps_only_the_last_days(filled: tuple[Store, Path]) -> None:
    store, _ = filled
    report = build_report(store, since_days=7, now=NOW, top=10)
    assert report.since == NOW - 7 * DAY and report.sessions == 11
    renew = next(s for s in report.services if s.flow == "id_card.renew")
    assert (renew.sessions, renew.completed, renew.abandoned) == (4, 1, 3)
    assert renew.completion_rate == 0.25 and renew.avg_duration_s == 100.0
    assert report.staff.total == 3 and report.staff.by_reason["asked"] == 0
    assert [(u.text, u.count) for u in report.unrecognised] == [
        ("办护照", 3), ("我要办港澳通行证", 2), ("车牌浙L***45", 1)]
    assert build_report(store, since_days=0.5, now=NOW).sessions == 0


# ---------------------------------------------------------------------- what staff see
def test_human_report_is_chinese_with_aligned_columns(filled: tuple[Store, Path]) -> None:
    store, _ = filled
    text = render(build_report(store, titles={"id_card.renew": "换领身份证"}, now=NOW))
    lines = text.splitlines()
    assert lines[0].startswith("自助警务超市使用情况报告：全部记录，共 12 次会话")
    header = next(i for i, line in enumerate(lines) if line.lstrip().startswith("业务"))
    table = lines[header:header + 5]
    assert table[1].lstrip().startswith("换领身份证（id_card.renew）")
    assert table[2].lstrip().startswith("未办理业务")
    assert table[4].lstrip().startswith("合计")
    # every number column ends at the same screen column as its heading
    for heading in ("次数", "放弃", "办成率", "平均用时"):
        end = _screen_end(table[0], heading)
        for row in table[1:]:
            assert _cell_end_at(row, end), (heading, row)
    assert "  换领身份证（id_card.renew）：payment 2次，face 1次" in lines
    assert ("  共 4 次，其中紧急 1 次"
            "（群众要求 1次，机器转人工 1次，紧急求助 1次，未注明 1次）") in lines
    unheard = lines.index(next(line for line in lines if line.startswith("【没听懂的话】")))
    assert "办护照" in lines[unheard + 2] and "menu 3次，confirm 1次" in lines[unheard + 2]
    assert "2分20秒" in table[1] and "40%" in table[1]


def _screen_end(line: str, word: str) -> int:
    return width(line[: line.index(word) + len(word)])


def _cell_end_at(line: str, column: int) -> bool:
    for i in range(len(line)):
        if width(line[: i + 1]) == column:
            return line[i] != " " and (i + 1 == len(line) or line[i + 1] == " ")
    return False


def test_cli_json_and_default_database(filled: tuple[Store, Path], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KIOSK_VAR", str(tmp_path))  # the fixture's file is the default one
    assert main(["report", "--json", "--top", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sessions"] == 12 and len(data["unrecognised"]) == 1
    assert main(["report", "--since", "7"]) == 0  # the fixture's sessions are from 1970
    out = capsys.readouterr().out
    assert "最近 7 天没有会话记录。去掉 --since 或把天数改大，可以查看更早的记录。" in out


def test_empty_database_says_there_are_no_sessions_yet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Store(tmp_path / "empty.db")
    assert main(["report", "--db", str(tmp_path / "empty.db")]) == 0
    out = capsys.readouterr().out
    assert "还没有会话记录：数据库里还没有人使用过本机。有人办理业务后再运行 kiosk report。" in out
    assert main(["report", "--db", str(tmp_path / "empty.db"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["services"] == []


def test_missing_database_is_an_error_that_says_how_to_fix(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "var" / "kiosk.db"
    assert main(["report", "--db", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"kiosk: no kiosk database at {missing} — the kiosk creates it when the first "
        "session is recorded; run the report on the kiosk PC, give the file with --db PATH, "
        "or set KIOSK_VAR to the kiosk's var/ folder\n"
    )
    assert not missing.exists() and not missing.parent.exists()  # nothing was created


@pytest.mark.parametrize("args", [["--since", "0"], ["--top", "x"], ["--since", "-3"]])
def test_bad_arguments_are_refused(args: list[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["report", "--db", str(tmp_path / "k.db"), *args])
    assert info.value.code == 2
