"""Images, links and checklist items, read from markdown-it's tokens with their 1-based source lines.

Images are found in code too (flagged ``in_code``: the official checker counts them), links and rendering
images only outside code.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from markdown_it.token import Token

from mkdocs_report_plugin.model.report import ChecklistItem, Image, Reference

__all__ = ["at_their_definitions", "checklist_items", "images_and_references"]

# Every repeated part stops at the character that would start the next match ('[' or '(' or
# '<'), so that a line of thousands of "![" or "<img" is scanned once, not once per start.
_MARKDOWN_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\(([^()\n]*)\)")
_HTML_IMAGE_TAG = re.compile(r"<img\b[^<>]*", re.IGNORECASE)
_HTML_SRC = re.compile(r"\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))", re.IGNORECASE)
_HTML_ALT = re.compile(r"\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
_TASK = re.compile(r"^\[([ xX])\]\s+(.*)$", re.DOTALL)
_MODULES = re.compile(r"\(\s*(M\d+(?:\s*\+\s*M\d+)*)\s*\)\s*$")
_LINE_BREAK = re.compile("\n")


def images_and_references(tokens: list[Token]) -> tuple[list[Image], list[Reference]]:
    images: list[Image] = []
    references: list[Reference] = []
    for token in tokens:
        if token.map is None:
            continue
        first_line = token.map[0] + 1
        if token.type in ("fence", "code_block"):
            # A fence's content starts on the line after its opening ``` line.
            offset = 1 if token.type == "fence" else 0
            images.extend(_markdown_images_in_text(token.content, first_line + offset, in_code=True))
        elif token.type == "html_block":
            images.extend(_markdown_images_in_text(token.content, first_line, in_code=True))
            for image in _html_images_in_text(token.content, first_line):
                images.append(image)
                references.append(Reference(image.source, image.line, is_image=True))
        elif token.type == "inline":
            _inline_images_and_references(token, first_line, images, references)
    return images, references


def _inline_images_and_references(
    token: Token, first_line: int, images: list[Image], references: list[Reference]
) -> None:
    if not token.children:
        return
    breaks = [match.start() for match in _LINE_BREAK.finditer(token.content)]
    for child in token.children:
        # Line breaks before the child's offset, by binary search: counting them from the
        # block's start for every link made a paragraph of many links quadratic.
        line = first_line + bisect.bisect_left(breaks, child.meta.get("offset", 0))
        if child.type == "image":
            source = str(child.attrs.get("src", ""))
            # Only the image's own text: searching the whole block for every image was quadratic.
            by_reference = source not in token.content[child.meta.get("offset", 0) : child.meta.get("end")]
            images.append(Image(source=source, alt=child.content, line=line, by_reference=by_reference))
            references.append(Reference(source, line, is_image=True))
        elif child.type == "link_open":
            references.append(Reference(str(child.attrs.get("href", "")), line, is_image=False))
        elif child.type == "code_inline":
            images.extend(_markdown_images_in_text(child.content, line, in_code=True))
        elif child.type == "html_inline":
            for image in _html_images_in_text(child.content, line):
                images.append(image)
                references.append(Reference(image.source, image.line, is_image=True))


def _markdown_images_in_text(text: str, first_line: int, *, in_code: bool) -> Iterator[Image]:
    for offset, line in enumerate(text.split("\n")):
        for match in _MARKDOWN_IMAGE.finditer(line):
            target = match[2].strip().split(" ")[0].strip("<>")
            yield Image(source=target, alt=match[1], line=first_line + offset, in_code=in_code)


def _html_images_in_text(text: str, first_line: int) -> Iterator[Image]:
    for offset, line in enumerate(text.split("\n")):
        for tag in _HTML_IMAGE_TAG.finditer(line):
            source = _HTML_SRC.search(tag[0])
            if source is None:
                continue
            alt = _HTML_ALT.search(tag[0])
            yield Image(
                source=next(group for group in source.groups() if group is not None),
                alt=(alt[1] or alt[2] or "") if alt else "",
                line=first_line + offset,
                html=True,
            )


def at_their_definitions(
    references: list[Reference], lines: list[str], definitions: dict[str, dict[str, Any]]
) -> list[Reference]:
    """A reference-style link (``[x][r]`` ... ``[r]: ../a.py``) has its target on the line of
    its definition: that is where a student fixes it, and where the plugin rewrites it."""
    defined_on = {definition["href"]: definition["map"][0] + 1 for definition in definitions.values()}
    return [
        replace(reference, line=defined_on[reference.target])
        if reference.target not in lines[reference.line - 1] and reference.target in defined_on
        else reference
        for reference in references
    ]


def checklist_items(tokens: list[Token], headings: list[tuple[int, str]], before_line: int) -> list[ChecklistItem]:
    """Task items (``* [x] ...``) above the first question, with the heading they sit under.

    ``headings`` are the report's headings as (line, text), in the order of their lines."""
    items: list[ChecklistItem] = []
    for index, token in enumerate(tokens):
        if token.type != "list_item_open" or token.map is None or token.map[0] + 1 >= before_line:
            continue
        inline = tokens[index + 2] if index + 2 < len(tokens) else None
        if inline is None or inline.type != "inline":
            continue
        match = _TASK.match(inline.content)
        if not match:
            continue
        text = " ".join(match[2].split())
        modules = _MODULES.search(text)
        line = token.map[0] + 1
        items.append(
            ChecklistItem(
                text=text,
                checked=match[1] in "xX",
                line=line,
                section=_heading_above(headings, line),
                modules=tuple(m.strip() for m in modules[1].split("+")) if modules else (),
            )
        )
    return items


def _heading_above(headings: list[tuple[int, str]], line: int) -> str:
    above = [text for heading_line, text in headings if heading_line < line]
    return above[-1] if above else "Checklist"
