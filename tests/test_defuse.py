"""No student text stops or stalls a build: each shape is a finding on its line, the page shows it as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.hangs import run_with_timeout
from support.projects import build_in_process, make_project, valid_report

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.output.standalone import standalone_html

SHAPES = {
    "marked-section": ("Our answer <![alt](figures/x.png) and `<![>` in code.", "render-stop", "<![>"),
    "emphasis-run": ("*" * 2000 + "x" + "*" * 2000, "render-stop", "*" * 2000 + "x"),
    "nested-lists": ("- " * 60 + "deep", "render-stop", "- - - deep"),
    "brackets": ("[" * 20_000, "render-slow", "[" * 20_000),
}


def _rules_at(text: str) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for finding in check_text(text).findings:
        found.setdefault(finding.rule, []).append(finding.line)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("with_path", [True, False], ids=["path", "no-path"])
def test_the_build_survives_the_shape_with_a_finding_on_its_line(tmp_path: Path, shape: str, with_path: bool) -> None:
    answer, _rule, shown = SHAPES[shape]
    report = valid_report({5: answer})
    if with_path:
        project = make_project(tmp_path / "p", report)
        page = project / "site" / "report" / "index.html"
        shown_path = "reports/README.md"
    else:
        project = make_project(tmp_path / "p", report, plugin="      annotate: always\n")
        (project / "docs" / "exam").mkdir()
        (project / "docs" / "exam" / "README.md").write_text(report)
        page = project / "site" / "exam" / "index.html"
        shown_path = "docs/exam/README.md"
    line = report.split("\n").index(answer) + 1

    logged = build_in_process(project)  # raises if the build stops

    assert not [said for said in logged if "Traceback" in said]
    assert [said for said in logged if said.startswith(f"WARNING: report: {shown_path}:{line}: Question 5:")]
    assert shown in page.read_text().replace("&lt;", "<").replace("&gt;", ">")


@pytest.mark.parametrize("shape", SHAPES)
def test_check_reports_the_shape_on_its_line(shape: str) -> None:
    answer, rule, _ = SHAPES[shape]
    report = valid_report({5: answer})
    assert report.split("\n").index(answer) + 1 in _rules_at(report)[rule]


@pytest.mark.parametrize("shape", SHAPES)
def test_the_standalone_export_shows_the_shape_as_written(shape: str) -> None:
    answer, _, shown = SHAPES[shape]
    html = run_with_timeout(_export, valid_report({5: answer}))
    assert shown in html.replace("&lt;", "<").replace("&gt;", ">")


def _export(text: str) -> str:
    return standalone_html(check_text(text), embed_images=False)


@pytest.mark.parametrize(("question", "depth"), [(1, 10), (1, 60), (30, 60), (1, 1000)])
def test_a_list_nested_deep_is_read_whole_and_the_questions_after_it_too(question: int, depth: int) -> None:
    """markdown-it stopped reading at 50 lists (a nesting-limit warning, images unchecked); pulldown-cmark has no limit."""
    deep = "\n".join("  " * level + f"- level{level} ![x](figures/q{question}_{level}.png)" for level in range(depth))
    result = check_text(valid_report({question: deep}))
    assert result.is_report
    assert all(q.present for q in result.questions)
    found = {ref.target for ref in result.references}
    assert {f"figures/q{question}_{level}.png" for level in range(depth)} <= found
    assert not any(f.rule in ("missing-question", "not-a-report", "internal-error") for f in result.findings)


def _parse_lines_of_links(count: int) -> int:
    from mkdocs_report_plugin.reading.parse import parse

    text = "### Question 1\n> Answer:\n\n" + "![a](figures/a.png) [b](b.md)\n" * count
    return parse(text).references[-1].line


def test_regression_parse_of_a_paragraph_of_links_finishes_with_right_lines() -> None:
    assert run_with_timeout(_parse_lines_of_links, 40_000) == 40_003


def test_regression_a_hundred_thousand_brackets_render_and_check() -> None:
    assert "[" * 1000 in run_with_timeout(_export, valid_report({5: "[" * 100_000}))


_NONCHARACTERS = re.compile("[\ufdd0-\ufdef]")


@pytest.mark.slow
def test_a_defused_heading_shows_as_written_in_the_toc_the_search_index_and_its_id(tmp_path: Path) -> None:
    heading = "### Question 5 a < ![plot](figures/x.png) and " + "_" * 120 + "x" + "_" * 120
    report = valid_report({5: "Our answer " + "[" * 20_000}).replace("### Question 5\n", heading + "\n", 1)
    project = make_project(tmp_path / "p", report, images=["figures/x.png"])

    logged = build_in_process(project)  # raises if the build stops

    assert not [said for said in logged if "Traceback" in said]
    page = (project / "site" / "report" / "index.html").read_text()
    toc_entry = re.search(r'<a href="#(question-5[^"]*)" class="md-nav__link">\s*<span class="md-ellipsis">\s*([^<]*)<',
                          page)  # fmt: skip
    assert toc_entry, "no table of contents entry for Question 5"
    assert toc_entry[2].strip() == "Question 5 a &lt; and " + "_" * 120 + "x" + "_" * 120
    assert toc_entry[1] == "question-5-a-and-" + "_" * 120 + "x" + "_" * 120
    assert f'id="{toc_entry[1]}"' in page
    search_index = (project / "site" / "search" / "search_index.json").read_text()
    assert "_" * 120 + "x" in search_index and "[" * 20_000 in search_index
    assert not _NONCHARACTERS.search(page) and not _NONCHARACTERS.search(search_index.encode().decode("unicode_escape"))


def test_handin_on_thousands_of_brackets_warns_on_stderr_first_and_writes_the_course_output(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from mkdocs_report_plugin.frontends.cli.main import main
    from mkdocs_report_plugin.reading.handin import handin_html

    answer = "Our data is " + "[" * 1500
    report = tmp_path / "reports" / "README.md"
    report.parent.mkdir()
    report.write_text(valid_report({5: answer}))
    line = report.read_text().split("\n").index(answer) + 1

    run = CliRunner().invoke(main, ["handin", str(report)])

    assert run.exit_code == 0, run.output
    warning, going_on = run.stderr.strip().split("\n")
    assert f"README.md:{line}: warning: Question 5: " in warning and "[render-slow]" in warning
    assert "1500 '['" in warning and "Delete them, or put them in a code block" in warning
    assert "writing the hand-in anyway, byte for byte" in going_on
    assert (report.parent / "report.html").read_text() == handin_html(report.read_text())


def test_handin_of_an_ordinary_report_prints_no_warning(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from mkdocs_report_plugin.frontends.cli.main import main

    report = tmp_path / "README.md"
    report.write_text(valid_report())
    run = CliRunner().invoke(main, ["handin", str(report)])
    assert run.exit_code == 0 and run.stderr == "", run.stderr


def test_an_image_by_label_is_told_apart_from_the_same_image_written_inline_in_its_paragraph() -> None:
    # The by-reference test reads each image's own text: it searched the whole paragraph (quadratic, and wrong here).
    from mkdocs_report_plugin.reading.parse import parse

    document = parse("Text ![inline](figures/q.png) and ![by label][plot].\n\n[plot]: figures/q.png\n")
    assert [(image.alt, image.by_reference) for image in document.images] == [("inline", False), ("by label", True)]


def test_regression_an_attribute_without_a_value_renders() -> None:
    # Found by the long run (input 14550): attr_list leaves None as the value of '{ _flag }', and the
    # treeprocessor that restores defuse's marks raised TypeError on it (the build would have stopped).
    html = standalone_html(check_text(valid_report({5: "Our *model*{ _flag } and " + "[" * 2000})), embed_images=False)
    assert "model" in html and "[" * 2000 in html
