"""docs/hardening.md names the test that holds each promise: every name it gives must be a real test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "docs" / "hardening.md"


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def _every_test() -> set[str]:
    return set().union(*(_tests_in(path) for path in (REPO / "tests").glob("test_*.py")))


def _issue_18_rows() -> list[str]:
    section = PAGE.read_text(encoding="utf-8").split("## Issue 18, promise by promise", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| Promise")]


def test_every_test_the_page_names_by_file_exists_in_that_file() -> None:
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", PAGE.read_text(encoding="utf-8"))
    assert len(named) >= 30, "the page names fewer tests than it did: was the table reformatted?"
    missing = [f"{file}::{name}" for file, name in named
               if not (REPO / file).is_file() or name not in _tests_in(REPO / file)]  # fmt: skip
    assert missing == [], f"docs/hardening.md names tests that do not exist: {missing}"


def test_every_test_the_page_names_alone_exists_somewhere() -> None:
    names = set(re.findall(r"`(test_\w+)`", PAGE.read_text(encoding="utf-8")))
    assert names, "the page names no test by itself any more: was the table reformatted?"
    assert sorted(names - _every_test()) == []


def test_every_promise_of_issue_18_has_a_row_that_names_a_test() -> None:
    rows = _issue_18_rows()
    assert len(rows) >= 15
    without = [row[:80] for row in rows if not re.search(r"`tests/[\w/]+\.py::\w+`", row)]
    assert without == [], f"rows that name no test: {without}"
