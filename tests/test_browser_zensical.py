"""The report page Zensical builds with the `report` Markdown extension, opened in chromium (as tests/test_browser.py
opens the MkDocs one): the same dashboard, badges, findings and images, styled, and no payload runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browser import report_text, serve, write_figures
from support.projects import run_installed, zensical_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ZENSICAL_TOML = """\
[project]
site_name = "Report in a browser"
docs_dir = "docs"
site_dir = "site"

[project.theme]
variant = "classic"
font = false

[project.markdown_extensions.toc]
permalink = true
[project.markdown_extensions.tables]
[project.markdown_extensions.attr_list]
[project.markdown_extensions.admonition]

[project.markdown_extensions.report]
path = "reports/README.md"
"""


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = zensical_project(tmp_path_factory.mktemp("zensical"), report_text(), ZENSICAL_TOML)
    write_figures(project / "reports" / "figures")
    build = run_installed("zensical", "build", "--clean", cwd=project, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    return project / "site"


@pytest.fixture
def zensical_page(browser, zensical_site: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    with serve(zensical_site) as base_url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.problems = {"console": [], "dialogs": []}
        page.on("pageerror", lambda error: page.problems["console"].append(str(error)))
        page.on("dialog", lambda dialog: (page.problems["dialogs"].append(dialog.message), dialog.dismiss()))
        page.goto(base_url + "report/", wait_until="load")
        yield page
        context.close()


def test_the_zensical_page_shows_the_dashboard_badges_and_findings(zensical_page) -> None:  # type: ignore[no-untyped-def]
    dashboard = zensical_page.locator(".report-dashboard")
    assert dashboard.is_visible()
    assert "questions pass" in dashboard.locator(".report-score").inner_text()
    assert dashboard.locator(".report-table tbody tr").count() == 31
    assert zensical_page.locator("#question-4 .report-badge--fail").is_visible()
    assert zensical_page.locator('.report-findings[data-question="4"] .admonition').first.is_visible()


def test_the_zensical_page_is_styled_by_our_stylesheet(zensical_page) -> None:  # type: ignore[no-untyped-def]
    background = zensical_page.eval_on_selector(
        "#question-4 .report-badge--fail", "badge => getComputedStyle(badge).backgroundColor"
    )
    assert background not in ("", "transparent", "rgba(0, 0, 0, 0)")


def test_every_image_of_the_zensical_page_shows(zensical_page) -> None:  # type: ignore[no-untyped-def]
    images = zensical_page.eval_on_selector_all(
        "article img", "images => images.map(i => [i.getAttribute('src').slice(0, 11), i.complete && i.naturalWidth])"
    )
    assert len(images) == 2
    assert all(source == "data:image/" and width for source, width in images), images


def test_no_payload_runs_on_the_zensical_page(zensical_page) -> None:  # type: ignore[no-untyped-def]
    zensical_page.wait_for_timeout(300)  # let any onerror handler fire
    assert zensical_page.evaluate("typeof window.__xss") == "undefined"
    assert zensical_page.problems["dialogs"] == []
    assert "<script>window.__xss=1</script>" in zensical_page.locator("article").inner_text()
