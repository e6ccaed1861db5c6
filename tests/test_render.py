"""What a reader sees on a decorated report page, the standalone file and the Jupyter table."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from support.images import png

from mkdocs_report_plugin.model.report import (
    ChecklistItem,
    Constraints,
    Finding,
    Question,
    Range,
    Result,
    Template,
)
from mkdocs_report_plugin.output.dashboard import summary_table_html
from mkdocs_report_plugin.output.render import decorate_page
from mkdocs_report_plugin.output.standalone import standalone_html

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
WORDS = Range(100, 200)


def answer_text(number: int) -> str:
    return f"Answer number {number} explains the pipeline in plain words."


def report_markdown(count: int, extra: dict[int, str] | None = None) -> str:
    """A report in the template's shape: checklist, sections, one answer per question."""
    lines = [
        "# Exam template for 02476 Machine Learning Operations",
        "",
        "## Overall project checklist",
        "",
        "### Week 1",
        "",
        "* [x] Create a git repository (M5)",
        "* [ ] Use profiling (M12)",
        "",
        "## Group information",
        "",
    ]
    for number in range(1, count + 1):
        if number == count // 2:
            lines += ["## Coding environment", ""]
        body = (extra or {}).get(number, answer_text(number))
        lines += [f"### Question {number}", "", "> **A prompt**", ">", "> Answer:", "", body, ""]
    return "\n".join(lines)


def make_result(
    count: int = 31, failing: dict[int, int] | None = None, text: str | None = None, path: Path | None = None
) -> Result:
    """A Result whose questions all pass except ``failing`` ({number: word count})."""
    failing = failing or {}
    questions = []
    for number in range(1, count + 1):
        words = failing.get(number, 150)
        findings = []
        if number in failing:
            findings.append(
                Finding(
                    "words",
                    "error",
                    number,
                    10 * number,
                    f"Question {number} has {words} words; write 100-200.",
                    badge=f"{words} words, needs {WORDS}",
                )  # the badge's words, as the rule gives them
            )
        questions.append(
            Question(
                number,
                Constraints(words=WORDS),
                title=f"Prompt {number}",
                line=10 * number,
                words=words,
                answered=True,
                findings=findings,
            )
        )
    checklist = [
        ChecklistItem("Create a git repository", True, 7, "Week 1"),
        ChecklistItem("Use profiling", False, 8, "Week 1"),
        ChecklistItem("Write unit tests", True, 12, "Week 2"),
    ]
    return Result(
        "reports/README.md",
        path,
        Template("2025", count, {}),
        questions,
        checklist=checklist,
        text=text if text is not None else report_markdown(count),
    )


def render(result: Result) -> str:
    return markdown.markdown(result.text, extensions=["toc"])


def decorated(result: Result, **options: object) -> BeautifulSoup:
    return BeautifulSoup(decorate_page(result, render(result), **options), "html.parser")


def question_heading(page: BeautifulSoup, number: int):
    pattern = re.compile(rf"Question {number}\b")
    return next(h for h in page.find_all(["h2", "h3"]) if pattern.match(h.get_text()))


def words(html_text: str) -> Counter[str]:
    """Words a reader sees, less checklist brackets (they become checkboxes)."""
    tokens = BeautifulSoup(html_text, "html.parser").get_text(" ").split()
    return Counter(token for token in tokens if token not in {"[", "]", "[x]", "[X]"})


# ---- Dashboard -------------------------------------------------------------------------


def test_dashboard_states_the_score_over_the_real_total() -> None:
    page = decorated(make_result(31, failing={4: 40, 11: 20}))
    board = page.select_one(".report-dashboard")
    assert "29/31 questions pass" in " ".join(board.get_text(" ").split())
    bar = board.select_one(".report-progress[role=progressbar]")
    assert (bar["aria-valuenow"], bar["aria-valuemax"]) == ("29", "31")


