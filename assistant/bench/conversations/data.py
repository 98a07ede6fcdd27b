"""The conversation file of ``kiosk bench conversations``: its format (:class:`Goal`,
:class:`Conversation`) and its checker (:func:`check_file`, :func:`load`,
:func:`warnings_of`).

One JSON object per line (format and rules: ``tests/data/conversations/BENCH.md``)::

    {"id": "c001", "who": "…", "lines": ["嗯……那个，我想交个罚款", "浙L2D536", "<pay:ok>"],
     "goal": {...}, "note": "…"}

Every problem is reported at once as ``path:line:col: message — fix``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import DataFileError, Problem

from .slots import choice_values, known_slots, same_value, values_text

if TYPE_CHECKING:
    from assistant.dialog.texts import FlowTexts

TODAY = date(2025, 6, 1)
"""Fixed date of every run (the demo cards, plates and violations are dated from it; the
same as the golden conversations)."""
GOAL_KINDS = ("service", "guide", "staff", "emergency", "nothing")
OUTCOMES = ("completed", "cancelled")
"""Goal outcomes of a service goal."""
FIELDS = {"id", "who", "lines", "goal", "note"}
"""The fields of a line."""
REQUIRED = ("id", "lines", "goal")
"""The fields every line must have."""
GOAL_FIELDS: dict[str, set[str]] = {
    "service": {"kind", "flow", "outcome", "slots"},
    "guide": {"kind", "says_any"},
    "staff": {"kind"},
    "emergency": {"kind"},
    "nothing": {"kind"},
}
"""Goal kind → the fields its goal object may have."""

Report = Callable[[str, str], None]
"""Where the checker of one line reports a problem: ``report(message, fix)``."""


@dataclass(frozen=True)
class Goal:
    """What the citizen wanted (one per conversation)."""

    kind: str
    """``service``, ``guide``, ``staff``, ``emergency`` or ``nothing``."""
    flow: str = ""
    """Service goals: the intent name of the transaction."""
    outcome: str = ""
    """Service goals: ``completed`` or ``cancelled``."""
    slots: dict[str, Any] = field(default_factory=dict)
    """Service goals: canonical slot values the transaction must have (``plate_number``)."""
    says_any: tuple[str, ...] = ()
    """Guide goals: a kiosk reply must contain one of these."""

    def text(self) -> str:
        """One line for people: ``service traffic.fine_payment completed plate_number=…``."""
        if self.kind == "service":
            slots = values_text(self.slots)
            return " ".join(p for p in ("service", self.flow, self.outcome, slots) if p)
        if self.kind == "guide":
            return "guide says any of " + " / ".join(self.says_any)
        return self.kind

    def to_json(self) -> dict[str, Any]:
        """The goal as it is written in the file (slots only when given)."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind == "service":
            out.update(flow=self.flow, outcome=self.outcome)
            if self.slots:
                out["slots"] = dict(self.slots)
        if self.kind == "guide":
            out["says_any"] = list(self.says_any)
        return out


@dataclass(frozen=True)
class Conversation:
    """One line of the data file."""

    id: str
    """Unique in the file."""
    lines: tuple[str, ...]
    """``kiosk chat --script`` lines, one per user turn."""
    goal: Goal
    """What the citizen wanted."""
    who: str = ""
    """Who speaks (for people reading the failures)."""
    note: str = ""
    """What makes it hard."""
    line: int = 0
    """Line of the data file."""

    def line_of(self, turn: int) -> str | None:
        """The script line said in ``turn`` (``None`` for the greeting, turn 0)."""
        return self.lines[turn - 1] if 1 <= turn <= len(self.lines) else None


def script_problem(text: str) -> tuple[str, str] | None:
    """``(message, fix)`` when ``text`` is no valid script line for the simulated kiosk:
    an unknown ``<event>`` (the chat's own line parser, :func:`assistant.session.script.parse`),
    or a demo card or e-permit the simulators do not have (the kiosk would read it as an
    unreadable card or no permit)."""
    from assistant.adapters.permit import demo_permits
    from assistant.adapters.simdb import SimDatabase
    from assistant.session import script

    item = script.parse(text)
    if isinstance(item, script.UnknownLine):
        return f"unknown script event {item.line!r}", script.USAGE
    db = SimDatabase(TODAY)
    if isinstance(item, script.CardLine) and item.name not in db.people:
        names = " ".join(f"<card:{n}>" for n in db.people)
        return (f"no demo ID card {item.name!r} (the kiosk would find the card unreadable)",
                f"use one of {names}")
    if isinstance(item, script.PermitLine):
        permits = [*demo_permits(db), "none", "timeout"]
        if item.name not in permits:
            return (f"no demo e-permit {item.name!r}",
                    "use one of " + " ".join(f"<permit:{n}>" for n in permits))
    return None


