"""``basis:`` / ``checked:`` on guides, fees and facts; services a site does not offer."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest

from assistant.guides import cli
from assistant.guides.loader import check, load_catalogue
from assistant.guides.nodes import Reader
from assistant.guides.site import not_offered_here, read_network
from assistant.guides.speech import answer, sections

from .guide_samples import GUIDE, SITE, write_catalogue

TODAY = date(2026, 12, 6)

CHECKED = GUIDE.replace(
    "  - 有效期满前三个月内\n",
    "  - 有效期满前三个月内\n"
    "  - text: 损坏换领工本费四十元\n"
    "    basis: 发改价格〔2003〕2322号\n"
    "    checked: 2025-11-30\n",
).replace(
    "  - {item: 工本费, amount: 20, basis: 发改价格〔2003〕2322号}\n",
    "  - {item: 工本费, amount: 20, case: expired, checked: 2026-12-01,"
    " basis: 发改价格〔2003〕2322号}\n",
) + "checked: 2026-12-06\n"


def _write(tmp_path: Path, guide: str = CHECKED, site: str = SITE) -> Path:
    return write_catalogue(tmp_path / "g", {"户政/id_card.renew.yaml": guide}, site)


def test_basis_and_checked_are_read(tmp_path: Path) -> None:
    guide = load_catalogue(_write(tmp_path)).guides["id_card.renew"]
    assert guide.checked == "2026-12-06"
    assert guide.conditions == ("有效期满前三个月内", "损坏换领工本费四十元")
    [fact] = guide.facts
    assert (fact.basis, fact.checked) == ("发改价格〔2003〕2322号", "2025-11-30")
    assert (guide.fees[0].case, guide.fees[0].checked) == ("expired", "2026-12-01")


def test_a_check_over_a_year_old_is_a_warning_not_a_problem(tmp_path: Path) -> None:
    problems, warnings = check(_write(tmp_path), today=TODAY)
    assert problems == []
    [warning] = warnings
    assert str(warning).endswith("g/户政/id_card.renew.yaml:11:14: warning: conditions checked "
                                 "2025-11-30 is more than 1 year old — check the facts against "
                                 "the basis again, then write that day's date")
    assert check(_write(tmp_path), today=date(2026, 11, 30))[1] == []  # exactly a year


def test_lint_command_warns_and_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_VAR", str(tmp_path / "var"))
    parser = argparse.ArgumentParser(prog="kiosk")
    cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["guides", "--dir", str(_write(tmp_path)), "lint",
                              "--today", "2026-12-06"])
    assert args.func(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert "warning: conditions checked 2025-11-30" in out[0]
    assert out[-1] == "办事指南检查通过，另有 1 条提醒（guides: no problems, 1 warning(s)）"


@pytest.mark.parametrize(("text", "message"), [
    ("checked: 2026-13-01\n", "checked must be a date like 2026-12-06, got '2026-13-01'"),
    ("checked: 2027-01-01\n", "checked 2027-01-01 is in the future"),
    ("checked: 昨天\n", "checked must be a date like 2026-12-06, got '昨天'"),
])
def test_wrong_dates_are_problems(tmp_path: Path, text: str, message: str) -> None:
    guide = CHECKED.replace("checked: 2026-12-06\n", text)
    problems, _ = check(_write(tmp_path, guide), today=TODAY)
    assert [p.message for p in problems] == [message]
    assert "YYYY-MM-DD" in problems[0].fix or "actually" in problems[0].fix


def test_a_fact_needs_text_basis_and_checked(tmp_path: Path) -> None:
    guide = CHECKED.replace("    checked: 2025-11-30\n", "")
    problems, _ = check(_write(tmp_path, guide), today=TODAY)
    assert [p.message for p in problems] == [
        "missing 'checked' in an entry of conditions"]


# ---------------------------------------------------------------------- not offered
TAIWAN = GUIDE.replace("id: id_card.renew", "id: exit_entry.endorse_taiwan").replace(
    "intent: id_card.renew", "intent: exit_entry.endorse_taiwan").replace(
    "title: 居民身份证换领", "title: 往来台湾通行证签注").replace(
    "category: 户政", "category: 出入境").replace(
    "[household_terminal, photo_booth]", "[exit_entry_machine]")
OPTIONAL = """\
optional_services:
  exit_entry.endorse_taiwan:
    title: 赴台团队旅游签注
    why: 团队旅游目前只对福建、上海居民恢复，请到出入境窗口咨询。
