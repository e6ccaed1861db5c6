"""The native reading (pulldown-cmark through pyromark) gives the facts markdown-it-py, the reader it replaced,
gives: headings, code, images, links and checklist items, on their lines. markdown-it-py is the reference here
and nowhere in the package. Where the two differ on purpose, a test below says which is right and why."""

from __future__ import annotations

from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from mkdocs_report_plugin.reading import markdown_events
from mkdocs_report_plugin.reading.parse import Document, parse


def _reference_parser() -> MarkdownIt:
    """markdown-it as the package read with it: CommonMark and tables, targets as written, 50 lists deep."""
    parser = MarkdownIt("commonmark", {"maxNesting": 100}).enable("table")
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


REFERENCE = _reference_parser()

SHAPES = [
    # setext headings: where an underline makes one and where it does not
    "Title\n===\n\ntext",
    "a paragraph\nover two lines\n---\n",
    "> quoted\n> ---\n",
    "- item\n  more\n  ---\n",
    "text\n    ---\n",
    "text\n> quote\n---\n",
    "text\n= =\n",
    "text\n-- -\n",
    "text\n---x\n",
    "text\n\n---\n",
    "text\n- item\n---\n",
    "text\n|a|b|\n|-|-|\n",
    "<div>\n---\n</div>\n",
    "```\ncode\n```\ntext\n===\n",
    # the shapes real hand-ins have (tests/test_structure.py checks what each means for a report)
    "1. Build it:\n   ```bash\n   ### not a heading\n   docker build .\n     ```\n2. more\n",
    "```--- question 1 fill here ---```\n\n## Group information\n",
    "- ### Locally:\n  uv sync\n- ### Question 12 notes\n",
    "### Question 14 - experiment tracking   ###\n\n#### Question 3 #\n\n# \\#1 a\\*b &amp; c\n\n## C#\n\n### ###\n",
    "text\n\n    ![x](figures/x.png)\n\n<pre>\n![y](figures/y.png)\n</pre>\n",
    "* [x] Create a git repository (M5)\n* [ ] Make sure that all team members have write access\n  to the repository (M2+M6)\n\n- \\[x] escaped\n- [X]\tdone\n\n1. [ ] a numbered task\n\n   - [x] nested\n",
    "- [x] loose\n\n- [ ] items\n\n> - [x] quoted\n",
    # images and links whatever surrounds them
    "*[a](a.md)* and **![b](figures/b.png)** and ~~[c](c.md)~~ and _[d](d.md)_\n"
    "&#91;e](e.md) and \\[f](f.md) and `![g](figures/g.png)` and &lt;img src=h.png&gt;\n"
    '<img src="figures/i.png" alt="i"> and [j\nk](j.md) and ![l &amp; m](figures/l.png)\n',
    "[[[a](b.md) and [[c](d.png)",
    "[a](b.md) then [[[[ and nothing closes",
    "[x][y] and [y] and ![z][y]\n\n[y]: target.md",
    "a ] b [c](d.md) [",
    "[" * 50 + "](u.md)",
    "![[x](y.md)](figures/z.png) ![a\\]](b.png)",
    "`[code](x.md)` [after](y.md) \\[escaped](z.md)",
    "[open\nover lines](l.md) [[\n",
    "![plot](<figures/my plot.png>) ![æ](figures/æble.png) [d](../docs/a%20b.md) [e](a\\_b.md&amp;)",
    "| a | b |\n|---|---|\n| ![x](figures/t.png) | [y](y.md) |\n",
    "> > nested quote ![x](https://example.com/a.png)\n>\n> Answer: inside an answer\n",
    '<img src="figures/q19.png" alt="x"> <!-- a comment ![x](figures/no.png) -->',
    "text <img src='figures/a.png'><br><img\nsrc=\"figures/b.png\">\n\n<details><summary>x</summary>\n\n![in](figures/d.png)\n\n</details>\n",
    "æøå ![a](figures/a.png)\nüber [b](b.md) 中文 ![c](figures/c.png)\n",
    "```\nunclosed ![u](figures/u.png)\n\n",
    "    indented\n\n\n    code ![i](figures/i.png)\n\nafter\n",
    "- a\n  - b\n    - c\n      1. d\n\n      2) e\n",
    "\n".join("  " * level + f"- level{level} ![x](figures/{level}.png)" for level in range(20)),
    "> " * 30 + "deep quote ![q](figures/q.png)\n",
    "---\ntitle: front matter\n---\n\n# Title\n\n[x](x.md)\n",
    "line one  \nline two\\\n### Question 1\n\n> Answer:\n\n![a](figures/a.png){width=50%}\n",
]


def _headings(tokens: list[Token]) -> list[tuple[Any, ...]]:
    return [
        (token.map[0] + 1, token.map[1], int(token.tag[1]), token.level > 0, token.markup.startswith("#"),
         " ".join(tokens[index + 1].content.split()))
        for index, token in enumerate(tokens) if token.type == "heading_open" and token.map
    ]  # fmt: skip


def _code_lines(tokens: list[Token], lines: list[str]) -> set[int]:
    return {
        line
        for token in tokens
        if token.type in ("fence", "code_block", "html_block") and token.map
        for line in range(token.map[0] + 1, token.map[1] + 1)
        if lines[line - 1].strip()
    }


def _targets(tokens: list[Token]) -> list[tuple[bool, str]]:
    """Links and images outside code, in order: (is an image, target)."""
    found = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "image":
                found.append((True, str(child.attrs["src"])))
            elif child.type == "link_open":
                found.append((False, str(child.attrs["href"])))
    return found


