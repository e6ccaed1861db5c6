"""Answers two groups wrote nearly the same: pairs a teacher may want to read side by side.

Method: each answer is read as its sequence of words (lower case, punctuation and markdown marks
dropped, so a reworded bullet or a changed image path barely counts), and every two answers to the
same question of the same template are scored with RapidFuzz's normalised Indel similarity on those
word sequences: 100 for the same words in the same order, less for every word added or removed
(``100 * (1 - edits / (words_a + words_b))``). Pairs at or above :data:`THRESHOLD` are reported.
Answers with fewer than :data:`MIN_WORDS` words are left out (a group number, a list of student ids,
an unanswered question, a placeholder), and so is text the template itself gives: the placeholder,
and lines of the question's prompt pasted into the answer. Only what the students wrote is compared.

Each word becomes one character, so RapidFuzz compares whole answers in C++ (``process.extract``, one
answer against the later ones): 200 groups x 31 questions take seconds where ``difflib`` takes minutes
(``benchmarks/similarity.py``, docs/cli.md). A question whose answers use more distinct words than there are
characters is compared as lists of numbers instead (the same scores, slower). Each answer is compared on its
first :data:`MAX_WORDS` words, so one hand-in of a 5 MB answer costs what a long answer does.
A score says how much text two answers share, never why.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from mkdocs_report_plugin.model.batch import Checked
from mkdocs_report_plugin.model.report import Question
from mkdocs_report_plugin.output.summary import revision

THRESHOLD = 80.0
"""Percent of words shared, in order, from which a pair is reported."""

MIN_WORDS = 40
"""Answers shorter than this (in the words compared) are not compared: short answers are alike by nature."""

MAX_WORDS = 1000
"""Words of an answer compared, from its start: two and a half times the longest word limit of a shipped template (400), and
what bounds the comparison's cost whatever a hand-in holds."""

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


@dataclass(frozen=True)
class Answer:
    """One group's answer to one question, as the similarity reads and the page shows it."""

    group: str
    question: Question


@dataclass(frozen=True)
class SimilarPair:
    """Two groups' answers to one question whose word sequences are at least :data:`THRESHOLD` percent alike."""

    question: int
    template: str  # the revision both answers were written in, e.g. "02476 (2026)"
    first: Answer
    second: Answer
    similarity: float  # 0-100


def answer_words(text: str, placeholder: str = "") -> list[str]:
    """The words compared: lower case, without markdown marks and without the template's placeholder; the first
    :data:`MAX_WORDS` of them (read no further)."""
    if placeholder:
        text = text.replace(placeholder, " ")
    return [match[0] for match in itertools.islice(_WORD.finditer(text.lower()), MAX_WORDS)]


def similar_answers(
    checked: Sequence[Checked], *, threshold: float = THRESHOLD, min_words: int = MIN_WORDS
) -> list[SimilarPair]:
    """Every pair of groups whose answers to the same question score ``threshold`` or more, most alike first."""
    pairs: list[SimilarPair] = []
    for (template, number), answers in _answers_by_question(checked).items():
        words = [
            answer_words(own_text(entry, answer.question), _placeholder(entry, number)) for entry, answer in answers
        ]
        kept = [(answer, sequence) for (_, answer), sequence in zip(answers, words, strict=True)
                if len(sequence) >= min_words]  # fmt: skip
        pairs.extend(_pairs(template, number, kept, threshold))
    return sorted(pairs, key=lambda pair: (-pair.similarity, pair.question, pair.first.group, pair.second.group))


def _answers_by_question(checked: Sequence[Checked]) -> dict[tuple[str, int], list[tuple[Checked, Answer]]]:
    """Answers grouped by template revision and question number: question 14 of 2023 is another question."""
    grouped: dict[tuple[str, int], list[tuple[Checked, Answer]]] = {}
    for entry in checked:
        template = entry.result.template
        if template is None:
            continue
        name = revision(template)
        for question in entry.result.questions:
            if question.present and question.answered:
                grouped.setdefault((name, question.number), []).append((entry, Answer(entry.name, question)))
    return grouped


def own_text(entry: Checked, question: Question) -> str:
    """The answer without the lines its prompt already has: a prompt pasted into the answer is the
    template's text, alike in every group, not theirs."""
    if question.marker_line is None:
        return question.answer
    prompt = {_bare(line) for line in entry.result.text.split("\n")[question.line : question.marker_line - 1]}
    prompt.discard("")
    return "\n".join(line for line in question.answer.split("\n") if _bare(line) not in prompt)


def _bare(line: str) -> str:
    """A line without its quote marks and spaces: the prompt is quoted, a pasted copy may not be."""
    return line.strip().lstrip(">").strip()


def _placeholder(entry: Checked, number: int) -> str:
    template = entry.result.template
    return (
        template.placeholder.replace("{number}", str(number)) if template is not None and template.placeholder else ""
    )


def _pairs(template: str, number: int, answers: list[tuple[Answer, list[str]]], threshold: float) -> list[SimilarPair]:
    if len(answers) < 2:
        return []
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    encoded = _encoded([sequence for _, sequence in answers])
    found = []
    for row, (first, _) in enumerate(answers):
        matches = process.extract(encoded[row], encoded[row + 1 :], scorer=Indel.normalized_similarity,
                                  score_cutoff=threshold / 100, limit=None)  # fmt: skip
        for _, score, column in matches:
            second = answers[row + 1 + column][0]
            found.append(SimilarPair(number, template, first, second, round(100 * score, 1)))
    return found


def _encoded(sequences: list[list[str]]) -> Sequence[Sequence[Hashable]]:
    """Each word sequence as a string of one character per distinct word: the same Indel distance, and RapidFuzz
    compares strings in C++ without touching a Python object per word (25 times faster). Past the last character
    (a question's answers with a million distinct words), as lists of numbers, which RapidFuzz compares alike."""
    codes: dict[str, str] = {}
    try:
        return ["".join(codes.setdefault(word, chr(_FIRST_CODE + len(codes))) for word in words) for words in sequences]
    except ValueError:  # chr() past U+10FFFF
        numbers: dict[str, int] = {}
        return [[numbers.setdefault(word, len(numbers)) for word in words] for words in sequences]


_FIRST_CODE = 0x10000
"""Past the surrogates: a question's answers use far fewer than the million characters above it."""
