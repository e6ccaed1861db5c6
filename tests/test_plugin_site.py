"""The project's own documentation site builds, with the demo report as its `report/` page."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.projects import mkdocs

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]


def test_the_documentation_site_builds_with_the_demo_report(tmp_path: Path) -> None:
    site = tmp_path / "site"

    run = mkdocs(REPO, "build", "--site-dir", str(site))

    assert run.returncode == 0, run.stderr
    assert "report: 28/31 questions pass" in run.stderr  # questions 7, 21 and 28 fail on purpose
    page = BeautifulSoup((site / "report" / "index.html").read_text(), "html.parser")
    assert page.select(".report-dashboard")
    images = [img["src"] for img in page.select("article img")]
    assert len(images) == 5  # the sixth, figures/cloud-build.png, is missing on purpose
    for source in images:
        assert (site / "report" / source).is_file(), source
    assert "[image not shown: Cloud Build history (figures/cloud-build.png)]" in page.get_text()


def test_the_demo_is_a_course_project_that_builds_from_its_docs_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"

    run = mkdocs(REPO / "demo" / "docs", "build", "--site-dir", str(site))

    assert run.returncode == 0, run.stderr
    assert "report: 28/31 questions pass in demo/reports/README.md" in run.stderr  # named from the repository's top
    home = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    assert [link.get_text(strip=True) for link in home.select("nav a[href='report/']")] == ["Exam report"]
    page = BeautifulSoup((site / "report" / "index.html").read_text(), "html.parser")
    for source in [img["src"] for img in page.select("article img")]:
        assert (site / "report" / source).is_file(), source
