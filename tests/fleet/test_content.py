"""Content releases: signed git tags published, verified, checked and switched to."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant import config
from assistant.fleet import ContentError
from assistant.fleet.content import current_release, publish, status, update
from assistant.guides.live import LiveCatalogue

from .helpers import KIOSK, ROOT

GUIDE = Path("guides") / "户政" / "huzheng.abroad_cancellation.yaml"
GUIDE_ID = "huzheng.abroad_cancellation"


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "staff", "GIT_AUTHOR_EMAIL": "staff@kiosk.test",
           "GIT_COMMITTER_NAME": "staff", "GIT_COMMITTER_EMAIL": "staff@kiosk.test"}
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True, env=env).stdout.strip()


def keygen(path: Path) -> str:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", path.name, "-f",
                    str(path)], check=True, capture_output=True)
    return path.with_suffix(".pub").read_text().strip()


class Setup:
    """A content repository (the shipped staff files), a staff key and a kiosk var/."""

    def __init__(self, tmp: Path) -> None:
        self.repo = tmp / "content"
        self.repo.mkdir()
        shutil.copytree(ROOT / "intents", self.repo / "intents")
        shutil.copytree(ROOT / "guides", self.repo / "guides")
        git(self.repo, "init", "-q", "-b", "main")
        git(self.repo, "config", "user.name", "staff")
        git(self.repo, "config", "user.email", "staff@kiosk.test")
        self.commit("the shipped content")
        self.key = tmp / "keys" / "staff"
        self.key.parent.mkdir()
        pub = keygen(self.key)
        self.trusted = tmp / "keys" / "allowed_signers"
        self.trusted.write_text(f'staff@kiosk.test namespaces="git" {pub}\n')
        self.var = tmp / "var"
        self.var.mkdir()

    def commit(self, message: str) -> None:
        git(self.repo, "add", "-A")
        git(self.repo, "commit", "-q", "-m", message)

    def edit_guide(self, marker: str) -> None:
        path = self.repo / GUIDE
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("不收费。", f"不收费。{marker}", 1), encoding="utf-8")
        self.commit(f"guide: {marker}")

    def summary(self) -> str:
        live = LiveCatalogue(config.guides_dir())
        loaded = live.check_now()
        assert loaded is not None
        guide = loaded.catalogue.get(GUIDE_ID)
        assert guide is not None
        return guide.summary


@pytest.fixture()
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Setup:
    s = Setup(tmp_path)
    monkeypatch.setenv("KIOSK_VAR", str(s.var))
    monkeypatch.delenv("KIOSK_INTENTS", raising=False)
    monkeypatch.delenv("KIOSK_GUIDES", raising=False)
    return s


def kiosk(setup: Setup, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KIOSK, *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "KIOSK_VAR": str(setup.var)})


def test_signed_release_is_published_verified_and_used(setup: Setup) -> None:
    """The whole path through the commands, with the full checks of kiosk check."""
    assert config.guides_dir() == ROOT / "guides"  # no release yet: the installation's files
    setup.edit_guide("（第二版）")
    out = kiosk(setup, "content", "publish", "--repo", str(setup.repo), "--key",
                str(setup.key), "--tag", "v2")
    assert out.returncode == 0, out.stderr
    assert "v2" in out.stdout
    out = kiosk(setup, "content", "update", "--remote", str(setup.repo), "--trusted",
                str(setup.trusted))
    assert out.returncode == 0, out.stderr
    assert "switched to v2" in out.stdout
    current = setup.var / "content" / "current"
    assert current.is_symlink() and os.readlink(current) == "v2"
    assert config.guides_dir() == current / "guides"
    assert config.intents_dir() == current / "intents"
    assert setup.summary().endswith("（第二版）")
    status_out = kiosk(setup, "content", "status", "--json")
    st = json.loads(status_out.stdout)
    assert st["release"]["tag"] == "v2"
    assert st["parts"]["intents"]["source"] == "release v2"
    assert st["parts"]["site"]["source"] == "release v2"
    assert st["last_update"]["ok"] is True
    # the kiosk itself answers from the release
    shown = kiosk(setup, "guides", "show", GUIDE_ID, "--json")
    assert shown.returncode == 0, shown.stderr
    assert "（第二版）" in shown.stdout


def test_running_kiosk_switches_between_releases(setup: Setup) -> None:
    setup.edit_guide("（一）")
    publish(setup.repo, setup.key, tag="r1", matcher=False)
    update(str(setup.repo), setup.trusted, matcher=False)
    live = LiveCatalogue(config.guides_dir())  # as the running kiosk holds it
    first = live.check_now()
    assert first is not None
    assert first.catalogue.guides[GUIDE_ID].summary.endswith("（一）")
    setup.edit_guide("（二）")
    publish(setup.repo, setup.key, tag="r2", matcher=False)
    assert "switched to r2" in update(str(setup.repo), setup.trusted, matcher=False)
    second = live.check_now()  # between sessions: the reloader sees the new files
    assert second is not None
    assert "（二）（一）" in second.catalogue.guides[GUIDE_ID].summary
    assert current_release() == "r2"
    # updating again changes nothing
    assert "already" in update(str(setup.repo), setup.trusted, matcher=False)


def refused(setup: Setup, match: str, *, tag: str) -> None:
    before = current_release()
    with pytest.raises(ContentError, match=match):
        update(str(setup.repo), setup.trusted, matcher=False, tag=tag)
    assert current_release() == before  # the kiosk keeps the last good release
    last = status()["last_update"]
    assert last["ok"] is False


def _good_release(setup: Setup) -> None:
    setup.edit_guide("（好）")
    publish(setup.repo, setup.key, tag="good", matcher=False)
    update(str(setup.repo), setup.trusted, matcher=False)
    assert current_release() == "good"


def test_tampered_release_is_refused(setup: Setup) -> None:
    _good_release(setup)
    # someone changes the content and re-uses the signed tag's signature for it
    setup.edit_guide("（假的）")
    evil = git(setup.repo, "rev-parse", "HEAD")
    raw = git(setup.repo, "cat-file", "tag", "good")
    forged = "\n".join(f"object {evil}" if line.startswith("object ") else
                       "tag evil" if line.startswith("tag ") else line
                       for line in raw.splitlines()) + "\n"
    obj = subprocess.run(["git", "mktag"], cwd=setup.repo, input=forged, text=True,
                         capture_output=True, check=True).stdout.strip()
    git(setup.repo, "update-ref", "refs/tags/evil", obj)
    refused(setup, "signature is not valid: it was changed after signing", tag="evil")
    assert setup.summary().endswith("（好）")


def test_release_signed_by_an_unknown_key_is_refused(setup: Setup, tmp_path: Path) -> None:
    _good_release(setup)
    setup.edit_guide("（外人）")
    other = tmp_path / "keys" / "other"
    keygen(other)
    publish(setup.repo, other, tag="stranger", matcher=False)
    refused(setup, "signed by a key that is not trusted", tag="stranger")
    assert setup.summary().endswith("（好）")


def test_unsigned_release_is_refused(setup: Setup) -> None:
    _good_release(setup)
    setup.edit_guide("（没签名）")
    git(setup.repo, "tag", "-a", "-m", "no signature", "unsigned")
    refused(setup, "not signed", tag="unsigned")
    git(setup.repo, "tag", "light")
    refused(setup, "lightweight", tag="light")
    assert setup.summary().endswith("（好）")


def test_broken_release_is_refused_by_publish_and_by_update(setup: Setup) -> None:
    _good_release(setup)
    site = setup.repo / "guides" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("here: dinghai", "here: nowhere"),
                    encoding="utf-8")
    setup.commit("a typo in here:")
    with pytest.raises(ContentError, match=r"(?s)guides/site\.yaml:\d+:\d+: .*nowhere"):
        publish(setup.repo, setup.key, tag="broken", matcher=False)
    assert "broken" not in git(setup.repo, "tag")
    # signed without the checks (e.g. by hand): the kiosk checks it again and refuses
    git(setup.repo, "-c", "gpg.format=ssh", "-c", f"user.signingkey={setup.key}", "tag", "-s",
        "-m", "by hand", "broken")
    refused(setup, r"(?s)fails the checks.*\nguides/site.yaml:\d+:\d+: .*nowhere",
            tag="broken")
    assert config.guides_dir().resolve().name == "guides"
    assert config.guides_dir().resolve().parent.name == "good"
    assert not list((setup.var / "content").glob(".staging-*"))
    out = kiosk(setup, "content", "status")
    assert "good" in out.stdout and "refused" in out.stdout and "nowhere" in out.stdout


def test_running_understanding_switches_to_a_new_release(setup: Setup) -> None:
    """LiveNLU (the running kiosk's understanding) follows var/content/current, between
    sessions (:func:`refresh`, as the session host calls it for the next person)."""
    from assistant.nlu.live import LiveNLU, refresh

    publish(setup.repo, setup.key, tag="n1", matcher=False)
    update(str(setup.repo), setup.trusted, matcher=False)
    live = LiveNLU(config.intents_dir(), background=False)
    new = "阿拉个身份证老早过期了想调张新个"

    def examples() -> set[str]:
        return {e.source for i in live.matcher.intents for e in i.examples}

    assert new not in examples()
    path = setup.repo / "intents" / "id_card.yaml"
    text = path.read_text(encoding="utf-8")
    first = "      - 我身份证过期了\n"
    path.write_text(text.replace(first, f"{first}      - {new}\n", 1), encoding="utf-8")
    setup.commit("a Wu phrasing")
    publish(setup.repo, setup.key, tag="n2", matcher=False)
    update(str(setup.repo), setup.trusted, matcher=False)
    assert new not in examples()  # never inside a conversation
    assert refresh(live)
    assert new in examples()


def test_three_kiosks_update_sync_and_report_the_release(setup: Setup, tmp_path: Path,
                                                         fleet_dsn: str) -> None:
    """publish → update on three kiosks → sync → the fleet report shows who runs what."""
    import time

    from assistant.fleet.report import today_start

    from .helpers import add_sessions

    setup.edit_guide("（全网）")
    publish(setup.repo, setup.key, tag="net-1", matcher=False)
    sites = {"dinghai-01": "dinghai", "dinghai-02": "dinghai", "daishan-01": "daishan"}
    for n, (kiosk_id, site) in enumerate(sites.items()):
        var = tmp_path / kiosk_id
        var.mkdir()
        env = {**os.environ, "KIOSK_VAR": str(var), "KIOSK_ID": kiosk_id, "KIOSK_SITE": site,
               "KIOSK_FLEET_DSN": fleet_dsn}
        if kiosk_id != "daishan-01":  # the third kiosk missed the update
            up = subprocess.run([*KIOSK, "content", "update", "--remote", str(setup.repo),
                                 "--trusted", str(setup.trusted), "--no-matcher"], cwd=ROOT,
                                env=env, capture_output=True, text=True)
            assert up.returncode == 0, up.stderr
        # today's report: ten minutes ago, but never before midnight (it failed at 00:05)
        add_sessions(var / "kiosk.db", 5 + n, start=max(time.time() - 600, today_start() + 1))
        out = subprocess.run([*KIOSK, "sync"], cwd=ROOT, env=env, capture_output=True,
                             text=True)
        assert out.returncode == 0, out.stderr
    report = subprocess.run([*KIOSK, "report", "--fleet", "--dsn", fleet_dsn, "--json"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    data = json.loads(report)
    assert {m["kiosk_id"]: m["release"] for m in data["machines"]} == {
        "dinghai-01": "net-1", "dinghai-02": "net-1", "daishan-01": ""}
    assert {s["site_id"]: s["sessions"] for s in data["sites"]} == {"dinghai": 5 + 6,
                                                                   "daishan": 7}
    assert data["sessions"] == 18
