"""``kiosk guides list|show|search|lint`` through :func:`register`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from assistant.guides import cli

from .guide_samples import GUIDE, write_catalogue


def run_full(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="kiosk")
    sub = parser.add_subparsers(dest="command")
    cli.register(sub)
    args = parser.parse_args(argv)
    code: int = args.func(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code, out, _ = run_full(argv, capsys)
    return code, out


@pytest.fixture(autouse=True)
def _var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_VAR", str(tmp_path / "var"))


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["guides", "list", "--json", "--category", "出入境"], capsys)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["category"] for r in rows} == {"出入境"}
    assert {
        "id": "exit_entry.endorse_taiwan",
        "title": "往来台湾通行证签注",
        "category": "出入境",
        "kiosk": ["exit_entry_machine"],
    } in rows


def test_show_json_and_aspect(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["guides", "show", "id_card.replace", "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["guide"]["fees"][0]["amount"] == 40
    assert data["sections"][0]["name"] == "概况"
    code, out = run(["guides", "show", "id_card.replace", "--aspect", "fees", "--json"], capsys)
    assert "四十元" in json.loads(out)["say"]
    code, out = run(["guides", "show", "id_card.replace"], capsys)
    assert out.startswith("居民身份证补领（id_card.replace，户政）\n【概况】")


def test_show_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_full(["guides", "show", "no.such"], capsys)
    assert code == 1
    assert "no guide 'no.such'" in err


def test_search_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["guides", "search", "--json", "--limit", "2", "不办身份证"], capsys)
    hits = json.loads(out)
    assert code == 0 and len(hits) == 2
    assert hits[0]["id"] == "id_card.replace" and set(hits[0]) == {"id", "title", "score"}


def test_lint_clean_and_broken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["guides", "lint"], capsys)
    assert (code, out) == (0, "办事指南检查通过（guides: no problems）\n")
    broken = write_catalogue(
        tmp_path / "g", {"户政/id_card.renew.yaml": GUIDE.replace("amount: 20", "amount: 二十")}
    )
    code, out = run(["guides", "--dir", str(broken), "lint", "--json"], capsys)
    assert code == 1
    [problem] = json.loads(out)
    assert problem["message"] == "fee amount must be a number of yuan, got '二十'"
    assert (problem["line"], problem["col"]) == (19, 25)
