"""The teacher's page: every hand-in of a class on one self-contained HTML page.

A table of reports x questions coloured by status (sortable by clicking a header; each
cell's messages on hover), each group's template revision and checklist progress per week,
a bar chart per template revision of how many groups fail each question (question 14 of 2023
is not question 14 of 2025, so revisions are never added up), and every group's messages
written out below the table. No external file, script or font is used: the page can be
mailed or opened offline. Student text only reaches the page through render's escaping, and
the status of a question is the model's, so every page agrees. ``grade`` adds links to each
group's hand-in and feedback, and the section of similar answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mkdocs_report_plugin.check.engine import GROUP_SPEC_SOURCE
from mkdocs_report_plugin.model.batch import BatchTotals, Checked
from mkdocs_report_plugin.model.report import Question, Result, Template
from mkdocs_report_plugin.output.dashboard import escape

CHART_HEIGHT = 110
BAR_WIDTH = 22
BAR_GAP = 6
MARKS = {"pass": "✓", "warn": "!", "fail": "✗"}
LEGEND = (
    '<p class="summary-legend"><span class="summary--pass">✓ passes</span> '
    '<span class="summary--warn">! passes with warnings</span> '
    '<span class="summary--fail">✗ fails</span> <span class="summary--none">· not in that template</span> '
    "— hover over a cell for its messages, or read them under the table; click a header to sort.</p>"
)


@dataclass(frozen=True)
class GroupLinks:
    """Where a group's other files are, relative to the page (``grade`` writes them); ``None``: not written."""

    handin: str | None = None
    feedback: str | None = None
    handin_missing: str = ""  # why there is no hand-in, e.g. "report.py html cannot read it: not UTF-8"


