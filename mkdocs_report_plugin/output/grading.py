"""What ``mkdocs-report grade`` writes besides the index page: the grading sheet, the feedback a
group is sent, and the similar answers as a CSV and as a section of the index.

The sheet has one row per group, whatever happened to it (a group not checked says why), the
columns a teacher fills in last. The feedback is the CLI's messages, in the order a student
should act on them: what fails first, then warnings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mkdocs_report_plugin.model.batch import Checked
from mkdocs_report_plugin.model.report import Finding
from mkdocs_report_plugin.output.dashboard import escape
from mkdocs_report_plugin.output.formats import csv_table
from mkdocs_report_plugin.output.markdown_text import markdown_text
from mkdocs_report_plugin.output.similarity import MIN_WORDS, THRESHOLD, SimilarPair
from mkdocs_report_plugin.output.summary import GroupLinks, group_spec_note, revision

SIMILAR_COLUMNS = ("question", "template", "group_a", "group_b", "similarity", "words_a", "words_b", "line_a",
                   "line_b")  # fmt: skip


# --- grades.csv ------------------------------------------------------------------------------


def grades_csv(checked: Sequence[Checked], links: Mapping[str, GroupLinks]) -> str:
    """One row per group: its report, revision and score, each question's status, words and images, its files,
    then empty ``score`` and ``comment`` columns for the teacher."""
    numbers = sorted({question.number for entry in checked for question in entry.result.questions})
    per_question = [f"q{number}_{what}" for number in numbers for what in ("status", "words", "images")]
    header = ["group", "report", "template", "passed", "total", "not_checked", *per_question, "handin", "feedback",
              "score", "comment"]  # fmt: skip
    return csv_table(header, (_grade_row(entry, numbers, links.get(entry.name, GroupLinks())) for entry in checked))


def _grade_row(entry: Checked, numbers: list[int], links: GroupLinks) -> list[str]:
    result = entry.result
    if result.template is None:
        reason = result.findings[0].message if result.findings else "not checked"
        head = [entry.name, result.display_path, "", "", "", reason]
    else:
        template = "; ".join(filter(None, [revision(result.template), group_spec_note(result)]))
        head = [entry.name, result.display_path, template, str(result.passed), str(result.total), ""]
    cells = []
    for number in numbers:
        question = result.question(number)
        if question is None or not question.present:
            cells += ["" if question is None else "missing", "", ""]
        else:
            cells += [question.status.kind, str(question.words), str(question.rendered_images)]
    handin = links.handin or (f"none: {links.handin_missing}" if links.handin_missing else "")
    return [*head, *cells, handin, links.feedback or "", "", ""]


# --- feedback/GROUP.md -----------------------------------------------------------------------


def feedback_markdown(entry: Checked, report: str = "") -> str:
    """The group's findings as a student reads them, ready to send: what fails first, then the warnings.

    ``report`` is the report's path as the group knows it (``reports/README.md``), else the path checked."""
    result = entry.result
    report = markdown_text(report or result.display_path)  # every piece of their text escaped: see markdown_text
    lines = [f"# Exam report feedback: {markdown_text(entry.name)}", ""]
    if result.template is None:
        reason = markdown_text(result.findings[0].message) if result.findings else "it could not be read"
        return "\n".join([*lines, f"Your report ({report}) could not be checked: {reason}", ""])
    lines += [f"- Report: {report}", f"- Template: {markdown_text(revision(result.template))}",
              f"- Questions that pass: {result.passed}/{result.total}", ""]  # fmt: skip
    general_errors = [finding for finding in result.general if finding.severity == "error"]
    if general_errors:
        lines += ["## Errors in the whole report", "", *(_item(finding) for finding in general_errors), ""]
    failing = [question for question in result.questions if not question.ok]
    if failing:
        lines += [f"## Questions that fail ({len(failing)})", ""]
        for question in failing:
            errors = [finding for finding in question.findings if finding.severity == "error"]
            lines += [f"### Question {question.number}: {markdown_text(question.status.label)}", ""]
            lines += [*(_item(finding) for finding in errors or question.findings), ""]
            if not question.present:
                lines += ["- The question's heading is missing from the report.", ""]
    warnings = [finding for finding in result.findings if finding.severity == "warning"]
    if warnings:
        lines += [f"## Warnings ({len(warnings)})", "", "These do not fail a question, but are worth a look.", ""]
        lines += [*(_item(finding, with_question=True) for finding in warnings), ""]
    if not (general_errors or failing or warnings):
        lines += ["Every question passes, with no warning.", ""]
    return "\n".join(lines)


def _item(finding: Finding, *, with_question: bool = False) -> str:
    text = finding.headline if with_question else finding.message
    return f"- Line {finding.line}: {markdown_text(text)} (`{finding.rule}`)"


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
        return f'<section class="similar"><h2>Similar answers</h2>{intro}<p>No pair reaches it.</p></section>'
    shown = "".join(_pair_html(pair) for pair in pairs)
    return f'{SIMILAR_STYLE}<section class="similar"><h2>Similar answers ({len(pairs)})</h2>{intro}{shown}</section>'


def _pair_html(pair: SimilarPair) -> str:
    heading = (f"Question {pair.question}, {pair.template}: {pair.first.group} and {pair.second.group}, "
               f"{pair.similarity:.1f}% alike")  # fmt: skip
    columns = "".join(
        f"<div><strong>{escape(answer.group)}</strong>, line {answer.question.answer_line or answer.question.line}, "
        f"{answer.question.words} words<pre>{escape(answer.question.answer)}</pre></div>"
        for answer in (pair.first, pair.second)
    )
    return f'<h3>{escape(heading)}</h3><div class="similar-pair">{columns}</div>'
