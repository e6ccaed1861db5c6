"""Course projects' report pages in chromium: a real hand-in's and the demo's.

Each project is laid out as the course's cookiecutter has it (``docs/mkdocs.yaml`` with
``docs_dir: source``, the report in ``reports/``), built with the plugin from its
config's folder, served on 127.0.0.1 and opened as a visitor would: from the home page,
through the navigation, to ``report/``. The machine is offline, so requests that leave
the site (Material's Google Fonts, as neither config sets ``font: false``) get an empty
answer instead of a network error that would show in the console.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browser import ARTIFACTS, build_site, serve
from support.course import REPO
from support.handins import HANDINS, laid_out_with_the_plugin, load

pytestmark = pytest.mark.browser

HANDIN = "018"  # eight figures of its own, one a JPEG, most with spaces in their names
VIEWPORT = {"width": 1280, "height": 900}  # wide enough for Material's navigation sidebar


def _handin_site(destination: Path) -> Path:
    if not (HANDINS / HANDIN / "SOURCE").is_file():
        pytest.skip(f"hand-in {HANDIN} not found under {HANDINS} (../shared sits beside the checkout in CI)")
    config = laid_out_with_the_plugin(load(HANDIN), destination / "repository")
    return build_site(config.parent, destination / "site")


def _demo_site(destination: Path) -> Path:
    return build_site(REPO / "demo" / "docs", destination / "site")


BUILDERS = {f"handin-{HANDIN}": _handin_site, "demo": _demo_site}


@pytest.fixture(scope="module", params=list(BUILDERS))
def site_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The project's site, built and served; the parameter names the project."""
    site = BUILDERS[request.param](tmp_path_factory.mktemp(request.param))
    with serve(site) as url:
        yield url


@pytest.fixture
def page(browser, site_url: str):  # type: ignore[no-untyped-def]
    """A fresh tab on the served site; ``page.errors`` collects console errors and uncaught exceptions."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.route(lambda address: not address.startswith(site_url), lambda route: route.fulfill(status=200, body=""))
    yield tab
    context.close()


def test_report_page_shows_every_figure_without_console_errors(
    page,
    site_url: str,  # type: ignore[no-untyped-def]
    request: pytest.FixtureRequest,
) -> None:
    page.goto(site_url + "report/", wait_until="load")

    images = page.eval_on_selector_all(
        "article img", "images => images.map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0])"
    )
    assert images, "the report page shows no image"
    assert [source for source, loaded in images if not loaded] == []
    assert page.errors == []
    assert page.locator(".report-dashboard").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"course-{request.node.callspec.id}-report.png"))


def test_home_page_navigation_leads_to_the_report(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url, wait_until="load")
    link = page.locator("nav.md-nav--primary a[href='report/']")

    assert link.is_visible()
    link.click()
    page.wait_for_url(site_url + "report/")
    assert page.locator(".report-dashboard").is_visible()
    assert page.errors == []
