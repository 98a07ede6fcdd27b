"""Happy paths finish in time: ≤ 180 s at the default speech rate, ≤ 300 s at the slowest.

Simulated time (``elapsed_s``): speech at the session's rate, device durations, listening
windows.  The slowest-rate run says '慢一点' at the menu until the rate is at its lowest
step, then plays the same happy script; the time of those requests is included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.chat import new_session

from .helpers import TODAY
from .test_golden import GOLDEN, _real_nlu, _texts_for

HAPPY = sorted(GOLDEN.glob("*_happy.script"))
DEFAULT_LIMIT_S = 180.0
SLOWEST_LIMIT_S = 300.0


def _play(script: Path, *, slowest: bool) -> dict[str, Any]:
    session = new_session(_texts_for(script), nlu=_real_nlu(), today=TODAY)
    session.start()
    rates = session.dialog.config.rates
    if slowest:
        for _ in rates:
            if session.dialog.rate == min(rates):
                break
            session.step("慢一点")
        assert session.dialog.rate == min(rates)
    last: dict[str, Any] = {}
    for line in script.read_text(encoding="utf-8").splitlines():
        last = session.step(line)
    return last


def test_every_flow_has_a_happy_path() -> None:
    from assistant.dialog.flows import FLOWS

    assert {s.stem.removesuffix("_happy") for s in HAPPY} == {
        f.replace(".", "_") for f in FLOWS}


@pytest.mark.parametrize("script", HAPPY, ids=[s.stem for s in HAPPY])
def test_happy_path_at_default_rate(script: Path) -> None:
    last = _play(script, slowest=False)
    assert last["outcome"] == "completed"
    assert last["elapsed_s"] <= DEFAULT_LIMIT_S, f"{script.stem}: {last['elapsed_s']} s"


@pytest.mark.parametrize("script", HAPPY, ids=[s.stem for s in HAPPY])
def test_happy_path_at_slowest_rate(script: Path) -> None:
    last = _play(script, slowest=True)
    assert last["outcome"] == "completed"
    assert last["elapsed_s"] <= SLOWEST_LIMIT_S, f"{script.stem}: {last['elapsed_s']} s"
