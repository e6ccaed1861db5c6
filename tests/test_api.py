"""The Python API as a notebook user meets it."""

from __future__ import annotations

from pathlib import Path

from support.reportgen import make_report, words, write_report

import mkdocs_report_plugin
from mkdocs_report_plugin import check_report, check_text


def test_public_surface_is_small() -> None:
    assert set(mkdocs_report_plugin.__all__) == {
        "Constraints",
        "Finding",
        "Range",
        "Result",
        "SpecError",
        "UnknownRuleError",
        "check_report",
        "check_text",
    }


def test_check_report_accepts_str_path_and_folder(tmp_path: Path) -> None:
    report = write_report(tmp_path / "reports", make_report({7: words(10)}))
    results = [check_report(str(report)), check_report(report), check_report(report.parent)]
    assert {(r.passed, r.total) for r in results} == {(30, 31)}


def test_check_text_resolves_figures_only_when_given_a_folder(tmp_path: Path) -> None:
    text = make_report()
    assert check_text(text).ok
    assert not check_text(text, base_dir=tmp_path).ok  # no figures/ there
    write_report(tmp_path, text)
    assert check_text(text, base_dir=tmp_path).ok


def test_notebook_shows_the_summary_table() -> None:
    html = check_text(make_report({7: words(10)}), display_path="reports/README.md")._repr_html_()
    assert "30/31" in html and "reports/README.md" in html
    assert html.count("<tr") >= 31
    assert "10 words; the range is 50-100" in html


def test_bad_input_gives_a_result_not_an_exception(tmp_path: Path) -> None:
    for result in (check_report(tmp_path), check_text(b"\x00\xff" * 100), check_text("")):
        assert not result.is_report and result.findings and not result.ok
