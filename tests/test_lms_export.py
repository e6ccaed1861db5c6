"""The scores for DTU Learn (Brightspace's grade import) and as a plain table, one row per student, read back
as the LMS reads its import file."""

from __future__ import annotations

import csv
import io

from support.grading import read_as_brightspace

from mkdocs_report_plugin.output.lms_export import GroupScore, brightspace_csv, export_rows, scores_csv

SCORES = [
    GroupScore("group-1", "7", "s123456; s234567", 8.5, "Good."),
    GroupScore("group-2", "8", "s345678", None),  # not graded yet
    GroupScore("group-3", "9", "", 6.0),  # no study numbers read
    GroupScore("group-4", "10", "s456789; s123456", 5.0),  # s123456 named by two groups
    GroupScore("group-5", "11", "s567890", None, problem="score 'seven' is not a number"),
]


def test_the_import_file_is_one_row_per_graded_student_as_brightspace_reads_it() -> None:
    exported = export_rows(SCORES)
    key, item, points = read_as_brightspace(brightspace_csv(exported.rows, "Exam report"))
    assert (key, item) == ("Username", "Exam report")
    assert points == {"s234567": 8.5, "s456789": 5.0}
    assert exported.left_out == (
        "group-3: no study numbers (type them in export_ids)",
        "group-5: score 'seven' is not a number",
        "s123456: named by group-1 and group-4",
    )
    assert read_as_brightspace(brightspace_csv(exported.rows, "Report", "OrgDefinedId"))[0] == "OrgDefinedId"


def test_the_plain_table_has_the_group_and_the_comment() -> None:
    rows = list(csv.DictReader(io.StringIO(scores_csv(export_rows(SCORES[:1]).rows))))
    assert rows == [
        {"student": "s123456", "group": "group-1", "group_number": "7", "points": "8.5", "comment": "Good."},
        {"student": "s234567", "group": "group-1", "group_number": "7", "points": "8.5", "comment": "Good."},
    ]


def test_a_grade_item_or_student_id_that_looks_like_a_formula_is_inert() -> None:
    text = brightspace_csv(export_rows([GroupScore("g", "", "=cmd", 1.0)]).rows, "=SUM(A1)")
    assert text.splitlines()[0].startswith("Username,'=SUM(A1) Points Grade") and "#=cmd" in text
