"""Rules on the report's questions as a whole: missing, repeated or unknown ones, and limits the template states otherwise."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_report_plugin.model.report import QUESTION_MISSING, Constraints, Template
from mkdocs_report_plugin.reading.parse import Document, Section
from mkdocs_report_plugin.reading.template import (
    PROMPTS_SOURCE,
    SHIPPED_SOURCE,
    constraints_from_prompt,
)
from mkdocs_report_plugin.rules.context import ReportContext
from mkdocs_report_plugin.rules.registry import Found, report_rule


@report_rule("missing-question", "error", badge=QUESTION_MISSING)
def missing_question(context: ReportContext) -> Iterator[Found]:
    """A question of the template is missing from the report.

    Why: The question cannot be graded, and the official checker stops on the changed number of answers. A heading
    deleted above its prompt, which makes the course's checker stop, is `checker-stops`'s finding alone.

    Example:
        The `### Question 12` heading and its `> Answer:` block were deleted.

    Fix: Copy the question's heading, prompt and `> Answer:` line back from the template.
    """
    prompts = context.orphan_prompt_lines
    for question in context.questions:
        if question.present:
            continue
        if question.line in prompts:
            if context.official.aborts:
                continue  # the course's checker stops on it: checker-stops names it, with the fix (one finding)
            yield Found(question.line,
                        f"the '### Question {question.number}' heading above this prompt is missing, so its answer is not "
                        f"checked. Restore the heading on the line above.", question=question.number)  # fmt: skip
        else:
            yield Found(question.line,
                        f"the '### Question {question.number}' heading is missing. Restore it, with its '> Answer:' line, from the template.", question=question.number)  # fmt: skip


@report_rule("duplicate-question", "error", badge="question repeated")
def duplicate_question(context: ReportContext) -> Iterator[Found]:
    """The same question number appears twice.

    Why: Only one answer per question is graded; the copy shifts every answer after it for the official checker.

    Example:
        Two `### Question 5` headings.

    Fix: Merge the two answers under one heading and delete the copy.
    """
    first_seen: dict[int, int] = {}
    for section in context.document.sections:
        if section.number in first_seen:
            yield Found(section.line,
                        f"appears a second time (first at line {first_seen[section.number]}). Merge the answers under one heading; only the first is checked.", question=section.number)  # fmt: skip
        else:
            first_seen[section.number] = section.line


@report_rule("unknown-question", "warning")
def unknown_question(context: ReportContext) -> Iterator[Found]:
    """A question number that the template does not have.

    Why: Usually a renumbered or mistyped heading: the question it should be is then reported missing.

    Example:
        `### Question 32` in a 31-question report.

    Fix: Give the heading the number of the template's question it answers.
    """
    count = context.template.question_count
    added = {section.number for section in context.added_questions}
    for section in context.document.sections:
        if not 1 <= section.number <= count and section.number not in added:
            yield Found(section.line,
                        f"'Question {section.number}' is not in the {context.template.generation} template, which has questions 1-{count}. Fix the number.")  # fmt: skip


@report_rule("template-drift", "warning")
def template_drift(context: ReportContext) -> Iterator[Found]:
    """A question's prompt states other limits than the template spec the report is checked against (or none where
    the spec has one), or the report has a question after the spec's last one that the course added.

    Why: The course revises its template, sometimes in the first week, after students copied it; a student may also
    edit a prompt. The limits checked are the spec's, so the prompt the student reads would be wrong without this
    warning. A question whose prompt was deleted altogether is not compared; one added after the last, with the
    course's prompt (limits stated or not), is the course's new question, not a mistyped number.

    Example:
        Question 14's prompt says `Recommended answer length: 150-250 words`; the 2026 template says 200-300.

    Fix: If your course published a new template, check against its spec: `mkdocs-report spec` makes it from the
    template, and a `report-spec.yaml` beside the report is used (see [A new template in January](new-template.md)).
    If you edited the prompt, restore it.
    """
    spec = context.template
    if spec.source == PROMPTS_SOURCE:
        return  # the limits were read from these very prompts
    for section in context.first_sections.values():
        if section.number in context.overridden or section.number > spec.question_count:
            continue  # limits the student chose; a question the spec lacks is reported below
        stated = constraints_from_prompt(section.prompt)
        applied = spec.constraints.get(section.number, Constraints())
        if stated == Constraints() and not _has_prompt(section):
            continue  # the prompt was deleted with its length line: nothing of the template's to compare
        if stated != applied:
            says = f"says {_limits(stated)}" if stated != Constraints() else "states no limit for it"
            yield Found(_limit_line(context.document, section),
                        f"your copy of the template {says}, {_spec_title(spec)} says "
                        f"{_limits(applied)}, and that is what is checked. {_drift_advice(spec)}", question=section.number)  # fmt: skip
    for section in context.added_questions:
        stated = constraints_from_prompt(section.prompt)
        yield Found(_limit_line(context.document, section),
                    f"your copy of the template has this question ({_limits(stated)}), and {_spec_title(spec)} "
                    f"has only questions 1-{spec.question_count}, so it is not checked. {_drift_advice(spec)}", question=section.number)  # fmt: skip


def _has_prompt(section: Section) -> bool:
    """Whether the question keeps a prompt of the template above its ``Answer:`` line (any text, quote marks aside)."""
    return section.marker is not None and bool(section.prompt.replace(">", "").strip())


def _limit_line(document: Document, section: Section) -> int:
    """The prompt's line that states the limits, else the question's heading."""
    last = section.marker or section.end_line
    for number in range(section.line, last + 1):
        if constraints_from_prompt(document.lines[number - 1]) != Constraints():
            return number
    return section.line


def _limits(constraints: Constraints) -> str:
    parts = [constraints.words.describe("word")] if constraints.words else []
    parts += [constraints.images.describe("image")] if constraints.images else []
    return " and ".join(parts) or "no limit"


def _spec_title(spec: Template) -> str:
    if spec.source == SHIPPED_SOURCE:
        return f"the {spec.generation} template"
    return f"the spec in use ({spec.describe()})"


def _drift_advice(spec: Template) -> str:
    if spec.source == SHIPPED_SOURCE:
        return ("If your course published a new template, check against its spec (`mkdocs-report spec TEMPLATE.md -o "
                "report-spec.yaml` beside the report); if you edited the prompt, restore it.")  # fmt: skip
    return (
        "If that spec is out of date, make it again from the course's current template (`mkdocs-report spec`); "
        "if you edited the prompt, restore it."
    )
