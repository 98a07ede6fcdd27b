"""Listening to the guide catalogue by keys alone ("听办事指南")."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.dialog import Dialog, Key, UserText, new_dialog
from assistant.dialog.browsing import PAGE

from .helpers import TODAY, feed, listen, said, texts
from .keyword_nlu import KeywordUnderstander


class FakeGuides:
    """Ten categories (more than eight keys), the first with 16 guides (three pages)."""

    def __call__(self, guide_id: str, aspect: str | None) -> str | None:
        return f"{guide_id}的回答。"

    def sections(self, guide_id: str) -> list[tuple[str, str]] | None:
        return [("概况", f"{guide_id}概况。"), ("材料", "带身份证。")]

    def catalogue(self) -> Sequence[tuple[str, Sequence[tuple[str, str]]]]:
        first = [(f"a.g{i}", f"甲指南{i}") for i in range(16)]
        return [("甲类", first)] + [(f"类{i}", [(f"c{i}.x", f"类{i}指南")]) for i in range(9)]


def _browsing() -> Dialog:
    d = new_dialog(texts(), nlu=KeywordUnderstander(), today=TODAY, guide_answers=FakeGuides())
    d.start()
    return d


def test_more_categories_than_keys_are_merged_into_the_eighth() -> None:
    d = _browsing()
    a = feed(d, Key("6"))
    assert d.state == "browse" and "说'八'或按8，禁毒、网安和其他" in said(a)
    lst = listen(a)
    assert lst is not None and len(lst.options) == 8 and lst.keys["9"] == "back"


def test_guides_are_listed_seven_at_a_time_and_back_goes_up_one_level() -> None:
    d = _browsing()
    feed(d, Key("6"))
    a = feed(d, Key("1"))
    assert "甲类，共16项" in said(a) and "甲指南6" in said(a) and "甲指南7" not in said(a)
    assert "说'八'或按8，听后面几项" in said(a)
    a = feed(d, Key("8"))
    assert said(a).startswith("接着是：") and "甲指南7" in said(a)
    a = feed(d, Key("8"), Key("8"))
    assert "甲指南15" in said(a) or "甲指南14" in said(a)
    a = feed(d, Key("9"))
    assert "甲指南7" in said(a)  # previous page
    feed(d, Key("9"), Key("9"))
    assert d.state == "browse"
    feed(d, Key("9"))
    assert d.state == "menu"
    assert PAGE == 7


def test_a_chosen_guide_is_read_section_by_section() -> None:
    d = _browsing()
    a = feed(d, Key("6"), Key("2"), Key("1"))
    assert d.state == "reading" and "c0.x概况" in said(a)
    a = feed(d, Key("#"))  # confirm = the next section
    assert "带身份证" in said(a)


def test_a_category_can_be_said_too_and_cancel_returns_to_the_menu() -> None:
    d = _browsing()
    feed(d, Key("6"))
    a = feed(d, UserText("甲类"))
    assert "甲类，共16项" in said(a)
    feed(d, Key("cancel"))
    assert d.state == "menu" and not d.done


def test_without_a_catalogue_the_kiosk_says_so_and_stays_at_the_menu() -> None:
    d = new_dialog(texts(), nlu=KeywordUnderstander(), today=TODAY, guide_answers=None)
    d.start()
    a = feed(d, Key("6"))
    assert "暂时不能听" in said(a) and d.state == "menu"
