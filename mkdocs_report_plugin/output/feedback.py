"""The feedback a group is sent after grading: the teacher's score and comments, question by question,
beside what the checks saw in the hand-in, as Markdown and as a page of its own, ready to send.

Words for a student once the report is graded (:mod:`.after_deadline`): what was seen, never what
to do before a deadline that has passed, no rule id, no teacher-only text. A report the course's
checker cannot read is never said to have "questions that pass". The document is built once
(:class:`Feedback`) and written twice; every text in it that a student or a teacher wrote (the
group's folder, what a finding quotes, the comments) is escaped by each writer, so nothing typed
becomes markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from mkdocs_report_plugin.model.batch import Checked
from mkdocs_report_plugin.model.report import Finding, Result
from mkdocs_report_plugin.output.after_deadline import observation
from mkdocs_report_plugin.output.gradebook import Marks
from mkdocs_report_plugin.output.html_document import html_document
from mkdocs_report_plugin.output.identity import GroupIdentity, shortened
from mkdocs_report_plugin.output.markdown_text import escape_markdown
from mkdocs_report_plugin.output.summary import group_spec_note

__all__ = ["Feedback", "QuestionNotes", "feedback_html", "feedback_markdown", "feedback_of"]

_LONGEST_TITLE = 90


@dataclass(frozen=True)
class QuestionNotes:
    """One question as the group reads it: the teacher's points and comment, and what the checks saw."""

    number: int
    title: str
    points: str = ""
    comment: str = ""
    seen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feedback:
    """A group's feedback, ready to be written as Markdown or HTML."""

    heading: str
    facts: tuple[tuple[str, str], ...]  # ("Report", "reports/README.md"), ("Students", "s123456, s234567")...
    score: str = ""
    comment: str = ""
    summary: str = ""  # what the checks made of the report as a whole, one sentence
    report_notes: tuple[str, ...] = ()  # what was seen in the report as a whole
    questions: tuple[QuestionNotes, ...] = ()


def feedback_of(entry: Checked, identity: GroupIdentity, marks: Marks, report: str) -> Feedback:
    """``entry``'s feedback with the teacher's ``marks``; ``report`` is the report's path as the group knows it."""
    result = entry.result
    heading = f"group {identity.number} ({entry.name})" if identity.number else entry.name
    facts = [("Report", report)] if result.template is not None else []
    if result.template is not None:
        template = result.template.name or f"the {result.template.generation} template"
        facts.append(("Template", "; ".join(filter(None, [template, group_spec_note(result)]))))
    if identity.students:
        facts.append(("Students", ", ".join(identity.students)))
    return Feedback(
        heading=f"Exam report feedback: {heading}",
        facts=tuple(facts),
        score=_score(marks),
        comment=marks.comment.strip(),
        summary=_summary(result),
        report_notes=_seen(result.general, with_lines=result.template is not None),
        questions=tuple(_questions(result, marks)),
    )


def _score(marks: Marks) -> str:
    shown = marks.shown_score()
    return shown if not shown or marks.score.strip() else shown + " (the points of the questions added up)"


def _summary(result: Result) -> str:
    if result.template is None:
        return "Your report could not be checked: see below."
    if result.report_errors:
        return ("The course's scripts stop on this report as it was handed in (see 'The report as a whole'), so "
                "they checked none of its questions.")  # fmt: skip
    meets = "question meets" if result.passed == 1 else "questions meet"
    return f"Checked against the template: {result.passed} of {result.total} {meets} its requirements."


def _questions(result: Result, marks: Marks) -> list[QuestionNotes]:
    titles = result.template.question_titles if result.template is not None else {}
    notes = []
    for question in result.questions:
        number = question.number
        seen = _seen(question.findings)
        if not question.present and not seen:
            seen = ("The question's heading is missing from the report.",)
        points, comment = marks.points.get(number, "").strip(), marks.comments.get(number, "").strip()
        if points or comment or seen:
            notes.append(
                QuestionNotes(number, shortened(titles.get(number, ""), _LONGEST_TITLE), points, comment, seen)
            )
    return notes


