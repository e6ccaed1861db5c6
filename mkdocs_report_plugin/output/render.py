"""The report page's decoration: a dashboard, status badges and findings added to the page Python-Markdown made.

One module serves every front-end (the MkDocs plugin and Zensical through the page extension,
:mod:`.page_extension`, and the standalone page), so it imports nothing from MkDocs: it takes a
:class:`Result` and the element tree Python-Markdown made of ``result.text`` and only *adds* to it.

The student's page is made inert first (:mod:`.sanitise`); only after it is our own markup
(:mod:`.dashboard`) put in (:class:`Slots`), so nothing of ours is ever sanitised away.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from xml.etree.ElementTree import Element

from mkdocs_report_plugin.model.report import Finding, Result
from mkdocs_report_plugin.output.dashboard import ImageProblem, badge_html, dashboard_html, findings_html
from mkdocs_report_plugin.output.html_tree import parse_fragment, write_children
from mkdocs_report_plugin.output.page_ids import PageIds
from mkdocs_report_plugin.output.sanitise import neutralise_active_content, sanitise
from mkdocs_report_plugin.reading.template import QUESTION_HEADING

__all__ = ["Slots", "decorate_page", "decorate_tree"]

_TASK_MARK = re.compile(r"\[([ xX])\]\s?")
"""Matched at the start of a list item's text, its leading white space stripped first (no backtracking)."""


class Slots:
    """Our markup, held aside and put into the page once the page is sanitised.

    The tree gets a text marker that nobody can guess (a random token per page), and the
    sanitised page has each marker replaced by its markup: nothing of ours is parsed, and
    nothing of ours is sanitised away.
    """

    def __init__(self) -> None:
        self._token = secrets.token_hex(8)
        self._markup: list[str] = []

    def hold(self, markup: str) -> str:
        self._markup.append(markup)
        return f"report-slot-{self._token}-{len(self._markup) - 1}-"

    def empty(self) -> None:
        """Fill every marker with nothing: the decoration failed halfway."""
        self._markup = ["" for _ in self._markup]

    def fill(self, html: str) -> str:
        if not self._markup:
            return html
        marker = re.compile(f"report-slot-{self._token}-(\\d+)-")
        return marker.sub(lambda match: self._markup[int(match.group(1))], html)


def decorate_page(
    result: Result,
    html: str,
    *,
    annotate: bool = True,
    dashboard: bool = True,
    handin_url: str | None = None,
    edit: Callable[[Element], None] | None = None,
    rules_href: str | None = None,
) -> str:
    """Return HTML made elsewhere of ``result.text`` with a dashboard, status badges and findings added.

    The site and the standalone page never call it: they decorate the tree while Python-Markdown
    makes it (:mod:`.page_extension`). This reads the HTML once with Python's ``html.parser``
    (for a notebook, a test, a tool that holds rendered HTML). Nothing of the student's text is
    removed. ``handin_url`` points to the course's hand-in published next to the page;
    ``edit`` changes the tree first. ``rules_href`` + a rule's id is its entry in the rules reference,
    where the page's rule ids link. The headings' ids are taken for ``toc``'s and kept (but those a theme
    looks up); every other id gets the ``user-content-`` prefix (:mod:`.page_ids`).
    """
    root = parse_fragment(html)
    if edit is not None:
        edit(root)
    ids = PageIds()
    ids.prefix_ids(root, keep=lambda element: element.tag in _HEADINGS)
    ids.rename_theme_ids(root)
    neutralise_active_content(root)
    slots = Slots()
    decorate_tree(
        root, result, slots, annotate=annotate, dashboard=dashboard, handin_url=handin_url, rules_href=rules_href
    )
    ids.keep_ids(root)
    return slots.fill(sanitise(write_children(root), ids))


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def decorate_tree(
    root: Element,
    result: Result,
    slots: Slots,
    *,
    annotate: bool = True,
    dashboard: bool = True,
    image_problems: list[ImageProblem] | None = None,
    handin_url: str | None = None,
    rules_href: str | None = None,
) -> None:
    """Add the task lists' checkboxes, the badges, the findings after each answer and the dashboard to the tree.

    ``image_problems`` are the images the page could not embed, listed in the dashboard."""
    headings = _question_headings(root)
    heading_ids = set(map(id, headings.values()))
    _render_task_lists(root, slots)
    parents = {child: parent for parent in root.iter() for child in parent}
    for number, heading in headings.items():
        question = result.question(number)
        if question is None:
            continue
        _append_to_heading(heading, slots.hold(badge_html(question)))
        if annotate and question.findings:
            markup = findings_html(result, question.findings, question.number, rules_href=rules_href)
            _place_after_answer(heading, parents.get(heading, root), heading_ids, slots.hold(markup))
    if dashboard:
        anchors = {number: str(heading.get("id")) for number, heading in headings.items()}
        general = _general_findings(result, set(headings))
        board = dashboard_html(result, anchors, general, image_problems or [], handin_url, rules_href=rules_href)
        _insert_on_top(root, slots.hold(board))