def _ours(document: Document) -> tuple[list[tuple[Any, ...]], set[int], list[tuple[bool, str]]]:
    headings = [(h.line, h.end_line, h.level, h.nested, h.atx, " ".join(h.text.split())) for h in document.headings]
    code = {line for line in document.code_lines if document.lines[line - 1].strip()}
    html = {image.source for image in document.images if image.html}  # raw HTML to markdown-it: not among its links
    targets = [(ref.is_image, ref.target) for ref in document.references if not (ref.is_image and ref.target in html)]
    return headings, code, targets


@pytest.mark.parametrize("text", SHAPES)
def test_headings_code_links_and_images_are_markdown_its(text: str) -> None:
    document = parse(text)
    lines = text.split("\n")
    front = markdown_events.front_matter_length(lines)
    tokens = REFERENCE.parse("\n" * front + "\n".join(lines[front:]))
    headings, code, targets = _ours(document)
    assert headings == _headings(tokens)
    assert code == _code_lines(tokens, lines)
    assert targets == _targets(tokens)


@pytest.mark.parametrize("text", SHAPES)
def test_checklist_items_are_the_task_items_markdown_it_finds(text: str) -> None:
    tokens = REFERENCE.parse(text)
    expected = []
    for index, token in enumerate(tokens[:-2]):
        inline = tokens[index + 2]
        if token.type == "list_item_open" and token.map and inline.type == "inline":
            content = inline.content
            if content[:1] == "[" and content[1:3] in ("x]", "X]", " ]") and content[3:4].isspace():
                expected.append((token.map[0] + 1, " ".join(content[4:].split()), content[1] in "xX"))
    found = [(item.line, item.text, item.checked) for item in parse(text).checklist]
    assert found == expected


def test_image_lines_and_alt_texts_are_those_written() -> None:
    document = parse(
        "*[a](a.md)* and **![b](figures/b.png)**\n&#91;e](e.md) and `![g](figures/g.png)`\n"
        '<img src="figures/i.png" alt="i"> and [j\nk](j.md) and ![l &amp; m](figures/l.png) ![](figures/e.png)\n'
        "æ ![*e* `c`](figures/w.png)\n"
    )
    assert [(image.source, image.line, image.in_code, image.html, image.alt) for image in document.images] == [
        ("figures/b.png", 1, False, False, "b"),
        ("figures/g.png", 2, True, False, "g"),
        ("figures/i.png", 3, False, True, "i"),
        ("figures/l.png", 4, False, False, "l &amp; m"),
        ("figures/e.png", 4, False, False, ""),
        ("figures/w.png", 5, False, False, "*e* `c`"),
    ]
    assert [(reference.target, reference.line) for reference in document.references] == [
        ("a.md", 1), ("figures/b.png", 1), ("figures/i.png", 3), ("j.md", 3), ("figures/l.png", 4),
        ("figures/e.png", 4), ("figures/w.png", 5),
    ]  # fmt: skip


def test_an_autolink_is_on_its_own_line() -> None:
    """markdown-it's reading gave ``<https://...>`` the paragraph's first line (it noted no offset for autolinks):
    a finding about the link pointed at the wrong line."""
    document = parse("Our runs are here,\nsee <https://github.com/org/repo/actions> and <us@example.com>.\n")
    assert [(reference.target, reference.line) for reference in document.references] == [
        ("https://github.com/org/repo/actions", 2),
        ("mailto:us@example.com", 2),
    ]


def test_a_reference_style_target_is_on_its_definitions_line() -> None:
    document = parse("See [the file][f] and ![plot][P].\n\n> [F]: ../src/train.py\n\n[p]: figures/plot.png\n")
    assert [(reference.target, reference.line) for reference in document.references] == [
        ("../src/train.py", 3),
        ("figures/plot.png", 5),
    ]
    assert [(image.source, image.line, image.by_reference) for image in document.images] == [
        ("figures/plot.png", 1, True)
    ]


def test_nul_and_lone_surrogates_are_read_and_keep_every_line() -> None:
    """CommonMark reads NUL as U+FFFD; a lone surrogate cannot reach the parser, and the text keeps it."""
    document = parse("### Question 1 \ud800\n\n![a](figures/a\x00.png)\n\n[b](b.md) \ud800\n")
    assert document.headings[0].text == "Question 1 \ud800"
    assert [(reference.target, reference.line) for reference in document.references] == [
        ("figures/a\ufffd.png", 3),
        ("b.md", 5),
    ]


def test_a_list_item_starting_with_an_escaped_bracket_is_no_task() -> None:
    assert parse("- \\[x] not a task\n- [x] a task\n").checklist[0].text == "a task"


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("```bash\ncode\n```\n", True),
        ("~~~~\ncode\n~~~\n~~~~~\n", True),  # a shorter fence is code; a longer one closes
        ("```\n```", True),
        ("- item\n\n  ```\n  code\n  ```\n- next\n", True),
        ("```\ncode\n", False),  # runs to the end of the text
        ("```\ncode\n\n\n", False),
        ("- item\n  ```\n  code\n      ```\n- next\n", False),  # four past the item's text: code, not its end
        ("> ```\n> code\n\n```\n", False),  # the quote ends it; the fence after it opens another
    ],
)
def test_a_fence_is_closed_by_its_closing_fence_only(text: str, closed: bool) -> None:
    """What ``mkdocs-report fix`` needs to know before it turns a fence into indented code: one never closed runs
    on to the end of what holds it."""
    fences = [block for block in markdown_events.read_markup(text).blocks if block.form == "fenced"]
    assert fences[0].closed is closed
