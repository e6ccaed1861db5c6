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
from collections.abc import Iterable, Mapping, Sequence
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
    highest = numbered_run(question_numbers)
    known = _known_generation(text, highest, prompts)
    if known is None:
        return read_from_prompts(prompts, highest)
    if not _has_new_questions(known, prompts):
        return known
    return read_from_prompts(prompts, highest, like=known)


MAX_GAP = 10
"""The most a question number may jump over the one before it and still number the same template: a few deleted
headings leave a gap; ``### Question 200000`` is a mistyped heading (``unknown-question``), not a template of
200,000 questions."""


def numbered_run(numbers: Iterable[int]) -> int:
    """The last question of the run the report's numbers make from 1, each at most :data:`MAX_GAP` after the one
    before; 0 when there is none. Bounds every template read from a report's prompts by its own questions."""
    last = 0
    for number in sorted(set(numbers)):
        if number > last + MAX_GAP:
            break
        last = max(last, number)
    return last


def _known_generation(text: str, highest: int, prompts: Mapping[int, str]) -> Template | None:
    """The shipped spec with the most of its phrases in ``text``; without any, the one that fits best.

    Phrases are compared on the words alone (bold and quote marks, case and line breaks aside), and each names the
    course's own content (``your github actions workflow. answer length:``): a wording another course may share
    (``> Answer length:``) alone would take its template for this course's. Ties go to the newest spec. With no phrase at all (a student edited them away), the
    candidates are the specs with room for the report's highest question, and the one
    whose limits agree with most of the prompts' stated limits is taken; ``None`` when even
    that one disagrees with most of them (another course's template, or a revision no spec
    describes).
    """
    flat = _words_only(text)
    newest_first = list(shipped_specs().values())[::-1]
    scores = [sum(_words_only(phrase) in flat for phrase in known.identify) for known in newest_first]
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


_MARKUP = re.compile(r"[*>]+")


def _words_only(text: str) -> str:
    """``text`` lower-cased, without bold or quote marks, its whitespace one space: as identify phrases are matched."""
    return " ".join(_MARKUP.sub(" ", text.lower()).split())


_STATED_ENOUGH = 3
"""Word ranges a report's prompts must state before they can overrule every shipped spec."""


def _agreement(known: Template, stated: Mapping[int, Constraints]) -> int:
    """How many questions state a word range that ``known`` sets for them too."""
    return sum(
        1 for number, constraints in stated.items()
        if constraints.words is not None and known.constraints.get(number, Constraints()).words == constraints.words
    )  # fmt: skip


def _has_new_questions(known: Template, prompts: Mapping[int, str]) -> bool:
    """Whether every question after the template's last one is one the course added (:func:`added_questions`).

    A number far beyond the last (a typo such as ``Question 312``) is a mistake to report, not a template of 312
    questions, and so is a report that has one beside an added question."""
    extra = sorted(number for number in prompts if number > known.question_count)
    return bool(extra) and added_questions(known, prompts) == extra


def added_questions(spec: Template, prompts: Mapping[int, str]) -> list[int]:
    """The questions right after the spec's last one that read as the course's own addition to its template.

    A revision adds questions after the last one, numbered on from it, each with a prompt as the course writes
    them: a quoted question in bold (``> **...**``), with or without a stated limit; a heading a student added
    (``### Question 32`` over an appendix) has none. ``prompts`` maps each question's number to its first prompt."""
    if spec.source == PROMPTS_SOURCE:
        return []  # the questions were read from these very prompts
    added = []
    number = spec.question_count + 1
    while number in prompts and _reads_as_added(prompts[number]):
        added.append(number)
        number += 1
    return added


_COURSE_PROMPT = re.compile(r"^[ \t]*>[ \t]*\*\*\S", re.MULTILINE)
"""A prompt as the course writes one: a quoted line in bold (``> **Did you use DVC ...**``)."""


def _reads_as_added(prompt: str) -> bool:
    """Whether ``prompt`` is one the course wrote: it states limits, or is in the course's form."""
    return constraints_from_prompt(prompt) != Constraints() or _COURSE_PROMPT.search(prompt) is not None


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
    letters in any case. It matches without backtracking, whatever the spec (a student's may
    be beside the report): each number and run of dashes is taken whole, once (an atomic group,
    written as a lookahead and its backreference, since Python before 3.11 has no ``(?>...)``), so
    ``{number}{number}{number}`` cannot try every way to split a long number. It starts only at
    the first dash (or digit) of a run: from every dash of a long ``-----`` line the search would
    otherwise rescan the whole run (quadratic time).
    """
    parts = [part for part in _PLACEHOLDER_PARTS.split(placeholder.strip()) if part]
    if not parts:
        return None
    pieces: list[str] = []
    for index, part in enumerate(parts):
        if part.startswith("--"):
            pieces.append(_whole(index, "-{2,}"))
        elif part == "{number}":
            pieces.append(_whole(index, r"\d+"))
        elif part.isspace():
            beside_dashes = parts[index - 1].startswith("--") or parts[index + 1].startswith("--")
            pieces.append(r"\s*" if beside_dashes else r"\s+")
        else:
            pieces.append(re.escape(part))
    guard = "(?<!-)" if parts[0].startswith("--") else r"(?<!\d)" if parts[0] == "{number}" else ""
    return re.compile(guard + "".join(pieces), re.IGNORECASE)


def _whole(index: int, run: str) -> str:
    """``run`` matched whole and never given back: ``(?=(?P<pN>run))(?P=pN)``."""
    return f"(?=(?P<p{index}>{run}))(?P=p{index})"
