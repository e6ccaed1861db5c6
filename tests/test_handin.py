"""The hand-in: what the course's ``report.py html`` makes of a report, and the answers it changes.

The course's command is, in full: read README.md as text, ``text = text[43:]``,
``html = markdown.markdown(text)``, write report.html as text. ``course_report_html``
below does exactly that, so the bytes of ``mkdocs-report handin`` are compared with it.
Where the hand-in shows an answer otherwise than GitHub, the reference is GitHub's own
renderer (cmark-gfm) next to Python-Markdown: a different code path from the rule's.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from support.cli import run
from support.course import SHARED, SHIPPED_YEARS, blank_template, shared_file
from support.reportgen import line_of, make_report, words, write_report

from mkdocs_report_plugin import check_report, check_text
from mkdocs_report_plugin.model.report import Finding, Result
from mkdocs_report_plugin.output.render import decorate_page


def course_report_html(readme: Path, output: Path) -> None:
    """The course's ``report.py html``, line for line (UTF-8 named, as the locale gives it)."""
    with open(readme, encoding="utf-8") as file:
        text = file.read()
    text = text[43:]
    html = markdown.markdown(text)
    with open(output, "w", encoding="utf-8") as newfile:
        newfile.write(html)


def handin_findings(result: Result, question: int | None = None) -> list[Finding]:
    return [f for f in result.findings if f.rule == "handin-render" and (question is None or f.question == question)]


# --- the rule, on reports we write ------------------------------------------------------

INTRO = words(120, 3)  # inside the 100-200 range of questions 6 to 10

CONSTRUCTS = {
    "backtick fence": (f"{INTRO} We build the image with:\n\n```bash\ndocker build .\n```", "```bash",
                       "shows the fenced code block on line {} as run-together text"),
    "tilde fence": (f"{INTRO}\n\n~~~\nmake train\n~~~", "~~~", "shows the fenced code block on line {} as"),
    "pipe table": (f"{INTRO}\n\n| tool | use |\n|---|---|\n| dvc | data |", "| tool", "shows the table on line {} as"),
    "list under text": (f"{INTRO} We used:\n- dvc for data\n- docker for images", "- dvc",
                        "shows the list on line {} as part of the line of text right above it"),
    "list nested by two spaces": (f"{INTRO}\n\n- data\n  - dvc\n  - a bucket", "  - dvc",
                                  "shows the nested list on line {} at the level of the list above"),
    "list nested by three spaces": (f"{INTRO}\n\n1. data\n   - dvc", "   - dvc", "shows the nested list on line {}"),
    "list numbered with parentheses": (f"{INTRO}\n\n1) clone\n2) run", "1) clone",
                                       "shows the numbered list on line {} as plain text"),
}  # fmt: skip


@pytest.mark.parametrize("construct", CONSTRUCTS)
def test_each_construct_is_one_warning_with_its_line_and_fix(construct: str) -> None:
    answer, needle, shown = CONSTRUCTS[construct]
    text = make_report({6: answer})
    result = check_text(text)
    [finding] = handin_findings(result)
    line = line_of(text, needle)
    assert (finding.question, finding.line, finding.severity) == (6, line, "warning")
    assert finding.headline.startswith(f"Question 6: the hand-in the teacher grades {shown.format(line)}")
    assert result.question(6).ok  # a warning: the question still passes


def test_the_fixes_the_messages_give_leave_nothing_to_warn_about() -> None:
    fixed = {
        6: f"{INTRO} We build the image with:\n\n    docker build .",
        8: f"{INTRO} We used:\n\n- dvc for data\n- docker for images",
        9: f"{INTRO}\n\n- data\n    - dvc\n    - a bucket\n        - in Europe\n- - nested on its item's line",
        10: f"{INTRO}\n\n    | tool | use |\n    |---|---|\n\n1. clone\n2. run",
    }
    assert handin_findings(check_text(make_report(fixed))) == []


def test_a_list_right_under_the_answer_line_runs_into_the_quote() -> None:
    text = make_report({6: "- dvc for data\n- docker for images"}).replace("> Answer:\n\n- dvc", "> Answer:\n- dvc")
    [finding] = handin_findings(check_text(text))
    assert finding.line == line_of(text, "- dvc") and "inside the quote ('>' lines) right above it" in finding.message


def test_a_list_right_under_a_quote_of_the_answer_joins_the_quote() -> None:
    text = make_report({6: f"{INTRO}\n\n> Note: we chose two tools.\n>\n- dvc for data"})
    [finding] = handin_findings(check_text(text))
    assert finding.line == line_of(text, "- dvc") and "inside the quote" in finding.message


