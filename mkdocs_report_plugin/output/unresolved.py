"""Links and images the published page cannot show, and how the page shows them instead.

The MkDocs front-end decides what is unresolved (a file not published, a target outside the
repository) and points the page's markdown at ``report-unresolved:N`` (MkDocs leaves URLs with
a scheme alone); this layer turns each such target back into something a reader understands,
in the HTML the decoration parsed: an image becomes a visible note, a link its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup

UNRESOLVED_SCHEME = "report-unresolved"
"""The placeholder scheme of a target the page cannot show: ``report-unresolved:3``."""


@dataclass(frozen=True)
class Unresolved:
    """A target the page cannot show; kept to explain it in the HTML."""

    target: str
    is_image: bool
    reason: str
    line: int = 0  # where the report writes the target (a reference-style image: its definition's line)


def show_unresolved(soup: BeautifulSoup, unresolved: list[Unresolved]) -> None:
    """Replace placeholder targets in the parsed page: no broken image, no dead link.

    An image becomes a short note with its alt text and the missing file (so the reader
    sees what is missing, and no word of the student's is lost); a link keeps its text
    and loses its target. It edits the page ``render.decorate_page`` parsed (its ``edit``),
    so the page is parsed once.
    """
    if not unresolved:
        return
    for tag in soup.find_all(["img", "a"]):
        attribute = "src" if tag.name == "img" else "href"
        item = _unresolved_item(str(tag.get(attribute, "")), unresolved)
        if item is None:
            continue
        if tag.name == "img":
            note = soup.new_tag("em", attrs={"class": "report-unresolved", "title": item.reason})
            alt = str(tag.get("alt", "")).strip()
            note.string = f"[image not shown: {alt} ({item.target})]" if alt else f"[image not shown: {item.target}]"
            tag.replace_with(note)
        else:
            tag.unwrap()


def _unresolved_item(target: str, unresolved: list[Unresolved]) -> Unresolved | None:
    prefix = UNRESOLVED_SCHEME + ":"
    if not target.startswith(prefix) or not target[len(prefix) :].isdigit():
        return None
    index = int(target[len(prefix) :])
    return unresolved[index] if index < len(unresolved) else None
