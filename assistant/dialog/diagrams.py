"""Mermaid state diagrams of the dialog and of each flow, for ``docs/flows.md``.

The diagrams are drawn by :mod:`transitions` (``graph_engine="mermaid"``, no extra
dependency) from the same data the dialog runs on: the state/transition dicts of
:mod:`assistant.dialog.machine` and the step lists of :mod:`assistant.dialog.flows`.
Regenerate after changing either::

    .venv/bin/python -m assistant.dialog.diagrams          # writes docs/flows.md
    .venv/bin/python -m assistant.dialog.diagrams --check  # exit 1 when out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assistant.dialog import machine
from assistant.dialog.steps import (
    CallStep,
    CardStep,
    CheckStep,
    ChoiceStep,
    ConfirmStep,
    DeviceStep,
    FinishStep,
    Flow,
    InformStep,
    PayStep,
    PriceStep,
    PrintStep,
    SlotStep,
    Step,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "flows.md"
REGENERATE = ".venv/bin/python -m assistant.dialog.diagrams"
END = "ended"

_GROUPS: dict[str, str] = {
    **{s: "choosing" for s in machine.MENU_STATES},
    **{s: "choosing" for s in machine.GUIDE_STATES},  # guide answers: drawn with the menu
    **{s: "in_flow" for s in machine.STEP_STATES},
}
_GROUP_LABELS = {
    "choosing": "choosing a service: " + " · ".join(machine.MENU_STATES),
    "in_flow": "in a flow: " + " · ".join(machine.STEP_STATES),
}


def mermaid(states: list[dict[str, Any]], transitions: list[dict[str, Any]], *,
            initial: str, title: str) -> str:
    """Mermaid ``stateDiagram-v2`` source drawn by ``transitions`` (styling lines dropped)."""
    from transitions import State
    from transitions.extensions import GraphMachine

    class _Labelled(State):
        def __init__(self, *args: Any, label: str = "", **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            if label:
                self.label = label

    class _Machine(GraphMachine):
        state_cls = _Labelled

    class _Model:
        pass

    model = _Model()
    _Machine(model=model, states=states, transitions=transitions, initial=initial,
                 graph_engine="mermaid", auto_transitions=False, title=title)
    source: str = model.get_graph().draw(None)  # type: ignore[attr-defined]
    lines = [ln.rstrip() for ln in source.splitlines()
             if not ln.strip().startswith(("classDef ", "Class "))]
    if len(lines) > 2 and lines[0] == lines[2] == "---":
        lines[1] = f"title: {lines[1]}"  # mermaid front matter is YAML: a mapping
    out: list[str] = []
    for ln in lines:  # collapse the blank lines left by the dropped styling
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip() + "\n"


# ---------------------------------------------------------------------- the dialog
def overview() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The dialog machine with menu and flow states grouped (every edge kept, merged)."""
    names = ["choosing", "in_flow", *machine.HELP_STATES, END]
    states: list[dict[str, Any]] = [
        {"name": n, "label": _GROUP_LABELS.get(n, n), **({"final": True} if n == END else {})}
        for n in names
    ]
    seen: set[tuple[str, str, str]] = set()
    transitions: list[dict[str, Any]] = []
    for t in machine.transition_dicts("can_resume"):
        sources = t["source"] if isinstance(t["source"], list) else [t["source"]]
        dest: str = _GROUPS.get(t["dest"], t["dest"])
        trigger: str = t["trigger"]
        if trigger.startswith("ask_"):
            trigger = "ask_*"
        for src in sources:
            key = (_GROUPS.get(str(src), str(src)), dest, trigger)
            if key not in seen:
                seen.add(key)
                transitions.append({"trigger": trigger, "source": key[0], "dest": dest})
    return states, transitions


