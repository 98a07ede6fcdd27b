"""``kiosk run`` never goes dark: without a model or microphone it says why and serves typing."""

import os
import subprocess
import sys
from pathlib import Path


def run_kiosk(tmp_path: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_MODEL": str(tmp_path / "no-model"), "KIOSK_VAR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "assistant", "run", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_without_a_model_it_says_why_and_runs_the_typed_dialog(tmp_path: Path) -> None:
    result = run_kiosk(tmp_path, "我身份证丢了\n")
    assert result.returncode == 0, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("kiosk: typed conversation — no speech model at ")
    assert str(tmp_path / "no-model") in first
    assert "kiosk model install" in first
    assert "您好" in result.stdout  # the greeting
    assert "补领身份证" in result.stdout or "补领" in result.stdout  # the request was understood


def test_typed_mode_on_request(tmp_path: Path) -> None:
    result = run_kiosk(tmp_path, "", "--typed")
    assert result.returncode == 0, result.stderr
    assert (
        result.stderr.splitlines()[0]
        == "kiosk: typed conversation — typed mode requested (--typed)"
    )


def test_site_devices_reach_the_typed_dialog(tmp_path: Path) -> None:
    """``kiosk run --site-devices household`` (a convenience site without the traffic
    terminal): paying a fine sends the person to a site that has one, as ``kiosk chat
    --site-devices`` does; without the option the fine is paid here."""
    keys = "<key:3>\n<key:1>\n"
    here = run_kiosk(tmp_path, keys, "--typed", "--site-devices", "household")
    assert here.returncode == 0, here.stderr
    assert "结束 redirected" in here.stdout, here.stdout[-600:]
    everywhere = run_kiosk(tmp_path, keys, "--typed")
    assert "结束 redirected" not in everywhere.stdout
    assert "请说车牌号" in everywhere.stdout
