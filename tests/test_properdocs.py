"""The plugin runs unchanged under ProperDocs, the maintained fork of MkDocs 1.x."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.projects import make_project, run_installed, valid_report
from support.reportgen import line_of

pytestmark = pytest.mark.slow


def test_properdocs_builds_the_same_report_page(tmp_path: Path) -> None:
    report = valid_report({7: "tag7 far too short"})
    project = make_project(tmp_path / "p", report)

    run = run_installed("properdocs", "build", cwd=project)

    assert run.returncode == 0, run.stderr
    assert f"report: reports/README.md:{line_of(report, 'tag7 far too short')}: Question 7 fails:" in run.stderr
    page = (project / "site" / "report" / "index.html").read_text()
    assert "report-dashboard" in page
    assert (project / "site" / "report" / "figures" / "q14_0.png").is_file()


def test_properdocs_strict_fails_on_the_report(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", valid_report({7: "tag7 far too short"}))

    run = run_installed("properdocs", "build", "--strict", cwd=project)

    assert run.returncode == 1
