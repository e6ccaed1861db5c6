"""Real `mkdocs build`s of small projects: what a student sees in the terminal and on the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.images import png
from support.projects import article, good_answer, make_project, mkdocs, valid_report
from support.reportgen import line_of

from mkdocs_report_plugin import check_text

pytestmark = pytest.mark.slow

SHORT_7 = "tag7 only a few words here"


def _page(project: Path) -> BeautifulSoup:
    return BeautifulSoup((project / "site" / "report" / "index.html").read_text(), "html.parser")


# --- warnings and exit codes ---------------------------------------------------------


def test_each_problem_is_one_warning_with_file_and_line(tmp_path: Path) -> None:
    report = valid_report({7: SHORT_7, 19: "![cluster](figures/missing.png)"})
    project = make_project(tmp_path / "p", report)

    run = mkdocs(project, "build")

    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("WARNING")]
    assert f"report: reports/README.md:{line_of(report, SHORT_7)}: Question 7 fails: " in "\n".join(warnings)
    missing = f"report: reports/README.md:{line_of(report, 'figures/missing.png')}: Question 19 fails: "
    assert sum(missing in warning for warning in warnings) == 1, warnings
    assert "report: 29/31 questions pass" in run.stderr


def test_strict_build_fails_on_a_broken_report(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", valid_report({7: SHORT_7}))

    run = mkdocs(project, "build", "--strict")

    assert run.returncode == 1
    assert "Aborted with 1 warnings in strict mode" in run.stdout + run.stderr


def test_strict_build_passes_on_a_valid_report(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")

    run = mkdocs(project, "build", "--strict")

    assert run.returncode == 0, run.stderr
    assert "WARNING" not in run.stderr
    assert "report: 31/31 questions pass" in run.stderr


def test_strict_option_fails_the_build_without_the_flag(tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "p", valid_report({7: SHORT_7}), plugin="      path: reports/README.md\n      strict: true\n"
    )

    run = mkdocs(project, "build")

    assert run.returncode == 1
    assert "strict: true" in run.stderr
    assert (project / "site" / "report" / "index.html").is_file()  # written before it fails


def test_constraints_option_replaces_a_range(tmp_path: Path) -> None:
    plugin = "      path: reports/README.md\n      constraints:\n        7: {words: 1-10}\n"
    project = make_project(tmp_path / "p", valid_report({7: SHORT_7}), plugin=plugin)

    run = mkdocs(project, "build", "--strict")

    assert run.returncode == 0, run.stderr


def test_a_bad_constraints_option_names_the_question(tmp_path: Path) -> None:
    plugin = "      path: reports/README.md\n      constraints:\n        7: {words: lots}\n"
    project = make_project(tmp_path / "p", plugin=plugin)

    run = mkdocs(project, "build")

    assert run.returncode == 1
    assert "question 7" in run.stderr and "lots" in run.stderr


# --- the page ------------------------------------------------------------------------


def test_every_image_of_the_page_is_published(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")

    assert mkdocs(project, "build", "--strict").returncode == 0
    page = _page(project)

    sources = [img["src"] for img in page.select("article img")]
    assert len(sources) == 1 + 1 + 1 + 1 + 1  # questions 14, 19, 20, 21 and 29
    for source in sources:
        assert (project / "site" / "report" / source).is_file(), source


def test_every_answer_is_on_the_page(tmp_path: Path) -> None:
    report = valid_report()
    project = make_project(tmp_path / "p", report)

    assert mkdocs(project, "build").returncode == 0
    text = " ".join(_page(project).get_text(" ").split())

    for question in check_text(report).questions:
        first_paragraph = question.answer.split("\n\n")[0]
        assert " ".join(first_paragraph.split()) in text, question.number


def test_front_matter_is_not_shown_and_lines_count_from_the_file(tmp_path: Path) -> None:
    report = valid_report({7: SHORT_7}, front_matter=True)
    project = make_project(tmp_path / "p", report)

    run = mkdocs(project, "build")

    assert f"reports/README.md:{line_of(report, SHORT_7)}: Question 7" in run.stderr
    assert "title: Our report" not in _page(project).get_text()


def test_template_prompt_links_to_course_figures_do_not_fail_strict(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")

    assert mkdocs(project, "build", "--strict").returncode == 0

    link = _page(project).find("a", string="this figure")
    assert link is not None and link["href"].endswith("/reports/figures/wandb.png")
    assert link["href"].startswith("https://github.com/")


def test_findings_show_under_questions_only_when_asked(tmp_path: Path) -> None:
    report = valid_report({7: SHORT_7})
    quiet = make_project(tmp_path / "quiet", report)
    loud = make_project(tmp_path / "loud", report, plugin="      path: reports/README.md\n      annotate: always\n")

    mkdocs(quiet, "build")
    mkdocs(loud, "build")

    assert not _page(quiet).select(".report-finding")
    assert "Add at least" in " ".join(f.get_text() for f in _page(loud).select(".report-finding"))
    assert _page(quiet).select(".report-dashboard")  # the dashboard is on by default


def test_a_student_cannot_inject_markup_through_the_report(tmp_path: Path) -> None:
    plugin = "      path: reports/README.md\n      annotate: always\n"
    project = make_project(tmp_path / "p", valid_report({19: "![x](figures/<script>.png)"}), plugin=plugin)

    mkdocs(project, "build")

    assert not _page(project).select("article script")


# --- links leaving the report's folder ------------------------------------------------


def _with_link(tmp_path: Path, extra: str = "") -> tuple[Path, str]:
    report = valid_report({15: good_answer(15) + "\n\nSee [the Dockerfile](../dockerfiles/train.dockerfile)."})
    project = make_project(tmp_path / "p", report, extra=extra)
    (project / "dockerfiles").mkdir()
    (project / "dockerfiles" / "train.dockerfile").write_text("FROM python:3.12-slim\n")
    return project, report


def test_links_out_of_the_report_folder_go_to_the_repository(tmp_path: Path) -> None:
    project, _ = _with_link(tmp_path, "repo_url: https://github.com/group7/project\nedit_uri: edit/main/docs/\n")

    run = mkdocs(project, "build", "--strict")

    assert run.returncode == 0, run.stderr
    link = _page(project).find("a", string="the Dockerfile")
    assert link["href"] == "https://github.com/group7/project/blob/main/dockerfiles/train.dockerfile"


def test_links_out_of_the_report_folder_without_any_address_are_shown_as_text(tmp_path: Path) -> None:
    project, report = _with_link(tmp_path)  # no repo_url, no git remote, not in GitHub Actions

    run = mkdocs(project, "build", "--strict")

    assert run.returncode == 0, run.stderr  # the file exists: nothing is wrong with the report
    line = line_of(report, "../dockerfiles/train.dockerfile")
    assert (
        f"INFO    -  report: reports/README.md:{line}: '../dockerfiles/train.dockerfile' is shown as text" in run.stderr
    )
    assert "repo_url" in run.stderr
    assert _page(project).find("a", string="the Dockerfile") is None
    assert "the Dockerfile" in _page(project).get_text()


# --- only files inside the project are published -----------------------------------


def test_a_path_that_climbs_out_of_the_project_is_refused(tmp_path: Path) -> None:
    report = valid_report({19: "![x](../../../../etc/hostname)"})
    project = make_project(tmp_path / "p", report)

    run = mkdocs(project, "build")

    assert run.returncode == 0
    assert f"reports/README.md:{line_of(report, '../../../../etc/hostname')}: Question 19 fails:" in run.stderr
    assert "points outside the repository" in run.stderr  # without git, mkdocs.yml's folder is the repository
    assert not list((project / "site").rglob("hostname"))
    assert "etc/hostname" not in str(_page(project).select("article img"))


def test_a_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(shade=1))
    report = valid_report({19: "![x](figures/link.png)"})
    project = make_project(tmp_path / "p", report)
    (project / "reports" / "figures" / "link.png").symlink_to(secret)

    run = mkdocs(project, "build")

    assert f"reports/README.md:{line_of(report, 'figures/link.png')}: Question 19 fails:" in run.stderr
    assert "symbolic link" in run.stderr
    assert not (project / "site" / "report" / "figures" / "link.png").exists()
    published = [path.read_bytes() for path in (project / "site").rglob("*") if path.is_file()]
    assert secret.read_bytes() not in published


def test_an_absolute_image_path_is_refused(tmp_path: Path) -> None:
    report = valid_report({19: "![x](/etc/hostname)"})
    project = make_project(tmp_path / "p", report)

    run = mkdocs(project, "build")

    assert f"reports/README.md:{line_of(report, '/etc/hostname')}: Question 19 fails:" in run.stderr
    assert not list((project / "site").rglob("hostname"))


def test_a_report_outside_the_project_is_a_configuration_error(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", plugin="      path: ../elsewhere/README.md\n")

    run = mkdocs(project, "build")

    assert run.returncode == 1
    assert "'../elsewhere/README.md' is outside the project" in run.stderr and "project_dir" in run.stderr


def test_an_image_elsewhere_in_the_project_is_published_under_the_page(tmp_path: Path) -> None:
    report = valid_report({19: "![logo](../docs/img/logo.png)"})
    project = make_project(tmp_path / "p", report)

    run = mkdocs(project, "build")

    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "the teacher will not see it" in warnings[0]  # the hand-in holds reports/ only
    source = _page(project).select_one("img[alt=logo]")["src"]
    assert (project / "site" / "report" / source).read_bytes() == (project / "docs" / "img" / "logo.png").read_bytes()


# --- bad input never stops the site -------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe\x00garbage\x00\x81",
        b"# Our project\n\nJust a README, not the template.\n",
        valid_report({7: "caf\xe9 " * 60}).encode("cp1252"),
        valid_report().encode()[:5000],
    ],
    ids=["empty", "binary", "not-the-template", "windows-1252", "cut-off"],
)
def test_a_broken_report_still_builds(tmp_path: Path, content: bytes) -> None:
    project = make_project(tmp_path / "p", content)

    run = mkdocs(project, "build")

    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert (project / "site" / "report" / "index.html").is_file()
    assert "WARNING -  report: reports/README.md:" in run.stderr


def test_a_missing_report_is_one_warning(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", plugin="      path: reports/MISSING.md\n")

    run = mkdocs(project, "build")

    assert run.returncode == 0
    assert "reports/MISSING.md: the report given as 'path' does not exist" in run.stderr


def test_enabled_false_switches_the_plugin_off(tmp_path: Path) -> None:
    plugin = "      path: reports/README.md\n      enabled: false\n"
    project = make_project(tmp_path / "p", valid_report({7: SHORT_7}), plugin=plugin)

    run = mkdocs(project, "build", "--strict")

    assert run.returncode == 0, run.stderr
    assert not (project / "site" / "report").exists()


# --- other pages ---------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_other_pages_are_byte_identical_to_a_build_without_the_plugin(tmp_path: Path, theme: str) -> None:
    with_plugin = make_project(tmp_path / "with", theme=theme)
    without = make_project(tmp_path / "without", theme=theme, plugin=None)

    assert mkdocs(with_plugin, "build").returncode == 0
    assert mkdocs(without, "build").returncode == 0

    for page in ("index.html", "guide/setup/index.html"):
        assert article(with_plugin / "site" / page) == article(without / "site" / page), page


# --- without `path`: pages of the site that are the template -------------------------


def test_without_path_every_template_page_is_checked_and_decorated(tmp_path: Path) -> None:
    report = valid_report({7: SHORT_7})
    with_plugin = make_project(tmp_path / "with", plugin="      annotate: always\n")
    without = make_project(tmp_path / "without", plugin=None)
    for project in (with_plugin, without):
        (project / "docs" / "exam").mkdir()
        (project / "docs" / "exam" / "README.md").write_text(report)
        (project / "docs" / "exam" / "figures").mkdir()
        for number, count in ((14, 1), (19, 1), (20, 1), (21, 1), (29, 1)):
            for index in range(count):
                (project / "docs" / "exam" / "figures" / f"q{number}_{index}.png").write_bytes(png())

    run = mkdocs(with_plugin, "build")
    assert mkdocs(without, "build").returncode == 0

    assert f"report: docs/exam/README.md:{line_of(report, SHORT_7)}: Question 7 fails:" in run.stderr
    assert "not found among documentation files" not in run.stderr  # the template's wandb.png link
    page = BeautifulSoup((with_plugin / "site" / "exam" / "index.html").read_text(), "html.parser")
    assert page.select(".report-dashboard") and page.select(".report-finding")
    assert not (with_plugin / "site" / "report").exists()
    for other in ("index.html", "guide/setup/index.html"):
        assert article(with_plugin / "site" / other) == article(without / "site" / other)


def test_the_summary_line_reports_the_count(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", valid_report({7: SHORT_7, 9: "tag9 short"}))

    run = mkdocs(project, "build")

    assert re.search(r"INFO\s+-\s+report: 29/31 questions pass", run.stderr)


def test_without_path_an_image_outside_docs_is_published_next_to_the_page(tmp_path: Path) -> None:
    report = valid_report({19: "![shot](../../reports/figures/q19_0.png)"})
    project = make_project(tmp_path / "p", plugin="      dashboard: false\n")
    (project / "docs" / "exam").mkdir()
    (project / "docs" / "exam" / "README.md").write_text(report.replace("](figures/q", "](../../reports/figures/q"))

    run = mkdocs(project, "build")

    assert run.returncode == 0, run.stderr
    assert "the teacher will not see it" in run.stderr  # a hand-in holds the report's folder only
    page = BeautifulSoup((project / "site" / "exam" / "index.html").read_text(), "html.parser")
    source = page.select_one("img[alt=shot]")["src"]
    assert (project / "site" / "exam" / source).read_bytes() == png()
    assert not page.select(".report-dashboard")


def test_a_report_inside_docs_is_published_once_at_report(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", plugin="      path: docs/exam/README.md\n")
    (project / "docs" / "exam").mkdir()
    (project / "reports" / "README.md").rename(project / "docs" / "exam" / "README.md")
    (project / "reports" / "figures").rename(project / "docs" / "exam" / "figures")
    (project / "docs" / "report").mkdir()
    (project / "docs" / "report" / "index.md").write_text("# An old page\n")

    run = mkdocs(project, "build")

    assert run.returncode == 0, run.stderr
    assert "the docs page report/index.md is replaced by the report" in run.stderr
    assert "tag29" in (project / "site" / "report" / "index.html").read_text()
    assert not (project / "site" / "exam" / "index.html").exists()
