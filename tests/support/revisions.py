"""Unseen revisions of the course's 2026 template, made at test time (issue 13's proof).

Each revision edits ``../shared/templates/2026-31-questions.md`` the way the course writes its
prompts ("Recommended answer length: 100-200 words", "+ 1 to 3 screenshots") and returns the
revised blank template with the limits the course's checker would enforce after it. Nothing of
the course's text is kept in the repository. :func:`fill` writes a report of our own words for a
revision and :func:`oracle_failures` reads it as the course's checker does
(``../shared/reference/official-checker.md``) with its table updated to the revision.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.course import shared_file

Range = tuple[int, int] | None
Limits = dict[int, dict[str, Range]]

QUESTION_HEADING = re.compile(r"^### Question (\d+)\s*$", re.MULTILINE)
SECTION_OR_HEADING = re.compile(r"^#{2,3} ", re.MULTILINE)
WORD_LIMIT = re.compile(r"Recommended answer length: (\d+)-(\d+) words")
PLACEHOLDER_LINE = re.compile(r"^--- question (\d+) fill here ---$", re.MULTILINE)  # not the preamble's example
IMAGE = re.compile(r"!\[.*?\]\(.*?\)")


@dataclass(frozen=True)
class Revision:
    name: str
    template: str  # the revised blank template
    limits: Limits  # what the course's checker enforces after the revision


def base_template() -> str:
    """The 2026 blank template, or a skip that says where it was looked for."""
    return shared_file("templates", "2026-31-questions.md").read_text(encoding="utf-8")


def base_limits() -> Limits:
    """The 2026 table of the course's checker (report.py at eb7305c5)."""
    path = shared_file("templates", "history", "2026-01-09-eb7305c5-limits.json")
    table = json.loads(path.read_text(encoding="utf-8"))["questions"]
    return {int(n): {kind: tuple(r) if r else None for kind, r in q.items()} for n, q in table.items()}


def _split(text: str) -> tuple[str, list[str]]:
    """The text before question 1, each question's block (heading to the next ## or ###) with the
    text between blocks glued to the block before it, and nothing lost: ''.join gives ``text``."""
    starts = [m.start() for m in QUESTION_HEADING.finditer(text)]
    blocks = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return text[: starts[0]], blocks


def _number_block(block: str, number: int) -> str:
    """Renumber a question's heading and placeholder, as the course does when it inserts one."""
    block = QUESTION_HEADING.sub(f"### Question {number}", block, count=1)
    return re.sub(r"--- question \d+ fill here ---", f"--- question {number} fill here ---", block)


def _question_part(block: str) -> tuple[str, str]:
    """A block split into the question itself and what follows it (a ``##`` section's intro)."""
    following = SECTION_OR_HEADING.search(block, 1)
    cut = following.start() if following else len(block)
    return block[:cut], block[cut:]


def _join(head: str, questions: list[str], tails: list[str]) -> str:
    return head + "".join(_number_block(q, i + 1) + t for i, (q, t) in enumerate(zip(questions, tails, strict=True)))


def _edit(text: str, edit: Callable[[list[str]], None]) -> str:
    """Apply ``edit`` to the list of questions and renumber; the ``##`` sections keep their place in
    the order of questions (one may move by a question, which changes no limit)."""
    head, blocks = _split(text)
    parts = [_question_part(b) for b in blocks]
    questions, tails = [q for q, _ in parts], [t for _, t in parts]
    edit(questions)
    if len(questions) > len(tails):
        tails = tails[:-1] + [""] * (len(questions) - len(tails)) + tails[-1:]
    elif len(questions) < len(tails):
        tails = [*tails[: len(questions) - 1], "".join(tails[len(questions) - 1 :])]
    return _join(head, questions, tails)


def _new_question(topic: str, limit: str | None) -> str:
    length = f"> Recommended answer length: {limit}.\n>\n" if limit else ""
    return (
        f"### Question 0\n> **{topic}**\n>\n{length}"
        "> Example:\n> *We did ... because ...*\n>\n> Answer:\n\n--- question 0 fill here ---\n\n"
    )


def _renumbered(limits: Limits, order: list[int | None], new: dict[str, Range]) -> Limits:
    """The table after reordering: ``order`` lists old question numbers, None for a new one."""
    return {i + 1: dict(limits[old]) if old else dict(new) for i, old in enumerate(order)}


def added_at_end() -> Revision:
    text, limits = base_template(), base_limits()
    template = _edit(text, lambda qs: qs.append(_new_question("How would you hand the project over?", "100-200 words")))
    table = {**limits, len(limits) + 1: {"words": (100, 200), "images": None}}
    return Revision("added-at-end", template, table)


def added_at_end_without_a_limit() -> Revision:
    """A new last question whose prompt states no limit (as questions 1 and 2 do): the course's addition all the same."""
    text, limits = base_template(), base_limits()
    template = _edit(text, lambda qs: qs.append(_new_question("Which generative AI tools did you use, and how?", None)))
    return Revision(
        "added-at-end-without-a-limit", template, {**limits, len(limits) + 1: {"words": None, "images": None}}
    )


def limit_dropped() -> Revision:
    """Question 7 loses its length line, and the course's checker its limit."""
    text, limits = base_template(), base_limits()

    def drop(questions: list[str]) -> None:
        assert "> Recommended answer length: 50-100 words.\n>\n" in questions[6]
        questions[6] = questions[6].replace("> Recommended answer length: 50-100 words.\n>\n", "", 1)

    return Revision("limit-dropped", _edit(text, drop), {**limits, 7: {**limits[7], "words": None}})


