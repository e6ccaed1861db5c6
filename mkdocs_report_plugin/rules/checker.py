"""Rules on the course's own tools: the checker (`report.py check`) and the hand-in renderer (`report.py html`)."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_report_plugin.model.report import Fix, Question
from mkdocs_report_plugin.reading import handin
from mkdocs_report_plugin.reading.official import OfficialAnswer
from mkdocs_report_plugin.reading.parse import Answer
from mkdocs_report_plugin.rules.context import QuestionContext, ReportContext
from mkdocs_report_plugin.rules.handin_fixes import handin_fix
from mkdocs_report_plugin.rules.phrasing import plural
from mkdocs_report_plugin.rules.registry import Found, question_rule, report_rule


@report_rule("checker-stops", "error", badge="the course's checker stops", autofix="safe")
def checker_stops(context: ReportContext) -> Iterator[Found]:
    """The course's `report.py` stops on this report: `check` finds another number of answers than the template has,
    or the file is not UTF-8, which `check` and `html` both fail to read.

    Why: The teacher grades with the course's `report.py check` and reads the hand-in `report.py html` writes. When
    `check` finds 32 answers instead of 31 it stops with an error and checks no question at all; a file saved as
    Latin-1, Windows-1252 or UTF-16 makes both stop before reading a line. The questions below are still checked
    here, as written, so the rest can be fixed too.

    Example:
        ### Question 31
        > Answer:

        Student s123456 did ...

        ### Use of Generative AI Tools

    Fix: Follow the message: write a heading after the last answer as bold text (`**Use of Generative AI Tools**`),
    keep exactly one `Answer:` per question, restore a `### Question` heading deleted above its prompt (named here,
    not by `missing-question` too), or save the file as UTF-8.

    Autofix: A file that is not UTF-8 is saved as UTF-8, its text as it was read (Windows-1252 where a byte is not
    UTF-8, or UTF-16); only this fix changes a file's encoding. The number of answers is left to you.
    """
    if context.encoding_problem is not None:
        line, read_as = context.encoding_problem
        saved = (
            "saved as UTF-16"
            if read_as == "UTF-16"
            else f"not UTF-8 (the first byte that is not UTF-8 is on line {line})"
        )
        yield Found(line,
                    f"the file is {saved}: the course's report.py check and report.py html stop on it with "
                    "UnicodeDecodeError, so the teacher gets neither the check nor the hand-in. Save the file as "
                    f"UTF-8 in your editor. It was read here as {read_as} to check the rest.",
                    fix=Fix(f"the file saved as UTF-8 (it was read as {read_as})", utf8=True))  # fmt: skip
    yield from _answer_count(context)


def _answer_count(context: ReportContext) -> Iterator[Found]:
    """The checker finds the wrong number of answers and stops: one finding, every cause named with its fix.

    A question whose heading was deleted above its prompt is named here, on the prompt's line, and not by
    ``missing-question`` too: one finding per cause, and the report counted among those the course's scripts cannot
    read. A question the course added after the spec's last
    (``template-drift`` says the spec is out of date) is no cause: the course's own checker expects its answer."""
    official = context.official
    if not official.aborts:
        return
    expected_lines = {q.marker_line for q in context.questions if q.marker_line is not None}
    prompts = context.orphan_prompt_lines
    headless = {q.line: q.number for q in context.questions if not q.present and q.line in prompts}
    markers = sorted(marker for section in context.document.sections for marker in section.markers)
    headless_markers = {next(marker for marker in markers if marker > line) for line in headless}
    added = {section.number for section in context.added_questions}
    added_markers = {
        section.marker for section in context.document.sections if section.number in added and section.marker
    }
    extra = [line for line in official.marker_lines if line not in expected_lines | headless_markers | added_markers]
    unmarked = [q.number for q in context.questions if q.present and q.marker_line is None]
    repeated = official.last_answer_repeated_at
    where = min([*extra, *headless, *([repeated] if repeated else [])], default=None) or next(
        (q.line for q in context.questions if q.number in unmarked), 1
    )
    details = []
    if headless:
        numbers = sorted(headless.values())
        several = len(numbers) > 1
        details.append(f"question{'s' if several else ''} {_join(numbers)} {'have' if several else 'has'} "
                       f"no '### Question' heading above {'their prompts' if several else 'its prompt'}; restore "
                       f"{'them' if several else 'it'}")  # fmt: skip
    if extra:
        details.append(f"'Answer:' also appears on line{'s' if len(extra) > 1 else ''} {_join(extra)}; reword it there")
    if unmarked:
        several = len(unmarked) > 1
        details.append(f"question{'s' if several else ''} {_join(unmarked)} {'have' if several else 'has'} no 'Answer:' "
                       f"line; restore {'them' if several else 'it'}")  # fmt: skip
    if repeated:
        details.append(_repeated_last_answer(context, repeated))
    if not details and added:
        return  # template-drift names the added question, and the spec to update
    if not details:
        details.append("keep exactly one 'Answer:' per question")
    yield Found(where,
                f"the course's report.py check will find {len(official.answers)} answers instead of "
                f"{official.expected} and stop with an error, checking no question: {'; '.join(details)}.")  # fmt: skip


