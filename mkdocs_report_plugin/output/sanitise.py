"""The student's HTML made inert: read once, active content shown as text, then an allow-list sanitiser.

Hand-ins are untrusted: teachers publish many students' reports on one site. Raw HTML the student
wrote that could run code (scripts, event handlers, ``javascript:`` URLs) is shown as text where our
parser sees it (:func:`neutralise_active_content` on the page's element tree, :func:`neutralise_fragment`
on the raw HTML Python-Markdown holds aside), so not a word is lost; then the page goes through an
allow-list sanitiser that reads HTML as browsers do (:func:`sanitise`: nh3, ammonia on html5ever), which
also gives the student's ids and names a prefix no theme looks up (:mod:`.page_ids`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any
from xml.etree.ElementTree import Element

import nh3

from mkdocs_report_plugin.output.html_tree import parse_fragment, write_children, write_element
from mkdocs_report_plugin.output.page_ids import PageIds

__all__ = ["ACTIVE_ELEMENTS", "neutralise_active_content", "neutralise_fragment", "sanitise", "sanitise_toc"]

# Elements that run code, change how the page loads, or that the sanitiser drops with their
# text (MathML, forms, SVG's animation and reference elements); shown as text instead.
ACTIVE_ELEMENTS = (
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


@functools.lru_cache(maxsize=1)
def _cleaner(ids: PageIds) -> nh3.Cleaner:
    """The allow-list, with ``ids`` deciding each ``id``, ``name``, ``for``, in-page link and ``title``: made once
    per page (its body and every heading of its table of contents share it), as making one costs ~35 µs."""

    def attribute_filter(element: str, attribute: str, value: str) -> str | None:
        kept = _keep_attribute(element, attribute, value)
        return None if kept is None else ids.attribute(element, attribute, kept)

    return nh3.Cleaner(
        tags=set(_SAFE_TAGS),
        attributes=_SAFE_ATTRIBUTES,
        attribute_filter=attribute_filter,
        url_schemes=_SAFE_URL_SCHEMES,
        tag_attribute_values={"input": {"type": {"checkbox", "radio"}}},
        filter_style_properties={"text-align"},
        link_rel=None,
    )


def sanitise(html: str, ids: PageIds) -> str:
    """The student's page with only inert markup left, read as a browser reads it.

    Python's ``html.parser`` (behind :mod:`.html_tree`) ends ``<!-->`` and ``<![CDATA[>`` where
    browsers do not, so it cannot be the judge of what a browser runs; html5ever (Servo's
    HTML5 parser, behind nh3) follows the HTML standard's parsing algorithm. Elements and
    attributes outside the allow-list go, with the text of the elements kept. Every ``id`` and
    ``name`` gets the ``user-content-`` prefix but those ``ids`` keeps, in-page links follow, and every
    ``title`` reads as text even where a theme reads it as HTML (:mod:`.page_ids`). A lone
    surrogate (only ``check_text`` can be given one) cannot be written as UTF-8, nor given
    to nh3: it is shown as U+FFFD, as a browser shows any character it cannot decode.
    """
    return _cleaner(ids).clean(_LONE_SURROGATE.sub("\ufffd", html))


_TEXT_ONLY = nh3.Cleaner(tags=set(), attributes={})


def sanitise_toc(tokens: Iterable[dict[str, Any]], ids: PageIds) -> None:
    """The page's table of contents (Python-Markdown's ``toc_tokens``) made as safe as the page.

    Themes show it beside the page as it is: Material (MkDocs) each heading's ``name``, Zensical its
    ``data-toc-label`` or its ``html``. ``toc`` makes them from the heading before the page is
    sanitised: ``html`` holds the student's raw HTML, ``data-toc-label`` is any HTML the student gave
    attr_list, and ``name`` is the HTML with its tags taken off by a search that ends a comment at
    ``<!-->``, as no browser does (``## A <!--><img src=x onerror=alert(1)>-->`` ran in Material's
    sidebar). ``html`` and the label go through the page's sanitiser, ``name`` through one that keeps
    text only.
    """
    for token in tokens:
        for key in ("html", "data-toc-label"):
            if isinstance(token.get(key), str) and token[key]:
                token[key] = sanitise(token[key], ids)
        if isinstance(token.get("name"), str):
            token["name"] = _TEXT_ONLY.clean(_LONE_SURROGATE.sub("\ufffd", token["name"]))
        sanitise_toc(token.get("children", []), ids)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def neutralise_active_content(root: Element) -> None:
    """Show HTML that could run code as text, so the student sees what they wrote.

    That is a script-like element, or any element with an event handler or a
    ``javascript:``-like URL (``<img src=x onerror=...>``, ``[a](javascript:...)``):
    it is replaced by its own source in a ``<code>``, so no word is lost. Inside SVG the
    whole ``<svg>`` is shown: a ``<code>`` there would end the SVG for a browser, and the
    SVG's text after it would be lost.
    """
    for parent in list(root.iter()):
        for index, child in enumerate(parent):
            if isinstance(child.tag, str) and ((child.tag == "svg" and _holds_active(child)) or _is_active(child)):
                parent[index] = _shown_as_text(child)


_TAG_SOURCE = re.compile(r"<[^<>]*")
"""From each ``<`` to the next ``<`` or ``>``: every start tag, and each part of one with a ``<`` in a value."""
_MAYBE_ACTIVE_TAG = re.compile("(?i)^<(?:" + "|".join(ACTIVE_ELEMENTS) + r")\b|[\s/\"']on|srcdoc|script|data|&|\x00")


def _maybe_active(html: str) -> bool:
    """Whether a tag of ``html`` may run code: only those fragments are parsed. Linear in the fragment's length."""
    return any(_MAYBE_ACTIVE_TAG.search(tag[0]) for tag in _TAG_SOURCE.finditer(html))


def neutralise_fragment(html: str) -> str:
    """:func:`neutralise_active_content` on raw HTML (a block or a single tag Python-Markdown held aside)."""
    if not _maybe_active(html):
        return html
    try:
        root = parse_fragment(html)
        neutralise_active_content(root)
        return write_children(root)
    except RecursionError:  # raw HTML nested hundreds deep: all of it shown as text, nothing lost
        shown = Element("code", {"class": "report-inert-html"})
        shown.text = html
        return write_element(shown)


def _shown_as_text(element: Element) -> Element:
    tail, element.tail = element.tail, None
    shown = Element("code", {"class": "report-inert-html"})
    shown.text = write_element(element)
    shown.tail = tail
    return shown


def _holds_active(svg: Element) -> bool:
    return any(_is_active(element) for element in svg.iter() if isinstance(element.tag, str))


def _is_active(element: Element) -> bool:
    name = str(element.tag).lower()
    attributes = element.attrib.items()
    return name in ACTIVE_ELEMENTS or any(_is_unsafe(key, value or "") for key, value in attributes)  # attr_list: None


def _is_unsafe(name: str, value: str) -> bool:
    if name.lower().startswith("on") or name.lower() == "srcdoc":
        return True
    squashed = "".join(char for char in value if char > " ").lower()
    return squashed.startswith(_UNSAFE_URL_SCHEMES)
