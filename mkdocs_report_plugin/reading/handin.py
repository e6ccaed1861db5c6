"""The hand-in: the report as the teacher reads it, and where that differs from GitHub.

After the deadline the course runs its ``report.py html`` on each group's
``reports/README.md``, and the HTML file it writes is what the teacher grades. It reads
the file as text, drops its first characters (43 in every 02476 generation, the spec's
``checker.header_offset``) and converts the rest with
Python-Markdown and no extension at all: no fenced code, no tables, and lists only where
Python-Markdown's own rules find them. Students preview on GitHub, which shows much more.

This module makes that file byte for byte (:func:`read_like_the_course`,
:func:`handin_html`, :func:`write_like_the_course`) and finds, in one answer, the
constructs GitHub shows one way and the hand-in another (:func:`differences`). Finding
them renders nothing and parses nothing again: the report's own reading is GitHub's
(CommonMark and tables, :mod:`.markdown_events`), and each construct of the answer's
lines that Python-Markdown does not know is reported on the line the parser gives it.
Rendering a whole report with Python-Markdown costs more than checking it.
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from mkdocs_report_plugin.model.report import Result
from mkdocs_report_plugin.reading.markdown_events import Block
from mkdocs_report_plugin.reading.repository import read_limited
from mkdocs_report_plugin.reading.template import shipped_header_offset

HANDIN_FILE = "report.html"
"""The name ``report.py html`` writes, in the folder it runs in: the report's own."""

Construct = Literal["fence", "table", "list-under-text", "list-under-quote", "shallow-nested-list", "parenthesis-list"]

_PYTHON_MARKDOWN_INDENT = 4
"""Python-Markdown nests a list, or keeps code in a list item, only at four spaces per level."""

_LINES_NAMED = 5
"""A message names this many lines of one construct, then counts the rest."""

_QUOTE_PREFIX = re.compile(r"^(?:[ ]{0,3}>[ ]?)*")


@dataclass(frozen=True)
class Difference:
    """One construct of an answer that the hand-in shows otherwise than GitHub does."""

    construct: Construct
    line: int  # 1-based line of the report where the construct starts
    block: int  # the construct's index among the report's blocks (several may start on one line)


def read_like_the_course(path: Path) -> str:
    """The report's text as ``report.py html`` reads it: UTF-8, universal newlines, a BOM kept.

    Raises ``UnicodeDecodeError`` where the course's command fails too, and ``OSError``, also for
    what is not a regular file or is too large to be a report (:func:`~.repository.read_limited`).
    """
    with io.TextIOWrapper(io.BytesIO(read_limited(path)), encoding="utf-8") as file:
        return file.read()


class NestedTooDeep(ValueError):
    """Python-Markdown cannot render the text: it recurses once per level of nesting."""

    def __init__(self) -> None:
        super().__init__("the text is nested hundreds of levels deep (quotes '> > >', lists or '***'), too deep for "
                         "Python-Markdown, which renders the hand-in and the page. Remove the extra nesting.")  # fmt: skip


def python_markdown(text: str, **options: Any) -> str:
    """``markdown.markdown(text, **options)``, the one place that meets its recursion limit:
    :class:`NestedTooDeep` says what to do instead of a ``RecursionError``."""
    import markdown  # only the commands that render pay for the import

    try:
        return markdown.markdown(text, **options)
    except RecursionError:
        raise NestedTooDeep from None


def header_offset(result: Result) -> int:
    """What the course's hand-in conversion drops from the start of this report: the offset of
    the spec it was checked against, or the newest shipped spec's for a file that is no report."""
    return result.template.header_offset if result.template is not None else shipped_header_offset()


def handin_html(text: str, header_offset: int | None = None) -> str:
    """The HTML ``report.py html`` makes of ``text``: Python-Markdown, no extensions, ``text[header_offset:]``.

    ``header_offset`` is the spec's ``checker.header_offset``; by default the newest shipped spec's.
    Raises :class:`NestedTooDeep` on text nested hundreds of levels deep, where the course's command fails too.
    """
    return python_markdown(text[shipped_header_offset() if header_offset is None else header_offset :])


def write_like_the_course(output: Path, html: str, *, trusted: Path | None = None) -> None:
    """Write ``html`` as ``report.py html`` writes it: text mode, so line endings are the platform's.

    Written through :func:`~.safe_files.write_file`: never through a symbolic link (a committed
    ``reports/report.html -> ~/.bashrc`` raises :class:`~.safe_files.UnsafeWrite`), whole or not at all;
    ``trusted`` as there."""
    from mkdocs_report_plugin.reading.safe_files import write_file  # only a command that writes the hand-in

    write_file(output, html, trusted=trusted, newline=None)


