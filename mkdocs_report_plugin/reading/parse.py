"""Read the structure of a report: question sections, answers, images, links, checklist.

The structure comes from a CommonMark parser with source ranges (pulldown-cmark), never from
regular expressions over lines: only a parser knows that ``### comment`` in a bash block
inside a list item is code, that ````` ```--- question 1 fill here ---``` ````` is inline
code and not a fence, or that ``- ### Locally:`` is a heading inside a list. Rendering is
not done here: MkDocs renders with Python-Markdown.

This module reads the document, its question sections and their answers; the blocks, images
and links come from :mod:`.markdown_events`, the links' definitions and the checklist items
from :mod:`.images_links`. A report is parsed once per text (:func:`parse` remembers the last
two): the engine's rules, the page's defusing and the hand-in's differences share the reading.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from mkdocs_report_plugin.model.report import ChecklistItem, Image, Reference
from mkdocs_report_plugin.reading.images_links import at_their_definitions, checklist_items
from mkdocs_report_plugin.reading.markdown_events import Block, Markup, front_matter_length, line_matches, read_markup
from mkdocs_report_plugin.reading.template import QUESTION_HEADING

MARKER = "Answer:"
_MARKER_LINES = re.compile(r"^(?:[^\S\n]|[>*_])*Answer:", re.IGNORECASE | re.MULTILINE)
"""A line that holds an answer marker, after quotes, emphasis and spaces; searched in the whole text at once, so
spaces are any whitespace but the line break: no match spans two lines."""
_TEMPLATE_MARKER_LINE = re.compile(r"^[\s>]*Answer:", re.IGNORECASE)


@dataclass
class Heading:
    level: int
    text: str
    line: int  # 1-based
    nested: bool  # inside a list item or a quote: part of an answer, never a section
    atx: bool  # written with '#'; False for text underlined by '---' or '===' (setext)
    end_line: int  # last line: the underline of a setext heading


@dataclass
class Section:
    """The lines of one ``### Question N`` heading up to the next question heading."""

    number: int
    title: str
    line: int
    end_line: int  # last line of the section, inclusive
    markers: list[int] = field(default_factory=list)  # lines holding "Answer:" outside code
    marker: int | None = None  # the template's own "> Answer:" line among them
    prompt: str = ""
    orphan_prompts: list[int] = field(default_factory=list)  # where headless questions' prompts start


@dataclass
class Document:
    """Everything the parser knows about a report, with 1-based source lines.

    One document is shared by everything that reads the same text (see :func:`parse`): read it, never change it.
    """

    lines: list[str]
    headings: list[Heading]
    sections: list[Section]
    cut_lines: list[int]  # headings where the official checker ends an answer (see _cut_lines)
    code_lines: frozenset[int]  # lines inside fenced/indented code or raw HTML blocks
    images: list[Image]  # every image reference, in code or not
    references: list[Reference]  # links and rendering images, outside code
    checklist: list[ChecklistItem]
    blocks: list[Block]  # every block, in the order of the text: what the hand-in comparison reads

    @property
    def question_numbers(self) -> list[int]:
        return [section.number for section in self.sections]

    def prose_lines(self, first: int, last: int) -> Iterator[tuple[int, str]]:
        """``(line number, text)`` of the lines from ``first`` to ``last`` that are not code."""
        for number in range(max(first, 1), min(last, len(self.lines)) + 1):
            if number not in self.code_lines:
                yield number, self.lines[number - 1]


