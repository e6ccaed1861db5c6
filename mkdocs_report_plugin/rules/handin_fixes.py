"""The fixes of ``handin-render``: each construct the hand-in (``report.py html``) shows otherwise than GitHub,
written so that both show it the same, read from the report's blocks as GitHub reads them (the check's own parse,
:attr:`.parse.Document.blocks`) and from its lines.

A construct is fixed only where the result is sure for both renderers: a fence closed, outside quotes, not on a
list item's own line and not right after a list (code indented there would be read as more of the list); a list
outside quotes; a nested list whose item above sits where four spaces per level put it. The others keep their
advice and no fix (:mod:`.fixes` says what a fix is).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mkdocs_report_plugin.model.report import Edit, Fix
from mkdocs_report_plugin.reading import handin
from mkdocs_report_plugin.reading.markdown_events import Block
from mkdocs_report_plugin.rules.context import QuestionContext
from mkdocs_report_plugin.rules.fixes import fix_of
from mkdocs_report_plugin.rules.phrasing import plural

_LIST_MARKER = re.compile(r"^ *(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")
_PARENTHESIS_ITEM = re.compile(r"^([ >]*)(\d{1,9})\)(?=[ \t]|$)")
_TAB_STOP = 4
"""CommonMark's tabs, as far as a code block's lines are concerned: to the next multiple of four columns."""


@dataclass(frozen=True)
class _Place:
    """A construct's block among the report's blocks: its index, the blocks that hold it (lists, list items,
    quotes; the outermost first) and the block just before it in the same holder, if any."""

    index: int
    block: Block
    containers: tuple[Block, ...]
    before: Block | None

    @property
    def items(self) -> list[Block]:
        return [block for block in self.containers if block.kind == "item"]

    @property
    def quoted(self) -> bool:
        return any(block.kind == "quote" for block in self.containers)

    @property
    def after_a_list(self) -> bool:
        """Whether the block before it is a list: code indented after it would be read as more of the list's last
        item, by GitHub and Python-Markdown alike."""
        return self.before is not None and self.before.kind == "list"


BlockEdits = Callable[[QuestionContext, _Place], list[Edit] | None]
"""The edits of one construct, from its place among the report's blocks; None when the construct cannot be fixed
for sure."""


def handin_fix(
    context: QuestionContext, construct: handin.Construct, differences: Sequence[handin.Difference]
) -> Fix | None:
    """The fix of every occurrence of ``construct`` (``differences``) that can be fixed for sure."""
    kind = _CONSTRUCTS[construct]
    edits: list[Edit] = []
    fixed = 0
    for difference in differences:
        construct_edits = kind.edits(context, _place(context.document.blocks, difference.block))
        if construct_edits:
            edits += construct_edits
            fixed += 1
    if not fixed:
        return None
    count = len(differences)
    named = plural(fixed, kind.noun) if fixed == count else f"{fixed} of the {plural(count, kind.noun)}"
    return fix_of(context, f"{named}: {kind.done}", edits, caution=kind.caution)


def _place(blocks: Sequence[Block], index: int) -> _Place:
    """The construct's block at ``index`` among the report's blocks, with its place."""
    block = blocks[index]
    before = blocks[block.previous] if block.previous >= 0 else None
    return _Place(index, block, tuple(reversed(list(handin.holders(block, blocks)))), before)


def _fence(context: QuestionContext, place: _Place) -> list[Edit] | None:
    """A closed fenced block as code indented by four spaces (four more per list around it), after and before a
    blank line: what Python-Markdown, and GitHub, show as code. Not in a quote, nor on a list item's own line."""
    block, lines, items = place.block, context.document.lines, place.items
    if place.quoted or place.after_a_list or not block.closed:
        return None  # one never closed runs on to the end of its list or the answer
    if items and (items[-1].first == block.first or not _item_fits(items, lines)):
        return None
    opening = _columns(lines[block.first - 1])
    body = [_dedent(line, opening) for line in lines[block.first : block.last - 1]]
    if not any(line.strip() for line in body):
        return None
    indent = " " * (4 * len(items) + 4)
    code = [indent + line if line.strip() else "" for line in body]
    first, last = block.first, block.last
    return [Edit(first, last, (*_blank_above(lines, first), *code, *_blank_below(lines, last)))]


def _columns(line: str) -> int:
    """The columns of the spaces and tabs that start ``line``."""
    return len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(_TAB_STOP))


def _dedent(line: str, columns: int) -> str:
    """``line`` as a line of code in a fence indented ``columns`` in (with what holds it): up to that many columns
    of spaces and tabs taken off, what a tab has past them kept as spaces (as CommonMark reads the code)."""
    column = position = 0
    while position < len(line) and column < columns and line[position] in " \t":
        column += 1 if line[position] == " " else _TAB_STOP - column % _TAB_STOP
        position += 1
    return " " * (column - columns) + line[position:]


