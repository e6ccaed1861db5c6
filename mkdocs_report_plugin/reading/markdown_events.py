"""A report read once by a native CommonMark parser: its blocks with their lines, its images, links and code.

pulldown-cmark (through pyromark) parses the text in Rust and hands over a flat stream of events (a block or an
inline element opens, text, it closes), each with its range in the source. One walk over that stream gives
everything the reading needs: the blocks (headings, paragraphs, quotes, lists and their items, code, HTML,
tables) with their first and last lines, the raw text of headings and of each list item's first paragraph, and
the images and links with the line they start on. Nothing is nested too deep to be read: the parser has no
nesting limit, and the walk is a loop, not a recursion.

CommonMark with tables, as GitHub reads a file; no footnotes, no front matter (the front matter's lines are
blanked first, see :func:`front_matter_length`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pyromark

from mkdocs_report_plugin.model.report import Image, Reference

__all__ = ["Block", "Markup", "front_matter_length", "line_matches", "read_markup"]

_PARSER = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)

_BLOCK_KINDS = {
    "Paragraph": "paragraph",
    "Heading": "heading",
    "BlockQuote": "quote",
    "List": "list",
    "Item": "item",
    "CodeBlock": "code",
    "HtmlBlock": "html",
    "Table": "table",
}
"""pulldown-cmark's block tags, by the names the reading gives them (a table's rows and cells are its own)."""
_TABLE_PARTS = ("TableHead", "TableRow", "TableCell")
_CONTAINERS = ("quote", "item")
"""Blocks that hold blocks: a heading in one is part of an answer, never a section."""
_SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone surrogate (text decoded with ``surrogateescape``, or pasted) cannot reach Rust: the parser reads U+FFFD
in its place, as long in UTF-8, so the ranges stay those of the text."""
_LIST_DELIMITER = re.compile(r"\d{1,9}([.)])")
_FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)\s*$")


class Block(NamedTuple):
    """One block of the report: where it is, what holds it, and what the hand-in comparison needs of it (a
    named tuple: a report has hundreds, made in one walk)."""

    kind: str  # "paragraph", "heading", "quote", "list", "item", "code", "html", "table" or "rule"
    first: int  # 1-based line it starts on
    last: int  # 1-based last line (a setext heading's underline; lists and items may end on a blank line)
    parent: int  # index of the block that holds it in Markup.blocks, -1 at the top
    previous: int  # index of the block right before it in the same parent, -1 for the first
    nested: bool  # inside a quote or a list item
    level: int = 0  # a heading's level
    form: str = ""  # heading "atx"/"setext"; list "."/")" ("" for bullets); code "fenced"/"indented"
    closed: bool = False  # fenced code ended by its closing fence, not by the end of what holds it


@dataclass
class Markup:
    """What one parse of a report gives: its blocks in document order, and its inline facts, with 1-based lines."""

    blocks: list[Block] = field(default_factory=list)
    heading_texts: dict[int, str] = field(default_factory=dict)  # by block index: the heading's raw text
    item_texts: dict[int, str] = field(default_factory=dict)  # by item index: its first paragraph's raw text
    images: list[Image] = field(default_factory=list)  # every image, in code or not
    references: list[Reference] = field(default_factory=list)  # links and rendering images, outside code
    labels: dict[int, str] = field(default_factory=dict)  # reference-style links: index in references -> label

    @property
    def code_lines(self) -> Iterator[int]:
        """The lines of fenced and indented code and of raw HTML blocks."""
        for block in self.blocks:
            if block.kind in ("code", "html"):
                yield from range(block.first, block.last + 1)


def read_markup(body: str) -> Markup:
    """Parse ``body`` (``\\n`` line endings) once; every range is mapped to its line."""
    text = body.replace("\0", "\ufffd") if "\0" in body else body  # CommonMark's first step; GitHub's too
    try:
        source, parsed = text.encode(), text
    except UnicodeEncodeError:  # a lone surrogate: rare, so looked for only when encoding fails
        source, parsed = text.encode("utf-8", "surrogatepass"), _SURROGATE.sub("\ufffd", text)
    return _Walk(source).read(_PARSER.events_with_range(parsed))


