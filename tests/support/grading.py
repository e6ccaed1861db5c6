"""What the teacher's outputs are judged by: words a student must not read after the deadline, and the grade
import file read as the LMS reads it."""

from __future__ import annotations

import csv
import io

from mkdocs_report_plugin.rules import RULES

NEVER_AFTER_THE_DEADLINE = (
    "Add at least", "Cut at least", "git mv", "mkdocs-report", "report-spec.yaml", "counts the placeholder",
    "counts its", "Questions that pass", " 1 words", "not answered yet", "before the hand-in", "Delete ", "Replace it",
    "Move or rename", "Restore the", "Write the", "(`",
)  # fmt: skip
"""What the feedback of issue 24 said and must not: advice for before the deadline, teacher-only text, a wrong
plural, a pass count for a report the course's checker rejects, a rule id in backticks."""


def banned_in(text: str) -> list[str]:
    """The phrases of :data:`NEVER_AFTER_THE_DEADLINE`, and the hyphenated rule ids, that ``text`` holds."""
    ids = [rule_id for rule_id in RULES if "-" in rule_id and rule_id in text]
    return [phrase for phrase in NEVER_AFTER_THE_DEADLINE if phrase in text] + ids


def read_as_brightspace(text: str) -> tuple[str, str, dict[str, float]]:
    """What Brightspace's import makes of the file: the key column, the grade item, each user's points.

    As documented: a header naming OrgDefinedId and/or Username, one '<item> Points Grade' column per grade item,
    'End-of-Line Indicator' last with '#' in every row; a '#' before a key is not part of it."""
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[0] in ("OrgDefinedId", "Username") and header[-1] == "End-of-Line Indicator"
    items = [name.removesuffix(" Points Grade") for name in header[1:-1] if name.endswith(" Points Grade")]
    assert len(items) == len(header) - 2 == 1
    points: dict[str, float] = {}
    for row in rows:
        assert len(row) == len(header) and row[-1] == "#"
        user = row[0].removeprefix("#")
        assert user and user not in points  # one row per student
        points[user] = float(row[1])
    return header[0], items[0], points
