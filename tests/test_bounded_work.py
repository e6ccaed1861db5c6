"""Bounded work per hand-in: only regular files of at most 20 MB are read, no glob follows a
symbolic link loop, and in a batch a hand-in that takes too long is stopped and reported while
the others are checked. Every case ends with exit 0/1/2 and a message, never a hang or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.projects import make_project, mkdocs
from support.reportgen import make_report

from mkdocs_report_plugin import check_report
from mkdocs_report_plugin.frontends.cli import batch
from mkdocs_report_plugin.frontends.cli.batch import check_all, collect
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.reading.repository import MAX_FILE_BYTES

COMMAND = str(Path(sys.executable).with_name("mkdocs-report"))
HANG_GUARD = 60  # seconds; every command here ends in about one, a hang fails the test instead of the run

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")


def _command(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COMMAND, *arguments], cwd=cwd, capture_output=True, text=True, timeout=HANG_GUARD,
                          check=False)  # fmt: skip


def _fifo_report(folder: Path) -> Path:
    (folder / "reports").mkdir(parents=True, exist_ok=True)
    report = folder / "reports" / "README.md"
    os.mkfifo(report)
    return report


def _dev_zero_report(folder: Path) -> Path:
    (folder / "reports").mkdir(parents=True, exist_ok=True)
    report = folder / "reports" / "README.md"
    report.symlink_to("/dev/zero")
    return report


def _huge_report(folder: Path) -> Path:
    """A sparse report just over the limit: it takes no disk space, but reading it would take memory."""
    (folder / "reports").mkdir(parents=True, exist_ok=True)
    report = folder / "reports" / "README.md"
    with open(report, "wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)
    return report


# --- only regular files of a sensible size are read ----------------------------------------


@pytest.mark.slow
@needs_fifo
@pytest.mark.parametrize("command", ["check", "html", "handin"])
def test_a_pipe_named_readme_is_refused_without_hanging(tmp_path: Path, command: str) -> None:
    _fifo_report(tmp_path)

    run = _command(command, "reports/README.md", cwd=tmp_path)

    assert run.returncode == 2, run.stderr
    assert "not a regular file" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.slow
@needs_dev_zero
@pytest.mark.parametrize("command", ["check", "html", "handin"])
def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path: Path, command: str) -> None:
    _dev_zero_report(tmp_path)

    run = _command(command, "reports/README.md", cwd=tmp_path)

    assert run.returncode == 2, run.stderr
    assert "not a regular file" in run.stderr and "Traceback" not in run.stderr


def test_a_report_over_the_size_limit_is_an_unreadable_finding(tmp_path: Path) -> None:
    result = check_report(_huge_report(tmp_path))

    assert not result.is_report
    assert [finding.rule for finding in result.findings] == ["unreadable"]
    assert "larger than 20 MB" in result.findings[0].message


@pytest.mark.slow
@needs_fifo
def test_a_build_whose_report_is_a_pipe_ends_with_a_warning(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "reports" / "README.md").unlink()
    os.mkfifo(project / "reports" / "README.md")

    run = mkdocs(project, "build", timeout=HANG_GUARD * 3)

    assert run.returncode == 0, run.stderr
    assert "reports/README.md:1: the report fails: cannot read" in run.stderr and "not a regular file" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (project / "site" / "report").exists()


# --- finding the reports -------------------------------------------------------------------


@pytest.mark.slow
def test_a_glob_does_not_follow_a_symbolic_link_loop(tmp_path: Path) -> None:
    reports = tmp_path / "group-1" / "reports"
    reports.mkdir(parents=True)
    (reports / "README.md").write_text(make_report(), encoding="utf-8")
    (reports / "up").symlink_to("../..")  # glob.glob followed this for minutes
    (tmp_path / "group-1" / "loop").symlink_to(".")

    run = _command("check", "**/README.md", cwd=tmp_path)

    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    assert collect([str(tmp_path / "**" / "README.md")]) == [reports / "README.md"]
    assert collect([tmp_path]) == [tmp_path / "group-1"]  # a folder of hand-ins: one row per group
    [checked] = check_all(collect([tmp_path]), jobs=1)  # its report found without following the links
    assert checked.result.display_path == str(reports / "README.md") and checked.result.is_report


# --- a time limit per hand-in --------------------------------------------------------------


def _class(root: Path, count: int) -> list[Path]:
    paths = []
    for number in range(1, count + 1):
        reports = root / f"group-{number}" / "reports"
        reports.mkdir(parents=True)
        (reports / "README.md").write_text(make_report(), encoding="utf-8")
        paths.append(reports / "README.md")
    return paths


@pytest.fixture
def group_2_hangs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker never ends on group-2. Worker processes are forked, so they inherit the patch."""
    real = batch.check_report

    def hang_on_group_2(path: Path, **options):  # type: ignore[no-untyped-def]
        if "group-2" in str(path):
            time.sleep(3600)
        return real(path, **options)

    monkeypatch.setattr(batch, "check_report", hang_on_group_2)


@pytest.mark.usefixtures("group_2_hangs")
@pytest.mark.parametrize(
    ("count", "jobs"),
    [(2, 1), pytest.param(3, 2, marks=pytest.mark.slow), pytest.param(10, 2, marks=pytest.mark.slow)],
)  # each waits out the limit: the fast run keeps one
def test_a_hand_in_over_the_time_limit_is_not_checked_and_the_rest_go_on(tmp_path: Path, count: int, jobs: int) -> None:
    paths = _class(tmp_path, count)

    checked = list(check_all(paths, jobs=jobs, timeout=1))

    assert [entry.name for entry in checked] == [f"group-{number}" for number in range(1, count + 1)]
    stopped = checked[1].result
    assert [finding.rule for finding in stopped.findings] == ["timeout"]
    assert "took longer than 1 s" in stopped.findings[0].message
    assert all(entry.result.is_report for index, entry in enumerate(checked) if index != 1)


@pytest.mark.usefixtures("group_2_hangs")
@pytest.mark.parametrize("command", ["check", pytest.param("summary", marks=pytest.mark.slow)])
def test_the_timeout_option_names_the_group_that_took_too_long(tmp_path: Path, command: str) -> None:
    _class(tmp_path / "hand-ins", 3)
    arguments = [command, str(tmp_path / "hand-ins"), "--timeout", "1", "-j", "2"]
    if command == "summary":
        arguments += ["-o", str(tmp_path / "summary.html")]

    outcome = CliRunner().invoke(main, arguments)

    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.exception
    if command == "check":
        assert outcome.exit_code == 2
        assert "group-2: not checked: took longer than 1 s" in outcome.output
        lines = outcome.output.splitlines()
        assert [line.split(":")[0] for line in lines[:3]] == ["group-1", "group-2", "group-3"]
        assert "not checked" not in lines[0] + lines[2]  # the others were checked
    else:
        assert outcome.exit_code == 0
        assert "took longer than 1 s" in (tmp_path / "summary.html").read_text(encoding="utf-8")
