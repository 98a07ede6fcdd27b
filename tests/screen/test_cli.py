"""``--screen`` on the command line: the page starts, its URL is on stderr, output unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from assistant.cli import build_parser

SCRIPT = "<key:1>\n<key:1>\n<card:expired>\n<face:ok>\n<photo:ok>\n<key:1>\n<key:1>\n<pay:ok>\n"


def kiosk(tmp_path: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_MODEL": str(tmp_path / "no-model"), "KIOSK_VAR": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin,
                          capture_output=True, text=True, timeout=120, env=env)


def test_chat_script_on_screen_writes_the_same_turns(tmp_path: Path) -> None:
    plain = kiosk(tmp_path, SCRIPT, "chat", "--script", "-", "--json", "--no-nlu",
                  "--today", "2026-12-02")
    shown = kiosk(tmp_path, SCRIPT, "chat", "--script", "-", "--json", "--no-nlu",
                  "--today", "2026-12-02", "--screen", "--screen-port", "0")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == plain.stdout and shown.stdout.count("\n") == 9
    assert "kiosk: screen at http://127.0.0.1:" in shown.stderr


def test_run_typed_fallback_shows_the_screen(tmp_path: Path) -> None:
    result = kiosk(tmp_path, "<key:1>\n", "run", "--typed", "--screen", "--screen-port", "0")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "kiosk: typed conversation — typed mode requested (--typed)"
    assert any(line.startswith("kiosk: screen at http://127.0.0.1:") for line in lines)
    assert "您好" in result.stdout


def test_screen_options_are_on_chat_and_run() -> None:
    parser = build_parser()
    for command in ("chat", "run"):
        args = parser.parse_args([command, "--screen", "--screen-port", "9000",
                                  "--screen-host", "0.0.0.0"])
        assert (args.screen, args.screen_port, args.screen_host) == (True, 9000, "0.0.0.0")
        args = parser.parse_args([command])
        assert (args.screen, args.screen_port, args.screen_host) == (False, 8765, "127.0.0.1")