@functools.lru_cache(maxsize=2)
def parse(text: str) -> Document:
    """Parse normalised text (``\\n`` line endings) into a :class:`Document`, once per text.

    The check, the page's defusing and the hazard scan of one report all ask for its document: the last two
    texts' documents are kept (a site has one report; a batch checks one at a time), and shared.
    """
    lines = text.split("\n")
    front = front_matter_length(lines)
    markup = read_markup("\n" * front + "\n".join(lines[front:]))
    headings = list(_headings(markup))
    code_lines = frozenset(markup.code_lines)
    sections = _sections(headings, lines, code_lines)
    references = at_their_definitions(markup.references, markup.labels, lines, code_lines)
    return Document(
        lines=lines,
        headings=headings,
        sections=sections,
        cut_lines=_cut_lines(headings, text),
        code_lines=code_lines,
        images=markup.images,
        references=_assign_questions(references, sections),
        checklist=checklist_items(
            markup,
            [(heading.line, heading.text) for heading in headings],
            sections[0].line if sections else len(lines) + 1,
        ),
        blocks=markup.blocks,
    )


# --- headings and sections ---------------------------------------------------------


def _headings(markup: Markup) -> Iterator[Heading]:
    for index, text in markup.heading_texts.items():
        block = markup.blocks[index]
        yield Heading(block.level, text, block.first, block.nested, block.form == "atx", block.last)


def question_number(heading: Heading) -> int | None:
    """The N of a top-level ``## Question N`` to ``#### Question N`` heading."""
    if heading.nested or not heading.atx or not 2 <= heading.level <= 4:
        return None
    match = QUESTION_HEADING.match(heading.text)
    return int(match[1]) if match else None


def _sections(headings: list[Heading], lines: list[str], code_lines: frozenset[int]) -> list[Section]:
    """One section per question heading, running to the next question heading.

    Every other heading is inside a section: a student's own heading is part of the
    answer's text (where it ends the answer is :func:`answer_of`'s business), and a
    template heading such as ``## Coding environment`` ends the answer before it.
    """
    numbered = [(heading, number) for heading in headings if (number := question_number(heading)) is not None]
    marker_lines = [line for line in _marker_lines(lines) if line not in code_lines]
    sections: list[Section] = []
    for position, (heading, number) in enumerate(numbered):
        end = numbered[position + 1][0].line - 1 if position + 1 < len(numbered) else len(lines)
        section = Section(number=number, title=heading.text, line=heading.line, end_line=end)
        section.markers = marker_lines[
            bisect.bisect_right(marker_lines, heading.line) : bisect.bisect_right(marker_lines, end)
        ]
        section.marker = _template_marker(section.markers, lines)
        prompt_end = section.marker - 1 if section.marker is not None else end
        section.prompt = "\n".join(lines[heading.line : prompt_end])
        section.orphan_prompts = _orphan_prompts(section, lines)
        sections.append(section)
    return sections


def _marker_lines(lines: list[str]) -> list[int]:
    """The lines (1-based, in order) that hold an ``Answer:`` marker, code or not."""
    return [line for line, _ in line_matches(_MARKER_LINES, lines)]


def _orphan_prompts(section: Section, lines: list[str]) -> list[int]:
    """Where the prompts of questions whose heading was deleted start inside ``section``.

    Such a prompt is a quote block of question text ending in a later ``> Answer:``; an
    answer's ``> Answer:`` pasted twice has no prompt above it and is not one.
    """
    starts = []
    for marker in section.markers:
        if marker == section.marker or not _TEMPLATE_MARKER_LINE.match(lines[marker - 1]):
            continue
        start, top = marker, max(section.line, section.marker or 0)  # never into the question's own prompt
        while start - 1 > top and lines[start - 2].lstrip().startswith(">"):
            start -= 1
        if any(lines[line - 1].lstrip().lstrip(">").strip() for line in range(start, marker)):
            starts.append(start)
    return starts


def _template_marker(markers: list[int], lines: list[str]) -> int | None:
    """The template's ``> Answer:`` line among a section's markers.

    A prompt's example may hold one too (``> *Answer: yes, we ...*``): the template's
    own marker is the first that is not emphasised, else simply the first.
    """
    plain = (line for line in markers if _TEMPLATE_MARKER_LINE.match(lines[line - 1]))
    return next(plain, markers[0] if markers else None)


