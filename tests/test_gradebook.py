"""The teacher's gradebook (OUT/gradebook.csv): merged with each run's groups, never losing a typed cell,
read as a spreadsheet saves it, refused with a clear message when it cannot be merged safely."""

from __future__ import annotations

import csv
import io

import pytest

from mkdocs_report_plugin.output.gradebook import (
    Gradebook,
    GradebookError,
    GroupFacts,
    Marks,
    read_gradebook,
    updated,
)

GROUPS = [GroupFacts("group-1", "7", "s123456; s234567", "02476 (2026)", "31/31 pass"),
          GroupFacts("group-2", "8", "s345678", "02476 (2023)", "20/27 pass")]  # fmt: skip


def table(book: Gradebook) -> list[dict[str, str]]:
    """The gradebook as a spreadsheet reads it back: rows by header name."""
    text = book.text()
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=book.delimiter))


def typed(book: Gradebook, values: dict[tuple[str, str], str]) -> bytes:
    """The file after a teacher typed ``values`` ({(group, column): text}) and saved it."""
    rows = table(book)
    for (group, column), value in values.items():
        next(row for row in rows if row["group"] == group)[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=book.header, delimiter=book.delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_a_new_gradebook_has_a_row_per_group_and_points_and_a_comment_per_question() -> None:
    book, update = updated(None, GROUPS, range(1, 32))
    header = book.header
    assert header[:9] == ["group", "in_scrape", "group_number", "student_ids", "export_ids", "template", "checks",
                          "score", "comment"]  # fmt: skip
    assert header[9:13] == ["q1_points", "q1_comment", "q2_points", "q2_comment"] and header[-1] == "q31_comment"
    rows = table(book)
    assert [(row["group"], row["in_scrape"], row["group_number"], row["score"]) for row in rows] == [
        ("group-1", "yes", "7", ""), ("group-2", "yes", "8", "")]  # fmt: skip
    assert update.added == ("group-1", "group-2")


def test_every_typed_cell_survives_a_run_with_a_late_group_a_new_spec_and_a_group_gone() -> None:
    first, _ = updated(None, GROUPS, range(1, 28))
    values = {("group-1", "score"): "7,5", ("group-1", "comment"): "Good, but see Q5.\nSecond line; \"quoted\"",
              ("group-1", "q5_comment"): "-1: no tests", ("group-2", "q3_points"): "=2+1",
              ("group-2", "export_ids"): "s345678; s999999"}  # fmt: skip
    saved = read_gradebook(typed(first, values))
    later = [GroupFacts("group-2", "8", "s345678", "02476 (2025)", "25/31 pass"), GroupFacts("group-3", "9")]
    book, update = updated(saved, later, range(1, 32))  # the spec changed: 31 questions now
    reread = read_gradebook(book.text().encode("utf-8"))
    for (group, column), value in values.items():
        assert reread.cell(group, column) == value, (group, column)  # as typed ('-1' is written inert, read back)
    rows = {row["group"]: row for row in table(reread)}
    assert (rows["group-1"]["in_scrape"], rows["group-2"]["template"], rows["group-3"]["in_scrape"]) == (
        "no", "02476 (2025)", "yes")  # fmt: skip
    assert (update.added, update.gone) == (("group-3",), ("group-1",))
    assert "q31_points" in rows["group-3"] and list(rows) == ["group-1", "group-2", "group-3"]  # the teacher's order
    again, update = updated(read_gradebook(book.text().encode("utf-8")), GROUPS, range(1, 32))
    assert update.back == ("group-1",) and table(again)[0]["in_scrape"] == "yes"
    assert again.text() == updated(read_gradebook(again.text().encode("utf-8")), GROUPS, range(1, 32))[0].text()


def test_a_formula_looking_cell_is_inert_in_the_file_and_reads_back_as_typed() -> None:
    book, _ = updated(read_gradebook(typed(updated(None, GROUPS, [1])[0], {("group-1", "comment"): "=HYPERLINK(1)"})),
                      GROUPS, [1])  # fmt: skip
    assert "'=HYPERLINK(1)" in book.text()
    assert read_gradebook(book.text().encode("utf-8")).marks("group-1").comment == "=HYPERLINK(1)"


def test_columns_and_notes_the_teacher_added_are_kept_in_place() -> None:
    text = "group;grader;score;q1_points;notes\r\ngroup-1;Anna;6;2;\r\n;;;;remember to ask about Q5;extra\r\n"
    book, _ = updated(read_gradebook(text.encode("cp1252")), GROUPS, [1, 2])
    assert book.delimiter == ";"  # as the spreadsheet saved it (a decimal-comma locale)
    assert book.header[:5] == ["group", "grader", "score", "q1_points", "notes"]
    lines = book.text()[1:].splitlines()
    assert lines[1].startswith("group-1;Anna;6;2;") and lines[2].startswith(";;;;remember to ask about Q5;extra")
    assert lines[3].startswith("group-2;")


def test_a_windows_1252_file_is_read_and_written_back_as_utf_8() -> None:
    book = read_gradebook("group,comment\r\ngroup-1,Flot arbejde med æøå\r\n".encode("cp1252"))
    assert book.marks("group-1").comment == "Flot arbejde med æøå" and "Windows-1252" in book.encoding_note


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"name,score\ngroup-1,5\n", "no 'group' column"),
        (b"group,score\ngroup-1,5\ngroup-1,6\n", "'group-1' on rows 2, 3"),
        (b"group,score,Score\ngroup-1,5,6\n", "two columns named 'score'"),
        (b"PK\x03\x04rest of a workbook", "save it as 'CSV UTF-8'"),
    ],
)
def test_a_gradebook_that_cannot_be_merged_safely_is_refused_with_what_to_do(content: bytes, said: str) -> None:
    with pytest.raises(GradebookError, match=r"gradebook\.csv") as refused:
        read_gradebook(content)
    assert said in str(refused.value)


def test_the_points_are_the_score_typed_else_the_questions_added_up() -> None:
    assert Marks(score=" 7,5 ").total() == 7.5
    assert Marks(points={1: "2", 2: "1.5", 3: ""}).total() == 3.5
    assert Marks(comment="fine").total() is None
    with pytest.raises(ValueError, match="q2_points 'two' is not a number"):
        Marks(points={1: "2", 2: "two"}).total()
