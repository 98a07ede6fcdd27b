"""Issue 14: fines with points, the query's offer to pay, posting with the address read
back, and the e-permit read before an endorsement."""

from __future__ import annotations

import pytest

from assistant.adapters.devices import simulate
from assistant.chat import ChatSession, new_session
from assistant.dialog.delivery import mask_address
from assistant.errors import DeviceTimeout
from assistant.store import Store

from .helpers import TODAY, texts
from .keyword_nlu import KeywordUnderstander

QUERY_TO_OFFER = ["<key:3>", "<key:2>", *(f"<key:{c}>" for c in "12345"), "<key:#>",
                  "<key:1>"]
"""Violation query for 浙L12345 by keys, up to "现在就在这里缴这2条…吗？"."""


def _session(store: Store | None = None) -> ChatSession:
    s = new_session(texts(), nlu=KeywordUnderstander(), today=TODAY, store=store,
                    announcements=False)
    s.start()
    return s


@pytest.mark.parametrize(("address", "said"), [
    ("浙江省舟山市定海区解放西路18号", "定海区解放西路"),
    ("浙江省舟山市普陀区沈家门街道东河路9号", "普陀区沈家门街道东河路"),
    ("浙江省舟山市岱山县高亭镇扬帆路3号", "岱山县高亭镇扬帆路"),
    ("没有门牌", ""),
])
def test_the_address_is_said_to_the_road_never_the_house_number(address: str,
                                                                said: str) -> None:
    assert mask_address(address) == said


def test_points_go_to_the_drivers_licence_with_the_payment() -> None:
    sim = simulate(TODAY)
    driver = sim.db.people["valid"].number
    sim.traffic.pay_fines(txn_id="t1", plate="浙L12345", ids=["V1001", "V1002"],
                          order_id="o1", driver_id=driver)
    person = sim.db.person(driver)
    assert person is not None and person["points"] == 4 + 3
    sim.traffic.pay_fines(txn_id="t1", plate="浙L12345", ids=["V1001", "V1002"],
                          order_id="o1", driver_id=driver)  # the same transaction again
    person = sim.db.person(driver)
    assert person is not None and person["points"] == 7


def test_the_query_offer_declined_by_cancel_or_back_leaves_no_open_order() -> None:
    store = Store(memory=True)
    s = _session(store)
    for line in QUERY_TO_OFFER:
        turn = s.step(line)
    assert "现在就在这里缴这2条" in turn["say"]
    assert "其中0条" not in turn["say"] and "超过200元" in turn["say"]
    s.step("<key:1>")  # yes: who drove?
    s.step("<key:2>")  # not me: the 3-point record goes to the window
    turn = s.step("<key:1>")  # pay the point-free one
    assert turn["state"] == "payment" and "217.5" in turn["say"]
    s.step("返回")  # back from the payment: the code is closed
    turn = s.step("不交了")  # "cancel" at the offer only declines it
    assert turn["outcome"] == "completed" and "先不缴" in turn["say"]
    assert [o["status"] for o in s.sim.db.db.table("orders").rows] == ["cancelled"]
    assert not [e for e in store.unfinished() if e.session_id == s.session_id]


@pytest.mark.parametrize(("answer", "points_here"), [
    ("是我", True),
    ("是的，我自己开的", True),
    ("是我老公开的", False),                      # 是 + someone else: not the yes
    ("车子是我男人开的，我自己不开车的", False),   # 是我 inside "是我男人"
    ("勿是我，是阿拉儿子", False),
])
def test_who_drove_is_never_taken_from_a_word_inside(answer: str, points_here: bool) -> None:
    s = _session()
    for line in QUERY_TO_OFFER:
        s.step(line)
    turn = s.step("<key:1>")  # yes, pay here: who drove?
    assert "本人开的吗" in turn["say"]
    turn = s.step(answer)
    if points_here:  # the points go on the card holder's licence: the card is asked for
        assert turn["state"] == "card" and "记分要用您的驾驶证" in turn["say"]
    else:  # left to the window for the one who drove
        assert "要开车的人" in turn["say"] and turn["state"] != "card"


def test_nothing_payable_here_is_said_plainly() -> None:
    s = _session()
    for line in ["<key:3>", "<key:2>", *(f"<key:{c}>" for c in "54321"), "<key:#>", "<key:1>"]:
        turn = s.step(line)
    assert turn["outcome"] == "completed" and "0条" not in turn["say"] and "0元" not in turn["say"]
    assert "会满12分" in turn["say"]


def test_the_permit_reader_gives_up_and_reads_demo_permits() -> None:
    sim = simulate(TODAY)
    with pytest.raises(DeviceTimeout):
        sim.permit.read()
    sim.permit.place("hk")
    data = sim.permit.read()
    assert data["present"] and data["kind"] == "hk_macau_e"
    assert data["holder"] == sim.db.people["valid"].number and data["endorsements"]
    sim.permit.place("none")
    assert sim.permit.read() == {"present": False}


def test_a_permit_that_never_comes_ends_with_where_to_go() -> None:
    s = _session()
    for line in ("<key:2>", "<key:1>", "<card:valid>", "<face:ok>"):
        turn = s.step(line)
    assert turn["awaiting"]["keys"]["2"] == "not_no_permit"
    turn = s.step("<permit:timeout>")
    assert turn["done"] and "出入境窗口" in turn["say"]


@pytest.mark.parametrize(("said", "outcome", "words"), [
    ("我 通行证 没 带 在 家里", "cancelled", "带上通行证再来"),  # held, left at home
    ("通行证忘记带了", "cancelled", "没有收费"),
    ("我从来没办过通行证", "redirected", "出入境窗口"),        # none at all: the window
])
def test_a_permit_left_at_home_is_not_a_first_permit(said: str, outcome: str,
                                                      words: str) -> None:
    """"我通行证没带，在家里" while the reader waits: come back with it (it was "没听懂";
    a first permit is the window's)."""
    s = _session()
    for line in ("<key:2>", "<key:1>", "<card:valid>", "<face:ok>"):
        s.step(line)
    turn = s.step(said)
    assert turn["done"] and turn["outcome"] == outcome and words in turn["say"], turn["say"]
