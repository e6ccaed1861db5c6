"""markdown-it-py as a report is read: CommonMark with tables, source line maps, targets kept as written, and
a reading that goes on past markdown-it's nesting limit; inline parsing only where an image or a link can be.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, lheading
from markdown_it.rules_inline import StateInline, backtick, html_inline, image, link
from markdown_it.token import Token

__all__ = ["front_matter_length", "read_tokens"]

_PARSER = MarkdownIt("commonmark", {"maxNesting": 100}).enable("table").disable("inline")
_PARSER.disable(["emphasis", "newline", "entity", "balance_pairs", "fragments_join"])
# Of inline syntax only images, links, code spans and inline HTML are read. Emphasis is settled after them (a
# link is a link whatever '*' or '_' surround it), an entity never opens one ("&#91;" is no '['), and the
# other rules only shape text: all that work was a tenth of reading the tokens, and no image or link changes.
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


def _setext_heading(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's ``lheading`` rule, run only where a setext underline can be.

    ``lheading`` is tried at every paragraph and walks the paragraph's lines, calling each
    paragraph-ending rule on each line, to find a ``---`` or ``===`` underline; then the
    paragraph rule walks the same lines again. Its underline is a line of the paragraph
    (up to the first blank line) that starts with ``-`` or ``=``: without one, the answer
    is no, given here with the one change ``lheading`` makes to the state when it says no.
    """
    if state.is_code_block(start_line):
        return False
    source, begins, shifts, ends = state.src, state.bMarks, state.tShift, state.eMarks
    for line in range(start_line + 1, end_line):
        start = begins[line] + shifts[line]
        if start >= ends[line]:
            break
        if source[start] in "-=":
            return _LHEADING(state, start_line, end_line, silent)
    state.parentType = "paragraph"
    return False


_LHEADING = lheading
_PARSER.block.ruler.at("lheading", _setext_heading)


def _remembering_offset(rule: Callable[[StateInline, bool], bool], opens: str) -> Callable[[StateInline, bool], bool]:
    """Wrap an inline rule so that the token it opens knows where it starts in its block.

    A block's inline content keeps the block's line breaks, so the offset gives the
    exact source line, even after a code span that wraps over a line break.
    """

    def rule_with_offset(state: StateInline, silent: bool) -> bool:
        if opens in _NEED_A_CLOSING_BRACKET and state.pos > _last_closing_bracket(state):
            return False  # no ']' after it: markdown-it would scan the rest of the block for one, per '['
        start, count = state.pos, len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent:
            # Pending text is flushed first, so the opened token is not always at `count`.
            opened = next((token for token in state.tokens[count:] if token.type == opens), None)
            if opened is not None:
                opened.meta["offset"], opened.meta["end"] = start, state.pos
        return matched

    return rule_with_offset


_NEED_A_CLOSING_BRACKET = ("link_open", "image")


def _last_closing_bracket(state: StateInline) -> int:
    """Where the block's last ']' is (-1: none), found once per block.

    A link or an image needs a ']' after its '['; markdown-it looks for it from every '[' to the
    end of the block, so a line of unmatched brackets cost time quadratic in its length (100,000
    '[' took seconds). With no ']' left the answer is known at once, and the tokens are the same.
    """
    found: int | None = getattr(state, "_report_last_bracket", None)
    if found is None:
        found = state.src.rfind("]")
        state._report_last_bracket = found  # type: ignore[attr-defined]  # one block's own state
    return found


for _name, _rule, _opens in (
    ("backticks", backtick, "code_inline"),
    ("link", link, "link_open"),
    ("image", image, "image"),
    ("html_inline", html_inline, "html_inline"),
):
    _PARSER.inline.ruler.at(_name, _remembering_offset(_rule, _opens))
_INLINE_SYNTAX = ("[", "`", "<")
"""Images, links, code spans and inline HTML all need one of these; other text is not parsed inline."""

_FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)\s*$")


def read_tokens(body: str, env: dict[str, Any]) -> tuple[list[Token], list[tuple[int, int]]]:
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