def test_several_occurrences_are_one_warning_naming_every_line() -> None:
    fence = "```\nmake\n```"
    text = make_report({6: f"{INTRO}\n\n{fence}\n\nthen\n\n{fence}\n\nand\n\n{fence}"})
    [finding] = handin_findings(check_text(text))
    lines = [line_of(text, "```", occurrence) for occurrence in (1, 3, 5)]
    assert finding.line == lines[0]
    assert f"the fenced code blocks on lines {lines[0]}, {lines[1]} and {lines[2]} as" in finding.message


def test_inline_code_with_three_backticks_is_not_a_fence() -> None:
    assert handin_findings(check_text(make_report({6: f"{INTRO} run ```make train``` to train."}))) == []


def test_the_prompt_of_the_template_is_never_the_students_fault() -> None:
    prompt_line = "> **Question 6 asks about one part of the project.**"
    text = make_report().replace(prompt_line, f"{prompt_line}\n> For example:\n> - a list\n>\n> ```\n> code\n> ```")
    assert handin_findings(check_text(text)) == []


def test_an_unanswered_report_has_no_warning() -> None:
    blank = make_report({number: f"--- question {number} fill here ---" for number in range(1, 32)})
    assert handin_findings(check_text(blank)) == []


# --- the command --------------------------------------------------------------------------


def test_handin_writes_report_html_next_to_the_report_as_the_course_does(tmp_path: Path) -> None:
    report = write_report(tmp_path / "reports", make_report({6: f"{INTRO}\n\n```\nmake\n```"}))
    status, out, _ = run("handin", cwd=tmp_path)
    written = tmp_path / "reports" / "report.html"
    course_report_html(report, tmp_path / "course.html")
    assert status == 0 and written.read_bytes() == (tmp_path / "course.html").read_bytes()
    assert out == ("reports/report.html: the hand-in as the teacher will read it; 1 answer shows differently "
                   "than on GitHub: `mkdocs-report check` says where and how to fix it.\n")  # fmt: skip


ENCODINGS = {
    "lf": lambda text: text.encode(),
    "crlf": lambda text: text.replace("\n", "\r\n").encode(),
    "cr": lambda text: text.replace("\n", "\r").encode(),
    "bom": lambda text: "\ufeff".encode() + text.encode(),  # the BOM is one of the 43 characters dropped
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_handin_bytes_equal_the_course_script_whatever_the_line_endings(tmp_path: Path, encoding: str) -> None:
    readme = tmp_path / "README.md"
    counted = "0123456789" * 5  # the cut after 43 characters lands inside this line
    readme.write_bytes(
        ENCODINGS[encoding](f"{counted}\n" + make_report({6: f"{INTRO} caf\u00e9\n- a\n\n| a |\n|---|"}))
    )
    assert run("handin", str(readme), "-o", str(tmp_path / "ours.html"))[0] == 0
    course_report_html(readme, tmp_path / "course.html")
    assert (tmp_path / "ours.html").read_bytes() == (tmp_path / "course.html").read_bytes()


def test_handin_renders_any_readable_file_as_the_course_does(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Notes of the group, not the exam template\n\n*Nothing* to see.\n")
    status, out, _ = run("handin", str(tmp_path / "notes.md"), "-o", str(tmp_path / "notes.html"))
    assert status == 0 and "not the exam template (report.py html renders any file)" in out
    assert (tmp_path / "notes.html").read_text() == "<p><em>Nothing</em> to see.</p>"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "cannot read"),
        (make_report().encode("utf-8") + b"caf\xe9\n", "not valid UTF-8, and report.py html fails on it too"),
        (make_report({5: "- " * 3000 + "deep"}).encode(), "nested hundreds of levels deep"),
    ],
    ids=["missing", "not-utf-8", "nested-too-deep"],
)
def test_handin_refuses_in_one_line_with_status_2(tmp_path: Path, content: bytes | None, says: str) -> None:
    readme = tmp_path / "README.md"
    if content is not None:
        readme.write_bytes(content)
    status, out, err = run("handin", str(readme), "-o", str(tmp_path / "out.html"))
    assert (status, out) == (2, "") and err.count("\n") == 1 and says in err
    assert not (tmp_path / "out.html").exists()


