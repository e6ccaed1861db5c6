"""Knowledge of the exam template: its generations and what each question asks for.

Everything known about a template is data: the official templates ship as template specs, one
YAML file per year (``specs/2026.yaml``, read by shipped.py on first use), with the limits the
official checker enforces, the title, the sections, the placeholder and the phrases that tell
each revision from the others. Adding a spec file to ``specs/`` is all it takes to know one
more. A revision no spec
describes is read from the template's own prompt text ("Recommended answer length: 100-200
words", "Insert 1-2 images"), which is also how the shipped specs were made and are tested
(tests/test_spec.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from mkdocs_report_plugin.model.report import Constraints, Range, Template
from mkdocs_report_plugin.reading.shipped import shipped_specs

QUESTION_HEADING = re.compile(r"^\s*question\s+(\d+)\b", re.IGNORECASE)
"""Matches the text of a ``### Question N`` heading, words after the number allowed."""

SHIPPED_SOURCE = "the shipped specs (matched by the report's prompts)"
PROMPTS_SOURCE = "the report's own prompts"
"""A Template's ``source`` when no spec was given: one of the shipped specs, or the prompts' limits."""


def shipped_titles() -> set[str]:
    """The title line of any shipped template, lower case: a page that has one is a report, even before parsing."""
    return {known.title.lower() for known in shipped_specs().values() if known.title}


def shipped_header_offset() -> int:
    """What the newest shipped course checker drops from a hand-in, for a front-end that has no spec at hand."""
    return list(shipped_specs().values())[-1].header_offset


def may_be_template(text: str) -> bool:
    """A cheap test that rules out ordinary pages before any parsing.

    The plugin meets every page of a site; only those that mention answers or questions
    can be the template, so the others cost a substring search, not a parse.
    """
    lowered = text.lower()
    signs = {known.marker.lower() for known in shipped_specs().values()} | shipped_titles()
    return any(sign in lowered for sign in signs) and "question" in lowered


def looks_like_template(text: str, question_numbers: Sequence[int], markers: int) -> bool:
    """Whether ``text`` is the exam template (filled in or not) rather than any markdown.

    The title line is the strongest sign, but students delete it; several question
    headings each followed by an ``Answer:`` marker are just as telling.
    """
    lowered = text.lower()
    if any(title in lowered for title in shipped_titles()) and (question_numbers or markers):
        return True
    return len(set(question_numbers)) >= 3 and markers >= 3


def detect(text: str, question_numbers: Sequence[int], prompts: Mapping[int, str]) -> Template:
    """Pick the generation of a report from its prompts and question numbers.

    ``prompts`` maps a question number to the prompt text the report kept for it. Each
    revision is recognised by the ``identify`` phrases of its spec, so that a stray heading
    (``### Question 32``) does not change the template; a report whose extra questions
    carry prompts with ranges of their own is an unseen revision, read from its prompts.
    """
    highest = max(question_numbers, default=0)
    known = _known_generation(text, highest, prompts)
    if known is None:
        return read_from_prompts(prompts, highest)
    if not _has_new_questions(known, prompts):
        return known
    return read_from_prompts(prompts, highest, like=known)


def _known_generation(text: str, highest: int, prompts: Mapping[int, str]) -> Template | None:
    """The shipped spec with the most of its phrases in ``text``; without any, the one that fits best.

    Ties go to the newest spec. With no phrase at all (a student edited them away), the
    candidates are the specs with room for the report's highest question, and the one
    whose limits agree with most of the prompts' stated limits is taken; ``None`` when even
    that one disagrees with most of them (another course's template, or a revision no spec
    describes).
    """
    flat = " ".join(text.lower().split())
    newest_first = list(list(shipped_specs().values())[::-1])
    scores = [sum(" ".join(phrase.lower().split()) in flat for phrase in known.identify) for known in newest_first]
    if max(scores, default=0) > 0:
        return newest_first[scores.index(max(scores))]
    roomy = [known for known in newest_first if known.question_count >= highest] if highest else newest_first
    fewest = min((known.question_count for known in roomy), default=0)
    candidates = [known for known in roomy if known.question_count == fewest] or newest_first
    stated = {number: constraints_from_prompt(prompt) for number, prompt in prompts.items()}
    agreement = [_agreement(known, stated) for known in candidates]
    stated_words = sum(1 for constraints in stated.values() if constraints.words is not None)
    if stated_words >= _STATED_ENOUGH and 2 * max(agreement) < stated_words:
        return None
    return candidates[agreement.index(max(agreement))]


