"""Judging one conversation of ``kiosk bench conversations`` (:func:`judge`): its
transaction runs, wrong actions, wrong flows entered, success and where it went wrong.
The rules, for people: ``tests/data/conversations/BENCH.md``.

- **Transaction runs** (:func:`runs_of`): a run of a service flow starts at the first turn
  whose ``flow`` is that flow (or a new transaction id of it) and ends with the session's
  ``End`` outcome (``completed``, ``cancelled``, ``staff``, ``timed_out``, ``failed``,
  ``redirected``), or ``left`` when the citizen leaves it without ending the session (back
  to a menu, switched service), or ``unfinished`` when the lines run out.  A run's slot
  values are the dialog's values seen during the run, overridden by what its operations
  carried.  ``traffic.violation_query`` that went on to pay the fines (a ``pay_fines``
  submission) also serves a ``traffic.fine_payment`` goal, and is no wrong flow for it
  (:func:`serves`).
- **Wrong action** (:func:`why_unwanted`; the silent-wrong kind the owner counts worst): an
  ``order``, ``payment``, ``submit`` or ``print`` in a conversation whose goal is not a
  service, in a flow that does not serve the goal's flow, carrying a slot value different
  from one the goal gives, or — for a goal outcome ``cancelled`` — any ``payment``,
  ``submit`` or ``print`` (opening an order the citizen then cancels is allowed, and so is
  the cashier's pay slip printed for it); and an ``emergency`` call when the goal is not
  ``emergency``; and a second payment kept for one transaction (:func:`double_charges`).
  The side effects of a violation query that paid the fines are a fine
  payment's (:func:`service_done`): wrong actions for a ``traffic.violation_query`` goal.
  A ``print`` carries the values of its transaction's order/submission.
- **Wrong flow entered**: a run of a flow that does not serve the goal's flow (every run
  for a ``guide`` or ``nothing`` goal), even if it was left at once.  Not counted for
  ``staff`` and ``emergency`` goals.
- **Success** = the goal is met (:func:`goal_met`) **and** there is no wrong action (and
  the kiosk did not crash).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .data import Conversation, Goal
from .run import CALLS, SIDE_EFFECTS, Op, Transcript
from .slots import same_value, shown

SERVES: dict[str, tuple[str, str]] = {
    "traffic.fine_payment": ("traffic.violation_query", "pay_fines"),
}
"""goal flow → (another flow, the submission that makes it serve the goal): a violation
query that went on to pay the fines served a fine payment."""
AS_CANCELLED = ("left", "timed_out")
"""Run outcomes that meet a ``cancelled`` goal too (nothing done: the citizen left the
flow, or walked away and the kiosk timed out)."""
FLOW_FREE_GOALS = ("guide", "nothing")
"""Goals for which every transaction run is a wrong flow (for ``staff`` and ``emergency``
the service the citizen was doing when they needed a person is not known: not counted)."""
NOT_WHEN_CANCELLED = ("payment", "submit", "print")
"""What a ``cancelled`` goal never wants (an order opened and then cancelled is fine)."""

Where = tuple[int, str]
"""A turn and what went wrong in it: where a conversation first went wrong, or where a
service goal was missed (the turn the closest run ended, what was not as wanted)."""


@dataclass
class Run:
    """One transaction run (see the module docstring)."""

    flow: str
    """The service flow (intent name)."""
    start: int
    """Turn it started in."""
    txn: str | None = None
    """Its transaction id (the first one seen)."""
    end: int | None = None
    """Turn it ended in (``None``: unfinished)."""
    outcome: str = "unfinished"
    """An ``End`` outcome, ``left`` or ``unfinished``."""
    values: dict[str, Any] = field(default_factory=dict)
    """Its slot values (the dialog's, overridden by its operations')."""
    ops: list[Op] = field(default_factory=list)
    """Its operations (no staff calls)."""

    def text(self) -> str:
        """``flow outcome (values)`` for people (a zero amount left out)."""
        values = " ".join(f"{k}={shown(k, v)}" for k, v in sorted(self.values.items())
                          if k != "amount" or v)
        return f"{self.flow} {self.outcome}" + (f" ({values})" if values else "")

    def last_turn(self, transcript: Transcript) -> int:
        """The turn it ended in, or the last turn of the transcript."""
        return self.end if self.end is not None else transcript.turns[-1].number


def runs_of(transcript: Transcript) -> list[Run]:
    """The transaction runs of a transcript, with their values and operations."""
    from assistant.nlu.catalogue import SERVICE_INTENTS

    runs: list[Run] = []
    current: Run | None = None

    def close(outcome: str, turn: int) -> None:
        nonlocal current
        if current is not None:
            current.outcome, current.end, current = outcome, turn, None

    def start(flow: str, turn: int) -> Run:
        close("left", turn)
        run = Run(flow, turn)
        runs.append(run)
        return run

    for t in transcript.turns:
        for outcome, flow in t.ends:
            if flow in SERVICE_INTENTS:
                if current is None or current.flow != flow:
                    current = start(flow, t.number)
                current.values.update(t.values)  # what the ending turn carried (the
                close(outcome, t.number)  # photo's purpose, taken and done in one turn)
            else:
                close("left", t.number)
        if t.done or t.state == "idle":
            continue
        if t.flow in SERVICE_INTENTS:
            if current is None or current.flow != t.flow or (
                    t.txn and current.txn and t.txn != current.txn):
                current = start(t.flow, t.number)
            current.txn = current.txn or t.txn
            if t.txn == current.txn:
                current.values.update(t.values)
        else:
            close("left", t.number)
    ops = transcript.ops
    for run in runs:
        last = run.last_turn(transcript)
        run.ops = [o for o in ops if o.kind not in CALLS and (
            (run.txn and o.txn == run.txn) or (
                not (run.txn and o.txn) and o.flow == run.flow and run.start <= o.turn <= last))]
        for op in run.ops:
            run.values.update(op.values)
    return runs


def carry_transaction_values(ops: Sequence[Op]) -> None:
    """Give each ``print`` and ``payment`` the values of its transaction's orders and
    submissions (a receipt carries what it is a receipt of); changes the operations."""
    by_txn: dict[str, dict[str, Any]] = {}
    for op in ops:
        if op.kind in ("order", "submit") and op.txn:
            by_txn.setdefault(op.txn, {}).update(op.values)
    for op in ops:
        if op.kind in ("print", "payment") and op.txn in by_txn:
            op.values = {**by_txn[op.txn], **op.values}


def serves(run_flow: str | None, ops: Sequence[Op], goal_flow: str) -> bool:
    """Whether a run of ``run_flow`` with ``ops`` serves a goal of ``goal_flow``."""
    return goal_flow in (run_flow, service_done(run_flow, ops))


def service_done(run_flow: str | None, ops: Sequence[Op]) -> str | None:
    """The service the side effects of a run of ``run_flow`` with ``ops`` did: a violation
    query that paid the fines did a fine payment (:data:`SERVES`); else the run's flow."""
    for goal_flow, (other, submission) in SERVES.items():
        if run_flow == other and any(o.kind == "submit" and o.name == submission for o in ops):
            return goal_flow
    return run_flow


