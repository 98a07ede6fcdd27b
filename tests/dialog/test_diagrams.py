"""docs/flows.md is generated from the machine and the flows and must be up to date."""

from __future__ import annotations

from assistant.dialog import diagrams
from assistant.dialog.flows import FLOWS


def test_committed_diagrams_are_up_to_date() -> None:
    current = diagrams.DOC.read_text(encoding="utf-8") if diagrams.DOC.exists() else ""
    assert current == diagrams.render(), (
        f"docs/flows.md is out of date: run {diagrams.REGENERATE}")


def test_every_flow_step_is_drawn_and_reaches_the_end() -> None:
    for flow in FLOWS.values():
        states, trans = diagrams.flow_dicts(flow)
        assert len(states) == len(flow.steps) + 1
        reach = {states[0]["name"]}
        changed = True
        while changed:
            new = {t["dest"] for t in trans if t["source"] in reach} - reach
            reach |= new
            changed = bool(new)
        assert {s["name"] for s in states} == reach, flow.name
        assert "stateDiagram-v2" in diagrams.flow_diagram(flow)


def test_check_mode_reports_stale_file(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    stale = tmp_path / "flows.md"
    stale.write_text("old\n", encoding="utf-8")
    assert diagrams.main(["--check", "--out", str(stale)]) == 1
    assert diagrams.REGENERATE in capsys.readouterr().err
    assert diagrams.main(["--out", str(stale)]) == 0
    assert diagrams.main(["--check", "--out", str(stale)]) == 0