def inserted_middle() -> Revision:
    text, limits = base_template(), base_limits()
    template = _edit(
        text, lambda qs: qs.insert(10, _new_question("Which branches did you protect, and why?", "50-150 words"))
    )
    order = [*range(1, 11), None, *range(11, len(limits) + 1)]
    return Revision("inserted-middle", template, _renumbered(limits, order, {"words": (50, 150), "images": None}))


def limit_changed() -> Revision:
    text, limits = base_template(), base_limits()

    def change(questions: list[str]) -> None:
        questions[13] = questions[13].replace("200-300 words", "150-250 words")

    table = {**limits, 14: {**limits[14], "words": (150, 250)}}
    return Revision("limit-changed", _edit(text, change), table)


def swapped() -> Revision:
    text, limits = base_template(), base_limits()

    def swap(questions: list[str]) -> None:
        questions[11], questions[12] = questions[12], questions[11]

    order = list(range(1, len(limits) + 1))
    order[11], order[12] = 13, 12
    return Revision("swapped", _edit(text, swap), _renumbered(limits, order, {}))


def removed() -> Revision:
    text, limits = base_template(), base_limits()
    order = [n for n in range(1, len(limits) + 1) if n != 26]
    return Revision("removed", _edit(text, lambda qs: qs.pop(25)), _renumbered(limits, order, {}))


def reworded() -> Revision:
    text, limits = base_template(), base_limits()

    def reword(questions: list[str]) -> None:
        _, rest = questions[2].split("> Answer:", 1)
        questions[2] = (
            "### Question 3\n> **Name one tool outside the course that you used and say what it did for you.**\n>\n"
            "> Recommended answer length: 50-150 words.\n>\n> Answer:" + rest
        )

    table = {**limits, 3: {**limits[3], "words": (50, 150)}}
    return Revision("reworded", _edit(text, reword), table)


def checklist_week_added() -> Revision:
    text, limits = base_template(), base_limits()
    week = (
        "### Week 4\n\n* [ ] Write a post-mortem of one incident in your deployment\n* [ ] Rotate the service keys\n\n"
    )
    assert "### Extra" in text, "the 2026 template has an '### Extra' checklist section"
    return Revision("checklist-week-added", text.replace("### Extra", week + "### Extra", 1), dict(limits))


REVISIONS: dict[str, Callable[[], Revision]] = {
    "added-at-end": added_at_end,
    "added-at-end-without-a-limit": added_at_end_without_a_limit,
    "limit-dropped": limit_dropped,
    "inserted-middle": inserted_middle,
    "limit-changed": limit_changed,
    "swapped": swapped,
    "removed": removed,
    "reworded": reworded,
    "checklist-week-added": checklist_week_added,
}


def _words(count: int, number: int) -> str:
    vocabulary = ("we", "trained", "the", "model", "with", "data", "from", "our", "bucket", "and", "logged", "runs")
    words = [vocabulary[(i + number) % len(vocabulary)] for i in range(count)]
    return "\n".join(" ".join(words[i : i + 15]) for i in range(0, count, 15))


def answer_shape(number: int, limits: dict[str, Range]) -> tuple[int, int]:
    """Words and images for a question: most pass, every third fails on words and every fourth
    with images has none; question 14 gets 170 words (fails 200-300, passes 150-250). Counts
    stay at least 10 away from a bound so that the image tokens cannot tip a verdict."""
    words_range, images_range = limits["words"], limits["images"]
    images = images_range[0] if images_range else 0
    if images_range and number % 4 == 0:
        images = 0
    if number == 14:
        return 170, images
    if not words_range:
        return 20, images
    low, high = words_range
    if number % 3 == 0:
        return high + 25, images
    return (low + high) // 2, images


def fill(revision: Revision, folder: Path) -> Path:
    """Write README.md answering every question of ``revision`` in ``folder`` (figures included)."""
    figures = folder / "figures"
    figures.mkdir(parents=True, exist_ok=True)

    def answer(match: re.Match[str]) -> str:
        number = int(match.group(1))
        words, images = answer_shape(number, revision.limits[number])
        lines = [_words(words, number)]
        for i in range(images):
            (figures / f"q{number}_{i}.png").write_bytes(PNG)
            lines.append(f"![x](figures/q{number}_{i}.png)")
        return "\n\n".join(lines)

    text = PLACEHOLDER_LINE.sub(answer, revision.template)
    path = folder / "README.md"
    path.write_text(text, encoding="utf-8")
    return path


def official_answers(text: str) -> list[str]:
    """The answers as the course's checker reads them (official-checker.md, steps 2-4)."""
    pieces = text.split("Answer:")[1:]
    kept = []
    for index, piece in enumerate(pieces):
        if "###" in piece:
            piece = piece.split("###")[0]
            piece = piece.split("##")[0]
        elif index != len(pieces) - 1:
            continue
        kept.append(piece.strip("\n"))
    return kept


def oracle_failures(text: str, limits: Limits) -> set[int]:
    """The questions the course's checker, its table updated to ``limits``, fails."""
    answers = official_answers(text)
    if len(answers) != len(limits):
        pytest.fail(f"the course's checker would stop: {len(answers)} answers, {len(limits)} expected")
    failing = set()
    for number, answer in enumerate(answers, start=1):
        counts = {"words": len(answer.split()), "images": len(IMAGE.findall(answer))}
        for kind, bounds in limits[number].items():
            if bounds and not bounds[0] <= counts[kind] <= bounds[1]:
                failing.add(number)
    return failing


def as_constraints(limits: dict[str, Range]) -> dict[str, str | None]:
    """A table row as the JSON output writes it: ``{"words": "100-200", "images": None}``."""
    return {kind: f"{r[0]}-{r[1]}" if r else None for kind, r in limits.items()}


# A 1x1 PNG: figures must exist so that only word and image counts decide.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
