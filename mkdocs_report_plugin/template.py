"""Knowledge of the exam template: its generations and what each question asks for.

The ranges of the four official generations ship as template specs (``specs/*.yaml``, see
spec.py), because they are what the official checker enforces. A revision we have never seen is read from the
template's own prompt text ("Recommended answer length: 100-200 words", "Insert 1-2
images"), which is also how the shipped specs were checked (see tests/test_spec.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .model import Constraints, Range, Template
from .spec import shipped_spec

TITLE = "Exam template for 02476 Machine Learning Operations"

QUESTION_HEADING = re.compile(r"^\s*question\s+(\d+)\b", re.IGNORECASE)
"""Matches the text of a ``### Question N`` heading, words after the number allowed."""

SECTION_TITLES = frozenset({
    "overall project checklist", "group information", "coding environment", "version control",
    "running code and tracking experiments", "working in the cloud", "deployment", "overall discussion of project",
})  # fmt: skip
"""The template's own ``##`` headings, which group the questions (every generation's)."""

GENERATIONS: dict[str, Template] = {year: shipped_spec(year) for year in ("2023", "2024", "2025", "2026")}
"""The four official generations, read from the specs that ship in ``specs/``."""

SHIPPED_SOURCE = "the shipped specs (matched by the report's prompts)"
PROMPTS_SOURCE = "the report's own prompts"
"""A Template's ``source`` when no spec was given: one of the shipped specs, or the prompts' limits."""

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
    return Template(template.generation, template.question_count, merged, template.name, template.source)
