"""In-process builds: a bug inside the plugin costs one warning, never the page."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from support.projects import make_project

from mkdocs_report_plugin.output import page_extension, site_page

pytestmark = pytest.mark.slow


def _build(project: Path) -> None:
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)


def test_a_failure_while_decorating_is_one_warning_and_the_page_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(page_extension, "decorate_tree", broken)
    project = make_project(tmp_path / "p")

    with caplog.at_level(logging.WARNING):
        _build(project)

    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings
    assert "report/index.md" in warnings[0] and "simulated bug" in warnings[0]
    page = (project / "site" / "report" / "index.html").read_text()
    assert "tag29" in page  # the report itself is still on the page, undecorated


def test_a_failure_while_checking_is_one_warning_and_the_site_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise ValueError("simulated bug")

    monkeypatch.setattr(site_page, "checked_report", broken)
    project = make_project(tmp_path / "p")

    with caplog.at_level(logging.WARNING):
        _build(project)

    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "reports/README.md" in warnings[0], warnings
    assert (project / "site" / "index.html").is_file()
