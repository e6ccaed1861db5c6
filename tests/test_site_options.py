"""The report page's options and flow are the same under MkDocs and Zensical: one table of options, read and refused
with the same words by both builders, and the page made by one flow (what strict counts, the lines logged).

Zensical is run in-process here: its own rendering context (the preprocessor it gives every extension) around the
extension, as its renderer calls Python-Markdown; tests/test_builders.py builds the demo with both for real."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import markdown
import pytest
from mkdocs.config.base import LegacyConfig
from support.projects import good_answer, make_project, valid_report

from mkdocs_report_plugin.frontends.extension import ReportExtension
from mkdocs_report_plugin.frontends.mkdocs.config import CONFIG_SCHEME
from mkdocs_report_plugin.output import page_extension
from mkdocs_report_plugin.output.page_extension import StopBuild
from mkdocs_report_plugin.output.site_options import SITE_OPTIONS

zensical_context = pytest.importorskip("zensical.extensions.context")

FENCED = "\n\n```python\nprint('hi')\n```\n"
"""An answer with a fenced block: a handin-render warning (the course's hand-in shows it otherwise)."""


def _zensical_page(project: Path, **options: object) -> str:
    """The report's page as Zensical renders it: the docs hold the report as a file symlink, and the extension is
    configured with ``options`` (``path`` relative to the config's folder, the project's top)."""
    page_source = project / "docs" / "report.md"
    if not page_source.exists():
        page_source.symlink_to(project / "reports" / "README.md")
    page = zensical_context.Page(url="report/", path="report.md")
    context = zensical_context.ContextExtension(page=page, config={"root_dir": str(project), "docs_dir": "docs"})
    extension = ReportExtension(path="reports/README.md", **options)
    md = markdown.Markdown(extensions=[context, "toc", "admonition", "pymdownx.superfences", extension])
    return md.convert(page_source.read_text(encoding="utf-8"))


def _mkdocs_error(project: Path, **options: object) -> str:
    """The first configuration error MkDocs reports for the plugin's ``options``, as ``option 'name': message``."""
    config = LegacyConfig(CONFIG_SCHEME, config_file_path=str(project / "mkdocs.yml"))
    config.load_dict(options)
    errors, _ = config.validate()
    assert errors, f"MkDocs accepted {options}"
    name, error = errors[0]
    return f"option '{name}': {error}"


def _same_words(message: str) -> str:
    """A message with the config's name taken out: each builder names its own file."""
    return re.sub(r"mkdocs\.yml|the Zensical config", "CONFIG", message)


def test_both_builders_take_the_options_of_one_table() -> None:
    table = [option.name for option in SITE_OPTIONS]

    plugin = [name for name, _ in CONFIG_SCHEME if name != "nav_title"]  # MkDocs' nav only: Zensical's is the student's
    extension = list(ReportExtension().config)

    assert plugin == table and extension == table


@pytest.mark.parametrize(
    "options",
    [
        {"severity": {"words": "loud"}},
        {"ignore": ["wordz"]},
        {"severity": {"words": "info"}, "ignore": ["words"]},
        {"constraints": {"fourteen": {"words": "1-2"}}},
        {"constraints": {14: {"words": "300-200"}}},
        {"spec": "specs/none.yaml"},
        {"annotate": "sometimes"},
        {"strict": "yes"},
        {"project_dir": "nowhere"},
    ],
)
def test_a_mistake_is_refused_with_the_same_words_by_both_builders(tmp_path: Path, options: dict[str, Any]) -> None:
    project = make_project(tmp_path / "p")

    under_mkdocs = _mkdocs_error(project, path="reports/README.md", **options)
    with pytest.raises(StopBuild) as under_zensical:
        _zensical_page(project, **options)

    assert _same_words(str(under_zensical.value)) == "report: " + _same_words(under_mkdocs)


def test_an_option_zensical_does_not_know_is_named_with_the_ones_it_knows(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")

    with pytest.raises(StopBuild, match=r"option 'nav_title': there is no such option .* the options are path, "):
        _zensical_page(project, nav_title="Report")


def test_under_zensical_severity_and_strict_count_what_mkdocs_counts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = make_project(tmp_path / "p", valid_report({6: good_answer(6) + FENCED}))

    with caplog.at_level(logging.INFO, logger="mkdocs_report_plugin"):
        page = _zensical_page(project, strict=True, severity={"handin-render": "info"})  # info is never counted

    assert "report-dashboard" in page
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert any(re.match(r"reports/README\.md:\d+: Question 6: ", line) for line in infos), infos
    assert "reports/README.md: Rules re-levelled: handin-render: info" in infos
    with pytest.raises(StopBuild) as stopped:
        _zensical_page(project, strict=True)
    assert "on the 1 report line(s) logged above: 0 that fail, 1 warning(s)" in str(stopped.value)


def test_under_zensical_a_bug_in_the_decoration_is_one_warning_and_the_page_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(page_extension, "decorate_tree", broken)
    project = make_project(tmp_path / "p")

    with caplog.at_level(logging.WARNING, logger="mkdocs_report_plugin"):
        page = _zensical_page(project)

    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "simulated bug" in warnings[0], warnings
    assert "tag29" in page and "report-dashboard" not in page
