"""The session layer sits under every front end (issue 15 item 1): it imports no front end;
the screen and the voice runtime use it, never ``chat.py``; nothing under ``voice/`` keeps
bench code (item 6).  Every import counts, including imports inside functions."""

from __future__ import annotations

from pathlib import Path

import pytest

import assistant

PACKAGE = Path(assistant.__file__).parent
FRONT_ENDS = ("assistant.chat", "assistant.screen", "assistant.voice", "assistant.run",
              "assistant.cli", "assistant.bench")


def _imports(folder: str) -> dict[str, set[str]]:
    from test_layers import imports_of, module_name

    return {module_name(p): imports_of(p) for p in (PACKAGE / folder).rglob("*.py")}


def _hits(imported: set[str], banned: tuple[str, ...]) -> set[str]:
    return {m for m in imported if any(m == b or m.startswith(b + ".") for b in banned)}


def test_the_session_layer_imports_no_front_end() -> None:
    found = {mod: _hits(imps, FRONT_ENDS) for mod, imps in _imports("session").items()}
    assert {mod: hits for mod, hits in found.items() if hits} == {}


@pytest.mark.parametrize("folder", ["screen", "voice"])
def test_screen_and_voice_do_not_import_chat(folder: str) -> None:
    found = {mod: _hits(imps, ("assistant.chat",)) for mod, imps in _imports(folder).items()}
    assert {mod: hits for mod, hits in found.items() if hits} == {}


def test_voice_keeps_no_bench_code() -> None:
    assert not (PACKAGE / "voice" / "bench.py").exists()
    assert not (PACKAGE / "voice" / "soak.py").exists()
    found = {mod: _hits(imps, ("assistant.bench",)) for mod, imps in _imports("voice").items()}
    assert {mod: hits for mod, hits in found.items() if hits} == {}
