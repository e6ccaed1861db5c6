"""The markup we write around a student's page: status badges, findings as admonitions, the dashboard
on top, and the compact table a notebook shows. Every piece of student text goes through :func:`escape`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from mkdocs_report_plugin.model.report import Finding, Question, Range, Result

__all__ = ["ImageProblem", "badge_html", "dashboard_html", "escape", "findings_html", "summary_table_html"]


@dataclass(frozen=True)
class ImageProblem:
    """An image the standalone page could not embed, and why, in words for the student."""

    source: str
    reason: str


def summary_table_html(result: Result) -> str:
    """A compact table for Jupyter's ``_repr_html_``: inline styles only, no stylesheet."""
    cell = "padding:2px 8px;text-align:left;border-bottom:1px solid rgba(127,127,127,.3);"
    if not result.is_report:
        message = result.findings[0].message if result.findings else ""
        return (
            f'<div style="font-family:sans-serif;font-size:13px">'
            f'<p style="font-weight:600;margin:0 0 4px">{escape(result.display_path)} — '
            f'not the exam template</p><p style="margin:0">{escape(message)}</p></div>'
        )
    header = "".join(
        f'<th style="{cell}">{name}</th>' for name in ("Question", "Words", "Images", "Status", "First message")
    )
    rows = "".join(_summary_row(question, cell) for question in result.questions)
    return (
        f'<div style="font-family:sans-serif;font-size:13px">'
        f'<table style="border-collapse:collapse">'
        f'<caption style="text-align:left;font-weight:600;padding:4px 0">'
        f"{escape(result.display_path)} — {result.passed}/{result.total} questions pass"
        f"</caption><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def badge_html(question: Question) -> str:
    status = question.status
    return f'<span class="report-badge report-badge--{status.kind}">{escape(status.label)}</span>'


def findings_html(result: Result, findings: list[Finding], number: int | None, *, rules_href: str | None = None) -> str:
    """The findings as admonitions; the general ones (``number`` None) carry the id the dashboard's list links to.

    ``rules_href`` + a rule's id is the address of its entry in the rules reference (``rules/#``); ``None``: no link."""
    items = "".join(
        _admonition_html(result.display_path, finding, rules_href) for finding in sorted(findings, key=lambda f: f.line)
    )
    data = f' data-question="{number}"' if number is not None else f' id="{GENERAL_ID}"'
    return f'<div class="report-findings"{data}>{items}</div>'


_ADMONITIONS = {"error": "failure", "warning": "warning", "info": "info"}
"""A finding's severity -> the Material admonition it is shown in."""


def _admonition_html(display_path: str, finding: Finding, rules_href: str | None) -> str:
    """A Material admonition titled with what the finding means and ``path:line``, the place to fix in the source."""
    kind = _ADMONITIONS[finding.severity]
    verdict = finding.verdict
    where = f" at {escape(display_path)}:{finding.line}" if finding.line else f" in {escape(display_path)}"
    return (
        f'<div class="admonition {kind} report-finding" data-rule="{escape(finding.rule)}">'
        f'<p class="admonition-title">{escape(verdict[:1].upper() + verdict[1:])}{where}</p>'
        f"<p>{message_html(finding.message)} {rule_link_html(finding.rule, rules_href)}</p>"
        f"{_autofix_html(finding)}"
        "</div>"
    )


def _autofix_html(finding: Finding) -> str:
    """What ``mkdocs-report fix`` would do about the finding, when it has a fix: the command to run, and for an
    unsafe fix what more it changes."""
    fix = finding.fix
    if fix is None:
        return ""
    if fix.safe:
        return f'<p class="report-autofix"><code>mkdocs-report fix</code> fixes this: {escape(fix.description)}.</p>'
    return (
        f'<p class="report-autofix"><code>mkdocs-report fix --unsafe-fixes</code> fixes this: '
        f"{escape(fix.description)}, but {escape(fix.caution)}.</p>"
    )


def rule_link_html(rule_id: str, rules_href: str | None) -> str:
    """The rule's id, a link to its entry in the rules reference when there is one to link to."""
    code = f'<code class="report-rule">{escape(rule_id)}</code>'
    if rules_href is None:
        return code
    return f'<a class="report-rule-link" href="{escape(rules_href + rule_id)}">{code}</a>'


def dashboard_html(
    result: Result,
    anchors: dict[int, str],
    general: list[Finding],
    image_problems: list[ImageProblem],
    handin_url: str | None = None,
    *,
    rules_href: str | None = None,
) -> str:
    """The dashboard: the score, then what to fix first (failing questions, then warnings, each linking to its
    place), then the rest, down to the table of every question (folded while something fails).

    ``anchors`` are the question headings' ids on the page; ``general`` the findings shown in the dashboard itself
    (about the whole report, or a question with no heading on the page)."""
    if not result.is_report:
        general_html = findings_html(result, general, None, rules_href=rules_href) if general else ""
        parts = [_not_template_html(result), general_html]
    else:
        places = _Places(anchors, general)
        parts = [
            _score_html(result),
            _spec_html(result),
            _ignored_html(result),
            _fix_first_html(result, places, rules_href),
            _relevelled_html(result),
            _handin_link_html(handin_url),
            _cards_html(result),
            findings_html(result, general, None, rules_href=rules_href) if general else "",
            _image_problems_html(image_problems),
            _question_table_html(result, anchors),
        ]
    return '<div class="report-dashboard" role="region" aria-label="Report check">' + "".join(parts) + "</div>"


# --- what to fix first ------------------------------------------------------------------------

GENERAL_ID = "report-general"
"""The id of the dashboard's own findings (the whole report's, and those of questions with no heading on the page)."""


@dataclass(frozen=True)
class _Places:
    """Where on the page a finding is shown: under its question's heading, else in the dashboard's own findings."""

    anchors: dict[int, str]
    general: list[Finding]

    def of(self, question: int | None) -> str | None:
        if question is not None and question in self.anchors:
            return "#" + self.anchors[question]
        return "#" + GENERAL_ID if self.general else None


def _fix_first_html(result: Result, places: _Places, rules_href: str | None) -> str:
    """What fails, then the warnings: the first thing the dashboard says after the score."""
    failing = _failing_items(result, places, rules_href)
    warnings = _warning_groups([finding for finding in result.findings if finding.severity == "warning"])
    if not failing and not warnings:
        return '<p class="report-fixfirst report-fixfirst--clear">Nothing to fix: every question passes, with no warning.</p>'
    parts = ['<div class="report-fixfirst" role="region" aria-label="What to fix first">']
    if failing:
        count = result.total - result.passed
        what = f"{count} question{'s' * (count != 1)} fail{'s' * (count == 1)}" if count else "The report fails"
        parts.append(
            f'<p class="report-fixfirst__title">{what}: fix {"these" if len(failing) > 1 else "this"} first</p>'
        )
        parts.append(f'<ol class="report-fix-list report-fix-list--fail">{"".join(failing)}</ol>')
    if warnings:  # counted as listed: one item per question and rule, however many lines it names
        parts.append(
            f'<p class="report-fixfirst__title">{len(warnings)} warning{"s" * (len(warnings) != 1)}: no question fails '
            "on these; each says what the teacher or the course's checker will see</p>"
        )
        parts.append(
            f'<ul class="report-fix-list report-fix-list--warn">{_warning_items(warnings, places, rules_href)}</ul>'
        )
    return "".join(parts) + "</div>"


def _failing_items(result: Result, places: _Places, rules_href: str | None) -> list[str]:
    """One item per failing question (and per error about the whole report, first), in the order of the report."""
    items = [
        _fix_item(None, "error", [finding], places, rules_href)
        for finding in result.general
        if finding.severity == "error" and finding.question is None
    ]
    for question in result.questions:
        if not question.ok:
            errors = sorted((f for f in question.findings if f.severity == "error"), key=lambda f: f.line)
            items.append(_fix_item(question, question.status.label, errors, places, rules_href))
    return items


def _fix_item(
    question: Question | None, status: str, errors: list[Finding], places: _Places, rules_href: str | None
) -> str:
    """``Question 4`` (a link to it), its badge, then the fix: its first error's message, line and rule."""
    name = f"Question {question.number}" if question is not None else "The report"
    place = places.of(question.number if question is not None else None)
    badge = f'<span class="report-badge report-badge--fail">{escape(status)}</span>'
    fix = ""
    if errors:
        first, more = errors[0], len(errors) - 1
        others = f" (and {more} more)" if more else ""
        fix = (
            f' <span class="report-fix__what">{message_html(first.message)}{others} '
            f'<span class="report-fix__where">line {first.line}</span> {rule_link_html(first.rule, rules_href)}</span>'
        )
    number = question.number if question is not None else None
    return f'<li class="report-fix"{_question_data(number)}>{_place_link(name, place)} {badge}{fix}</li>'


_Group = tuple[int, str, list[Finding]]
"""A question's number (0: the whole report), a rule's id, and that rule's warnings on that question, by line."""


def _warning_groups(warnings: list[Finding]) -> list[_Group]:
    """The warnings grouped per question and rule, the report's own first: one item of the list each."""
    groups: dict[tuple[int, str], list[Finding]] = {}
    for finding in sorted(warnings, key=lambda f: (f.question or 0, f.line)):
        groups.setdefault((finding.question or 0, finding.rule), []).append(finding)
    return [(number, rule_id, group) for (number, rule_id), group in groups.items()]


_LINES_SHOWN = 6
"""Lines a warning's item names before 'and N more': the list stays readable, and narrow on a phone."""


def _warning_items(groups: list[_Group], places: _Places, rules_href: str | None) -> str:
    """One item per question and rule: where (each line once), and the first message."""
    items = []
    for number, rule_id, group in groups:
        name = f"Question {number}" if number else "The report"
        lines = sorted({finding.line for finding in group})
        shown = ", ".join(str(line) for line in lines[:_LINES_SHOWN])
        more = f" and {len(lines) - _LINES_SHOWN} more" if len(lines) > _LINES_SHOWN else ""
        items.append(
            f'<li class="report-fix"{_question_data(number or None)}>'
            f"{_place_link(name, places.of(number or None))} {rule_link_html(rule_id, rules_href)} "
            f'<span class="report-fix__where">line{"s" * (len(lines) > 1)} {shown}{more}</span> '
            f'<span class="report-fix__what">{message_html(group[0].message)}</span></li>'
        )
    return "".join(items)


def _question_data(number: int | None) -> str:
    return f' data-question="{number}"' if number is not None else ""


def _place_link(name: str, place: str | None) -> str:
    return f'<a href="{escape(place)}">{escape(name)}</a>' if place else escape(name)


def _not_template_html(result: Result) -> str:
    return (
        '<div class="admonition failure report-not-template">'
        '<p class="admonition-title">This is not the exam template</p>'
        f"<p><code>{escape(result.display_path)}</code> has none of the exam template's "
        "<code>### Question N</code> sections with an <code>Answer:</code> marker, so no "
        "question could be checked. Start from the course's <code>reports/README.md</code> "
        "and write your answers below each <code>Answer:</code>.</p></div>"
    )


def _score_html(result: Result) -> str:
    kind = "pass" if result.ok else "fail"
    return (
        f'<p class="report-score report-score--{kind}"><strong>{result.passed}/{result.total}'
        f'</strong> questions pass <span class="report-path">{escape(result.display_path)}'
        f"</span></p>" + _progress_html(result.passed, result.total, "questions passing")
    )


def _spec_html(result: Result) -> str:
    """One line saying which template spec gave the limits, and where it came from."""
    if result.template is None:
        return ""
    return f'<p class="report-spec">Checked against the spec {escape(result.template.describe())}.</p>'


def _ignored_html(result: Result) -> str:
    """One line naming the rules switched off, so a clean dashboard never hides that it was asked to be."""
    if not result.ignored:
        return ""
    ids = ", ".join(f"<code>{escape(rule_id)}</code>" for rule_id in result.ignored)
    return f'<p class="report-ignored">Rules ignored (not shown or counted): {ids}.</p>'


def _relevelled_html(result: Result) -> str:
    """One line naming the rules the user set to another severity, and to which."""
    if not result.relevelled:
        return ""
    ids = ", ".join(f"<code>{escape(rule_id)}</code>: {level}" for rule_id, level in result.relevelled.items())
    return f'<p class="report-relevelled">Rules re-levelled: {ids}.</p>'


def _handin_link_html(url: str | None) -> str:
    if url is None:
        return ""
    return (
        f'<p class="report-handin"><a href="{escape(url)}">The hand-in as the teacher reads it</a>: '
        "the page the course's <code>report.py html</code> makes of this report, which the teacher grades, "
        "shown exactly as the course makes it (raw HTML in it is not made safe, so it is shown in a frame "
        "that runs no script).</p>"
    )


def _progress_html(done: int, total: int, label: str) -> str:
    percent = round(100 * done / total, 1) if total else 0.0
    return (
        f'<div class="report-progress" role="progressbar" aria-label="{escape(label)}" '
        f'aria-valuemin="0" aria-valuemax="{total}" aria-valuenow="{done}">'
        f'<span class="report-progress__bar" style="width: {percent}%"></span></div>'
    )


def _cards_html(result: Result) -> str:
    template = result.template
    cards = []
    if template is not None:
        cards.append(_card_html("Template", template.generation, f"<p>{template.question_count} questions</p>"))
    for section, (done, total) in result.checklist_by_section().items():
        cards.append(
            _card_html("Checklist", f"{section}: {done}/{total}", _progress_html(done, total, f"{section} checklist"))
        )
    if not cards:
        return ""
    items = "".join(f"<li>{card}</li>" for card in cards)
    return f'<div class="grid cards report-cards"><ul>{items}</ul></div>'


def _card_html(label: str, value: str, extra: str) -> str:
    return f'<p class="report-card__label">{escape(label)}</p><p class="report-card__value">{escape(value)}</p>{extra}'


def _image_problems_html(problems: list[ImageProblem]) -> str:
    if not problems:
        return ""
    items = "".join(f"<li><code>{escape(problem.source)}</code>: {escape(problem.reason)}</li>" for problem in problems)
    return (
        '<div class="admonition warning report-images-not-embedded">'
        '<p class="admonition-title">Images shown as written, not embedded</p>'
        f"<ul>{items}</ul></div>"
    )


def _question_table_html(result: Result, anchors: dict[int, str]) -> str:
    """Every question's counts and status, folded away while something fails: the list above says what to fix."""
    rows = "".join(_question_row_html(question, anchors.get(question.number)) for question in result.questions)
    failing = result.total - result.passed
    opened = "" if failing else " open"
    return (
        f'<details class="report-table"{opened}><summary>All {result.total} questions: {result.passed} pass'
        f"{f', {failing} fail' if failing else ''}</summary><table><thead><tr><th>Question</th><th>Words</th>"
        f"<th>Images</th><th>Status</th></tr></thead><tbody>{rows}</tbody></table></details>"
    )


def _question_row_html(question: Question, anchor: str | None) -> str:
    name = f"Question {question.number}"
    link = f'<a href="#{escape(anchor)}">{name}</a>' if anchor else name
    words = _count_html(question.words, question.constraints.words, question.present)
    images = _count_html(question.rendered_images, question.constraints.images, question.present)
    return (
        f'<tr class="report-row report-row--{question.status.kind}" data-question="{question.number}">'
        f'<td>{link}</td><td data-label="Words">{words}</td><td data-label="Images">{images}</td>'
        f'<td class="report-status">{badge_html(question)}</td></tr>'
    )


def _count_html(count: int, limits: Range | None, present: bool) -> str:
    if not present:
        return "—"
    if limits is None:
        return str(count)
    outside = "" if count in limits else ' class="report-out-of-range"'
    return f"<span{outside}>{count} / {limits}</span>"


def _summary_row(question: Question, cell: str) -> str:
    kind, label = question.status.kind, question.status.label
    colour = {"pass": "#1b7f3b", "warn": "#8a5a00", "fail": "#c62828"}[kind]
    message = question.findings[0].message if question.findings else ""
    words = _plain_count(question.words, question.constraints.words)
    images = _plain_count(question.rendered_images, question.constraints.images)
    return (
        f'<tr><td style="{cell}">{question.number}</td><td style="{cell}">{words}</td>'
        f'<td style="{cell}">{images}</td><td style="{cell}color:{colour};font-weight:600">'
        f'{escape(label)}</td><td style="{cell}">{escape(message)}</td></tr>'
    )


def _plain_count(count: int, limits: Range | None) -> str:
    return f"{count} / {limits}" if limits else str(count)


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


_SNIPPET = re.compile(r"!?\[[^\]\n]{0,200}\]\([^)\s]{1,300}\)")
"""Markdown a message tells the student to write (``![description](figures/name.png)``): shown as code."""


def message_html(message: str) -> str:
    """A finding's message, escaped, with the markdown it quotes set as code (``report-snippet``), which the
    stylesheet keeps on one line: an image's ``!`` is never left at the end of a line, away from its ``[``."""
    parts, last = [], 0
    for match in _SNIPPET.finditer(message):
        parts += [escape(message[last : match.start()]), f'<code class="report-snippet">{escape(match[0])}</code>']
        last = match.end()
    return "".join(parts) + escape(message[last:])
