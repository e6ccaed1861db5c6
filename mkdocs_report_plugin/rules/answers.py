"""Rules on what an answer holds: an answer at all, its words and its images against the question's limits."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mkdocs_report_plugin.model.report import Finding, Image, Question, Reference
from mkdocs_report_plugin.reading.repository import IMAGE_SUFFIXES
from mkdocs_report_plugin.rules.context import QuestionContext
from mkdocs_report_plugin.rules.phrasing import plural
from mkdocs_report_plugin.rules.registry import finding, question_rule


@question_rule("unanswered", "error")
def unanswered(context: QuestionContext) -> Iterator[Finding]:
    """The question has no answer: the placeholder is still there, or nothing is written.

    Why: An unanswered question never passes, even one whose range starts at 0 words, which the official checker
    lets pass because it counts the placeholder as 6 words.

    Example:
        > Answer:

        --- question 28 fill here ---

    Fix: Replace the placeholder line with your answer.
    """
    question, answer = context.question, context.answer
    if not question.present or question.answered or answer is None:
        return
    wanted = _wanted(question)
    line = answer.first_line or answer.marker_line or question.line
    if answer.cut_line is not None and not answer.text.strip():
        heading = context.document.lines[answer.cut_line - 1].strip()
        yield finding("unanswered", question.number, answer.cut_line,
                      f"the answer starts with the heading '{heading}', where the course's checker stops reading: "
                      f"it finds no answer. Write the answer as plain text below 'Answer:'{wanted}; use **bold** "
                      "for a title.")  # fmt: skip
    elif placeholder := context.placeholder(answer.text):
        counted = ""
        if _checker_passes(context):  # one finding for the placeholder: 'official-divergence' leaves it to this one
            counted = (f" The course's checker counts the placeholder as {plural(len(placeholder[0].split()), 'word')} "
                       "and passes the question, but it is not an answer.")  # fmt: skip
        yield finding("unanswered", question.number, line,
                      f"not answered yet: the placeholder is still there. Replace it with your answer{wanted}.{counted}")  # fmt: skip
    else:
        yield finding("unanswered", question.number, line,
                      f"the answer is empty. Write your answer below the 'Answer:' line{wanted}.")  # fmt: skip


def _checker_passes(context: QuestionContext) -> bool:
    """Whether the course's checker passes the question (it reads it at all, and its counts are in range)."""
    official, index = context.official, context.question.number - 1
    return (
        not official.aborts
        and index < len(official.answers)
        and official.answers[index].passes(context.question.constraints)
    )


def _wanted(question: Question) -> str:
    words, images = question.constraints.words, question.constraints.images
    parts = [words.describe("word")] if words and words.maximum > 0 else []
    parts += [images.describe("image")] if images else []
    return f" ({' and '.join(parts)})" if parts else ""


@question_rule("words", "error")
def words(context: QuestionContext) -> Iterator[Finding]:
    """The answer has fewer or more words than the question's range.

    Why: The official checker fails the question; it counts every whitespace-separated token (markdown syntax, URLs
    and code included), and so do we.

    Example:
        Question 14 asks for 200-300 words; the answer has 168.

    Fix: Add or cut words until the count is inside the range.
    """
    question, answer = context.question, context.answer
    allowed = question.constraints.words
    if allowed is None or not question.answered or answer is None or question.words in allowed:
        return
    line = answer.first_line or question.line
    if question.words < allowed.minimum:
        advice = f"Add at least {plural(allowed.minimum - question.words, 'word')}."
    else:
        advice = f"Cut at least {plural(question.words - allowed.maximum, 'word')}."
    yield finding("words", question.number, line, f"{plural(question.words, 'word')}; the range is {allowed}. {advice}")


@question_rule("images", "error")
def images(context: QuestionContext) -> Iterator[Finding]:
    """The answer shows fewer or more images than the question asks for.

    Why: The official checker fails the question; only images that render count here (markdown images outside code,
    and HTML `<img>` tags).

    Example:
        Question 19 asks for 1-2 images of the GCP bucket; the answer has none.

    Fix: Add the screenshot to `figures/` and write `![bucket](figures/bucket.png)` in the answer. A link to an image
    (`[bucket](figures/bucket.png)`) shows no picture: add `!` before it. An image written in code is shown as text:
    remove the backticks around it, or move it out of the code block.
    """
    question, answer = context.question, context.answer
    allowed = question.constraints.images
    count = question.rendered_images
    if allowed is None or not question.answered or answer is None or count in allowed:
        return
    line = answer.first_line or question.line
    if hidden := images_hidden_in_code(context):
        yield finding("images", question.number, hidden[0].line, _hidden_in_code_message(context, hidden))
    elif count < allowed.minimum:
        shown = "no image" if count == 0 else plural(count, "image")
        missing = allowed.minimum - count
        if linked := _links_to_images(context):
            line, advice = linked[0].line, _show_linked_advice(context, linked, missing)
        else:
            advice = f"Add {plural(missing, 'image')}: save it in figures/ and write ![description](figures/name.png)."
        yield finding(
            "images", question.number, line, f"{shown}; the question asks for {allowed.describe('image')}. {advice}"
        )
    else:
        yield finding("images", question.number, line,
                      f"{plural(count, 'image')}; the question asks for {allowed.describe('image')}. Remove {plural(count - allowed.maximum, 'image')}.")  # fmt: skip


