"""Knowledge of the exam template: its generations and what each question asks for.

The ranges of the four official generations are written out as tables, because they are
what the official checker enforces. A revision we have never seen is read from the
template's own prompt text ("Recommended answer length: 100-200 words", "Insert 1-2
images"), which is also how the tables were checked (see tests/test_template.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .model import Constraints, Range, Template

TITLE = "Exam template for 02476 Machine Learning Operations"

QUESTION_HEADING = re.compile(r"^\s*question\s+(\d+)\b", re.IGNORECASE)
"""Matches the text of a ``### Question N`` heading, words after the number allowed."""

SECTION_TITLES = frozenset({
    "overall project checklist", "group information", "coding environment", "version control",
    "running code and tracking experiments", "working in the cloud", "deployment", "overall discussion of project",
})  # fmt: skip
"""The template's own ``##`` headings, which group the questions (every generation's)."""

_W = Range  # short alias for the tables below


def _table(
    words: Mapping[int, tuple[int, int]], images: Mapping[int, tuple[int, int]], count: int
) -> dict[int, Constraints]:
    return {
        number: Constraints(
            words=_W(*words[number]) if number in words else None,
            images=_W(*images[number]) if number in images else None,
        )
        for number in range(1, count + 1)
    }


_WORDS_27 = {
    3: (100, 200), 4: (100, 200), 5: (100, 200), 6: (50, 100), 7: (50, 100), 8: (100, 200),
    9: (100, 200), 10: (100, 200), 11: (200, 300), 12: (50, 100), 13: (100, 200),
    14: (200, 300), 15: (100, 200), 16: (100, 200), 17: (50, 200), 18: (100, 200),
    22: (100, 200), 23: (100, 200), 24: (25, 100), 25: (200, 400), 26: (200, 400),
    27: (50, 200),
}  # fmt: skip
_IMAGES_27 = {14: (1, 3), 19: (1, 2), 20: (1, 1), 21: (1, 1), 25: (1, 1)}

_WORDS_31 = {
    3: (100, 200), 4: (100, 200), 5: (100, 200), 6: (100, 200), 7: (50, 100),
    8: (100, 200), 9: (100, 200), 10: (100, 200), 11: (200, 300), 12: (50, 100),
    13: (100, 200), 14: (200, 300), 15: (100, 200), 16: (100, 200), 17: (50, 200),
    18: (100, 200), 22: (100, 200), 23: (100, 200), 24: (100, 200), 25: (100, 200),
    26: (100, 200), 27: (100, 200), 28: (0, 200), 29: (200, 400), 30: (200, 400),
    31: (50, 300),
}  # fmt: skip
_IMAGES_31 = {14: (1, 3), 19: (1, 2), 20: (1, 2), 21: (1, 2), 29: (1, 1)}

GENERATIONS: dict[str, Template] = {
    "2023": Template("2023", 27, _table(_WORDS_27, _IMAGES_27, 27)),
    "2024": Template("2024", 27, _table(_WORDS_27, _IMAGES_27, 27)),
    "2025": Template("2025", 31, _table(_WORDS_31, _IMAGES_31, 31)),
    "2026": Template("2026", 31, _table({**_WORDS_31, 3: (0, 200)}, _IMAGES_31, 31)),
}

# Phrases that tell the revisions apart; each is in that template's question prompts.
_2026_QUESTION_3 = "did you end up using any open-source frameworks"
_2025_QUESTION_3 = "a requirement to the project is that you include a third-party package"
_27_QUESTIONS_BUILD_HISTORY = "upload one image of your gcp cloud build history"
_2023_LENGTH = re.compile(r"^>\s*answer length:", re.IGNORECASE | re.MULTILINE)


def may_be_template(text: str) -> bool:
    """A cheap test that rules out ordinary pages before any parsing.

    The plugin meets every page of a site; only those that mention answers or questions
    can be the template, so the others cost a substring search, not a parse.
    """
    lowered = text.lower()
    return ("answer:" in lowered or TITLE.lower() in lowered) and "question" in lowered


def looks_like_template(text: str, question_numbers: Sequence[int], markers: int) -> bool:
    """Whether ``text`` is the exam template (filled in or not) rather than any markdown.

    The title line is the strongest sign, but students delete it; several question
    headings each followed by an ``Answer:`` marker are just as telling.
    """
    if TITLE.lower() in text.lower() and (question_numbers or markers):
        return True
    return len(set(question_numbers)) >= 3 and markers >= 3