def _goal(raw: Any, report: Report) -> Goal | None:
    """The goal of one line (``None`` when it has a problem, each one reported)."""
    if not isinstance(raw, dict):
        report("'goal' must be an object", 'write e.g. {"kind": "staff"}')
        return None
    kind = raw.get("kind")
    if kind not in GOAL_KINDS:
        report(f"goal kind {kind!r} is not known", f"use one of {', '.join(GOAL_KINDS)}")
        return None
    ok = True
    for extra in sorted(set(raw) - GOAL_FIELDS[kind]):
        report(f"goal field {extra!r} is not used by a {kind} goal",
               f"a {kind} goal has only {', '.join(sorted(GOAL_FIELDS[kind]))}")
        ok = False
    if kind == "guide":
        says = raw.get("says_any")
        if not isinstance(says, list) or not says or not all(
                isinstance(s, str) and s.strip() for s in says):
            report("a guide goal needs 'says_any': a non-empty list of non-empty strings",
                   'write e.g. "says_any": ["四十元", "40元"]')
            return None
        return Goal(kind, says_any=tuple(says)) if ok else None
    if kind != "service":
        return Goal(kind) if ok else None
    return _service_goal(raw, report) if ok else None


def _service_goal(raw: dict[str, Any], report: Report) -> Goal | None:
    """A ``service`` goal: a service flow, a goal outcome, the slots that flow has."""
    from assistant.nlu.catalogue import SERVICE_INTENTS

    ok = True
    flow, outcome, slots = raw.get("flow"), raw.get("outcome"), raw.get("slots", {})
    if flow not in SERVICE_INTENTS:
        close = difflib.get_close_matches(str(flow), SERVICE_INTENTS, n=1)
        report(f"flow {flow!r} is not a service of the intent catalogue",
               f"did you mean {close[0]!r}?" if close else
               f"use one of {', '.join(SERVICE_INTENTS)}")
        ok = False
    if outcome not in OUTCOMES:
        report(f"outcome {outcome!r} is not a goal outcome", f"use one of {', '.join(OUTCOMES)}")
        ok = False
    if not isinstance(slots, dict):
        report("'slots' must be an object", 'write e.g. "slots": {"plate_number": "浙L12345"}')
        return None
    if isinstance(flow, str) and flow in SERVICE_INTENTS:
        known = known_slots(flow)
        for key in slots:
            if key not in known:
                report(f"slot {key!r} is not known for {flow}",
                       f"use one of {', '.join(sorted(known))}")
                ok = False
    for key, value in slots.items():
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            report(f"slot {key!r} must be a string or a number, not {value!r}",
                   "write the canonical value, e.g. \"浙L12345\", \"damaged\", 40")
            ok = False
    return Goal("service", str(flow), str(outcome), dict(slots)) if ok else None


def _check_line(obj: dict[str, Any], number: int, report: Report, seen: dict[str, int]
                ) -> Conversation | None:
    """The conversation of one JSON object (``None`` when it has a problem, each one
    reported); ``seen``: the ids of the lines before (id → line), updated."""
    ok = True

    def bad(message: str, fix: str) -> None:
        nonlocal ok
        ok = False
        report(message, fix)

    for name in REQUIRED:
        if name not in obj:
            bad(f"missing field {name!r}", f"every conversation has {', '.join(REQUIRED)}")
    for name in sorted(set(obj) - FIELDS):
        close = difflib.get_close_matches(name, sorted(FIELDS), n=1)
        bad(f"unknown field {name!r}",
            f"did you mean {close[0]!r}?" if close else
            f"the fields are {', '.join(sorted(FIELDS))}")
    for name in ("who", "note"):
        if name in obj and not isinstance(obj[name], str):
            bad(f"{name!r} must be a string", f"write {name!r} as text")
    ident = obj.get("id")
    if "id" in obj and (not isinstance(ident, str) or not ident.strip()):
        bad("'id' must be a non-empty string", 'write e.g. "id": "c001"')
    elif isinstance(ident, str):
        if ident in seen:
            bad(f"id {ident!r} is used already on line {seen[ident]}",
                "give every conversation its own id")
        seen.setdefault(ident, number)
    lines = obj.get("lines")
    if "lines" in obj:
        if not isinstance(lines, list) or not lines or not all(
                isinstance(x, str) for x in lines):
            bad("'lines' must be a non-empty list of strings",
                'write e.g. "lines": ["我要交罚款", "<pay:ok>"]')
        else:
            for index, item in enumerate(lines, start=1):
                problem = (("a line holds a line break", "write one turn per list item")
                           if "\n" in item or "\r" in item else script_problem(item))
                if problem is not None:
                    bad(f"lines[{index}]: {problem[0]}", problem[1])
    goal = _goal(obj["goal"], bad) if "goal" in obj else None
    if not ok or goal is None or not isinstance(lines, list):
        return None
    return Conversation(str(ident), tuple(str(x) for x in lines), goal,
                        str(obj.get("who", "")), str(obj.get("note", "")), number)


