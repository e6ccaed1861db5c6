"""The dashboard opens with what to fix first, in the words every front-end uses for a status, and each rule id
on a page leads to its entry in the rules reference (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from bs4.element import Tag
from click.testing import CliRunner
from support.handins import handin_ids, load
from support.reportgen import good_answer, make_report, words, write_report

from mkdocs_report_plugin import check_report, check_text
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.model.report import Result
from mkdocs_report_plugin.output.companion_pages import rules_page_html
from mkdocs_report_plugin.output.formats import log_line
from mkdocs_report_plugin.output.render import decorate_page
from mkdocs_report_plugin.output.standalone import standalone_html
from mkdocs_report_plugin.rules import RULES

FENCED = "\n\n```bash\nmake train\n```\n\nThen\n\n```bash\nmake test\n```"
BROKEN = {7: "--- question 7 fill here ---", 9: words(5), 12: good_answer(12) + FENCED}


def page_of(result: Result, **options: object) -> BeautifulSoup:
    html = markdown.markdown(result.text, extensions=["toc"])
    return BeautifulSoup(decorate_page(result, html, **options), "html.parser")  # type: ignore[arg-type]


def heading_badge(page: BeautifulSoup, number: int) -> str:
    heading = page.find(id=f"question-{number}")
    assert isinstance(heading, Tag)
    return heading.select_one(".report-badge").get_text()


def text_of(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


# --- what fails comes first ------------------------------------------------------------------


def test_the_dashboard_opens_with_the_failing_questions_then_the_warnings_then_the_table() -> None:
    result = check_text(make_report(BROKEN))
    board = page_of(result).select_one(".report-dashboard")
    kinds = ("report-fixfirst", "report-cards", "report-table")
    order = [
        next(kind for kind in kinds if kind in tag["class"]) for tag in board.select(", ".join(f".{k}" for k in kinds))
    ]
    assert order == list(kinds)
    failing = board.select(".report-fix-list--fail > li")
    assert [item["data-question"] for item in failing] == ["7", "9"]
    warned = board.select(".report-fix-list--warn > li")
    assert [item["data-question"] for item in warned] == ["12"]
    table = board.select_one(".report-table")
    assert table.name == "details" and not table.has_attr("open")  # folded while something fails


def test_each_failing_item_links_to_its_heading_with_the_badge_and_the_fix() -> None:
    result = check_text(make_report(BROKEN))
    page = page_of(result)
    for item in page.select(".report-fix-list--fail > li"):
        number = int(item["data-question"])
        target = page.find(id=item.a["href"].removeprefix("#"))
        assert isinstance(target, Tag) and target.name == "h3" and text_of(target).startswith(f"Question {number} ")
        question = result.question(number)
        assert question is not None
        assert item.select_one(".report-badge").get_text() == heading_badge(page, number) == question.status.label
        [error] = [finding for finding in question.findings if finding.severity == "error"]
        assert error.message in text_of(item) and f"line {error.line}" in text_of(item)


def test_a_question_whose_only_finding_is_unanswered_says_not_answered_everywhere(tmp_path: Path) -> None:
    report = write_report(tmp_path / "reports", make_report({7: "--- question 7 fill here ---"}))
    result = check_report(report, display_path="reports/README.md")
    page = page_of(result)
    [item] = page.select(".report-fix-list--fail > li")
    assert item.select_one(".report-badge").get_text() == heading_badge(page, 7) == "fail: not answered"
    assert "words, needs" not in text_of(page.select_one(".report-dashboard"))
    [finding] = result.question(7).findings  # type: ignore[union-attr]
    assert log_line(result.display_path, finding).startswith("reports/README.md:")
    assert " Question 7 fails: not answered yet" in log_line(result.display_path, finding)
    cli = CliRunner().invoke(main, ["check", str(report)], color=False).output
    assert ": Question 7 fails: not answered yet" in cli


def test_warnings_are_grouped_per_question_and_rule_with_their_lines() -> None:
    result = check_text(make_report(BROKEN))
    [item] = page_of(result).select(".report-fix-list--warn > li")
    found = [finding for finding in result.findings if finding.rule == "handin-render"]
    assert len(found) >= 1 and item.a["href"] == "#question-12"
    lines = sorted({finding.line for finding in found})
    assert f"line{'s' * (len(lines) > 1)} {', '.join(map(str, lines))}" in text_of(item)


def test_a_warning_item_names_each_line_once_and_the_title_counts_the_items_shown(tmp_path: Path) -> None:
    """Two broken links on one line are one place to fix: ``line N``, not ``lines N, N``; the title counts the items
    the list shows (one per question and rule), not the findings behind them."""
    two_on_a_line = words(60) + " See [the notes](notes-a.md) and [the plan](notes-b.md)."
    report = write_report(tmp_path / "reports", make_report({7: two_on_a_line, 12: good_answer(12) + FENCED}))
    result = check_report(report, project_dir=tmp_path)
    links = [finding for finding in result.findings if finding.rule == "link-not-found"]
    assert len(links) == 2 and links[0].line == links[1].line

    board = page_of(result).select_one(".report-fixfirst")
    items = board.select(".report-fix-list--warn > li")
    [link_item] = [item for item in items if item.select_one("code.report-rule").get_text() == "link-not-found"]
    assert text_of(link_item.select_one(".report-fix__where")) == f"line {links[0].line}"
    warnings = sum(finding.severity == "warning" for finding in result.findings)
    assert warnings > len(items) == 2
    assert f"{len(items)} warnings: no question fails" in text_of(board)


def test_the_markdown_a_message_suggests_is_set_as_code() -> None:
    result = check_text(make_report({20: "Our bucket holds the data."}))
    [finding] = [finding for finding in result.findings if finding.rule == "images"]
    assert "![description](figures/name.png)" in finding.message
    page = page_of(result)
    for place in ('.report-findings[data-question="20"] [data-rule="images"]', '.report-fix[data-question="20"]'):
        assert page.select_one(place).select_one("code.report-snippet").get_text() == "![description](figures/name.png)"


def test_a_report_with_nothing_to_fix_says_so_and_shows_the_table_open() -> None:
    board = page_of(check_text(make_report())).select_one(".report-dashboard")
    assert text_of(board.select_one(".report-fixfirst")) == "Nothing to fix: every question passes, with no warning."
    assert board.select_one("details.report-table").has_attr("open")


def test_a_missing_question_links_to_the_dashboards_own_findings() -> None:
    page = page_of(check_text(make_report(omit=(12,))))
    [item] = page.select('.report-fix-list--fail > li[data-question="12"]')
    assert item.a["href"] == "#report-general"
    assert page.find(id="report-general").select('[data-rule="missing-question"]')


# --- one vocabulary ------------------------------------------------------------------------------


def test_the_page_and_the_log_name_a_status_in_the_same_words(tmp_path: Path) -> None:
    report = write_report(tmp_path / "reports", make_report(BROKEN))
    result = check_report(report, display_path="reports/README.md")
    page = page_of(result)
    for finding in result.findings:
        logged = log_line(result.display_path, finding)
        title = page.select_one(f'.report-findings[data-question="{finding.question}"] [data-rule="{finding.rule}"]')
        said = text_of(title.select_one(".admonition-title"))
        if finding.severity == "error":
            assert f" Question {finding.question} fails: " in logged
            assert said.startswith(f"Question {finding.question} fails at reports/README.md:")
            assert heading_badge(page, finding.question or 0).startswith("fail: ")  # fail / fails, as the log
        else:
            assert logged == f"reports/README.md:{finding.line}: {finding.headline}"  # the log's WARNING says the level
            assert said.startswith("Warning at reports/README.md:")
    assert "problem" not in text_of(page.select_one(".report-dashboard")).lower()


def test_a_log_line_names_no_level_of_its_own() -> None:
    """The build log's logger writes the level (``WARNING -  report: ...``): the line says no second one, for a
    warning, an error on a question, or an error on the whole report (the course's checker stops)."""
    text = make_report(BROKEN) + "\n\n### Use of generative AI tools\n\nWe used none.\n"  # 32 answers for the checker
    result = check_text(text)
    said = {finding.rule: log_line("reports/README.md", finding) for finding in result.findings}
    assert {"checker-stops", "handin-render", "unanswered"} <= set(said)
    for line in said.values():
        assert not re.search(r": (warning|info|error): ", line), line
    assert ": the report fails: the course's report.py check will find" in said["checker-stops"]
    assert ": Question 12: the hand-in the teacher grades" in said["handin-render"]


def test_every_rule_that_fails_a_question_has_words_for_the_badge_never_its_id(tmp_path: Path) -> None:
    failing = {rule.id for rule in RULES.values() if rule.severity == "error" and rule.id != "not-a-report"}
    engine_only = {rule.id for rule in RULES.values() if rule.question_check is None and rule.report_check is None}
    assert all(RULES[rule_id].badge and RULES[rule_id].badge not in RULES for rule_id in failing - engine_only)
    report = write_report(tmp_path / "reports", make_report({20: "![our bucket](figures/nowhere.png)"}))
    (report.parent / "figures" / "nowhere.png").unlink()
    question = check_report(report).question(20)
    assert question is not None and question.status.label == "fail: image not found"


# --- rule ids lead to the rules reference ----------------------------------------------------------


def test_every_rule_id_on_the_page_links_to_its_entry_when_the_reference_is_published() -> None:
    result = check_text(make_report(BROKEN))
    page = page_of(result, rules_href="rules/#")
    codes = page.select("code.report-rule")
    assert codes and all(code.parent.name == "a" for code in codes)
    assert {code.parent["href"] for code in codes} == {f"rules/#{finding.rule}" for finding in result.findings}
    assert not page_of(result).select("a.report-rule-link")  # nothing to link to: the ids stay as text


def test_the_published_reference_has_an_entry_at_every_rule_id() -> None:
    reference = BeautifulSoup(rules_page_html("../"), "html.parser")
    assert all(reference.find(id=rule_id) is not None for rule_id in RULES)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule_id) for rule_id in RULES)  # docs/rules.md's anchors too
    hrefs = [link["href"] for link in reference.find_all("a")]
    assert "../" in hrefs and all(href == "../" or href.startswith("#") for href in hrefs)


