"""Every validity period and time limit the 13 self-service flows say equals the guides'
numbers (issue 14, item 6) — the counterpart of ``test_fees.py`` for periods.

What a flow says about time ("到期前三个月内", "半年内的身体条件证明", "一个工作日内办好",
"新证有效期10年", "大约10个工作日") is a fact of its service, and the guide of that service
(``guides/``, with its ``basis``) says the same fact.  Numbers are compared as periods —
Arabic or Chinese numerals (``九十日`` = ``90天``, ``半年`` = ``六个月``), working days
apart from calendar days — with :mod:`assistant.guides.numbers`, the helper
``kiosk guides lint`` uses for a summary's fees:

- every period written in a flow's texts is one of its guide's periods (or a named
  exception, with the reason);
- each charging flow is run through the chat simulator (the keys-only transactions of
  ``test_fees.py``): every period the kiosk says — with the ``{years}`` and ``{days}`` the
  back ends and the rules fill in — is one of its guide's periods;
- every validity a new ID card can get (``card_validity_years`` for every age) is in the
  ID card guides.

Dates read from a document or a back end ("有效期到{until}", "{due}") are not facts of a
guide and are not compared.
"""

from __future__ import annotations

import re

import pytest

from assistant.config import guides_dir
from assistant.dialog.flows import FLOWS
from assistant.dialog.texts import FlowTexts, TextFile
from assistant.domain.idcard import card_validity_years
from assistant.guides.loader import Catalogue, load_catalogue
from assistant.guides.model import Guide
from assistant.guides.numbers import Said, periods

from .helpers import texts, texts_all_offered
from .test_fees import RUNS, _run

Period = tuple[str, float]
"""A period in comparable terms (:attr:`Said.canonical`): ``("月", 6.0)``."""

NOT_GUIDE_FACTS: dict[tuple[str, str], tuple[str, str]] = {
    # (flow, text key) → (the words, why they are not compared with the guide).
    # Empty today: the traffic flows used to say "记录一般一个工作日内更新" after a payment,
    # a time no guide or rule backs; it was removed rather than kept as an exception.
}
"""Periods in flow texts that are not facts of the service's guide."""

READ_PLACEHOLDERS = frozenset({"until", "due"})
"""Dates read from a card, a permit, a licence or a back end: compared with nothing."""
SAID_PLACEHOLDERS = frozenset({"years", "days"})
"""Periods the rules or the back ends fill in: checked by running the flows."""


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(guides_dir())


@pytest.fixture(scope="module")
def all_offered() -> FlowTexts:
    return texts_all_offered()


def guide_periods(guide: Guide) -> set[Period]:
    """Every period the guide says (any field the kiosk speaks), and its duration."""
    spoken = [guide.summary, *guide.conditions, *guide.notes, *guide.steps, guide.hours,
              guide.duration.text, guide.fees_note, *(m.note for m in guide.materials),
              *(f.item for f in guide.fees)]
    found = {s.canonical for text in spoken for s in periods(text)}
    if guide.duration.days:
        found |= {("日", float(guide.duration.days)), ("工作日", float(guide.duration.days))}
    return found


def flow_periods(spec: TextFile) -> list[tuple[str, Said]]:
    """``(text key, period)`` for every period written in a flow file's texts and options."""
    texts_and_titles = [*spec.texts.items(),
                        *((f"option {o.id}", o.title) for opts in spec.options.values()
                          for o in opts)]
    return [(key, said) for key, text in texts_and_titles for said in periods(text)]


def _guide(catalogue: Catalogue, flow: str) -> Guide:
    guide = catalogue.by_intent(flow)
    assert guide is not None, f"no guide for {flow}"
    return guide


@pytest.mark.parametrize("flow", sorted(FLOWS))
def test_periods_written_in_flow_texts_are_the_guides(flow: str, catalogue: Catalogue) -> None:
    spec = texts().flows[flow]
    guide = _guide(catalogue, flow)
    allowed = guide_periods(guide)
    for key, said in flow_periods(spec):
        if (flow, key) in NOT_GUIDE_FACTS:
            assert said.text == NOT_GUIDE_FACTS[flow, key][0], (flow, key)
            continue
        assert said.canonical in allowed, (
            f"{spec.path}: text '{key}' says '{said.text}', which {guide.path} does not say "
            f"(it says {sorted(allowed)}): check the basis, then change the wrong one")


def test_the_exceptions_are_still_said() -> None:
    for (flow, key), (words, _) in NOT_GUIDE_FACTS.items():
        assert words in texts().flows[flow].texts[key], (flow, key)


@pytest.mark.parametrize("flow", sorted(FLOWS))
def test_period_placeholders_are_known(flow: str) -> None:
    """A new placeholder next to a period word must be added to one of the two sets above
    (and, if said, to a run), so no number escapes the comparison."""
    for key, text in texts().flows[flow].texts.items():
        for name in re.findall(r"\{(\w+)\}(?=\s*(?:个工作日|个月|年|天|日))|有效期(?:到)?\{(\w+)\}",
                               text):
            used = next(n for n in name if n)
            assert used in READ_PLACEHOLDERS | SAID_PLACEHOLDERS, (flow, key, used)


@pytest.mark.parametrize(("flow", "case"), sorted(RUNS))
def test_periods_the_kiosk_says_are_the_guides(flow: str, case: str, catalogue: Catalogue,
                                               all_offered: FlowTexts) -> None:
    turns, _ = _run(all_offered, RUNS[flow, case])
    allowed = guide_periods(_guide(catalogue, flow))
    for turn in turns:
        for said in periods(turn["say"]):
            assert said.canonical in allowed, (
                f"{flow} ({case}) says '{said.text}' in “{turn['say']}”: not in its guide")


def test_the_filled_in_periods_are_said(all_offered: FlowTexts) -> None:
    """The runs above do reach the {years} and {days} of the ID card flows."""
    turns, _ = _run(all_offered, RUNS["id_card.renew", "expired"])
    said = " ".join(t["say"] for t in turns)
    assert re.search(r"新证有效期(\d+年|长期)", said)
    assert re.search(r"大约\d+个工作日", said)


@pytest.mark.parametrize("flow", ["id_card.renew", "id_card.replace"])
def test_every_id_card_validity_is_in_the_guide(flow: str, catalogue: Catalogue) -> None:
    allowed = guide_periods(_guide(catalogue, flow))
    years = {card_validity_years(age) for age in range(0, 120)}
    assert {("月", 12.0 * y) for y in years if y is not None} <= allowed
    assert None in years and any("长期" in n for n in _guide(catalogue, flow).notes)
