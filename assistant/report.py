"""``kiosk report``: what staff need to improve the kiosk, from the local database.

Reads ``sessions``, ``staff_calls`` and ``unrecognised`` of :class:`~assistant.store.Store`
(no personal data: utterances are stored masked) and answers:

* per service (the session's flow; sessions without one are "未办理业务"): how many
  sessions, how they ended, completion and abandonment rates, average duration;
* where people gave up: the dialog state or flow step (``where``) abandoned sessions
  (cancelled or timed out) ended in, most frequent first, per service;
* calls to the duty office: total, urgent, by reason;
* what people said that the kiosk did not understand, identical texts grouped, with the
  dialog state they were said in: the phrasings to add to ``intents/``.

``kiosk report --json`` prints one object (:meth:`Report.to_dict`)::

    {"generated_at": 1764650000.0,        # epoch seconds
     "since": 1764045200.0 | null,        # start of the period (null: everything)
     "since_days": 7 | null,
     "sessions": 42,
     "total": SERVICE,                    # all services together (flow "*")
     "services": [SERVICE, ...],          # most sessions first
     "staff_calls": {"total": 5, "urgent": 1,
                     "by_reason": {"asked": 3, "offered": 1, "emergency": 1, "": 0}},
     "unrecognised_total": 17,            # utterances in the period
     "unrecognised": [{"text": "…", "count": 4, "states": {"menu": 3, "slot:plate": 1}}, ...]}

    SERVICE = {"flow": "id_card.renew", "title": "换领身份证", "sessions": 12,
               "completed": 9, "abandoned": 2, "staff": 1, "redirected": 0, "failed": 0,
               "other": 0,                 # still open, or ended otherwise (e.g. stopped)
               "completion_rate": 0.75, "abandonment_rate": 0.1667,
               "avg_duration_s": 200.5 | null,   # ended sessions only
               "gave_up": {"payment": 2}}        # where abandoned sessions ended, top N
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant import config
from assistant.reporting import (
    NO_FLOW,
    duration,
    load_titles,
    local_time,
    open_existing,
    percent,
    table,
)
from assistant.store import DB_NAME, Store, retention_days

ABANDONED = ("cancelled", "timed_out")
"""Outcomes that mean the user gave up (cancelled, or stopped answering)."""
ALL_FLOWS = "*"
"""``flow`` of the total row."""
UNKNOWN_WHERE = "未记录"
"""Shown for sessions that ended without a recorded ``where``."""
REASON_TITLES: dict[str, str] = {
    "asked": "群众要求",
    "offered": "机器转人工",
    "emergency": "紧急求助",
    "": "未注明",
}
"""Staff-call reasons (:data:`assistant.store.STAFF_REASONS`) as staff read them."""
DAY_S = 86400.0


@dataclass(frozen=True)
class ServiceStats:
    """How the sessions of one service (flow) went."""

    flow: str
    """Intent name of the transaction ("" for no transaction, ``*`` for all together)."""
    title: str
    """Chinese name ("换领身份证"; :data:`NO_FLOW`; "合计"); the flow when unknown."""
    sessions: int
    completed: int
    abandoned: int
    """Cancelled or timed out (:data:`ABANDONED`)."""
    staff: int
    """Handed to the duty office."""
    redirected: int
    """Sent to a window or another site."""
    failed: int
    other: int
    """Still open, or ended with another outcome (e.g. ``stopped`` when the kiosk shut down)."""
    avg_duration_s: float | None
    """Mean of ``ended_at - started_at`` over the sessions that ended (``None``: none did)."""
    gave_up: tuple[tuple[str, int], ...]
    """``(where, count)`` of abandoned sessions, most frequent first (top N)."""

    @property
    def completion_rate(self) -> float:
        return self.completed / self.sessions if self.sessions else 0.0

    @property
    def abandonment_rate(self) -> float:
        return self.abandoned / self.sessions if self.sessions else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "flow": self.flow,
            "title": self.title,
            "sessions": self.sessions,
            "completed": self.completed,
            "abandoned": self.abandoned,
            "staff": self.staff,
            "redirected": self.redirected,
            "failed": self.failed,
            "other": self.other,
            "completion_rate": round(self.completion_rate, 4),
            "abandonment_rate": round(self.abandonment_rate, 4),
            "avg_duration_s": (
                None if self.avg_duration_s is None else round(self.avg_duration_s, 1)
            ),
            "gave_up": dict(self.gave_up),
        }


@dataclass(frozen=True)
class StaffStats:
    """Calls to the duty office in the period."""

    total: int
    urgent: int
    by_reason: dict[str, int]
    """Every reason of :data:`REASON_TITLES` → count (0 included)."""


@dataclass(frozen=True)
class Utterance:
    """One text the kiosk did not understand (masked), with how often it was said."""

    text: str
    count: int
    states: tuple[tuple[str, int], ...]
    """``(dialog state, count)`` it was said in, most frequent first."""


@dataclass(frozen=True)
class Report:
    """Everything ``kiosk report`` shows; :meth:`to_dict` is the ``--json`` object."""

    generated_at: float
    since: float | None
    """Start of the period in epoch seconds (``None``: the whole database)."""
    since_days: float | None
    sessions: int
    total: ServiceStats
    services: tuple[ServiceStats, ...]
    """Most sessions first."""
    staff: StaffStats
    unrecognised_total: int
    unrecognised: tuple[Utterance, ...]
    """The top N texts, most frequent first."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "generated_at": self.generated_at,
            "since": self.since,
            "since_days": self.since_days,
            "sessions": self.sessions,
            "total": self.total.to_dict(),
            "services": [s.to_dict() for s in self.services],
            "staff_calls": {
                "total": self.staff.total,
                "urgent": self.staff.urgent,
                "by_reason": self.staff.by_reason,
            },
            "unrecognised_total": self.unrecognised_total,
            "unrecognised": [
                {"text": u.text, "count": u.count, "states": dict(u.states)}
                for u in self.unrecognised
            ],
        }