def test_dashboard_counts_a_27_question_report_out_of_27() -> None:
    board = decorated(make_result(27)).select_one(".report-dashboard")
    assert "27/27 questions pass" in " ".join(board.get_text(" ").split())


def test_dashboard_table_lists_every_question_with_counts_and_links() -> None:
    page = decorated(make_result(31, failing={4: 40}))
    rows = page.select(".report-table tbody tr")
    assert len(rows) == 31
    fourth = rows[3].find_all("td")
    assert fourth[0].a["href"] == "#question-4"
    assert fourth[1].get_text() == "40 / 100-200"
    assert "fail" in fourth[3].get_text()
    assert page.find(id="question-4") is question_heading(page, 4)


def test_dashboard_shows_checklist_progress_per_section_as_material_cards() -> None:
    board = decorated(make_result(5)).select_one(".report-dashboard")
    cards = board.select(".grid.cards > ul > li")
    text = [" ".join(card.get_text(" ").split()) for card in cards]
    assert any("Week 1: 1/2" in card for card in text)
    assert any("Week 2: 1/1" in card for card in text)


def test_dashboard_sits_below_the_page_title() -> None:
    page = decorated(make_result(3))
    first, second = [node for node in page.contents if node.name][:2]
    assert first.name == "h1" and "report-dashboard" in second["class"]


def test_dashboard_can_be_left_out() -> None:
    assert decorated(make_result(3), dashboard=False).select(".report-dashboard") == []


def test_not_the_template_is_said_plainly() -> None:
    finding = Finding("not-template", "error", None, 1, "This file is not the exam template.")
    result = Result("notes.md", None, None, general=[finding], text="# My notes\n\nHello.\n")
    page = decorated(result)
    warning = page.select_one(".report-dashboard .admonition.failure.report-not-template")
    assert "not the exam template" in warning.get_text()
    assert "This file is not the exam template." in page.select_one(".report-dashboard").get_text()
    assert "Hello." in page.get_text()


def test_findings_without_a_question_go_to_the_dashboard() -> None:
    result = make_result(3)
    result.general.append(Finding("front-matter", "warning", None, 1, "Remove the header."))
    page = decorated(result)
    general = page.select(".report-dashboard .report-findings .admonition.warning")
    assert [a.find("p", class_=None).get_text() for a in general] == ["Remove the header. front-matter"]


# ---- Badges and findings -----------------------------------------------------------------


def test_every_question_heading_gets_one_status_badge() -> None:
    page = decorated(make_result(31, failing={7: 30}))
    for number in range(1, 32):
        badges = question_heading(page, number).select(".report-badge")
        assert len(badges) == 1
        expected = "report-badge--fail" if number == 7 else "report-badge--pass"
        assert expected in badges[0]["class"]
    assert question_heading(page, 7).select_one(".report-badge").get_text() == "fail: 30 words, needs 100-200"


def test_a_question_with_only_warnings_passes_with_a_count() -> None:
    result = make_result(3)
    result.questions[1].findings.append(Finding("placeholder", "warning", 2, 20, "Leftover note."))
    badge = question_heading(decorated(result), 2).select_one(".report-badge")
    assert badge.get_text() == "pass, 1 warning" and "report-badge--warn" in badge["class"]


def test_badge_goes_before_the_heading_permalink() -> None:
    result = make_result(2)
    html = markdown.markdown(result.text, extensions=["toc"], extension_configs={"toc": {"permalink": True}})
    heading = question_heading(BeautifulSoup(decorate_page(result, html), "html.parser"), 1)
    children = [child for child in heading.children if getattr(child, "name", None)]
    assert [child.name for child in children] == ["span", "a"]
    assert "headerlink" in children[1]["class"]


