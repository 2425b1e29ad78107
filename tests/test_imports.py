"""kg's modules import each other without cycles: data flows one way through the pipeline.

Every import statement is counted, at the top of a module or inside a function, so a cycle cannot
hide behind an import made late."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kg"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> set[str]:
    """The kg modules ``name`` imports (``from kg import rdf`` imports kg.rdf)."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {module for module in found if module in MODULES and module != name}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph``, as the modules along it, or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_imports_have_no_cycle():
    graph = {name: _imports(name) for name in MODULES}
    assert _cycle(graph) is None, " → ".join(_cycle(graph))


@pytest.mark.parametrize("graph, cycle", [
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
    ({"a": {"b"}, "b": set(), "c": {"a", "b"}}, None),
])
def test_imports_cycle_finder_finds_a_cycle_and_only_a_cycle(graph, cycle):
    assert _cycle(graph) == cycle


def test_imports_engines_know_nothing_of_the_pipeline():
    """An engine runs the functions it is given (kg.pipeline's); it never imports them."""
    engines = [name for name in MODULES if name.startswith("kg.engines")]
    assert engines and all("kg.pipeline" not in _imports(name) for name in engines)