def _question_headings(root: Element) -> dict[int, Element]:
    """The first ``<h2>``/``<h3>`` whose text starts with "Question N", per N.

    Headings without an id get :func:`_anchor`'s, so the dashboard can always link to them.
    """
    found: dict[int, Element] = {}
    taken_ids = {str(element.get("id")) for element in root.iter() if element.get("id")}
    for heading in root.iter():
        if heading.tag not in ("h2", "h3"):
            continue
        match = QUESTION_HEADING.match("".join(heading.itertext()))
        if not match or int(match.group(1)) in found:
            continue
        number = int(match.group(1))
        found[number] = heading
        if not heading.get("id") and _anchor(number) not in taken_ids:
            heading.set("id", _anchor(number))
            taken_ids.add(_anchor(number))
    return found


def _anchor(number: int) -> str:
    """The id Python-Markdown's toc extension gives the heading ``Question N``."""
    return f"question-{number}"


def _append_to_heading(heading: Element, badge: str) -> None:
    """Put the badge after the heading's text but before a toc permalink (``¶``)."""
    children = list(heading)
    permalink = next(
        (index for index, child in enumerate(children) if child.tag == "a" and "headerlink" in child.get("class", "")),
        None,
    )
    before_badge = len(children) if permalink is None else permalink
    _add_text_after(heading, children[before_badge - 1] if before_badge else None, f" {badge}")


def _add_text_after(parent: Element, before: Element | None, text: str) -> None:
    if before is None:
        parent.text = (parent.text or "") + text
    else:
        before.tail = (before.tail or "") + text


def _place_after_answer(heading: Element, parent: Element, question_heading_ids: set[int], fragment: str) -> None:
    """Insert right before the next question's heading or the next h1/h2: after the answer."""
    siblings = list(parent)
    start = siblings.index(heading) + 1
    for index in range(start, len(siblings)):
        sibling = siblings[index]
        if sibling.tag in ("h1", "h2") or id(sibling) in question_heading_ids:
            _add_text_after(parent, siblings[index - 1], fragment)
            return
    _add_text_after(parent, siblings[-1], fragment)


def _insert_on_top(root: Element, fragment: str) -> None:
    """The dashboard goes first, or right after the page's leading ``<h1>`` title."""
    first = root[0] if len(root) and not (root.text or "").strip() else None
    if first is not None and first.tag == "h1":
        first.tail = fragment + (first.tail or "")
    else:
        root.text = fragment + (root.text or "")


def _general_findings(result: Result, headed: set[int]) -> list[Finding]:
    """Findings with no question on the page: about the whole report or a missing heading."""
    general = list(result.general)
    for question in result.questions:
        if question.number not in headed:
            general.extend(question.findings)
    return sorted(general, key=lambda finding: finding.line)


def _render_task_lists(root: Element, slots: Slots) -> None:
    """Turn ``[ ]``/``[x]`` left as text in list items into Material task-list checkboxes."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for item in [element for element in root.iter() if element.tag == "li"]:
        holder = _text_holder(item)
        text = (holder.text or "").lstrip()
        match = _TASK_MARK.match(text)
        if match is None:
            continue
        checked = " checked" if match.group(1) in "xX" else ""
        box = slots.hold(
            f'<label class="task-list-control"><input type="checkbox" disabled{checked}/>'
            '<span class="task-list-indicator"></span></label>'
        )
        holder.text = f"{box} {text[match.end() :]}"
        _add_class(item, "task-list-item")
        parent = parents.get(item)
        if parent is not None and parent.tag in ("ul", "ol"):
            _add_class(parent, "task-list")


def _text_holder(item: Element) -> Element:
    """The element whose first text is the item's text: the item, or its first <p> (loose list)."""
    if (item.text or "").strip() or not len(item):
        return item
    return item[0] if item[0].tag == "p" else item


def _add_class(element: Element, name: str) -> None:
    classes = element.get("class", "").split()
    if name not in classes:
        element.set("class", " ".join([*classes, name]))
