"""Inputs that try to break the checker, and the properties every result must keep.

Shared by the normal test suite (a small hypothesis sample, tests/test_fuzz.py) and by
the opt-in long run (scripts/fuzz_long.py, 100,000+ inputs). A generated input is a
real report (a course seed, a blank template, or a report this project writes itself)
damaged the way students damage theirs: lines deleted, duplicated or shuffled,
questions spliced, headings renumbered, unicode pasted in, the file cut anywhere, saved
with other line endings or another encoding. Every mutation is driven by a
``random.Random``, so an input is reproducible from its seed.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.model.report import Result, Template
from mkdocs_report_plugin.reading.shipped import shipped_years
from support.course import SHARED


@dataclass(frozen=True)
class Sample:
    """One report the mutations start from."""

    name: str
    text: str


# --- corpus ------------------------------------------------------------------------------


def shared_corpus(shared: Path = SHARED) -> list[Sample]:
    """The course's seeds and blank templates; empty when ../shared is absent."""
    files = sorted(shared.glob("seeds/*.md")) + sorted(shared.glob("templates/*.md"))
    return [Sample(f"{path.parent.name}/{path.name}", path.read_text(encoding="utf-8")) for path in files]


def own_corpus() -> list[Sample]:
    """Reports this project writes itself, so the fuzzing means something without ../shared."""
    from support.reportgen import make_report

    samples = [Sample(f"generated/{year}", make_report(generation=year)) for year in shipped_years()]
    tricky = make_report(
        {
            5: "We used:\n\n```bash\n# build\nuv sync\n### not a heading\n```\n\nand more words " * 3,
            14: "![a b](figures/my plot.png) ![c](figures/my%20plot.png) ![r][ref]\n\n[ref]: figures/q14.png\n"
            + "words " * 220,
            19: '<img src="figures/q19.png" alt="x"> <!-- a comment ![x](figures/no.png) -->',
            20: "> > nested quote ![x](https://example.com/a.png)\n>\n> Answer: inside an answer",
        }
    )
    samples.append(Sample("generated/tricky", tricky))
    return samples


def full_corpus() -> list[Sample]:
    return own_corpus() + shared_corpus()


# --- mutations ------------------------------------------------------------------------------

Mutation = Callable[[str, random.Random], str]

UNICODE = (
    "\u00e9", "\u00fc", "\u2019", "\u201c", "\u00e2\u20ac\u2122",  # accents, smart quote, mojibake of it
    "\u200b", "\u200d", "\u2028", "\u2029", "\u0085", "\u000b", "\u000c",  # zero-width, unicode line breaks
    "\u202e", "\u0301", "\ufeff", "\ufffd", "\u0000", "\x1b[31m",  # RTL override, combining, BOM, NUL, ANSI
    "\U0001f600", "\u4e2d\u6587", "\u0627\u0644", "\t", "\r", "\r\n", "\ud800",  # emoji, CJK, Arabic, lone surrogate
)  # fmt: skip

SNIPPETS = (
    "> Answer:", "Answer:", "answer: Answer: Answer:", "###", "##", "# Title", "### Question 3", "### Question 99",
    "#### Question 0", "## Question 12 again", "```", "```python", "~~~", "    indented code", "<!--", "-->",
    "<div>", "</div>", "<details><summary>x</summary>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "> > > nested", ">", "- [x] done (M5)", "* [ ] (M2+M6)", "---", "...", "title: other tool\n---",
    "![a b](figures/my plot.png)", "![x](figures/my%20plot.png)", "![r][ref]", "[ref]: figures/x.png",
    "![remote](https://example.com/x.png)", "![](//cdn.example.com/y.jpg)", "![up](../../etc/passwd)",
    "![abs](/etc/passwd)", "![win](C:\\Users\\x.png)", "![q](figures/a.png?x=1#y)", "![unterminated](figures/",
    "![", "](", "[[[[", "!!!!", "--- question 7 fill here ---", "???", "TODO", "| a | b |\n|---|---|\n| 1 | 2 |",
    "\\", "`", "``` ![in](figures/code.png) ```", "$$", "&amp; &#0; &#x110000;", "<img src=\"figures/h.png\">",
)  # fmt: skip

