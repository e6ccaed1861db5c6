"""Real builds: the site shows the hand-in next to the report page, as the teacher will see it, and publishes nothing
the student wrote as a page of its own (issue 23).

The hand-in is the course's ``report.py html`` output, raw HTML included, so it is carried whole in the ``srcdoc`` of
our page's frame (``report/handin.html``) rather than published as a file a visitor could open on its own. What the
frame holds is read back here as a browser's HTML parser reads an attribute, and compared byte for byte with the
course's command and with ``mkdocs-report handin``. The same pages in chromium: ``tests/test_browser_handin.py``.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from support.cli import run
from support.payloads import report_with_every_payload
from support.projects import answer_words, framed_handin, make_project, mkdocs, valid_report

pytestmark = pytest.mark.slow

FENCED = answer_words(6, 120) + "\n\n```bash\nmake train\n```"
QUOTED = (
    answer_words(7, 120)
    + '\n\nWe wrote "A & B" <b title=\'x"y\'>bold</b> &amp; </iframe> <script>alert("handin")</script>'
)


@pytest.mark.parametrize("report", [valid_report({6: FENCED, 7: QUOTED}), report_with_every_payload()])
def test_the_frame_holds_the_courses_exact_handin_and_its_images_are_beside_the_page(
    report: str, tmp_path: Path
) -> None:
    project = make_project(tmp_path / "p", report)

    build = mkdocs(project, "build")

    assert build.returncode == 0, build.stderr
    page = project / "site" / "report" / "handin.html"
    handin = framed_handin(page)
    assert handin.encode("utf-8") == markdown.markdown(report[43:]).encode("utf-8")  # the course's report.py html
    status, _, _ = run("handin", str(project / "reports" / "README.md"), "-o", str(tmp_path / "handin.html"))
    assert status == 0 and (tmp_path / "handin.html").read_bytes() == handin.encode("utf-8")
    sources = [image["src"] for image in BeautifulSoup(handin, "html.parser").find_all("img")]
    shown = [source for source in sources if (page.parent / source).is_file()]  # a srcdoc resolves from the page
    assert len(shown) == 5 and all(source.startswith("figures/") for source in shown)


def test_no_page_the_site_publishes_beside_the_report_holds_the_students_script(tmp_path: Path) -> None:
    """Every HTML file under report/ is ours: the hand-in's `<script>` is only ever text in an attribute."""
    project = make_project(tmp_path / "p", valid_report({7: QUOTED}))

    assert mkdocs(project, "build").returncode == 0

    pages = sorted((project / "site" / "report").rglob("*.html"))
    assert {page.relative_to(project / "site").as_posix() for page in pages} == {
        "report/index.html", "report/handin.html", "report/handin/index.html", "report/rules/index.html"
    }  # fmt: skip
    for page in pages:
        scripts = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("script")
        assert not [script for script in scripts if "handin" in script.get_text()], page
    assert '<script>alert("handin")</script>' in framed_handin(project / "site" / "report" / "handin.html")


def test_the_handin_page_says_where_the_exact_file_comes_from(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")

    assert mkdocs(project, "build").returncode == 0

    page = BeautifulSoup((project / "site" / "report" / "handin.html").read_text(), "html.parser")
    intro = " ".join(page.select_one(".report-handin-intro").get_text().split())
    assert "holds that file byte for byte; mkdocs-report handin, run in the repository, writes the same file" in intro


def test_the_old_address_of_the_handin_page_opens_the_new_one(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", valid_report({7: QUOTED}))

    assert mkdocs(project, "build").returncode == 0

    old = (project / "site" / "report" / "handin" / "index.html").read_text()
    refresh = BeautifulSoup(old, "html.parser").find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None and refresh["content"] == "0; url=../handin.html"
    assert 'href="../handin.html"' in old and "alert" not in old  # a link for a browser that does not refresh


def test_the_dashboard_links_to_the_handin(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")

    assert mkdocs(project, "build", "--strict").returncode == 0

    page = BeautifulSoup((project / "site" / "report" / "index.html").read_text(), "html.parser")
    [link] = page.select(".report-dashboard .report-handin a")
    assert (link["href"], link.get_text()) == ("handin.html", "The hand-in as the teacher reads it")


def test_a_report_the_course_cannot_read_has_no_handin_and_the_build_says_why(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", valid_report({7: "caf\xe9 " * 60}).encode("cp1252"))

    build = mkdocs(project, "build")

    assert build.returncode == 0 and "Traceback" not in build.stderr
    warnings = [line for line in build.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "so the teacher gets neither the check nor the hand-in" in warnings[0]
    assert (
        "is not UTF-8, so the course's report.py html fails on it: report/handin.html is not published" in build.stderr
    )
    assert not (project / "site" / "report" / "handin.html").exists()
    assert "The hand-in as the teacher" not in (project / "site" / "report" / "index.html").read_text()
    assert not (project / "site" / "report" / "handin" / "index.html").exists()


def test_a_docs_file_at_report_handin_html_is_replaced_with_a_warning(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "docs" / "report").mkdir()
    (project / "docs" / "report" / "handin.html").write_text("<p>an old copy</p>")

    build = mkdocs(project, "build")

    assert "the docs file report/handin.html is replaced by the plugin's page report/handin.html" in build.stderr
    assert "an old copy" not in (project / "site" / "report" / "handin.html").read_text()
