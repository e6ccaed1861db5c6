"""Find, and defuse before rendering, the lines that would stop or stall MkDocs' renderer.

MkDocs renders a page with Python-Markdown, after reading all of its markdown with an HTML
parser; a few shapes a student can write stop the whole site's build, or stall it:

- ``<![`` not followed by a marked section's keyword (``<![alt](figures/x.png)``, or
  ``<![>`` even inside backticks): MkDocs' HTML reader raises an AssertionError;
- a line opening lists ``MAX_NESTING`` deep (``- - - - ...``) or a run of ``MAX_EMPHASIS``
  ``*`` or ``_`` around text: Python-Markdown recurses once per level (RecursionError);
- many ``[`` that open no link in one paragraph: Python-Markdown reads the rest of the
  paragraph for each of them, so its time grows with the square of their number.

:func:`hazards` finds them (the engine's ``render-stop`` and ``render-slow`` rules report
them, so ``check`` says what the build says), and :func:`defuse` changes the page's
markdown so that it renders as the text written. Each offending character is replaced by
(or preceded with) a Unicode noncharacter, which no markdown syntax reads, and
:func:`restore` turns them back into the characters written in the rendered HTML, in
linear time. A backslash escape would show in code, and Python-Markdown handles each
escape by rebuilding the paragraph: quadratic again on 100,000 of them.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Container, Iterator
from dataclasses import dataclass

from mkdocs_report_plugin.reading.parse import parse

MAX_NESTING = 50
"""Python-Markdown recurses once per nested list level and crashes the whole build near 500."""
MAX_EMPHASIS = 100
"""A run of ``*`` or ``_`` around text nests half as many elements; MkDocs crashes near 1,500."""
BRACKET_BUDGET = 300_000
"""Characters Python-Markdown may read for the ``[`` of one paragraph: about 0.2 s of rendering."""
SECONDS_PER_BRACKET_CHARACTER = 0.65e-6
"""What one character read for a ``[`` costs Python-Markdown (measured on a run of 2,000 ``[``)."""

_MARK = "\ufdd0"
"""Unicode noncharacters are reserved for a program's internal use; this one is removed again."""
_STANDS_FOR = {"\ufdd1": "[", "\ufdd2": "*", "\ufdd3": "_"}
_MARK_OF = str.maketrans({character: mark for mark, character in _STANDS_FOR.items()})
_RESTORE = str.maketrans({_MARK: None, **_STANDS_FOR})
_UNREADABLE_MARKED_SECTION = re.compile(
    r"<(?=!\[(?!(?:temp|cdata|ignore|include|rcdata|if|else|endif)(?![-_.a-zA-Z0-9])))", re.IGNORECASE
)
"""``<![`` that Python's html.parser (which MkDocs runs over every page) raises on."""
_NESTING_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+")
_DEEP_LISTS = re.compile(rf"(?:{_NESTING_MARKER.pattern}){{{MAX_NESTING}}}")
"""``MAX_NESTING`` list markers in a row, somewhere in the text: one search, before any line is looked at."""
_EMPHASIS_RUN = re.compile(rf"(?<!\*)\*{{{MAX_EMPHASIS},}}|(?<!_)_{{{MAX_EMPHASIS},}}")
_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_BACKTICKS = re.compile(r"`+")
_BRACKET = re.compile(r"[\[\]]")


@dataclass(frozen=True)
class Hazard:
    """A line the renderer cannot take as it is, and why."""

    line: int  # 1-based, in the text given to hazards()/defuse()
    kind: str  # "marked-section", "nested-lists", "emphasis-run" or "brackets"
    count: int = 0  # for "brackets": the "[" marked; for "nested-lists": the depth
    seconds: float = 0.0  # for "brackets": Python-Markdown's estimated time on them


def hazards(text: str, code_lines: Container[int] = frozenset()) -> list[Hazard]:
    """Every hazard of ``text``, by line; ``code_lines`` (1-based) are code, not parsed inline."""
    return defuse(text, code_lines)[1]


def defuse(text: str, code_lines: Container[int] = frozenset(), first_line: int = 1) -> tuple[str, list[Hazard]]:
    """``text`` changed so that Python-Markdown and MkDocs render it as written, and what was changed.

    ``first_line`` is the source line of the text's first line (the page's markdown starts
    after its front matter); hazards are reported with source lines.
    """
    if not _may_hold_hazards(text):
        return text, []
    lines = text.split("\n")
    found: list[Hazard] = []
    found.extend(_defuse_lines(lines, code_lines, first_line))
    for first, last in _paragraphs(lines, code_lines, first_line):
        found.extend(_defuse_paragraph(lines, first - first_line, last - first_line, first_line))
    return "\n".join(lines), sorted(found, key=lambda hazard: hazard.line)


def _defuse_lines(lines: list[str], code_lines: Container[int], first_line: int) -> Iterator[Hazard]:
    """Mark, line by line, ``<![`` anywhere and the lines opening ``MAX_NESTING`` lists outside code."""
    for index, line in enumerate(lines):
        number = index + first_line
        if "<![" in line and _UNREADABLE_MARKED_SECTION.search(line):
            lines[index] = _UNREADABLE_MARKED_SECTION.sub("<" + _MARK, line)
            yield Hazard(number, "marked-section")
        if number in code_lines or len(lines[index]) < 2 * MAX_NESTING:  # each list marker takes two characters
            continue
        depth = _nesting_depth(lines[index])
        if depth >= MAX_NESTING:
            indent = len(lines[index]) - len(lines[index].lstrip())
            lines[index] = lines[index][:indent] + _MARK + lines[index][indent:]
            yield Hazard(number, "nested-lists", depth)


def defuse_page(text: str, markdown: str, first_line: int = 1) -> str:
    """The page's markdown, defused (see :func:`defuse`), with code found by the report's own reading.

    ``markdown`` is the report's ``text`` from line ``first_line`` on (MkDocs strips the front matter), its link
    targets perhaps rewritten in place: every line stays where it was, and no block changes, so the report's one
    parse (:func:`.parse.parse`, shared with the check) says which lines are code.
    """
    if not _may_hold_hazards(markdown):
        return markdown
    return defuse(markdown, parse(text).code_lines, first_line)[0]


def page_hazards(text: str) -> list[Hazard]:
    """The hazards of a whole file, with code found by the report's own reading (shared with the check)."""
    return hazards(text, parse(text).code_lines) if _may_hold_hazards(text) else []


def restore(html: str) -> str:
    """The characters written, in place of the marks :func:`defuse` set, in the rendered page."""
    return html.translate(_RESTORE) if any(mark in html for mark in (_MARK, *_STANDS_FOR)) else html


def _may_hold_hazards(text: str) -> bool:
    """A cheap look first: nearly every report holds none of the shapes."""
    return (
        "<![" in text
        or "*" * MAX_EMPHASIS in text
        or "_" * MAX_EMPHASIS in text
        or text.count("[") * len(text) > BRACKET_BUDGET
        or _DEEP_LISTS.search(text) is not None
    )


def _nesting_depth(line: str) -> int:
    """How many list markers open the line (``- - 1. x`` is 3), counted up to ``MAX_NESTING``."""
    depth, position = 0, len(line) - len(line.lstrip())
    while depth < MAX_NESTING and (marker := _NESTING_MARKER.match(line, position)) is not None:
        depth, position = depth + 1, marker.end()
    return depth


def _paragraphs(lines: list[str], code_lines: Container[int], first_line: int) -> Iterator[tuple[int, int]]:
    """(first, last) source lines of each run of non-blank lines outside code."""
    start = None
    for index, line in enumerate(lines):
        inside = line.strip() and index + first_line not in code_lines
        if inside and start is None:
            start = index + first_line
        elif not inside and start is not None:
            yield start, index + first_line - 1
            start = None
    if start is not None:
        yield start, len(lines) + first_line - 1


def _defuse_paragraph(lines: list[str], first: int, last: int, first_line: int) -> list[Hazard]:
    """Mark, in lines ``first``..``last`` (0-based), emphasis runs and the ``[`` that would stall."""
    block = "\n".join(lines[first : last + 1])
    runs = "*" * MAX_EMPHASIS in block or "_" * MAX_EMPHASIS in block
    if not runs and block.count("[") * len(block) <= BRACKET_BUDGET:  # the most Python-Markdown could read
        return []
    code = _code_spans(block)
    marked: list[tuple[int, int]] = []  # (start, end) of the characters to replace by their marks
    found: list[Hazard] = []
    starts = [0] + [match.end() for match in re.finditer("\n", block)]

    def line_of(offset: int) -> int:
        return first + first_line + bisect.bisect_right(starts, offset) - 1

    for run in _EMPHASIS_RUN.finditer(block):
        line_start = starts[bisect.bisect_right(starts, run.start()) - 1]
        line_end = block.find("\n", run.start())
        whole_line = block[line_start : line_end if line_end != -1 else len(block)]
        if not _in_spans(run.start(), code) and not _THEMATIC_BREAK.match(whole_line):
            marked.append((run.start(), run.end()))
            if not found or found[-1].line != line_of(run.start()):
                found.append(Hazard(line_of(run.start()), "emphasis-run"))
    stalling = _stalling_brackets(block, code)
    if stalling:
        marked.extend((offset, offset + 1) for offset in stalling)
        cost = sum(len(block) - offset for offset in stalling)
        found.append(Hazard(line_of(stalling[0]), "brackets", len(stalling), cost * SECONDS_PER_BRACKET_CHARACTER))
    if marked:
        _write_marked(lines, first, last, block, marked)
    return found


def _stalling_brackets(block: str, code: list[tuple[int, int]]) -> list[int]:
    """Offsets of the ``[`` that open nothing, when Python-Markdown would read too much for them.

    For each ``[`` it reads on to the ``]`` that closes it, or to the paragraph's end; one
    pass with a stack gives every such distance. Only ``[`` that close nothing are marked:
    no link changes.
    """
    open_brackets: list[int] = []
    cost = 0
    for match in _BRACKET.finditer(block):
        if _in_spans(match.start(), code):
            continue
        if match[0] == "[":
            open_brackets.append(match.start())
        elif open_brackets:
            cost += match.start() - open_brackets.pop()
    unclosed_cost = sum(len(block) - offset for offset in open_brackets)
    return open_brackets if cost + unclosed_cost > BRACKET_BUDGET and unclosed_cost else []


def _code_spans(block: str) -> list[tuple[int, int]]:
    """(start, end) of the code spans of a paragraph: a run of backticks to the next run as long."""
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(block)]
    by_length: dict[int, list[int]] = {}
    for start, end in runs:
        by_length.setdefault(end - start, []).append(start)
    spans: list[tuple[int, int]] = []
    position = 0
    for start, end in runs:
        if start < position:
            continue
        same = by_length[end - start]
        following = bisect.bisect_right(same, start)
        if following < len(same):
            position = same[following] + end - start
            spans.append((start, position))
    return spans


def _in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(spans, (offset, math.inf)) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def _write_marked(lines: list[str], first: int, last: int, block: str, marked: list[tuple[int, int]]) -> None:
    """Replace every character of the ranges by its mark, and put the lines back."""
    pieces, position = [], 0
    for start, end in sorted(marked):
        pieces.append(block[position:start])
        pieces.append(block[start:end].translate(_MARK_OF))
        position = end
    pieces.append(block[position:])
    lines[first : last + 1] = "".join(pieces).split("\n")