def _repeated_last_answer(context: ReportContext, line: int) -> str:
    """Why a '###' after the last 'Answer:' makes one answer too many, and what to write instead."""
    document = context.document
    written = document.lines[line - 1].strip()
    heading = next((heading for heading in document.headings if heading.line == line), None)
    cause = (f"the '###' on line {line} ({written!r}) comes after the last 'Answer:', and the checker then reads the "
             "last answer twice")  # fmt: skip
    if heading is None:
        return f"{cause}; remove the '###' there"
    return f"{cause}; write the heading as bold text (**{heading.text.strip()}**) instead"


def _join(numbers: list[int]) -> str:
    shown = [str(number) for number in numbers[:8]]
    return ", ".join(shown) + (" ..." if len(numbers) > 8 else "")


@question_rule("handin-render", "warning", autofix="safe")
def handin_render(context: QuestionContext) -> Iterator[Found]:
    """The hand-in the teacher grades (`report.py html`) shows part of the answer otherwise than GitHub: fenced code, a
    table, or a list.

    Why: After the deadline the course turns reports/README.md into HTML with `report.py html`, and that file is
    what the teacher reads: Python-Markdown with no extensions. It reads no fenced code blocks and no tables, runs a
    list written right under a line of text into that line, flattens lists nested by fewer than four spaces and
    numbers no `1)` lists. GitHub shows all of them, so its preview does not tell; `mkdocs-report handin` writes the
    hand-in to open in a browser.

    Example:
        We build the image with:
        ```bash
        docker build -f train.dockerfile .
        ```
        Our workflows:
        - tests.yaml
          - runs on three operating systems

    Fix: Indent code by four spaces instead of fencing it, put a blank line before every list, indent nested items
    by four spaces, number with `1.`, and write a table as a list (or indent it by four spaces).

    Autofix: A closed fenced block becomes code indented by four spaces (four more per list around it), and the
    course's checker no longer counts its fence lines as words; a blank line goes before a list written right under
    text or a quote; nested lists move to four spaces per level; `1)` becomes `1.`. A table is indented as code only
    with `--unsafe-fixes` (GitHub then shows it as code too). Fences in quotes, right after a list or never closed
    are left to you.
    """
    answer, span = context.answer, context.written_span
    if answer is None or span is None:
        return
    start = answer.marker_line if answer.marker_line is not None else span[0]
    by_construct: dict[handin.Construct, list[handin.Difference]] = {}
    for difference in handin.differences(context.document.blocks, context.document.lines, start, span[1]):
        by_construct.setdefault(difference.construct, []).append(difference)
    for construct, differences in by_construct.items():
        lines = [difference.line for difference in differences]
        yield Found(lines[0], handin.describe(construct, lines), fix=handin_fix(context, construct, differences))


