"""The feedback a group is sent after grading: the teacher's score and comments beside what the checks saw, in
words for a student once the report is graded (no instruction, no teacher-only text, no rule id, plurals right),
every text a student or teacher wrote shown as the text it is, in Markdown and in HTML."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from support.course import SHARED
from support.grading import banned_in
from support.handins import HANDINS, handin_ids, load
from support.reportgen import make_report, words

from mkdocs_report_plugin import check_report, check_text
from mkdocs_report_plugin.model.batch import Checked
from mkdocs_report_plugin.output.after_deadline import observation
from mkdocs_report_plugin.output.feedback import feedback_html, feedback_markdown, feedback_of
from mkdocs_report_plugin.output.gradebook import Marks
from mkdocs_report_plugin.output.identity import identity_of

_INSTRUCTION = re.compile(r"(?:^|[.;:] )(?:Add|Cut|Delete|Write|Put|Move|Replace|Keep|Restore|Fix|Indent|Export|Save|"
                          r"Copy|Remove|Rename|Use|Check|Make|Retype|If) ")  # fmt: skip


def reports() -> list[Path]:
    seeds = sorted((SHARED / "seeds").glob("*.md"))
    return [load(str(handin_id)).report_in_tree for handin_id in handin_ids() if handin_id is not None] + seeds


def test_every_finding_of_the_real_hand_ins_reads_as_what_was_seen() -> None:
    if not HANDINS.is_dir():
        pytest.skip("real hand-ins not found")
    told = 0
    for path in reports():
        for finding in check_report(path).findings:
            text = observation(finding)
            if text is None:
                continue
            told += 1
            path_first = "/" in text.split(" ", 1)[0] or "." in text.split(" ", 1)[0]
            assert (path_first or not text[0].islower()) and text.endswith("."), text
            assert not banned_in(text) and not _INSTRUCTION.search(text), (finding.rule, text)
    assert told > 300


def group_of(text: str, name: str = "group-7") -> Checked:
    return Checked(name, check_text(text))


def written(entry: Checked, marks: Marks) -> tuple[str, str]:
    feedback = feedback_of(entry, identity_of(entry.result), marks, "reports/README.md")
    return feedback_markdown(feedback), feedback_html(feedback)


def rendered_text(markdown_text: str) -> list[str]:
    """The Markdown's text as GitHub and as Python-Markdown show it; it must hold no element of the student's."""
    pages = [MarkdownIt("commonmark").enable("table").render(markdown_text),
             markdown.markdown(markdown_text, extensions=["attr_list", "tables"])]  # fmt: skip
    texts = []
    for page in pages:
        soup = BeautifulSoup(page, "html.parser")
        assert not soup.find_all(["img", "script", "a", "table", "em", "strong", "code"] if "**" not in markdown_text
                                 else ["img", "script", "a", "table", "em", "code"]), page  # fmt: skip
        assert not [tag for tag in soup.find_all(True) if set(tag.attrs) - {"id"}], page
        texts.append(soup.get_text())
    return texts


HOSTILE = "<img src=x onerror=alert(1)> *starred* [link](https://x.example) {: onclick=alert(1) }\n1. not a list"


def test_the_teachers_score_and_comments_are_in_both_and_shown_as_written() -> None:
    entry = group_of(make_report({1: "Group 7", 2: "s123456, s234567", 5: words(3)}))
    marks = Marks(score="8,5", comment=HOSTILE, points={5: "0", 14: "2"}, comments={5: "Too short: " + HOSTILE})
    text, page = written(entry, marks)
    for shown in rendered_text(text):
        assert "Score: 8,5" in shown and "Points: 0" in shown and "Points: 2" in shown
        assert " ".join(HOSTILE.split()) in " ".join(shown.split())
        assert "Too short: <img src=x" in shown
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find_all(["img", "a", "script"]) and HOSTILE in soup.select_one("div.comment").get_text()
    assert soup.select_one("#question-5 .points").get_text() == "Points: 0"
    assert "3 words; the range is 100-200." in soup.select_one("#question-5").get_text()  # what the teacher saw
    assert not banned_in(text) and text.count("### Question 14: ") == 1  # a question with points only is listed


def test_the_wrong_plural_and_a_repeated_bullet_are_gone() -> None:
    entry = group_of(make_report({5: "one"}, omit=(9,)))
    text, _page = written(entry, Marks())
    assert "1 word; the range is 100-200." in text and " 1 words" not in text
    assert entry.result.question(5).status.label == "fail: 1 word, needs 100-200"  # the badge, the index's hover
    question_9 = text.split("### Question 9", 1)[1].split("###", 1)[0]
    assert question_9.count("\n- ") == 1  # the missing heading, said once


def test_a_report_the_courses_checker_stops_on_never_has_questions_that_pass() -> None:
    stopped = group_of(make_report() + "\n### Appendix\n\nMore words.\n")
    assert stopped.result.report_errors
    text, page = written(stopped, Marks(score="4"))
    for shown in (text, BeautifulSoup(page, "html.parser").get_text()):
        assert "meet its requirements" not in shown and "pass" not in shown.split("Question by question")[0]
        assert "The course's scripts stop on this report as it was handed in" in shown
        assert "finds 32 answers instead of 31 and stops" in shown  # what the checker did, in the present tense
    assert not banned_in(text)


def test_a_group_without_a_report_is_told_why_with_its_score() -> None:
    from mkdocs_report_plugin.frontends.cli.batch import check_all, collect

    def empty(folder: Path) -> Checked:
        (folder / "group-9").mkdir(parents=True)
        return next(iter(check_all(collect([folder]), jobs=1)))

    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        entry = empty(Path(folder))
    text, _page = written(entry, Marks(score="0", comment="Nothing was handed in."))
    assert text.startswith("# Exam report feedback: group-9\n\n**Score: 0**")  # no report to name
    assert "Your report could not be checked" in text and "Nothing was handed in." in text
    assert "\n- The folder is empty (the group handed in nothing here)" in text
    assert "(line 1)" not in text  # a line of no file
    assert not banned_in(text)
