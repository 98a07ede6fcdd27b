"""``kiosk report --fleet --dsn DSN``: today's report across kiosks and per site.

Everything is counted by the server (:func:`assistant.fleet.server.query_report`, SQL
grouping sets); this module only names the sites and services and lays the numbers out.
``--json`` prints :meth:`FleetReport.to_dict`::

    {"since": 1764950400.0, "generated_at": …, "sessions": 42, "kiosks": 3,
     "total": ROW, "sites": [ROW, …], "services": [ROW, …], "cells": [ROW, …],
     "gave_up": [{"site_id": "dinghai" | "*", "flow": …, "where": "payment", "count": 2}, …],
     "machines": [{"kiosk_id", "site_id", "release", "last_sync", "sessions"}, …]}

    ROW = {"site_id", "site", "flow", "title", "sessions", "completed", "abandoned",
           "staff", "redirected", "failed", "staff_calls", "urgent_calls",
           "completion_rate", "abandonment_rate", "avg_duration_s", "kiosks"}
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from assistant import config
from assistant.fleet.server import FleetData, FleetRow, connect, ensure_schema, query_report
from assistant.reporting import NO_FLOW, duration, load_titles, local_time, percent, table

ALL = "*"


@dataclass(frozen=True)
class FleetReport:
    """The server's numbers with the names staff read."""

    data: FleetData
    titles: dict[str, str]
    """Flow → Chinese title."""
    sites: dict[str, str]
    """Site id → short name (the district)."""

    def site_name(self, site_id: str) -> str:
        if site_id == ALL:
            return "全部网点"
        return self.sites.get(site_id, site_id or "未注明网点")

    def title(self, flow: str) -> str:
        if flow == ALL:
            return "合计"
        return self.titles.get(flow, flow) if flow else NO_FLOW

    @property
    def total(self) -> FleetRow | None:
        return next((r for r in self.data.rows if r.site_id == ALL and r.flow == ALL), None)

    def _row(self, r: FleetRow) -> dict[str, Any]:
        d = asdict(r)
        d["site"] = self.site_name(r.site_id)
        d["title"] = self.title(r.flow)
        d["completion_rate"] = round(r.completed / r.sessions, 4) if r.sessions else 0.0
        d["abandonment_rate"] = round(r.abandoned / r.sessions, 4) if r.sessions else 0.0
        d["avg_duration_s"] = None if r.avg_duration_s is None else round(r.avg_duration_s, 1)
        return d

    def to_dict(self) -> dict[str, Any]:
        rows = self.data.rows
        total = self.total
        return {
            "since": self.data.since,
            "generated_at": self.data.generated_at,
            "sessions": total.sessions if total else 0,
            "kiosks": total.kiosks if total else 0,
            "total": self._row(total) if total else None,
            "sites": [self._row(r) for r in rows if r.site_id != ALL and r.flow == ALL],
            "services": [self._row(r) for r in rows if r.site_id == ALL and r.flow != ALL],
            "cells": [self._row(r) for r in rows if r.site_id != ALL and r.flow != ALL],
            "gave_up": [asdict(g) for g in self.data.gave_up],
            "machines": [asdict(k) for k in self.data.kiosks],
        }


def site_names(guides: Path | None = None) -> dict[str, str]:
    """Site id → district ("定海") from ``site.yaml``; ``{}`` when unreadable."""
    try:
        data = yaml.safe_load(((guides or config.guides_dir()) / "site.yaml")
                              .read_text(encoding="utf-8"))
        sites = data.get("sites") or []
        return {str(s["id"]): str(s.get("district") or s.get("name") or s["id"])
                for s in sites if isinstance(s, dict) and "id" in s}
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError, TypeError):
        return {}


def today_start(now: float | None = None) -> float:
    """Local midnight of today (epoch seconds)."""
    moment = datetime.fromtimestamp(time.time() if now is None else now)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def fleet_report(dsn: str, *, since_days: float | None = None) -> FleetReport:
    """Today's report (or the last ``since_days`` days) from the server at ``dsn``."""
    since = today_start() if since_days is None else time.time() - since_days * 86400.0
    conn = connect(dsn)
    try:
        ensure_schema(conn)
        data = query_report(conn, since)
    finally:
        conn.close()
    return FleetReport(data, load_titles(), site_names())


def render(report: FleetReport, *, since_days: float | None = None) -> str:
    """The fleet report as staff read it (Chinese, aligned columns)."""
    d = report.data
    total = report.total
    period = (f"今天（{local_time(d.since)} 起）" if since_days is None
              else f"最近 {since_days:g} 天（{local_time(d.since)} 起）")
    lines = [f"全网使用情况报告：{period}，共 {total.sessions if total else 0} 次会话，"
             f"来自 {total.kiosks if total else 0} 台机器（生成于 {local_time(d.generated_at)}）"]
    if total is None:
        lines.append("这段时间还没有机器报上来会话。机器联网后会自动同步（kiosk sync）。")
    else:
        head = ["", "次数", "办成", "放弃", "转人工", "转他处", "失败", "呼叫", "办成率",
                "放弃率", "平均用时"]

        def cells(label: str, r: FleetRow) -> list[str]:
            return [label, str(r.sessions), str(r.completed), str(r.abandoned), str(r.staff),
                    str(r.redirected), str(r.failed), str(r.staff_calls),
                    percent(r.completed / r.sessions if r.sessions else 0),
                    percent(r.abandoned / r.sessions if r.sessions else 0),
                    duration(r.avg_duration_s)]

        sites = [r for r in d.rows if r.site_id != ALL and r.flow == ALL]
        lines += ["", "【各网点】"]
        lines += table([["网点", *head[1:]]]
                       + [cells(report.site_name(r.site_id), r) for r in (*sites, total)])
        services = [r for r in d.rows if r.site_id == ALL and r.flow != ALL]
        lines += ["", "【各项业务】（全部网点）"]
        lines += table([["业务", *head[1:]]]
                       + [cells(report.title(r.flow), r) for r in services])
        lines += ["", "【各网点各业务】"]
        lines += table([["网点 · 业务", *head[1:]]] + [
            cells(f"{report.site_name(r.site_id)} · {report.title(r.flow)}", r)
            for r in d.rows if r.site_id != ALL and r.flow != ALL])
        lines += ["", "【在哪一步放弃】（取消或超时的会话最后停在哪里）"]
        if not d.gave_up:
            lines.append("  没有放弃的会话。")
        groups: dict[tuple[str, str], list[str]] = {}
        for g in d.gave_up:
            groups.setdefault((g.site_id, g.flow), []).append(f"{g.where or '未记录'} {g.count}次")
        for (site, flow), where in groups.items():
            lines.append(f"  {report.site_name(site)} · {report.title(flow)}：{'，'.join(where)}")
    lines += ["", "【各台机器】（内容版本、最后同步）"]
    if not d.kiosks:
        lines.append("  还没有机器同步过。")
    else:
        lines += table([["机器", "网点", "内容版本", "最后同步", "会话"]] + [
            [k.kiosk_id, report.site_name(k.site_id), k.release or "—", local_time(k.last_sync),
             str(k.sessions)] for k in d.kiosks], left=(0, 1, 2, 3))
    return "\n".join(lines)
