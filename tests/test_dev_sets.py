"""Light checks of the hand-written NLU evaluation sets in tests/data (no model involved).

Every TSV in tests/data whose header is the nlu_dev header is checked for shape, intent
names, slot keys/values and duplicates; the elderly sets also for their minimum sizes.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from assistant.nlu.catalogue import INTENT_NAMES, SERVICE_INTENTS

DATA = Path(__file__).parent / "data"
HEADER = "text\tintent\tslots\tcategory"

SERVICES: frozenset[str] = frozenset(SERVICE_INTENTS)
CATALOGUE: frozenset[str] = INTENT_NAMES
"""The service catalogue of /work/shared/DESIGN.md ("Contracts"), as the code holds it."""
CATEGORIES: frozenset[str] = frozenset(
    {"paraphrase", "asr", "wu", "spaced", "short", "oos", "story", "negation"}
)
ASPECTS: frozenset[str] = frozenset(
    {"materials", "location", "hours", "fees", "conditions", "duration", "overview"}
)
ENUM_SLOTS: dict[str, frozenset[str]] = {
    "reason": frozenset({"expired", "damaged"}),
    "tour": frozenset({"team", "individual"}),
    "aspect": ASPECTS,
    "service": SERVICES,
}
PLATE = re.compile(r"浙[A-Z][A-Z0-9]{5,6}")
PHONE = re.compile(r"1\d{10}")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

ELDERLY_PAIR = ("nlu_elderly.tsv", "nlu_elderly_test.tsv")
"""Two halves written as one pool (story/negation totals pooled); development since session 5."""
FRESH = "nlu_elderly_fresh.tsv"
"""Written later, independently of the pair (issue 11, item 6); development since session 5."""
HOLDOUT3 = "nlu_elderly_holdout3.tsv"
"""Held out in session 5; written independently of all the others (issue 11)."""
HOLDOUT4 = "nlu_elderly_holdout4.tsv"
"""Held out in session 6, written independently of the others (issue 11); development since."""
HOLDOUT5 = "nlu_elderly_holdout5.tsv"
"""Held out at the start of session 7, written independently (issue 11); development since."""
HOLDOUT6 = "nlu_elderly_holdout6.tsv"
"""Written held out in session 7, kept for session 8; independent of all the others (issue 11)."""
HOLDOUT7 = "nlu_elderly_holdout7.tsv"
"""Written held out in session 8, kept for session 9; independent of all the others (issue 11)."""
HOLDOUT8 = "nlu_elderly_holdout8.tsv"
"""Written held out in session 9, a development set since session 10 (issue 11)."""
HOLDOUT9 = "nlu_elderly_holdout9.tsv"
"""Written held out in session 10, a development set since session 11 (issue 11)."""
HOLDOUT10 = "nlu_elderly_holdout10.tsv"
"""Written held out in session 11, a development set since session 12 (issue 11)."""
HOLDOUT11 = "nlu_elderly_holdout11.tsv"
"""Written held out in session 12, a development set since session 13 (issue 11)."""
HOLDOUT12 = "nlu_elderly_holdout12.tsv"
"""Written held out in session 13, a development set since session 14 (issue 11)."""
HOLDOUT13 = "nlu_elderly_holdout13.tsv"
"""Written held out in session 14, a development set since session 15 (issue 11)."""
HOLDOUT14 = "nlu_elderly_holdout14.tsv"
"""Written held out in session 15, a development set since session 16 (issue 11)."""
HOLDOUT15 = "nlu_elderly_holdout15.tsv"
"""Written held out in session 16, a development set since session 17 (issue 11)."""
HOLDOUT16 = "nlu_elderly_holdout16.tsv"
"""Written held out in session 17, a development set since session 18 (issue 11)."""
HOLDOUT17 = "nlu_elderly_holdout17.tsv"
"""Written held out in session 18, kept for session 19; a development set since session 19
(issue 11)."""
HOLDOUT18 = "nlu_elderly_holdout18.tsv"
"""Written held out in session 19, kept for session 20; independent of all the others (issue 11)."""
STANDALONE = (FRESH, HOLDOUT3, HOLDOUT4, HOLDOUT5, HOLDOUT6, HOLDOUT7, HOLDOUT8, HOLDOUT9,
              HOLDOUT10, HOLDOUT11, HOLDOUT12, HOLDOUT13, HOLDOUT14, HOLDOUT15, HOLDOUT16,
              HOLDOUT17, HOLDOUT18)
"""Sets written on their own, each with its own size, out-of-scope, story and negation minimums."""
ELDERLY_FILES = (*ELDERLY_PAIR, *STANDALONE)
MIN_IN_SCOPE = 330
MIN_OOS = 60
MIN_STORY_TOTAL = 150
MIN_NEGATION_TOTAL = 40
MIN_STORY_CHARS = 15
MIN_PER_SERVICE = 15
MIN_PER_COMMAND = 4
ADDED_AFTER_PAIR: frozenset[str] = frozenset({"kiosk.about"})
"""Intents added to the catalogue after the pair was written: only the fresh set has them."""
STANDALONE_MIN_ROWS = 420
STANDALONE_MIN_OOS = 110
STANDALONE_MIN_STORY = 150
STANDALONE_MIN_NEGATION = 50
HOLDOUT4_MIN_ROWS = 480
HOLDOUT4_MIN_OOS = 120
HOLDOUT4_MIN_STORY = 170
HOLDOUT4_MIN_NEGATION = 60
HOLDOUT4_MIN_GUIDE = 50
HOLDOUT4_PER_SERVICE = (18, 22)
"""The fourth and fifth held-out sets were written to a larger mix than the standalone minimums."""
HOLDOUT5_MIN_ROWS = 500
HOLDOUT5_MIN_GUIDE = 55
"""Fifth to ninth sets: the fourth's minimums and per-service range, ≥ 500 rows, ≥ 55 guide."""
HOLDOUT10_MIN_ROWS = 560
HOLDOUT10_MIN_GUIDE = 80
"""The tenth to the fourteenth sets were written to ≥ 560 rows and ≥ 80 guide questions."""

