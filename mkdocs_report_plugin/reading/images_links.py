"""Where a reference-style link's target is written, and the checklist's items, from the report's one reading.

The images and links themselves, with their lines, come from :mod:`.markdown_events`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Container
from dataclasses import replace

from mkdocs_report_plugin.model.report import ChecklistItem, Reference
from mkdocs_report_plugin.reading.markdown_events import Markup, line_matches

__all__ = ["at_their_definitions", "checklist_items"]

_TASK = re.compile(r"^\[([ xX])\]\s+(.*)$", re.DOTALL)
_MODULES = re.compile(r"\(\s*(M\d+(?:\s*\+\s*M\d+)*)\s*\)\s*$")
_DEFINITION = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*\[((?:[^\[\]\\\n]|\\.){1,999})\]:", re.MULTILINE)
"""A link reference definition's label, at the start of a line (in a quote or a list item too)."""


def at_their_definitions(
    references: list[Reference], labels: dict[int, str], lines: list[str], code_lines: Container[int]
) -> list[Reference]:
    """A reference-style link (``[x][r]`` ... ``[r]: ../a.py``) has its target on the line of its definition:
    that is where a student fixes it, and where the plugin rewrites it.

    ``labels`` gives the label of each reference-style link and image, by its index in ``references``; the
    first definition of a label is the one that counts, as CommonMark reads it.
    """
    moved = {
        index: label
        for index, label in labels.items()
        if references[index].target not in lines[references[index].line - 1]
    }
    if not moved:
        return references
    defined_on = _definition_lines(lines, code_lines)
    result = list(references)
    for index, label in moved.items():
        line = defined_on.get(_normalised(label))
        if line is not None:
            result[index] = replace(references[index], line=line)
    return result


def _definition_lines(lines: list[str], code_lines: Container[int]) -> dict[str, int]:
    """The line of each label's first definition outside code, by its normalised label."""
    found: dict[str, int] = {}
    for number, match in line_matches(_DEFINITION, lines):
        if number not in code_lines:
            found.setdefault(_normalised(match[1]), number)
    return found


def _normalised(label: str) -> str:
    """CommonMark matches labels case-insensitively, with runs of whitespace as one space."""
    return " ".join(label.split()).casefold()


def checklist_items(markup: Markup, headings: list[tuple[int, str]], before_line: int) -> list[ChecklistItem]:
    """Task items (``* [x] ...``) above the first question, with the heading they sit under.

    ``headings`` are the report's headings as (line, text), in the order of their lines."""
    items: list[ChecklistItem] = []
    for index, content in sorted(markup.item_texts.items()):
        line = markup.blocks[index].first
        if line >= before_line:
            continue
        match = _TASK.match(content)
        if not match:
            continue
        text = " ".join(match[2].split())
        modules = _MODULES.search(text)
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
    position = bisect.bisect_left(headings, line, key=lambda heading: heading[0])
    return headings[position - 1][1] if position else "Checklist"
