"""The layers of issue 15: ``assistant.domain`` depends on nothing of the kiosk; the
adapters and the dialog both use the domain and not each other — checked on every import
of every module, including imports inside functions (``ast``, no module is run)."""

from __future__ import annotations

import ast
from pathlib import Path

import assistant

PACKAGE = Path(assistant.__file__).parent

KNOWN: dict[tuple[str, str], str] = {
    ("assistant.dialog.crash", "assistant.adapters.devices"):
        "the crash harness drives a whole kiosk; moves to assistant/bench/ (issue 15 item 6)",
    ("assistant.dialog.crash", "assistant.adapters.runner"):
        "the crash harness drives a whole kiosk; moves to assistant/bench/ (issue 15 item 6)",
}
"""Edges that remain for now: (importing module, imported module) → why."""
FORBIDDEN = (("assistant.adapters", "assistant.dialog"), ("assistant.dialog", "assistant.adapters"))
"""(importer package, imported package) pairs that must not occur."""
DOMAIN_MAY_IMPORT = ("assistant.domain", "assistant.errors")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, at top level or inside functions (``from x import y``
    counts as ``x``, and as ``x.y`` too when that is a module)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names
                         if _is_module(f"{base}.{alias.name}"))
    return {m for m in found if m == "assistant" or m.startswith("assistant.")}


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def edges() -> set[tuple[str, str]]:
    return {(module_name(p), m) for p in PACKAGE.rglob("*.py") for m in imports_of(p)}


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_adapters_and_dialog_do_not_import_each_other() -> None:
    bad = sorted((a, b) for a, b in edges() for pa, pb in FORBIDDEN
                 if _in(a, pa) and _in(b, pb) and (a, b) not in KNOWN)
    assert bad == [], "\n".join(f"{a} imports {b}" for a, b in bad)


def test_the_known_exceptions_still_exist() -> None:
    """An exception that was removed is taken off the list (it must not hide a new edge)."""
    assert set(KNOWN) <= edges()


def test_the_domain_imports_only_itself_and_the_errors() -> None:
    bad = sorted((a, b) for a, b in edges() if _in(a, "assistant.domain")
                 and not any(_in(b, ok) for ok in DOMAIN_MAY_IMPORT) and b != "assistant")
    assert bad == [], bad


def test_the_walk_sees_imports_inside_functions() -> None:
    found = imports_of(PACKAGE / "dialog" / "crash.py")
    assert "assistant.adapters.runner" in found  # imported inside a function there