class _Walk:
    """One pass over the parser's events. The source is UTF-8 bytes: the parser's ranges count bytes."""

    def __init__(self, source: bytes) -> None:
        self.source = source
        lengths = map(len, source.split(b"\n"))
        self.starts = list(itertools.accumulate(map((1).__add__, lengths), initial=0))  # where each line starts
        self.markup = Markup()
        self.open: list[int] = []  # indexes of the blocks open around the current event
        self.last_child: dict[int, int] = {}  # block index (-1: the document) -> the last block it holds so far
        self.containers = 0  # quotes and items open
        self.code = False  # inside a code block: its text is code
        self.code_end = -1  # where the text of that code block ends so far (-1: it has none yet)
        self.inline_depth = 0  # emphasis, links and images open in the current block of text
        self.pieces: list[list[int]] | None = None  # the raw text being collected, one [start, end] per line
        self.item_waiting: int | None = None  # an item whose first block decides whether it starts with text
        self.image: tuple[int, int, int] | None = None  # the image being read: (index, start, depth)
        self.label_end = 0  # where the text of that image ends, so far

    def line(self, offset: int) -> int:
        """The 1-based line that holds byte ``offset``."""
        return bisect.bisect_right(self.starts, offset)

    def raw(self, start: int, end: int) -> str:
        return self.source[start:end].decode("utf-8", "surrogatepass")

    def read(self, events: Iterable[tuple[Any, Any]]) -> Markup:
        for event, span in events:
            if self.image is not None:
                self.within_image(event, span["end"])
                continue
            if event.__class__ is str:  # "SoftBreak", "HardBreak", "Rule"
                if event == "Rule":
                    self.settle_item()
                    self.add_block("rule", span["start"], span["end"])
                elif self.pieces is not None and self.inline_depth == 0:
                    self.pieces.append([-1, -1])  # the next piece of text starts a line
                continue
            text = event.get("Text")
            if text is not None:  # most events: prose, read only in code, a heading or an item's first lines
                if self.code:
                    self.code_end = span["end"]
                    self.markup.images.extend(_markdown_images(text, self.line(span["start"]), in_code=True))
                elif self.pieces is not None or self.item_waiting is not None:
                    self.inline_piece(span["start"], span["end"])
                continue
            start, end = span["start"], span["end"]
            if "Start" in event:
                self.start(event["Start"], start, end)
            elif "End" in event:
                self.end(event["End"], start, end)
            elif "Html" in event:  # a line of an HTML block
                self.html(event["Html"], self.line(start))
            else:  # Code, InlineHtml: inline elements of a block of text
                self.inline_piece(start, end)
                if "Code" in event:
                    self.markup.images.extend(_markdown_images(event["Code"], self.line(start), in_code=True))
                elif "InlineHtml" in event:
                    self.html(event["InlineHtml"], self.line(start), markdown=False)
        return self.markup

    def within_image(self, event: Any, end: int) -> None:
        """Within an image's text nothing is read (an image, a link or code there is its alt text), only where
        that text ends; at the image's own end its alt text is known."""
        index, start, depth = self.image  # type: ignore[misc]  # the caller checked
        if event.__class__ is dict and "End" in event:
            if depth == 0:
                image = self.markup.images[index]
                alt = self.raw(start + 2, self.label_end)
                self.markup.images[index] = Image(image.source, alt, image.line, by_reference=image.by_reference)
                self.image = None
                self.inline_depth -= 1
                return
            depth -= 1
        elif event.__class__ is dict and "Start" in event:
            depth += 1
        self.image = (index, start, depth)
        self.label_end = max(self.label_end, end)

    def start(self, tag: Any, start: int, end: int) -> None:
        name = tag if tag.__class__ is str else next(iter(tag))
        kind = _BLOCK_KINDS.get(name)
        if kind is None:
            if name not in _TABLE_PARTS:
                self.inline_start(name, tag, start, end)
            return
        if kind in ("paragraph", "heading") and self.item_waiting is not None and self.pieces is None:
            self.pieces = [[-1, -1]]  # the item starts with text: collect it
        else:
            self.settle_item()
            if kind == "heading":
                self.pieces = [[-1, -1]]
        index = self.add_block(kind, start, end, tag)
        self.open.append(index)
        if kind in _CONTAINERS:
            self.containers += 1
        if kind == "item":
            self.item_waiting = index
        elif kind == "code":
            self.code, self.code_end = True, -1

    def end(self, tag: Any, start: int, end: int) -> None:
        name = tag if tag.__class__ is str else next(iter(tag))
        if name not in _BLOCK_KINDS:
            if name not in _TABLE_PARTS:
                self.inline_depth -= 1
            return
        index = self.open.pop()
        kind = self.markup.blocks[index].kind
        if kind in _CONTAINERS:
            self.containers -= 1
        if kind == "code":
            self.code = False
            self.close_fence(index)
        elif kind == "heading":
            text = self.heading_text(index, start, end)
            self.markup.heading_texts[index] = text
            self.settle_item(text)
            self.pieces = None
        elif kind in ("paragraph", "item"):
            self.settle_item()

    def add_block(self, kind: str, start: int, end: int, tag: Any = None) -> int:
        parent = self.open[-1] if self.open else -1
        index = len(self.markup.blocks)
        first, last = self.line(start), self.line(max(end - 1, start))
        level, form = 0, ""
        if kind == "heading":
            level, form = int(tag["Heading"]["level"][1]), "atx" if first == last else "setext"  # underlined below
        elif kind == "list":
            marker = self.source[start : min(end, start + 16)].decode("utf-8", "replace").lstrip(" \t")
            delimiter = _LIST_DELIMITER.match(marker)
            form = delimiter[1] if delimiter else ""  # the first item's: all items of a list share it
        elif kind == "code":
            form = "indented" if tag["CodeBlock"] == "Indented" else "fenced"
        elif kind == "html":
            last = self.last_written_line(first, last)
        previous = self.last_child.get(parent, -1)
        self.markup.blocks.append(Block(kind, first, last, parent, previous, self.containers > 0, level, form))
        self.last_child[parent] = index
        return index

    def close_fence(self, index: int) -> None:
        """A fence is closed when its block goes on past its text: the closing fence's line. One left open runs to
        the end of what holds it, its text with it (blank lines too)."""
        block = self.markup.blocks[index]
        text_last = self.line(self.code_end - 1) if self.code_end >= 0 else block.first
        if block.form == "fenced" and block.last > text_last:
            self.markup.blocks[index] = block._replace(closed=True)

    def last_written_line(self, first: int, last: int) -> int:
        """The last line from ``first`` to ``last`` that is not blank."""
        while last > first and not self.source[self.line_start(last) : self.line_start(last + 1)].strip():
            last -= 1
        return last

    def line_start(self, line: int) -> int:
        return self.starts[line - 1] if line <= len(self.starts) else len(self.source)

    # --- the raw text of headings and of the first paragraph of items ------------------------

    def inline_piece(self, start: int, end: int) -> None:
        """Extend the current line's piece of raw text by an element at the top of its block of text."""
        if self.pieces is None:
            if self.item_waiting is None:
                return
            self.pieces = [[-1, -1]]  # a tight list's item: its text comes without a paragraph
        if self.inline_depth > 0:
            return
        piece = self.pieces[-1]
        if piece[0] < 0:
            # A backslash escape is not in the range of the text it escapes; the raw text keeps it, as written.
            piece[0] = start - 1 if start > 0 and self.source[start - 1 : start] == b"\\" else start
        piece[1] = end

    def pieces_text(self) -> str:
        pieces = self.pieces or []
        return "\n".join(self.raw(start, end) for start, end in pieces if start >= 0).strip()

    def heading_text(self, index: int, start: int, end: int) -> str:
        """The heading's text as written: for '#', what stands between the opening and the closing '#'s."""
        if self.markup.blocks[index].form == "setext":
            return self.pieces_text()
        line_end = self.source.find(b"\n", start, end)
        content = self.raw(start, line_end if line_end != -1 else end).lstrip(" \t").lstrip("#").rstrip(" \t")
        unclosed = content.rstrip("#")  # a closing sequence counts after a space only: '### C#' keeps its '#'
        return (unclosed if len(unclosed) < len(content) and unclosed[-1:] in (" ", "\t") else content).strip()

    def settle_item(self, text: str | None = None) -> None:
        """The first block of the waiting item is over, or another block opens: its text, if it started with one."""
        if self.item_waiting is not None and self.pieces is not None:
            self.markup.item_texts[self.item_waiting] = self.pieces_text() if text is None else text
            self.pieces = None
        self.item_waiting = None

    # --- images, links and raw HTML ------------------------------------------------------------

    def inline_start(self, name: str, tag: Any, start: int, end: int) -> None:
        self.inline_piece(start, end)
        self.inline_depth += 1
        if name not in ("Image", "Link"):
            return
        data = tag[name]
        kind, line = data["link_type"], self.line(start)
        if kind in ("Reference", "Collapsed", "Shortcut"):
            self.markup.labels[len(self.markup.references)] = data["id"]
        if name == "Image":
            source = data["dest_url"]
            self.image, self.label_end = (len(self.markup.images), start, 0), start + 2
            self.markup.images.append(Image(source, "", line, by_reference=source not in self.raw(start, end)))
            self.markup.references.append(Reference(source, line, is_image=True))
        else:
            target = "mailto:" + data["dest_url"] if kind == "Email" else data["dest_url"]
            self.markup.references.append(Reference(target, line, is_image=False))

    def html(self, html: str, line: int, *, markdown: bool = True) -> None:
        """Images in raw HTML: ``<img>`` tags show, and the official checker counts ``![..](..)`` there too."""
        if markdown:
            self.markup.images.extend(_markdown_images(html, line, in_code=True))
        for image in _html_images(html, line):
            self.markup.images.append(image)
            self.markup.references.append(Reference(image.source, image.line, is_image=True))


