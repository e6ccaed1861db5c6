"""Hidden files and folders (issue 15): only the dot-names below the folder the student works in hide a file.

A project kept inside a hidden folder of its repository (``.work/site/``) publishes every image with no
warning, in the build and in ``mkdocs-report check``; an image really in a hidden folder next to the report
is one warning on its line that says why and what to do, and is not published."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.cli import run
from support.images import png
from support.projects import good_answer, make_project, mkdocs, valid_report
from support.reportgen import line_of

from mkdocs_report_plugin import check_report

pytestmark = pytest.mark.slow

HIDDEN_IMAGE = "![our secret plot](.cache/plot.png)"


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("WARNING")]


def test_a_project_in_a_hidden_folder_of_its_repository_publishes_every_image_without_a_warning(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    project = make_project(tmp_path / ".work" / "site")

    built = mkdocs(project, "build")

    assert built.returncode == 0, built.stderr
    assert _warnings(built.stderr) == [], built.stderr
    page = (project / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert page.count("<img") == 5 and "image not shown" not in page
    assert (project / "site" / "report" / "figures" / "q14_0.png").is_file()
    assert check_report(project / "reports" / "README.md").findings == []
    status, out, _ = run("check", str(project / "reports" / "README.md"))
    assert status == 0 and "hidden" not in out


def test_with_project_dir_set_to_the_config_folder_the_page_shows_every_image_too(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    project = make_project(tmp_path / ".work" / "site", plugin="      path: reports/README.md\n      project_dir: .\n")
    built = mkdocs(project, "build")
    assert built.returncode == 0 and "WARNING" not in built.stderr
    page = (project / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert page.count("<img") == 5 and "hidden" not in page


def test_a_report_among_the_docs_of_a_project_in_a_hidden_folder_gets_no_false_hidden_warning(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    project = make_project(tmp_path / ".work" / "site", plugin="      {}\n")
    shutil.move(project / "reports", project / "docs" / "reports")

    built = mkdocs(project, "build")

    assert built.returncode == 0, built.stderr
    assert _warnings(built.stderr) == [], built.stderr
    assert (project / "site" / "reports" / "figures" / "q14_0.png").is_file()


@pytest.mark.parametrize("where", ["p", ".work/site"])
def test_an_image_really_in_a_hidden_folder_is_one_warning_with_the_reason_and_the_fix(
    tmp_path: Path, where: str
) -> None:
    (tmp_path / ".git").mkdir()
    report = valid_report({29: good_answer(29).replace("![figure 0 of question 29](figures/q29_0.png)", HIDDEN_IMAGE)})
    project = make_project(tmp_path / where, report)
    (project / "reports" / ".cache").mkdir()
    (project / "reports" / ".cache" / "plot.png").write_bytes(png())

    built = mkdocs(project, "build")

    warnings = _warnings(built.stderr)
    assert built.returncode == 0, built.stderr
    line = line_of(report, HIDDEN_IMAGE)
    assert len(warnings) == 1, warnings
    assert (
        f"reports/README.md:{line}: Question 29 fails: image '.cache/plot.png' is in a hidden file or folder"
        in (warnings[0])
    )
    assert "Put the file in figures/ next to the report." in warnings[0]
    assert not list((project / "site").rglob("plot.png"))
    page = (project / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert "[image not shown: our secret plot (.cache/plot.png)]" in page
    assert [finding.line for finding in check_report(project / "reports" / "README.md").findings] == [line]


def test_in_a_project_in_a_hidden_folder_a_symlink_to_its_env_is_still_refused(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    report = valid_report({29: good_answer(29).replace("figures/q29_0.png", "figures/e.png")})
    project = make_project(tmp_path / ".work" / "site", report)
    (project / ".env").write_text("AWS_SECRET_ACCESS_KEY=ours\n")
    (project / "reports" / "figures" / "e.png").symlink_to("../../.env")

    findings = check_report(project / "reports" / "README.md").findings

    assert [(finding.rule, finding.line) for finding in findings] == [("image-not-found", line_of(report, "e.png"))]
    assert "symbolic link into a hidden file or folder" in findings[0].message
