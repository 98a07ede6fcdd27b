"""``kiosk bench conversations``: the checker of conversation files and the judge.

The judge is checked on ``tests/data/conversations/samples.jsonl`` (written for these
tests: lines from the golden conversations, some goals built to fail), run through the
real chat session with the real intent model.  No accuracy thresholds: only that each
conversation is judged as it must be.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.bench import conversations as bench
from assistant.cli import main
from assistant.config import PROJECT_ROOT

DATA = PROJECT_ROOT / "tests" / "data" / "conversations"
SAMPLES = DATA / "samples.jsonl"
HELDOUT = DATA / "heldout.jsonl"
HELDOUT2 = DATA / "heldout2.jsonl"
HELDOUT3 = DATA / "heldout3.jsonl"
HELDOUT4 = DATA / "heldout4.jsonl"
HELDOUT5 = DATA / "heldout5.jsonl"


def test_heldout_passes_the_checker() -> None:
    if not HELDOUT.exists():
        pytest.skip(f"{HELDOUT.relative_to(PROJECT_ROOT)} is not written yet")
    conversations, problems = bench.check_file(HELDOUT)
    assert [str(p) for p in problems] == []
    assert conversations


@pytest.mark.parametrize(
    ("path", "prefix"),
    [(HELDOUT2, "d"), (HELDOUT3, "e"), (HELDOUT4, "f")],
    ids=["heldout2", "heldout3", "heldout4"],
)
def test_later_heldout_sets_pass_the_checker(path: Path, prefix: str) -> None:
    """The held-out sets of sessions 6 and 7 (heldout4: kept for session 8): well formed,
    ids of their own, no goal the simulators cannot meet, no warning."""
    conversations, problems = bench.check_file(path)
    assert [str(p) for p in problems] == []
    assert len(conversations) >= 70
    assert all(c.id.startswith(prefix) for c in conversations)
    assert [str(w) for w in bench.warnings_of(conversations, path.name)] == []


def test_heldout5_passes_the_checker() -> None:
    """The held-out set written in session 8 for session 9: well formed, ids ``g…`` of its
    own, no warning, and every self-service item the shipped site offers (all but the Taiwan
    endorsement) at least twice, with cancelled and completed goals and every other kind."""
    conversations, problems = bench.check_file(HELDOUT5)
    assert [str(p) for p in problems] == []
    assert len(conversations) >= 70
    assert all(c.id.startswith("g") for c in conversations)
    assert [str(w) for w in bench.warnings_of(conversations, HELDOUT5.name)] == []
    flows: dict[str, int] = {}
    for c in conversations:
        if c.goal.kind == "service":
            flows[c.goal.flow] = flows.get(c.goal.flow, 0) + 1
    offered = {
        "photo.id_photo", "id_card.renew", "id_card.replace", "id_card.progress",
        "exit_entry.endorse_hk_macau", "exit_entry.progress", "traffic.violation_query",
        "traffic.fine_payment", "driver_license.renew", "driver_license.replace",
        "vehicle.inspection_mark", "vehicle.registration_replace",
    }
    assert {f for f, n in flows.items() if n >= 2} == offered
    kinds = {c.goal.kind for c in conversations}
    assert kinds == {"service", "guide", "staff", "emergency", "nothing"}
    assert {c.goal.outcome for c in conversations if c.goal.kind == "service"} == {
        "completed", "cancelled"}


@pytest.mark.parametrize(("name", "prefix"), [("heldout6.jsonl", "h"), ("heldout7.jsonl", "i"),
                                             ("heldout8.jsonl", "j"), ("heldout9.jsonl", "k"),
                                             ("heldout10.jsonl", "l"), ("heldout11.jsonl", "m"),
                                             ("heldout12.jsonl", "n"), ("heldout13.jsonl", "o"),
                                             ("heldout14.jsonl", "p"), ("heldout15.jsonl", "q"),
                                             ("heldout16.jsonl", "r")])
def test_recent_held_out_sets_pass_the_checker(name: str, prefix: str) -> None:
    """The sets written in sessions 9 to 19 (each for the next session): well
    formed, ids of their own, no warning, every self-service item the shipped site offers at
    least twice and at least eight of them cancelled once, at least 12 guide goals, and every
    other kind."""
    path = DATA / name
    conversations, problems = bench.check_file(path)
    assert [str(p) for p in problems] == []
    assert len(conversations) >= 70
    assert all(c.id.startswith(prefix) for c in conversations)
    assert [str(w) for w in bench.warnings_of(conversations, path.name)] == []
    offered = {
        "photo.id_photo", "id_card.renew", "id_card.replace", "id_card.progress",
        "exit_entry.endorse_hk_macau", "exit_entry.progress", "traffic.violation_query",
        "traffic.fine_payment", "driver_license.renew", "driver_license.replace",
        "vehicle.inspection_mark", "vehicle.registration_replace",
    }
    flows: dict[str, int] = {}
    for c in conversations:
        if c.goal.kind == "service":
            flows[c.goal.flow] = flows.get(c.goal.flow, 0) + 1
    assert {f for f, n in flows.items() if n >= 2} == offered
    cancelled = {c.goal.flow for c in conversations
                 if c.goal.kind == "service" and c.goal.outcome == "cancelled"}
    assert len(cancelled) >= 8
    kinds = [c.goal.kind for c in conversations]
    assert set(kinds) == {"service", "guide", "staff", "emergency", "nothing"}
    assert kinds.count("guide") >= 12


def test_samples_pass_the_checker() -> None:
    conversations, problems = bench.check_file(SAMPLES)
    assert [str(p) for p in problems] == []
    assert 8 <= len(conversations) <= 12


GOOD = {"id": "ok1", "lines": ["我要交罚款", "<pay:ok>"],
        "goal": {"kind": "service", "flow": "traffic.fine_payment", "outcome": "completed",
                 "slots": {"plate_number": "浙L12345"}}}

BAD_LINES: list[tuple[str, str]] = [
    ('{"id": "a", "lines": ["x"], "goal": {"kind": "staff"},}', "not JSON"),
    ('["a", "b"]', "one JSON object"),
    (json.dumps({"id": "b", "goal": {"kind": "staff"}}), "missing field 'lines'"),
    (json.dumps({"id": "c", "lines": ["x"], "goal": {"kind": "staff"}, "goals": 1}),
     "unknown field 'goals'"),
    (json.dumps({"id": "d", "lines": ["x"], "goal": {"kind": "help"}}), "goal kind 'help'"),
    (json.dumps({"id": "e", "lines": ["x"], "goal": {
        "kind": "service", "flow": "traffic.fine_pay", "outcome": "completed"}}),
     "flow 'traffic.fine_pay' is not a service"),
    (json.dumps({"id": "f", "lines": ["x"], "goal": {
        "kind": "service", "flow": "traffic.fine_payment", "outcome": "done"}}),
     "outcome 'done'"),
    (json.dumps({"id": "g", "lines": ["x"], "goal": {
        "kind": "service", "flow": "id_card.renew", "outcome": "completed",
        "slots": {"plate_number": "浙L12345"}}}), "slot 'plate_number' is not known"),
    (json.dumps({"id": "h", "lines": ["我要交罚款", "<pay:yes>"], "goal": {"kind": "staff"}}),
     "lines[2]: unknown script event '<pay:yes>'"),
    (json.dumps({"id": "i", "lines": ["<card:ok>"], "goal": {"kind": "staff"}}),
     "lines[1]: no demo ID card 'ok'"),
    (json.dumps({"id": "j", "lines": ["x"], "goal": {"kind": "guide", "says_any": []}}),
     "needs 'says_any'"),
    (json.dumps({"id": "ok1", "lines": ["x"], "goal": {"kind": "nothing"}}),
     "id 'ok1' is used already on line 1"),
    (json.dumps({"id": "k", "lines": "我要交罚款", "goal": {"kind": "nothing"}}),
     "'lines' must be a non-empty list"),
    (json.dumps({"id": "m", "lines": ["x"], "goal": {"kind": "staff", "flow": "x"}}),
     "goal field 'flow' is not used by a staff goal"),
    (json.dumps({"id": "n", "lines": ["x"], "goal": {
        "kind": "service", "flow": "id_card.renew", "outcome": "completed",
        "slots": {"address": "ok"}}}), "slot 'address' is not known"),
]


def _bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.jsonl"
    rows = [json.dumps(GOOD, ensure_ascii=False)] + [line for line, _ in BAD_LINES]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_checker_reports_each_mistake_on_its_line(tmp_path: Path) -> None:
    path = _bad_file(tmp_path)
    conversations, problems = bench.check_file(path, "bad.jsonl")
    assert [c.id for c in conversations] == ["ok1"]
    by_line: dict[int, list[str]] = {}
    for p in problems:
        by_line.setdefault(p.line, []).append(str(p))
    assert 1 not in by_line, by_line.get(1)
    for number, (_, expected) in enumerate(BAD_LINES, start=2):
        said = by_line.get(number, [])
        assert any(expected in s for s in said), (number, expected, said)
        assert all(s.startswith(f"bad.jsonl:{number}:") and " — " in s for s in said)


def test_bench_exits_2_with_every_problem_and_runs_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _bad_file(tmp_path)
    assert main(["bench", "conversations", "--data", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    problem_lines = [x for x in captured.err.splitlines() if f"{path}:" in x]
    assert {int(x.split(":")[1]) for x in problem_lines} == set(range(2, len(BAD_LINES) + 2))


def test_plates_the_simulator_does_not_have_are_warned_of() -> None:
    def conv(ident: str, plate: str) -> bench.Conversation:
        return bench.Conversation(ident, ("我要交罚款",), bench.Goal(
            "service", "traffic.fine_payment", "completed", {"plate_number": plate}), line=7)

    warnings = bench.warnings_of([conv("a", "浙L12345"), conv("b", "浙L2D536")], "x.jsonl")
    assert [str(w).split(" — ")[0] for w in warnings] == [
        "x.jsonl:7:1: warning: plate 浙L2D536 is not in the simulated vehicle register, so "
        "this goal cannot be met"]
    samples = bench.warnings_of(bench.load(SAMPLES), "samples.jsonl")
    assert [w.line for w in samples] == [2]  # s02: its goal names a plate nobody has


def test_check_only_on_samples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "conversations", "--data", str(SAMPLES), "--check"]) == 0
    assert "no problems" in capsys.readouterr().out


@pytest.fixture(scope="module")
def kiosk() -> bench.Kiosk:
    loaded = bench.load_kiosk()
    assert loaded.nlu is not None, "the intent model must load for this test"
    return loaded


@pytest.fixture(scope="module")
def result(kiosk: bench.Kiosk) -> bench.BenchResult:
    return bench.run_bench(bench.load(SAMPLES), kiosk, "samples.jsonl")


def _verdict(result: bench.BenchResult, ident: str) -> bench.Verdict:
    return next(v for v in result.verdicts if v.conv.id == ident)


def test_judge_success_on_samples(result: bench.BenchResult) -> None:
    succeeded = {v.conv.id for v in result.verdicts if v.success}
    assert succeeded == {"s01", "s03", "s04", "s05", "s06", "s08", "s10"}
    for v in result.verdicts:
        if v.success:
            assert v.wrong_actions == [] and v.first_wrong is None, v.conv.id


def test_wrong_plate_counts_wrong_actions(result: bench.BenchResult) -> None:
    v = _verdict(result, "s02")  # the kiosk paid the fines of 浙L12345; the goal: 浙L12346
    assert not v.success and not v.goal_met
    assert sorted(op.kind for op, _ in v.wrong_actions) == ["order", "payment", "print",
                                                             "submit"]
    assert all("plate_number 浙L12345, goal 浙L12346" in why for _, why in v.wrong_actions)
    assert v.wrong_flows == []
    assert v.first_wrong is not None and v.first_wrong[0] == 6  # "好": the order is opened


def test_wrong_flow_with_actions(result: bench.BenchResult) -> None:
    v = _verdict(result, "s11")  # goal: replacement; the kiosk renewed
    assert [r.flow for r in v.wrong_flows] == ["id_card.renew"]
    assert {op.kind for op, _ in v.wrong_actions} == {"order", "payment", "submit", "print"}
    assert all("goal is id_card.replace" in why for _, why in v.wrong_actions)
    assert v.first_wrong is not None and v.first_wrong[0] == 1


def test_wrong_flow_without_action_and_unwanted_staff(result: bench.BenchResult) -> None:
    v = _verdict(result, "s09")  # goal nothing: a fine payment started, a person called
    assert not v.success
    assert v.wrong_actions == []
    assert [(r.flow, r.start) for r in v.wrong_flows] == [("traffic.fine_payment", 2)]
    assert [op.turn for op in v.unwanted_staff] == [3]
    assert v.first_wrong is not None and v.first_wrong[0] == 2


def test_emergency_call_not_wanted_is_a_wrong_action(result: bench.BenchResult) -> None:
    v = _verdict(result, "s12")  # goal nothing, "救命" said, no <staff:arrived>
    assert [(op.kind, op.turn) for op, _ in v.wrong_actions] == [("emergency", 2)]
    assert not v.finished and v.unwanted_staff == []


def test_person_asked_for_and_not_called_fails(result: bench.BenchResult) -> None:
    v = _verdict(result, "s07")  # "我要投诉" is not understood; then cancelled
    assert not v.success and not v.goal_met and v.wrong_actions == []
    assert v.first_wrong == (1, "not understood") and v.not_understood == 1
    assert _verdict(result, "s06").success  # the one who got a person
    assert _verdict(result, "s08").success  # emergency: the duty office was called


def test_query_then_pay_serves_a_fine_payment(result: bench.BenchResult) -> None:
    v = _verdict(result, "s10")
    assert v.success and v.wrong_flows == []
    cancelled = _verdict(result, "s04")
    assert cancelled.success and cancelled.transcript is not None
    assert cancelled.transcript.paid_at_end == []


def test_summary_and_outputs(result: bench.BenchResult) -> None:
    s = result.summary()
    assert (s.n, s.success, s.wrong_action_conversations, s.wrong_flow_conversations,
            s.unfinished, s.unwanted_staff_calls) == (12, 7, 3, 2, 1, 1)
    assert s.wrong_actions == 9
    data = result.to_json(show=True)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert {f["id"] for f in data["failures"]} == {"s02", "s07", "s09", "s11", "s12"}
    assert all("transcript" in f for f in data["failures"])
    assert data["by_kind"]["service"]["n"] == 6
    text = result.text(show=True)
    assert "7 (58.3%)" in text and "s02  goal: service traffic.fine_payment" in text
    assert "went wrong at turn 6 '好'" in text
    assert "3309**********1315" in text and "330903198508201315" not in text  # masked


def test_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(SAMPLES.read_text(encoding="utf-8").splitlines()[3] + "\n",
                    encoding="utf-8")
    assert main(["bench", "conversations", "--data", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["n"], data["success"], data["failures"]) == (1, 1, [])


def test_walking_away_meets_a_cancelled_goal(kiosk: bench.Kiosk) -> None:
    conv = bench.Conversation("w1", ("我要交违章罚款", "浙L12345", "对", "<wait:600>"),
                              bench.Goal("service", "traffic.fine_payment", "cancelled"))
    v = bench.judge(conv, bench.run_conversation(conv, kiosk))
    assert v.finished and "traffic.fine_payment timed_out" in v.what
    assert v.success
    done = bench.Goal("service", "traffic.fine_payment", "completed")
    assert not bench.judge(bench.Conversation("w2", conv.lines, done),
                           bench.run_conversation(conv, kiosk)).success


def test_cashier_slip_then_cancelled_is_no_wrong_action(kiosk: bench.Kiosk) -> None:
    lines = ("我来交违章罚款", "浙L12345", "对", "是我开的", "<card:valid>", "是", "我没有手机",
             "<key:3>", "<pay:timeout>", "算了不交了")  # golden pay_cashier_not_paid
    conv = bench.Conversation("c1", lines, bench.Goal("service", "traffic.fine_payment",
                                                      "cancelled"))
    transcript = bench.run_conversation(conv, kiosk)
    kinds = [o.kind for t in transcript.turns for o in t.ops if o.kind != "query"]
    assert "print" in kinds and "payment" not in kinds and "submit" not in kinds
    v = bench.judge(conv, transcript)
    assert v.success and v.wrong_actions == []


def test_a_value_a_device_carried_in_the_ending_turn_is_seen(kiosk: bench.Kiosk) -> None:
    """The photo taken as the yes to "您是要拍证件照吗？" starts and ends the transaction in one
    turn: its purpose, carried by the camera's capture, is judged (it was "never given")."""
    lines = ("驾照要换 算了 先拍张驾照用的照片", "<photo:ok>")
    goal = bench.Goal("service", "photo.id_photo", "completed", {"purpose": "driver"})
    transcript = bench.run_conversation(bench.Conversation("p1", lines, goal), kiosk)
    assert transcript.turns[-1].values.get("purpose") == "driver"
    assert bench.judge(bench.Conversation("p1", lines, goal), transcript).success
    wrong = bench.Goal("service", "photo.id_photo", "completed", {"purpose": "exit_entry"})
    assert not bench.judge(bench.Conversation("p2", lines, wrong), transcript).success