@pytest.mark.slow
def test_html_and_handin_say_the_same_about_text_nested_too_deep(tmp_path: Path) -> None:
    """Lists indented one level further on each of 700 lines are not defused: Python-Markdown
    recurses on them, and both commands that render say so in the same words, in one line."""
    readme = write_report(tmp_path, make_report({5: "\n".join(" " * (2 * depth) + "- x" for depth in range(700))}))
    said = []
    for command in ("html", "handin"):
        status, out, err = run(command, str(readme), "-o", str(tmp_path / f"{command}.html"))
        assert (status, out) == (2, "") and err.count("\n") == 1 and "Traceback" not in err
        said.append(err.split(": ", 2)[2].strip())
    assert said[0] in said[1] and "nested hundreds of levels deep" in said[0]


def test_handin_never_writes_over_the_report(tmp_path: Path) -> None:
    report = write_report(tmp_path, make_report())
    before = report.read_bytes()
    status, _, err = run("handin", str(report), "-o", str(report))
    assert status == 2 and "that is the report itself" in err and report.read_bytes() == before


# --- the dashboard's link ----------------------------------------------------------------


def test_the_dashboard_links_to_the_handin_when_one_is_published() -> None:
    result = check_text(make_report())
    page = markdown.markdown(result.text)
    linked = decorate_page(result, page, handin_url="handin/")
    assert '<a href="handin/">The hand-in as the teacher reads it</a>' in linked
    assert "The hand-in as the teacher" not in decorate_page(result, page)


# --- every real hand-in ----------------------------------------------------------------------


def real_reports() -> list[tuple[str, Path]]:
    """Every seed and hand-in of ../shared, as (name, report path)."""
    reports = [(f"seeds/{path.name}", path) for path in sorted((SHARED / "seeds").glob("*.md"))]
    for folder in sorted((SHARED / "handins").glob("[0-9]*")):
        source = dict(line.split(" ", 1) for line in (folder / "SOURCE").read_text().splitlines())
        reports.append((f"handins/{folder.name}", folder / "tree" / source["report"]))
    return reports or [("../shared", SHARED / "handins")]  # absent: one entry, whose test skips naming it


REAL = real_reports()


@pytest.mark.parametrize(("name", "report"), REAL, ids=[name for name, _ in REAL])
def test_handin_is_byte_identical_to_report_py_html(name: str, report: Path, tmp_path: Path) -> None:
    shared_file(*report.relative_to(SHARED).parts)
    status, _, err = run("handin", str(report), "-o", str(tmp_path / "ours.html"))
    assert status == 0, err
    course_report_html(report, tmp_path / "course.html")
    assert (tmp_path / "ours.html").read_bytes() == (tmp_path / "course.html").read_bytes(), name


def shape(html: str) -> dict[str, int]:
    """What a reader sees of the structure: code blocks, tables, list items, their nesting and quoting."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    items = soup.find_all("li")
    return {
        "code blocks": len(soup.find_all("pre")),
        "tables": len(soup.find_all("table")),
        "list items": len(items),
        "list depth": max((len(item.find_parents(["ul", "ol"])) for item in items), default=0),
        "list items in quotes": len(soup.select("blockquote li")),
    }


@pytest.mark.parametrize(("name", "report"), REAL, ids=[name for name, _ in REAL])
def test_a_warning_exactly_where_github_and_the_handin_show_an_answer_differently(name: str, report: Path) -> None:
    cmarkgfm = pytest.importorskip("cmarkgfm", reason="GitHub's renderer (pip install cmarkgfm) is the reference")
    shared_file(*report.relative_to(SHARED).parts)
    result = check_report(report)
    lines = result.text.split("\n")
    wrong = []
    for question in result.questions:
        if question.answer_line is None or question.answer_end_line is None:
            continue
        start = question.marker_line or question.answer_line  # a list right under "> Answer:" joins the quote
        source = "\n".join(lines[start - 1 : question.answer_end_line])
        github = shape(cmarkgfm.github_flavored_markdown_to_html(source, options=cmarkgfm.Options.CMARK_OPT_UNSAFE))
        handin = shape(markdown.markdown(source))
        differing = sorted(key for key in github if github[key] != handin[key])
        warned = [finding.line for finding in handin_findings(result, question.number)]
        if bool(differing) != bool(warned):
            wrong.append(f"{name} question {question.number} (lines {start}-{question.answer_end_line}): "
                         f"GitHub and the hand-in differ in {differing or 'nothing'}, warnings on lines {warned}")  # fmt: skip
        assert all(start <= line <= question.answer_end_line for line in warned), (name, question.number)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_no_warning_on_a_blank_template(year: str) -> None:
    assert handin_findings(check_report(blank_template(year))) == []
