"""One content release for every site: ``KIOSK_SITE`` chooses this kiosk's site."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.dialog.directions import _payment_at
from assistant.fleet.identity import site_id
from assistant.guides.nodes import Reader
from assistant.guides.site import SITE_ENV, here_id, read_network

SITE = Path(__file__).resolve().parents[2] / "guides" / "site.yaml"


def test_here_comes_from_the_file_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SITE_ENV, raising=False)
    network = read_network(SITE, Reader(str(SITE)))
    assert network is not None and network.here.id == "dinghai"


def test_kiosk_site_chooses_another_site(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SITE_ENV, "putuo")
    network = read_network(SITE, Reader(str(SITE)))
    assert network is not None and network.here.id == "putuo"
    # 定海 offers card and cash; 普陀 lists no payment, so QR only
    methods, _ = _payment_at.__wrapped__(SITE, (0, 0))
    assert methods == ("qr",)


def test_unknown_site_is_a_problem_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SITE_ENV, "nowhere")
    reader = Reader(str(SITE))
    assert read_network(SITE, reader) is None
    text = "\n".join(str(p) for p in reader.problems)
    assert "KIOSK_SITE=nowhere names site 'nowhere'" in text and "putuo" in text


def test_fleet_reports_the_site_the_kiosk_chose(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    """The site id shipped to the fleet server is the site the kiosk serves as: the same
    variable, else the same ``here:`` of the same file."""
    monkeypatch.delenv(SITE_ENV, raising=False)
    assert site_id(guides=SITE.parent) == here_id(SITE.parent) == "dinghai"
    monkeypatch.setenv(SITE_ENV, "putuo")
    assert site_id(guides=SITE.parent) == here_id(SITE.parent) == "putuo"
    monkeypatch.delenv(SITE_ENV)
    assert here_id(tmp_path) == site_id(guides=tmp_path) == ""  # no site file: no site