# ---------------------------------------------------------------------- one flow
def _kind(step: Step) -> str:
    if isinstance(step, DeviceStep):
        return step.device
    if isinstance(step, SlotStep):
        return f"slot {step.type}"
    if isinstance(step, ChoiceStep):
        return f"choice {step.options}"
    if isinstance(step, CallStep):
        return f"{step.adapter}.{step.op}" + (" (submit)" if step.commit else "")
    names = {CardStep: "card", CheckStep: "rule", InformStep: "say", ConfirmStep: "confirm",
             PayStep: "pay", PrintStep: "print", FinishStep: "finish", PriceStep: "price"}
    return names.get(type(step), type(step).__name__)


def _asks(step: Step) -> bool:
    return isinstance(step, SlotStep | ChoiceStep | ConfirmStep)


def flow_dicts(flow: Flow) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """States (one per step, plus ``ended``) and transitions of ``flow``.

    ``next`` follows the step list (``skip`` passes a step whose condition is false);
    rules and back ends may ``stop``; devices ``retry`` then fail; a payment can be
    retried or declined; ``back`` returns to the previous question; ``no`` at a read-back
    asks again.  Universal commands (cancel, staff, help …) work in every step and are
    not drawn.
    """
    steps = list(flow.steps)
    states: list[dict[str, Any]] = [
        {"name": f"s{i}_{s.id}", "label": s.id if _kind(s) == s.id else f"{s.id} · {_kind(s)}"}
        for i, s in enumerate(steps)
    ]
    states.append({"name": END, "final": True})
    name = [st["name"] for st in states[:-1]]
    trans: list[dict[str, Any]] = []

    def add(trigger: str, src: str, dest: str) -> None:
        trans.append({"trigger": trigger, "source": src, "dest": dest})

    for i, step in enumerate(steps):
        here = name[i]
        nxt = name[i + 1] if i + 1 < len(steps) else END
        if isinstance(step, FinishStep):
            add("completed", here, END)
        else:
            add("next", here, nxt)
        if i + 1 < len(steps) and steps[i + 1].when is not None:
            after = name[i + 2] if i + 2 < len(steps) else END
            add("skip", here, after)
        if isinstance(step, CheckStep | CallStep) and not isinstance(step, PrintStep):
            add("stop" if isinstance(step, CheckStep) else "stop / failed", here, END)
        if isinstance(step, DeviceStep):
            add("retry", here, here)
            add("failed", here, END)
        if isinstance(step, PayStep):
            add("retry", here, here)
            add("declined", here, END)
        if isinstance(step, SlotStep):
            add("no (read-back)", here, here)
        if isinstance(step, ConfirmStep):
            add("no", here, END)
        if _asks(step):
            before = [j for j in range(i) if _asks(steps[j])]
            if before:
                add("back", here, name[before[-1]])
    return states, trans


def flow_diagram(flow: Flow) -> str:
    states, trans = flow_dicts(flow)
    return mermaid(states, trans, initial=states[0]["name"], title=flow.name)


def overview_diagram() -> str:
    states, trans = overview()
    return mermaid(states, trans, initial="choosing", title="dialog")


# ---------------------------------------------------------------------- the document
def render() -> str:
    """The whole of ``docs/flows.md``."""
    from assistant.dialog.flows import FLOWS

    parts = [
        "# Dialog and flow diagrams\n",
        f"Generated by `{REGENERATE}` from `assistant/dialog/machine.py` and "
        "`assistant/dialog/flows.py` — do not edit by hand. "
        "`tests/dialog/test_diagrams.py` fails when this file is out of date.\n",
        "## The dialog\n",
        "Menu states and flow states are grouped; `ask_*` is `ask_<state>` "
        "(see `docs/dialog.md`).\n",
        "```mermaid\n" + overview_diagram() + "```\n",
    ]
    for flow in FLOWS.values():
        parts.append(f"## {flow.name}\n")
        parts.append(f"Terminal: `{flow.device or '-'}`. Universal commands (cancel, back, "
                     "help, staff, repeat) work in every step and are not drawn.\n")
        parts.append("```mermaid\n" + flow_diagram(flow) + "```\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.dialog.diagrams",
                                     description="Write (or --check) docs/flows.md.")
    parser.add_argument("--check", action="store_true", help="exit 1 if out of date")
    parser.add_argument("--out", type=Path, default=DOC)
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
