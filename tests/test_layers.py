"""The package's import graph, read from the code: the data model at the bottom, no circle.

Function-level imports count too: an import put off until a call is still a dependency."""

from __future__ import annotations

import ast
from pathlib import Path

import mkdocs_report_plugin

PACKAGE = Path(mkdocs_report_plugin.__file__).parent


def imports_of(module: Path) -> set[str]:
    """The package's modules that ``module`` imports anywhere in its code."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mkdocs_report_plugin."):
            found.add(node.module.split(".")[1])
    return {name.split(".")[0] for name in found}


def import_graph() -> dict[str, set[str]]:
    return {path.stem: imports_of(path) for path in PACKAGE.glob("*.py") if path.stem != "__main__"}


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` as the list of its modules, or None."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return [*path[path.index(module):], module]
        if module in done:
            return None
        for imported in sorted(graph.get(module, set())):
            circle = visit(imported, [*path, module])
            if circle:
                return circle
        done.add(module)
        return None

    return next((circle for module in sorted(graph) if (circle := visit(module, []))), None)


def test_the_package_has_no_import_circle() -> None:
    graph = import_graph()
    assert "model" in graph and "render" in graph["__init__"]  # the graph is read, lazy imports included
    assert cycle_in(graph) is None


def test_the_model_imports_nothing_of_the_package() -> None:
    assert import_graph()["model"] == set()


def test_a_circle_is_found_when_there_is_one() -> None:
    assert cycle_in({"model": {"render"}, "render": {"parse"}, "parse": {"model"}}) == ["model", "render", "parse", "model"]
