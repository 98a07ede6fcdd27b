"""The state graph, flow definitions and the flow-text loader."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest

from assistant.dialog import FLOWS, load_texts
from assistant.dialog import machine as m
from assistant.dialog.browsing import MENU_ENTRY as BROWSE_ENTRY
from assistant.domain.rules import late_fee, renewal_due, window_only_reason
from assistant.errors import DataFileError

from .helpers import TODAY, demo_card, make_dialog, texts, texts_all_offered


def _edges(trigger: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {s: set() for s in m.STATES}
    for t in m.transition_dicts("cond"):
        if t["trigger"] != trigger:
            continue
        sources = m.STATES if t["source"] == "*" else t["source"]
        for src in [sources] if isinstance(sources, str) else sources:
            out[src].add(t["dest"])
    return out


def _reaches_end(start: str, edges: dict[str, set[str]]) -> bool:
    seen, todo = {start}, deque([start])
    while todo:
        state = todo.popleft()
        if state == m.FINAL_STATE:
            return True
        for nxt in edges[state] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return False


@pytest.mark.parametrize("trigger", ["cancel", "time_out"])
def test_every_state_reaches_the_end_by(trigger: str) -> None:
    edges = _edges(trigger)
    stuck = [s for s in m.ACTIVE_STATES if not _reaches_end(s, edges)]
    assert stuck == []


def test_final_state_has_no_way_out() -> None:
    assert all(t["source"] != m.FINAL_STATE and m.FINAL_STATE not in t["source"]
               for t in m.transition_dicts("c"))


def test_every_catalogue_service_has_a_flow_and_texts() -> None:
    from assistant.nlu.catalogue import SERVICE_INTENTS

    texts = load_texts()
    assert set(FLOWS) == set(SERVICE_INTENTS)
    assert set(texts.flows) == set(SERVICE_INTENTS)
    menu_items = {i for g in texts.menu for i in (g.items or (g.id,))}
    # + "听办事指南" by keys; a service this site does not offer (guides/site.yaml) is left out
    assert menu_items == {*SERVICE_INTENTS, BROWSE_ENTRY} - set(texts.not_offered)
    everything = texts_all_offered().menu
    assert {i for g in everything for i in (g.items or (g.id,))} == {*SERVICE_INTENTS,
                                                                     BROWSE_ENTRY}


def test_every_flow_ends_with_finish_and_prints_a_receipt() -> None:
    for flow in FLOWS.values():
        kinds = [type(s).__name__ for s in flow.steps]
        assert kinds[-1] == "FinishStep" and "PrintStep" in kinds, flow.name


def _copy_flows(tmp_path: Path) -> Path:
    src = Path(__file__).resolve().parents[2] / "intents" / "flows"
    dst = tmp_path / "intents" / "flows"
    dst.mkdir(parents=True)
    for f in src.glob("*.yaml"):
        (dst / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return dst


def test_loader_reports_path_and_line(tmp_path: Path) -> None:
    flows = _copy_flows(tmp_path)
    path = flows / "id_card.renew.yaml"
    text = path.read_text(encoding="utf-8").replace("  submit: 正在", "  submit: 正{amout}在")
    text = text.replace("title: 换领身份证\n", "title: 换领身份证\ncolour: red\n")
    path.write_text(text, encoding="utf-8")
    (flows / "photo.id_photo.yaml").write_text("flow: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_texts(flows)
    msg = str(err.value)
    assert "intents/flows/id_card.renew.yaml:4:1: unknown key 'colour'" in msg
    assert "unknown placeholder(s) {amout}" in msg and "id_card.renew.yaml:22:11:" in msg
    assert "intents/flows/photo.id_photo.yaml:2:1: YAML syntax error" in msg


def test_loader_reports_missing_texts(tmp_path: Path) -> None:
    flows = _copy_flows(tmp_path)
    path = flows / "traffic.fine_payment.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  confirm: 现在缴纳{amount}元吗？\n",
                                                             ""), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"text 'confirm' is missing — add 'confirm: \.\.\.'"):
        load_texts(flows)


def test_rules() -> None:
    from datetime import date, timedelta

    assert late_fee(150.0, TODAY - timedelta(days=30), TODAY) == 67.5
    assert late_fee(100.0, TODAY - timedelta(days=15), TODAY) == 0.0
    assert late_fee(100.0, TODAY - timedelta(days=100), TODAY) == 100.0
    over = window_only_reason(fine=250, points=0, current_points=0, camera=True)
    assert over == "fine_over_limit"
    assert window_only_reason(fine=200, points=6, current_points=6, camera=True) == "points_limit"
    assert window_only_reason(fine=200, points=3, current_points=6, camera=True) is None
    assert window_only_reason(fine=50, points=0, current_points=0, camera=False) == "not_camera"
    expired = demo_card("expired").card
    soon = demo_card("soon").card
    valid = demo_card("valid").card
    assert expired is not None and soon is not None and valid is not None
    assert renewal_due(expired, TODAY) and renewal_due(soon, TODAY)
    assert not renewal_due(valid, TODAY)
    assert date(2025, 6, 1) == TODAY


def test_loader_reports_missing_flow_file(tmp_path: Path) -> None:
    flows = _copy_flows(tmp_path)
    (flows / "vehicle.inspection_mark.yaml").unlink()
    with pytest.raises(DataFileError, match=r"flow file for 'vehicle\.inspection_mark' is missing"):
        load_texts(flows)


def test_word_lists_are_built_once_when_the_texts_load() -> None:
    """Every session shares the texts' word table and normalised ``listen_for`` lists
    (built by :class:`FlowTexts` at load, not again per dialog; a dialog's view of the
    table only remembers the event's lookups)."""
    first, _ = make_dialog()
    second, _ = make_dialog()
    assert first.words._map is second.words._map is texts().word_table._map
    assert first.priority.lists is second.priority.lists is texts().heard_lists
    assert texts().word_table.lookup("叫工作人员") == "call_staff"
    assert "有人打我" in texts().heard_lists["emergency"]
