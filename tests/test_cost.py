"""What the check's speed-ups must not change: the reading of a report, the process's garbage collector, and the
benchmark script that measures them (issue 17). No timing here: speed is measured by benchmarks/run.py."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED
from markdown_it.rules_block import lheading
from markdown_it.token import Token

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.reading import markdown_tokens
from mkdocs_report_plugin.reading.parse import parse

REPO = Path(__file__).resolve().parent.parent

SETEXT_CASES = [
    "Title\n===\n\ntext",
    "a paragraph\nover two lines\n---\n",
    "> quoted\n> ---\n",
    "- item\n  more\n  ---\n",
    "text\n    ---\n",  # indented: a lazy continuation, no heading
    "text\n> quote\n---\n",
    "text\n= =\n",
    "text\n-- -\n",
    "text\n---x\n",
    "text\n\n---\n",  # after a blank line: a rule, no heading
    "text\n- item\n---\n",
    "text\n|a|b|\n|-|-|\n",
    "<div>\n---\n</div>\n",
    "```\ncode\n```\ntext\n===\n",
]


@pytest.mark.parametrize("text", SETEXT_CASES)
def test_setext_headings_are_read_as_markdown_it_reads_them(text: str) -> None:
    """The parser skips markdown-it's setext rule where no underline can be; the tokens must stay the same."""

    def tokens(rule: object) -> list[tuple[object, ...]]:
        markdown_tokens._PARSER.block.ruler.at("lheading", rule)  # type: ignore[arg-type]
        found = markdown_tokens._PARSER.parse(text, {})
        return [(token.type, token.map, token.content, token.markup, token.level) for token in found]

    try:
        theirs = tokens(lheading)
        ours = tokens(markdown_tokens._setext_heading)
    finally:
        markdown_tokens._PARSER.block.ruler.at("lheading", markdown_tokens._setext_heading)
    assert ours == theirs


def test_a_setext_heading_in_an_answer_stays_a_heading() -> None:
    document = parse("### Question 1\n\n> Answer:\n\nOur setup\n---------\n\nWe use uv.\n")
    assert [(heading.text, heading.line, heading.atx) for heading in document.headings] == [
        ("Question 1", 1, True),
        ("Our setup", 5, False),
    ]


def test_images_and_links_are_found_whatever_emphasis_or_entities_surround_them() -> None:
    """Inline syntax other than images, links, code and HTML is not read; these are found as before."""
    document = parse(
        "*[a](a.md)* and **![b](figures/b.png)** and ~~[c](c.md)~~ and _[d](d.md)_\n"
        "&#91;e](e.md) and \\[f](f.md) and `![g](figures/g.png)` and &lt;img src=h.png&gt;\n"
        '<img src="figures/i.png" alt="i"> and [j\nk](j.md) and ![l &amp; m](figures/l.png)\n'
    )
    assert [(image.source, image.line, image.in_code, image.alt) for image in document.images] == [
        ("figures/b.png", 1, False, "b"),
        ("figures/g.png", 2, True, "g"),
        ("figures/i.png", 3, False, "i"),
        ("figures/l.png", 4, False, "l &amp; m"),
    ]
    assert [(reference.target, reference.line) for reference in document.references] == [
        ("a.md", 1),
        ("figures/b.png", 1),
        ("c.md", 1),
        ("d.md", 1),
        ("figures/i.png", 3),
        ("j.md", 3),
        ("figures/l.png", 4),
    ]


BRACKET_CASES = [
    "[[[a](b.md) and [[c](d.png)",
    "[a](b.md) then [[[[ and nothing closes",
    "[x][y] and [y] and ![z][y]\n\n[y]: target.md",
    "a ] b [c](d.md) [",
    "[" * 50 + "](u.md)",
    "![[x](y.md)](figures/z.png) ![a\\]](b.png)",
    "`[code](x.md)` [after](y.md) \\[escaped](z.md)",
    "[open\nover lines](l.md) [[\n",
]