def detect(text: str, question_numbers: Sequence[int], prompts: Mapping[int, str]) -> Template:
    """Pick the generation of a report from its prompts and question numbers.

    ``prompts`` maps a question number to the prompt text the report kept for it. Each
    revision is recognised by a phrase of its own prompts, so that a stray heading
    (``### Question 32``) does not change the template; a report whose extra questions
    carry prompts with ranges of their own is an unseen revision, read from its prompts.
    """
    lowered = text.lower()
    highest = max(question_numbers, default=0)
    known = _known_generation(text, lowered, highest, prompts)
    if not _has_new_questions(known, prompts):
        return known
    return read_from_prompts(prompts, highest)


def _known_generation(text: str, lowered: str, highest: int, prompts: Mapping[int, str]) -> Template:
    if _2026_QUESTION_3 in lowered:
        return GENERATIONS["2026"]
    if _2025_QUESTION_3 in lowered:
        return GENERATIONS["2025"]
    if _27_QUESTIONS_BUILD_HISTORY in lowered or 0 < highest <= 27:
        return GENERATIONS["2023" if _2023_LENGTH.search(text) else "2024"]
    question_3 = constraints_from_prompt(prompts.get(3, "")).words
    if question_3 is not None:  # the phrase was edited away; the range still tells
        return GENERATIONS["2025" if question_3.minimum > 0 else "2026"]
    return GENERATIONS["2026"]  # no sign of an older revision: the newest applies


def _has_new_questions(known: Template, prompts: Mapping[int, str]) -> bool:
    """Whether questions after the template's last one carry ranges of their own.

    A revision adds questions right after the last one; a number far beyond it (a typo
    such as ``Question 312``) is a mistake to report, not a template of 312 questions.
    """
    extra = sorted(number for number in prompts if number > known.question_count)
    if extra != list(range(known.question_count + 1, known.question_count + 1 + len(extra))):
        return False
    return any(constraints_from_prompt(prompts[number]) != Constraints() for number in extra)


def read_from_prompts(prompts: Mapping[int, str], count: int) -> Template:
    """Constraints of an unknown revision, read from each question's own prompt text."""
    constraints = {number: constraints_from_prompt(prompts.get(number, "")) for number in range(1, count + 1)}
    return Template("unknown", count, constraints)


_LENGTH = re.compile(r"answer length:\s*(\d+)\s*-\s*(\d+)\s*words", re.IGNORECASE)
_SCREENSHOTS = re.compile(r"\+\s*(\d+)\s*to\s*(\d+)\s*screenshots?", re.IGNORECASE)
_IMAGE_RANGE = re.compile(r"\b(?:insert|upload)\s+(\d+)\s*(?:-|to)\s*(\d+)\s+(?:images?|screenshots?)", re.IGNORECASE)
_ONE_IMAGE = re.compile(r"\b(?:upload|insert)\s+(?:one|an|1)\s+image\b|\binclude\s+a\s+figure\b", re.IGNORECASE)


def constraints_from_prompt(prompt: str) -> Constraints:
    """Read "Answer length: 100-200 words", "+ 1 to 3 screenshots", "Insert 1-2 images"..."""
    words = _LENGTH.search(prompt)
    images = _SCREENSHOTS.search(prompt) or _IMAGE_RANGE.search(prompt)
    image_range = Range(int(images[1]), int(images[2])) if images else None
    if image_range is None and _ONE_IMAGE.search(prompt):
        image_range = Range(1, 1)
    return Constraints(
        words=Range(int(words[1]), int(words[2])) if words else None,
        images=image_range,
    )


def with_overrides(template: Template, overrides: Mapping[int, Constraints] | None) -> Template:
    """The template with the caller's per-question constraints put over its own."""
    if not overrides:
        return template
    merged = dict(template.constraints)
    for number, override in overrides.items():
        base = merged.get(number, Constraints())
        merged[number] = Constraints(
            words=override.words if override.words is not None else base.words,
            images=override.images if override.images is not None else base.images,
        )
    return Template(template.generation, template.question_count, merged)