def _cut_lines(headings: list[Heading], text: str) -> list[int]:
    """Lines of the headings at which the course's checker ends an answer.

    It cuts an answer at its first ``##`` when a ``###`` follows in the same piece of
    text, which every heading written with two or more '#' is, as long as a ``###``
    comes after it (before a later question there always is one: the question's own
    heading). Setext headings and ``#`` headings hold no ``##``: they are answer text.
    """
    last_triple = text.rfind("###")
    if last_triple == -1:
        return []
    last_line = text.count("\n", 0, last_triple) + 1
    return [heading.line for heading in headings if heading.atx and heading.level >= 2 and heading.line <= last_line]


def _assign_questions(references: list[Reference], sections: list[Section]) -> list[Reference]:
    return [
        Reference(ref.target, ref.line, ref.is_image, question=section_at(sections, ref.line)) for ref in references
    ]


def section_at(sections: list[Section], line: int) -> int | None:
    """The number of the question whose section holds ``line``, if any.

    Sections are in the order of their lines and do not overlap, so a binary search finds
    the one that starts last before ``line`` (a report pasted many times has thousands).
    """
    position = bisect.bisect_right(sections, line, key=lambda section: section.line) - 1
    if position >= 0 and line <= sections[position].end_line:
        return sections[position].number
    return None


# --- answers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """The text a student wrote for one question, from its ``Answer:`` to where the answer ends."""

    text: str  # as written, the rest of the marker line included; leading/trailing newlines dropped
    marker_line: int | None
    first_line: int | None  # first line holding answer text
    last_line: int | None
    region: tuple[int, int]  # lines searched for the answer: (from, to), inclusive
    written: tuple[int, int]  # every line the student wrote under the question, counted or not past a cut
    cut_line: int | None = None  # a heading inside the section that ended the answer early


def answer_of(section: Section, document: Document) -> Answer:
    """Read the answer of ``section``.

    It starts right after the template's ``Answer:`` line, so an answer written on the
    marker line (``> Answer: 2``) or in the quote block below it is kept. Without a
    marker, the answer is what follows the prompt's quote block. It ends where the
    course's checker ends it: at the next question, or before at a ``##``/``###``
    heading outside code (:func:`_cut_lines`).
    """
    lines = document.lines
    marker = section.marker
    if marker is not None:
        marker_text = lines[marker - 1]
        head = [marker_text[marker_text.lower().index(MARKER.lower()) + len(MARKER) :]]
        first = after = marker
    else:
        head = []
        first = _after_prompt(section, lines)
        after = first - 1
    next_prompt = next((line for line in section.orphan_prompts if line > after), None)
    written = (after if marker is not None else first, next_prompt - 1 if next_prompt else section.end_line)
    following = bisect.bisect_right(document.cut_lines, after)
    cut_line = document.cut_lines[following] if following < len(document.cut_lines) else None
    cut_line = cut_line if cut_line is not None and cut_line <= written[1] else None
    end = written[1] if cut_line is None else cut_line - 1
    body = head + lines[after:end]
    if cut_line is not None:
        # The checker cuts at the '##' itself: a list marker or '>' before it stays in the answer.
        before_cut = lines[cut_line - 1].split("##", 1)[0]
        if before_cut.strip():
            body.append(before_cut)
            end = cut_line
    while body and not body[0].strip():
        body.pop(0)
        first += 1
    while body and not body[-1].strip():
        body.pop()
    if not body:
        return Answer("", marker, None, None, (first, end), written, cut_line)
    return Answer("\n".join(body), marker, first, first + len(body) - 1, (first, end), written, cut_line)


def _after_prompt(section: Section, lines: list[str]) -> int:
    """The first line after the heading and the ``>`` prompt block that follows it."""
    line = section.line + 1
    while line <= section.end_line and (not lines[line - 1].strip() or lines[line - 1].lstrip().startswith(">")):
        line += 1
    return line
