"""A question's verdict is derived once, from its findings, and every front-end shows that one;
every finding is stored once; and no rule that fails stops a check."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from support.reportgen import make_report, words, write_report

from mkdocs_report_plugin import check_report, check_text, rules
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.model.batch import Checked
from mkdocs_report_plugin.model.report import Finding
from mkdocs_report_plugin.output.dashboard import summary_table_html
from mkdocs_report_plugin.output.render import decorate_page
from mkdocs_report_plugin.output.summary import summary_html

PLACEHOLDER_ONLY = {7: "--- question 7 fill here ---"}


def badge(html: str, number: int) -> str:
    page = BeautifulSoup(html, "html.parser")
    heading = next(h for h in page.find_all(["h2", "h3"]) if h.get_text().startswith(f"Question {number} "))
    return heading.select_one(".report-badge").get_text()


def page_of(text: str) -> str:
    import markdown

    result = check_text(text)
    return decorate_page(result, markdown.markdown(result.text, extensions=["toc"]))


def test_a_placeholder_only_answer_fails_as_not_answered_not_as_a_word_count() -> None:
    result = check_text(make_report(PLACEHOLDER_ONLY))
    question = result.question(7)
    assert question is not None
    assert {f.rule for f in question.findings if f.severity == "error"} == {"unanswered"}
    assert question.status.label == "fail: not answered"
    assert badge(page_of(make_report(PLACEHOLDER_ONLY)), 7) == "fail: not answered"


def test_too_few_words_fails_with_the_count_and_the_range() -> None:
    question = check_text(make_report({7: words(10)})).question(7)
    assert question is not None and question.status.label == "fail: 10 words, needs 50-100"


def test_every_front_end_shows_the_same_status(tmp_path: Path) -> None:
    report = write_report(tmp_path / "group-1" / "reports", make_report({**PLACEHOLDER_ONLY, 9: words(5)}))
    result = check_report(report)
    expected = {q.number: q.status for q in result.questions}
    # the report page's badges
    page = page_of(result.text)
    assert {n: badge(page, n) for n in (7, 9)} == {n: expected[n].label for n in (7, 9)}
    # the notebook table and the teacher's summary page
    notebook = BeautifulSoup(summary_table_html(result), "html.parser")
    shown = {int(row.td.get_text()): row.find_all("td")[3].get_text() for row in notebook.select("tbody tr")}
    assert shown == {n: status.label for n, status in expected.items()}
    summary = BeautifulSoup(summary_html([Checked("group-1", result)]), "html.parser")
    for cell in summary.select("td[data-question]"):
        status = expected[int(cell["data-question"])]
        assert f"summary--{status.kind}" in cell["class"] and cell["title"].splitlines()[0].endswith(status.label)
    # JSON and CSV say ok where the status passes
    runner = CliRunner()
    payload = json.loads(runner.invoke(main, ["check", str(report), "--format", "json"]).output)
    assert {q["number"]: q["ok"] for q in payload["questions"]} == {n: s.ok for n, s in expected.items()}
    rows = csv.DictReader(io.StringIO(runner.invoke(main, ["check", str(report), "--format", "csv"]).output))
    assert {int(row["question"]): row["ok"] == "true" for row in rows if row["question"]} == \
        {n: s.ok for n, s in expected.items()}  # fmt: skip


def test_each_finding_is_stored_once() -> None:
    text = make_report({5: "--- question 5 fill here ---\n\n### Question 5\n\n> Answer:\n\n" + words(60)}, omit=(12,))
    result = check_text(text)
    everywhere = [*result.general, *(f for q in result.questions for f in q.findings)]
    assert len(everywhere) == len(set(everywhere)) == len(result.findings)
    assert {"duplicate-question", "missing-question"} <= {f.rule for f in result.findings}
    assert all(f.question is None for f in result.general)  # the template has every other number


def raising(*_: object) -> Iterator[Finding]:
    raise KeyError("a bug")
    yield  # a generator, as the rules are


@pytest.mark.parametrize("scope", ["report_check", "question_check"])
def test_check_text_never_raises_when_a_rule_does(scope: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rule_id = "missing-question" if scope == "report_check" else "words"
    monkeypatch.setitem(rules.RULES, rule_id, dataclasses.replace(rules.RULES[rule_id], **{scope: raising}))
    result = check_text(make_report({7: words(10)}, omit=(12,)))
    crashed = [f for f in result.findings if f.rule == "internal-error"]
    assert crashed and all(f"the '{rule_id}' check failed (KeyError)" in f.message for f in crashed)
    assert all(f.severity == rules.RULES["internal-error"].severity for f in crashed)
    others = {f.rule for f in result.findings} - {"internal-error", rule_id}
    assert others  # the other rules ran
    assert result.total == 31