@pytest.mark.parametrize("text", BRACKET_CASES)
def test_links_and_images_are_those_markdown_it_finds_where_brackets_do_not_close(text: str) -> None:
    """A '[' with no ']' after it is passed over at once (a line of them cost seconds); the links and images
    found are those of markdown-it's own rules."""
    from markdown_it import MarkdownIt

    def targets(tokens: list[Token]) -> list[tuple[str, object]]:
        inline = [child for token in tokens if token.children for child in token.children]
        return [(token.type, token.attrs.get("href") or token.attrs.get("src")) for token in inline
                if token.type in ("link_open", "image")]  # fmt: skip

    ours, _too_deep = markdown_tokens.read_tokens(text, {})
    assert targets(ours) == targets(MarkdownIt("commonmark").parse(text))


def test_a_line_of_a_hundred_thousand_brackets_is_read_at_once() -> None:
    """Not timed: markdown-it's rules are not asked once per '[' when no ']' follows (counted calls)."""
    calls = 0
    link_rule = markdown_tokens._PARSER.inline.ruler.__rules__[
        [rule.name for rule in markdown_tokens._PARSER.inline.ruler.__rules__].index("link")
    ].fn

    def counting(state: object, silent: bool) -> bool:
        nonlocal calls
        calls += 1
        return link_rule(state, silent)

    markdown_tokens._PARSER.inline.ruler.at("link", counting)
    try:
        tokens, _too_deep = markdown_tokens.read_tokens("[" * 100_000, {})
    finally:
        markdown_tokens._PARSER.inline.ruler.at("link", link_rule)
    assert tokens and calls <= 100_001


@pytest.mark.parametrize("enabled", [True, False])
def test_a_check_leaves_the_garbage_collector_as_it_found_it(enabled: bool) -> None:
    """The check does not touch the collector (the command line's exit is the package's one policy)."""
    report = "# Exam template for 02476 Machine Learning Operations\n\n### Question 1\n\n> Answer:\n\nWe did it.\n"
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        check_text(report)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_importing_the_package_plays_no_trick_on_the_garbage_collector() -> None:
    """Nothing at import but definitions: the collector runs through the import as it would through any other."""
    script = (
        "import gc; seen = []; gc.callbacks.append(lambda phase, info: seen.append(phase)); "
        "import mkdocs_report_plugin.frontends.cli.main, mkdocs_report_plugin.frontends.mkdocs.plugin; "
        "print(gc.isenabled(), seen.count('start') > 0, gc.get_freeze_count())"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)

    assert done.stdout.split() == ["True", "True", "0"]


@pytest.mark.slow
def test_the_benchmark_script_runs_every_part_quickly() -> None:
    """`benchmarks/run.py --quick` runs every part with few repetitions: the page it writes names the five
    targets of issue 25, each met or not, and the floor beside them (its numbers mean nothing on a smoke run)."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"seed reports not found at {SHARED / 'seeds'}")
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick"], capture_output=True,
                          text=True, timeout=900, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    page = done.stdout
    for section in ("## Targets (issue 25)", "### The floor", "## 1. ", "## 2. ", "## 3. ", "## 4. ", "## 5. "):
        assert section in page
    targets = page.split("## Targets (issue 25)")[1].split("\n## ")[0]
    expected = ["1.", "5."] + (["2.", "3.", "4."] if (SHARED / "handins" / "084").is_dir() else [])
    for name in expected:
        row = next((line for line in targets.splitlines() if line.startswith(f"| {name}")), "")
        assert "**met**" in row or "**not met by" in row, f"target {name} missing: {targets}"
    for floor in ("a native parse", "a minimal check script", "Python itself"):
        row = next((line for line in targets.splitlines() if line.startswith(f"| {floor}")), "")
        assert row.count("x |") == 1, f"floor {floor!r} missing: {targets}"
