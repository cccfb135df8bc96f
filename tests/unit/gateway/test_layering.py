"""The gateway's parts depend one way: no two of its packages or top-level modules import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GATEWAY = Path(__file__).resolve().parents[3] / "services" / "gateway"
PREFIX = "services.gateway."


def _unit(module: str) -> str:
    """``services.gateway.keys.routes`` → ``keys``: a top-level package or module is one unit."""
    return module.removeprefix(PREFIX).split(".")[0]


def import_graph(root: Path = GATEWAY) -> dict[str, set[str]]:
    """Unit → the other units it imports (every import statement, at any depth of the file)."""
    graph: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        unit = path.relative_to(root).parts[0].removesuffix(".py")
        targets = graph.setdefault(unit, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            targets.update(_unit(n) for n in names if n.startswith(PREFIX))
        targets.discard(unit)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Pairs of units that reach each other."""

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reached = {unit: reach(unit) for unit in graph}
    return sorted((a, b) for a in graph for b in reached[a] if a < b and a in reached[b])


def test_no_two_parts_of_the_gateway_import_each_other():
    assert cycles(import_graph()) == []


@pytest.mark.parametrize(
    ("graph", "found"),
    [
        ({"auth": {"keys"}, "keys": {"auth"}}, [("auth", "keys")]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [("a", "b"), ("a", "c"), ("b", "c")]),
        ({"app": {"keys", "auth"}, "auth": {"keys"}, "keys": set()}, []),
    ],
)
def test_the_check_finds_a_planted_cycle(graph, found):
    assert cycles(graph) == found