# Lines a student can only produce by accident, long enough to find slow regular expressions.
ADVERSARIAL_CHARS = "![(]-)>*_ \t`#<=\"'\\|~:"


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _span(rng: random.Random, size: int) -> tuple[int, int]:
    start = rng.randrange(size) if size else 0
    return start, min(size, start + rng.randint(1, 8))


def delete_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    start, end = _span(rng, len(lines))
    return "\n".join(lines[:start] + lines[end:])


def duplicate_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    start, end = _span(rng, len(lines))
    at = rng.randrange(len(lines) + 1)
    return "\n".join(lines[:at] + lines[start:end] + lines[at:])


def shuffle_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    start = rng.randrange(len(lines))
    window = lines[start : start + rng.randint(2, 30)]
    rng.shuffle(window)
    return "\n".join(lines[:start] + window + lines[start + len(window) :])


_SECTION = re.compile(r"^#{2,4} *Question", re.MULTILINE | re.IGNORECASE)


def _sections(text: str) -> list[tuple[int, int]]:
    starts = [match.start() for match in _SECTION.finditer(text)]
    return [(start, starts[index + 1] if index + 1 < len(starts) else len(text)) for index, start in enumerate(starts)]


def splice_questions(text: str, rng: random.Random) -> str:
    """Move, duplicate or drop a whole question section (heading, prompt and answer)."""
    sections = _sections(text)
    if not sections:
        return text
    start, end = rng.choice(sections)
    piece = text[start:end]
    rest = text[:start] + text[end:]
    choice = rng.randrange(3)
    if choice == 0:
        return rest  # dropped
    target = rng.choice(_sections(rest) or [(len(rest), len(rest))])[0]
    if choice == 1:
        return rest[:target] + piece + rest[target:]  # moved: out of order
    return text[:start] + piece + text[start:]  # duplicated


def renumber_heading(text: str, rng: random.Random) -> str:
    matches = list(re.finditer(r"(Question\s+)(\d+)", text))
    if not matches:
        return text
    match = rng.choice(matches)
    number = rng.choice(["0", "32", "28", "-1", "1e3", "99999999999999999999", str(rng.randint(1, 31)), ""])
    return text[: match.start(2)] + number + text[match.end(2) :]


