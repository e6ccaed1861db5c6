"""Rule placeholder-dashes: an answer written between the template's `--- ... ---` (issue 15)."""

from __future__ import annotations

import pytest
from support.course import SHIPPED_YEARS, blank_template, shared_file
from support.findings import only, rules_of
from support.reportgen import line_of, make_report, words

from mkdocs_report_plugin import check_report, check_text


def test_group_number_between_the_dashes_is_one_warning_naming_the_line_and_the_fix() -> None:
    text = make_report({1: "--- 36 ---"})
    finding = only(check_text(text), "placeholder-dashes", 1)
    assert finding.severity == "warning" and finding.line == line_of(text, "--- 36 ---")
    assert finding.message == (
        "'--- 36 ---' is still between the template's dashes. Delete the dashes at the start and end of the line "
        "and keep your text ('36'): they show on the page and in the hand-in."
    )


@pytest.mark.parametrize("line", ["---Group 39---", "-- s194324, s194644 ----", "--- *s230221, s231844* ---"])
def test_dashes_glued_or_uneven_are_found(line: str) -> None:
    assert only(check_text(make_report({2: line})), "placeholder-dashes", 2)


def test_a_long_answer_between_dashes_is_pointed_at_not_quoted_back() -> None:
    answer = "--- We used " + words(120) + " ---"
    finding = only(check_text(make_report({6: answer})), "placeholder-dashes", 6)
    assert finding.message.startswith("'--- We used ") and " ...' is still between" in finding.message
    assert len(finding.message) < 200 and "keep your text:" in finding.message


@pytest.mark.parametrize(
    "answer",
    [
        words(120) + "\n\n---\n\n" + words(5),  # a thematic break
        words(120) + "\n\n```text\n--- 36 ---\n```",  # code is shown as written
        words(120) + " -- dashes -- inside a sentence.",
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n" + words(120),  # a table
    ],
)
def test_dashes_that_are_not_the_placeholders_frame_are_not_flagged(answer: str) -> None:
    assert "placeholder-dashes" not in rules_of(check_text(make_report({6: answer})), 6)


def test_the_untouched_placeholder_is_left_to_the_rules_that_report_it() -> None:
    result = check_text(make_report({6: "--- question 6 fill here ---\n\n" + words(150)}))
    assert "placeholder-dashes" not in rules_of(result, 6)
    assert only(result, "leftover-marker", 6)


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_the_blank_templates_have_no_placeholder_dashes(year: str) -> None:
    template = blank_template(year)
    assert [f for f in check_report(template).findings if f.rule == "placeholder-dashes"] == []


def test_a_real_hand_in_gets_one_finding_per_framed_line() -> None:
    report = shared_file("handins/072/tree/reports/README.md")
    lines = report.read_text(encoding="utf-8").splitlines()
    framed = [
        number for number, text in enumerate(lines, 1) if text.startswith("--- ") and text.rstrip().endswith("---")
    ]
    found = [f.line for f in check_report(report).findings if f.rule == "placeholder-dashes"]
    assert found == framed and "--- 36 ---" in lines[found[0] - 1]
