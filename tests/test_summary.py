"""The teacher's summary page: reports x questions coloured by status, messages on hover,
a chart of failures per question, sortable headers, and nothing a student wrote left
unescaped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from support.reportgen import hand_in, make_report, words

from mkdocs_report_plugin.frontends.cli.batch import check_all, collect
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.output.summary import failures_per_question, summary_html

PAYLOAD = "<img src=x onerror=window.__xss=1>"
IMAGE_PAYLOAD = 'figures/"><svg/onload=window.__xss=1>.png'


@pytest.fixture
def page(tmp_path: Path) -> BeautifulSoup:
    """Three groups: one passing, two failing question 14 (one of them also 30), one unreadable;
    a hostile folder name and a hostile image path in an answer."""
    hand_in(tmp_path, "group-a")
    hand_in(tmp_path, "group-b", make_report({14: words(10) + "\n\n![plot](figures/q14_0.png)", 30: words(5)}))
    hand_in(tmp_path, PAYLOAD, make_report({14: words(10) + f"\n\n![x]({IMAGE_PAYLOAD})"}))
    (tmp_path / "group-z" / "reports").mkdir(parents=True)
    checked = list(check_all(collect([tmp_path]), jobs=1))
    return BeautifulSoup(summary_html(checked), "html.parser")


def row(page: BeautifulSoup, name: str):  # type: ignore[no-untyped-def]
    return next(tr for tr in page.select("tbody tr") if tr.td.get_text() == name)


def cell(page: BeautifulSoup, name: str, header: str):  # type: ignore[no-untyped-def]
    """The cell of the row ``name`` under the column ``header``."""
    headers = [th.get_text() for th in page.select("thead th")]
    return row(page, name).select("td")[headers.index(header)]


def test_every_report_is_a_row_and_every_question_a_column(page: BeautifulSoup) -> None:
    headers = [th.get_text() for th in page.select("thead th")]
    assert headers[:-31] == ["Group", "Attention", "Passed", "Template", "Checklist"]
    assert headers[-31:] == [f"Q{n}" for n in range(1, 32)]
    # the group that needs a look first (not checked), then failing ones, then passing ones, each by name
    assert [tr.td.get_text() for tr in page.select("tbody tr")] == ["group-z", PAYLOAD, "group-b", "group-a"]


def test_cells_are_coloured_by_status_with_the_messages_on_hover(page: BeautifulSoup) -> None:
    group_b = row(page, "group-b")
    assert cell(page, "group-b", "Passed").get_text() == "29/31"
    q14 = group_b.select_one('td[data-question="14"]')
    assert q14["class"] == ["summary--fail"]
    assert q14["title"].startswith("Question 14: fail: 11 words, needs 200-300\nerror: 11 words; the range is 200-300.")
    assert row(page, "group-a").select_one('td[data-question="14"]')["class"] == ["summary--pass"]
    assert "✗ fails" in page.select_one(".summary-legend span.summary--fail").get_text()


def test_an_unreadable_hand_in_is_a_row_that_says_why(page: BeautifulSoup) -> None:
    cells = row(page, "group-z").select("td")
    assert "reports/ is empty" in cells[-1].get_text() and int(cells[-1]["colspan"]) == len(page.select("thead th")) - 2
    assert cells[1].get_text() == "not checked"


def test_the_chart_counts_the_reports_failing_each_question(page: BeautifulSoup) -> None:
    bars = {int(g["data-question"]): int(g["data-failures"]) for g in page.select("svg g")}
    assert bars[14] == 2 and bars[30] == 1 and bars[1] == 0
    heights = {int(g["data-question"]): float(g.rect["height"]) for g in page.select("svg g")}
    assert heights[14] == 2 * heights[30] > 0 == heights[1]


def test_student_text_never_becomes_markup(page: BeautifulSoup) -> None:
    assert page.find("img") is None
    assert len(page.find_all("script")) == 1  # ours, for sorting
    assert len(page.find_all("svg")) == 1  # ours, the chart
    hostile = row(page, PAYLOAD)
    assert hostile.td["title"].endswith(f"{PAYLOAD}/reports/README.md")
    assert "svg/onload=window.__xss=1" in hostile.select_one('td[data-question="14"]')["title"]


def test_the_page_needs_no_other_file_or_network(page: BeautifulSoup) -> None:
    assert not page.select("[src], link")
    links = [anchor["href"] for anchor in page.select("[href]")]
    assert all(link.startswith("#") and page.find(id=link[1:]) is not None for link in links)
    assert {f"#group-{n}" for n in range(1, 5)} <= set(links)  # each row to its group's part
    assert page.svg is not None and page.style is not None


def test_every_message_is_written_out_under_the_table_errors_first(page: BeautifulSoup) -> None:
    anchor = row(page, "group-b").select_one("td.summary-name a")["href"]
    messages = [item.get_text() for item in page.select_one(anchor).select("li")]
    assert messages[0].startswith("line ") and ": error: Question 14: 11 words; the range is 200-300." in messages[0]
    kinds = [item["class"] for item in page.select_one(anchor).select("li")]
    assert kinds == sorted(kinds, key=lambda kind: kind != ["summary--error"])


def test_each_row_names_its_template_revision_and_checklist_progress(page: BeautifulSoup) -> None:
    template, checklist = cell(page, "group-a", "Template"), cell(page, "group-a", "Checklist")
    assert (template.get_text(), template["title"]) == ("2026", "02476 (2026)")
    assert re.fullmatch(r"\d+/\d+", checklist.get_text()) and "Week 1: " in checklist["title"]
    assert "checklist ticked: Week 1 " in page.select_one(row(page, "group-a").a["href"]).get_text()


def test_failures_per_question_spans_every_generation_seen(tmp_path: Path) -> None:
    hand_in(tmp_path, "old", make_report({5: words(3)}, generation="2024"))
    hand_in(tmp_path, "new")
    checked = list(check_all(collect([tmp_path]), jobs=1))
    failures = failures_per_question(checked)
    assert sorted(failures) == list(range(1, 32))
    assert failures[5] == 1 and failures[31] == 0
    assert failures_per_question(checked, "02476 (2024)") == {**dict.fromkeys(range(1, 28), 0), 5: 1}
    assert failures_per_question(checked, "02476 (2026)") == dict.fromkeys(range(1, 32), 0)
    charts = BeautifulSoup(summary_html(checked), "html.parser").select("figure.summary-chart")
    assert [chart["data-revision"] for chart in charts] == ["02476 (2024)", "02476 (2026)"]  # never added up
    titles = {bar["data-question"]: bar.title.get_text() for bar in charts[0].select("svg g")}
    assert (titles["5"], titles["6"]) == ("Question 5: 1 of 1 reports fail", "Question 6: 0 of 1 reports fail")
    assert len(charts[1].select("svg g")) == 31
    cells = BeautifulSoup(summary_html(checked), "html.parser")
    assert cell(cells, "old", "Q28")["title"] == "not in this template"


def test_the_summary_command_writes_the_page(tmp_path: Path) -> None:
    hand_in(tmp_path, "group-a")
    hand_in(tmp_path, "group-b", make_report({30: words(5)}))
    output = tmp_path / "out" / "summary.html"
    output.parent.mkdir()
    outcome = CliRunner().invoke(main, ["summary", str(tmp_path / "group-*"), "-o", str(output)])
    assert outcome.exit_code == 0
    assert (
        outcome.output == f"{output}: 2 groups: 2 checked, 0 not checked. Checked: 1 pass every question, 1 fail some\n"
    )
    assert "group-b" in output.read_text(encoding="utf-8")


def test_the_summary_command_says_when_it_cannot_write(tmp_path: Path) -> None:
    hand_in(tmp_path, "group-a")
    outcome = CliRunner().invoke(main, ["summary", str(tmp_path), "-o", str(tmp_path / "missing" / "s.html")])
    assert outcome.exit_code == 2
    assert "cannot write" in outcome.output


@pytest.mark.browser
def test_clicking_a_header_sorts_the_rows(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    for name, answer in (("b-half", words(5)), ("a-fails", words(5)), ("c-passes", None)):
        hand_in(tmp_path, name, make_report({} if answer is None else dict.fromkeys((4, 5, 6, 30), answer)))
    hand_in(tmp_path, "d-worst", make_report({n: words(5) for n in range(3, 13)}))
    page_file = tmp_path / "summary.html"
    page_file.write_text(summary_html(list(check_all(collect([tmp_path]), jobs=1))), encoding="utf-8")
    tab = browser.new_page()  # browser: playwright's, from support.browser
    tab.goto(page_file.as_uri())
    names = lambda: tab.eval_on_selector_all(  # noqa: E731
        "tbody tr", "rows => rows.map(row => row.cells[0].textContent)"
    )
    tab.click("thead th:nth-child(3)")  # Passed
    assert names() == ["d-worst", "a-fails", "b-half", "c-passes"]
    tab.click("thead th:nth-child(3)")
    assert names()[0] == "c-passes"
    tab.click("thead th:nth-child(1)")
    assert names() == ["a-fails", "b-half", "c-passes", "d-worst"]
    tab.close()