def test_the_standalone_page_carries_the_entries_of_the_rules_it_names(tmp_path: Path) -> None:
    report = write_report(tmp_path / "reports", make_report(BROKEN))
    result = check_report(report)
    page = BeautifulSoup(standalone_html(result), "html.parser")
    links = page.select("a.report-rule-link")
    assert {link["href"] for link in links} == {f"#rule-{finding.rule}" for finding in result.findings}
    for link in links:
        entry = page.find(id=link["href"].removeprefix("#"))
        assert isinstance(entry, Tag) and RULES[link.get_text()].summary.split("`")[0] in text_of(entry)
    assert len(page.select(".report-rule-entry")) == len({finding.rule for finding in result.findings})


# --- on the real hand-ins ----------------------------------------------------------------------------


@pytest.mark.parametrize("handin_id", handin_ids())
def test_on_a_real_handin_the_list_says_exactly_what_fails_and_every_warning(handin_id: str) -> None:
    """The report as handed in (no repository around it, so no file checks): the list of what to fix names exactly
    the failing questions, with the badge the heading has, and every warning's line, each once."""
    handin = load(handin_id)
    result = check_report(handin.report_in_tree, display_path=handin.report)
    if not result.is_report:
        pytest.skip(f"{handin.report} of {handin_id} is not the exam template")
    page = page_of(result)
    failing = page.select(".report-fix-list--fail > li[data-question]")
    assert [int(item["data-question"]) for item in failing] == [q.number for q in result.questions if not q.ok]
    for item in failing:
        question = result.question(int(item["data-question"]))
        assert question is not None
        badge = item.select_one(".report-badge").get_text()
        assert badge == question.status.label and badge.removeprefix("fail: ") not in RULES
        if page.find(id=f"question-{question.number}") is not None:
            assert badge == heading_badge(page, question.number)
    shown: dict[tuple[int, str], tuple[list[int], int]] = {}
    for item in page.select(".report-fix-list--warn > li"):
        number = int(item.get("data-question", 0))
        where = re.fullmatch(r"lines? ([\d, ]+?)(?: and (\d+) more)?", item.select_one(".report-fix__where").get_text())
        assert where is not None, item
        rule_id = item.select_one("code.report-rule").get_text()
        shown[number, rule_id] = [int(line) for line in where[1].split(", ")], int(where[2] or 0)
    warned: dict[tuple[int, str], set[int]] = {}
    for finding in result.findings:
        if finding.severity != "error":
            warned.setdefault((finding.question or 0, finding.rule), set()).add(finding.line)
    assert shown.keys() == warned.keys()
    for key, (lines, more) in shown.items():  # each line once, in order; past six, how many more
        assert lines == sorted(warned[key])[:6] and more == len(warned[key]) - len(lines)
