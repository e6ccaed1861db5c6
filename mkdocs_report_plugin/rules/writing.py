"""Rules on how an answer is written: markdown that shows, or counts, otherwise than the student meant."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mkdocs_report_plugin.reading.parse import Heading
from mkdocs_report_plugin.rules.context import QuestionContext
from mkdocs_report_plugin.rules.fixes import blank_line_fix, unplaceholdered_fix, untick_fix
from mkdocs_report_plugin.rules.phrasing import plural
from mkdocs_report_plugin.rules.registry import Found, question_rule


@question_rule("image-in-code", "warning", autofix="safe")
def image_in_code(context: QuestionContext) -> Iterator[Found]:
    """Image syntax inside code (or an HTML block) shows as text, not as a picture.

    Why: The official checker counts it as an image, so the question may pass while the teacher sees no picture.

    Example:
        ```markdown
        ![train](figures/train.png)
        ```

        Our training curve: `![train](figures/train.png)`

    Fix: Move the `![...](...)` line out of the code block; remove the backticks around one written in a line of text.
    When the answer shows too few images, the `images` finding says this instead (one finding for one cause).

    Autofix: The backticks around an image written alone between them in a line of text are removed. An image in
    a code block is left to you.
    """
    hidden = context.images_hidden_in_code
    for image in context.question.images:
        if not image.in_code or image in hidden:
            continue
        fixed = None
        if context.in_inline_code(image):
            where, fix = "inside backticks (inline code)", "Remove the backticks around it"
            fixed = untick_fix(context, [image])
        else:
            where, fix = "inside code", "Move it out of the code block"
        yield Found(image.line, f"the image '{image.source}' is {where}, so it shows as text, not as a picture; the "
                    f"course's checker counts it as an image all the same. {fix}.", target=image.source,
                    fix=fixed)  # fmt: skip


_LEFTOVER_HINTS = ("???", "todo", "tbd", "fixme", "xxx", "lorem ipsum", "fill here", "insert", "write something")
"""Cheap substring tests that every leftover contains; the regex runs only where one is found."""
_LEFTOVERS = re.compile(
    r"\?{3,}|\bTODO\b|\bTBD\b|\bFIXME\b|\bXXX+\b|lorem ipsum|fill here"
    r"|insert\s+(?:a\s+|the\s+)?(?:picture|image|screenshot|figure)s?\b|write\s+something",
    re.IGNORECASE,
)


@question_rule("leftover-marker", "warning", autofix="safe")
def leftover_marker(context: QuestionContext) -> Iterator[Found]:
    """A note to self is left in the answer (`???`, `TODO`, `INSERT PICTURE`, a placeholder...).

    Why: It counts as words for the official checker and reads as unfinished to the teacher.

    Example:
        We deployed the model with ??? !! INSERT PICTURE !!!

    Fix: Replace the note with the text or image it stands for.

    Autofix: The template's placeholder is deleted from a line that holds an answer (the course's checker then no
    longer counts its words). Other notes are left to you: only you know what they stand for.
    """
    answer = context.answer
    if answer is None or answer.first_line is None or not context.question.answered:
        return
    for line, text in context.document.prose_lines(answer.first_line, answer.last_line or answer.first_line):
        placeholder = context.placeholder(text)
        if placeholder:
            yield Found(line, f"the placeholder '{placeholder[0]}' is still in the answer, and the course's checker "
                        f"counts its {plural(len(placeholder[0].split()), 'word')}{_official_verdict_with(context)}. "
                        "Delete it.", fix=unplaceholdered_fix(context, line, placeholder))  # fmt: skip
            continue
        lowered = text.lower()
        if not any(hint in lowered for hint in _LEFTOVER_HINTS):
            continue
        found = sorted({match[0] for match in _LEFTOVERS.finditer(text)}, key=text.find)
        if found:
            shown = ", ".join(f"'{note}'" for note in found)
            yield Found(line, f"{shown} left in the answer. Replace it with your text before the hand-in.")


def _official_verdict_with(context: QuestionContext) -> str:
    """ ", so it fails the question at 204 words" when the placeholder's words change the course's verdict."""
    question, index = context.question, context.question.number - 1
    if context.official.aborts or index >= len(context.official.answers) or question.constraints.words is None:
        return ""
    theirs = context.official.answers[index]
    ours_pass = question.words in question.constraints.words
    theirs_pass = theirs.words in question.constraints.words
    if theirs_pass == ours_pass:
        return ""
    verdict = "passes" if theirs_pass else "fails"
    return f", so it {verdict} the question at {theirs.words} words"


@question_rule("answer-in-quote", "warning")
def answer_in_quote(context: QuestionContext) -> Iterator[Found]:
    """The answer is written inside the template's quote block (lines starting with `>`).

    Why: It renders as part of the question, not as your answer, and each `>` counts as a word for the official
    checker.

    Example:
        > Answer:
        > We used uv to manage dependencies.

    Fix: Leave `> Answer:` alone, add a blank line after it and write the answer without `>`.
    """
    answer = context.answer
    if answer is None or answer.marker_line is None or answer.first_line is None:
        return
    lines = context.document.lines
    if not lines[answer.marker_line - 1].lstrip().startswith(">"):
        return
    quoted = answer.first_line == answer.marker_line or lines[answer.first_line - 1].lstrip().startswith(">")
    if quoted and context.question.answered:
        yield Found(answer.first_line, "the answer is inside the question's quote block, so it renders as part of "
                    "the question. Add a blank line after '> Answer:' and write the answer without '>'.")  # fmt: skip


@question_rule("heading-cuts-answer", "warning")
def heading_cuts_answer(context: QuestionContext) -> Iterator[Found]:
    """A `##` or `###` heading inside an answer ends the answer for the course's checker: what is written below it is
    not counted.

    Why: The checker reads an answer only up to its first `##`/`###`, so the words and images under a sub-heading
    count for nothing and the question may fail on too few words. We count as it does.

    Example:
        > Answer:

        We deployed the API in two ways.

        ### Locally

        We ran it with docker compose ...

    Fix: Write the sub-heading as bold text (`**Locally**`) instead of a `###` heading.
    """
    answer, document = context.answer, context.document
    if answer is None or answer.cut_line is None or not context.question.answered:
        return  # an answer that is only a heading is 'unanswered', which names the heading
    cut = next(heading for heading in document.headings if heading.line == answer.cut_line)
    if cut.line == context.official.last_answer_repeated_at:
        return  # after the last answer it makes the checker stop: 'checker-stops' says that, the stronger thing
    sections = {section.title.lower() for section in context.template.sections}
    if _is_template_section(cut, sections):
        return
    following = (h.line for h in document.headings if h.line > cut.line and _is_template_section(h, sections))
    last = min(next(following, answer.written[1] + 1) - 1, answer.written[1])
    below = range(cut.line + 1, last + 1)
    title_words = len(document.lines[cut.line - 1].split("##", 1)[1].lstrip("#").split())
    lost_words = title_words + sum(len(document.lines[line - 1].split()) for line in below)
    lost_images = sum(1 for image in document.images if image.renders and image.line in below)
    if not lost_words and not lost_images:
        return
    lost = " and ".join(plural(count, noun) for count, noun in ((lost_words, "word"), (lost_images, "image")) if count)
    title = _EMPHASIS.sub("", cut.text).strip()
    yield Found(cut.line,
                f"the heading '{document.lines[cut.line - 1].strip()}' ends the answer for the course's checker: the {lost} "
                f"in and below it (to line {last}) are not counted. Write it as bold text (**{title}**) instead of a heading.")  # fmt: skip


def _is_template_section(heading: Heading, sections: set[str]) -> bool:
    """``## Coding environment`` and its like: where the template itself ends an answer."""
    return heading.atx and heading.level == 2 and not heading.nested and heading.text.lower() in sections


