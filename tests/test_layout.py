"""The code's layout stays as README's "How the code is laid out" says: no import cycle
between modules of geomap/ or gazetteer/ (imports inside functions count), no module over
600 lines, no private name imported from another module, and the gazetteer package never
imports geomap."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("geomap", "gazetteer")
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    mods = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            mods[".".join(parts)] = path
    return mods


def _imports(name: str, path: Path, mods: dict[str, Path]) -> list[tuple[str, str, int]]:
    """(imported module, imported name or '', line) for every import of a project module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                if f"{module}.{alias.name}" in mods:
                    found.append((f"{module}.{alias.name}", "", node.lineno))
                elif module in mods:
                    found.append((module, alias.name, node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in mods:
                    found.append((alias.name, "", node.lineno))
    return found


MODULES = _modules()
GRAPH = {name: {m for m, _, _ in _imports(name, path, MODULES) if m != name} for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    assert _cycles(GRAPH) == []


def test_gazetteer_stands_alone():
    leaks = [(name, dep) for name, deps in GRAPH.items() if name.startswith("gazetteer")
             for dep in deps if dep.startswith("geomap")]
    assert leaks == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_size(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(ROOT)} has {lines} lines"


def test_no_private_names_imported_across_modules():
    private = [f"{MODULES[name].relative_to(ROOT)}:{line} imports {imported}.{attr}"
               for name, path in MODULES.items()
               for imported, attr, line in _imports(name, path, MODULES)
               if attr.startswith("_") and not attr.startswith("__") and imported != name]
    assert private == []


def test_api_names_are_not_shadowed_by_subpackages(gazetteer_store):
    """``geomap.geoparse`` is the API function even after the geoparsing package is imported
    (a subpackage named like an API function would replace it on first import)."""
    import subprocess
    import sys

    code = ("import geomap, geomap.geoparsing, geomap.events, geomap.io, geomap.engine, geomap.maps\n"
            "a = geomap.geoparse('Drones hit Izmail.')\n"
            "b = geomap.geoparse('Drones hit Izmail.')\n"
            "print(callable(geomap.geoparse), len(a) == len(b) > 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True"]
