"""The student's HTML made inert: read once, active content shown as text, then an allow-list sanitiser.

Hand-ins are untrusted: teachers publish many students' reports on one site. Raw HTML the student
wrote that could run code (scripts, event handlers, ``javascript:`` URLs) is shown as text where our
parser sees it (:func:`neutralise_active_content`), so not a word is lost; then the page goes through
an allow-list sanitiser that reads HTML as browsers do (:func:`sanitise`: nh3, ammonia on html5ever).
"""

from __future__ import annotations

import re

import nh3
from bs4 import BeautifulSoup
from bs4.element import Tag

__all__ = ["neutralise_active_content", "parse_html", "sanitise"]

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


def sanitise(html: str) -> str:
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


def neutralise_active_content(soup: BeautifulSoup) -> None:
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
