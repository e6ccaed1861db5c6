"""The package's layers and its import graph, read from the code with ``ast``.

``python scripts/layers.py`` prints the graph that docs/architecture.md shows (``--update-docs``
writes it there); tests/test_layers.py checks that every import points down (or within its own layer), that there is no circle, and that
the page shows what this script prints.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = "mkdocs_report_plugin"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE

LAYERS: tuple[tuple[str, str], ...] = (
    ("model", "the data model: Result, Question, Finding, Template"),
    ("reading", "markdown structure, template specs, files in the repository, the course's checker and hand-in"),
    ("rules", "one object per rule; the registry"),
    ("check", "the one flow: text -> spec -> parse -> rules -> Result"),
    ("output", "what a Result becomes: HTML pieces, text/JSON/CSV/GitHub, the summary, the rules reference"),
    ("frontends", "MkDocs plugin, Markdown extension, CLI and batch, Python API"),
)
"""From the bottom up: a module may import its own layer and the layers below it."""


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int | None:
    """The index of the module's layer; None for the package's face (``__init__``, ``__main__``)."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    names = [name for name, _ in LAYERS]
    return names.index(parts[1]) if parts[1] in names else None


def imports_of(path: Path) -> Iterator[str]:
    """The package modules ``path`` imports (relative imports resolved), at any depth of the file."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != PACKAGE:
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield candidate if _exists(candidate) else base
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.split(".")[0] == PACKAGE)


def _exists(module: str) -> bool:
    path = ROOT.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def graph() -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports."""
    edges: dict[str, set[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        module = module_name(path)
        edges[module] = {target for target in imports_of(path) if target != module}
    return edges


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    """Every import that points to a higher layer."""
    wrong = []
    for module, targets in edges.items():
        for target in sorted(targets):
            here, there = layer_of(module), layer_of(target)
            if here is not None and there is not None and there > here:
                wrong.append(f"{module} -> {target}")
    return wrong


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def drawing(edges: dict[str, set[str]]) -> str:
    """The layers from the top down, each module with what it imports, as docs/architecture.md shows."""
    lines = []
    for position in reversed(range(len(LAYERS))):
        name, purpose = LAYERS[position]
        lines.append(f"{name}/  ({purpose})")
        for module in sorted(m for m in edges if layer_of(m) == position):
            targets = ", ".join(sorted(map(_short, edges[module]))) or "-"
            lines.append(f"    {_short(module):<34} -> {targets}")
    return "\n".join(lines) + "\n"


ARCHITECTURE = ROOT.parent / "docs" / "architecture.md"
DRAWING_HEADING = "## Layers and imports"


def update_docs(text: str) -> str:
    """docs/architecture.md with the drawing under its heading replaced by the code's."""
    page = ARCHITECTURE.read_text(encoding="utf-8")
    start = page.index("```text\n", page.index(DRAWING_HEADING)) + len("```text\n")
    end = page.index("```", start)
    return page[:start] + text + page[end:]


def _short(module: str) -> str:
    return module.removeprefix(PACKAGE + ".")


def main() -> int:
    edges = graph()
    if "--update-docs" in sys.argv:
        ARCHITECTURE.write_text(update_docs(drawing(edges)), encoding="utf-8")
    else:
        sys.stdout.write(drawing(edges))
    problems = upward_imports(edges) + [" -> ".join(group) for group in circles(edges)]
    for problem in problems:
        print("problem:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
