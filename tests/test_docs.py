"""The docs say what the program does: every command is documented, examples still work."""

import argparse
import re

from assistant.cli import build_parser
from assistant.config import PROJECT_ROOT


def commands() -> list[str]:
    """Every ``kiosk …`` command path, e.g. ``intents lint`` or ``bench nlu``."""
    out: list[str] = []

    def walk(parser: argparse.ArgumentParser, prefix: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    path = f"{prefix} {name}".strip()
                    has_children = any(
                        isinstance(a, argparse._SubParsersAction) for a in child._actions
                    )
                    if has_children:
                        walk(child, path)
                    else:
                        out.append(path)

    walk(build_parser(), "")
    return out


def test_readme_documents_every_command() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`kiosk ([a-z][a-z ]*?)(?: \[|\s*[A-Z-]|`)", readme))
    missing = [c for c in commands() if not any(d.startswith(c) for d in documented)]
    assert missing == [], f"add these to the README's command table: {missing}"


def test_quick_start_commands_exist() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for script in ("scripts/kiosk.sh", "scripts/test.sh"):
        assert f"bash {script}" in readme
        assert (PROJECT_ROOT / script).is_file()
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in ci  # CI runs exactly the README's test command


def test_command_table_matches_what_modules_register() -> None:
    from assistant.cli import COMMANDS

    for module, declared in COMMANDS.items():
        registered = {c if c.startswith("bench ") else c.split()[0] for c in commands_of(module)}
        assert registered == set(declared), module


def commands_of(module: str) -> list[str]:
    out: list[str] = []
    parser = build_parser([module])
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                if name != "bench":
                    out.append(name)
                    continue
                for a in child._actions:
                    if isinstance(a, argparse._SubParsersAction):
                        out.extend(f"bench {w}" for w in a.choices)
    return out