# --- images written in text that is not parsed (code, raw HTML) ------------------------------

# Every repeated part stops at the character that would start the next match ('[' or '(' or
# '<'), so that a line of thousands of "![" or "<img" is scanned once, not once per start.
_MARKDOWN_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\(([^()\n]*)\)")
_HTML_IMAGE_TAG = re.compile(r"<img\b[^<>]*", re.IGNORECASE)
_HTML_SRC = re.compile(r"\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))", re.IGNORECASE)
_HTML_ALT = re.compile(r"\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)


def _markdown_images(text: str, first_line: int, *, in_code: bool) -> Iterator[Image]:
    """``![alt](target)`` written in text the parser does not read inline: the official checker counts them."""
    if "![" not in text:
        return
    for offset, line in enumerate(text.split("\n")):
        for match in _MARKDOWN_IMAGE.finditer(line):
            target = match[2].strip().split(" ")[0].strip("<>")
            yield Image(source=target, alt=match[1], line=first_line + offset, in_code=in_code)


def _html_images(text: str, first_line: int) -> Iterator[Image]:
    """``<img src=...>`` tags: the browser shows them, wherever the markdown parser leaves raw HTML."""
    if "<" not in text:
        return
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


def line_matches(pattern: re.Pattern[str], lines: list[str]) -> Iterator[tuple[int, re.Match[str]]]:
    """Each match of a multi-line ``pattern`` in the text of ``lines``, with the line (1-based) it starts on: one
    search of the whole text, where matching every line of a report on its own was a tenth of reading it."""
    starts = [0, *itertools.accumulate(len(line) + 1 for line in lines)]
    for match in pattern.finditer("\n".join(lines)):
        yield bisect.bisect_right(starts, match.start()), match