Row = tuple[int, str, str, str, str]  # line number, text, intent, slots, category


def nlu_files() -> list[Path]:
    return sorted(
        p
        for p in DATA.glob("*.tsv")
        if p.read_text(encoding="utf-8").split("\n", 1)[0].rstrip("\r") == HEADER
    )


def read_rows(path: Path) -> list[Row]:
    rows: list[Row] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        assert len(fields) == 4, f"{path.name}:{number}: {len(fields)} fields, want 4"
        text, intent, slots, category = fields
        rows.append((number, text, intent, slots, category))
    return rows


def id_number_ok(value: str) -> bool:
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == value[17]


def slot_problems(intent: str, slots: object) -> list[str]:
    if not isinstance(slots, dict):
        return [f"slots is {type(slots).__name__}, not an object"]
    problems: list[str] = []
    for key, value in slots.items():
        if not isinstance(value, str):
            problems.append(f"{key}: value {value!r} is not a string")
        elif key in ENUM_SLOTS:
            if value not in ENUM_SLOTS[key]:
                problems.append(f"{key}: {value!r} not allowed")
        elif key == "plate_number":
            if not PLATE.fullmatch(value):
                problems.append(f"plate_number {value!r} not canonical")
        elif key == "phone":
            if not PHONE.fullmatch(value):
                problems.append(f"phone {value!r} not 11 digits")
        elif key == "id_number":
            if not id_number_ok(value):
                problems.append(f"id_number {value!r} fails the GB 11643 check")
        else:
            problems.append(f"unknown slot {key!r}")
    if "reason" in slots and intent != "id_card.renew":
        problems.append("reason is only for id_card.renew")
    if "tour" in slots and intent != "exit_entry.endorse_hk_macau":
        problems.append("tour is only for exit_entry.endorse_hk_macau")
    if ("aspect" in slots or "service" in slots) and intent != "guide.ask":
        problems.append("aspect/service are only for guide.ask")
    if intent == "guide.ask" and "aspect" not in slots:
        problems.append("guide.ask needs an aspect")
    return problems


def test_nlu_files_found() -> None:
    names = {p.name for p in nlu_files()}
    assert {"nlu_dev.tsv", *ELDERLY_FILES} <= names


@pytest.mark.parametrize("path", nlu_files(), ids=lambda p: p.name)
def test_rows_well_formed(path: Path) -> None:
    problems: list[str] = []
    for number, text, intent, slots_text, category in read_rows(path):
        where = f"{path.name}:{number}"
        if not text.strip():
            problems.append(f"{where}: empty text")
        if intent not in CATALOGUE:
            problems.append(f"{where}: unknown intent {intent!r}")
        if category not in CATEGORIES:
            problems.append(f"{where}: unknown category {category!r}")
        if (intent == "out_of_scope") != (category == "oos"):
            problems.append(f"{where}: out_of_scope rows and only they have category oos")
        if category == "story" and len(text.replace(" ", "")) < MIN_STORY_CHARS:
            problems.append(f"{where}: story shorter than {MIN_STORY_CHARS} characters")
        try:
            slots = json.loads(slots_text)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: slots not JSON ({exc})")
            continue
        problems += [f"{where}: {p}" for p in slot_problems(intent, slots)]
    assert not problems, "\n".join(problems)


def test_no_duplicate_text_within_or_across_files() -> None:
    seen: dict[str, str] = {}
    duplicates: list[str] = []
    for path in nlu_files():
        for number, text, *_ in read_rows(path):
            where = f"{path.name}:{number}"
            if text in seen:
                duplicates.append(f"{where} repeats {seen[text]}: {text}")
            else:
                seen[text] = where
    assert not duplicates, "\n".join(duplicates)