# ---------------------------------------------------------------------- building
def build_report(
    store: Store,
    *,
    since_days: float | None = None,
    top: int = 10,
    now: float | None = None,
    titles: Mapping[str, str] | None = None,
) -> Report:
    """Summarise ``store`` over the last ``since_days`` days (all when ``None``).

    ``now`` defaults to the store's clock; ``titles`` maps flow → Chinese name.
    """
    if top < 1:
        raise ValueError("top must be at least 1")
    now = store.clock() if now is None else now
    since = None if since_days is None else now - since_days * DAY_S
    names = dict(titles or {})
    sessions = store.sessions(since=since)
    by_flow: dict[str, list[dict[str, Any]]] = {}
    for row in sessions:
        by_flow.setdefault(row["flow"] or "", []).append(row)
    services = [
        _service(flow, names.get(flow, flow) if flow else NO_FLOW, rows, top)
        for flow, rows in by_flow.items()
    ]
    services.sort(key=lambda s: (-s.sessions, s.flow == "", s.flow))
    calls = store.staff_calls(since=since)
    reasons = Counter(str(c["reason"] or "") for c in calls)
    staff = StaffStats(
        total=len(calls),
        urgent=sum(1 for c in calls if c["urgent"]),
        by_reason={r: reasons.get(r, 0) for r in REASON_TITLES}
        | {r: n for r, n in reasons.items() if r not in REASON_TITLES},
    )
    heard = [u for u in store.unrecognised(since=since) if str(u["text"] or "").strip()]
    return Report(
        generated_at=now,
        since=since,
        since_days=since_days,
        sessions=len(sessions),
        total=_service(ALL_FLOWS, "合计", sessions, top),
        services=tuple(services),
        staff=staff,
        unrecognised_total=len(heard),
        unrecognised=_utterances(heard, top),
    )


def _service(flow: str, title: str, rows: Sequence[dict[str, Any]], top: int) -> ServiceStats:
    outcomes = Counter(str(r["outcome"] or "") if r["ended_at"] is not None else "" for r in rows)
    durations = [
        float(r["ended_at"]) - float(r["started_at"])
        for r in rows
        if r["ended_at"] is not None and r["started_at"] is not None
    ]
    gave_up = Counter(
        str(r["where"] or "") or UNKNOWN_WHERE for r in rows
        if r["ended_at"] is not None and r["outcome"] in ABANDONED
    )
    known = ("completed", *ABANDONED, "staff", "redirected", "failed")
    return ServiceStats(
        flow=flow,
        title=title,
        sessions=len(rows),
        completed=outcomes["completed"],
        abandoned=sum(outcomes[o] for o in ABANDONED),
        staff=outcomes["staff"],
        redirected=outcomes["redirected"],
        failed=outcomes["failed"],
        other=len(rows) - sum(outcomes[o] for o in known),
        avg_duration_s=sum(durations) / len(durations) if durations else None,
        gave_up=_most_common(gave_up, top),
    )