_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;
  color:var(--md-default-fg-color,#1f2328);background:var(--md-default-bg-color,#fff)}
h1{font-size:1.5rem;margin:0 0 .25rem}
.summary-totals{margin:0 0 1.5rem;color:#57606a}
.summary-chart{margin:0 0 2rem;overflow-x:auto}
.summary-chart rect{fill:#c62828}
.summary-chart text{font-size:11px;fill:#57606a}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid rgba(127,127,127,.3);padding:3px 6px;text-align:center;white-space:nowrap}
th{cursor:pointer;user-select:none;background:rgba(127,127,127,.08);position:sticky;top:0}
th[aria-sort=ascending]::after{content:" ▲"}
th[aria-sort=descending]::after{content:" ▼"}
td.summary-name,td.summary-error{text-align:left}
.summary-legend span{padding:1px 6px;margin-right:4px}
.summary--pass{background:#e3f4e8;color:#1b7f3b}
.summary--warn{background:#fff4d6;color:#8a5a00}
.summary--fail{background:#fde4e4;color:#c62828;font-weight:600}
.summary--none{color:#8c959f}
td.summary-error{color:#c62828}
.summary-revision{margin:0 0 2rem}
.summary-messages h3{font-size:1rem;margin:1.25rem 0 .25rem}
.summary-messages ul{margin:0;padding-left:1.25rem;font-size:13px}
.summary-messages li.summary--error{color:#c62828}
.summary-messages li.summary--warning{color:#8a5a00}
a{color:#0969da}
.summary-stop{color:#c62828;white-space:normal;min-width:24em;text-align:left;font-size:12px}
.summary-note{color:#8a5a00;white-space:normal;min-width:12em;font-size:12px}
"""

# Sorts the table by the clicked column: numbers by value, names alphabetically.
_SCRIPT = """
document.querySelectorAll("table.summary-table th").forEach(function (header, column) {
  header.addEventListener("click", function () {
    var body = header.closest("table").tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    header.closest("tr").querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var key = function (row) { var cell = row.cells[column]; return cell ? cell.dataset.sort : ""; };
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""


def summary_html(
    checked: Sequence[Checked],
    *,
    title: str = "Exam reports",
    links: Mapping[str, GroupLinks] | None = None,
    appendix: str = "",
) -> str:
    """The whole page for ``checked`` (one entry per hand-in, as :func:`batch.check_all` yields).

    ``links`` (by group name) adds each group's hand-in and feedback; ``appendix`` is HTML put after
    the messages (``grade``'s similar answers), already escaped by its maker."""
    numbers = _question_numbers(checked)
    sections = _checklist_sections(checked)
    table = _table_html(checked, numbers, sections, links or {})
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            f"<h1>{escape(title)}</h1>\n{_totals_html(checked)}\n{_specs_html(checked)}\n"
            f"{_charts_html(checked)}\n{LEGEND}\n{table}\n{_messages_html(checked)}\n{appendix}\n"
            f"<script>{_SCRIPT}</script>\n</body>\n</html>\n")  # fmt: skip


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


def _specs_html(checked: Sequence[Checked]) -> str:
    """Which template specs gave the limits, and for how many reports: a group's own
    report-spec.yaml, or an older template, stands out here."""
    specs = Counter(entry.result.template.describe() for entry in checked if entry.result.template is not None)
    listed = "; ".join(f"{escape(spec)} ({count} report{'s' * (count != 1)})" for spec, count in specs.most_common())
    return f'<p class="summary-totals summary-specs">Checked against: {listed}.</p>' if specs else ""


def _charts_html(checked: Sequence[Checked]) -> str:
    """One chart per template revision, oldest first: failures are never added up across revisions."""
    revisions = sorted({name for name in map(_revision_of, checked) if name is not None})
    return "\n".join(_chart_html([entry for entry in checked if _revision_of(entry) == name], name)
                     for name in revisions)  # fmt: skip


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


def _checklist_sections(checked: Sequence[Checked]) -> list[str]:
    """The checklist's sections ("Week 1", "Week 2", "Extra"), in the order the reports list them."""
    return list(dict.fromkeys(name for entry in checked for name in entry.result.checklist_by_section()))


def _table_html(
    checked: Sequence[Checked], numbers: list[int], sections: list[str], links: Mapping[str, GroupLinks]
) -> str:
    weeks = "".join(f'<th scope="col" title="Checklist: {escape(name)}, items ticked">{escape(name)}</th>'
                    for name in sections)  # fmt: skip
    headers = "".join(f'<th scope="col" title="Question {number}">Q{number}</th>' for number in numbers)
    files = '<th scope="col">Files</th>' if links else ""
    rows = "".join(
        _row_html(index, entry, numbers, sections, links.get(entry.name)) for index, entry in enumerate(checked)
    )
    return ('<table class="summary-table"><thead><tr><th scope="col">Report</th>'
            f'{files}<th scope="col">Passed</th><th scope="col">Template</th>{weeks}{headers}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")  # fmt: skip


def _row_html(index: int, entry: Checked, numbers: list[int], sections: list[str], links: GroupLinks | None) -> str:
    result = entry.result
    name = (f'<td class="summary-name" data-sort="{escape(entry.name)}" title="{escape(result.display_path)}">'
            f'<a href="#{_anchor(index)}">{escape(entry.name)}</a></td>')  # fmt: skip
    files = _files_html(links) if links is not None else ""
    if not result.is_report:
        message = result.findings[0].message if result.findings else "not checked"
        return (f'<tr class="summary-row summary-row--error">{name}{files}<td data-sort="-1">not checked</td>'
                f'<td class="summary-error" colspan="{1 + len(sections) + len(numbers)}">{escape(message)}</td></tr>')  # fmt: skip
    share = result.passed / result.total if result.total else 0
    template = revision(result.template) if result.template is not None else ""
    weeks = "".join(_checklist_cell(result, section) for section in sections)
    cells = "".join(_cell_html(result, number) for number in numbers)
    passed = f"{result.passed}/{result.total}" + "".join(
        f'<div class="summary-stop">error: {escape(error.message)}</div>' for error in result.report_errors
    )  # the course's scripts cannot read the report: said on the row, not only on hover
    spec_note = group_spec_note(result)
    noted = f'<div class="summary-note">{escape(spec_note)}</div>' if spec_note else ""
    return (f'<tr class="summary-row">{name}{files}<td data-sort="{share:.4f}">{passed}</td>'
            f'<td data-sort="{escape(template)}">{escape(template)}{noted}</td>{weeks}{cells}</tr>')  # fmt: skip


def _anchor(index: int) -> str:
    return f"group-{index + 1}"


def _checklist_cell(result: Result, section: str) -> str:
    done, total = result.checklist_by_section().get(section, (0, 0))
    if not total:
        return '<td class="summary--none" data-sort="-1" title="no such checklist section">·</td>'
    return f'<td data-sort="{done / total:.4f}" title="{escape(section)}: {done} of {total} ticked">{done}/{total}</td>'


def _files_html(links: GroupLinks) -> str:
    parts = []
    if links.handin is not None:
        parts.append(f'<a href="{escape(links.handin)}">hand-in</a>')
    if links.handin_missing:
        label = "no hand-in" if links.handin is None else "images not found"
        parts.append(f'<span class="summary-error" title="{escape(links.handin_missing)}">{label}</span>')
    if links.feedback is not None:
        parts.append(f'<a href="{escape(links.feedback)}">feedback</a>')
    return f'<td class="summary-name">{" · ".join(parts)}</td>'


def _messages_html(checked: Sequence[Checked]) -> str:
    """Every group's findings written out, errors first, each with its line: what the cells' tooltips hold."""
    groups = []
    for index, entry in enumerate(checked):
        findings = sorted(entry.result.findings, key=lambda finding: (finding.severity != "error", finding.line))
        items = "".join(f'<li class="summary--{finding.severity}">line {finding.line}: {finding.severity}: '
                        f"{escape(finding.headline)}</li>" for finding in findings)  # fmt: skip
        body = f"<ul>{items}</ul>" if items else "<p>No messages: every question passes.</p>"
        groups.append(f'<section id="{_anchor(index)}"><h3>{escape(entry.name)}</h3>{body}</section>')
    return f'<section class="summary-messages"><h2>Messages</h2>{"".join(groups)}</section>'


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
