"""How long grade's similar-answers search takes for a large class, RapidFuzz against stdlib difflib.

    .venv/bin/python benchmarks/similarity.py [GROUPS]

Builds GROUPS (default 200) reports of the 2025 template (31 questions) in memory, each answer
150 words drawn from a 2,000-word vocabulary (seeded), and times ``similar_answers`` (RapidFuzz's
Indel similarity on word sequences, in C++) against the same search with ``difflib.SequenceMatcher``
on the same word sequences (its cheap upper bounds first, ``ratio`` only where they pass).
"""

from __future__ import annotations

import difflib
import itertools
import random
import sys
import time

from mkdocs_report_plugin.model.batch import Checked
from mkdocs_report_plugin.model.report import Question, Result
from mkdocs_report_plugin.output.similarity import MIN_WORDS, THRESHOLD, answer_words, similar_answers
from mkdocs_report_plugin.reading.shipped import shipped_specs


def class_of(groups: int) -> list[Checked]:
    chance = random.Random(2476)
    vocabulary = [f"word{index}" for index in range(2000)]
    template = shipped_specs()["2025"]
    checked = []
    for group in range(groups):
        questions = [
            Question(number, template.constraints[number], answer=" ".join(chance.choices(vocabulary, k=150)),
                     answered=True, words=150)
            for number in range(1, 32)
        ]  # fmt: skip
        checked.append(Checked(f"group-{group}", Result(f"group-{group}", None, template, questions)))
    return checked


def with_difflib(checked: list[Checked]) -> int:
    found = 0
    for number in range(1, 32):
        sequences = [answer_words(entry.result.questions[number - 1].answer) for entry in checked]
        sequences = [words for words in sequences if len(words) >= MIN_WORDS]
        for first, second in itertools.combinations(sequences, 2):
            matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
            bound = THRESHOLD / 100
            if matcher.real_quick_ratio() >= bound and matcher.quick_ratio() >= bound and matcher.ratio() >= bound:
                found += 1
    return found


def main() -> None:
    groups = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    checked = class_of(groups)
    start = time.perf_counter()
    pairs = similar_answers(checked)
    fast = time.perf_counter() - start
    start = time.perf_counter()
    slow_pairs = with_difflib(checked)
    slow = time.perf_counter() - start
    print(f"{groups} groups x 31 questions: rapidfuzz {fast:.2f} s ({len(pairs)} pairs), "
          f"difflib {slow:.2f} s ({slow_pairs} pairs)")  # fmt: skip


if __name__ == "__main__":
    main()