def test_findings_are_admonitions_right_after_the_answer() -> None:
    page = decorated(make_result(31, failing={3: 10, 31: 5}))
    third = page.select_one('.report-findings[data-question="3"]')
    assert third.select_one(".admonition.failure > p.admonition-title")
    assert "Question 3 has 10 words" in third.get_text()
    answer = page.find("p", string=answer_text(3))
    assert answer.find_next_sibling(["div", "h2", "h3"]) is third
    assert third.find_next_sibling(["h2", "h3"]) is question_heading(page, 4)
    last = page.select_one('.report-findings[data-question="31"]')
    assert page.find("p", string=answer_text(31)).find_next_sibling() is last


def test_findings_before_a_section_heading_stay_in_their_question() -> None:
    page = decorated(make_result(31, failing={14: 10}))  # question 15 opens "Coding environment"
    findings = page.select_one('.report-findings[data-question="14"]')
    assert findings.find_next_sibling(["h2", "h3"]).get_text() == "Coding environment"


def test_annotate_false_keeps_badges_but_no_admonitions() -> None:
    page = decorated(make_result(5, failing={2: 10}), annotate=False)
    assert page.select(".report-findings") == []
    assert question_heading(page, 2).select_one(".report-badge--fail")


# ---- The student's text --------------------------------------------------------------------


def test_every_word_of_the_page_survives_decoration() -> None:
    result = make_result(
        31, failing={2: 10, 9: 5}, text=report_markdown(31, {5: "Some `code` and **bold** and [a link](x.md)."})
    )
    before = render(result)
    after = decorate_page(result, before)
    assert not words(before) - words(after)


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_PARAMS = [pytest.param(seed, id=seed.name[:3]) for seed in sorted(SEEDS.glob("*.md"))] or [
    pytest.param(None, marks=pytest.mark.skip(reason=f"no real hand-ins: {SEEDS} is absent"))
]


