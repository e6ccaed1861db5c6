"""No file of the student's is published where it can run script on the site's address (issue 23).

An HTML page or an SVG image under ``reports/`` that the report linked to or showed was copied next to the
page; opened on its own, on the site's address, its script ran there. The site now publishes raster images
only: an SVG the page shows is put into its ``<img>`` as a ``data:`` URI (a browser runs nothing in an image),
and a link to any other file goes to the file on GitHub, as links out of the report's folder always did.
The hand-in is no file of the site: our page carries it in its frame's ``srcdoc``, and the frame keeps its sandbox
whatever the hand-in's links say. The same site in a real browser: ``tests/test_browser_clobbering.py`` and
``tests/test_browser_handin.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from support.images import png
from support.projects import all_images, good_answer, make_project, mkdocs, valid_report
from support.reportgen import line_of

from mkdocs_report_plugin import check_report
from mkdocs_report_plugin.output.companion_pages import HANDIN_SANDBOX, handin_inline_page_html, handin_page_html
from mkdocs_report_plugin.output.site_plan import Placement, plan_site_files

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8" onload="alert(1)"><rect width="8" height="8"/></svg>'
)
HTML = b"<!DOCTYPE html><script>alert(1)</script><p>our results</p>"
REFERENCES = (
    "Our [results page](results.html), [the figure as a file](figures/plot.svg), [data](data.csv), "
    "[the loss curve](figures/loss.png), [a picture elsewhere](../docs/img/logo.png).\n\n"
    "![the architecture](figures/plot.svg)\n\n![the loss curve](figures/loss.png)\n\n"
    "[![the architecture, clickable](figures/plot.svg)](figures/plot.svg)"
)


def _project(tmp_path: Path, extra: str = "") -> tuple[Path, str]:
    report = valid_report({5: f"{good_answer(5)}\n\n{REFERENCES}"})
    project = make_project(tmp_path / "p", report, extra=extra)
    (project / "reports" / "results.html").write_bytes(HTML)
    (project / "reports" / "figures" / "plot.svg").write_bytes(SVG)
    (project / "reports" / "figures" / "loss.png").write_bytes(png())
    (project / "reports" / "data.csv").write_text("epoch,loss\n1,0.5\n")
    return project, report


def _plan(project: Path):  # type: ignore[no-untyped-def]
    placement = Placement(project, project / "reports" / "README.md", "report/", True, project / "docs",
                          lambda path: f"https://github.com/g/p/blob/main/{path}", "https://course/")  # fmt: skip
    return plan_site_files(check_report(project / "reports" / "README.md"), placement)


def test_the_site_publishes_raster_images_and_nothing_else_of_the_students(tmp_path: Path) -> None:
    project, report = _project(tmp_path)

    plan = _plan(project)

    published = {item.source.relative_to(project).as_posix() for item in plan.publish}
    assert published == {"reports/figures/loss.png", *(f"reports/{path}" for path in all_images(report))}


def test_an_svg_the_page_shows_is_embedded_and_links_to_other_files_go_to_github(tmp_path: Path) -> None:
    project, _ = _project(tmp_path)

    plan = _plan(project)

    assert [item.source.name for item in plan.embedded] == ["plot.svg", "plot.svg"]
    assert all(item.reference.is_image for item in plan.embedded)
    targets = {(rewrite.old, rewrite.new) for rewrite in plan.rewrites}
    github = "https://github.com/g/p/blob/main/reports/"
    assert {("results.html", github + "results.html"), ("data.csv", github + "data.csv")} <= targets
    assert ("figures/plot.svg", github + "figures/plot.svg") in targets  # the link to the file, not the image
    assert {("figures/plot.svg", "report-embed:0"), ("figures/plot.svg", "report-embed:1")} <= targets


@pytest.mark.parametrize("page", [handin_inline_page_html("./", "<p>x</p>"), handin_page_html("../", "g/report.html")])
def test_the_frame_of_the_handin_has_no_way_out_of_its_sandbox(page: str) -> None:
    sandbox = re.search(r'sandbox="([^"]*)"', page)
    assert sandbox is not None and sandbox[1] == HANDIN_SANDBOX == "allow-popups"
    assert "escape" not in page and "allow-scripts" not in page and "allow-top-navigation" not in page


@given(st.text(alphabet=st.characters(blacklist_characters="\x00\r")) | st.just('"></iframe><script>'))
def test_the_frame_carries_any_handin_as_written_and_nothing_of_it_is_markup(handin: str) -> None:
    """Every character but NUL and CR, which a browser reads otherwise in any attribute (a hand-in has no CR)."""
    page = BeautifulSoup(handin_inline_page_html("./", handin), "html.parser")

    [frame] = page.find_all("iframe")
    assert frame["srcdoc"] == handin
    empty = BeautifulSoup(handin_inline_page_html("./", ""), "html.parser")
    assert [element.name for element in page.find_all(True)] == [element.name for element in empty.find_all(True)]


@pytest.mark.slow
def test_a_build_shows_the_svg_inside_the_page_publishes_no_live_file_and_says_nothing_breaks(tmp_path: Path) -> None:
    project, report = _project(tmp_path, "repo_url: https://github.com/group7/project\nedit_uri: edit/main/docs/\n")

    run = mkdocs(project, "build")

    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings and all("is a .svg file; the template asks for .png" in line for line in warnings)  # the course's
    site = project / "site"
    assert not [path for path in site.rglob("*") if path.suffix in (".svg", ".csv") or path.name == "results.html"]
    assert (site / "report" / "figures" / "loss.png").is_file()
    page = (site / "report" / "index.html").read_text(encoding="utf-8")
    for alt in ("the architecture", "the architecture, clickable"):
        shown = re.search(f'<img alt="{alt}" src="([^"]*)"', page)
        assert shown is not None and shown[1].startswith("data:image/svg+xml;base64,"), alt
    assert 'href="https://github.com/group7/project/blob/main/reports/results.html"' in page
    line = line_of(report, "![the architecture](figures/plot.svg)")
    assert (
        f"INFO    -  report: reports/README.md:{line}: the SVG image 'figures/plot.svg' is shown inside" in run.stderr
    )
    assert "the page shows it all the same" in run.stderr
