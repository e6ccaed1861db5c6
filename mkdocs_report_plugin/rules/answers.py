"""Rules on what an answer holds: an answer at all, its words and its images against the question's limits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from mkdocs_report_plugin.model.report import Image, Question
from mkdocs_report_plugin.reading.repository import IMAGE_SUFFIXES, local_path
from mkdocs_report_plugin.rules.context import QuestionContext
from mkdocs_report_plugin.rules.fixes import shown_link_targets, shown_links_fix, untick_fix
from mkdocs_report_plugin.rules.phrasing import plural
from mkdocs_report_plugin.rules.registry import Found, question_rule


@question_rule("unanswered", "error", badge="not answered")
def unanswered(context: QuestionContext) -> Iterator[Found]:
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
        yield Found(answer.cut_line,
                    f"the answer starts with the heading '{heading}', where the course's checker stops reading: "
                    f"it finds no answer. Write the answer as plain text below 'Answer:'{wanted}; use **bold** "
                    "for a title.")  # fmt: skip
    elif placeholder := context.placeholder(answer.text):
        counted = ""
        if _checker_passes(context):  # one finding for the placeholder: 'official-divergence' leaves it to this one
            counted = (f" The course's checker counts the placeholder as {plural(len(placeholder[0].split()), 'word')} "
                       "and passes the question, but it is not an answer.")  # fmt: skip
        yield Found(
            line, f"not answered yet: the placeholder is still there. Replace it with your answer{wanted}.{counted}"
        )
    else:
        yield Found(line, f"the answer is empty. Write your answer below the 'Answer:' line{wanted}.")


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


@question_rule("words", "error", badge="word count")
def words(context: QuestionContext) -> Iterator[Found]:
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
    yield Found(
        line,
        f"{plural(question.words, 'word')}; the range is {allowed}. {advice}",
        badge=f"{plural(question.words, 'word')}, needs {allowed}",
    )


@question_rule("images", "error", badge="image count", autofix="safe")
def images(context: QuestionContext) -> Iterator[Found]:
    """The answer shows fewer or more images than the question asks for.

    Why: The official checker fails the question; only images that render count here (markdown images outside code,
    and HTML `<img>` tags).

    Example:
        Question 19 asks for 1-2 images of the GCP bucket; the answer has none.

    Fix: Add the screenshot to `figures/` and write `![bucket](figures/bucket.png)` in the answer. An image written
    in code is shown as text: remove the backticks around it, or move it out of the code block. A link to an image
    (`[bucket](figures/bucket.png)`) shows as a link: write `!` before it.

    Autofix: When the answer shows too few images, the backticks around an image written alone between them in a
    line of text are removed, or else each link to an image file gets its `!`.
    """
    question, answer = context.question, context.answer
    allowed = question.constraints.images
    count = question.rendered_images
    if allowed is None or not question.answered or answer is None or count in allowed:
        return
    line = answer.first_line or question.line
    badge = f"{plural(count, 'image')}, needs {allowed}"
    if hidden := context.images_hidden_in_code:
        fix = untick_fix(context, [image for image in hidden if context.in_inline_code(image)])
        yield Found(hidden[0].line, _hidden_in_code_message(context, hidden), badge=badge, fix=fix)
    elif count < allowed.minimum and (links := _image_links(context)):
        yield Found(links[0][0], _image_links_message(context, links), badge=badge, fix=shown_links_fix(context, links))
    elif count < allowed.minimum:
        shown = "no image" if count == 0 else plural(count, "image")
        advice = f"Add {plural(allowed.minimum - count, 'image')}: save it in figures/ and write ![description](figures/name.png)."
        yield Found(line, f"{shown}; the question asks for {allowed.describe('image')}. {advice}", badge=badge)
    else:
        yield Found(line, f"{plural(count, 'image')}; the question asks for {allowed.describe('image')}. "
                    f"Remove {plural(count - allowed.maximum, 'image')}.", badge=badge)  # fmt: skip


def _image_links(context: QuestionContext) -> list[tuple[int, str]]:
    """The links of the answer written ``[text](figures/name.png)`` to an image file: meant as images, most likely."""
    answer = context.answer
    if answer is None or answer.first_line is None or answer.last_line is None:
        return []
    first, last = answer.first_line, answer.last_line
    links = [(reference.line, reference.target) for reference in context.document.references
             if not reference.is_image and first <= reference.line <= last
             and PurePosixPath(local_path(reference.target)).suffix.lower() in IMAGE_SUFFIXES]  # fmt: skip
    return shown_link_targets(context, links)


def _image_links_message(context: QuestionContext, links: list[tuple[int, str]]) -> str:
    question = context.question
    allowed = question.constraints.images
    assert allowed is not None  # images finds no links without a range
    count = question.rendered_images
    shown = "no image" if count == 0 else plural(count, "image")
    named = ", ".join(f"'{target}' (line {line})" for line, target in links[:4]) + (" ..." if len(links) > 4 else "")
    one = len(links) == 1
    which = ("the image" if one else "the images") if count + len(links) <= allowed.maximum else (
        f"the {plural(allowed.maximum - count, 'image')} you mean")  # fmt: skip
    first_line, first_target = links[0]
    written = re.search(r"\[([^\]\n]*)\]\(\s*<?" + re.escape(first_target), context.document.lines[first_line - 1])
    example = f"![{written[1] if written else 'description'}]({first_target})"
    return (f"{shown}; the question asks for {allowed.describe('image')}. The link{'' if one else 's'} to {named} "
            f"show{'s' if one else ''} as {'a link' if one else 'links'}, not {'a picture' if one else 'pictures'}: "
            f"write '!' before the '[' to show {which}, as in {example}.")  # fmt: skip


def _hidden_in_code_message(context: QuestionContext, hidden: list[Image]) -> str:
    question = context.question
    allowed = question.constraints.images
    assert allowed is not None  # images_hidden_in_code finds none without a range
    shown = (
        "no image shows" if question.rendered_images == 0 else f"only {plural(question.rendered_images, 'image')} shows"
    )
    inline = [image for image in hidden if context.in_inline_code(image)]
    blocks = [image for image in hidden if not context.in_inline_code(image)]
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