@question_rule("official-divergence", "warning")
def official_divergence(context: QuestionContext) -> Iterator[Found]:
    """The official `report.py check` will read an answer differently from what is written (when it stops on the
    whole report, `checker-stops` says so).

    Why: The teacher grades with the official checker: what it counts is what counts. Knowing where it misreads lets
    you fix the report before grading.

    Example:
        A `### comment` in a bash block ends the answer for the official checker, which then counts only the words above it.

    Fix: Follow the message: remove the placeholder, move images out of code, avoid `###`/`##` inside answers.
    """
    question, answer = context.question, context.answer
    if context.official.aborts or answer is None or not question.present:
        return
    index = question.number - 1
    if index >= len(context.official.answers):
        return
    theirs = context.official.answers[index]
    official_passes = theirs.passes(question.constraints)
    if not question.answered and not official_passes:
        return  # both fail an empty answer: nothing to warn about
    reasons = list(_divergence_reasons(context, theirs))
    if not reasons:
        return
    verdict = "pass" if official_passes else "fail"
    counts = _official_counts(question, theirs)
    yield Found(answer.first_line or question.line,
                f"the official checker will count {counts} and {verdict} this question: {'; '.join(reasons)}.")  # fmt: skip


def _official_counts(question: Question, theirs: OfficialAnswer) -> str:
    parts = [plural(theirs.words, "word")]
    if question.constraints.images is not None or theirs.images != question.rendered_images:
        parts.append(plural(theirs.images, "image"))
    return " and ".join(parts)


def _divergence_reasons(context: QuestionContext, theirs: OfficialAnswer) -> Iterator[str]:
    question, answer, constraints = context.question, context.answer, context.question.constraints
    assert answer is not None  # official_divergence returns first without one
    if answer.marker_line is not None and theirs.marker_line != answer.marker_line:
        yield (f"it reads the answer from the 'Answer:' on line {theirs.marker_line}, not line {answer.marker_line}; "
               "keep one 'Answer:' per question")  # fmt: skip
    if _cut_where_we_read_on(answer, theirs):
        yield (f"it stops reading at line {theirs.cut_line}, where a '{theirs.cut_by}' ends the answer for it; "
               f"avoid '{theirs.cut_by}' inside answers (code comments included)")  # fmt: skip
    placeholder = context.placeholder(answer.text)
    # 'unanswered' and 'leftover-marker' name the placeholder, with the checker's count: one finding for one cause
    named = not question.answered or context.placeholder_in_prose
    if placeholder and constraints.words is not None and not named:
        advice = "delete the placeholder line" if question.answered else "replace the placeholder with your answer"
        shown = context.template.placeholder.replace("{number}", str(question.number))
        yield f"it counts the '{shown}' placeholder as {plural(len(placeholder[0].split()), 'word')}; {advice}"
    in_code = sum(1 for image in question.images if image.in_code)
    html = sum(1 for image in question.images if image.html and image.renders)
    by_reference = sum(1 for image in question.images if image.by_reference and image.renders)
    if constraints.images is not None and theirs.images != question.rendered_images:
        # Images in code are named by 'images' or 'image-in-code', with the fix; here only when they fail the question
        if in_code and question.rendered_images in constraints.images and theirs.images not in constraints.images:
            yield f"it counts {plural(in_code, 'image')} written inside code, which the reader sees as text"
        if html:
            yield f"it does not count {plural(html, 'HTML <img> tag')}; use ![alt](figures/name.png) instead"
        if by_reference:
            yield (
                f"it does not count {plural(by_reference, 'image')} written as ![alt][label]; "
                "write ![alt](figures/name.png) instead"
            )


def _cut_where_we_read_on(answer: Answer, theirs: OfficialAnswer) -> bool:
    """Whether the checker cuts the answer at a '##' we read as text (in code, or mid-line)."""
    cut = theirs.cut_line
    return cut is not None and cut != answer.cut_line and answer.last_line is not None and cut <= answer.last_line