def check_file(path: Path, shown: str | None = None) -> tuple[list[Conversation], list[Problem]]:
    """Read and check a conversation file without running the kiosk: every line JSON,
    required fields, goal kinds and fields, ``flow`` a service of the catalogue, slot keys
    known for it, ids unique, and each script line valid (:func:`script_problem`).
    Returns the good conversations and every problem found (``shown``: the path as
    problems name it)."""
    from assistant.datafile import read_text

    shown = shown or str(path)
    problems: list[Problem] = []
    text = read_text(path, shown, problems)
    if text is None:
        return [], problems
    out: list[Conversation] = []
    seen: dict[str, int] = {}
    # split at line feeds only: a JSON string may hold U+2028 and the like, which
    # str.splitlines() would take for line ends
    for number, raw_line in enumerate(text.split("\n"), start=1):
        if not raw_line.strip():
            continue

        def report(message: str, fix: str, col: int = 1, n: int = number) -> None:
            problems.append(Problem(shown, n, col, message, fix))

        try:
            obj = json.loads(raw_line)
        except json.JSONDecodeError as exc:
            report(f"not JSON: {exc.msg}", "write one JSON object per line (no trailing "
                   "comma, double quotes)", exc.colno)
            continue
        if not isinstance(obj, dict):
            report("a line must be one JSON object",
                   'write {"id": …, "lines": […], "goal": {…}}')
            continue
        conversation = _check_line(obj, number, report, seen)
        if conversation is not None:
            out.append(conversation)
    if not out and not problems:
        problems.append(Problem(shown, 0, 0, "no conversations in the file",
                                "write one JSON object per line"))
    return out, problems


def load(path: Path, shown: str | None = None) -> list[Conversation]:
    """The conversations of ``path``; :class:`DataFileError` with every problem at once."""
    conversations, problems = check_file(path, shown)
    if problems:
        raise DataFileError(problems)
    return conversations


def warnings_of(conversations: Sequence[Conversation], shown: str,
                texts: FlowTexts | None = None) -> list[Problem]:
    """What makes a conversation's goal impossible to meet without the file being
    malformed: a goal's ``plate_number`` the simulated vehicle register does not have (the
    kiosk then says it found no such car, as it must), and a goal's slot value the kiosk
    never gives that slot (``"delivery": "邮寄"``: the kiosk's value is ``post``; every
    right order would count as a wrong action) — ``texts``: the flow texts the options
    come from (default: the shipped ones).  Printed before a run; the run goes on."""
    from assistant.adapters.simdb import SimDatabase

    plates = sorted(str(r["plate"]) for r in SimDatabase(TODAY).db.table("vehicles").rows)
    out: list[Problem] = []
    for conv in conversations:
        plate = conv.goal.slots.get("plate_number")
        if plate is not None and not any(same_value("plate_number", plate, p) for p in plates):
            out.append(Problem(shown, conv.line, 1,
                               f"warning: plate {plate} is not in the simulated vehicle "
                               "register, so this goal cannot be met",
                               f"use one of {' '.join(plates)} (in the goal and the lines)"))
        if conv.goal.kind != "service" or not conv.goal.slots:
            continue
        if texts is None:
            from assistant.dialog import load_texts

            texts = load_texts()
        choices = choice_values(conv.goal.flow, texts)
        for key, value in conv.goal.slots.items():
            allowed = choices.get(key)
            if allowed and str(value) not in allowed:
                out.append(Problem(shown, conv.line, 1,
                                   f"warning: {key} {value!r} is not a value the kiosk gives "
                                   f"in {conv.goal.flow}, so this goal cannot be met",
                                   f"write one of {', '.join(sorted(allowed))}"))
    return out