@pytest.mark.parametrize("seed", SEED_PARAMS)
def test_every_word_of_a_real_hand_in_survives_decoration(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    result = make_result(31, failing={1: 0, 14: 0}, text=text)
    before = markdown.markdown(text, extensions=["toc", "fenced_code", "tables"])
    assert not words(before) - words(decorate_page(result, before))


def test_text_checklist_items_become_material_task_list_checkboxes() -> None:
    page = decorated(make_result(3))
    items = page.select("ul.task-list > li.task-list-item")
    assert len(items) == 2
    boxes = [item.select_one("label.task-list-control > input[type=checkbox][disabled]") for item in items]
    assert [box.has_attr("checked") for box in boxes] == [True, False]
    assert all(item.select_one(".task-list-indicator") for item in items)
    assert items[0].get_text().strip() == "Create a git repository (M5)"


def test_raw_html_in_an_answer_cannot_run_but_stays_readable() -> None:
    result = make_result(3, text=report_markdown(3, {2: f"My answer {XSS} ends here."}))
    out = decorate_page(result, render(result))
    page = BeautifulSoup(out, "html.parser")
    assert page.find("script") is None
    assert not [tag for tag in page.find_all(True) for name in tag.attrs if name.startswith("on")]
    assert "window.__xss=1" in page.get_text()  # shown as text, not run
    assert "My answer" in page.get_text() and "ends here." in page.get_text()


def test_javascript_links_in_an_answer_lose_their_target() -> None:
    result = make_result(
        2, text=report_markdown(2, {1: '[click](javascript:alert(1)) and <a href=" jav&#x09;ascript:alert(1)">x</a>'})
    )
    page = BeautifulSoup(decorate_page(result, render(result)), "html.parser")
    assert all("script:" not in (a.get("href") or "").replace("\t", "") for a in page.find_all("a"))


def test_text_we_add_is_escaped() -> None:
    result = make_result(3, failing={2: 10})
    result.display_path = f"reports/{XSS}.md"
    result.questions[1].findings = [Finding(f"rule{XSS}", "error", 2, 20, f"Bad {XSS} answer")]
    result.general.append(Finding("general", "warning", None, 1, f"Header {XSS}"))
    for out in (decorate_page(result, render(result)), summary_table_html(result)):
        page = BeautifulSoup(out, "html.parser")
        assert page.find("script") is None
        assert page.find("img") is None
        assert not [name for tag in page.find_all(True) for name in tag.attrs if name.startswith("on")]
        assert "<script>" not in out
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in out


# ---- Standalone document -------------------------------------------------------------------


@pytest.fixture
def report_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    (folder / "figures").mkdir(parents=True)
    (folder / "figures" / "a b.png").write_bytes(png())
    (folder / "figures" / "c.png").write_bytes(png(3, 1))
    (tmp_path / "secret.png").write_bytes(png())
    return folder


def standalone_page(folder: Path, answers: dict[int, str], front: str = "") -> tuple[str, BeautifulSoup]:
    text = front + report_markdown(4, answers)
    (folder / "README.md").write_text(text, encoding="utf-8")
    out = standalone_html(make_result(4, failing={4: 3}, text=text, path=folder / "README.md"))
    return out, BeautifulSoup(out, "html.parser")


def test_standalone_embeds_local_images_and_references_nothing_outside(report_folder: Path) -> None:
    out, page = standalone_page(report_folder, {1: "![arch](figures/a%20b.png)", 2: "![run](./figures/c.png)"})
    sources = [img["src"] for img in page.find_all("img")]
    assert len(sources) == 2 and all(src.startswith("data:image/png;base64,") for src in sources)
    assert page.find("link") is None and page.find("script") is None
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", out)
    assert not re.search(r"url\((?!['\"]?data:)", out)
    assert page.select_one("style") and ".report-badge" in page.select_one("style").get_text()


def test_standalone_is_a_decorated_complete_document(report_folder: Path) -> None:
    out, page = standalone_page(report_folder, {}, front="---\ntitle: hidden-front-matter\n---\n")
    assert out.startswith("<!DOCTYPE html>")
    assert "hidden-front-matter" not in out
    assert "3/4 questions pass" in " ".join(page.select_one(".report-dashboard").get_text(" ").split())
    assert page.select_one('.report-findings[data-question="4"] .admonition.failure')
    assert "prefers-color-scheme: dark" in out and "--md-default-bg-color" in out
    assert len(page.select("li.task-list-item input[type=checkbox]")) == 2


def test_standalone_leaves_unreadable_images_as_written_and_lists_them(report_folder: Path) -> None:
    _, page = standalone_page(
        report_folder,
        {1: "![gone](figures/missing.png)", 2: "![escape](../secret.png)", 3: "![web](https://example.org/x.png)"},
    )
    sources = {img["src"] for img in page.find_all("img")}
    assert sources == {"figures/missing.png", "../secret.png", "https://example.org/x.png"}
    listed = page.select_one(".report-dashboard .report-images-not-embedded").get_text()
    assert "figures/missing.png: file not found" in listed
    assert "../secret.png: outside the report's folder" in listed
    assert "https://example.org/x.png" in listed


def test_standalone_never_reads_outside_the_report_folder(report_folder: Path) -> None:
    absolute = (report_folder.parent / "secret.png").as_posix()
    _, page = standalone_page(report_folder, {1: f"![abs]({absolute})"})
    assert not any(img["src"].startswith("data:") for img in page.find_all("img"))


def test_standalone_can_keep_image_paths(report_folder: Path) -> None:
    text = report_markdown(2, {1: "![arch](figures/c.png)"})
    out = standalone_html(make_result(2, text=text, path=report_folder / "README.md"), embed_images=False)
    assert 'src="figures/c.png"' in out


# ---- Jupyter summary -----------------------------------------------------------------------


def test_summary_table_has_a_header_and_one_row_per_question() -> None:
    result = make_result(31, failing={6: 12})
    page = BeautifulSoup(summary_table_html(result), "html.parser")
    assert page.find("caption").get_text() == "reports/README.md — 30/31 questions pass"
    rows = page.select("tbody tr")
    assert len(rows) == 31
    cells = [td.get_text() for td in rows[5].find_all("td")]
    assert cells == [
        "6",
        "12 / 100-200",
        "0",
        "fail: 12 words, needs 100-200",
        "Question 6 has 12 words; write 100-200.",
    ]
    assert page.find(class_=True) is None and page.find("style") is None


def test_summary_table_for_a_file_that_is_not_the_template() -> None:
    finding = Finding("not-template", "error", None, 1, "No questions found.")
    out = summary_table_html(Result("notes.md", None, None, general=[finding]))
    assert "notes.md — not the exam template" in out and "No questions found." in out


def test_result_shows_itself_in_jupyter_as_the_summary_table() -> None:
    result = make_result(3)
    assert result._repr_html_() == summary_table_html(result)


# ---- With the engine's own results ---------------------------------------------------------


@pytest.mark.parametrize("seed", SEED_PARAMS)
def test_a_checked_hand_in_is_decorated_with_the_engines_verdicts(seed: Path) -> None:
    from mkdocs_report_plugin import check_report

    result = check_report(seed, display_path="reports/README.md")
    page = BeautifulSoup(decorate_page(result, markdown.markdown(result.text, extensions=["toc"])), "html.parser")
    score = page.select_one(".report-score").get_text(" ")
    assert f"{result.passed}/{result.total} questions pass" in " ".join(score.split())
    assert len(page.select(".report-table tbody tr")) == result.total
    failing = {q.number for q in result.questions if not q.ok}
    badged = {int(row["data-question"]) for row in page.select("tr.report-row--fail")}
    assert badged == failing
    for question in result.questions:
        if question.findings:
            shown = page.select_one(f'.report-findings[data-question="{question.number}"]')
            assert shown is not None and len(shown.select(".admonition")) == len(question.findings)


@pytest.mark.parametrize("seed", SEED_PARAMS)
def test_a_hand_in_without_its_figures_lists_every_missing_image(seed: Path, tmp_path: Path) -> None:
    from mkdocs_report_plugin import check_report

    copy = tmp_path / "README.md"
    copy.write_bytes(seed.read_bytes())
    page = BeautifulSoup(standalone_html(check_report(copy)), "html.parser")
    local = [img["src"] for img in page.find_all("img") if not img["src"].startswith("data:")]
    listed = page.select_one(".report-images-not-embedded")
    assert all(src in listed.get_text() for src in local) if local else listed is None


# ---- Whatever the report holds -------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "### Question 2",
        "## Section",
        "# Title",
        "> Answer:",
        "* [x] done",
        "* [ ]",
        "[x]",
        "<script>",
        "</div>",
        "<img src=x onerror=1>",
        "<h3>",
        "Question 1",
        "```",
        "![a](b.png)",
        "<!--",
        "-->",
        "\n",
        "\n\n",
        "word",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40))
def test_decoration_never_fails_and_never_leaves_a_script(pieces: list[str]) -> None:
    result = make_result(3, failing={2: 1}, text=" ".join(pieces))
    result.general.append(Finding("general", "warning", None, 1, "".join(pieces[:3])))
    for html_text in (render(result), "".join(pieces)):
        page = BeautifulSoup(decorate_page(result, html_text), "html.parser")
        assert page.find("script") is None
        assert not [name for tag in page.find_all(True) for name in tag.attrs if name.startswith("on")]
        assert page.select_one(".report-dashboard")


def test_regression_a_marked_section_lookalike_does_not_stop_the_decoration() -> None:
    from support.reportgen import make_report

    from mkdocs_report_plugin import check_text

    result = check_text(make_report())
    html = markdown.markdown(result.text).replace(
        "<h3>Question 6</h3>", "<p><![a](figures/b.png)</p><h3>Question 6</h3>"
    )
    page = decorate_page(result, html)
    assert "report-dashboard" in page and "&lt;![a](figures/b.png)" in page
