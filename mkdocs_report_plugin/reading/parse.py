"""Read the structure of a report: question sections, answers, images, links, checklist.

The structure comes from a CommonMark parser with source line maps (markdown-it-py),
never from regular expressions over lines: only a parser knows that ``### comment`` in
a bash block inside a list item is code, that ````` ```--- question 1 fill here ---``` `````
is inline code and not a fence, or that ``- ### Locally:`` is a heading inside a list.
Rendering is not done here: MkDocs renders with Python-Markdown.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline, backtick, html_inline, image, link
from markdown_it.token import Token

from mkdocs_report_plugin.model.report import ChecklistItem, Image, Reference
from mkdocs_report_plugin.reading.template import QUESTION_HEADING

_PARSER = MarkdownIt("commonmark", {"maxNesting": 100}).enable(["table", "strikethrough"]).disable("inline")
_PARSER.normalizeLink = lambda url: url  # type: ignore[method-assign]  # keep targets as written: they name files, not URLs to fetch
_PARSER.validateLink = lambda url: True  # type: ignore[method-assign]  # see file:/// and javascript: links too: Python-Markdown renders them
# CommonMark's preset stops at 20 levels (a list nested 10 deep, as each item is a level too),
# while GitHub and Python-Markdown read far deeper; 100 is markdown-it's default preset, and
# stays well inside Python's recursion limit.

_NESTING_LIMIT = "report_nesting_limit"
"""Key in markdown-it's env: the first line (0-based) that markdown-it skipped at its nesting limit."""
_MAX_RESUMES = 20
"""Readings resumed after a nesting limit: each re-reads the rest of the file, so they are bounded."""
_TOP_LEVEL_HEADING = re.compile(r"^#{1,6}(?:[ \t]|$)", re.MULTILINE)


def _tokenize_noting_the_nesting_limit(state: StateBlock, start_line: int, end_line: int) -> None:
    """markdown-it's block tokenizer, which silently skips its range at the nesting limit (for
    a list, to the end of the file); this notes the range, so the reading can say so and go on."""
    if state.level >= state.md.options.maxNesting:
        line = state.skipEmptyLines(start_line)
        if line < end_line and state.sCount[line] >= state.blkIndent:
            state.env.setdefault(_NESTING_LIMIT, []).append((line, end_line))
    _BLOCK_TOKENIZE(state, start_line, end_line)


_BLOCK_TOKENIZE = _PARSER.block.tokenize
_PARSER.block.tokenize = _tokenize_noting_the_nesting_limit  # type: ignore[method-assign,assignment]


