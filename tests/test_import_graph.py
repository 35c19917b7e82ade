"""The modules of ``simulator`` import one another without cycles and without an arrow
pointing up the layers (core below the data files, storage, reports, the interfaces and
the command line). The graph is read from the source's syntax trees, every import
counted: at the top of a module, under ``TYPE_CHECKING`` and inside functions (an import
deferred to keep start-up cheap is still an arrow)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import simulator

SOURCE = Path(simulator.__file__).resolve().parent

LAYERS: tuple[tuple[str, ...], ...] = (
    ("__init__", "docpaths", "plaintext", "kinds", "lint_codes"),
    ("scenario",),
    ("engine",),
    ("analysis",),
    ("agents",),
    ("datafiles",),
    ("scenario_files",),
    ("storage",),
    ("replay", "report", "sweep"),
    ("batch", "views", "view_models", "previews"),
    ("round_clock",),
    ("host",),
    ("tui",),
    ("net",),
    ("commands",),
    ("cli", "__main__"),
)
"""The parts of the package from the bottom up: a module imports from its own layer or
the ones below it, never from above."""

KNOWN_CYCLES: dict[frozenset[str], str] = {}
"""Cycles still to be broken, each named with why it exists; any other cycle fails."""


def modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the package: its file, and whether it is a package's __init__."""
    found = {}
    for path in SOURCE.rglob("*.py"):
        parts = ["simulator", *path.relative_to(SOURCE).with_suffix("").parts]
        package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if package else parts)] = (path, package)
    return found


def _targets(node: ast.Import | ast.ImportFrom, name: str, package: bool) -> Iterator[str]:
    """The modules an import statement in module ``name`` names."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = name if package else name.rpartition(".")[0]
    for _ in range(node.level - 1):
        base = base.rpartition(".")[0]
    module = node.module or ""
    if node.level:
        module = f"{base}.{module}" if module else base
    yield module
    yield from (f"{module}.{alias.name}" for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, (path, package) in known.items():
        arrows = graph.setdefault(name, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                arrows |= {t for t in _targets(node, name, package) if t in known and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm,
    without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def layer(module: str) -> int:
    """The layer of ``module`` (its part of the package: the name after ``simulator.``)."""
    part = module.split(".")[1] if "." in module else "__init__"
    for number, parts in enumerate(LAYERS):
        if part in parts:
            return number
    raise AssertionError(
        f"{module}: its part {part!r} is in no layer: add it to LAYERS in {__file__}"
    )


def test_the_graph_is_read_from_the_source() -> None:
    """The graph holds arrows that are really there: at the top of a module, inside a
    function and under ``TYPE_CHECKING``."""
    graph = import_graph()
    assert "simulator.datafiles.reader" in graph["simulator.scenario_files"]
    assert "simulator.commands.report" in graph["simulator.commands.records"]
    assert "simulator.report.pages" in graph["simulator.commands.report"]


def test_the_cycle_finder_finds_cycles() -> None:
    """A two-module and a three-module cycle are found; a chain is not a cycle."""
    graph = {"a": {"b"}, "b": {"a", "c"}, "c": {"d"}, "d": {"e"}, "e": {"c"}, "f": {"a"}}
    assert sorted(map(sorted, cycles(graph))) == [["a", "b"], ["c", "d", "e"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_no_new_import_cycle() -> None:
    """No module imports, directly or through others, a module that imports it, except
    the cycles named in KNOWN_CYCLES."""
    unknown = [
        sorted(cycle)
        for cycle in cycles(import_graph())
        if not any(cycle <= known for known in KNOWN_CYCLES)
    ]
    assert unknown == [], f"import cycles: {unknown}"


def test_no_arrow_points_up() -> None:
    """Every import goes to the module's own layer or one below it."""
    upward = sorted(
        f"{source} -> {target}"
        for source, targets in import_graph().items()
        for target in targets
        if layer(target) > layer(source)
    )
    assert upward == [], "imports pointing up the layers:\n" + "\n".join(upward)