_STATED_ENOUGH = 3
"""Word ranges a report's prompts must state before they can overrule every shipped spec."""


def _agreement(known: Template, stated: Mapping[int, Constraints]) -> int:
    """How many questions state a word range that ``known`` sets for them too."""
    return sum(
        1 for number, constraints in stated.items()
        if constraints.words is not None and known.constraints.get(number, Constraints()).words == constraints.words
    )  # fmt: skip


def _has_new_questions(known: Template, prompts: Mapping[int, str]) -> bool:
    """Whether questions after the template's last one carry ranges of their own.

    A revision adds questions right after the last one; a number far beyond it (a typo
    such as ``Question 312``) is a mistake to report, not a template of 312 questions.
    """
    extra = sorted(number for number in prompts if number > known.question_count)
    if extra != list(range(known.question_count + 1, known.question_count + 1 + len(extra))):
        return False
    return any(constraints_from_prompt(prompts[number]) != Constraints() for number in extra)


def read_from_prompts(prompts: Mapping[int, str], count: int, like: Template | None = None) -> Template:
    """Constraints of an unknown revision, read from each question's own prompt text.

    ``like`` is the known template it was made from: its title, marker, placeholder, sections
    and checklist still hold, while the limits and the number of answers are the prompts'.
    """
    constraints = {number: constraints_from_prompt(prompts.get(number, "")) for number in range(1, count + 1)}
    if like is None:
        return Template("unknown", count, constraints)
    return replace(like, generation="unknown", question_count=count, constraints=constraints, name="", source="",
                   identify=(), question_titles={}, expected_answers=count)  # fmt: skip


_LENGTH = re.compile(r"answer length:\s*(\d+)\s*-\s*(\d+)\s*words", re.IGNORECASE)
_SCREENSHOTS = re.compile(r"\+\s*(\d+)\s*to\s*(\d+)\s*screenshots?", re.IGNORECASE)
_IMAGE_RANGE = re.compile(r"\b(?:insert|upload)\s+(\d+)\s*(?:-|to)\s*(\d+)\s+(?:images?|screenshots?)", re.IGNORECASE)
_ONE_IMAGE = re.compile(r"\b(?:upload|insert)\s+(?:one|an|1)\s+image\b|\binclude\s+a\s+figure\b", re.IGNORECASE)


@lru_cache(maxsize=1024)
def constraints_from_prompt(prompt: str) -> Constraints:
    """Read "Answer length: 100-200 words", "+ 1 to 3 screenshots", "Insert 1-2 images"...

    Cached: the reports of a class, and each rebuild of ``mkdocs serve``, repeat the template's prompts."""
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
    return replace(template, constraints=merged)


_PLACEHOLDER_PARTS = re.compile(r"(-{2,}|\{number\}|\s+)")


@lru_cache(maxsize=16)
def placeholder_pattern(placeholder: str) -> re.Pattern[str] | None:
    """The pattern that finds a spec's placeholder in any question, as students leave it.

    ``"--- question {number} fill here ---"`` finds ``--- Question 12 fill here ----``:
    ``{number}`` is any number, a run of dashes any run of two or more, spaces any spaces,
    letters in any case. It starts only at the first dash of a run: from every dash of a
    long ``-----`` line the search would otherwise rescan the whole run (quadratic time).
    """
    parts = [part for part in _PLACEHOLDER_PARTS.split(placeholder.strip()) if part]
    if not parts:
        return None
    pieces: list[str] = []
    for index, part in enumerate(parts):
        if part.startswith("--"):
            pieces.append("-{2,}")
        elif part == "{number}":
            pieces.append(r"\d+")
        elif part.isspace():
            beside_dashes = parts[index - 1].startswith("--") or parts[index + 1].startswith("--")
            pieces.append(r"\s*" if beside_dashes else r"\s+")
        else:
            pieces.append(re.escape(part))
    guard = "(?<!-)" if parts[0].startswith("--") else ""
    return re.compile(guard + "".join(pieces), re.IGNORECASE)
