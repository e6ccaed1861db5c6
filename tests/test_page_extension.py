"""The page extension decorates only the report page, and makes it without BeautifulSoup."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from support.projects import BUILD_TIMEOUT, make_project, valid_report

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.frontends import extension as extension_module
from mkdocs_report_plugin.frontends.extension import ReportExtension
from mkdocs_report_plugin.output.page_extension import DecorateReport, PageDecoration

ORDINARY_PAGE = "# Setup\n\nSome <b>bold</b> text, [a link](x.md) and\n\n- [ ] a box\n\n<div>raw</div>\n"


def test_a_page_that_is_not_the_report_is_left_as_markdown_makes_it() -> None:
    plain = markdown.markdown(ORDINARY_PAGE, extensions=["toc"])

    assert markdown.markdown(ORDINARY_PAGE, extensions=["toc", DecorateReport()]) == plain


def test_the_report_page_gets_the_dashboard_and_badges_once_per_conversion() -> None:
    result = check_text(valid_report({7: "tag7 far too short"}), display_path="reports/README.md")
    md = markdown.Markdown(extensions=["toc", DecorateReport(PageDecoration(result))])

    first, second = md.convert(result.text), md.reset().convert(result.text)

    assert first.count('class="report-dashboard') == 1 and second.count('class="report-dashboard') == 1
    assert "report-badge--fail" in first and "report-slot-" not in first


def test_outside_zensical_the_extension_says_to_use_the_plugin_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(extension_module, "_WARNED", [])
    text = valid_report()

    with caplog.at_level(logging.WARNING):
        pages = [markdown.markdown(text, extensions=[ReportExtension()]) for _ in range(2)]

    assert [record.getMessage() for record in caplog.records if "add the plugin" in record.getMessage()] != []
    assert len(caplog.records) == 1
    assert all("report-dashboard" not in page for page in pages)


@pytest.mark.slow
def test_a_build_with_the_plugin_never_imports_beautifulsoup(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", valid_report({7: "tag7 far too short"}))
    script = (
        "import sys, os\n"
        "os.environ['NO_MKDOCS_2_WARNING'] = '1'\n"
        "from mkdocs.config import load_config\n"
        "from mkdocs.commands.build import build\n"
        "build(load_config(config_file='mkdocs.yml'))\n"
        "print('bs4' in sys.modules, 'report-dashboard' in open('site/report/index.html').read())\n"
    )

    run = subprocess.run(
        [sys.executable, "-c", script], cwd=project, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "True"]


def test_a_markdown_block_with_a_handler_is_shown_as_written_and_cannot_run() -> None:
    result = check_text(valid_report(), display_path="reports/README.md")
    text = '<div onclick="alert(1)" markdown="1">\n*our* words\n</div>\n'
    decoration = PageDecoration(result, dashboard=False)

    page = markdown.markdown(text, extensions=["md_in_html", DecorateReport(decoration)])

    assert "<div onclick" not in page
    assert 'onclick="alert(1)"' in page.replace("&quot;", '"') and "words" in page
