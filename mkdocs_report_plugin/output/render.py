"""The report page's decoration: a dashboard, status badges and findings added to the HTML Python-Markdown made.

One module serves every front-end (the MkDocs plugin, a Python-Markdown extension, the
standalone page), so it imports nothing from MkDocs: it takes a :class:`Result` and HTML
that Python-Markdown produced from ``result.text`` and only *adds* markup to it.

The student's page is made inert first (:mod:`.sanitise`); only after it is our own markup
(:mod:`.dashboard`) put in (:class:`_Slots`), so nothing of ours is ever sanitised away.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag

from mkdocs_report_plugin.model.report import Finding, Result
from mkdocs_report_plugin.output.dashboard import ImageProblem, badge_html, dashboard_html, findings_html
from mkdocs_report_plugin.output.sanitise import neutralise_active_content, parse_html, sanitise
from mkdocs_report_plugin.reading.template import QUESTION_HEADING

__all__ = ["decorate_page", "decorated_html"]

_TASK_MARK = re.compile(r"\s*\[([ xX])\]\s?")


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


def decorate_page(
    result: Result,
    html: str,
    *,
    annotate: bool = True,
    dashboard: bool = True,
    handin_url: str | None = None,
    edit: Callable[[BeautifulSoup], None] | None = None,
    rules_href: str | None = None,
) -> str:
    """Return the report page's HTML with a dashboard, status badges and findings added.

    ``html`` is what Python-Markdown made of ``result.text``. Nothing of the student's
    text is removed. When the
    hand-in (what the course's ``report.py html`` makes of the report) is published too,
    ``handin_url`` points to it and the dashboard links to it. ``edit`` changes the parsed
    page first (the plugin's placeholders for missing files), so the page is parsed once. ``rules_href`` + a rule's
    id is its entry in the rules reference, where the page's rule ids link.
    """
    soup = parse_html(html)
    if edit is not None:
        edit(soup)
    neutralise_active_content(soup)
    return decorated_html(
        soup, result, annotate=annotate, dashboard=dashboard, handin_url=handin_url, rules_href=rules_href
    )


def decorated_html(
    soup: BeautifulSoup,
    result: Result,
    *,
    annotate: bool = True,
    dashboard: bool = True,
    image_problems: list[ImageProblem] | None = None,
    handin_url: str | None = None,
    rules_href: str | None = None,
) -> str:
    """The page (already parsed, its active content shown as text) sanitised, with our markup put in.

    ``image_problems`` are the images the standalone page could not embed, listed in the dashboard."""
    slots = _Slots()
    problems = image_problems or []
    _decorate(soup, result, slots, annotate=annotate, dashboard=dashboard, image_problems=problems,
              handin_url=handin_url, rules_href=rules_href)  # fmt: skip
    return slots.fill(sanitise(str(soup)))


def _decorate(
    soup: BeautifulSoup,
    result: Result,
    slots: _Slots,
    *,
    annotate: bool,
    dashboard: bool,
    image_problems: list[ImageProblem],
    handin_url: str | None = None,
    rules_href: str | None = None,
) -> None:
    headings = _question_headings(soup)
    heading_ids = set(map(id, headings.values()))
    _render_task_lists(soup, slots)
    for number, heading in headings.items():
        question = result.question(number)
        if question is None:
            continue
        _append_to_heading(heading, slots.hold(badge_html(question)))
        if annotate and question.findings:
            _place_after_answer(
                heading,
                heading_ids,
                slots.hold(findings_html(result, question.findings, question.number, rules_href=rules_href)),
            )
    if dashboard:
        anchors = {number: str(heading.get("id")) for number, heading in headings.items()}
        general = _general_findings(result, set(headings))
        board = dashboard_html(result, anchors, general, image_problems, handin_url, rules_href=rules_href)
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
