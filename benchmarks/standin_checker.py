"""A stand-in for the course's ``reports/report.py check``, for timing only.

It imports what the course's script imports (typer, pydantic, loguru, markdown), since
their start-up is most of its cost, and reads README.md the documented way (see
shared/reference/official-checker.md): split on "Answer:", cut each piece at "###"
then "##", count whitespace tokens and ``![..](..)`` matches, compare with the 2025
ranges. It is written for the benchmark and runs in its own environment
(benchmarks/requirements-standin.txt), never as part of the project.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown  # noqa: F401  # imported by the course's script for its html command
import typer
from loguru import logger
from pydantic import BaseModel

IMAGE = re.compile(r"!\[.*?\]\(.*?\)")
WORDS_2025 = {
    3: (100, 200), 4: (100, 200), 5: (100, 200), 6: (100, 200), 7: (50, 100), 8: (100, 200), 9: (100, 200),
    10: (100, 200), 11: (200, 300), 12: (50, 100), 13: (100, 200), 14: (200, 300), 15: (100, 200),
    16: (100, 200), 17: (50, 200), 18: (100, 200), 22: (100, 200), 23: (100, 200), 24: (100, 200),
    25: (100, 200), 26: (100, 200), 27: (100, 200), 28: (0, 200), 29: (200, 400), 30: (200, 400),
    31: (50, 300),
}  # fmt: skip
IMAGES_2025 = {14: (1, 3), 19: (1, 2), 20: (1, 2), 21: (1, 2), 29: (1, 1)}

app = typer.Typer()


class Limits(BaseModel):
    """What one answer must satisfy."""

    words: tuple[int, int] | None = None
    images: tuple[int, int] | None = None

    def problems(self, answer: str) -> list[str]:
        found = []
        words, images = len(answer.split()), len(IMAGE.findall(answer))
        if self.words and not self.words[0] <= words <= self.words[1]:
            found.append(f"{words} words, expected {self.words}")
        if self.images and not self.images[0] <= images <= self.images[1]:
            found.append(f"{images} images, expected {self.images}")
        return found


def answers(text: str) -> list[str]:
    pieces = text.split("Answer:")[1:]
    kept = []
    for index, piece in enumerate(pieces):
        if "###" in piece:
            piece = piece.split("###")[0]
            piece = piece.split("##")[0] if "##" in piece else piece
        elif index != len(pieces) - 1:
            continue
        kept.append(piece.strip("\n"))
    return kept


@app.command()
def check() -> None:
    """Check README.md in the current folder, as the course's script does."""
    found = answers(Path("README.md").read_text(encoding="utf-8"))
    if len(found) != 31:
        raise typer.Exit(f"Number of answers are different from the expected 31, got {len(found)}")
    passed = 0
    for number, answer in enumerate(found, 1):
        limits = Limits(words=WORDS_2025.get(number), images=IMAGES_2025.get(number))
        problems = limits.problems(answer)
        for problem in problems:
            logger.warning(f"Question {number}: {problem}")
        passed += not problems
    logger.info(f"Total number of questions passed: {passed}/31")


@app.command()
def html() -> None:
    """Present so the command line has the same shape as the course's (check, html)."""


if __name__ == "__main__":
    app()
