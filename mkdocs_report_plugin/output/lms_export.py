"""The scores, one row per student, for the course's LMS and for any other sheet.

DTU Learn is Brightspace (D2L). Its grade import reads a CSV whose header names, in this order:
the key that finds the student (``OrgDefinedId`` and/or ``Username``), one column per grade item
named ``<item> Points Grade`` holding the points, and last ``End-of-Line Indicator``, whose cells
are ``#``, marking where a record ends. Brightspace's own export writes ``#`` before each key as
well (so a spreadsheet keeps ``007`` as text), and its import takes it off; we write the same.
A student without points is left out (an empty cell would be read as no grade, or refused), and
a student listed by two groups is left out too and named, since the import would keep whichever
row came last.

Each group's points go to every student its report names (question 2), or to the ids the
teacher typed in the gradebook's ``export_ids`` in their place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mkdocs_report_plugin.output.formats import csv_table, points_text

if TYPE_CHECKING:  # an annotation only: grade's option reads BRIGHTSPACE_KEYS, and every click command loads grade
    from mkdocs_report_plugin.output.gradebook import Gradebook

__all__ = [
    "BRIGHTSPACE_KEYS",
    "ExportRow",
    "Exported",
    "GroupScore",
    "brightspace_csv",
    "export_rows",
    "group_scores",
    "scores_csv",
]

BRIGHTSPACE_KEYS = ("Username", "OrgDefinedId")
END_OF_LINE = "End-of-Line Indicator"
SCORES_COLUMNS = ("student", "group", "group_number", "points", "comment")
_IDS = re.compile(r"[^\s,;|]+")


@dataclass(frozen=True)
class ExportRow:
    """One student's points, from their group's row of the gradebook."""

    student: str
    group: str
    group_number: str
    points: float
    comment: str = ""


@dataclass(frozen=True)
class GroupScore:
    """A group's points and who it names, as the gradebook and the report give them."""

    group: str
    group_number: str
    students: str  # "s123456; s234567", read from the report, or typed in export_ids
    points: float | None
    comment: str = ""
    problem: str = ""  # why the points cannot be read ("score 'seven' is not a number")


@dataclass(frozen=True)
class Exported:
    """The rows to export, and what was left out and why, for the teacher to see."""

    rows: tuple[ExportRow, ...]
    left_out: tuple[str, ...]  # "group-12: no study numbers", "s123456: in group-3 and group-9"


def group_scores(book: Gradebook) -> list[GroupScore]:
    """Each group's points from the gradebook (a group gone from the scrape too), and the students to give them:
    its ``export_ids`` if typed, else the study numbers read from its report."""
    scores = []
    for group in book.groups():
        marks = book.marks(group)
        try:
            points, problem = marks.total(), ""
        except ValueError as error:
            points, problem = None, str(error)
        students = marks.export_ids.strip() or book.cell(group, "student_ids")
        scores.append(GroupScore(group, book.cell(group, "group_number"), students, points, marks.comment, problem))
    return scores


def export_rows(scores: Sequence[GroupScore]) -> Exported:
    """A row per student of every group with points; a student named by two groups, and groups without
    points or without students, are left out and said."""
    rows: list[ExportRow] = []
    left_out: list[str] = []
    for score in scores:
        students = _IDS.findall(score.students)
        if score.problem:
            left_out.append(f"{score.group}: {score.problem}")
        elif score.points is not None and not students:
            left_out.append(f"{score.group}: no study numbers (type them in export_ids)")
        elif score.points is not None:
            rows += [ExportRow(student, score.group, score.group_number, score.points, score.comment)
                     for student in dict.fromkeys(students)]  # fmt: skip
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(row.student.lower(), []).append(row.group)
    twice = {student for student, named_by in groups.items() if len(named_by) > 1}
    left_out += [f"{student}: named by {' and '.join(groups[student])}" for student in sorted(twice)]
    return Exported(tuple(row for row in rows if row.student.lower() not in twice), tuple(left_out))


def brightspace_csv(rows: Sequence[ExportRow], item: str, key: str = "Username") -> str:
    """Brightspace's grade import file for the grade item named ``item`` (as it is named in the course)."""
    header = [key, f"{item} Points Grade", END_OF_LINE]
    return csv_table(header, ([f"#{row.student}", points_text(row.points), "#"] for row in rows))


def scores_csv(rows: Sequence[ExportRow]) -> str:
    """The same points as a plain table, a row per student, with the group and the teacher's comment."""
    return csv_table(SCORES_COLUMNS, ([row.student, row.group, row.group_number, points_text(row.points), row.comment]
                                      for row in rows))  # fmt: skip