@dataclass
class Verdict:
    """The judgement of one conversation."""

    conv: Conversation
    """The conversation judged."""
    success: bool
    """Goal met, no wrong action, no crash."""
    goal_met: bool
    """The goal was met (wrong actions aside)."""
    what: str
    """What happened, in one line."""
    wrong_actions: list[tuple[Op, str]] = field(default_factory=list)
    """Each side-effecting operation the goal did not want, with why."""
    wrong_flows: list[Run] = field(default_factory=list)
    """The runs of flows that do not serve the goal."""
    unwanted_staff: list[Op] = field(default_factory=list)
    """Non-urgent staff calls when the goal is neither ``staff`` nor ``emergency``."""
    not_understood: int = 0
    """Turns the dialog did not understand."""
    turns: int = 0
    """Script lines."""
    finished: bool = True
    """The last session had ended after the last line."""
    first_wrong: Where | None = None
    """(turn, why) where it first went wrong (failures)."""
    transcript: Transcript | None = None
    """What the kiosk did."""

    def to_json(self, *, show: bool = False) -> dict[str, Any]:
        """The verdict as JSON (``show``: with the transcript)."""
        out: dict[str, Any] = {
            "id": self.conv.id, "goal": self.conv.goal.to_json(), "success": self.success,
            "goal_met": self.goal_met, "what": self.what,
            "wrong_actions": [{"turn": o.turn, "op": o.text(), "why": why}
                              for o, why in self.wrong_actions],
            "wrong_flows": [{"turn": r.start, "flow": r.flow, "outcome": r.outcome}
                            for r in self.wrong_flows],
            "unwanted_staff_calls": [o.turn for o in self.unwanted_staff],
            "not_understood": self.not_understood, "turns": self.turns,
            "finished": self.finished, "crashed": self.crashed,
        }
        if self.first_wrong is not None:
            turn, why = self.first_wrong
            out["first_wrong"] = {"turn": turn, "line": self.conv.line_of(turn), "why": why}
        if show and self.transcript is not None:
            out["transcript"] = [t.to_json() for t in self.transcript.turns]
        return out

    @property
    def crashed(self) -> bool:
        """The kiosk raised an exception in this conversation."""
        return self.transcript is not None and bool(self.transcript.crash)


