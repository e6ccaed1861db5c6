"""Shared test set-up: where the course material lives, and skipping when it is absent."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from mkdocs_report_plugin.reading.shipped import shipped_years

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("REPORT_SHARED_DIR", REPO.parent / "shared"))

sys.path.insert(0, str(Path(__file__).parent))  # tests/reportgen.py and friends
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

SHIPPED_YEARS = shipped_years()
"""The template years the package ships a spec for (``reading/specs/YEAR.yaml``): the tests over every year read
them here, so a new year's spec file is tested with nothing else to edit."""


def shared_file(*parts: str) -> Path:
    """A file of ../shared (seeds, templates), or a visible skip when the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"course material not found at {path} (../shared sits beside the checkout in CI)")
    return path


def blank_template(year: str) -> Path:
    """The course's blank template of ``year`` (``templates/2026-31-questions.md``), which its spec was made from."""
    folder = shared_file("templates")
    found = sorted(folder.glob(f"{year}-*-questions.md"))
    if not found:
        pytest.fail(f"no blank template of {year} ({year}-N-questions.md) in {folder}: the shipped spec "
                    f"reading/specs/{year}.yaml is tested against the template it was made from.")  # fmt: skip
    return found[0]


@pytest.fixture(scope="session")
def materialized(tmp_path_factory: pytest.TempPathFactory):
    """``materialized(handin_id)``: the hand-in laid out as its repository, once per session."""
    from handins import load, materialize

    laid_out: dict[str, Path] = {}

    def get(handin_id: str) -> Path:
        if handin_id not in laid_out:
            laid_out[handin_id] = materialize(load(handin_id), tmp_path_factory.mktemp(f"handin-{handin_id}"))
        return laid_out[handin_id]

    return get