def inject_unicode(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + "".join(rng.choice(UNICODE) for _ in range(rng.randint(1, 4))) + text[at:]


def insert_snippet(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    at = rng.randrange(len(lines) + 1)
    snippet = rng.choice(SNIPPETS)
    if rng.random() < 0.5:  # inside a line rather than on its own
        line = lines[min(at, len(lines) - 1)]
        cut = rng.randrange(len(line) + 1)
        lines[min(at, len(lines) - 1)] = line[:cut] + snippet + line[cut:]
        return "\n".join(lines)
    return "\n".join([*lines[:at], snippet, *lines[at:]])


def long_line(text: str, rng: random.Random) -> str:
    unit = "".join(rng.choice(ADVERSARIAL_CHARS) for _ in range(rng.randint(1, 4)))
    lines = _lines(text)
    at = rng.randrange(len(lines) + 1)
    return "\n".join([*lines[:at], unit * rng.randint(100, 5000), *lines[at:]])


def render_hazard(text: str, rng: random.Random) -> str:
    """A shape that stopped or stalled MkDocs' renderer (issue 18), at a random line, in code or not.

    Each is a few times past its limit (defuse.py), no more: how the cost grows with the size
    is the benchmark's part (benchmarks/run.py), and 100,000 inputs must run in one process."""
    depth = rng.randint(8, 80)
    shape = rng.choice([
        "<![alt](figures/x.png)", "`<![>`", "<![", "<![x]>",
        "*" * rng.randint(100, 1500) + "x" + "*" * rng.randint(100, 1500),
        "_" * rng.randint(100, 1500) + "x" + "_" * rng.randint(100, 1500),
        "- " * depth + "deep", "> " * rng.randint(20, 150) + "quote",
        "\n".join("  " * level + "- level" for level in range(depth)),
        "[" * rng.randint(1000, 6000), "![a](figures/a.png) [b](b.md)\n" * rng.randint(10, 1000),
        "".join(f"![a{i}](figures/a{i}.png) [b{i}](b{i}.md)\n" for i in range(rng.randint(10, 1000))),
        "![x](file:///etc/passwd) [x](file:///etc/passwd) [c](g/config) ![e](figures/../../.env)",
    ])  # fmt: skip
    lines = _lines(text)
    headings = [index for index, line in enumerate(lines) if line.startswith("#")]
    if headings and rng.random() < 0.2:  # in a heading: the table of contents and the search index show it
        at = rng.choice(headings)
        lines[at] += " " + shape.split("\n")[0][:5000]
        return "\n".join(lines)
    at = rng.randrange(len(lines) + 1)
    return "\n".join([*lines[:at], shape, *lines[at:]])


def html_payload(text: str, rng: random.Random) -> str:
    """Raw HTML that tries to run script (tests/support/payloads.py: issue 18's comment, CDATA and SVG
    animation payloads among them) on a random line: an answer, a checklist item, a heading."""
    from support.payloads import PAYLOADS

    payload = rng.choice(PAYLOADS)[0]
    lines = _lines(text)
    at = rng.randrange(len(lines))
    lines[at] = lines[at] + " " + payload if rng.random() < 0.7 else payload
    return "\n".join(lines)


def far_heading(text: str, rng: random.Random) -> str:
    """A question heading far beyond the template (issue 23): one finding, never that many questions."""
    number = rng.choice([200_000, 300_000_000, 10**30, rng.randint(32, 5000)])
    lines = _lines(text)
    at = rng.randrange(len(lines) + 1)
    return "\n".join([*lines[:at], f"### Question {number}", "", "> Answer:", "", "a stray answer", *lines[at:]])


THEME_IDS_TRIED = ("__config", "__drawer", "__search", "__toc", "__palette_0", "__nav_1", "search", "main-content")
"""Ids the themes look up (output/page_ids.py), as a student could give them to an element of theirs."""


def clobbering(text: str, rng: random.Random) -> str:
    """An element that tries to pass for the theme's own, or a title or heading a theme's script shows as HTML
    (tests/support/payloads.py: CLOBBERING), or one made here of a theme's id, on lines of its own (issue 23)."""
    from support.payloads import CLOBBERING, CONFIG_JSON

    chosen = rng.choice(THEME_IDS_TRIED)
    shape = rng.choice([
        rng.choice(CLOBBERING)[0],
        f'<div id="{chosen}">{CONFIG_JSON}</div>', f"Words of ours.\n{{: #{chosen} }}", f"#### {chosen}",
        f"#### Heading {{#{chosen}}}", f'<p><a name="{chosen}">a</a> <label for="{chosen}">b</label></p>',
        f'[to the theme](#{chosen}) <span title="<{chosen}>&lt;b onmouseover=alert(1)&gt;">t</span>',
        f'![figure](figures/a.png "&lt;img src=x onerror=alert(1)&gt;") *[ABBR]: <b>{chosen}</b>\n\nABBR',
    ])  # fmt: skip
    lines = _lines(text)
    at = rng.randrange(len(lines) + 1)
    return "\n".join([*lines[:at], "", shape, "", *lines[at:]])


STUDENT_FILES = {
    "results.html": b"<!DOCTYPE html><script>alert(1)</script>",
    "page.htm": b"<script>alert(1)</script>",
    "data.xml": b'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>',
    "figures/plot.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "figures/loss.png": b"\x89PNG\r\n\x1a\n",
    "notes.txt": b"notes",
}
"""Files of the student's folder, beside the report (a ``figures/fake.png`` link to the SVG is added too)."""


def student_files(text: str, rng: random.Random) -> str:
    """Links to and images of the files of :data:`STUDENT_FILES`, in every spelling (issue 23)."""
    target = rng.choice([*STUDENT_FILES, "figures/fake.png", "./figures/plot.svg", "/reports/figures/plot.svg"])
    shape = rng.choice([
        f"[a file]({target})", f"![a figure]({target})", f"[![a figure]({target})]({target})",
        f'<img src="{target}">', f'<a href="{target}">a file</a>', f"![a figure][ref]\n\n[ref]: {target}",
        f"![a figure]({target}) and [the file]({target})",
    ])  # fmt: skip
    lines = _lines(text)
    at = rng.randrange(len(lines) + 1)
    return "\n".join([*lines[:at], shape, *lines[at:]])


def truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def line_endings(text: str, rng: random.Random) -> str:
    choice = rng.randrange(3)
    if choice == 0:
        return text.replace("\n", "\r\n")
    if choice == 1:
        return text.replace("\n", "\r")
    return "".join(rng.choice(("\n", "\r\n", "\r")) if char == "\n" else char for char in text)


def tabs(text: str, rng: random.Random) -> str:
    return text.replace("    ", "\t").replace("> ", ">\t") if rng.random() < 0.5 else text.replace(" ", "\t")


def front_matter(text: str, rng: random.Random) -> str:
    header = rng.choice([
        "---\ntitle: Report\nauthors: [a, b]\n---\n",
        "---\nlayout: post\n...\n",
        "+++\ntitle = 'hugo'\n+++\n",
        "---\n: broken: yaml: [\n---\n",
        "---\n",
        "<!-- front matter of another tool -->\n",
        "% pandoc title\n% author\n",
    ])  # fmt: skip
    return header + text


STR_MUTATIONS: dict[str, Mutation] = {
    "delete_lines": delete_lines,
    "duplicate_lines": duplicate_lines,
    "shuffle_lines": shuffle_lines,
    "splice_questions": splice_questions,
    "renumber_heading": renumber_heading,
    "inject_unicode": inject_unicode,
    "insert_snippet": insert_snippet,
    "long_line": long_line,
    "render_hazard": render_hazard,
    "html_payload": html_payload,
    "clobbering": clobbering,
    "student_files": student_files,
    "truncate": truncate,
    "line_endings": line_endings,
    "tabs": tabs,
    "front_matter": front_matter,
    "far_heading": far_heading,
}


def to_bytes(text: str, rng: random.Random) -> bytes:
    """The text as a file saved by some editor: UTF-8 with or without BOM, cp1252, UTF-16, damaged."""
    choice = rng.randrange(6)
    if choice == 0:
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if choice == 1:
        return text.encode("cp1252", "replace")
    if choice == 2:
        return text.encode("utf-16", "surrogatepass")
    if choice == 3:  # mojibake: UTF-8 bytes read as cp1252, then saved as UTF-8 again
        return text.encode("utf-8", "replace").decode("cp1252", "replace").encode("utf-8", "surrogatepass")
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    for _ in range(rng.randint(1, 20)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def mutate(sample: Sample, rng: random.Random, names: Sequence[str] | None = None) -> str | bytes:
    """``sample`` damaged by 1-4 mutations (``names``, or random ones), sometimes saved as bytes."""
    chosen = list(names) if names is not None else [rng.choice(list(STR_MUTATIONS)) for _ in range(rng.randint(1, 4))]
    text = sample.text
    for name in chosen:
        text = STR_MUTATIONS[name](text, rng)
    return to_bytes(text, rng) if rng.random() < 0.2 else text


def generated_input(corpus: Sequence[Sample], seed: int) -> str | bytes:
    """The input number ``seed`` of a run: reproducible from the seed alone."""
    rng = random.Random(seed)
    roll = rng.random()
    if roll < 0.03:  # no report at all: random bytes
        return rng.randbytes(rng.randint(0, 4000))
    if roll < 0.06:  # random text made of markdown's special characters
        return "".join(rng.choice(ADVERSARIAL_CHARS + "\nAnswer:Question 1234") for _ in range(rng.randint(0, 4000)))
    return mutate(rng.choice(corpus), rng)


# --- template specs (a student's report-spec.yaml is input too) ---------------------------------

SPEC_CHARS = "{}[]:,&*!|>'\"%@#-? \n\t"
SPEC_VALUES = ("²", "9" * 5000, '"1-1000000000"', '"999999-1"', "-1", "0", "1e3", "[" * 300 + "]" * 300, "~",
               '"' + "{number}" * 40 + '"', "&anchor [1, 2]", "*anchor", "!!python/object:os.system ls")  # fmt: skip


def mutated_spec(text: str, seed: int) -> str:
    """A template spec damaged from ``seed``: lines deleted, repeated or cut, values replaced by ones that broke
    the reader (a superscript number, 5,000 digits, a billion-question range, deep nesting, a placeholder of
    repeated ``{number}``), YAML's own characters inserted."""
    rng = random.Random(seed)
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(lines))
        choice = rng.randrange(5)
        if choice == 0:
            del lines[at : at + rng.randint(1, 5)]
        elif choice == 1:
            lines[at:at] = lines[at : at + rng.randint(1, 5)]
        elif choice == 2:
            lines[at] = lines[at][: rng.randrange(len(lines[at]) + 1)]
        elif choice == 3:
            lines[at] = re.sub(r"(?<=: )[^,}\n]+", lambda _: rng.choice(SPEC_VALUES), lines[at], count=1)
        else:
            cut = rng.randrange(len(lines[at]) + 1)
            noise = "".join(rng.choice(SPEC_CHARS) for _ in range(rng.randint(1, 6)))
            lines[at] = lines[at][:cut] + noise + lines[at][cut:]
        if not lines:
            lines = [""]
    return "\n".join(lines)


# --- properties ------------------------------------------------------------------------------


class Unsound(AssertionError):
    """A result that breaks a guarantee of the engine."""


def assert_sound(data: str | bytes, base_dir: Path | None = None, spec: Template | None = None) -> Result:
    """Check ``data`` (against ``spec`` when given) and assert every guarantee the engine makes about its result.

    Any exception from the engine propagates: that is the first thing it must never do.
    """
    result = check_text(data, base_dir, spec=spec)
    problems = list(_problems(result))
    if problems:
        raise Unsound("; ".join(problems))
    return result


def _problems(result: Result) -> Iterator[str]:
    internal = [f.message for f in result.findings if f.rule == "internal-error"]
    if internal:
        yield f"a rule crashed: {internal}"
    line_count = max(1, len(result.text.split("\n")))
    for found in result.findings:
        if not 1 <= found.line <= line_count:
            yield f"finding on line {found.line} of a {line_count}-line file: {found.to_dict()}"
        if not found.message.strip():
            yield f"finding without a message: {found.to_dict()}"
    if not result.is_report:
        if result.questions or len(result.findings) != 1:
            yield "a non-report must have exactly one finding and no questions"
        return
    assert result.template is not None
    numbers = [question.number for question in result.questions]
    if numbers != list(range(1, result.template.question_count + 1)):
        yield f"questions are not each template question once: {numbers}"
    for question in result.questions:
        if question.answer and question.answer not in result.text:
            yield f"question {question.number}: its answer is not text of the report"
        if question.present and not 1 <= question.line <= line_count:
            yield f"question {question.number} on line {question.line}"
    json.dumps(result.to_dict())  # the CLI's --format json must always work


PAGE_EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "md_in_html", "abbr", "footnotes")
"""What a typical mkdocs.yml enables; md_in_html lets markdown run inside student HTML."""


def assert_renders_safely(result: Result) -> str:
    """Make the report page as the site makes it (the page extension) and assert no markup in it can run code.

    Returns the page's HTML. "Inert" is judged by ``payloads.assert_inert``, as in the sanitiser's and the
    browser's tests: no element or attribute that runs or loads, no id or name a theme looks up, no title a
    theme's tooltip would read as HTML; the table of contents the theme shows beside the page is judged the
    same way. The Jupyter summary table is our markup alone, not sanitised: the student text it quotes (each
    question's first finding) must be escaped, so it is read back as text and adds no element.
    """
    import markdown

    from mkdocs_report_plugin.output.dashboard import summary_table_html
    from mkdocs_report_plugin.output.page_extension import DecorateReport, PageDecoration
    from mkdocs_report_plugin.reading.defuse import defuse_page
    from support.payloads import assert_inert, visible_text

    md = markdown.Markdown(extensions=[*PAGE_EXTENSIONS, DecorateReport(PageDecoration(result))])
    page = md.convert(defuse_page(result.text, result.text))
    toc = [
        token[key] for token in _flat_toc(getattr(md, "toc_tokens", [])) for key in ("name", "html", "data-toc-label")
    ]
    summary = summary_table_html(result)
    for html in (page, *toc, summary):
        try:
            assert_inert(html)
        except AssertionError as error:
            raise Unsound(f"markup that can run code in the page: {error}") from None
    elements = {match.lower() for match in re.findall(r"<([a-zA-Z][^\s/>]*)", summary)}
    if not elements <= _SUMMARY_ELEMENTS:
        raise Unsound(f"student text became markup in the summary table: {sorted(elements - _SUMMARY_ELEMENTS)}")
    shown = visible_text(summary)
    quoted = [question.findings[0].message for question in result.questions if question.findings]
    if not result.is_report:
        quoted = [finding.message for finding in result.findings[:1]]
    unescaped = [message for message in quoted if message not in shown]
    if unescaped:
        raise Unsound(f"a message is not shown as written in the summary table: {unescaped[0][:120]!r}")
    return page


def _flat_toc(tokens: list[dict[str, object]]) -> list[dict[str, str]]:
    """Every entry of Python-Markdown's ``toc_tokens``, nested or not (at most six levels deep)."""
    flat: list[dict[str, str]] = []
    for token in tokens:
        flat.append({key: str(token.get(key) or "") for key in ("name", "html", "data-toc-label")})
        children = token.get("children")
        flat.extend(_flat_toc(children if isinstance(children, list) else []))
    return flat


def assert_publishes_safely(data: str | bytes, rng: random.Random) -> None:
    """Plan the site of ``data`` as ``reports/README.md`` of a repository holding :data:`STUDENT_FILES`, with
    references to them put in, and assert the site publishes raster images only, by the name as written and by
    the file it resolves to, and shows inside the page only SVG images (issue 23)."""
    import tempfile

    from mkdocs_report_plugin import check_report
    from mkdocs_report_plugin.output.site_plan import RASTER_SUFFIXES, Placement, plan_site_files

    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    for _ in range(rng.randint(1, 3)):
        text = student_files(text, rng)
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / ".git").mkdir()
        (project / "reports" / "figures").mkdir(parents=True)
        for name, content in STUDENT_FILES.items():
            (project / "reports" / name).write_bytes(content)
        (project / "reports" / "figures" / "fake.png").symlink_to("plot.svg")
        report = project / "reports" / "README.md"
        report.write_text(text, encoding="utf-8", errors="surrogatepass")
        placement = Placement(project, report, "report/", True, project / "docs",
                              lambda path: f"https://github.com/g/p/blob/main/{path}", "https://course/")  # fmt: skip
        plan = plan_site_files(check_report(report), placement)
        for item in plan.publish:
            names = {Path(item.uri).suffix.lower(), item.source.suffix.lower(), item.source.resolve().suffix.lower()}
            if not names <= RASTER_SUFFIXES:
                raise Unsound(f"the site publishes a file that is not a raster image: {item}")
        for embedded in plan.embedded:
            if embedded.source.resolve().suffix.lower() != ".svg" or not embedded.reference.is_image:
                raise Unsound(f"the page embeds a file that is not an SVG image it shows: {embedded}")


_SUMMARY_ELEMENTS = {"div", "p", "table", "caption", "thead", "tbody", "tr", "th", "td"}


def describe(data: str | bytes, limit: int = 300) -> str:
    """A short readable preview of an input, for failure messages."""
    preview = repr(data[:limit])
    return preview + (f" ... ({len(data)} in all)" if len(data) > limit else "")
