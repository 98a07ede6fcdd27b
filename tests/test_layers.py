"""The layers of issue 15: ``assistant.domain`` depends on nothing of the kiosk; the
adapters and the dialog both use the domain and not each other; no two packages import
each other, directly or round a longer loop — checked on every import of every module,
including imports inside functions (``ast``, no module is run)."""

from __future__ import annotations

import ast
from pathlib import Path

import assistant

PACKAGE = Path(assistant.__file__).parent

KNOWN: dict[tuple[str, str], str] = {}
"""Module edges between the adapters and the dialog that remain for now: (importing
module, imported module) → why.  Empty since the crash harness moved to
``assistant/bench/`` (issue 15 item 6); keep it empty."""
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
    found = imports_of(PACKAGE / "bench" / "crash.py")
    assert "assistant.adapters.runner" in found  # imported inside a function there


# --------------------------------------------------------------------------- package cycles
KNOWN_CYCLE_EDGES: dict[tuple[str, str], str] = {}
"""Package edges excused from :func:`test_no_import_cycles` (importer, imported) → why.
Empty since issue 15: guides <-> idle (the announcement reader moved to
``guides/announcements.py``), dialog <-> chat (benches to ``assistant/bench/``), chat <->
screen (the session host), guides -> chat/dialog (``kiosk guides ask`` is ``assistant/ask.py``,
a front end), guides/nlu -> staff (the wording is ``assistant/wording.py``; ``kiosk nlu``
and ``kiosk intents`` are ``staff/cli.py``), report <-> fleet (``assistant/reporting.py``),
nlu -> guides (``load_nlu`` takes the guide finder; ``kiosk bench nlu`` is
``assistant/bench/nlu.py``).  Keep it empty: a new cycle is removed, not excused."""


def package_of(module: str) -> str:
    """``assistant.nlu.live`` → ``assistant.nlu``; a top-level module is its own package
    (``assistant.chat``)."""
    return ".".join(module.split(".")[:2])


def package_edges() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(importer package, imported package) → the module imports behind it."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for a, b in sorted(edges()):
        pa, pb = package_of(a), package_of(b)
        if pa != pb and "assistant" not in (pa, pb):
            out.setdefault((pa, pb), []).append((a, b))
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one package (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def _graph_without(known: set[tuple[str, str]]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for a, b in package_edges():
        if (a, b) not in known:
            graph.setdefault(a, set()).add(b)
    return graph


def test_no_import_cycles() -> None:
    """No package imports a package that (directly or through others) imports it."""
    pairs = package_edges()
    found = cycles(_graph_without(set(KNOWN_CYCLE_EDGES)))
    lines = []
    for part in found:
        lines.append(" <-> ".join(part) + ":")
        lines += [f"    {x} imports {y}" for (pa, pb), mods in pairs.items()
                  if pa in part and pb in part for x, y in mods]
    assert found == [], "import cycles between packages:\n" + "\n".join(lines)


def test_no_cycle_is_excused() -> None:
    """:data:`KNOWN_CYCLE_EDGES` stays empty: a cycle is removed, not listed."""
    assert KNOWN_CYCLE_EDGES == {}


def test_the_cycle_check_finds_a_cycle_through_three_packages() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}}) == []


def test_a_new_cycle_in_the_real_graph_is_found() -> None:
    """The check walks the kiosk's real imports: one import from the domain back up to the
    session layer (the session uses the dialog, which uses the domain) closes a cycle, and
    :func:`cycles` finds it with the packages on the way."""
    graph = _graph_without(set(KNOWN_CYCLE_EDGES))
    graph.setdefault("assistant.domain", set()).add("assistant.session")
    [part] = cycles(graph)
    assert {"assistant.domain", "assistant.dialog", "assistant.session"} <= set(part)