def _utterances(rows: Iterable[dict[str, Any]], top: int) -> tuple[Utterance, ...]:
    counts: Counter[str] = Counter()
    states: dict[str, Counter[str]] = {}
    first: dict[str, int] = {}
    for i, row in enumerate(rows):
        text = str(row["text"]).strip()
        counts[text] += 1
        first.setdefault(text, i)
        states.setdefault(text, Counter())[str(row["state"] or "") or UNKNOWN_WHERE] += 1
    ranked = sorted(counts, key=lambda t: (-counts[t], first[t]))[:top]
    return tuple(Utterance(t, counts[t], _most_common(states[t], None)) for t in ranked)


def _most_common(counter: Counter[str], top: int | None) -> tuple[tuple[str, int], ...]:
    """Most frequent first; ties in alphabetical order (stable output for staff and tests)."""
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(ranked if top is None else ranked[:top])


# ---------------------------------------------------------------------- rendering
def render(report: Report) -> str:
    """The report as staff read it: Chinese, aligned columns."""
    lines = [_heading(report)]
    if report.sessions == 0:
        lines.append(_no_sessions(report))
    else:
        lines += ["", "【各项业务】"]
        rows = [["业务", "次数", "办成", "放弃", "转人工", "转他处", "失败", "其他",
                 "办成率", "放弃率", "平均用时"]]
        for s in (*report.services, report.total):
            rows.append([_label(s), str(s.sessions), str(s.completed), str(s.abandoned),
                         str(s.staff), str(s.redirected), str(s.failed), str(s.other),
                         percent(s.completion_rate), percent(s.abandonment_rate),
                         duration(s.avg_duration_s)])
        lines += table(rows)
        lines += ["", "【在哪一步放弃】（取消或超时的会话最后停在哪里）"]
        gave_up = [s for s in report.services if s.gave_up]
        if not gave_up:
            lines.append("  没有放弃的会话。")
        for s in gave_up:
            where = "，".join(f"{w} {n}次" for w, n in s.gave_up)
            lines.append(f"  {_label(s)}：{where}")
    st = report.staff
    lines += ["", "【呼叫工作人员】"]
    if st.total == 0:
        lines.append("  没有呼叫。")
    else:
        reasons = "，".join(
            f"{REASON_TITLES.get(r, r)} {n}次" for r, n in st.by_reason.items() if n
        )
        lines.append(f"  共 {st.total} 次，其中紧急 {st.urgent} 次（{reasons}）")
    lines += ["", f"【没听懂的话】（共 {report.unrecognised_total} 句，"
                  f"最常见的 {len(report.unrecognised)} 种；合适的说法请加到 intents/ 的例句里）"]
    if not report.unrecognised:
        lines.append("  没有记录。")
    else:
        rows = [["次数", "说的话", "当时在"]]
        for u in report.unrecognised:
            where = "，".join(f"{s} {n}次" if len(u.states) > 1 else s for s, n in u.states)
            rows.append([str(u.count), u.text, where])
        lines += table(rows, left=(1, 2))
    return "\n".join(lines)


def _heading(report: Report) -> str:
    if report.since is None:
        period = "全部记录"
    else:
        days = f"{report.since_days:g}"
        period = f"最近 {days} 天（{local_time(report.since)} 起）"
    return f"自助警务超市使用情况报告：{period}，共 {report.sessions} 次会话（生成于 " \
           f"{local_time(report.generated_at)}）"


def _no_sessions(report: Report) -> str:
    if report.since is None:
        return ("还没有会话记录：数据库里还没有人使用过本机。"
                "有人办理业务后再运行 kiosk report。")
    return (f"最近 {report.since_days:g} 天没有会话记录。"
            "去掉 --since 或把天数改大，可以查看更早的记录。")


def _label(s: ServiceStats) -> str:
    if s.flow in ("", ALL_FLOWS) or s.title == s.flow:
        return s.title
    return f"{s.title}（{s.flow}）"


