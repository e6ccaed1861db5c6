"""The fixes of ``handin-render``: each construct the hand-in (``report.py html``) shows otherwise than GitHub,
written so that both show it the same, read from the answer's block tokens as GitHub reads them.

A construct is fixed only where the result is sure for both renderers: a fence closed, outside quotes, not on a
list item's own line and not right after a list (code indented there would be read as more of the list); a list
outside quotes; a nested list whose item above sits where four spaces per level put it. The others keep their
advice and no fix (:mod:`.fixes` says what a fix is).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from mkdocs_report_plugin.model.report import Edit, Fix
from mkdocs_report_plugin.reading import handin
from mkdocs_report_plugin.rules.context import QuestionContext
from mkdocs_report_plugin.rules.fixes import fix_of
from mkdocs_report_plugin.rules.phrasing import plural

_LIST_MARKER = re.compile(r"^ *(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")
_PARENTHESIS_ITEM = re.compile(r"^([ >]*)(\d{1,9})\)(?=[ \t]|$)")


@dataclass(frozen=True)
class _Place:
    """Where a construct's token is among the answer's block tokens: its index, the blocks open around it (lists,
    list items, quotes), the block just before it at its level, if any, and the report's line of the tokens' first
    line."""

    index: int
    containers: tuple[Token, ...]
    before: Token | None
    start: int

    @property
    def items(self) -> list[Token]:
        return [block for block in self.containers if block.type == "list_item_open"]

    @property
    def quoted(self) -> bool:
        return any(block.type == "blockquote_open" for block in self.containers)

    @property
    def after_a_list(self) -> bool:
        """Whether the block before it is a list: code indented after it would be read as more of the list's last
        item, by GitHub and Python-Markdown alike."""
        return self.before is not None and self.before.type.endswith("_list_close")


BlockEdits = Callable[[QuestionContext, list[Token], _Place], list[Edit] | None]
"""The edits of one construct, from the answer's block tokens and the construct's place among them; None when the
construct cannot be fixed for sure."""


def handin_fix(context: QuestionContext, construct: handin.Construct, lines: Sequence[int]) -> Fix | None:
    """The fix of every occurrence of ``construct`` (on ``lines``) that can be fixed for sure."""
    answer, span = context.answer, context.written_span
    if answer is None or span is None:
        return None
    start = answer.marker_line if answer.marker_line is not None else span[0]
    tokens = handin.github_blocks(context.document.lines[start - 1 : span[1]])
    wanted = {line - start for line in lines}
    kind = _CONSTRUCTS[construct]
    edits: list[Edit] = []
    fixed = 0
    for place in _places(tokens, start):
        token = tokens[place.index]
        if token.map is None or token.map[0] not in wanted or token.type not in kind.tokens:
            continue
        construct_edits = kind.edits(context, tokens, place)
        if construct_edits:
            edits += construct_edits
            fixed += 1
    if not fixed:
        return None
    named = plural(fixed, kind.noun) if fixed == len(lines) else f"{fixed} of the {plural(len(lines), kind.noun)}"
    made = fix_of(context, f"{named}: {kind.done}", edits)
    return dataclasses.replace(made, safe=False, caution=kind.caution) if made and kind.caution else made


def _places(tokens: list[Token], start: int) -> Iterator[_Place]:
    """Each opening or standalone token with its place, in one walk over the tokens."""
    open_blocks: list[Token] = []
    before: dict[int, Token | None] = {0: None}  # the last block closed or left at each level
    for index, token in enumerate(tokens):
        if token.nesting == -1:
            open_blocks.pop()
            before[token.level] = token
            continue
        yield _Place(index, tuple(open_blocks), before.get(token.level), start)
        if token.nesting == 1:
            open_blocks.append(token)
            before[token.level + 1] = None
        else:
            before[token.level] = token


def _fence(context: QuestionContext, tokens: list[Token], place: _Place) -> list[Edit] | None:
    """A closed fenced block as code indented by four spaces (four more per list around it), after and before a
    blank line: what Python-Markdown, and GitHub, show as code. Not in a quote, nor on a list item's own line."""
    token, lines, items = tokens[place.index], context.document.lines, place.items
    assert token.map is not None
    if place.quoted or place.after_a_list:
        return None
    if items and (
        items[-1].map is None or items[-1].map[0] == token.map[0] or not _item_fits(items, place.start, lines)
    ):
        return None
    first, last = place.start + token.map[0], place.start + token.map[1] - 1
    closing = lines[last - 1].strip()
    if last == first or len(closing) < len(token.markup) or closing.strip(token.markup[0]):
        return None  # never closed: it runs on to the end of its list or the answer
    body = token.content.split("\n")[:-1]
    if not any(line.strip() for line in body):
        return None
    indent = " " * (4 * len(items) + 4)
    code = [indent + line if line.strip() else "" for line in body]
    return [Edit(first, last, (*_blank_above(lines, first), *code, *_blank_below(lines, last)))]


