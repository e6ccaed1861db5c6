"""HTML written by hand (the student's raw HTML) read into Python-Markdown's element tree, and written back.

Python-Markdown keeps the raw HTML of a page aside (its ``htmlStash``) as strings; the page
extension judges that HTML on a tree (:mod:`.sanitise`), so a fragment is read here with
Python's own ``html.parser``, the reader the sanitiser's "shown as text" has always used. It is
lenient, never raises, and keeps what it does not model (a comment, a declaration, ``<![CDATA[``) as
raw text that is written back as it was, for the browser-grade sanitiser (nh3) to judge.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

from markdown.serializers import to_html_string

__all__ = ["RAW", "parse_fragment", "write_children", "write_element"]

RAW = "report-raw"
"""The tag of an element whose ``text`` is written back verbatim (see :func:`write_element`)."""

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)")
_RAW_MARKER = re.compile(f"<{RAW}>\x02(\\d+)\x03</{RAW}>")


class _TreeBuilder(HTMLParser):
    def __init__(self, root: Element) -> None:
        super().__init__(convert_charrefs=True)
        self._open = [root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self._add(element)
        if tag not in _VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return  # an end tag nothing opened is dropped, as browsers drop it

    def handle_data(self, data: str) -> None:
        parent = self._open[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data

    def handle_comment(self, data: str) -> None:
        self._raw(f"<!--{data}-->")  # Python-Markdown's serialiser would escape a comment's text

    def handle_decl(self, decl: str) -> None:
        self._raw(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self._raw(f"<![{data}]]>")  # only CDATA gets here: other marked sections are read as text

    def handle_pi(self, data: str) -> None:
        self._raw(f"<?{data}>")

    def _raw(self, source: str) -> None:
        raw = Element(RAW)
        raw.text = source
        self._add(raw)

    def _add(self, element: Element) -> None:
        self._open[-1].append(element)


def parse_fragment(html: str) -> Element:
    """The fragment's elements under a ``<div>`` root that :func:`write_children` leaves out.

    ``<![`` other than ``<![CDATA[`` (a student's ``<![alt](a.png)``) makes Python's HTML parser
    give up on the rest; it is read as the text it is.
    """
    root = Element("div")
    builder = _TreeBuilder(root)
    builder.feed(_MARKED_SECTION.sub("&lt;![", html))
    builder.close()
    return root


def write_element(element: Element) -> str:
    """One element and its tail as HTML; a :data:`RAW` element's text as it was read."""
    raws = list(element.iter(RAW))
    if not raws:
        return to_html_string(element)
    sources = [raw.text or "" for raw in raws]
    for index, raw in enumerate(raws):
        raw.text = f"\x02{index}\x03"
    html = to_html_string(element)
    for raw, source in zip(raws, sources, strict=True):
        raw.text = source
    return _RAW_MARKER.sub(lambda match: sources[int(match.group(1))], html)


def write_children(root: Element) -> str:
    """The root's content as HTML, without the root's own tag."""
    holder = Element("div")
    holder.text = root.text
    holder.extend(list(root))
    html = write_element(holder)
    return html[len("<div>") : -len("</div>")]