def _remembering_offset(rule: Callable[[StateInline, bool], bool], opens: str) -> Callable[[StateInline, bool], bool]:
    """Wrap an inline rule so that the token it opens knows where it starts in its block.

    A block's inline content keeps the block's line breaks, so the offset gives the
    exact source line, even after a code span that wraps over a line break.
    """

    def rule_with_offset(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent:
            # Pending text is flushed first, so the opened token is not always at `count`.
            opened = next((token for token in state.tokens[count:] if token.type == opens), None)
            if opened is not None:
                opened.meta["offset"], opened.meta["end"] = start, state.pos
        return matched

    return rule_with_offset


for _name, _rule, _opens in (
    ("backticks", backtick, "code_inline"),
    ("link", link, "link_open"),
    ("image", image, "image"),
    ("html_inline", html_inline, "html_inline"),
):
    _PARSER.inline.ruler.at(_name, _remembering_offset(_rule, _opens))
_INLINE_SYNTAX = ("[", "`", "<")
"""Images, links, code spans and inline HTML all need one of these; other text is not parsed inline."""

MARKER = "Answer:"
_MARKER_LINE = re.compile(r"^[\s>*_]*Answer:", re.IGNORECASE)
_TEMPLATE_MARKER_LINE = re.compile(r"^[\s>]*Answer:", re.IGNORECASE)
# Every repeated part stops at the character that would start the next match ('[' or '(' or
# '<'), so that a line of thousands of "![" or "<img" is scanned once, not once per start.
_MARKDOWN_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\(([^()\n]*)\)")
_HTML_IMAGE_TAG = re.compile(r"<img\b[^<>]*", re.IGNORECASE)
_HTML_SRC = re.compile(r"\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))", re.IGNORECASE)
_HTML_ALT = re.compile(r"\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
_TASK = re.compile(r"^\[([ xX])\]\s+(.*)$", re.DOTALL)
_MODULES = re.compile(r"\(\s*(M\d+(?:\s*\+\s*M\d+)*)\s*\)\s*$")
_FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)\s*$")
_LINE_BREAK = re.compile("\n")


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
    """Everything the parser knows about a report, with 1-based source lines."""

    lines: list[str]
    headings: list[Heading]
    sections: list[Section]
    cut_lines: list[int]  # headings where the official checker ends an answer (see _cut_lines)
    code_lines: frozenset[int]  # lines inside fenced/indented code or raw HTML blocks
    too_deep: list[tuple[int, int]]  # (first, last) lines not read: nested past the parser's limit
    images: list[Image]  # every image reference, in code or not
    references: list[Reference]  # links and rendering images, outside code
    checklist: list[ChecklistItem]

    @property
    def question_numbers(self) -> list[int]:
        return [section.number for section in self.sections]

    def prose_lines(self, first: int, last: int) -> Iterator[tuple[int, str]]:
        """``(line number, text)`` of the lines from ``first`` to ``last`` that are not code."""
        for number in range(max(first, 1), min(last, len(self.lines)) + 1):
            if number not in self.code_lines:
                yield number, self.lines[number - 1]


def parse(text: str) -> Document:
    """Parse normalised text (``\\n`` line endings) into a :class:`Document`."""
    lines = text.split("\n")
    front = front_matter_length(lines)
    body = "\n" * front + "\n".join(lines[front:])
    env: dict[str, Any] = {}
    tokens, too_deep = _parse_tokens(body, env)
    headings = list(_headings(tokens))
    code_lines = frozenset(_code_lines(tokens))
    images, references = _images_and_references(tokens)
    references = _at_their_definitions(references, lines, env.get("references", {}))
    sections = _sections(headings, lines, code_lines)
    return Document(
        lines=lines,
        headings=headings,
        sections=sections,
        cut_lines=_cut_lines(headings, text),
        code_lines=code_lines,
        too_deep=too_deep,
        images=images,
        references=_assign_questions(references, sections),
        checklist=_checklist(tokens, headings, sections[0].line if sections else len(lines) + 1),
    )


def _parse_tokens(body: str, env: dict[str, Any]) -> tuple[list[Token], list[tuple[int, int]]]:
    """CommonMark block tokens, with inline children only where images or links can be, and
    the ranges of lines (1-based, inclusive) that were nested too deeply to be read.

    Inline parsing is a third of markdown-it's time and most of a report is prose with
    nothing in it that we read; skipping it there gives the same images and links.
    """
    tokens, too_deep = _block_tokens(body, env)
    for token in tokens:
        if token.type == "inline" and any(mark in token.content for mark in _INLINE_SYNTAX):
            token.children = []
            _PARSER.inline.parse(token.content, _PARSER, env, token.children)
    return tokens, too_deep


def _block_tokens(body: str, env: dict[str, Any]) -> tuple[list[Token], list[tuple[int, int]]]:
    """Block tokens of the whole body, even past a construct nested beyond markdown-it's limit.

    At the limit markdown-it skips the rest of the construct, and in a list that is the rest
    of the file, so the questions below would be missing. A heading at the start of a line
    closes every list and quote, so the reading resumes at the next one, with the line
    numbers of the whole file.
    """
    tokens: list[Token] = []
    too_deep: list[tuple[int, int]] = []
    source = body
    while True:
        tokens.extend(_PARSER.parse(source, env))
        resume = None
        for first, end in env.pop(_NESTING_LIMIT, []):
            heading = _TOP_LEVEL_HEADING.search(body, _offset_of_line(body, first + 1))
            heading_line = body.count("\n", 0, heading.start()) if heading else end
            too_deep.append((first + 1, min(end, heading_line)))
            if heading_line < end:
                resume = heading
                break
        if resume is None or len(too_deep) > _MAX_RESUMES:
            return tokens, too_deep
        source = "\n" * too_deep[-1][1] + body[resume.start() :]


def _offset_of_line(text: str, line: int) -> int:
    """Where 0-based ``line`` starts in ``text`` (its end when there are fewer lines)."""
    offset = 0
    for _ in range(line):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return len(text)
    return offset


def front_matter_length(lines: list[str]) -> int:
    """Number of lines of a leading YAML front-matter block (0 when there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, min(len(lines), 60)):
        if _FRONT_MATTER_END.match(lines[index]):
            return index + 1
        if not lines[index].strip() or lines[index].startswith(("#", ">", "*", "-")):
            continue
        if ":" not in lines[index]:
            return 0
    return 0


# --- headings and sections ---------------------------------------------------------


def _headings(tokens: list[Token]) -> Iterator[Heading]:
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map is not None:
            yield Heading(
                level=int(token.tag[1]),
                text=tokens[index + 1].content.strip(),
                line=token.map[0] + 1,
                nested=token.level > 0,
                atx=token.markup.startswith("#"),
                end_line=token.map[1],
            )


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
    sections: list[Section] = []
    for position, (heading, number) in enumerate(numbered):
        end = numbered[position + 1][0].line - 1 if position + 1 < len(numbered) else len(lines)
        section = Section(number=number, title=heading.text, line=heading.line, end_line=end)
        section.markers = [
            line
            for line in range(heading.line + 1, end + 1)
            if line not in code_lines and _MARKER_LINE.match(lines[line - 1])
        ]
        section.marker = _template_marker(section.markers, lines)
        prompt_end = section.marker - 1 if section.marker is not None else end
        section.prompt = "\n".join(lines[heading.line : prompt_end])
        section.orphan_prompts = _orphan_prompts(section, lines)
        sections.append(section)
    return sections


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


def _code_lines(tokens: list[Token]) -> Iterator[int]:
    for token in tokens:
        if token.type in ("fence", "code_block", "html_block") and token.map is not None:
            yield from range(token.map[0] + 1, token.map[1] + 1)


# --- images and links --------------------------------------------------------------


def _images_and_references(tokens: list[Token]) -> tuple[list[Image], list[Reference]]:
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


def _at_their_definitions(
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


# --- checklist -----------------------------------------------------------------------


def _checklist(tokens: list[Token], headings: list[Heading], before_line: int) -> list[ChecklistItem]:
    """Task items (``* [x] ...``) above the first question, with the heading they sit under."""
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


def _heading_above(headings: list[Heading], line: int) -> str:
    above = [heading.text for heading in headings if heading.line < line]
    return above[-1] if above else "Checklist"


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
