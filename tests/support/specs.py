"""Template specs written for the tests: the shipped 2026 spec with questions changed, and one that cannot be used."""

from __future__ import annotations

from pathlib import Path

from mkdocs_report_plugin.model.report import Constraints, Range, Template
from mkdocs_report_plugin.reading.shipped import shipped_specs
from mkdocs_report_plugin.reading.spec import spec_to_yaml

BAD_SPEC = 'spec: 1\nname: "x"\ngeneration: "2027"\ncolour: blue\nquestions:\n  - {number: 1}\n'
Q14_150_250 = {14: Constraints(words=Range(150, 250), images=Range(1, 3))}


def write_spec(path: Path, changes: dict[int, Constraints] | None = None, name: str = "02476 (2027)") -> Path:
    """The 2026 spec as a file, with ``changes`` put over its questions."""
    constraints = {**shipped_specs()["2026"].constraints, **(changes or {})}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(spec_to_yaml(Template("2027", len(constraints), constraints), name), encoding="utf-8")
    return path
