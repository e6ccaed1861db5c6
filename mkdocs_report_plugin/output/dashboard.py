"""The markup we write around a student's page: status badges, findings as admonitions, the dashboard
on top, and the compact table a notebook shows. Every piece of student text goes through :func:`escape`.
"""

from __future__ import annotations

import html
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


def findings_html(result: Result, findings: list[Finding], number: int | None) -> str:
    items = "".join(
        _admonition_html(result.display_path, finding) for finding in sorted(findings, key=lambda f: f.line)
    )
    data = f' data-question="{number}"' if number is not None else ""
    return f'<div class="report-findings"{data}>{items}</div>'


_ADMONITIONS = {"error": ("failure", "Problem"), "warning": ("warning", "Warning"), "info": ("info", "Note")}
"""A finding's severity -> the Material admonition and the title it is shown with."""


def _admonition_html(display_path: str, finding: Finding) -> str:
    """A Material admonition titled ``path:line``, the place to fix in the source."""
    kind, title = _ADMONITIONS[finding.severity]
    where = f" at {escape(display_path)}:{finding.line}" if finding.line else f" in {escape(display_path)}"
    return (
        f'<div class="admonition {kind} report-finding" data-rule="{escape(finding.rule)}">'
        f'<p class="admonition-title">{title}{where}</p>'
        f'<p>{escape(finding.message)} <code class="report-rule">{escape(finding.rule)}</code></p>'
        "</div>"
    )


def dashboard_html(
    result: Result,
    anchors: dict[int, str],
    general: list[Finding],
    image_problems: list[ImageProblem],
    handin_url: str | None = None,
) -> str:
    if not result.is_report:
        parts = [_not_template_html(result), findings_html(result, general, None) if general else ""]
    else:
        parts = [
            _score_html(result),
            _spec_html(result),
            _ignored_html(result),
            _relevelled_html(result),
            _handin_link_html(handin_url),
            _cards_html(result),
            findings_html(result, general, None) if general else "",
            _image_problems_html(image_problems),
            _question_table_html(result, anchors),
        ]
    return '<div class="report-dashboard" role="region" aria-label="Report check">' + "".join(parts) + "</div>"


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
        f'<p class="report-handin"><a href="{escape(url)}">Open the hand-in as the teacher will see it</a>'
        ": the page the course's <code>report.py html</code> makes of this report, which the teacher "
        "grades, exactly as the course makes it; raw HTML in it is not made safe.</p>"
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
    findings = result.findings
    errors = sum(1 for finding in findings if finding.severity == "error")
    warnings = sum(1 for finding in findings if finding.severity == "warning")
    cards = [
        _card_html(
            "Findings", f"{errors} problem{'s' * (errors != 1)}", f"<p>{warnings} warning{'s' * (warnings != 1)}</p>"
        )
    ]
    if template is not None:
        cards.append(_card_html("Template", template.generation, f"<p>{template.question_count} questions</p>"))
    for section, (done, total) in result.checklist_by_section().items():
        cards.append(
            _card_html("Checklist", f"{section}: {done}/{total}", _progress_html(done, total, f"{section} checklist"))
        )
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
    rows = "".join(_question_row_html(question, anchors.get(question.number)) for question in result.questions)
    return (
        '<div class="report-table"><table><thead><tr><th>Question</th><th>Words</th>'
        f"<th>Images</th><th>Status</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _question_row_html(question: Question, anchor: str | None) -> str:
    kind, label = question.status.kind, question.status.label
    name = f"Question {question.number}"
    link = f'<a href="#{escape(anchor)}">{name}</a>' if anchor else name
    words = _count_html(question.words, question.constraints.words, question.present)
    images = _count_html(question.rendered_images, question.constraints.images, question.present)
    return (
        f'<tr class="report-row report-row--{kind}" data-question="{question.number}">'
        f"<td>{link}</td><td>{words}</td><td>{images}</td>"
        f'<td><span class="report-badge report-badge--{kind}">{escape(label)}</span></td></tr>'
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
