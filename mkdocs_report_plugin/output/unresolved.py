"""Links and images the published page cannot show, and how the page shows them instead.

The MkDocs front-end decides what is unresolved (a file not published, a target outside the
repository) and points the page's markdown at ``report-unresolved:N`` (MkDocs leaves URLs with
a scheme alone); this layer turns each such target back into something a reader understands,
in the page's element tree: an image becomes a visible note, a link its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element

UNRESOLVED_SCHEME = "report-unresolved"
"""The placeholder scheme of a target the page cannot show: ``report-unresolved:3``."""


@dataclass(frozen=True)
class Unresolved:
    """A target the page cannot show; kept to explain it in the HTML."""

    target: str
    is_image: bool
    reason: str
    line: int = 0  # where the report writes the target (a reference-style image: its definition's line)


def show_unresolved(root: Element, unresolved: list[Unresolved]) -> None:
    """Replace placeholder targets in the page's tree: no broken image, no dead link.

    An image becomes a short note with its alt text and the missing file (so the reader
    sees what is missing, and no word of the student's is lost); a link keeps its text
    and loses its target.
    """
    if not unresolved:
        return
    for tag, attribute in (("img", "src"), ("a", "href")):  # images first: a link's image moves when it goes
        for parent in list(root.iter()):
            for child in list(parent):
                item = _unresolved_item(child.get(attribute, ""), unresolved) if child.tag == tag else None
                if item is None:
                    continue
                if tag == "img":
                    parent[list(parent).index(child)] = _note(child, item)
                else:
                    _unwrap(parent, child)


def _note(image: Element, item: Unresolved) -> Element:
    note = Element("em", {"class": "report-unresolved", "title": item.reason})
    alt = image.get("alt", "").strip()
    note.text = f"[image not shown: {alt} ({item.target})]" if alt else f"[image not shown: {item.target}]"
    note.tail = image.tail
    return note


def _unwrap(parent: Element, link: Element) -> None:
    """The link's text and elements take its place in ``parent``."""
    index = list(parent).index(link)
    before = parent[index - 1] if index else None
    _append_text(parent, before, (link.text or ""))
    children = list(link)
    parent.remove(link)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else before
    _append_text(parent, last, link.tail or "")


def _append_text(parent: Element, before: Element | None, text: str) -> None:
    if before is None:
        parent.text = (parent.text or "") + text
    else:
        before.tail = (before.tail or "") + text


def _unresolved_item(target: str, unresolved: list[Unresolved]) -> Unresolved | None:
    prefix = UNRESOLVED_SCHEME + ":"
    if not target.startswith(prefix) or not target[len(prefix) :].isdigit():
        return None
    index = int(target[len(prefix) :])
    return unresolved[index] if index < len(unresolved) else None