def _item_fits(items: list[Token], start: int, lines: Sequence[str]) -> bool:
    """Whether code indented by four spaces per list level stays in the innermost item on GitHub too: the item's
    text starts at most that far in."""
    assert items[-1].map is not None
    column = _content_column(lines[start + items[-1].map[0] - 1])
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


def _table(context: QuestionContext, tokens: list[Token], place: _Place) -> list[Edit] | None:
    """A table outside lists and quotes, indented by four spaces: the hand-in shows it as written, as code."""
    token, lines = tokens[place.index], context.document.lines
    assert token.map is not None
    first, last = place.start + token.map[0], place.start + token.map[1] - 1
    if place.containers or place.after_a_list:
        return None
    if any(image.renders and first <= image.line <= last for image in context.question.images):
        return None  # an image in a cell would no longer show
    body = ["    " + line if line.strip() else line for line in lines[first - 1 : last]]
    return [Edit(first, last, (*_blank_above(lines, first), *body, *_blank_below(lines, last)))]


def _blank_before(context: QuestionContext, tokens: list[Token], place: _Place) -> list[Edit] | None:
    """A blank line before a list that opens right under a line of text or a quote (the list's own line not in a
    quote): the hand-in then shows a list, and GitHub the same as before."""
    token = tokens[place.index]
    assert token.map is not None
    line = place.start + token.map[0]
    if place.containers or context.document.lines[line - 1].lstrip().startswith(">"):
        return None
    return [Edit(line, line - 1, ("",))]


def _nested(context: QuestionContext, tokens: list[Token], place: _Place) -> list[Edit] | None:
    """A list nested by fewer than four spaces per level, moved right to four per level, with every line it holds:
    Python-Markdown then nests it, and GitHub still nests it under the same item."""
    token, lines, items, start = tokens[place.index], context.document.lines, place.items, place.start
    assert token.map is not None
    if not items or items[-1].map is None or place.quoted:
        return None
    first, last = start + token.map[0], start + token.map[1] - 1
    body = lines[first - 1 : last]
    if any("\t" in line[: len(line) - len(line.lstrip())] for line in body):
        return None
    current = len(body[0]) - len(body[0].lstrip(" "))
    wanted = 4 * len(items)
    parent = _content_column(lines[start + items[-1].map[0] - 1])
    if parent is None or wanted <= current or not parent <= wanted < parent + 4:
        return None  # the item above is not where four per level puts it yet: a later round moves it first
    shift = " " * (wanted - current)
    return [Edit(first, last, tuple(shift + line if line.strip() else line for line in body))]


def _numbered(context: QuestionContext, tokens: list[Token], place: _Place) -> list[Edit] | None:
    """A list numbered ``1)``, ``2)`` written ``1.``, ``2.``: every item of this list, none of a list in it."""
    token, lines = tokens[place.index], context.document.lines
    edits = []
    for position in range(place.index + 1, len(tokens)):  # the list's own tokens, up to where it closes
        item = tokens[position]
        if item.level <= token.level:
            break
        if item.type != "list_item_open" or item.level != token.level + 1 or item.map is None:
            continue
        line = place.start + item.map[0]
        renumbered = _PARENTHESIS_ITEM.sub(r"\1\2.", lines[line - 1], count=1)
        if renumbered == lines[line - 1]:
            return None
        edits.append(Edit(line, line, (renumbered,)))
    return edits


@dataclass(frozen=True)
class _Construct:
    """How one construct of ``handin-render`` is fixed: the tokens it is, the edits, what it is called, what
    the fix does, and why it is unsafe if it is."""

    tokens: tuple[str, ...]
    edits: BlockEdits
    noun: str
    done: str
    caution: str = ""


_LISTS = ("bullet_list_open", "ordered_list_open")
_CONSTRUCTS: dict[handin.Construct, _Construct] = {
    "fence": _Construct(("fence",), _fence, "fenced code block", "indented as code instead"),
    "table": _Construct(
        ("table_open",),
        _table,
        "table",
        "indented as code",
        caution="GitHub and the site then show the table as code too; written as a list it reads well everywhere",
    ),
    "list-under-text": _Construct(_LISTS, _blank_before, "list", "a blank line before it"),
    "list-under-quote": _Construct(_LISTS, _blank_before, "list", "a blank line between it and the quote"),
    "shallow-nested-list": _Construct(_LISTS, _nested, "nested list", "indented by four spaces per level"),
    "parenthesis-list": _Construct(("ordered_list_open",), _numbered, "numbered list", "numbered '1.' for '1)'"),
}