"""
BIG_OFFERS = SITE.replace("    name: 定海旗舰店\n",
                          "    name: 定海旗舰店\n    offers: [exit_entry.endorse_taiwan]\n")


def _taiwan(tmp_path: Path, site: str) -> Path:
    return write_catalogue(tmp_path / "t", {"出入境/exit_entry.endorse_taiwan.yaml": TAIWAN},
                           site)


def test_an_optional_service_is_not_offered_unless_the_site_says_so(tmp_path: Path) -> None:
    root = _taiwan(tmp_path, BIG_OFFERS.replace("here: shop", "here: big") + OPTIONAL)
    network = load_catalogue(root).network
    assert network.not_offered("exit_entry.endorse_taiwan") is None  # big offers it
    shop = network.site("shop")
    assert shop is not None and network.not_offered("exit_entry.endorse_taiwan", shop)
    assert not_offered_here(root) == {}
    elsewhere = _taiwan(tmp_path / "x", SITE + OPTIONAL)
    assert not_offered_here(elsewhere) == {"exit_entry.endorse_taiwan": (
        "赴台团队旅游签注", "团队旅游目前只对福建、上海居民恢复，请到出入境窗口咨询。")}


def test_answers_and_reading_say_it_first(tmp_path: Path) -> None:
    catalogue = load_catalogue(_taiwan(tmp_path, SITE.replace("here: shop", "here: big")
                                       + OPTIONAL))
    guide = catalogue.guides["exit_entry.endorse_taiwan"]
    sorry = "不好意思，本站暂时不办理赴台团队旅游签注：团队旅游目前只对福建、上海居民恢复"
    for aspect in ("fees", "materials", "overview", "location"):
        assert answer(guide, aspect, catalogue.network).startswith(sorry), aspect
    parts = {s.name: s.spoken_text for s in sections(guide, catalogue.network)}
    assert parts["概况"].startswith(sorry) and parts["地点"].startswith(sorry)
    assert "签注机" not in parts["地点"]


def test_a_broken_site_file_keeps_optional_services_off(tmp_path: Path) -> None:
    root = _taiwan(tmp_path, SITE.replace("here: shop", "here: nowhere") + OPTIONAL)
    assert set(not_offered_here(root)) == {"exit_entry.endorse_taiwan"}


@pytest.mark.parametrize(("site", "message"), [
    (BIG_OFFERS.replace("offers: [exit_entry.endorse_taiwan]", "offers: [exit_entry.taiwan]")
     + OPTIONAL, "offers 'exit_entry.taiwan', which is not under optional_services"),
    (SITE + OPTIONAL.replace("请到", "。请到"), "why must be one sentence"),
    (SITE + OPTIONAL.replace("exit_entry.endorse_taiwan:", "exit_entry.taiwan:"),
     "optional service 'exit_entry.taiwan' is not a guide id"),
])
def test_site_switch_problems(tmp_path: Path, site: str, message: str) -> None:
    problems, _ = check(_taiwan(tmp_path, site))
    assert message in [p.message for p in problems]
    assert all(p.line > 0 and p.fix for p in problems)


def test_the_shipped_site_does_not_offer_taiwan_group_tours() -> None:
    from assistant.config import guides_dir

    site = guides_dir() / "site.yaml"
    network = read_network(site, Reader(str(site)))
    assert network is not None
    assert network.not_offered("exit_entry.endorse_taiwan") is not None
    assert not any("exit_entry.endorse_taiwan" in s.offers for s in network.sites)
