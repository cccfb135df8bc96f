"""The import graph follows docs/architecture.md: services apart, shared below them, packages one way.

The drawing in the document is the rule: each ```mermaid block names its package in a ``%%`` comment,
and ``a --> b`` means that ``a`` may import ``b`` and whatever ``b`` may import. The imports are read
from the source (every ``import``, also inside functions), never by importing anything.
"""

from __future__ import annotations

import ast
import re
import shutil
import sys
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
SERVICES = ("services.validation", "services.sfi_schedule", "services.gateway")
# The suite's own composition (``lotsen`` commands): it starts and migrates every service, and no service uses it.
SUITE = ("services.cli", "services.registry")


def module_name(path: Path) -> str:
    """``services/sfi_schedule/enrolment/service.py`` → ``services.sfi_schedule.enrolment.service``."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def known_modules() -> frozenset[str]:
    """Every module and package of the project's own code."""
    files = [*ROOT.glob("services/**/*.py"), *ROOT.glob("shared/**/*.py")]
    return frozenset(module_name(f) for f in files)


def imports_of(path: Path) -> Iterator[tuple[str, int]]:
    """The project modules ``path`` imports, with line numbers (``from pkg import mod`` names ``pkg.mod``)."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known_modules() else base for a in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] in ("services", "shared"):
                yield target, node.lineno


def node_of(module: str, service: str) -> str | None:
    """The package (or root module) of ``service`` that ``module`` belongs to; None for the service's root."""
    rest = module.removeprefix(service).lstrip(".")
    return rest.split(".")[0] or None


def drawn_graphs() -> dict[str, dict[str, set[str]]]:
    """Package name → the edges drawn for it in docs/architecture.md."""
    graphs: dict[str, dict[str, set[str]]] = {}
    for block in re.findall(r"```mermaid\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL):
        lines = block.splitlines()
        name = lines[0].removeprefix("%%").strip()
        edges = graphs.setdefault(name, {})
        for line in lines[1:]:
            if "-->" not in line or line.lstrip().startswith("%%"):
                continue
            steps = [[n.strip() for n in step.split("&")] for step in line.split("-->")]
            for sources, targets in pairwise(steps):
                for source in sources:
                    edges.setdefault(source, set()).update(targets)
                    for target in targets:
                        edges.setdefault(target, set())
    return graphs


def reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    """Every node ``start`` may import: those drawn below it, directly or through others."""
    seen: set[str] = set()
    todo = list(edges.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return seen


def actual_edges(service: str) -> Iterator[tuple[str, str, str]]:
    """(importing node, imported node, where) for every import between two nodes of ``service``."""
    folder = ROOT.joinpath(*service.split("."))
    for path in sorted(folder.rglob("*.py")):
        source = node_of(module_name(path), service)
        for target, line in imports_of(path):
            if not target.startswith(service + ".") and target != service:
                continue
            imported = node_of(target, service)
            if source is not None and imported is not None and imported != source:
                yield source, imported, f"{path.relative_to(ROOT)}:{line}"


def project_files() -> Iterator[Path]:
    """Every source file of the services and of shared."""
    yield from sorted(ROOT.glob("services/**/*.py"))
    yield from sorted(ROOT.glob("shared/**/*.py"))


def service_of(module: str) -> str | None:
    """The service (or suite module) ``module`` belongs to; None for shared and anything else."""
    return next((s for s in (*SERVICES, *SUITE) if module == s or module.startswith(s + ".")), None)


def test_a_service_never_imports_another_service_and_shared_imports_none():
    wrong = []
    for path in project_files():
        owner = service_of(module_name(path))
        if owner in SUITE:
            continue
        for target, line in imports_of(path):
            into = service_of(target)
            if into is not None and into != owner:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert wrong == [], "services stay apart and shared imports no service:\n" + "\n".join(wrong)


@pytest.mark.parametrize("service", SERVICES)
def test_the_drawn_graph_is_acyclic_and_names_every_package(service):
    edges = drawn_graphs().get(service)
    assert edges, f"docs/architecture.md has no ```mermaid block headed '%% {service}'"
    cyclic = sorted(node for node in edges if node in reachable(edges, node))
    assert cyclic == [], f"the graph drawn for {service} has a cycle through {cyclic}"
    folder = ROOT.joinpath(*service.split("."))
    packages = {p.name for p in folder.iterdir() if (p / "__init__.py").exists()}
    present = packages | {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    assert present - set(edges) == set(), f"draw these parts of {service} in docs/architecture.md"
    assert set(edges) - present == set(), f"docs/architecture.md draws parts {service} does not have"


def violations(service: str) -> list[str]:
    """Every import inside ``service`` that the graph drawn for it does not allow."""
    edges = drawn_graphs()[service]
    return sorted({
        f"{where}: {source} imports {imported}"
        for source, imported, where in actual_edges(service)
        if imported not in reachable(edges, source)
    })  # fmt: skip


@pytest.mark.parametrize("service", SERVICES)
def test_packages_inside_a_service_import_only_what_is_drawn_below_them(service):
    wrong = violations(service)
    assert wrong == [], (
        f"imports against the graph drawn for {service} in docs/architecture.md (draw the edge if it is meant, "
        "and keep the graph acyclic):\n" + "\n".join(wrong)
    )


@pytest.mark.parametrize("service", SERVICES)
def test_a_planted_import_against_the_graph_is_caught(service, tmp_path, monkeypatch):
    """The check can fail: a copy of the service with one import a leaf package may not make is refused."""
    edges = drawn_graphs()[service]
    leaf = next(n for n in sorted(edges) if not edges[n] and (ROOT.joinpath(*service.split("."), n)).is_dir())
    higher = next(n for n in sorted(edges) if n != leaf)  # a leaf may import nothing of its service
    folder = ROOT.joinpath(*service.split("."))
    copy = tmp_path.joinpath(*service.split("."))
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.pyc", "__pycache__", "*.sql", "*.po", "*.mo"))
    planted = copy / leaf / "planted.py"
    planted.write_text(f"from {service}.{higher} import something  # noqa\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    known_modules.cache_clear()
    try:
        wrong = violations(service)
    finally:
        known_modules.cache_clear()
    assert wrong == [f"{planted.relative_to(tmp_path)}:1: {leaf} imports {higher}"]


def test_a_planted_import_of_a_service_from_shared_is_caught(tmp_path, monkeypatch):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "planted.py").write_text("import services.gateway.app\n", encoding="utf-8")
    (tmp_path / "services" / "gateway").mkdir(parents=True)
    (tmp_path / "services" / "gateway" / "app.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    known_modules.cache_clear()
    try:
        with pytest.raises(AssertionError, match=re.escape("shared/planted.py:1 imports services.gateway.app")):
            test_a_service_never_imports_another_service_and_shared_imports_none()
    finally:
        known_modules.cache_clear()
