"""Where the checkout and the course material live, and skipping visibly when the material is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mkdocs_report_plugin.reading.shipped import shipped_years

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("REPORT_SHARED_DIR", REPO.parent / "shared"))

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