_EMPHASIS = re.compile(r"[*_`]+")


@question_rule("accidental-heading", "warning", autofix="safe")
def accidental_heading(context: QuestionContext) -> Iterator[Found]:
    """A line of `---` or `===` right under a line of text turns that text into a big heading.

    Why: Students keep the template's `---` lines around their answer; with no blank line before it, `---`
    underlines the paragraph above (a setext heading): GitHub shows the whole paragraph as a heading, and the site
    and the hand-in do too when it is one line. The words still count.

    Example:
        --- We used DVC to version our data
        and stored it in a GCP bucket.
         ---

    Fix: Put a blank line before the `---` line, or delete it. To show pasted output (a coverage table), indent its
    lines by four spaces so it shows as code.

    Autofix: A blank line goes before the `---` or `===` line (outside lists and quotes): the text stays text, and
    `---` shows as a line across the page.
    """
    span = context.written_span
    if span is None:
        return
    lines = context.document.lines
    for heading in context.document.headings:
        if heading.atx or heading.line < span[0] or heading.end_line > span[1]:
            continue
        underline = "---" if heading.level == 2 else "==="  # setext: '---' underlines an h2, '===' an h1
        where = (
            "on GitHub, on the site and in the hand-in"
            if _python_markdown_heading(heading, lines)
            else ("on GitHub (the site and the hand-in show it as text)")
        )
        above = (
            f"line {heading.line}"
            if heading.end_line - heading.line == 1
            else f"lines {heading.line}-{heading.end_line - 1}"
        )
        fix = None if heading.nested else blank_line_fix(context, heading.end_line, "a blank line before the underline")
        yield Found(heading.end_line,
                    f"the '{underline}' line right under the text on {above} makes that text a big heading {where}. "
                    "Put a blank line before it, or delete it; indent pasted output (a coverage table) by four "
                    "spaces so it shows as code.", fix=fix)  # fmt: skip


_PYTHON_MARKDOWN_UNDERLINE = re.compile(r"^[=-]+ *$")


def _python_markdown_heading(heading: Heading, lines: list[str]) -> bool:
    """Python-Markdown (the site, the hand-in) underlines only one line, from column 0."""
    one_line = heading.end_line - heading.line == 1
    return one_line and not heading.nested and bool(_PYTHON_MARKDOWN_UNDERLINE.match(lines[heading.end_line - 1]))