def why_unwanted(op: Op, goal: Goal, run_ops: dict[int, list[Op]], paid_or_submitted: set[str]
                 ) -> str | None:
    """Why the side-effecting ``op`` was not wanted by ``goal`` (``None``: wanted);
    ``run_ops``: ``id(op)`` → the operations of its run; ``paid_or_submitted``: the
    transactions that took money or submitted something."""
    if op.kind == "emergency":
        return None if goal.kind == "emergency" else f"emergency call, goal is {goal.kind}"
    if goal.kind != "service":
        return f"{op.kind} in {op.flow}, goal is {goal.kind}"
    ops = run_ops.get(id(op), [op])
    if not serves(op.flow, ops, goal.flow):
        return f"{op.kind} in {op.flow}, goal is {goal.flow}"
    done = service_done(op.flow, ops)
    if done != goal.flow:  # a violation query goal, and the kiosk went on to pay the fines
        return f"{op.kind} in {op.flow} (that is {done}), goal is {goal.flow}"
    for key, want in goal.slots.items():
        if key in op.values and not same_value(key, want, op.values[key]):
            return f"{op.kind} with {key} {shown(key, op.values[key])}, goal {shown(key, want)}"
    if goal.outcome == "cancelled" and op.kind in NOT_WHEN_CANCELLED and (
            op.kind != "print" or op.txn in paid_or_submitted):  # a cashier's pay slip is fine
        return f"{op.kind} in {op.flow}, goal is to cancel"
    return None


def double_charges(ops: Sequence[Op], kept: Sequence[str]) -> list[tuple[int, str]]:
    """``(id(op), why)`` for each payment kept beyond the first of one transaction (money
    taken twice for one thing); ``kept``: the orders still paid at the end."""
    first: dict[str, str] = {}
    out: list[tuple[int, str]] = []
    for op in ops:
        if op.kind != "payment" or not op.txn or op.name not in kept:
            continue
        if op.txn in first:
            out.append((id(op), f"payment {op.name} kept after {first[op.txn]} "
                                "for the same transaction (charged twice)"))
        else:
            first[op.txn] = op.name
    return out


def judge(conv: Conversation, transcript: Transcript) -> Verdict:
    """Success, wrong actions, wrong flows and the counts of one conversation."""
    goal = conv.goal
    runs = runs_of(transcript)
    turns = transcript.turns
    ops = transcript.ops
    carry_transaction_values(ops)
    run_ops: dict[int, list[Op]] = {id(o): r.ops for r in runs for o in r.ops}
    paid_or_submitted = {o.txn for o in ops if o.kind in ("payment", "submit") and o.txn}
    wrong: list[tuple[Op, str]] = []
    twice = dict(double_charges(ops, transcript.paid_at_end))
    for op in ops:
        if op.kind in SIDE_EFFECTS:
            why = why_unwanted(op, goal, run_ops, paid_or_submitted) or twice.get(id(op))
            if why is not None:
                wrong.append((op, why))
    if goal.kind == "service":
        wrong_flows = [r for r in runs if not serves(r.flow, r.ops, goal.flow)]
    elif goal.kind in FLOW_FREE_GOALS:
        wrong_flows = list(runs)
    else:  # staff, emergency: the service the citizen was doing is not known
        wrong_flows = []
    calls = [o for o in ops if o.kind in CALLS]
    unwanted_staff = [o for o in calls if o.kind == "staff"
                      and goal.kind not in ("staff", "emergency")]
    met, miss = goal_met(goal, runs, transcript, calls)
    met = met and not transcript.crash
    verdict = Verdict(conv, met and not wrong, met, "", wrong, wrong_flows, unwanted_staff,
                      sum(t.not_understood for t in turns), len(conv.lines),
                      transcript.finished, transcript=transcript)
    verdict.what = what_happened(runs, calls, transcript, miss)
    if not verdict.success:
        verdict.first_wrong = first_wrong(verdict, miss)
    return verdict


