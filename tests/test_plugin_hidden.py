"""A project inside a hidden folder of its repository is never built silently without images (issue 15)."""

from __future__ import annotations

from pathlib import Path

from test_plugin_support import make_project, mkdocs


def test_a_project_in_a_hidden_folder_stops_with_one_line_that_gives_the_working_option(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    project = make_project(tmp_path / ".work" / "site")
    built = mkdocs(project, "build")
    assert built.returncode == 1
    errors = [line for line in built.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and "mkdocs.yml and the report are inside a hidden folder" in errors[0]
    assert "project_dir: ." in errors[0]


def test_with_that_option_the_page_shows_every_image(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    project = make_project(tmp_path / ".work" / "site", plugin="      path: reports/README.md\n      project_dir: .\n")
    built = mkdocs(project, "build")
    assert built.returncode == 0 and "WARNING" not in built.stderr
    page = (project / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert page.count("<img") == 5 and "hidden" not in page
    assert (project / "site" / "report" / "figures" / "q14_0.png").is_file()
