"""Every piece of HTML the project makes from a checked report.

One module serves every front-end (the MkDocs plugin, a Python-Markdown extension, the
CLI, Jupyter), so it imports nothing from MkDocs: it takes a :class:`Result` and HTML
that Python-Markdown produced from ``result.text`` and only *adds* markup to it.

Hand-ins are untrusted: teachers publish many students' reports on one site. Student
text that we insert ourselves is always escaped. Raw HTML the student wrote that could run
code (scripts, event handlers, ``javascript:`` URLs) is shown as text where our parser sees
it, so not a word is lost; then the student's page goes through an allow-list sanitiser
that reads HTML as browsers do (nh3: ammonia on html5ever), and only after it is our own
markup put in (:class:`_Slots`), so nothing of ours is ever sanitised away.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nh3
from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag
from markdown.extensions import Extension

from mkdocs_report_plugin.model.report import Finding, Question, Range, Result, is_remote_target
from mkdocs_report_plugin.output.defused_markdown import RestoreMarks
from mkdocs_report_plugin.reading.defuse import defuse_page, restore
from mkdocs_report_plugin.reading.handin import python_markdown
from mkdocs_report_plugin.reading.parse import front_matter_length
from mkdocs_report_plugin.reading.repository import RefusedFile, read_limited
from mkdocs_report_plugin.reading.template import QUESTION_HEADING

__all__ = ["decorate_page", "escape", "parse_html", "standalone_html", "summary_table_html"]

_TASK_MARK = re.compile(r"\s*\[([ xX])\]\s?")

# Elements that run code, change how the page loads, or that the sanitiser drops with their
# text (MathML, forms, SVG's animation and reference elements); shown as text instead.
_ACTIVE_ELEMENTS = (
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "style",
    "noscript",
    "template",
    "form",
    "math",
    "animate",
    "animatemotion",
    "animatetransform",
    "set",
    "use",
    "image",
    "foreignobject",
)
_UNSAFE_URL_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application")

_STANDALONE_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html"]


@dataclass(frozen=True)
class _ImageProblem:
    """An image the standalone page could not embed, and why, in words for the student."""

    source: str
    reason: str


class _IdentityTag(Tag):
    """A tag equal only to itself.

    bs4 compares tags by their whole subtree, and its serialiser compares a node's parent
    with the open tag: on quotes nested hundreds deep that comparison recurses once per
    level and ends in RecursionError. Decoration never needs structural equality.
    """

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other

    __hash__ = object.__hash__


_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)")


def parse_html(html: str) -> BeautifulSoup:
    """The one way this package reads HTML (see :class:`_IdentityTag`).

    ``<![`` other than ``<![CDATA[`` (a student's ``<![alt](a.png)``) makes Python's HTML
    parser give up on the whole page; it is escaped so that it shows as the text it is.
    """
    return BeautifulSoup(_MARKED_SECTION.sub("&lt;![", html), "html.parser", element_classes={Tag: _IdentityTag})


class _Slots:
    """Plugin-made markup, held aside and put into the page when it is written out.

    Parsing every badge and admonition with BeautifulSoup cost most of the decoration's
    time; instead the tree gets a text marker that nobody can guess (a random token per
    page), and the serialised page has each marker replaced by its markup.
    """

    def __init__(self) -> None:
        self._token = secrets.token_hex(8)
        self._markup: list[str] = []
        self._marker = re.compile(f"report-slot-{self._token}-(\\d+)-")

    def hold(self, markup: str) -> NavigableString:
        self._markup.append(markup)
        return NavigableString(f"report-slot-{self._token}-{len(self._markup) - 1}-")

    def fill(self, html: str) -> str:
        return self._marker.sub(lambda match: self._markup[int(match.group(1))], html)


# --------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------


def decorate_page(
    result: Result,
    html: str,
    *,
    annotate: bool = True,
    dashboard: bool = True,
    handin_url: str | None = None,
    edit: Callable[[BeautifulSoup], None] | None = None,
) -> str:
    """Return the report page's HTML with a dashboard, status badges and findings added.

    ``html`` is what Python-Markdown made of ``result.text``. Nothing of the student's
    text is removed. When the
    hand-in (what the course's ``report.py html`` makes of the report) is published too,
    ``handin_url`` points to it and the dashboard links to it. ``edit`` changes the parsed
    page first (the plugin's placeholders for missing files), so the page is parsed once.
    """
    soup = parse_html(html)
    if edit is not None:
        edit(soup)
    _neutralise_active_content(soup)
    slots = _Slots()
    _decorate(soup, result, slots, annotate=annotate, dashboard=dashboard, image_problems=[], handin_url=handin_url)
    return slots.fill(_sanitise(str(soup)))


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


def standalone_html(result: Result, *, embed_images: bool = True) -> str:
    """A complete HTML document of the report that needs no other file and no network.

    Raises :class:`~.handin.NestedTooDeep` on text nested too deeply for Python-Markdown.

    Local images are embedded as ``data:`` URIs when ``embed_images`` is true; only files
    inside the report's folder tree are ever read. Images that cannot be embedded stay
    as written and are listed in the dashboard.
    """
    lines = result.text.split("\n")
    front = front_matter_length(lines)
    extensions, configs = _markdown_extensions()
    page = defuse_page("\n".join(lines[front:]), front + 1)
    body = restore(python_markdown(page, extensions=extensions, extension_configs=configs))
    soup = parse_html(body)
    _neutralise_active_content(soup)
    problems = _embed_images(soup, _report_folder(result)) if embed_images else []
    slots = _Slots()
    _decorate(soup, result, slots, annotate=True, dashboard=True, image_problems=problems)
    styles = _asset("report.css") + "\n" + _asset("standalone.css")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Exam report — {escape(result.display_path)}</title>\n"
        f"<style>\n{styles}\n</style>\n</head>\n<body>\n"
        f'<main class="md-typeset">\n{slots.fill(_sanitise(str(soup)))}\n</main>\n</body>\n</html>\n'
    )


# --------------------------------------------------------------------------------------
# Page decoration
# --------------------------------------------------------------------------------------


def _decorate(
    soup: BeautifulSoup,
    result: Result,
    slots: _Slots,
    *,
    annotate: bool,
    dashboard: bool,
    image_problems: list[_ImageProblem],
    handin_url: str | None = None,
) -> None:
    headings = _question_headings(soup)
    heading_ids = set(map(id, headings.values()))
    _render_task_lists(soup, slots)
    for number, heading in headings.items():
        question = result.question(number)
        if question is None:
            continue
        _append_to_heading(heading, slots.hold(_badge_html(question)))
        if annotate and question.findings:
            _place_after_answer(
                heading, heading_ids, slots.hold(_findings_html(result, question.findings, question.number))
            )
    if dashboard:
        anchors = {number: str(heading.get("id")) for number, heading in headings.items()}
        general = _general_findings(result, set(headings))
        board = _dashboard_html(result, anchors, general, image_problems, handin_url)
        _insert_on_top(soup, slots.hold(board))


def _question_headings(soup: BeautifulSoup) -> dict[int, Tag]:
    """The first ``<h2>``/``<h3>`` whose text starts with "Question N", per N.

    Headings without an id get :func:`_anchor`'s, so the dashboard can always link to them.
    """
    found: dict[int, Tag] = {}
    taken_ids = {str(tag["id"]) for tag in soup.find_all(id=True)}
    for heading in soup.find_all(["h2", "h3"]):
        match = QUESTION_HEADING.match(heading.get_text())
        if not match or int(match.group(1)) in found:
            continue
        number = int(match.group(1))
        found[number] = heading
        if not heading.get("id") and _anchor(number) not in taken_ids:
            heading["id"] = _anchor(number)
            taken_ids.add(_anchor(number))
    return found


def _anchor(number: int) -> str:
    """The id Python-Markdown's toc extension gives the heading ``Question N``."""
    return f"question-{number}"


def _append_to_heading(heading: Tag, badge: NavigableString) -> None:
    """Put the badge after the heading's text but before a toc permalink (``¶``)."""
    permalink = heading.find("a", class_="headerlink", recursive=False)
    if permalink is None:
        heading.append(" ")
        heading.append(badge)
    else:
        permalink.insert_before(" ")
        permalink.insert_before(badge)


def _place_after_answer(heading: Tag, question_heading_ids: set[int], fragment: NavigableString) -> None:
    """Insert right before the next question's heading or the next h1/h2: after the answer."""
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h1", "h2") or id(sibling) in question_heading_ids:
            sibling.insert_before(fragment)
            return
    if heading.parent is not None:
        heading.parent.append(fragment)


def _insert_on_top(soup: BeautifulSoup, fragment: NavigableString) -> None:
    """The dashboard goes first, or right after the page's leading ``<h1>`` title."""
    first = next((node for node in soup.contents if isinstance(node, Tag)), None)
    if first is not None and first.name == "h1":
        first.insert_after(fragment)
    else:
        soup.insert(0, fragment)


def _general_findings(result: Result, headed: set[int]) -> list[Finding]:
    """Findings with no question on the page: about the whole report or a missing heading."""
    general = list(result.general)
    for question in result.questions:
        if question.number not in headed:
            general.extend(question.findings)
    return sorted(general, key=lambda finding: finding.line)


def _render_task_lists(soup: BeautifulSoup, slots: _Slots) -> None:
    """Turn ``[ ]``/``[x]`` left as text in list items into Material task-list checkboxes."""
    for item in soup.find_all("li"):
        holder = _text_holder(item)
        first = holder.contents[0] if holder.contents else None
        if not isinstance(first, NavigableString) or isinstance(first, Comment):
            continue
        match = _TASK_MARK.match(first)
        if match is None:
            continue
        checked = " checked" if match.group(1) in "xX" else ""
        first.replace_with(" " + first[match.end() :])
        holder.insert(
            0,
            slots.hold(
                f'<label class="task-list-control"><input type="checkbox" disabled{checked}/>'
                '<span class="task-list-indicator"></span></label>'
            ),
        )
        _add_class(item, "task-list-item")
        if item.parent is not None and item.parent.name in ("ul", "ol"):
            _add_class(item.parent, "task-list")


def _text_holder(item: Tag) -> Tag:
    """The element whose first text is the item's text: the item, or its first <p> (loose list)."""
    first = next((node for node in item.contents if not _is_blank(node)), None)
    return first if isinstance(first, Tag) and first.name == "p" else item


def _is_blank(node: object) -> bool:
    return isinstance(node, NavigableString) and not node.strip()


def _add_class(tag: Tag, name: str) -> None:
    classes = tag.get_attribute_list("class")
    if name not in classes:
        tag["class"] = " ".join([*filter(None, classes), name])


# --------------------------------------------------------------------------------------
# Markup we write (every piece of student text goes through escape)
# --------------------------------------------------------------------------------------


def _badge_html(question: Question) -> str:
    status = question.status
    return f'<span class="report-badge report-badge--{status.kind}">{escape(status.label)}</span>'


def _findings_html(result: Result, findings: list[Finding], number: int | None) -> str:
    items = "".join(
        _admonition_html(result.display_path, finding) for finding in sorted(findings, key=lambda f: f.line)
    )
    data = f' data-question="{number}"' if number is not None else ""
    return f'<div class="report-findings"{data}>{items}</div>'


def _admonition_html(display_path: str, finding: Finding) -> str:
    """A Material admonition titled ``path:line``, the place to fix in the source."""
    kind = "failure" if finding.severity == "error" else "warning"
    title = "Problem" if finding.severity == "error" else "Warning"
    where = f" at {escape(display_path)}:{finding.line}" if finding.line else f" in {escape(display_path)}"
    return (
        f'<div class="admonition {kind} report-finding" data-rule="{escape(finding.rule)}">'
        f'<p class="admonition-title">{title}{where}</p>'
        f'<p>{escape(finding.message)} <code class="report-rule">{escape(finding.rule)}</code></p>'
        "</div>"
    )


def _dashboard_html(
    result: Result,
    anchors: dict[int, str],
    general: list[Finding],
    image_problems: list[_ImageProblem],
    handin_url: str | None = None,
) -> str:
    if not result.is_report:
        parts = [_not_template_html(result), _findings_html(result, general, None) if general else ""]
    else:
        parts = [
            _score_html(result),
            _spec_html(result),
            _handin_link_html(handin_url),
            _cards_html(result),
            _findings_html(result, general, None) if general else "",
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
    warnings = len(findings) - errors
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


def _image_problems_html(problems: list[_ImageProblem]) -> str:
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


# --------------------------------------------------------------------------------------
# Untrusted HTML from the student
# --------------------------------------------------------------------------------------


# What a report page needs from Python-Markdown, Material and pymdownx: text markup, tables,
# admonitions, details, footnotes, highlighted code, task-list and tab inputs, images, links,
# and the inert part of SVG (the icons pymdownx.emoji writes inline). No MathML, no forms.
_SAFE_TAGS = frozenset(nh3.ALLOWED_TAGS) | {
    "input",
    "label",
    "svg",
    "g",
    "path",
    "circle",
    "ellipse",
    "line",
    "polygon",
    "polyline",
    "rect",
}
_SAFE_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "scope", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "input": {"checked", "disabled", "name"},
    "label": {"for"},
    "details": {"open"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite"},
    "ins": {"cite"},
    "div": {"data-tabs"},
    "svg": {"xmlns", "viewBox", "width", "height", "fill"},
    "path": {"d", "fill", "fill-rule", "clip-rule"},
    "g": {"fill", "transform"},
    "circle": {"cx", "cy", "r", "fill"},
    "ellipse": {"cx", "cy", "rx", "ry", "fill"},
    "line": {"x1", "y1", "x2", "y2"},
    "polygon": {"points", "fill"},
    "polyline": {"points", "fill"},
    "rect": {"x", "y", "width", "height", "rx", "ry", "fill"},
}
_SAFE_URL_SCHEMES = {"http", "https", "mailto", "data"}
_URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "cite",
        "action",
        "formaction",
        "poster",
        "srcset",
        "background",
        "xlink:href",
        "data",
        "ping",
        "longdesc",
        "usemap",
    }
)
_IMAGE_DATA_URI = re.compile(r"data:image/(png|jpe?g|gif|webp|avif|bmp|svg\+xml)[;,]")


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """The attribute's value, or None to drop it: ``data:`` URLs only as an image's ``src``.

    nh3 already keeps only http(s), mailto, data and relative URLs; an image's data URL
    is inert (an image runs no script), a ``data:`` page behind a link would not be.
    """
    if attribute.lower() not in _URL_ATTRIBUTES:
        return value
    squashed = "".join(char for char in value if char > " ").lower()
    if not squashed.startswith("data:"):
        return value
    return value if element == "img" and attribute == "src" and _IMAGE_DATA_URI.match(squashed) else None


_SANITISER = nh3.Cleaner(
    tags=set(_SAFE_TAGS),
    attributes=_SAFE_ATTRIBUTES,
    attribute_filter=_keep_attribute,
    url_schemes=_SAFE_URL_SCHEMES,
    tag_attribute_values={"input": {"type": {"checkbox", "radio"}}},
    filter_style_properties={"text-align"},
    link_rel=None,
)


def _sanitise(html: str) -> str:
    """The student's page with only inert markup left, read as a browser reads it.

    Python's ``html.parser`` (behind BeautifulSoup) ends ``<!-->`` and ``<![CDATA[>`` where
    browsers do not, so it cannot be the judge of what a browser runs; html5ever (Servo's
    HTML5 parser, behind nh3) follows the HTML standard's parsing algorithm. Elements and
    attributes outside the allow-list go, with the text of the elements kept. A lone
    surrogate (only ``check_text`` can be given one) cannot be written as UTF-8, nor given
    to nh3: it is shown as U+FFFD, as a browser shows any character it cannot decode.
    """
    return _SANITISER.clean(_LONE_SURROGATE.sub("\ufffd", html))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _neutralise_active_content(soup: BeautifulSoup) -> None:
    """Show raw HTML that could run code as text, so the student sees what they wrote.

    That is a script-like element, or any element with an event handler or a
    ``javascript:``-like URL (``<img src=x onerror=...>``, ``[a](javascript:...)``):
    it is replaced by its own source in a ``<code>``, so no word is lost. Inside SVG the
    whole ``<svg>`` is shown: a ``<code>`` there would end the SVG for a browser, and the
    SVG's text after it would be lost.
    """
    for element in soup.find_all(_is_active):
        shown_element = _outermost_svg(element) or element
        if shown_element.parent is None:  # already shown as text with its <svg>
            continue
        shown = soup.new_tag("code", attrs={"class": "report-inert-html"})
        shown.string = str(shown_element)
        shown_element.replace_with(shown)


def _outermost_svg(element: Tag) -> Tag | None:
    svgs = element.find_parents("svg")
    return svgs[-1] if svgs else None


def _is_active(tag: Tag) -> bool:
    return tag.name in _ACTIVE_ELEMENTS or any(_is_unsafe(name, value) for name, value in tag.attrs.items())


def _is_unsafe(name: str, value: object) -> bool:
    if name.lower().startswith("on") or name.lower() == "srcdoc":
        return True
    text = " ".join(value) if isinstance(value, list) else str(value)
    squashed = "".join(char for char in text if char > " ").lower()
    return squashed.startswith(_UNSAFE_URL_SCHEMES)


# --------------------------------------------------------------------------------------
# Standalone document
# --------------------------------------------------------------------------------------


def _markdown_extensions() -> tuple[list[str | Extension], dict[str, dict[str, object]]]:
    """The course's extensions, with pymdownx's fences and task lists when installed, and their settings;
    ``RestoreMarks`` puts defused text back before the table of contents is made."""
    extensions: list[str | Extension] = [*_STANDALONE_EXTENSIONS, RestoreMarks()]
    configs: dict[str, dict[str, object]] = {}
    if find_spec("pymdownx") and all(find_spec(name) for name in ("pymdownx.superfences", "pymdownx.tasklist")):
        extensions[extensions.index("fenced_code")] = "pymdownx.superfences"
        extensions.append("pymdownx.tasklist")
        configs["pymdownx.tasklist"] = {"custom_checkbox": True}
    return extensions, configs


def _report_folder(result: Result) -> Path | None:
    if result.path is None:
        return None
    return result.path if result.path.is_dir() else result.path.parent


def _embed_images(soup: BeautifulSoup, folder: Path | None) -> list[_ImageProblem]:
    problems: list[_ImageProblem] = []
    for image in soup.find_all("img"):
        source = str(image.get("src") or "")
        if not source or source.startswith("data:"):
            continue
        data_uri = None
        if is_remote_target(source):
            reason = "a web address; the page needs the network to show it"
        elif folder is None:
            reason = "the report has no folder to read images from"
        else:
            data_uri, reason = _read_image(folder, source)
        if data_uri is None:
            problems.append(_ImageProblem(source, reason))
        else:
            image["src"] = data_uri
    return problems


def _read_image(folder: Path, source: str) -> tuple[str | None, str]:
    """(data URI, "") for a readable image inside ``folder``'s tree, else (None, reason)."""
    root = folder.resolve()
    target = (root / unquote(urlsplit(source).path)).resolve()
    if not target.is_relative_to(root):
        return None, "outside the report's folder, so it is not read"
    mime, _ = mimetypes.guess_type(target.name)
    if mime is None or not mime.startswith("image/"):
        return None, "not an image file (use .png, .jpg or .jpeg)"
    try:
        data = read_limited(target)  # a regular file of at most 20 MB: never a pipe, a device or a 2 GB file
    except FileNotFoundError:
        return None, "file not found"
    except OSError as error:
        refused = error.strerror if isinstance(error, RefusedFile) else None
        return None, refused or "file could not be read"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}", ""


def _asset(name: str) -> str:
    return (resources.files("mkdocs_report_plugin") / "assets" / name).read_text(encoding="utf-8")