@pytest.mark.parametrize("name", ELDERLY_FILES)
def test_elderly_set_sizes(name: str) -> None:
    rows = read_rows(DATA / name)
    intents = Counter(intent for _, _, intent, _, _ in rows)
    assert sum(n for i, n in intents.items() if i != "out_of_scope") >= MIN_IN_SCOPE
    assert intents["out_of_scope"] >= MIN_OOS
    thin = {
        i: intents[i]
        for i in CATALOGUE
        if not (name in ELDERLY_PAIR and i in ADDED_AFTER_PAIR)
        and intents[i] < (MIN_PER_SERVICE if i in SERVICES else MIN_PER_COMMAND)
    }
    assert not thin, f"{name}: too few rows for {thin}"


def test_elderly_story_and_negation_totals() -> None:
    categories: Counter[str] = Counter()
    for name in ELDERLY_PAIR:
        categories.update(row[4] for row in read_rows(DATA / name))
    assert categories["story"] >= MIN_STORY_TOTAL
    assert categories["negation"] >= MIN_NEGATION_TOTAL


def _mix(name: str) -> tuple[list[Row], Counter[str], Counter[str]]:
    """The rows of set ``name``, and how many there are per intent and per category."""
    rows = read_rows(DATA / name)
    return rows, Counter(row[2] for row in rows), Counter(row[4] for row in rows)


@pytest.mark.parametrize("name", STANDALONE)
def test_standalone_set_mix(name: str) -> None:
    """Each standalone set has its own size, out-of-scope, story and negation minimums."""
    rows, intents, categories = _mix(name)
    assert len(rows) >= STANDALONE_MIN_ROWS
    assert intents["out_of_scope"] >= STANDALONE_MIN_OOS
    assert categories["story"] >= STANDALONE_MIN_STORY
    assert categories["negation"] >= STANDALONE_MIN_NEGATION


@pytest.mark.parametrize(
    ("name", "min_rows", "min_guide"),
    [
        (HOLDOUT4, HOLDOUT4_MIN_ROWS, HOLDOUT4_MIN_GUIDE),
        (HOLDOUT5, HOLDOUT5_MIN_ROWS, HOLDOUT5_MIN_GUIDE),
        (HOLDOUT6, HOLDOUT5_MIN_ROWS, HOLDOUT5_MIN_GUIDE),
        (HOLDOUT7, HOLDOUT5_MIN_ROWS, HOLDOUT5_MIN_GUIDE),
        (HOLDOUT8, HOLDOUT5_MIN_ROWS, HOLDOUT5_MIN_GUIDE),
        (HOLDOUT9, HOLDOUT5_MIN_ROWS, HOLDOUT5_MIN_GUIDE),
        (HOLDOUT10, HOLDOUT10_MIN_ROWS, HOLDOUT10_MIN_GUIDE),
        (HOLDOUT11, HOLDOUT10_MIN_ROWS, HOLDOUT10_MIN_GUIDE),
        (HOLDOUT12, HOLDOUT10_MIN_ROWS, HOLDOUT10_MIN_GUIDE),
        (HOLDOUT13, HOLDOUT10_MIN_ROWS, HOLDOUT10_MIN_GUIDE),
        (HOLDOUT14, HOLDOUT10_MIN_ROWS, HOLDOUT10_MIN_GUIDE),
        (HOLDOUT15, HOLDOUT10_MIN_ROWS, HOLDOUT10_MIN_GUIDE),
        (HOLDOUT16, HOLDOUT10_MIN_ROWS, HOLDOUT10_MIN_GUIDE),
        (HOLDOUT17, HOLDOUT10_MIN_ROWS, HOLDOUT10_MIN_GUIDE),
        (HOLDOUT18, HOLDOUT10_MIN_ROWS, HOLDOUT10_MIN_GUIDE),
    ],
)
def test_holdout_mix(name: str, min_rows: int, min_guide: int) -> None:
    """The held-out sets written in sessions 6 to 19 keep the mix they were written to."""
    rows, intents, categories = _mix(name)
    assert len(rows) >= min_rows
    assert intents["out_of_scope"] >= HOLDOUT4_MIN_OOS
    assert categories["story"] >= HOLDOUT4_MIN_STORY
    assert categories["negation"] >= HOLDOUT4_MIN_NEGATION
    assert intents["guide.ask"] >= min_guide
    low, high = HOLDOUT4_PER_SERVICE
    off = {i: intents[i] for i in SERVICES if not low <= intents[i] <= high}
    assert not off, f"{name}: services outside {low}-{high} rows: {off}"
    guide_slots = [json.loads(row[3]) for row in rows if row[2] == "guide.ask"]
    about_services = sum("service" in slots for slots in guide_slots)
    assert 0 < about_services < len(guide_slots), "want guide rows about services and others"
