"""Real builds: the site publishes the hand-in next to the report page, as the teacher will see it."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from support.projects import answer_words, make_project, mkdocs, valid_report

pytestmark = pytest.mark.slow

FENCED = answer_words(6, 120) + "\n\n```bash\nmake train\n```"


def test_the_site_publishes_the_exact_handin_with_its_images(tmp_path: Path) -> None:
    report = valid_report({6: FENCED})
    project = make_project(tmp_path / "p", report)

    run = mkdocs(project, "build")

    assert run.returncode == 0, run.stderr
    handin = project / "site" / "report" / "handin.html"
    assert handin.read_bytes() == markdown.markdown(report[43:]).encode("utf-8")
    sources = [image["src"] for image in BeautifulSoup(handin.read_text(), "html.parser").find_all("img")]
    assert len(sources) == 5 and all((handin.parent / source).is_file() for source in sources)
    assert (
        "README.md:" in run.stderr
        and ": Question 6: the hand-in the teacher grades shows the fenced code block on line" in run.stderr
    )


def test_the_dashboard_links_to_the_handin(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")

    assert mkdocs(project, "build", "--strict").returncode == 0

    page = BeautifulSoup((project / "site" / "report" / "index.html").read_text(), "html.parser")
    [link] = page.select(".report-dashboard .report-handin a")
    assert (link["href"], link.get_text()) == ("handin/", "The hand-in as the teacher reads it")


def test_a_report_the_course_cannot_read_has_no_handin_and_the_build_says_why(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", valid_report({7: "caf\xe9 " * 60}).encode("cp1252"))

    run = mkdocs(project, "build")

    assert run.returncode == 0 and "Traceback" not in run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "so the teacher gets neither the check nor the hand-in" in warnings[0]
    assert "is not UTF-8, so the course's report.py html fails on it: report/handin.html is not published" in run.stderr
    assert not (project / "site" / "report" / "handin.html").exists()
    assert "The hand-in as the teacher" not in (project / "site" / "report" / "index.html").read_text()
    assert not (project / "site" / "report" / "handin" / "index.html").exists()


def test_a_docs_file_at_report_handin_html_is_replaced_with_a_warning(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "docs" / "report").mkdir()
    (project / "docs" / "report" / "handin.html").write_text("<p>an old copy</p>")

    run = mkdocs(project, "build")

    assert "the docs file report/handin.html is replaced by the hand-in of the report given as 'path'" in run.stderr
    assert "an old copy" not in (project / "site" / "report" / "handin.html").read_text()
