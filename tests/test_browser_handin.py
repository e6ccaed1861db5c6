"""The hand-in on the site, in chromium: shown exactly as the course makes it, and nothing of it runs (issue 23).

The report holds scripts that, if they ran, would ask the site for ``/ran/...`` (and an ``alert``): a ``<script>``,
an ``onerror``, an SVG's ``onload``, a ``target="_blank"`` link. The site is built by ``mkdocs build``. Every file the
site publishes under ``report/`` is opened directly, as a visitor with its address would (the hand-in was once
published there as a page of its own, and opened so its script ran on the site's address); then the page that frames
the hand-in is opened: its figures load, nothing runs, and the frame holds what ``mkdocs-report handin`` writes,
byte for byte, as chromium reads it. Last, each of the 30 real hand-ins reads in the frame as the course's file
opened directly does: the same text, the same images loaded.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support.browser import serve
from support.cli import run
from support.handins import handin_ids, load
from support.projects import good_answer, make_project, mkdocs, valid_report

from mkdocs_report_plugin.output.companion_pages import handin_inline_page_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCRIPTS = (
    '<script>new Image().src = "/ran/script"; alert("script")</script>\n\n'
    "<img src=\"missing.png\" onerror=\"new Image().src = '/ran/onerror'; alert('onerror')\">\n\n"
    '<svg onload="new Image().src = \'/ran/svg\'"><circle r="4"/></svg>\n\n'
    '<p><a href="handin.html" target="_blank">the hand-in alone</a> &amp; "quotes" \'too\' </iframe></p>'
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("handin") / "p", valid_report({7: f"{good_answer(7)}\n\n{SCRIPTS}"}))
    build = mkdocs(root, "build", "-q")
    assert build.returncode == 0, build.stderr
    return root


@contextmanager
def watched(browser, url: str) -> Iterator[tuple[object, list[str]]]:  # type: ignore[no-untyped-def]
    """A browser context on the served site only, and what ran in it: dialogs and requests for ``/ran/``, from any
    page, frame or window it opened."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    ran: list[str] = []
    context.on("request", lambda request: "/ran/" in request.url and ran.append(request.url))
    context.on("page", lambda page: page.on("dialog", lambda dialog: (ran.append(dialog.message), dialog.dismiss())))
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
    try:
        yield context, ran
    finally:
        context.close()


def test_no_file_the_site_publishes_beside_the_report_runs_the_students_script(browser, project: Path) -> None:  # type: ignore[no-untyped-def]
    site = project / "site"
    published = sorted(path.relative_to(site).as_posix() for path in (site / "report").rglob("*") if path.is_file())
    assert "report/handin.html" in published and "report/handin/index.html" in published
    with serve(site) as url, watched(browser, url) as (context, ran):
        page = context.new_page()
        for address in published:
            page.goto(url + address, wait_until="load")
            page.wait_for_timeout(300)  # onerror/onload handlers fire after the load, a refresh after it too
            assert ran == [], address


def test_the_framed_handin_is_the_exact_handin_its_figures_load_and_nothing_runs(browser, project: Path) -> None:  # type: ignore[no-untyped-def]
    report = project / "reports" / "README.md"
    assert run("handin", str(report), "-o", str(project / "handin.html"))[0] == 0
    exact = (project / "handin.html").read_bytes()
    with serve(project / "site") as url, watched(browser, url) as (context, ran):
        page = context.new_page()
        page.goto(url + "report/handin/", wait_until="load")  # the old address opens the page
        page.wait_for_url(url + "report/handin.html", wait_until="load")
        framed = page.eval_on_selector("iframe.report-handin-frame", "frame => frame.getAttribute('srcdoc')")
        frame = next(frame for frame in page.frames if frame.url == "about:srcdoc")
        frame.locator("h3").first.wait_for()
        page.wait_for_timeout(500)
        figures = frame.eval_on_selector_all(
            "img[src^='figures/']", "images => images.map(image => image.complete && image.naturalWidth)"
        )
        with context.expect_page() as opened:
            frame.get_by_text("the hand-in alone").click()
        opened.value.wait_for_load_state("load")
        opened.value.wait_for_timeout(500)
        assert framed.encode("utf-8") == exact
        assert len(figures) == 5 and all(figures)  # figures/... resolve from report/, where the figures are
        assert ran == []


READ = """() => [document.body.innerText,
                [...document.images].filter(image => image.complete && image.naturalWidth).map(image => image.src)]"""


def test_every_real_handin_reads_in_the_frame_as_the_courses_file_opened_directly(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The course's file has no ``<!DOCTYPE>`` (quirks mode) and a ``srcdoc`` never is: a line holding only an image
    is a few pixels taller in the frame. What a teacher reads is the same."""
    real = [load(handin_id) for handin_id in handin_ids() if isinstance(handin_id, str)]
    if not real:
        pytest.skip("real hand-ins not found (../shared sits beside the checkout in CI)")
    for handin in real:
        folder = tmp_path / handin.id
        shutil.copytree(handin.report_in_tree.parent, folder, symlinks=True)
        assert run("handin", str(folder / handin.report_in_tree.name), "-o", str(folder / "course.html"))[0] == 0
        exact = (folder / "course.html").read_text(encoding="utf-8")
        (folder / "framed.html").write_text(handin_inline_page_html("./", exact), encoding="utf-8")
    differing = []
    with serve(tmp_path, html_as_utf8=True) as url:
        context = browser.new_context(java_script_enabled=False)  # the course's file opened as it is, safely
        page = context.new_page()
        for handin in real:
            page.goto(f"{url}{handin.id}/course.html", wait_until="load")
            direct = page.evaluate(READ)
            page.goto(f"{url}{handin.id}/framed.html", wait_until="load")
            frame = page.locator("iframe").element_handle().content_frame()
            assert frame is not None and frame.url == "about:srcdoc", handin.id
            framed = frame.evaluate(READ)
            carried = page.eval_on_selector("iframe", "frame => frame.getAttribute('srcdoc')")
            if (framed, carried) != (direct, (tmp_path / handin.id / "course.html").read_text(encoding="utf-8")):
                differing.append(handin.id)
        context.close()
    assert len(real) == 30 and differing == []
