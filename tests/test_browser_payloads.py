"""Every payload of ``payloads.py`` in a real browser: nothing runs, nothing loads, whatever is clicked.

One report holds each payload in an answer, a checklist item and a question's heading. It is
built into a Material site by ``mkdocs build`` (the plugin decorates the page) and exported
by ``standalone_html`` (``mkdocs-report html``); chromium opens both, fires a click on every
link of the content, and records dialogs (``alert``) and requests to the payload host.
The dashboard's link to the hand-in (``report/handin.html``) is not followed: the hand-in is the course's output byte
for byte, raw HTML included, so the images and stylesheets it names load from the payload host as they do for the
teacher; its frame runs no script (``test_the_framed_handin_runs_none_of_its_scripts``, ``tests/test_browser_handin.py``).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from support.browser import serve
from support.payloads import PAYLOAD_HOST, PAYLOADS, report_with_every_payload
from support.projects import framed_handin, make_project, mkdocs

from mkdocs_report_plugin import check_report
from mkdocs_report_plugin.output.standalone import standalone_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Links of the content a reader can click; the hand-in's link opens the course's HTML, which loads what it names.
CLICKABLE = "a:not(.report-handin a)"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("payloads") / "project", report_with_every_payload())
    build = mkdocs(root, "build", "-q")
    assert build.returncode == 0, build.stderr
    return root


def fired_payloads(browser, address: str, content: str) -> tuple[list[str], list[str], int]:  # type: ignore[no-untyped-def]
    """(dialogs, payload requests, links clicked) after loading ``address`` and clicking every link in ``content``."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: PAYLOAD_HOST in request.url and requests.append(request.url))
    # Nothing leaves the machine: the theme's web fonts and the report's web links are refused.
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(("file:", "data:", "http://127.0.0.1")) else route.abort()
        ),
    )
    try:
        page.goto(address, wait_until="load")
        page.wait_for_timeout(500)  # onerror/onload handlers fire after the load
        links = page.locator(f"{content} {CLICKABLE}")
        count = links.count()
        for index in range(count):
            link = links.nth(index)
            if link.evaluate("a => a.href").split("#")[0] == address.split("#")[0]:
                link.dispatch_event("click")  # an anchor on the page
                page.wait_for_timeout(20)
                continue
            # A link to another page (the rules reference, a file, one missing): wait for it, then come back, so the next
            # link is looked for on this page and not on the one still loading.
            with contextlib.suppress(PlaywrightError), page.expect_navigation(timeout=3000):
                link.dispatch_event("click")
            _go_back_to(page, address)
        page.wait_for_timeout(300)
        return dialogs, requests, count
    finally:
        context.close()


def _go_back_to(page, address: str) -> None:  # type: ignore[no-untyped-def]
    """Load ``address`` again; a refused request's error page may still be on its way, and interrupt the first try."""
    for attempt in range(3):
        try:
            page.goto(address, wait_until="load")
            return
        except PlaywrightError:
            if attempt == 2:
                raise
            page.wait_for_timeout(200)


def test_the_built_report_page_runs_no_payload(browser, project: Path) -> None:  # type: ignore[no-untyped-def]
    with serve(project / "site") as url:
        dialogs, requests, clicked = fired_payloads(browser, url + "report/", "article")
    assert (dialogs, requests) == ([], [])
    assert clicked > 31  # the dashboard's question links, the permalinks and the payloads' links


def test_the_standalone_export_runs_no_payload(browser, project: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export = tmp_path / "report.html"
    export.write_text(standalone_html(check_report(project / "reports" / "README.md")), encoding="utf-8")
    dialogs, requests, clicked = fired_payloads(browser, export.as_uri(), "main")
    assert (dialogs, requests) == ([], [])
    assert clicked > 31


def test_every_payload_is_in_the_report_that_the_browser_opened() -> None:
    text = report_with_every_payload()
    for index, (payload, _) in enumerate(PAYLOADS):
        assert f"Item {index}: {payload}" in text and f"Raw HTML {index}: {payload}" in text
        assert any(payload in line for line in text.split("\n") if line.startswith("### Question"))


def test_the_framed_handin_runs_none_of_its_scripts(browser, project: Path) -> None:  # type: ignore[no-untyped-def]
    """The hand-in keeps the student's raw HTML; the page the dashboard links to carries it in a frame without
    scripts, so opening the hand-in from the site runs none of them."""
    assert "<script>alert(1)</script>" in framed_handin(project / "site" / "report" / "handin.html")
    with serve(project / "site") as url:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
        try:
            page.goto(url + "report/handin.html", wait_until="load")
            frame = page.frame_locator("iframe.report-handin-frame")
            frame.locator("h3").first.wait_for()
            page.wait_for_timeout(500)  # onerror/onload handlers fire after the load
            assert dialogs == []
        finally:
            context.close()
