"""`mkdocs serve` pays for the check only when the report, or a file it points to, changed."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from support.images import png
from support.projects import make_project, valid_report

from mkdocs_report_plugin.check.options import CheckOptions
from mkdocs_report_plugin.output import check_cache
from mkdocs_report_plugin.output.check_cache import checked_report


def _check(project: Path):  # type: ignore[no-untyped-def]
    return checked_report(project / "reports" / "README.md", CheckOptions(project_dir=project), "reports/README.md")


def test_the_same_report_is_checked_once(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")

    assert _check(project) is _check(project)


def test_an_edited_report_is_checked_again(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", valid_report({7: "tag7 far too short"}))
    before = _check(project)
    report = project / "reports" / "README.md"

    report.write_text(report.read_text().replace("tag7 far too short", "tag7 " + "word " * 60))

    after = _check(project)
    assert before.question(7).findings and not after.question(7).findings  # type: ignore[union-attr]


def test_a_figure_deleted_or_replaced_is_checked_again(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    first = _check(project)
    figure = next((project / "reports" / "figures").iterdir())

    figure.unlink()
    missing = _check(project)
    figure.write_bytes(png(shade=200))
    back = _check(project)

    assert any(f.rule.startswith("image") or "not found" in f.message for f in missing.findings)
    assert not first.findings and not back.findings and back is not first


def test_a_long_serve_keeps_the_last_few_reports_not_every_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = check_cache.check_report
    monkeypatch.setattr(check_cache, "check_report", lambda *a, **k: calls.append(a) or real(*a, **k))
    projects = [make_project(tmp_path / f"p{number}") for number in range(check_cache._KEPT + 1)]

    for project in projects:
        _check(project)
    _check(projects[-1])
    checked_while_kept = len(calls)
    _check(projects[0])

    assert len(check_cache._CACHE) == check_cache._KEPT
    assert checked_while_kept == len(projects) and len(calls) == len(projects) + 1  # the oldest was let go


def _serve_build(project: Path) -> None:
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")


@pytest.mark.slow
def test_a_serve_rebuild_after_editing_another_page_does_not_check_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "p", valid_report({7: "tag7 far too short"}))
    calls: list[object] = []
    real = check_cache.check_report
    monkeypatch.setattr(check_cache, "check_report", lambda *a, **k: calls.append(a) or real(*a, **k))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    logging.disable(logging.INFO)
    try:
        _serve_build(project)
        (project / "docs" / "index.md").write_text("# Home\n\nEdited.\n")
        _serve_build(project)
    finally:
        logging.disable(logging.NOTSET)
    page = (project / "site" / "report" / "index.html").read_text()
    assert len(calls) == 1
    assert "report-dashboard" in page and "Question 7" in page
    assert os.path.getsize(project / "site" / "report" / "handin.html") > 0


def test_a_build_parses_the_report_once_for_the_check_the_hazards_and_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check, the hazard scan of the hand-in and the page's defusing read one parse of the report's text;
    a report of many links and '[' (every real one: the hazard scan looks closer) was parsed three times."""
    from mkdocs_report_plugin.reading import parse as parse_module

    parse_module.parse.cache_clear()
    texts: list[str] = []
    read_markup = parse_module.read_markup
    monkeypatch.setattr(parse_module, "read_markup", lambda body: texts.append(body) or read_markup(body))
    links = "".join(f" [link {n}](../src/m{n}.py) [note {n}]" for n in range(40))
    project = make_project(tmp_path / "p", valid_report({3: "we wrote" + links}))

    build(load_config(str(project / "mkdocs.yml")))

    assert len(texts) == 1
    assert (project / "site" / "report" / "index.html").is_file()