def _links_to_images(context: QuestionContext) -> list[Reference]:
    """Links in the answer to an image file of the repository (``[bucket](figures/bucket.png)``): an image the
    student meant to show, which shows as a link's text."""
    span = context.written_span
    if span is None:
        return []
    linked = []
    for reference in context.document.references:
        if reference.is_image or reference.question != context.question.number:
            continue
        if not span[0] <= reference.line <= span[1]:
            continue
        where = context.locate(reference.target)
        if where is not None and where.found and where.file is not None and where.file.suffix.lower() in IMAGE_SUFFIXES:
            linked.append(reference)
    return linked


def _show_linked_advice(context: QuestionContext, linked: list[Reference], missing: int) -> str:
    """Add ``!`` before the links that lead to images: they then show, and count."""
    first = linked[0]
    written = re.search(r"\[([^\]\n]*)\]\(\s*<?" + re.escape(first.target), context.document.lines[first.line - 1])
    shown = f"![{written[1] if written else 'description'}]({first.target})"
    if len(linked) == 1:
        advice = (f"The link on line {first.line} leads to the image '{first.target}' instead of showing it: add '!' "
                  f"before the link, as in {shown}.")  # fmt: skip
    else:
        numbers = sorted({link.line for link in linked})
        lines = ", ".join(map(str, numbers[:4])) + (" ..." if len(numbers) > 4 else "")
        where = f"lines {lines}" if len(numbers) > 1 else f"line {first.line}"
        advice = (f"The links on {where} lead to images instead of showing them: add '!' before each, as in "
                  f"{shown}.")  # fmt: skip
    if len(linked) < missing:
        advice += (f" Then add {plural(missing - len(linked), 'more image')}: save it in figures/ and write "
                   "![description](figures/name.png).")  # fmt: skip
    return advice


def images_hidden_in_code(context: QuestionContext) -> list[Image]:
    """The images written in code of an answer that shows too few images: the one cause the ``images`` finding names.

    The course's checker counts them (it matches ``![..](..)`` anywhere), the reader sees text; ``image-in-code``
    and ``official-divergence`` stay quiet about them, so the student reads one finding with the fix that works."""
    question, allowed = context.question, context.question.constraints.images
    if allowed is None or not question.answered or question.rendered_images >= allowed.minimum:
        return []
    return [image for image in question.images if image.in_code]


def in_inline_code(context: QuestionContext, image: Image) -> bool:
    """Whether ``image`` is written between backticks in a line of text, rather than in a code or HTML block."""
    return image.in_code and image.line not in context.document.code_lines


def _hidden_in_code_message(context: QuestionContext, hidden: list[Image]) -> str:
    question = context.question
    allowed = question.constraints.images
    assert allowed is not None  # images_hidden_in_code finds none without a range
    shown = (
        "no image shows" if question.rendered_images == 0 else f"only {plural(question.rendered_images, 'image')} shows"
    )
    inline = [image for image in hidden if in_inline_code(context, image)]
    blocks = [image for image in hidden if not in_inline_code(context, image)]
    parts = []
    if inline:
        parts.append(f"{_named(inline)} {'is' if len(inline) == 1 else 'are'} inside backticks (inline code), so "
                     f"{'it shows' if len(inline) == 1 else 'they show'} as text: remove the backticks")  # fmt: skip
    if blocks:
        parts.append(f"{_named(blocks)} {'is' if len(blocks) == 1 else 'are'} inside a code block, so "
                     f"{'it shows' if len(blocks) == 1 else 'they show'} as text: move "
                     f"{'it' if len(blocks) == 1 else 'them'} out of the code block")  # fmt: skip
    fix = "; ".join(parts)
    return (f"{shown}; the question asks for {allowed.describe('image')}. {fix[0].upper()}{fix[1:]}. The course's checker "
            "counts an image written in code, but the teacher sees no picture.")  # fmt: skip


def _named(images: list[Image]) -> str:
    names = [f"'{image.source}' (line {image.line})" for image in images[:4]]
    return (
        ("the image " if len(images) == 1 else "the images ") + ", ".join(names) + (" ..." if len(images) > 4 else "")
    )
