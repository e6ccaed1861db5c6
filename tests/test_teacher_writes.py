"""What the commands write on a teacher's (or a student's) machine, in repositories they did not write: never
through a symbolic link a student committed, never over an input (issue 23, the teacher's machine)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support.reportgen import make_report

from mkdocs_report_plugin.frontends.cli.main import main

TEACHER_FILE = "export PATH=/usr/bin\n"


def _repository_with_a_link(tmp_path: Path, link: str) -> tuple[Path, Path]:
    """A repository holding a report and, at ``link``, a committed symbolic link to a file of the teacher's."""
    outside = tmp_path / "teacher" / ".bashrc"
    outside.parent.mkdir()
    outside.write_text(TEACHER_FILE)
    repository = tmp_path / "repo"
    (repository / "reports").mkdir(parents=True)
    (repository / "reports" / "README.md").write_text(make_report(), encoding="utf-8")
    (repository / link).symlink_to(outside)
    return repository, outside


def _refused_and_untouched(outcome_code: int, stderr: str, link: Path, outside: Path) -> None:
    assert outcome_code == 2, stderr
    assert "is a symbolic link: nothing was written there" in stderr and "Write to another place (-o)" in stderr
    assert "Traceback" not in stderr
    assert outside.read_text() == TEACHER_FILE and link.is_symlink()


def test_handin_refuses_a_committed_report_html_link_and_leaves_its_target_untouched(tmp_path: Path) -> None:
    repository, outside = _repository_with_a_link(tmp_path, "reports/report.html")
    outcome = CliRunner().invoke(main, ["handin", str(repository / "reports" / "README.md")])
    _refused_and_untouched(outcome.exit_code, outcome.stderr, repository / "reports" / "report.html", outside)
    assert "reports/report.html" in outcome.stderr


def test_html_refuses_a_link_at_its_default_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repository, outside = _repository_with_a_link(tmp_path, "report.html")
    monkeypatch.chdir(repository)
    outcome = CliRunner().invoke(main, ["html", "reports/README.md"])
    _refused_and_untouched(outcome.exit_code, outcome.stderr, repository / "report.html", outside)


@pytest.mark.parametrize("command", [["html", "reports/README.md"], ["summary", "reports/README.md"],
                                     ["spec", "reports/README.md"]])  # fmt: skip
def test_an_output_named_with_o_that_is_a_link_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    repository, outside = _repository_with_a_link(tmp_path, "out.html")
    monkeypatch.chdir(repository)
    outcome = CliRunner().invoke(main, [*command, "-o", "out.html"])
    _refused_and_untouched(outcome.exit_code, outcome.stderr, repository / "out.html", outside)


@pytest.mark.parametrize("command", ["html", "handin"])
def test_an_output_that_is_the_report_under_another_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """A hard link to the report is the report: writing the page there would overwrite what the student wrote."""
    report = tmp_path / "reports" / "README.md"
    report.parent.mkdir()
    report.write_text(make_report(), encoding="utf-8")
    (tmp_path / "copy.md").hardlink_to(report)
    monkeypatch.chdir(tmp_path)
    outcome = CliRunner().invoke(main, [command, "reports/README.md", "-o", "copy.md"])
    assert outcome.exit_code == 2 and "that is the report itself" in outcome.stderr
    assert report.read_text(encoding="utf-8") == make_report()


def test_the_handin_is_still_written_where_the_course_writes_it(tmp_path: Path) -> None:
    report = tmp_path / "reports" / "README.md"
    report.parent.mkdir()
    report.write_text(make_report(), encoding="utf-8")
    (tmp_path / "reports" / "report.html").write_text("an earlier hand-in")
    outcome = CliRunner().invoke(main, ["handin", str(report)])
    assert outcome.exit_code == 0, outcome.output
    written = (tmp_path / "reports" / "report.html").read_text(encoding="utf-8")
    assert written.startswith("<") and "Question 1" in written
    assert sorted(path.name for path in report.parent.iterdir()) == ["README.md", "report.html"]
