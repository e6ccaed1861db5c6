"""How the course's own ``report.py check`` reads a report, reproduced to the letter.

This is not how we read a report (see parse.py); it is how the grader will. Knowing
its reading lets us agree with its counts where it reads correctly and warn the student
where it will not (``official-divergence``). The behaviour is described in the course
material; the steps below follow that description, mistakes included.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from mkdocs_report_plugin.model.report import Constraints


@dataclass(frozen=True)
class OfficialAnswer:
    """One answer as the official checker sees it; the n-th answer is graded as question n."""

    marker_line: int  # the line of the "Answer:" that opens this piece
    text: str
    cut_line: int | None  # where a "###" or "##" ended the piece early, if it did
    cut_by: str | None  # "###" or "##"
    repeated: bool = False  # the last piece kept a second time, whole (see :func:`read`)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def images(self) -> int:
        return official_image_count(self.text)

    def passes(self, constraints: Constraints) -> bool:
        words_ok = constraints.words is None or self.words in constraints.words
        images_ok = constraints.images is None or self.images in constraints.images
        return words_ok and images_ok


def official_image_count(text: str) -> int:
    r"""What ``len(re.findall(r"!\[.*?\]\(.*?\)", text))`` counts, in linear time.

    That regex restarts its lazy scan at every ``![`` of a line: minutes on a long line
    of them. Per line, a match is the first ``](`` after a ``![`` and the first ``)``
    after that; when either is missing, no later ``![`` of the line can match.
    """
    count = 0
    for line in text.split("\n"):
        position = 0
        while (start := line.find("![", position)) != -1:
            middle = line.find("](", start + 2)
            end = line.find(")", middle + 2) if middle != -1 else -1
            if end == -1:
                break
            count += 1
            position = end + 1
    return count


@dataclass(frozen=True)
class OfficialReading:
    answers: list[OfficialAnswer]
    marker_lines: list[int]  # every "Answer:" in the file, code and prose alike
    expected: int

    @property
    def aborts(self) -> bool:
        """It stops with "Number of answers are different ..." and checks nothing."""
        return len(self.answers) != self.expected

    @property
    def last_answer_repeated_at(self) -> int | None:
        """The line of the ``###`` after the last ``Answer:`` that makes the checker keep the last answer twice."""
        if len(self.answers) < 2 or not self.answers[-1].repeated:
            return None
        return self.answers[-2].cut_line


def read(text: str, expected: int, marker: str = "Answer:") -> OfficialReading:
    """Split ``text`` on ``marker`` the way the official checker does and return its answers.

    ``expected`` and ``marker`` come from the template spec in use (``checker.answers``, ``marker``).
    The last piece is always kept, whole, besides what the ``###`` rule keeps: when a ``###``
    follows the last marker (``### Use of Generative AI Tools``, ``### Appendix``, a comment in a
    bash block), the checker keeps that piece twice, finds one answer too many and stops.
    """
    line_starts = [0] + [newline.end() for newline in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset)

    offsets = [match.start() for match in re.finditer(re.escape(marker), text)]
    pieces = text.split(marker)
    answers: list[OfficialAnswer] = []
    for position, piece in enumerate(pieces[1:]):
        start = offsets[position] + len(marker)
        marker_line = line_of(offsets[position])
        if "###" in piece:
            kept, cut_by = piece.split("###")[0], "###"
            if "##" in kept:
                kept, cut_by = kept.split("##")[0], "##"
            answers.append(OfficialAnswer(marker_line, kept.strip("\n"), line_of(start + len(kept)), cut_by))
        if position == len(pieces) - 2:
            answers.append(OfficialAnswer(marker_line, piece.strip("\n"), None, None, repeated="###" in piece))
    return OfficialReading(answers, [line_of(offset) for offset in offsets], expected)
