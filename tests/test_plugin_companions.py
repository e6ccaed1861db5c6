"""Real builds: beside the report page the site publishes the hand-in framed and explained (report/handin.html, and
at its old address report/handin/ a page that opens it) and the rules reference (report/rules/) its rule ids link
to; every link of these pages stays inside the site."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup
from support.projects import answer_words, framed_handin, make_project, mkdocs, valid_report

pytestmark = pytest.mark.slow

FENCED = answer_words(6, 120) + "\n\n```bash\nmake train\n```"
SHORT = {6: FENCED, 9: answer_words(9, 5)}


def soup(file: Path) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str]:
    """The file a relative link of ``page`` opens in the built site, and its fragment; a folder opens its index."""
    parts = urlsplit(href)
    assert not parts.scheme and not parts.netloc and not parts.path.startswith("/"), f"{href} leaves the site"
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if target.is_dir():
        target = target / "index.html"
    assert target.is_relative_to(site.resolve()), f"{href} leaves the site"
    return target, parts.fragment


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    report = valid_report(SHORT)
    project = make_project(tmp_path_factory.mktemp("companions") / "p", report)
    run = mkdocs(project, "build")
    assert run.returncode == 0, run.stderr
    return project, report


def test_the_handin_page_frames_the_unchanged_handin_and_says_what_it_is(built: tuple[Path, str]) -> None:
    project, report = built
    site = project / "site"
    page_file = site / "report" / "handin.html"
    page = soup(page_file)
    assert page.title.get_text() == page.h1.get_text() == "The hand-in as the teacher reads it"
    intro = " ".join(page.select_one(".report-handin-intro").get_text(" ").split())
    assert "report.py html" in intro and "Python-Markdown without extensions" in intro and "handin-render" in intro
    [frame] = page.find_all("iframe")
    assert "allow-scripts" not in frame["sandbox"]  # the student's raw HTML runs no script on the site
    back = page.find("a", string="Back to the report page")
    assert resolve(site, page_file, back["href"])[0] == site / "report" / "index.html"
    assert framed_handin(page_file).encode("utf-8") == markdown.markdown(report[43:]).encode("utf-8")


def test_the_dashboard_links_to_the_handin_page_not_the_raw_file(built: tuple[Path, str]) -> None:
    project, _ = built
    site = project / "site"
    report_page = site / "report" / "index.html"
    [link] = soup(report_page).select(".report-dashboard .report-handin a")
    assert resolve(site, report_page, link["href"])[0] == site / "report" / "handin.html"


def test_every_rule_id_on_the_report_page_opens_its_entry_in_the_published_reference(built: tuple[Path, str]) -> None:
    project, _ = built
    site = project / "site"
    report_page = site / "report" / "index.html"
    page = soup(report_page)
    codes = page.select("code.report-rule")
    assert {"words", "handin-render"} <= {code.get_text() for code in codes}
    for code in codes:
        assert code.parent.name == "a", f"{code.get_text()} is not a link"
        target, fragment = resolve(site, report_page, code.parent["href"])
        assert target == site / "report" / "rules" / "index.html" and fragment == code.get_text()
        assert soup(target).find(id=fragment) is not None


def test_no_link_of_our_pages_leaves_the_site(built: tuple[Path, str]) -> None:
    project, _ = built
    site = project / "site"
    pages = ("rules/index.html", "handin.html", "handin/index.html")
    for page_file in (site / "report" / page for page in pages):
        for link in soup(page_file).find_all("a"):
            target, fragment = resolve(site, page_file, link["href"])
            assert target.is_file() and (not fragment or soup(target).find(id=fragment) is not None)
    board = soup(site / "report" / "index.html").select_one(".report-dashboard")
    for link in board.find_all("a"):
        assert resolve(site, site / "report" / "index.html", link["href"])[0].is_file()


def test_a_site_read_from_disk_links_the_index_files(tmp_path: Path) -> None:
    """``use_directory_urls: false``: a folder does not open its index.html from disk, so the links name the file."""
    project = make_project(tmp_path / "p", valid_report(SHORT), extra="use_directory_urls: false\n")
    assert mkdocs(project, "build").returncode == 0
    site = project / "site"
    report_page = site / "report" / "index.html"
    page = soup(report_page)
    assert page.select_one(".report-handin a")["href"] == "handin.html"
    assert {link["href"] for link in page.select("a.report-rule-link")} >= {"rules/index.html#words"}
    handin_page = site / "report" / "handin.html"
    assert soup(handin_page).find("a", string="Back to the report page")["href"] == "index.html"


def test_a_docs_page_where_the_rules_reference_goes_gives_way_with_a_warning(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "docs" / "report").mkdir()
    (project / "docs" / "report" / "rules.md").write_text("# Our own rules\n")

    run = mkdocs(project, "build")

    assert run.returncode == 0, run.stderr
    assert "the docs file report/rules.md is replaced by the plugin's page report/rules/index.html" in run.stderr
    assert soup(project / "site" / "report" / "rules" / "index.html").h1.get_text() == "Rules reference"


def test_a_report_among_the_docs_pages_keeps_its_rule_ids_as_text_and_publishes_no_page_of_ours(
    tmp_path: Path,
) -> None:
    """Without ``path`` the plugin finds the report while MkDocs reads the pages, too late to publish a file: the rule
    ids are no links rather than links to nothing."""
    project = make_project(tmp_path / "p", plugin="      annotate: always\n")
    (project / "docs" / "exam").mkdir()
    (project / "docs" / "exam" / "README.md").write_text(valid_report({9: answer_words(9, 5)}))

    run = mkdocs(project, "build")

    assert run.returncode == 0, run.stderr
    page = soup(project / "site" / "exam" / "index.html")
    assert page.select("code.report-rule") and not page.select("a.report-rule-link")
    assert not (project / "site" / "report").exists()
