"""What ``mkdocs-report grade`` writes besides the index page and the gradebook: the grading sheet
(``grades.csv``) and the similar answers as a CSV and as a section of the index.

The sheet has one row per group, whatever happened to it (a group not checked says why), with
everything a grader needs on that row: the verdict, the errors on the report as a whole (the course's
scripts cannot read it), who the group is (number and study numbers from questions 1 and 2), the
template and the spec the group was checked against, each question, the images the hand-in does not
show, its files, and last what the teacher typed in the gradebook. Its columns are one list
(:data:`LEAD_COLUMNS`, the questions', :data:`TAIL_COLUMNS`), so a new one is one line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mkdocs_report_plugin.model.batch import Checked
from mkdocs_report_plugin.model.report import Result, Template
from mkdocs_report_plugin.output.dashboard import escape
from mkdocs_report_plugin.output.formats import csv_table
from mkdocs_report_plugin.output.similarity import MIN_WORDS, THRESHOLD, SimilarPair
from mkdocs_report_plugin.output.summary import SIMILAR_ANCHOR, GroupLinks, group_spec_note, revision

SIMILAR_COLUMNS = ("question", "template", "group_a", "group_b", "similarity", "words_a", "words_b", "line_a",
                   "line_b")  # fmt: skip


# --- grades.csv ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    """What a row of grades.csv is made from: the group's check and what ``grade`` wrote and read for it."""

    entry: Checked
    links: GroupLinks

    @property
    def template(self) -> Template | None:
        """The spec the group was checked against; None for a group that was not checked."""
        return self.entry.result.template


def _template_cell(result: Result) -> str:
    """The revision the group was checked in, and whether a spec the group committed was applied."""
    if result.template is None:
        return ""
    return "; ".join(filter(None, [revision(result.template), group_spec_note(result)]))


def verdict(entry: Checked) -> str:
    """The group in a few words, worst first: what a grader sorts by."""
    result = entry.result
    if not result.is_report:
        return "not checked"
    if result.report_errors:
        return "the course's scripts cannot read it"
    return "every question passes" if result.ok else "some questions fail"


Column = tuple[str, Callable[[GroupRow], object]]

LEAD_COLUMNS: tuple[Column, ...] = (
    ("group", lambda row: row.entry.name),
    ("report", lambda row: row.entry.result.display_path),
    ("verdict", lambda row: verdict(row.entry)),
    ("template", lambda row: _template_cell(row.entry.result)),
    ("spec", lambda row: row.template.describe() if row.template is not None else ""),
    ("passed", lambda row: row.entry.result.passed if row.template is not None else ""),
    ("total", lambda row: row.entry.result.total if row.template is not None else ""),
    ("not_checked", lambda row: row.entry.not_checked or ""),
    ("report_errors", lambda row: " | ".join(error.message for error in row.entry.result.report_errors)),
    ("group_number", lambda row: row.links.number),
    ("student_ids", lambda row: "; ".join(row.links.students)),
    ("identity_notes", lambda row: "; ".join(row.links.identity_notes)),
)
"""The columns before the questions': who the group is and what became of its report."""

TAIL_COLUMNS: tuple[Column, ...] = (
    ("images_not_shown", lambda row: " | ".join(row.links.images_not_shown)),
    (
        "handin",
        lambda row: row.links.handin or (f"none: {row.links.handin_missing}" if row.links.handin_missing else ""),
    ),
    ("feedback", lambda row: row.links.feedback or ""),
    ("gradebook_score", lambda row: row.links.score),
    ("gradebook_comment", lambda row: row.links.comment),
)
"""The columns after the questions': the group's files, then the teacher's score and comment as typed in
gradebook.csv (copied here for reading: this file is written anew on every run)."""


def grades_csv(checked: Sequence[Checked], links: Mapping[str, GroupLinks]) -> str:
    """One row per group: :data:`LEAD_COLUMNS`, each question's status, words and images, :data:`TAIL_COLUMNS`."""
    numbers = sorted({question.number for entry in checked for question in entry.result.questions})
    per_question = [f"q{number}_{what}" for number in numbers for what in ("status", "words", "images")]
    header = [name for name, _cell in LEAD_COLUMNS] + per_question + [name for name, _cell in TAIL_COLUMNS]
    rows = (GroupRow(entry, links.get(entry.name, GroupLinks())) for entry in checked)
    return csv_table(header, (_grade_row(row, numbers) for row in rows))


def _grade_row(row: GroupRow, numbers: list[int]) -> list[object]:
    cells: list[object] = [cell(row) for _name, cell in LEAD_COLUMNS]
    for number in numbers:
        question = row.entry.result.question(number)
        if question is None or not question.present:
            cells += ["" if question is None else "missing", "", ""]
        else:
            cells += [question.status.kind, question.words, question.rendered_images]
    return cells + [cell(row) for _name, cell in TAIL_COLUMNS]


# --- similar.csv and the index's section -----------------------------------------------------


def similar_csv(pairs: Sequence[SimilarPair]) -> str:
    return csv_table(SIMILAR_COLUMNS, (_similar_row(pair) for pair in pairs))


def _similar_row(pair: SimilarPair) -> list[object]:
    first, second = pair.first.question, pair.second.question
    return [pair.question, pair.template, pair.first.group, pair.second.group, f"{pair.similarity:.1f}", first.words,
            second.words, first.answer_line or first.line, second.answer_line or second.line]  # fmt: skip


SIMILAR_STYLE = (
    "<style>.similar-pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin:.5rem 0 1.5rem}"
    ".similar-pair pre{white-space:pre-wrap;font-size:12px;background:rgba(127,127,127,.08);padding:.5rem;margin:0}"
    "</style>"
)


def similar_html(pairs: Sequence[SimilarPair]) -> str:
    """The index's section: each pair's two answers side by side, in neutral words."""
    intro = (f"<p>Answers to the same question whose words are at least {THRESHOLD:g}% the same, in the same "
             f"order (answers under {MIN_WORDS} words are not compared). Shared text has many causes: one "
             "project handed in twice, a common source or tool, a template. Read both before drawing any "
             "conclusion.</p>")  # fmt: skip
    if not pairs:
        return f'<section class="similar" id="{SIMILAR_ANCHOR}"><h2>Similar answers</h2>{intro}<p>No pair reaches it.</p></section>'
    shown = "".join(_pair_html(pair) for pair in pairs)
    return (f'{SIMILAR_STYLE}<section class="similar" id="{SIMILAR_ANCHOR}"><h2>Similar answers ({len(pairs)})</h2>'
            f"{intro}{shown}</section>")  # fmt: skip


def _pair_html(pair: SimilarPair) -> str:
    heading = (f"Question {pair.question}, {pair.template}: {pair.first.group} and {pair.second.group}, "
               f"{pair.similarity:.1f}% alike")  # fmt: skip
    columns = "".join(
        f"<div><strong>{escape(answer.group)}</strong>, line {answer.question.answer_line or answer.question.line}, "
        f"{answer.question.words} words<pre>{escape(answer.question.answer)}</pre></div>"
        for answer in (pair.first, pair.second)
    )
    return f'<h3>{escape(heading)}</h3><div class="similar-pair">{columns}</div>'
