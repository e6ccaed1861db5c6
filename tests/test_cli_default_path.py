"""``mkdocs-report check`` with no path checks the report the plugin publishes (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support.cli import run
from support.course import shared_file
from support.reportgen import make_report, words, write_report

# The course's cookiecutter: docs/mkdocs.yaml, the report in reports/, a tag MkDocs configs use.
COOKIECUTTER_CONFIG = """site_name: Project
docs_dir: source
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
plugins:
  - search
  - report:
      path: ../reports/README.md
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A git project with a report that fails question 14 (168 words)."""
    (tmp_path / ".git").mkdir()
    write_report(tmp_path / "reports", make_report({14: "Zebra " + words(167)}))
    (tmp_path / "docs" / "source").mkdir(parents=True)
    (tmp_path / "docs" / "README.md").write_text("# Documentation\n\nHow to build the docs.\n")
    (tmp_path / "docs" / "mkdocs.yaml").write_text(COOKIECUTTER_CONFIG)
    return tmp_path


def test_from_docs_it_checks_the_projects_report_and_says_which(project: Path) -> None:
    status, out, err = run("check", cwd=project / "docs")
    assert status == 1
    assert out.startswith("../reports/README.md:") and "Question 14 fails: 168 words" in out
    assert err.strip() == "mkdocs-report: checking ../reports/README.md (the report plugin's path in mkdocs.yaml)"


def test_from_the_top_the_obvious_report_is_checked_without_a_note(project: Path) -> None:
    status, out, err = run("check", cwd=project)
    assert status == 1 and out.startswith("reports/README.md:") and err == ""


def test_the_plugins_path_wins_over_reports_readme(project: Path) -> None:
    write_report(project / "exam", make_report({}))
    (project / "docs" / "mkdocs.yaml").write_text(COOKIECUTTER_CONFIG.replace("../reports/", "../exam/"))
    status, _, err = run("check", cwd=project / "docs" / "source")
    assert status == 0
    assert "checking ../../exam/README.md (the report plugin's path in ../mkdocs.yaml)" in err


def test_plugins_as_a_mapping_and_a_folder_path_are_read(project: Path) -> None:
    write_report(project / "exam", make_report({}))
    (project / "mkdocs.yml").write_text("site_name: x\nplugins:\n  search: {}\n  report:\n    path: exam\n")
    status, _, err = run("check", cwd=project)
    assert status == 0 and "checking exam/README.md (the report plugin's path in mkdocs.yml)" in err


def test_without_the_plugin_reports_readme_is_found_from_a_subfolder(project: Path) -> None:
    (project / "docs" / "mkdocs.yaml").write_text("site_name: x\nplugins:\n  - search\n")
    status, out, err = run("check", cwd=project / "docs")
    assert status == 1 and out.startswith("../reports/README.md:")
    assert "checking ../reports/README.md (reports/README.md found above this folder)" in err


def test_a_path_to_nowhere_in_the_config_is_one_line_saying_what_to_fix(project: Path) -> None:
    (project / "docs" / "mkdocs.yaml").write_text(COOKIECUTTER_CONFIG.replace("../reports/", "../report/"))
    status, out, err = run("check", cwd=project / "docs")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "mkdocs.yaml gives the report plugin the path ../report/README.md" in err
    assert "fix that path" in err


def test_a_broken_config_is_named_and_the_search_goes_on(project: Path) -> None:
    (project / "docs" / "mkdocs.yaml").write_text("plugins: [report: {path: ../reports/README.md\n")
    status, out, _ = run("check", cwd=project / "docs")
    assert status == 1 and out.startswith("../reports/README.md:")
    (project / "reports" / "README.md").unlink()
    status, _, err = run("check", cwd=project / "docs")
    assert status == 2 and "mkdocs.yaml could not be read as YAML" in err


def test_nothing_found_says_where_it_looked_and_what_to_pass(project: Path) -> None:
    (project / "reports" / "README.md").unlink()
    (project / "docs" / "mkdocs.yaml").write_text("site_name: x\n")
    status, out, err = run("check", cwd=project / "docs")
    assert status == 2 and out == "" and err.count("\n") == 1
    assert f"looked in {project / 'docs'} and the folders up to {project}" in err
    assert "mkdocs-report check reports/README.md" in err


def test_the_search_stops_at_the_git_top(tmp_path: Path) -> None:
    write_report(tmp_path / "reports", make_report({}))
    (tmp_path / "inner" / ".git").mkdir(parents=True)
    status, _, err = run("check", cwd=tmp_path / "inner")
    assert status == 2 and "no report found here" in err


def test_html_from_docs_writes_the_projects_report(project: Path) -> None:
    status, out, _ = run("html", "-o", "page.html", cwd=project / "docs")
    assert status == 0 and out.startswith("page.html: 30/31 questions pass")
    assert "Zebra" in (project / "docs" / "page.html").read_text()


def test_a_real_cookiecutter_hand_in_is_checked_from_its_docs_folder(materialized: Callable[[str], Path]) -> None:
    shared_file("handins", "039", "SOURCE")  # a visible skip without the course material
    repository = materialized("039")  # docs/mkdocs.yaml (mkdocstrings, no report plugin) and a docs/README.md
    explicit = run("check", "../reports/README.md", cwd=repository / "docs")
    status, out, err = run("check", cwd=repository / "docs")
    assert (status, out) == explicit[:2] and out.startswith("../reports/README.md:")
    assert "checking ../reports/README.md" in err


def test_handin_from_docs_is_written_next_to_the_projects_report(project: Path) -> None:
    status, out, _ = run("handin", cwd=project / "docs")
    assert status == 0 and out.startswith("../reports/report.html: ")
    assert (project / "reports" / "report.html").is_file() and not (project / "docs" / "report.html").exists()
