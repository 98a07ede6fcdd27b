"""Every amount the 13 self-service flows can say or charge equals the guides' numbers.

The fee of a transaction is written once, in the flow's own data (``fee:`` in
``intents/flows/<flow>.yaml``: one amount, or a table by an answer such as the reason for
renewing).  The guide of the same service lists the amounts with their ``basis`` and, in
``case``, which answer of the flow each is charged for (``kiosk`` for a flow with one fee).
These tests fail as soon as one side changes without the other:

- the flow's fee table and the guide's ``case`` amounts are compared, answer by answer;
- every "N元" written in a flow text is one of its guide's amounts (or a named exception);
- each charging flow is run through the chat simulator for every answer that changes the
  fee: what the kiosk says before payment and what it charges equal the guide's amount.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from assistant.chat import new_session
from assistant.config import guides_dir
from assistant.dialog import load_texts
from assistant.dialog.flows import FLOWS
from assistant.dialog.steps import PriceStep
from assistant.dialog.texts import FlowTexts, TextFile
from assistant.domain import rules
from assistant.guides.loader import FEE_CASES_KIOSK, Catalogue, load_catalogue
from assistant.guides.numbers import money

from .helpers import TODAY, texts, texts_all_offered
from .keyword_nlu import KeywordUnderstander

OTHER_AMOUNTS: dict[tuple[str, str], tuple[str, float]] = {
    # (flow, text key) → where the amount comes from, and the amount
    ("id_card.replace", "done"): ("guide huzheng.temporary_id_card", 10.0),
    # why a record goes to the window (issue 14): the largest fine a kiosk takes (a rule)
    ("traffic.fine_payment", "reason_fine_over_limit"): ("rules.KIOSK_MAX_FINE",
                                                         rules.KIOSK_MAX_FINE),
    ("traffic.violation_query", "reason_fine_over_limit"): ("rules.KIOSK_MAX_FINE",
                                                            rules.KIOSK_MAX_FINE),
}
"""Amounts in flow texts that are not this flow's fee: a temporary ID card (another
guide), the largest fine a kiosk takes (a rule)."""


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(guides_dir())


def _flow_fees(spec: TextFile) -> dict[str, float]:
    """What the flow charges, by case: its fee table, or ``kiosk`` → its one fee."""
    if spec.fee_by:
        return dict(spec.fees)
    return {FEE_CASES_KIOSK: spec.fee} if spec.fee > 0 else {}


def _guide_fees(catalogue: Catalogue, flow: str) -> dict[str, float]:
    guide = catalogue.by_intent(flow)
    assert guide is not None, f"no guide for {flow}"
    return {f.case: f.amount for f in guide.fees if f.case}


@pytest.mark.parametrize("flow", sorted(FLOWS))
def test_flow_fee_table_equals_the_guide(flow: str, catalogue: Catalogue) -> None:
    """Answer by answer (expired 20, damaged 40; once 15, twice 30 …), flow = guide."""
    spec = texts().flows[flow]
    assert _flow_fees(spec) == _guide_fees(catalogue, flow), (
        f"{spec.path} fee and the 'case' fees of its guide differ: change both together")


@pytest.mark.parametrize("flow", sorted(FLOWS))
def test_every_priced_answer_has_a_price(flow: str) -> None:
    spec = texts().flows[flow]
    for step in FLOWS[flow].steps:
        if isinstance(step, PriceStep):
            assert spec.fee_by == step.slot and set(step.values) == set(spec.fees)


def _said_amounts(spec: TextFile) -> list[tuple[str, float]]:
    texts_and_titles = [*spec.texts.items(),
                        *((f"option {o.id}", o.title) for opts in spec.options.values()
                          for o in opts)]
    return [(key, m.value) for key, text in texts_and_titles for m in money(text)]


@pytest.mark.parametrize("flow", sorted(FLOWS))
def test_amounts_written_in_flow_texts_are_the_guides(flow: str, catalogue: Catalogue) -> None:
    """A number before 元 in a prompt is a fee of the guide (better: a {fee} placeholder);
    amounts are found as the guides lint finds them (:func:`assistant.guides.numbers.money`)."""
    spec = texts().flows[flow]
    allowed = set(_guide_fees(catalogue, flow).values())
    for key, amount in _said_amounts(spec):
        if (flow, key) in OTHER_AMOUNTS:
            assert amount == OTHER_AMOUNTS[flow, key][1], (flow, key)
            continue
        assert amount in allowed, f"{spec.path}: text '{key}' says {amount:g}元, not in its guide"


def test_other_amounts_match_their_source(catalogue: Catalogue) -> None:
    temporary = catalogue.guides["huzheng.temporary_id_card"]
    assert [f.amount for f in temporary.fees] == [OTHER_AMOUNTS["id_card.replace", "done"][1]]


def test_common_texts_name_no_amount() -> None:
    """Shared prompts take the amount from the flow ({amount}, {fee}), never a number."""
    assert not [k for k, t in texts().common.texts.items() if money(t)]


# ---------------------------------------------------------------------- run the flows
RUNS: dict[tuple[str, str], list[str]] = {
    ("id_card.renew", "expired"): ["<key:1>", "<key:1>", "<card:expired>", "<face:ok>",
                                   "<photo:ok>", "<key:1>", "<key:1>", "<key:1>",
                                   "<pay:ok>"],
    ("id_card.renew", "damaged"): ["<key:1>", "<key:1>", "<card:valid>", "<key:1>", "<face:ok>",
                                   "<photo:ok>", "<key:1>", "<key:1>", "<key:1>",
                                   "<pay:ok>"],
    ("id_card.replace", "kiosk"): ["<key:1>", "<key:2>", *(f"<key:{c}>" for c in
                                   "330902195304121241"), "<key:#>", "<key:1>",
                                   "<face:ok>", "<photo:ok>", "<key:1>", "<key:1>", "<key:1>",
                                   "<pay:ok>"],
    ("exit_entry.endorse_hk_macau", "once"): ["<key:2>", "<key:1>", "<card:valid>", "<face:ok>",
                                              "<permit:hk>", "<key:1>", "<key:1>", "<key:1>",
                                              "<pay:ok>"],
    ("exit_entry.endorse_hk_macau", "twice"): ["<key:2>", "<key:1>", "<card:valid>", "<face:ok>",
                                               "<permit:hk>", "<key:1>", "<key:2>", "<key:1>",
                                               "<pay:ok>"],
    ("exit_entry.endorse_taiwan", "kiosk"): ["<key:2>", "<key:2>", "<card:valid>", "<face:ok>",
                                             "<permit:tw>", "<key:1>", "<pay:ok>"],
    ("driver_license.renew", "kiosk"): ["<key:4>", "<key:1>", "<card:valid>", "<face:ok>",
                                        "<photo:ok>", "<key:1>", "<key:1>", "<key:1>",
                                   "<pay:ok>"],
    ("driver_license.replace", "kiosk"): ["<key:4>", "<key:2>", "<card:expired>", "<face:ok>",
                                          "<photo:ok>", "<key:2>", "<key:1>", "<pay:ok>"],
    ("vehicle.registration_replace", "kiosk"): ["<key:4>", "<key:4>", "<card:valid>", "<key:1>",
                                                "<key:2>", "<key:3>", "<key:4>", "<key:5>",
                                                "<key:#>", "<key:1>", "<face:ok>", "<key:1>",
                                                "<key:1>", "<key:1>", "<pay:ok>"],
}
"""A keys-only transaction per flow and fee case (Taiwan on a site that offers it)."""


@pytest.fixture(scope="module")
def all_offered() -> FlowTexts:
    return texts_all_offered()


def _run(flow_texts: FlowTexts, lines: list[str]) -> tuple[list[dict[str, Any]], list[float]]:
    session = new_session(flow_texts, nlu=KeywordUnderstander(), today=TODAY,
                          announcements=False)
    session.start()
    turns = [session.step(line) for line in lines]
    charged = [float(o["amount"]) for o in session.sim.db.db.table("orders").rows
               if o["status"] == "paid"]
    return turns, charged


def test_every_charging_flow_and_case_is_run(catalogue: Catalogue) -> None:
    wanted = {(flow, case) for flow in FLOWS for case in _guide_fees(catalogue, flow)}
    assert set(RUNS) == wanted


@pytest.mark.parametrize(("flow", "case"), sorted(RUNS))
def test_said_and_charged_amounts_are_the_guides(flow: str, case: str, catalogue: Catalogue,
                                                 all_offered: FlowTexts) -> None:
    fee = _guide_fees(catalogue, flow)[case]
    turns, charged = _run(all_offered, RUNS[flow, case])
    assert (turns[-1]["flow"], turns[-1]["outcome"]) == (flow, "completed"), turns[-1]["say"]
    assert charged == [fee]
    confirm = next(i for i, t in enumerate(turns) if t["state"] == "confirm")
    pay = next(i for i, t in enumerate(turns) if t["state"] == "payment")
    before_paying = {m.value for t in turns[confirm:pay + 1] for m in money(t["say"])}
    assert before_paying == {fee}, "the confirmation and the QR prompt say the case's fee"
    paid = [float(a) for t in turns for a in re.findall(r"付款(\d+(?:\.\d+)?)元", t["say"])]
    assert paid == [fee]
    allowed = set(_guide_fees(catalogue, flow).values()) | {
        amount for (f, _), (_, amount) in OTHER_AMOUNTS.items() if f == flow}
    said = {m.value for t in turns for m in money(t["say"])}
    assert said <= allowed, f"{flow}: said {said - allowed} 元, not in its guide"


def test_damaged_renewal_costs_forty_expired_twenty(all_offered: FlowTexts) -> None:
    """Issue 18: 损坏换领 40 元, 到期换领 20 元 (发改价格〔2003〕2322号)."""
    for case, fee in (("damaged", 40.0), ("expired", 20.0)):
        turns, charged = _run(all_offered, RUNS["id_card.renew", case])
        assert charged == [fee]
        confirm = next(t for t in turns if t["state"] == "confirm")
        assert f"工本费{fee:g}元" in confirm["say"]
        assert "低保" in confirm["say"]


def test_taiwan_is_not_walked_to_payment_where_not_offered() -> None:
    """The shipped site does not offer it: not in the menu; asked for, it is explained at
    once (why, where to ask) — no card, no face check, no charge."""
    assert "exit_entry.endorse_taiwan" in texts().not_offered
    menu_items = [i for g in texts().menu for i in (g.items or (g.id,))]
    assert "exit_entry.endorse_taiwan" not in menu_items
    session = new_session(texts(), nlu=KeywordUnderstander(), today=TODAY, announcements=False)
    session.start()
    turn = session.step("台湾签注")
    assert (turn["flow"], turn["outcome"]) == ("exit_entry.endorse_taiwan", "redirected")
    assert "本站暂时不办理" in turn["say"] and "出入境窗口" in turn["say"]
    assert not money(turn["say"])
    assert list(session.sim.db.db.table("orders").rows) == []


def test_taiwan_on_ones_own_is_told_it_is_suspended_first(all_offered: FlowTexts) -> None:
    """Where the site offers it, a trip on one's own hears the suspension before anything is
    asked or read (it was asked "您是要办去台湾的签注吗？" and told only after the permit)."""
    session = new_session(all_offered, nlu=KeywordUnderstander(), today=TODAY,
                          announcements=False)
    session.start()
    turn = session.step("台湾签注，我一个人去，自由行")
    assert turn["say"].startswith("赴台个人旅游目前暂停"), turn["say"]
    assert turn["outcome"] is None and not money(turn["say"])
    plain = new_session(all_offered, nlu=KeywordUnderstander(), today=TODAY,
                        announcements=False)
    plain.start()
    assert "暂停" not in plain.step("台湾签注")["say"]  # a team trip: not told


def test_a_sub_menu_left_empty_is_dropped(tmp_path: Path) -> None:
    site = (guides_dir() / "site.yaml").read_text(encoding="utf-8")
    extra = "".join(f"  {s}:\n    title: 这项业务\n    why: 请到窗口咨询。\n" for s in
                    ("exit_entry.endorse_hk_macau", "exit_entry.progress"))
    site = site.replace("optional_services:\n", "optional_services:\n" + extra, 1)
    (tmp_path / "site.yaml").write_text(site, encoding="utf-8")
    loaded = load_texts(guides=tmp_path)
    assert {"exit_entry.endorse_hk_macau", "exit_entry.progress"} <= set(loaded.not_offered)
    assert [g.id for g in loaded.menu] == [g.id for g in texts().menu if g.id != "exit_entry"]


@pytest.mark.parametrize(("said", "fines"), [
    ("这个一千块的是啥事体", [1000]),
    ("一百五的那条是怎么回事", [150]),
    ("哪几条违章", [100, 150, 1000]),  # what they are: all of them
    ("好的，是我开的", []),  # asks nothing
])
def test_a_record_asked_about_mid_step(said: str, fines: list[int]) -> None:
    """Session 18: "这个一千块的是啥事体" at the driver question is that record (it was "不着急，
    您慢慢来" or "没听懂")."""
    import datetime

    from assistant.dialog.fines import records_asked
    from assistant.dialog.steps import FlowContext

    ctx = FlowContext("traffic.fine_payment", "t1", datetime.date(2026, 12, 7))
    ctx.values["payable_all"] = [{"date": "11月7日", "what": "违反规定停放", "fine": 150.0},
                                 {"date": "11月27日", "what": "违反禁止标线", "fine": 100.0}]
    ctx.values["window_items"] = [{"date": "12月2日", "what": "超速", "fine": "1000"}]
    assert sorted(int(float(v["fine"])) for v in records_asked(ctx, said)) == fines
