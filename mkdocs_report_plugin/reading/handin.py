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
them renders nothing: the answer's lines are parsed the way GitHub reads them (CommonMark
and tables, markdown-it-py's block tokens), and each construct Python-Markdown does not
know is reported on the line the parser gives it. Only answers with a line that could
start such a construct are parsed at all; rendering a whole report with Python-Markdown
costs more than checking it.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from mkdocs_report_plugin.model.report import Result
from mkdocs_report_plugin.reading.repository import read_limited
from mkdocs_report_plugin.reading.safe_files import write_file
from mkdocs_report_plugin.reading.template import shipped_header_offset

HANDIN_FILE = "report.html"
"""The name ``report.py html`` writes, in the folder it runs in: the report's own."""

Construct = Literal["fence", "table", "list-under-text", "list-under-quote", "shallow-nested-list", "parenthesis-list"]

_GITHUB_BLOCKS = MarkdownIt("commonmark").enable("table").disable("inline")
"""GitHub's block structure: CommonMark plus tables; inline syntax changes no block."""

_PYTHON_MARKDOWN_INDENT = 4
"""Python-Markdown nests a list, or keeps code in a list item, only at four spaces per level."""

_LINES_NAMED = 5
"""A message names this many lines of one construct, then counts the rest."""

_QUOTE_PREFIX = re.compile(r"^(?:[ ]{0,3}>[ ]?)*")
_CANDIDATE = re.compile(
    r"^(?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])*"  # quotes, indentation and list markers before
    r"(?:```|~~~"  # a fence
    r"|\d{1,9}\)(?:[ \t]|$)"  # an item of a "1)" list
    r"|\|[ \t]*:?-|:?-+:?[ \t]*\|)"  # a table's delimiter row
)
_LIST_ITEM = re.compile(r"^([ \t>]*)(?:[-*+]|\d{1,9}\.)(?:[ \t]|$)")


@dataclass(frozen=True)
class Difference:
    """One construct of an answer that the hand-in shows otherwise than GitHub does."""

    construct: Construct
    line: int  # 1-based line of the report where the construct starts


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


def differences(lines: Sequence[str], first: int, last: int) -> list[Difference]:
    """The constructs of lines ``first`` to ``last`` (1-based, inclusive) that the hand-in changes.

    Start at the ``Answer:`` line when the answer follows it: a list written right under
    a quote line is swallowed by the quote in the hand-in.
    """
    region = lines[max(first, 1) - 1 : last]
    if not _may_differ(region):
        return []
    tokens = github_blocks(region)
    return sorted(_differences(tokens, region, first), key=lambda difference: difference.line)


def github_blocks(region: Sequence[str]) -> list[Token]:
    """The block tokens GitHub reads in ``region`` (CommonMark and tables; no inline syntax), line maps
    counted from the region's first line: what :func:`differences` reads, and the fixes of what it finds
    (which read the same answer again: the last few are kept)."""
    return list(_github_blocks("\n".join(region)))


@functools.lru_cache(maxsize=8)
def _github_blocks(text: str) -> tuple[Token, ...]:
    return tuple(_GITHUB_BLOCKS.parse(text))


def _may_differ(region: Sequence[str]) -> bool:
    """Whether a line could start a construct that the hand-in changes; cheap, and never misses one.

    Most answers are paragraphs, or lists after a blank line: those are not parsed.
    """
    previous = ""
    for line in region:
        if _CANDIDATE.match(line):
            return True
        item = _LIST_ITEM.match(line)
        if item and (_indentation(line) > 0 or (previous.strip() and not _same_level_item(previous, item[1]))):
            return True
        previous = line
    return False


def _same_level_item(line: str, prefix: str) -> bool:
    item = _LIST_ITEM.match(line)
    return item is not None and item[1] == prefix


def _differences(tokens: list[Token], region: Sequence[str], first: int) -> Iterator[Difference]:
    containers: list[Token] = []  # the blocks open around a token: quotes, lists, items, paragraphs
    previous: dict[int, Token | None] = {0: None}  # the last block opened at each level
    for token in tokens:
        if token.nesting == -1:
            containers.pop()
            continue
        line = first + token.map[0] if token.map else first
        if token.type == "fence":
            yield Difference("fence", line)
        elif token.type == "table_open":
            yield Difference("table", line)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            yield from _list_differences(token, containers, previous.get(token.level), region, first)
        previous[token.level] = token
        if token.nesting == 1:
            containers.append(token)
            previous[token.level + 1] = None


def _list_differences(
    token: Token, containers: list[Token], before: Token | None, region: Sequence[str], first: int
) -> Iterator[Difference]:
    assert token.map is not None
    line = first + token.map[0]
    if token.markup == ")":
        yield Difference("parenthesis-list", line)
    items = [container for container in containers if container.type == "list_item_open"]
    if items:
        # A list opening on its item's own line ("- - a") is nested by Python-Markdown too.
        opens_its_item = items[-1].map is not None and items[-1].map[0] == token.map[0]
        if not opens_its_item and _indentation(region[token.map[0]]) < _PYTHON_MARKDOWN_INDENT * len(items):
            yield Difference("shallow-nested-list", line)
    elif before is not None and before.map is not None and before.map[1] == token.map[0]:
        # No blank line between them: Python-Markdown reads the list as more of the block above.
        if before.type == "paragraph_open":
            yield Difference("list-under-text", line)
        elif before.type == "blockquote_open":
            yield Difference("list-under-quote", line)


def _indentation(line: str) -> int:
    """Columns before a list marker, inside any quote: what Python-Markdown counts to nest a list."""
    content = line[_QUOTE_PREFIX.match(line).end() :].expandtabs(_PYTHON_MARKDOWN_INDENT)  # type: ignore[union-attr]
    return len(content) - len(content.lstrip(" "))