def _item_fits(items: list[Block], lines: Sequence[str]) -> bool:
    """Whether code indented by four spaces per list level stays in the innermost item on GitHub too: the item's
    text starts at most that far in."""
    column = _content_column(lines[items[-1].first - 1])
    return column is not None and column <= 4 * len(items)


def _content_column(line: str) -> int | None:
    """Where a list item's text starts on its marker's line, as CommonMark reads it (one to four spaces after the
    marker, else one); None for what this cannot tell (tabs, quotes)."""
    match = _LIST_MARKER.match(line)
    if match is None or "\t" in line:
        return None
    rest = line[match.end() :]
    spaces = len(rest) - len(rest.lstrip(" "))
    return match.end() + (spaces if 1 <= spaces <= 4 and rest.strip() else 1)


def _blank_above(lines: Sequence[str], first: int) -> tuple[str, ...]:
    return ("",) if first > 1 and lines[first - 2].strip() else ()


def _blank_below(lines: Sequence[str], last: int) -> tuple[str, ...]:
    return ("",) if last < len(lines) and lines[last].strip() else ()


def _table(context: QuestionContext, place: _Place) -> list[Edit] | None:
    """A table outside lists and quotes, indented by four spaces: the hand-in shows it as written, as code."""
    lines, first, last = context.document.lines, place.block.first, place.block.last
    if place.containers or place.after_a_list:
        return None
    if any(image.renders and first <= image.line <= last for image in context.question.images):
        return None  # an image in a cell would no longer show
    body = ["    " + line if line.strip() else line for line in lines[first - 1 : last]]
    return [Edit(first, last, (*_blank_above(lines, first), *body, *_blank_below(lines, last)))]


def _blank_before(context: QuestionContext, place: _Place) -> list[Edit] | None:
    """A blank line before a list that opens right under a line of text or a quote (the list's own line not in a
    quote): the hand-in then shows a list, and GitHub the same as before."""
    line = place.block.first
    if place.containers or context.document.lines[line - 1].lstrip().startswith(">"):
        return None
    return [Edit(line, line - 1, ("",))]


def _nested(context: QuestionContext, place: _Place) -> list[Edit] | None:
    """A list nested by fewer than four spaces per level, moved right to four per level, with every line it holds:
    Python-Markdown then nests it, and GitHub still nests it under the same item."""
    lines, items, first = context.document.lines, place.items, place.block.first
    if not items or place.quoted:
        return None
    last = place.block.last
    while last > first and not lines[last - 1].strip():
        last -= 1  # the blank lines a list may end on are not its own: they stay as they are
    body = lines[first - 1 : last]
    if any("\t" in line[: len(line) - len(line.lstrip())] for line in body):
        return None
    current = len(body[0]) - len(body[0].lstrip(" "))
    wanted = 4 * len(items)
    parent = _content_column(lines[items[-1].first - 1])
    if parent is None or wanted <= current or not parent <= wanted < parent + 4:
        return None  # the item above is not where four per level puts it yet: a later round moves it first
    shift = " " * (wanted - current)
    return [Edit(first, last, tuple(shift + line if line.strip() else line for line in body))]


def _numbered(context: QuestionContext, place: _Place) -> list[Edit] | None:
    """A list numbered ``1)``, ``2)`` written ``1.``, ``2.``: every item of this list, none of a list in it."""
    blocks, lines = context.document.blocks, context.document.lines
    edits = []
    for position in range(place.index + 1, len(blocks)):  # the list's own blocks, up to the first after it
        item = blocks[position]
        if item.parent < place.index:
            break
        if item.parent != place.index:
            continue
        renumbered = _PARENTHESIS_ITEM.sub(r"\1\2.", lines[item.first - 1], count=1)
        if renumbered == lines[item.first - 1]:
            return None
        edits.append(Edit(item.first, item.first, (renumbered,)))
    return edits


@dataclass(frozen=True)
class _Construct:
    """How one construct of ``handin-render`` is fixed: the edits, what it is called, what the fix does, and why
    it is unsafe if it is."""

    edits: BlockEdits
    noun: str
    done: str
    caution: str = ""


_CONSTRUCTS: dict[handin.Construct, _Construct] = {
    "fence": _Construct(_fence, "fenced code block", "indented as code instead"),
    "table": _Construct(
        _table,
        "table",
        "indented as code",
        caution="GitHub and the site then show the table as code too; written as a list it reads well everywhere",
    ),
    "list-under-text": _Construct(_blank_before, "list", "a blank line before it"),
    "list-under-quote": _Construct(_blank_before, "list", "a blank line between it and the quote"),
    "shallow-nested-list": _Construct(_nested, "nested list", "indented by four spaces per level"),
    "parenthesis-list": _Construct(_numbered, "numbered list", "numbered '1.' for '1)'"),
}