def _outcomes(transcript: Transcript) -> list[str]:
    """How the sessions ended, in order."""
    return [outcome for t in transcript.turns for outcome, _ in t.ends]


def goal_met(goal: Goal, runs: list[Run], transcript: Transcript, calls: list[Op]
             ) -> tuple[bool, Where | None]:
    """Whether the goal is met, and (for service goals) the run that came closest: its end
    turn and what was not as wanted."""
    turns, kept = transcript.turns, transcript.paid_at_end
    if goal.kind == "guide":
        return any(s in t.say for t in turns if t.number > 0 for s in goal.says_any), None
    if goal.kind == "staff":
        return bool(calls) or "staff" in _outcomes(transcript), None
    if goal.kind == "emergency":
        return any(o.kind == "emergency" for o in calls), None
    if goal.kind == "nothing":
        return not runs and not kept and not calls, None
    closest: Where | None = None
    for run in runs:
        if not serves(run.flow, run.ops, goal.flow):
            continue
        end = run.last_turn(transcript)
        outcome = "cancelled" if run.outcome in AS_CANCELLED else run.outcome
        if outcome != goal.outcome:
            how = ("still running after the last line" if run.outcome == "unfinished"
                   else f"ended {run.outcome}")
            closest = closest or (end, f"{run.flow} {how}, goal {goal.outcome}")
            continue
        bad = [f"{k} {shown(k, run.values[k]) if k in run.values else 'never given'} "
               f"(goal {shown(k, v)})" for k, v in goal.slots.items()
               if k not in run.values or not same_value(k, v, run.values[k])]
        if bad:
            closest = (end, f"{run.flow} {run.outcome} with " + ", ".join(bad))
            continue
        if goal.outcome == "cancelled" and kept:
            closest = (end, f"cancelled but order {', '.join(kept)} kept the money")
            continue
        return True, None
    return False, closest


def what_happened(runs: list[Run], calls: list[Op], transcript: Transcript,
                  miss: Where | None) -> str:
    """What happened, in one line: the runs, the staff calls, the money kept, why the
    goal was missed, how the sessions ended, a crash, where it was left unfinished."""
    parts = [r.text() for r in runs] or ["no transaction"]
    parts += [f"{o.kind} call (turn {o.turn})" for o in calls]
    kept = transcript.paid_at_end
    if kept:
        parts.append(f"paid {len(kept)} order(s)")
    if miss is not None:
        parts.append(miss[1])
    outcomes = _outcomes(transcript)
    parts.append(f"sessions ended: {', '.join(outcomes) if outcomes else 'none'}")
    if transcript.crash:
        where = (f"after turn {len(transcript.turns) - 1}" if transcript.turns
                 else "in the greeting")
        parts.append(f"CRASHED {where}: {transcript.crash}")
    if not transcript.finished and transcript.turns:
        parts.append(f"unfinished in {transcript.turns[-1].state}")
    return "; ".join(parts)


def first_wrong(v: Verdict, miss: Where | None) -> Where:
    """Where a failed conversation first went wrong: the earliest wrong action, wrong flow
    or unwanted staff call; else a crash; else the first turn not understood; else where the
    wanted run ended otherwise (``miss``); else the last line."""
    found: list[Where] = [(o.turn, f"wrong action: {why}") for o, why in v.wrong_actions]
    found += [(r.start, f"wrong flow {r.flow} entered") for r in v.wrong_flows]
    found += [(o.turn, "a person was called, not wanted") for o in v.unwanted_staff]
    if found:
        return min(found)
    transcript = v.transcript
    assert transcript is not None
    if transcript.crash:
        return len(transcript.turns), f"the kiosk crashed: {transcript.crash}"
    misheard = [t.number for t in transcript.turns if t.not_understood]
    if misheard:
        return misheard[0], "not understood"
    if miss is not None:
        return miss
    return transcript.turns[-1].number, "the goal was never reached"