def _seen(findings: Sequence[Finding], *, with_lines: bool = True) -> tuple[str, ...]:
    """What the findings say after the deadline, errors first, each said once, with its line (none for a report
    that could not be read: its findings name no line of it)."""
    ordered = sorted(findings, key=lambda finding: (finding.severity != "error", finding.line))
    told = [(text, finding.line) for finding in ordered if (text := observation(finding))]
    return tuple(dict.fromkeys(text if not with_lines or f"line {line}" in text.lower() else f"{text} (line {line})"
                               for text, line in told))  # fmt: skip


# --- Markdown -----------------------------------------------------------------------------------


def feedback_markdown(feedback: Feedback) -> str:
    """The feedback as Markdown that shows the same under GitHub and Python-Markdown."""
    lines = [f"# {escape_markdown(feedback.heading)}", ""]
    lines += [f"- {label}: {escape_markdown(value)}" for label, value in feedback.facts] + [""] * bool(feedback.facts)
    if feedback.score:
        lines += [f"**Score: {escape_markdown(feedback.score)}**", ""]
    if feedback.comment:
        lines += [escape_markdown(feedback.comment), ""]
    lines += [escape_markdown(feedback.summary), ""]
    if feedback.report_notes:
        lines += ["## The report as a whole", "", *(f"- {escape_markdown(note)}" for note in feedback.report_notes), ""]
    if feedback.questions:
        lines += ["## Question by question", ""]
    for question in feedback.questions:
        title = f"Question {question.number}" + (f": {question.title}" if question.title else "")
        lines += [f"### {escape_markdown(title)}", ""]
        if question.points:
            lines += [f"**Points: {escape_markdown(question.points)}**", ""]
        if question.comment:
            lines += [escape_markdown(question.comment), ""]
        if question.seen:
            lines += [
                "What the checks saw in the hand-in:",
                "",
                *(f"- {escape_markdown(note)}" for note in question.seen),
                "",
            ]
    return "\n".join(lines)


# --- HTML ---------------------------------------------------------------------------------------

_STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:48rem;margin:2rem auto;"
    "padding:0 1rem;line-height:1.5;color:#1f2328;overflow-wrap:anywhere}h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}"
    "h3{font-size:1rem;margin:1.5rem 0 .25rem}.score{font-size:1.1rem;font-weight:600}.points{font-weight:600}.comment{white-space:pre-line;"
    "border-left:3px solid #0969da;padding:.25rem .75rem;background:#f6f8fa}.facts{color:#57606a;padding-left:1.2rem}"
)


def feedback_html(feedback: Feedback) -> str:
    """The feedback as a page of its own (no script, no file or network needed), every text escaped."""
    facts = "".join(f"<li>{escape(label)}: {escape(value)}</li>" for label, value in feedback.facts)
    parts = [f"<h1>{escape(feedback.heading)}</h1>"] + [f'<ul class="facts">{facts}</ul>'] * bool(facts)
    if feedback.score:
        parts.append(f'<p class="score">Score: {escape(feedback.score)}</p>')
    if feedback.comment:
        parts.append(f'<div class="comment">{escape(feedback.comment)}</div>')
    parts.append(f"<p>{escape(feedback.summary)}</p>")
    if feedback.report_notes:
        parts.append("<h2>The report as a whole</h2>" + _list(feedback.report_notes))
    if feedback.questions:
        parts.append("<h2>Question by question</h2>")
    for question in feedback.questions:
        title = f"Question {question.number}" + (f": {question.title}" if question.title else "")
        parts.append(f'<section id="question-{question.number}"><h3>{escape(title)}</h3>')
        if question.points:
            parts.append(f'<p class="points">Points: {escape(question.points)}</p>')
        if question.comment:
            parts.append(f'<div class="comment">{escape(question.comment)}</div>')
        if question.seen:
            parts.append("<p>What the checks saw in the hand-in:</p>" + _list(question.seen))
        parts.append("</section>")
    return html_document(feedback.heading, _STYLE, "\n".join(parts) + "\n")


def _list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"