# ---------------------------------------------------------------------- command
def register(subparsers: Any) -> None:
    """Add ``kiosk report`` to the ``kiosk`` parser."""
    p = subparsers.add_parser(
        "report",
        help="usage report for staff: services, where people give up, staff calls, "
        "what was not understood",
        description="Summarise the kiosk database (no personal data) for staff: per "
        "service how sessions ended, where people gave up, calls to the duty office, and "
        "the most frequent utterances the kiosk did not understand.",
    )
    p.add_argument("--db", type=Path, default=None, metavar="PATH",
                   help=f"kiosk database (default: KIOSK_VAR or var/, file {DB_NAME})")
    p.add_argument("--since", type=_positive(float), default=None, metavar="DAYS",
                   help="only the last DAYS days (default: everything)")
    p.add_argument("--top", type=_positive(int), default=10, metavar="N",
                   help="list at most N places and utterances (default 10)")
    p.add_argument("--json", action="store_true", help="one JSON object (see assistant/report.py)")
    p.add_argument("--prompts", action="store_true",
                   help="instead: how long every prompt is to say (characters, seconds at "
                   "the default rate), longest first; step openings over 40 characters marked")
    p.add_argument("--fleet", action="store_true",
                   help="instead: today's report across kiosks and per site, computed by the "
                   "fleet PostgreSQL server (--dsn or KIOSK_FLEET_DSN; --since DAYS for longer)")
    p.add_argument("--dsn", default=None,
                   help="with --fleet: the fleet server (default: KIOSK_FLEET_DSN)")
    p.set_defaults(func=cmd_report)
    q = subparsers.add_parser(
        "purge",
        help="delete records older than the retention period (KIOSK_RETENTION_DAYS, 30)",
        description="Delete sessions, unrecognised utterances, staff calls and finished "
        "payment records older than the retention period; open payments are never deleted. "
        "The kiosk also does this at every start.",
    )
    q.add_argument("--db", type=Path, default=None, metavar="PATH",
                   help=f"kiosk database (default: KIOSK_VAR or var/, file {DB_NAME})")
    q.add_argument("--days", type=_positive(float), default=None, metavar="DAYS",
                   help="keep only the last DAYS days (default: KIOSK_RETENTION_DAYS or 30)")
    q.set_defaults(func=cmd_purge)


def _prompt_report(args: argparse.Namespace) -> int:
    """``kiosk report --prompts``: the spoken length of every prompt (no database)."""
    from dataclasses import asdict

    from assistant.dialog import load_texts
    from assistant.dialog.prompt_lengths import measure
    from assistant.dialog.prompt_lengths import render as render_lengths

    lengths = measure(load_texts())
    if args.json:
        print(json.dumps([asdict(p) | {"too_long": p.too_long} for p in lengths],
                         ensure_ascii=False))
    else:
        print(render_lengths(lengths, limit=args.top if args.top != 10 else None))
    return 0


def _fleet_report(args: argparse.Namespace) -> int:
    """``kiosk report --fleet``: across kiosks, from the fleet server (:mod:`assistant.fleet`)."""
    from assistant.fleet.cli import _dsn
    from assistant.fleet.report import fleet_report
    from assistant.fleet.report import render as render_fleet

    report = fleet_report(_dsn(args), since_days=args.since)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(render_fleet(report, since_days=args.since))
    return 0


def _positive(kind: type[int] | type[float]) -> Any:
    def parse(raw: str) -> int | float:
        try:
            value = kind(raw)
        except ValueError:
            value = 0
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{raw!r} is not a positive number")
        return value

    return parse


def cmd_purge(args: argparse.Namespace) -> int:
    """``kiosk purge``: delete records older than the retention period now."""
    path: Path = args.db if args.db is not None else config.var_dir() / DB_NAME
    store = open_existing(path)
    counts = store.purge(args.days)
    days = args.days if args.days is not None else retention_days()
    print(f"purged records older than {days:g} days from {path}: "
          + ", ".join(f"{table} {n}" for table, n in counts.items()))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    if getattr(args, "prompts", False):
        return _prompt_report(args)
    if getattr(args, "fleet", False):
        return _fleet_report(args)
    path: Path = args.db if args.db is not None else config.var_dir() / DB_NAME
    store = open_existing(path)
    report = build_report(store, since_days=args.since, top=args.top, now=time.time(),
                          titles=load_titles())
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(render(report))
    return 0
