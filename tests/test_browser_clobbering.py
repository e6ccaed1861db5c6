"""Issue 23's shapes in a real browser: nothing a student planted runs, under MkDocs, ProperDocs and Zensical.

One report holds every shape of ``payloads.CLOBBERING`` (a ``<div id="__config">`` before Material's settings,
attr_list ids, headings whose ids a theme looks up, names, titles, a heading and a toc label the sidebar shows),
links to an HTML page of its own folder and shows an SVG with an ``onload``. It is built by ``mkdocs build``,
``properdocs build`` (Material) and ``zensical build``, all with ``content.tooltips`` on (a ``title`` is then
shown as HTML), and opened in chromium: every titled element is hovered, and no dialog may open, nothing may be
asked of the payload host (a theme reading the student's settings fetches ``http://payload.invalid/versions.json``),
no global may be set.
The student's files are asked for on the site's address: none is there. Last, a link with ``target="_blank"``
inside the framed hand-in is clicked: the window it opens runs none of the hand-in's scripts.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support.browser import serve
from support.images import png
from support.payloads import CLOBBERING, PAYLOAD_HOST
from support.projects import (
    framed_handin,
    good_answer,
    make_project,
    mkdocs,
    run_installed,
    valid_report,
    zensical_project,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8" onload="alert(\'svg\')"><rect width="8" height="8"/></svg>'
HTML = b"<!DOCTYPE html><p>our results</p><script>alert('live html')</script>"
GLOBAL = "#### Global <!--><img src=x onerror=window.__xss=1>-->"
HANDIN_ESCAPE = '<p><a href="handin.html" target="_blank">the hand-in alone</a></p>\n\n<script>alert("handin")</script>'
FILES = "[our results](results.html)\n\n![the architecture](figures/plot.svg)"

MKDOCS_EXTENSIONS = """\
markdown_extensions:
  - attr_list
  - md_in_html
  - abbr
  - toc:
      permalink: true
"""
ZENSICAL_TOML = """\
[project]
site_name = "Clobbering"
docs_dir = "docs"
site_dir = "site"

[project.theme]
variant = "classic"
font = false
features = ["content.tooltips"]

[project.markdown_extensions.toc]
permalink = true
[project.markdown_extensions.attr_list]
[project.markdown_extensions.md_in_html]
[project.markdown_extensions.abbr]

[project.markdown_extensions.report]
path = "reports/README.md"
"""


def report() -> str:
    shapes = "\n\n".join(shape for shape, _ in CLOBBERING)
    return valid_report({5: f"{good_answer(5)}\n\n{shapes}\n\n{GLOBAL}", 6: f"{good_answer(6)}\n\n{FILES}",
                         7: f"{good_answer(7)}\n\n{HANDIN_ESCAPE}"})  # fmt: skip


def _student_files(reports: Path) -> None:
    (reports / "results.html").write_bytes(HTML)
    (reports / "figures" / "plot.svg").write_bytes(SVG)


def _material_project(folder: Path) -> Path:
    project = make_project(folder, report())
    config = (project / "mkdocs.yml").read_text().replace("markdown_extensions:\n", MKDOCS_EXTENSIONS, 1)
    (project / "mkdocs.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  features: [content.tooltips]\n")
    )
    _student_files(project / "reports")
    return project


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = _material_project(tmp_path_factory.mktemp("clobbering") / "mkdocs")
    build = mkdocs(project, "build")
    assert build.returncode == 0, build.stderr
    return project / "site"


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = _material_project(tmp_path_factory.mktemp("clobbering") / "properdocs")
    build = run_installed("properdocs", "build", cwd=project, timeout=300)
    assert build.returncode == 0, build.stderr
    return project / "site"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = zensical_project(tmp_path_factory.mktemp("clobbering") / "zensical", report(), ZENSICAL_TOML)
    figures = project / "reports" / "figures"
    figures.mkdir()
    for number in (14, 19, 20, 21, 29):
        (figures / f"q{number}_0.png").write_bytes(png())
    _student_files(project / "reports")
    build = run_installed("zensical", "build", "--clean", cwd=project, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    return project / "site"


def what_ran(browser, address: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Dialogs, requests to the payload host and the payload's global after loading ``address`` and hovering every
    element of the content with a ``title`` (Material and Zensical show it as HTML with ``content.tooltips``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen: dict[str, object] = {"dialogs": [], "requests": []}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    page.on("request", lambda request: PAYLOAD_HOST in request.url and seen["requests"].append(request.url))  # type: ignore[attr-defined]
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(address.split("report/")[0]) else route.abort(),
    )
    try:
        page.goto(address, wait_until="load")
        page.wait_for_timeout(500)
        titled = page.locator("article [title]")
        seen["hovered"] = titled.count()
        for index in range(titled.count()):
            if titled.nth(index).is_visible():
                titled.nth(index).hover()
                page.wait_for_timeout(150)
        page.wait_for_timeout(300)
        seen["global"] = page.evaluate("typeof window.__xss")
        seen["config"] = page.evaluate("document.querySelector('#__config').tagName")
        return seen
    finally:
        context.close()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("builder", ["mkdocs_site", "properdocs_site", "zensical_site"])
def test_nothing_the_student_planted_runs_on_the_report_page(browser, builder: str, request) -> None:  # type: ignore[no-untyped-def]
    site: Path = request.getfixturevalue(builder)
    with serve(site) as url:
        seen = what_ran(browser, url + "report/")

    assert (seen["dialogs"], seen["requests"], seen["global"]) == ([], [], "undefined")
    assert seen["config"] == "SCRIPT"  # the theme reads its own settings
    assert seen["hovered"] >= 4  # the titled block, link and abbreviation, and our notes


@pytest.mark.parametrize("builder", ["mkdocs_site", "zensical_site"])
def test_no_file_of_the_students_is_served_by_the_site(builder: str, request) -> None:  # type: ignore[no-untyped-def]
    site: Path = request.getfixturevalue(builder)
    assert not [path for path in site.rglob("*") if path.name in ("results.html", "plot.svg")]
    with serve(site) as url:
        assert _status(url + "report/results.html") == 404 and _status(url + "report/figures/plot.svg") == 404


def test_a_target_blank_link_in_the_framed_handin_opens_a_window_as_sandboxed_as_the_frame(
    browser, mkdocs_site: Path
) -> None:  # type: ignore[no-untyped-def]
    assert '<script>alert("handin")</script>' in framed_handin(mkdocs_site / "report" / "handin.html")
    with serve(mkdocs_site) as url:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        dialogs: list[str] = []
        context.on(
            "page",
            lambda opened: opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss())),
        )
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
        try:
            page = context.new_page()
            page.goto(url + "report/handin.html", wait_until="load")
            link = page.frame_locator("iframe.report-handin-frame").locator("a[target=_blank]")
            with context.expect_page() as opened:
                link.click()
            popup = opened.value
            popup.wait_for_load_state("load")
            popup.wait_for_timeout(500)
            assert popup.url == url + "report/handin.html"  # the link opened: allow-popups is what it needs
            assert dialogs == []  # and the hand-in's script did not run in the window it opened
        finally:
            context.close()