# --- where an answer shows differently ------------------------------------------------

_SHOWN: dict[Construct, tuple[str, str]] = {
    # construct: (what it is called, how the hand-in shows it and how to write it instead)
    "fence": ("fenced code block", "{} as run-together text (report.py html reads no ``` or ~~~ fences). Indent the "
              "code by four spaces instead, after a blank line (in a list item, four more than the item's text)."),
    "table": ("table", "{} as lines of text full of '|' (report.py html reads no tables). Write a table as a list, "
              "or indent it by four spaces to show it as written."),
    "list-under-text": ("list", "{} as part of the line of text right above it, one paragraph (so does the MkDocs "
                        "site; GitHub shows a list). Add a blank line between the text and the list."),
    "list-under-quote": ("list", "{} inside the quote ('>' lines) right above it, as part of the question. Add a "
                         "blank line between the quote and the list."),
    "shallow-nested-list": ("nested list", "{} at the level of the list above, not nested (so does the MkDocs "
                            "site): nesting takes four spaces per level. Indent nested items by four spaces."),
    "parenthesis-list": ("numbered list", "{} as plain text: report.py html only numbers lists written '1.'. "
                         "Write '1.' instead of '1)'."),
}  # fmt: skip


def describe(construct: Construct, lines: Sequence[int]) -> str:
    """What the teacher sees of ``construct`` on ``lines``, and the fix, for the student."""
    noun, shown = _SHOWN[construct]
    numbers = [str(line) for line in lines[:_LINES_NAMED]]
    if len(lines) == 1:
        where = f"the {noun} on line {lines[0]}"
    elif len(lines) <= _LINES_NAMED:
        where = f"the {noun}s on lines {', '.join(numbers[:-1])} and {numbers[-1]}"
    else:
        where = f"the {noun}s on lines {', '.join(numbers)} and {len(lines) - _LINES_NAMED} more"
    return "the hand-in the teacher grades shows " + shown.format(where)


def differences(blocks: Sequence[Block], lines: Sequence[str], first: int, last: int) -> list[Difference]:
    """The constructs starting on lines ``first`` to ``last`` (1-based, inclusive) that the hand-in changes.

    ``blocks`` are the report's blocks as GitHub reads them (:attr:`.parse.Document.blocks`), ``lines`` its
    lines. Start at the ``Answer:`` line when the answer follows it: a list written right under a quote line is
    swallowed by the quote in the hand-in.
    """
    found: list[Difference] = []
    for index in range(bisect.bisect_left(blocks, first, key=lambda block: block.first), len(blocks)):
        block = blocks[index]
        if block.first > last:
            break
        if block.kind == "code" and block.form == "fenced":
            found.append(Difference("fence", block.first, index))
        elif block.kind == "table":
            found.append(Difference("table", block.first, index))
        elif block.kind == "list":
            found.extend(_list_differences(index, blocks, lines))
    return sorted(found, key=lambda difference: difference.line)


def _list_differences(index: int, blocks: Sequence[Block], lines: Sequence[str]) -> Iterator[Difference]:
    block = blocks[index]
    if block.form == ")":
        yield Difference("parenthesis-list", block.first, index)
    items = [holder for holder in holders(block, blocks) if holder.kind == "item"]
    if items:
        # A list opening on its item's own line ("- - a") is nested by Python-Markdown too.
        opens_its_item = items[0].first == block.first
        if not opens_its_item and _indentation(lines[block.first - 1]) < _PYTHON_MARKDOWN_INDENT * len(items):
            yield Difference("shallow-nested-list", block.first, index)
        return
    before = blocks[block.previous] if block.previous >= 0 else None
    if before is not None and before.last == block.first - 1:
        # No blank line between them: Python-Markdown reads the list as more of the block above.
        if before.kind == "paragraph":
            yield Difference("list-under-text", block.first, index)
        elif before.kind == "quote":
            yield Difference("list-under-quote", block.first, index)


def holders(block: Block, blocks: Sequence[Block]) -> Iterator[Block]:
    """The blocks that hold ``block``, the nearest first."""
    parent = block.parent
    while parent >= 0:
        yield blocks[parent]
        parent = blocks[parent].parent


def _indentation(line: str) -> int:
    """Columns before a list marker, inside any quote: what Python-Markdown counts to nest a list."""
    content = line[_QUOTE_PREFIX.match(line).end() :].expandtabs(_PYTHON_MARKDOWN_INDENT)  # type: ignore[union-attr]
    return len(content) - len(content.lstrip(" "))