def test_every_slot_a_goal_may_give_is_one_the_bench_sees() -> None:
    # a slot the judge never observes could never be met ("address never given")
    from assistant.bench.conversations.slots import OBSERVED_SLOTS
    from assistant.nlu.catalogue import SERVICE_INTENTS

    for flow in SERVICE_INTENTS:
        assert bench.known_slots(flow) <= OBSERVED_SLOTS, flow
    assert "delivery" in bench.known_slots("id_card.renew")


def test_a_line_separator_inside_a_string_is_no_line_end(tmp_path: Path) -> None:
    path = tmp_path / "ls.jsonl"
    row = dict(GOOD, note="第一行\u2028第二行\u0085第三行")
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    conversations, problems = bench.check_file(path)
    assert [str(p) for p in problems] == []
    assert [c.note for c in conversations] == [row["note"]]


def test_a_crash_in_the_greeting_is_judged_not_raised() -> None:
    conv = bench.Conversation("g1", ("我要交罚款",), bench.Goal("staff"))
    v = bench.judge(conv, bench.Transcript([], False, [], "RuntimeError: boom"))
    assert not v.success and v.crashed and not v.finished
    assert "CRASHED in the greeting: RuntimeError: boom" in v.what
    assert v.first_wrong == (0, "the kiosk crashed: RuntimeError: boom")
    result = bench.BenchResult("x.jsonl", bench.TODAY, True, [v])
    assert "CRASHES: 1 conversation(s)" in result.text(show=True)


