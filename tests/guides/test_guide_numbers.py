"""Numbers said in a guide's text, and the lint that compares a ``summary``'s fees with
its fee table (issue 19: a summary saying 十元 while ``fees`` says 15)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.guides.loader import check
from assistant.guides.numbers import money, periods

from .guide_samples import GUIDE, write_catalogue

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(("text", "values"), [
    ("工本费十元", [10.0]),
    ("工本费十五元，两次三十元", [15.0, 30.0]),
    ("一次二十元，损坏换领四十元", [20.0, 40.0]),
    ("工本费一百二十元", [120.0]),
    ("每次15元，要交2.5元", [15.0, 2.5]),
    ("不收费", []),
])
def test_money_in_chinese_and_arabic_numerals(text: str, values: list[float]) -> None:
    assert [s.value for s in money(text)] == values


@pytest.mark.parametrize(("text", "said"), [
    ("有效期十年", [(10.0, "年")]),
    ("一般七个工作日，法定十五日内签发", [(7.0, "个工作日"), (15.0, "日")]),
    ("逾期三个月，2026年5月20日起，二〇二二年十月一日", [(3.0, "个月")]),
    ("未满十六周岁五年", [(5.0, "年")]),
])
def test_periods(text: str, said: list[tuple[float, str]]) -> None:
    assert [(s.value, s.unit) for s in periods(text)] == said


def _lint(tmp_path: Path, guide: str) -> list[str]:
    root = write_catalogue(tmp_path / "g", {"户政/id_card.renew.yaml": guide})
    problems, _ = check(root, today=TODAY)
    return [str(p).replace(str(root) + "/", "") for p in problems]


def test_a_summary_fee_that_is_not_in_the_fee_table(tmp_path: Path) -> None:
    guide = GUIDE.replace("工本费二十元", "工本费十元").replace("amount: 20", "amount: 15")
    assert _lint(tmp_path, guide) == [
        "户政/id_card.renew.yaml:6:25: 简介（summary）说“十元”，收费表（fees）是 15元（the "
        "summary says 10 元, the fee table has 15） — 先按 basis 写的文件核对哪个对，再把两处"
        "改成一样的数（check the basis, then make the summary and the fee table agree: the "
        "kiosk says both）"]


@pytest.mark.parametrize("summary", ["工本费十五元", "工本费15元", "十五块钱"])
def test_chinese_numerals_are_understood(tmp_path: Path, summary: str) -> None:
    guide = GUIDE.replace("工本费二十元", summary).replace("amount: 20", "amount: 15")
    assert _lint(tmp_path, guide) == []
    wrong = GUIDE.replace("工本费二十元", summary)  # the table says 20
    [problem] = _lint(tmp_path, wrong)
    assert "the summary says 15 元, the fee table has 20" in problem


def test_limits_and_amounts_of_the_fee_note_are_no_mismatch(tmp_path: Path) -> None:
    guide = GUIDE.replace("工本费二十元", "罚款二百元以下的，工本费二十元，加急另收十元").replace(
        "basis: 《", "fees_note: 加急另收十元\nbasis: 《")
    assert _lint(tmp_path, guide) == []


def test_a_broken_fee_is_said_without_a_mismatch_after_it(tmp_path: Path) -> None:
    [problem] = _lint(tmp_path, GUIDE.replace("amount: 20", "amount: 二十"))
    assert "fee amount must be a number" in problem


def test_the_shipped_guides_agree() -> None:
    from assistant.config import guides_dir

    problems, _ = check(guides_dir(), today=TODAY)
    assert [str(p) for p in problems if "简介（summary）" in p.message] == []
