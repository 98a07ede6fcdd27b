"""The output of ``kiosk bench conversations``: totals (:class:`Summary`), the result of a
run (:class:`BenchResult`) as a table for people or as one JSON object.

A summary table, one line per goal kind, the failures (id, goal, what happened, each wrong
action, the first turn where it went wrong); ``show``: each failure's transcript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .data import GOAL_KINDS
from .judge import Verdict
from .run import Transcript


@dataclass
class Summary:
    """Totals over a set of verdicts."""

    n: int
    """Conversations."""
    success: int
    """Conversations that succeeded."""
    wrong_action_conversations: int
    """Conversations with a wrong action."""
    wrong_actions: int
    """Wrong operations in all."""
    wrong_flow_conversations: int
    """Conversations with a wrong flow entered."""
    not_understood: int
    """Turns not understood."""
    unfinished: int
    """Conversations whose last session had not ended."""
    unwanted_staff_calls: int
    """Non-urgent staff calls the goal did not want."""
    turns: int
    """Script lines."""
    crashes: int = 0
    """Conversations the kiosk crashed in (each also a failure)."""

    @classmethod
    def of(cls, verdicts: Sequence[Verdict]) -> Summary:
        """The totals of ``verdicts``."""
        return cls(len(verdicts), sum(v.success for v in verdicts),
                   sum(bool(v.wrong_actions) for v in verdicts),
                   sum(len(v.wrong_actions) for v in verdicts),
                   sum(bool(v.wrong_flows) for v in verdicts),
                   sum(v.not_understood for v in verdicts),
                   sum(not v.finished for v in verdicts),
                   sum(len(v.unwanted_staff) for v in verdicts),
                   sum(v.turns for v in verdicts), sum(v.crashed for v in verdicts))

    @property
    def success_rate(self) -> float:
        """Share of the conversations that succeeded (0 when there are none)."""
        return self.success / self.n if self.n else 0.0

    @property
    def not_understood_per_conversation(self) -> float:
        """Turns not understood per conversation."""
        return self.not_understood / self.n if self.n else 0.0

    def to_json(self) -> dict[str, Any]:
        """The totals as JSON (rates rounded)."""
        return {"n": self.n, "success": self.success,
                "success_rate": round(self.success_rate, 4),
                "wrong_action_conversations": self.wrong_action_conversations,
                "wrong_actions": self.wrong_actions,
                "wrong_flow_conversations": self.wrong_flow_conversations,
                "not_understood_turns": self.not_understood,
                "not_understood_per_conversation": round(
                    self.not_understood_per_conversation, 2),
                "unfinished": self.unfinished,
                "unwanted_staff_calls": self.unwanted_staff_calls, "turns": self.turns,
                "crashes": self.crashes}


@dataclass
class BenchResult:
    """The verdicts of one run of the bench."""

    data: str
    """The data file, as shown."""
    today: date
    """The simulated date."""
    nlu: bool
    """The intent model was loaded."""
    verdicts: list[Verdict]
    """One per conversation, in file order."""
    warnings: list[str] = field(default_factory=list)
    """:func:`~assistant.bench.conversations.data.warnings_of` the data file."""

    def summary(self) -> Summary:
        """The totals over every conversation."""
        return Summary.of(self.verdicts)

    def by_kind(self) -> dict[str, Summary]:
        """The totals per goal kind (the kinds present, in :data:`GOAL_KINDS` order)."""
        return {k: Summary.of([v for v in self.verdicts if v.conv.goal.kind == k])
                for k in GOAL_KINDS if any(v.conv.goal.kind == k for v in self.verdicts)}

    def failures(self) -> list[Verdict]:
        """The verdicts that are no success."""
        return [v for v in self.verdicts if not v.success]

    def to_json(self, *, show: bool = False) -> dict[str, Any]:
        """The result as one JSON object (``show``: each failure with its transcript)."""
        return {"data": self.data, "today": self.today.isoformat(), "nlu": self.nlu,
                **self.summary().to_json(), "warnings": self.warnings,
                "by_kind": {k: s.to_json() for k, s in self.by_kind().items()},
                "failures": [v.to_json(show=show) for v in self.failures()],
                "results": [{"id": v.conv.id, "kind": v.conv.goal.kind, "success": v.success,
                             "wrong_actions": len(v.wrong_actions),
                             "wrong_flows": len(v.wrong_flows),
                             "not_understood": v.not_understood, "finished": v.finished}
                            for v in self.verdicts]}

    def text(self, *, show: bool = False) -> str:
        """The result for people (``show``: each failure with its transcript)."""
        out = [*self._table(), "", "by goal kind:", *self._kinds(), ""]
        failures = self.failures()
        out.append(f"failures ({len(failures)}):" if failures else "failures: none")
        for v in failures:
            out.extend(_failure_lines(v, show=show))
        return "\n".join(out)

    def _table(self) -> list[str]:
        """The title and the summary table."""
        s = self.summary()
        model = "intent model" if self.nlu else "no intent model (keys and command words)"
        out = [f"kiosk bench conversations — {self.data} (today {self.today}, {model})", ""]
        header = ("conversations", "success", "wrong actions", "wrong flows entered",
                  "not understood/conv", "unfinished", "unwanted staff calls")
        row = (str(s.n), f"{s.success} ({100 * s.success_rate:.1f}%)",
               f"{s.wrong_action_conversations} ({s.wrong_actions} ops)",
               str(s.wrong_flow_conversations), f"{s.not_understood_per_conversation:.2f}",
               str(s.unfinished), str(s.unwanted_staff_calls))
        widths = [max(len(h), len(r)) for h, r in zip(header, row, strict=True)]
        out.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
        out.append("  ".join(r.ljust(w) for r, w in zip(row, widths, strict=True)).rstrip())
        if s.crashes:
            out.append(f"CRASHES: {s.crashes} conversation(s) stopped by an exception")
        return out

    def _kinds(self) -> list[str]:
        """One line per goal kind."""
        return [f"  {kind:<9} n {k.n:>3}  success {k.success:>3} "
                f"({100 * k.success_rate:5.1f}%)  wrong actions "
                f"{k.wrong_action_conversations}  wrong flows "
                f"{k.wrong_flow_conversations}  not understood/conv "
                f"{k.not_understood_per_conversation:.2f}  unfinished {k.unfinished}"
                for kind, k in self.by_kind().items()]


def _failure_lines(v: Verdict, *, show: bool) -> list[str]:
    """One failure: goal, what happened, each wrong action, where it went wrong."""
    out = [f"  {v.conv.id}  goal: {v.conv.goal.text()}", f"      happened: {v.what}"]
    out += [f"      WRONG ACTION turn {op.turn}: {why}" for op, why in v.wrong_actions]
    if v.first_wrong is not None:
        turn, why = v.first_wrong
        line = v.conv.line_of(turn)
        said = f" {line!r}" if line is not None else ""
        out.append(f"      went wrong at turn {turn}{said}: {why}")
    if show and v.transcript is not None:
        out.extend(transcript_lines(v.transcript))
    return out


def transcript_lines(transcript: Transcript) -> list[str]:
    """A transcript for people: what was said and heard, the state, the operations (no
    look-ups; ID numbers masked)."""
    out: list[str] = []
    for t in transcript.turns:
        if t.line is not None:
            mark = "  [not understood]" if t.not_understood else ""
            out.append(f"        {t.number:>2} > {t.line}{mark}")
        out.append(f"           机：{t.say}")
        where = f"[{t.state}" + (f" · {t.flow}" if t.flow else "")
        where += f" · 结束 {t.outcome}]" if t.done and t.outcome else "]"
        out.append(f"           {where}")
        out.extend(f"           · {op.text()}" for op in t.ops if op.kind != "query")
    return out