def test_a_write_not_marked_as_the_submission_is_still_a_submit() -> None:
    from assistant.bench.conversations.run import ops_of
    from assistant.dialog.actions import CallAdapter

    write = CallAdapter("traffic", "pay_fines", {"txn_id": "t1", "plate": "浙L12345"})
    look = CallAdapter("traffic", "violations", {"txn_id": "t1", "plate": "浙L12345"})
    ops, _ = ops_of([write, look], 3, "traffic.fine_payment")
    assert [(o.kind, o.name, o.values) for o in ops] == [
        ("submit", "pay_fines", {"plate_number": "浙L12345"}),
        ("query", "violations", {"plate_number": "浙L12345"})]


QUERY_THEN_PAY = ("帮我看看我的车子有没有违章", "是的", "浙L幺二三四五", "对的", "好的，交",
                  "是我开的", "<card:valid>", "我没有微信的，刷社保卡好了", "<pos:ok>")
QUERY_ONLY = ("帮我查一下我的车有没有违章", "是的", "浙L12345", "对", "不用了")


def test_fines_paid_for_a_violation_query_goal_are_wrong_actions(kiosk: bench.Kiosk) -> None:
    query = bench.Goal("service", "traffic.violation_query", "completed")
    paid = bench.Conversation("q1", QUERY_THEN_PAY, query)
    v = bench.judge(paid, bench.run_conversation(paid, kiosk))
    assert v.goal_met and not v.success and v.wrong_flows == []
    assert {op.kind for op, _ in v.wrong_actions} == {"order", "payment", "submit", "print"}
    assert all("(that is traffic.fine_payment), goal is traffic.violation_query" in why
               for _, why in v.wrong_actions)
    looked = bench.Conversation("q2", QUERY_ONLY, query)  # declined to pay: a receipt only
    assert bench.judge(looked, bench.run_conversation(looked, kiosk)).success
    fine = bench.Conversation("q3", QUERY_THEN_PAY, bench.Goal(
        "service", "traffic.fine_payment", "completed"))
    assert bench.judge(fine, bench.run_conversation(fine, kiosk)).success


