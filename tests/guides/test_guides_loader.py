"""Loader and lint: every problem reported, each message pinned exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import DataFileError, KioskError
from assistant.guides.loader import KNOWN_INTENTS, lint, load_catalogue
from assistant.guides.model import Duration, Material

from .guide_samples import GUIDE, SITE, write_catalogue


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # problem paths are shown relative to the working directory


def test_valid_guide_loads_with_defaults() -> None:
    cat = load_catalogue(write_catalogue(Path("g"), {"户政/id_card.renew.yaml": GUIDE}))
    guide = cat.guides["id_card.renew"]
    assert guide.title == "居民身份证换领"
    assert guide.intent == "id_card.renew"
    assert guide.materials[0] == Material("本人居民身份证", "原件", 1, True, False, "")
    assert guide.materials[1].auto is True
    assert guide.fees[0].amount == 20
    assert guide.duration == Duration("六十日内", 60)
    assert guide.places.kiosk is not None
    assert guide.places.kiosk.devices == ("household_terminal", "photo_booth")
    assert guide.names == ("居民身份证换领", "换身份证")
    assert guide.path == "g/户政/id_card.renew.yaml"
    assert cat.by_intent("id_card.renew") is guide
    assert cat.network.here.id == "shop"
    assert cat.network.here.layout == {"household_terminal": "在您左手边第一台"}
    assert [s.id for s in cat.network.sites_with(("exit_entry_machine",))] == ["big"]


def test_window_only_guide_and_optional_fields() -> None:
    text = GUIDE.replace("  kiosk: {devices: [household_terminal, photo_booth]}", "  kiosk: null")
    text = text.replace("duration: {text: 六十日内, days: 60}", "duration: {text: 以窗口告知为准}")
    text = text.replace("intent: id_card.renew\n", "")
    cat = load_catalogue(write_catalogue(Path("g"), {"户政/id_card.renew.yaml": text}))
    guide = cat.guides["id_card.renew"]
    assert guide.places.kiosk is None
    assert guide.duration.days is None
    assert guide.intent is None


BROKEN = {
    # missing title, fee not a number, unknown device, unknown intent, misspelt field
    "户政/id_card.renew.yaml": GUIDE.replace("title: 居民身份证换领\n", "")
    .replace("amount: 20", "amount: 二十元")
    .replace("devices: [household_terminal, photo_booth]", "devices: [household_terminal, printer]")
    .replace("intent: id_card.renew", "intent: id_card.renw")
    .replace("hours: 二十四小时", "hours: 二十四小时\nhour: 全天"),
    # unknown category
    "户政/a.b.yaml": GUIDE.replace("id: id_card.renew", "id: a.b")
    .replace("category: 户政", "category: 户证")
    .replace("intent: id_card.renew\n", ""),
    # not YAML
    "其他/x.y.yaml": "id: x.y\ntitle: [oops\n",
    # bad quantity, bool and days
    "户政/c.d.yaml": GUIDE.replace("id: id_card.renew", "id: c.d")
    .replace("intent: id_card.renew\n", "")
    .replace(
        "{name: 本人居民身份证, form: 原件}",
        "{name: 本人居民身份证, form: 原件, quantity: 0, required: maybe}",
    )
    .replace("days: 60", "days: 六十"),
    # same id in another folder (and so the wrong folder for its category)
    "其他/id_card.renew.yaml": GUIDE.replace("intent: id_card.renew\n", ""),
}

EXPECTED = [
    "g/其他/id_card.renew.yaml:3:11: category '户政' does not match the folder '其他'"
    " — move the file to guides/户政/ or change the category",
    "g/其他/x.y.yaml:3:1: YAML syntax error: expected ',' or ']', but got '<stream end>'"
    " — check the indentation (spaces, not tabs) and quote text containing ': ' or '#'",
    "g/户政/a.b.yaml:3:11: unknown category '户证' — use one of: 户政 | 出入境 | 交管-驾驶证"
    " | 交管-机动车 | 交管-违法与事故 | 交管-电动自行车 | 治安 | 禁毒 | 网安 | 其他",
    "g/户政/c.d.yaml:9:41: quantity must be a whole number ≥ 1, got '0'"
    " — write digits only, e.g. 1",
    "g/户政/c.d.yaml:9:54: required must be true or false, got 'maybe' — write true or false",
    "g/户政/c.d.yaml:19:30: duration.days must be a whole number ≥ 0, got '六十'"
    " — write digits only, e.g. 1",
    "g/户政/id_card.renew.yaml:1:1: missing 'title' in the guide"
    " — add 'title:' to the guide",
    "g/户政/id_card.renew.yaml:1:5: duplicate guide id 'id_card.renew'"
    " (also in g/其他/id_card.renew.yaml:1) — give each guide its own id and file name",
    "g/户政/id_card.renew.yaml:3:9: intent 'id_card.renw' does not exist"
    " — did you mean 'id_card.renew'? use an intent name from the intent catalogue,"
    " or remove the 'intent:' line",
    "g/户政/id_card.renew.yaml:14:41: unknown device 'printer' — use a device id listed"
    " in site.yaml: exit_entry_machine, household_terminal, photo_booth",
    "g/户政/id_card.renew.yaml:17:1: unknown key 'hour' in the guide — did you mean 'hours'?",
    "g/户政/id_card.renew.yaml:19:25: fee amount must be a number of yuan, got '二十元'"
    " — write digits only, e.g. 'amount: 20' (not '二十元' or '20元')",
]


def test_lint_reports_every_problem_with_position_and_fix() -> None:
    root = write_catalogue(Path("g"), BROKEN)
    assert [str(p) for p in lint(root)] == EXPECTED


def test_load_catalogue_raises_data_file_error_with_all_problems() -> None:
    root = write_catalogue(Path("g"), BROKEN)
    with pytest.raises(DataFileError) as info:
        load_catalogue(root)
    assert isinstance(info.value, KioskError)
    assert [str(p) for p in info.value.problems] == EXPECTED
    assert f"{len(EXPECTED)} problem(s) in data files" in str(info.value)


def test_known_intents_is_a_parameter() -> None:
    root = write_catalogue(Path("g"), {"户政/id_card.renew.yaml": GUIDE})
    assert lint(root) == []
    assert "id_card.renew" in KNOWN_INTENTS
    [problem] = lint(root, known_intents={"photo.id_photo"})
    assert problem.message == "intent 'id_card.renew' does not exist"
    assert (problem.line, problem.col) == (4, 9)


def test_file_name_id_and_intent_rules() -> None:
    other = GUIDE.replace("id: id_card.renew", "id: Bad-Id")
    root = write_catalogue(
        Path("g"), {"户政/id_card.renew.yaml": GUIDE, "户政/other.guide.yaml": other}
    )
    assert [str(p) for p in lint(root)] == [
        "g/户政/other.guide.yaml:1:5: id 'Bad-Id' does not match the file name"
        " 'other.guide.yaml' — rename the file to Bad-Id.yaml or change the id",
        "g/户政/other.guide.yaml:1:5: id 'Bad-Id' is not a dotted lower-case name — use letters,"
        " digits and '_' in dot-separated parts, e.g. huzheng.residence_permit",
        "g/户政/other.guide.yaml:4:9: intent 'id_card.renew' is already linked to guide"
        " 'id_card.renew' — link each intent to one guide only; remove 'intent:' here",
    ]


def test_wrong_shapes_and_forms() -> None:
    text = (
        GUIDE.replace("form: 原件}", "form: 影印件}")
        .replace("conditions:\n  - 有效期满前三个月内", "conditions: 有效期满前三个月内")
        .replace("summary: 身份证到期可以自助换领，工本费二十元。", "summary: 一。二。三。四。")
        .replace("phone: 以窗口告知为准", "phone: yes")
    )
    root = write_catalogue(Path("g"), {"户政/id_card.renew.yaml": text})
    assert [str(p) for p in lint(root)] == [
        "g/户政/id_card.renew.yaml:6:10: summary has more than 3 sentences"
        " — shorten it: the kiosk speaks it in full; put details in conditions or notes",
        "g/户政/id_card.renew.yaml:7:13: conditions must be a list"
        " — put each entry on its own line starting with '- '",
        "g/户政/id_card.renew.yaml:9:27: unknown material form '影印件'"
        " — use one of: 原件 | 复印件 | 原件及复印件 | 电子",
        "g/户政/id_card.renew.yaml:20:8: phone must be text, got 'yes'"
        " — write it as plain text; quote it if it looks like yes/no or a list",
    ]


def test_site_problems() -> None:
    site = (
        SITE.replace("here: shop", "here: nowhere")
        .replace("devices: [photo_booth, household_terminal]\n", "devices: [photo_booth, fax]\n")
        .replace("kind: flagship", "kind: mega")
    )
    root = write_catalogue(Path("g"), {"户政/id_card.renew.yaml": GUIDE}, site=site)
    assert [str(p) for p in lint(root)] == [
        "g/site.yaml:5:7: here names site 'nowhere', which is not in sites — use one of: shop, big",
        "g/site.yaml:14:28: unknown device 'fax' — use a device id listed under 'devices'"
        " in site.yaml: photo_booth, household_terminal, exit_entry_machine",
        "g/site.yaml:16:27: layout describes 'household_terminal', which this site does not"
        " have — add it to the site's devices or remove the layout line",
        "g/site.yaml:19:11: unknown site kind 'mega' — use one of: flagship, convenience",
    ]


def test_missing_site_file() -> None:
    root = write_catalogue(Path("g"), {"户政/id_card.renew.yaml": GUIDE}, site=None)
    problems = [str(p) for p in lint(root)]
    assert problems[0] == (
        "g/site.yaml:0:0: site.yaml is missing — create it with the device list,"
        " this kiosk's site and the site network"
    )


def test_empty_and_non_mapping_files() -> None:
    root = write_catalogue(Path("g"), {"户政/a.b.yaml": "", "户政/c.d.yaml": "- just a list\n"})
    assert [str(p) for p in lint(root)] == [
        "g/户政/a.b.yaml:0:0: the file is empty — fill it in or delete it",
        "g/户政/c.d.yaml:1:1: the guide must be a mapping (key: value lines)"
        " — write each entry as 'key: value' on its own line, indented under it",
    ]
