"""The teacher's page: every hand-in of a class on one self-contained HTML page.

Built to work from while grading. Groups that need a look before anything else come first (not
checked, a report the course's scripts cannot read, no hand-in, images the hand-in does not show),
then the rest by name. The table of groups x questions, coloured by status (each cell's messages on
hover, sortable by clicking a header), scrolls in its own box under a header row that stays, with
the group's column kept at the left, so it is read at 1440 px without losing the row. Each group
also has its own part below the table with everything about it in one place: its number and
students, hand-in, feedback, the teacher's score and comment, template and spec, every message.
At the top, links to what a teacher looks for first: the groups needing attention, the similar
answers (with their count), the charts. A bar chart per template revision shows how many groups
fail each question (question 14 of 2023 is not question 14 of 2025, so revisions are never added
up). No external file, script or font is used: the page can be mailed or opened offline. Student
text only reaches the page through render's escaping, and the status of a question is the
model's, so every page agrees. ``grade`` adds each group's files, identity and marks
(:class:`GroupLinks`) and the section of similar answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mkdocs_report_plugin.check.engine import GROUP_SPEC_SOURCE
from mkdocs_report_plugin.model.batch import BatchTotals, Checked
from mkdocs_report_plugin.model.report import Question, Result, Template
from mkdocs_report_plugin.output.dashboard import escape
from mkdocs_report_plugin.output.html_document import html_document
from mkdocs_report_plugin.output.summary_style import CHART_HEIGHT, SCRIPT, STYLE
from mkdocs_report_plugin.rules.phrasing import plural

BAR_WIDTH = 22
BAR_GAP = 6
MARKS = {"pass": "✓", "warn": "!", "fail": "✗"}
LEGEND = (
    '<p class="summary-legend"><span class="summary--pass">✓ passes</span> '
    '<span class="summary--warn">! passes with warnings</span> '
    '<span class="summary--fail">✗ fails</span> <span class="summary--none">· not in that template</span> '
    "— hover over a cell for its messages, or open the group (its name) for everything about it; click a header "
    "to sort.</p>"
)
SIMILAR_ANCHOR = "similar"


@dataclass(frozen=True)
class GroupLinks:
    """What ``grade`` adds to a group's row: its files (relative to the page; ``None``: not written), who it is,
    and what the teacher typed in the gradebook."""

    handin: str | None = None
    feedback: str | None = None  # the feedback as Markdown
    handin_missing: str = ""  # why there is no hand-in, e.g. "report.py html cannot read it: not UTF-8"
    feedback_page: str | None = None  # the feedback as a page of its own
    images_not_shown: tuple[str, ...] = ()  # image sources the hand-in shows no picture for
    number: str = ""  # the group number read from question 1
    students: tuple[str, ...] = ()  # the study numbers read from question 2
    identity_notes: tuple[str, ...] = ()  # what was not read surely there
    score: str = ""  # the teacher's score (or the question points added up)
    comment: str = ""  # the teacher's comment on the whole report


def summary_html(
    checked: Sequence[Checked],
    *,
    title: str = "Exam reports",
    links: Mapping[str, GroupLinks] | None = None,
    appendix: str = "",
    similar: int | None = None,
) -> str:
    """The whole page for ``checked`` (one entry per hand-in, as :func:`batch.check_all` yields).

    ``links`` (by group name) adds each group's files, identity and marks; ``appendix`` is HTML put after
    the groups (``grade``'s similar answers, ``similar`` pairs of them, under the id ``similar``), already
    escaped by its maker."""
    links = links or {}
    ordered = sorted(checked, key=lambda entry: (attention_rank(entry, links.get(entry.name)), entry.name))
    anchors = {entry.name: _anchor(index) for index, entry in enumerate(ordered)}
    numbers = _question_numbers(checked)
    body = (f"<h1>{escape(title)}</h1>\n{_totals_html(checked)}\n{_top_links(ordered, links, similar)}\n"
            f"{_specs_html(checked)}\n{LEGEND}\n{_table_html(ordered, numbers, links, anchors)}\n"
            f"{_groups_html(ordered, links, anchors)}\n{_charts_html(checked)}\n{appendix}\n"
            f"<script>{SCRIPT}</script>\n")  # fmt: skip
    return html_document(title, STYLE, body)


def group_spec_note(result: Result) -> str:
    """What a group's row says of a ``report-spec.yaml`` the group committed beside its report (the ``group-spec``
    finding of a teacher's run), or ``""``: whether its limits were applied, so a relaxed spec named like the
    course's never passes for it."""
    if not any(finding.rule == "group-spec" for finding in result.general):
        return ""
    applied = result.template is not None and result.template.source.endswith(f"({GROUP_SPEC_SOURCE})")
    return "checked against the group's own report-spec.yaml" if applied else "the group's report-spec.yaml not applied"


def revision(template: Template) -> str:
    """The template revision a report was written in, as the page and the CSVs name it: ``02476 (2026)``."""
    return template.name or f"template {template.generation}"


def attention_rank(entry: Checked, links: GroupLinks | None = None) -> int:
    """How soon the teacher should look at a group: 0 not checked, 1 the course's scripts cannot read it,
    2 no hand-in, 3 images the hand-in does not show, 4 some question fails, 5 every question passes."""
    result = entry.result
    if not result.is_report:
        return 0
    if result.report_errors:
        return 1
    if links is not None and links.handin is None and links.handin_missing:
        return 2
    if links is not None and links.images_not_shown:
        return 3
    return 5 if result.ok else 4


def needs_attention(entry: Checked, links: GroupLinks | None = None) -> bool:
    return attention_rank(entry, links) < 4


def failures_per_question(checked: Sequence[Checked], of_revision: str | None = None) -> dict[int, int]:
    """``{question number: how many checked reports fail it}`` over every question seen, or only over the
    reports written in the revision ``of_revision`` (see :func:`revision`)."""
    chosen = [entry for entry in checked if of_revision is None or _revision_of(entry) == of_revision]
    counts = dict.fromkeys(_question_numbers(chosen), 0)
    for entry in chosen:
        for question in entry.result.questions:
            counts[question.number] += not question.ok
    return counts


def _revision_of(entry: Checked) -> str | None:
    return revision(entry.result.template) if entry.result.template is not None else None


def _reports_asking(checked: Sequence[Checked]) -> dict[int, int]:
    """``{question number: how many checked reports' templates have it}`` (27 or 31 questions)."""
    counts: dict[int, int] = {}
    for entry in checked:
        for question in entry.result.questions:
            counts[question.number] = counts.get(question.number, 0) + 1
    return counts


def _question_numbers(checked: Sequence[Checked]) -> list[int]:
    return sorted({question.number for entry in checked for question in entry.result.questions})


def _totals_html(checked: Sequence[Checked]) -> str:
    return f'<p class="summary-totals">{BatchTotals.of(checked).sentence()}.</p>'


def _top_links(ordered: Sequence[Checked], links: Mapping[str, GroupLinks], similar: int | None) -> str:
    """What a teacher looks for first, linked: the groups needing attention, the similar answers, the charts."""
    attention = [entry for entry in ordered if needs_attention(entry, links.get(entry.name))]
    parts = [f'<a href="#{_anchor(0)}">{plural(len(attention), "group")} need{"s" * (len(attention) == 1)} '
             "attention</a> (first in the table)" if attention else "No group needs attention"]  # fmt: skip
    if similar is not None:
        pairs = "no pair" if similar == 0 else plural(similar, "pair")
        parts.append(f'<a class="summary-similar-link" href="#{SIMILAR_ANCHOR}">Similar answers: {pairs}</a>')
    if links:
        scored = sum(1 for entry in ordered if (group := links.get(entry.name)) is not None and group.score)
        parts.append(f"{scored} of {plural(len(ordered), 'group')} scored in gradebook.csv")
    parts.append('<a href="#charts">Failures per question</a>')
    return f'<p class="summary-top">{" · ".join(parts)}</p>'


def _specs_html(checked: Sequence[Checked]) -> str:
    """Which template specs gave the limits, and for how many reports: a group's own
    report-spec.yaml, or an older template, stands out here."""
    specs = Counter(entry.result.template.describe() for entry in checked if entry.result.template is not None)
    listed = "; ".join(f"{escape(spec)} ({count} report{'s' * (count != 1)})" for spec, count in specs.most_common())
    return f'<p class="summary-totals summary-specs">Checked against: {listed}.</p>' if specs else ""


# --- the table --------------------------------------------------------------------------------


def _table_html(
    ordered: Sequence[Checked], numbers: list[int], links: Mapping[str, GroupLinks], anchors: Mapping[str, str]
) -> str:
    headers = "".join(f'<th scope="col" class="summary-q" title="Question {number}">Q{number}</th>'
                      for number in numbers)  # fmt: skip
    extra = '<th scope="col">Files</th><th scope="col" title="The score typed in gradebook.csv">Score</th>' \
        if links else ""  # fmt: skip
    rows = "".join(_row_html(entry, numbers, links.get(entry.name), anchors[entry.name]) for entry in ordered)
    return ('<div class="summary-scroll" tabindex="0"><table class="summary-table"><thead><tr>'
            '<th scope="col" class="summary-name">Group</th><th scope="col">Attention</th>'
            f'{extra}<th scope="col">Passed</th><th scope="col">Template</th>'
            f'<th scope="col" title="Checklist items ticked">Checklist</th>{headers}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")  # fmt: skip


def _row_html(entry: Checked, numbers: list[int], links: GroupLinks | None, anchor: str) -> str:
    result = entry.result
    rank = attention_rank(entry, links)
    name = (f'<td class="summary-name" data-sort="{escape(entry.name)}" title="{escape(result.display_path)}">'
            f'<a href="#{anchor}">{escape(entry.name)}</a></td>')  # fmt: skip
    attention = f'<td class="summary-attention" data-sort="{rank}">{_attention_html(entry, links)}</td>'
    extra = _files_html(links) + _score_html(links) if links is not None else ""
    row_class = "summary-row summary-row--attention" if rank < 4 else "summary-row"
    if not result.is_report:
        message = result.findings[0].message if result.findings else "not checked"
        return (f'<tr class="{row_class} summary-row--error">{name}{attention}{extra}'
                f'<td class="summary-error" colspan="{3 + len(numbers)}">{escape(message)}</td></tr>')  # fmt: skip
    share = result.passed / result.total if result.total else 0
    template = result.template
    short = template.generation if template is not None else ""
    full = revision(template) if template is not None else ""
    note = group_spec_note(result)  # a spec the group committed: applied or not, the row says so
    noted = f'<div class="summary-note summary-spec-note">{escape(note)}</div>' if note else ""
    cells = "".join(_cell_html(result, number) for number in numbers)
    return (f'<tr class="{row_class}">{name}{attention}{extra}<td data-sort="{share:.4f}">{result.passed}/{result.total}</td>'
            f'<td data-sort="{escape(full)}" title="{escape(full)}">{escape(short)}{noted}</td>{_checklist_cell(result)}{cells}</tr>')  # fmt: skip


def _attention_html(entry: Checked, links: GroupLinks | None) -> str:
    """Why the group needs a look, said on the row (not only on hover): an error's first clause, all of it on hover."""
    result = entry.result
    if not result.is_report:
        return "not checked"
    parts = [f'<div class="summary-stop" title="{escape(error.message)}">error: {escape(_gist(error.message))}</div>'
             for error in result.report_errors]  # fmt: skip
    if links is not None and links.handin is None and links.handin_missing:
        parts.append(f'<div title="{escape(links.handin_missing)}">no hand-in</div>')
    if links is not None and links.images_not_shown:
        count = len(links.images_not_shown)
        parts.append(
            f'<div title="{escape(", ".join(links.images_not_shown))}">{plural(count, "image")} not shown</div>'
        )
    return "".join(parts)


def _gist(message: str) -> str:
    """A message's first clause, what the row has room for (the whole message is on hover and in the group's part)."""
    cut = min((index for mark in (": ", "; ", ". ") if (index := message.find(mark)) > 0), default=len(message))
    return message[:cut] + (" ..." if cut < len(message) else "")


def _anchor(index: int) -> str:
    return f"group-{index + 1}"


def _checklist_cell(result: Result) -> str:
    sections = result.checklist_by_section()
    done, total = result.checklist_totals()
    if not total:
        return '<td class="summary--none" data-sort="-1" title="no checklist">·</td>'
    weeks = "\n".join(f"{name}: {ticked} of {listed} ticked" for name, (ticked, listed) in sections.items())
    return f'<td data-sort="{done / total:.4f}" title="{escape(weeks)}">{done}/{total}</td>'


def _files_html(links: GroupLinks) -> str:
    return f'<td class="summary-files">{_file_links(links)}</td>'


def _file_links(links: GroupLinks) -> str:
    parts = []
    if links.handin is not None:
        parts.append(f'<a href="{escape(links.handin)}">hand-in</a>')
    feedback = links.feedback_page or links.feedback
    if feedback is not None:
        parts.append(f'<a href="{escape(feedback)}">feedback</a>')
    return " · ".join(parts)


def _score_html(links: GroupLinks) -> str:
    return (f'<td class="summary-score" data-sort="{escape(links.score)}" title="{escape(links.comment)}">'
            f"{escape(links.score)}</td>")  # fmt: skip


def _cell_html(result: Result, number: int) -> str:
    question = result.question(number)
    if question is None:
        return '<td class="summary--none" data-sort="-1" title="not in this template">·</td>'
    kind, label = question.status.kind, question.status.label
    order = {"fail": 0, "warn": 1, "pass": 2}[kind]
    return (
        f'<td class="summary--{kind}" data-question="{number}" data-sort="{order}" '
        f'title="{escape(_hover_text(question, label))}">{MARKS[kind]}</td>'
    )


def _hover_text(question: Question, label: str) -> str:
    """Question N, its status and every message, one per line: what the teacher reads on hover."""
    messages = [f"{finding.severity}: {finding.message}" for finding in question.findings]
    return "\n".join([f"Question {question.number}: {label}", *messages])


# --- each group in one place ------------------------------------------------------------------


def _groups_html(ordered: Sequence[Checked], links: Mapping[str, GroupLinks], anchors: Mapping[str, str]) -> str:
    """Every group in the table's order: who it is, its files and marks, and every message, errors first."""
    parts = [_group_html(entry, links.get(entry.name), anchors[entry.name]) for entry in ordered]
    return f'<section class="summary-messages"><h2>Groups</h2>{"".join(parts)}</section>'


def _group_html(entry: Checked, links: GroupLinks | None, anchor: str) -> str:
    result = entry.result
    facts = []
    if links is not None:
        who = [f"group number {escape(links.number)}" if links.number else "group number not read"]
        who.append(escape(", ".join(links.students)) if links.students else "no study numbers read")
        facts.append("; ".join(who) + "".join(f' <span class="summary-note">({escape(note)})</span>'
                                              for note in links.identity_notes))  # fmt: skip
        files = _file_links(links)
        facts.append(files or escape(f"no hand-in: {links.handin_missing}"))
        if links.feedback_page is not None and links.feedback is not None:
            facts[-1] += f' (<a href="{escape(links.feedback)}">Markdown</a>)'
        if links.score or links.comment:
            facts.append(f"score: <strong>{escape(links.score or '-')}</strong>" + (
                f' <span class="summary-comment">{escape(links.comment)}</span>' if links.comment else ""))  # fmt: skip
    if result.template is not None:
        weeks = ", ".join(f"{name} {done}/{total}" for name, (done, total) in result.checklist_by_section().items())
        facts.append(f"checked against {escape(result.template.describe())}" + (
            f"; checklist ticked: {escape(weeks)}" if weeks else ""))  # fmt: skip
    findings = sorted(result.findings, key=lambda finding: (finding.severity != "error", finding.line))
    items = "".join(f'<li class="summary--{finding.severity}">line {finding.line}: {finding.severity}: '
                    f"{escape(finding.headline)}</li>" for finding in findings)  # fmt: skip
    body = f"<ul>{items}</ul>" if items else "<p>No messages: every question passes.</p>"
    shown = "".join(f"<p>{fact}</p>" for fact in facts)
    return f'<section id="{anchor}" class="summary-group"><h3>{escape(entry.name)}</h3>{shown}{body}</section>'


# --- charts -----------------------------------------------------------------------------------


def _charts_html(checked: Sequence[Checked]) -> str:
    """One chart per template revision, oldest first: failures are never added up across revisions."""
    revisions = sorted({name for name in map(_revision_of, checked) if name is not None})
    charts = "\n".join(_chart_html([entry for entry in checked if _revision_of(entry) == name], name)
                       for name in revisions)  # fmt: skip
    return f'<section id="charts"><h2>Failures per question</h2>{charts}</section>'


def _chart_html(checked: Sequence[Checked], name: str) -> str:
    """Inline SVG bars: groups of one revision failing each question, the tallest bar the full height."""
    numbers = _question_numbers(checked)
    failures = failures_per_question(checked)
    asked = _reports_asking(checked)
    tallest = max(failures.values(), default=0) or 1
    step = BAR_WIDTH + BAR_GAP
    width, top, bottom = step * len(numbers) + BAR_GAP, 16, 18
    bars = []
    for index, number in enumerate(numbers):
        count = failures[number]
        height = round(CHART_HEIGHT * count / tallest)
        x = BAR_GAP + index * step
        y = top + CHART_HEIGHT - height
        centre = x + BAR_WIDTH / 2
        bars.append(
            f'<g data-question="{number}" data-failures="{count}"><title>Question {number}: '
            f"{count} of {asked[number]} reports fail</title>"
            f'<rect x="{x}" y="{y}" width="{BAR_WIDTH}" height="{height}"></rect>'
            f'<text x="{centre}" y="{y - 3}" text-anchor="middle">{count}</text>'
            f'<text x="{centre}" y="{top + CHART_HEIGHT + bottom - 4}" text-anchor="middle">Q{number}</text></g>'
        )
    caption = f"{name}: reports failing each question ({len(checked)} report{'s' * (len(checked) != 1)})"
    return (f'<figure class="summary-chart" data-revision="{escape(name)}"><figcaption>{escape(caption)}</figcaption>'
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(caption)}" '
            f'width="{width}" height="{top + CHART_HEIGHT + bottom}">{"".join(bars)}</svg></figure>')  # fmt: skip