def test_a_slot_value_the_kiosk_never_gives_is_warned_of() -> None:
    def conv(ident: str, delivery: str) -> bench.Conversation:
        return bench.Conversation(ident, ("我要换身份证",), bench.Goal(
            "service", "id_card.renew", "completed", {"delivery": delivery,
                                                      "reason": "expired"}), line=3)

    warnings = bench.warnings_of([conv("a", "post"), conv("b", "邮寄")], "x.jsonl")
    assert [str(w) for w in warnings] == [
        "x.jsonl:3:1: warning: delivery '邮寄' is not a value the kiosk gives in "
        "id_card.renew, so this goal cannot be met — write one of collect, post"]


def test_money_taken_twice_for_one_transaction_is_a_wrong_action() -> None:
    fine = "traffic.fine_payment"

    def turn(number: int, ops: list[bench.Op], done: bool = False) -> bench.TurnRecord:
        return bench.TurnRecord(number, f"line {number}", "", "ended" if done else "pay",
                                fine, done, "completed" if done else None, False, "t1",
                                {"plate_number": "浙L12345"}, ops,
                                [("completed", fine)] if done else [])

    def transcript(kept: list[str]) -> bench.Transcript:
        values = {"plate_number": "浙L12345", "amount": 100.0}
        return bench.Transcript([
            bench.TurnRecord(0, None, "您好", "menu", None, False, None, False),
            turn(1, [bench.Op(1, "order", fine, "t1", "t1-p1", dict(values))]),
            turn(2, [bench.Op(2, "payment", fine, "t1", "t1-p1", dict(values)),
                     bench.Op(2, "order", fine, "t1", "t1-p2", dict(values))]),
            turn(3, [bench.Op(3, "payment", fine, "t1", "t1-p2", dict(values)),
                     bench.Op(3, "submit", fine, "t1", "pay_fines", dict(values))], done=True),
        ], True, kept)

    conv = bench.Conversation("d1", ("a", "b", "c"), bench.Goal(
        "service", fine, "completed", {"plate_number": "浙L12345"}))
    v = bench.judge(conv, transcript(["t1-p1", "t1-p2"]))
    assert v.goal_met and not v.success
    assert [(op.turn, op.name, why) for op, why in v.wrong_actions] == [
        (3, "t1-p2", "payment t1-p2 kept after t1-p1 for the same transaction (charged twice)")]
    assert bench.judge(conv, transcript(["t1-p2"])).success  # the first one was refunded
