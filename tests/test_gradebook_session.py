"""Issue 24's done-when, as a teacher's session: the 30 real hand-ins laid out as the course's scrape, graded;
scores and comments typed into gradebook.csv as a spreadsheet saves it; ``grade`` run again after a late hand-in,
after a change of spec and after a group is taken out of the scrape; every typed value is still there, each
group's feedback carries its scores and comments in words for after the deadline, and the LMS file imports."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from markdown_it import MarkdownIt
from support.grading import banned_in, read_as_brightspace
from support.handins import HANDINS, handin_ids, load, materialize

from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.output.gradebook import read_gradebook

pytestmark = pytest.mark.slow  # the whole class graded four times over

LATE, REMOVED = "087", "003"
COMMENT = 'Clear report, æøå; "quoted", a comma\n-1 for question 5: <b>no</b> *tests*'


def grade(scrape: Path, output: Path, *options: str) -> str:
    outcome = CliRunner().invoke(main, ["grade", str(scrape), "-o", str(output), "-j", "2", *options])
    assert outcome.exit_code == 0, outcome.output
    return outcome.output


def type_as_a_spreadsheet(gradebook: Path, values: dict[tuple[str, str], str]) -> None:
    """What Excel in a Danish locale does: open the file, type, save as ';'-separated Windows-1252, CRLF; a column
    and a note row of the teacher's own added."""
    rows = list(csv.reader(io.StringIO(gradebook.read_text("utf-8-sig"), newline="")))
    header = rows[0]
    for (group, column), value in values.items():
        next(row for row in rows if row[0] == group)[header.index(column)] = value
    rows = [[*row, "Anna" if row[0] and row is not rows[0] else ""] for row in rows]
    rows[0][-1] = "grader"
    rows.append(["", "", "note: ask about 045's figures"] + [""] * (len(header) - 2))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    gradebook.write_bytes(out.getvalue().encode("cp1252"))


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[tuple[str, str], str], list[str]]:
    if not HANDINS.is_dir():
        pytest.skip(f"real hand-ins not found at {HANDINS}")
    scrape = tmp_path_factory.mktemp("scrape")
    for handin_id in handin_ids():
        if handin_id != LATE:
            materialize(load(str(handin_id)), scrape / str(handin_id), git=False)
    output = tmp_path_factory.mktemp("grading") / "out"
    printed = [grade(scrape, output)]
    graded = ["039", "042", "078", "081", REMOVED, "015"]  # one the checker stops on, one without a group number
    values: dict[tuple[str, str], str] = {}
    for index, group in enumerate(graded):
        values[(group, "score")] = f"{6 + index},5"
        values[(group, "comment")] = f"{group}: {COMMENT}"
        values[(group, "q5_points")] = "1"
        values[(group, "q5_comment")] = f"Q5 of {group} =SUM(A1) - see the tests"
    values[("015", "export_ids")] = "s111111; s222222"  # the teacher knows who they are
    type_as_a_spreadsheet(output / "gradebook.csv", values)
    materialize(load(LATE), scrape / LATE, git=False)  # a late hand-in
    printed.append(grade(scrape, output))
    spec = output.parent / "corrected-2026.yaml"  # the course corrects a limit: a new spec for everyone
    corrected = _shipped("2026").replace('name: "02476 (2026)"', 'name: "02476 (2026, corrected)"')
    corrected = corrected.replace('words: "100-200"', 'words: "1-1000"')  # more lenient limits
    spec.write_text(corrected, encoding="utf-8")
    printed.append(grade(scrape, output, "--spec", str(spec)))
    shutil.rmtree(scrape / REMOVED)  # a group taken out of the scrape
    printed.append(grade(scrape, output))
    return scrape, output, values, printed


def _shipped(generation: str) -> str:
    from importlib import resources

    return (resources.files("mkdocs_report_plugin.reading") / "specs" / f"{generation}.yaml").read_text("utf-8")


def test_every_typed_value_is_still_there_after_a_late_hand_in_a_new_spec_and_a_group_gone(session) -> None:  # type: ignore[no-untyped-def]
    _scrape, output, values, printed = session
    book = read_gradebook((output / "gradebook.csv").read_bytes())
    for (group, column), value in values.items():
        assert book.cell(group, column) == value, (group, column)
    assert book.groups()[-1] == LATE and book.cell(LATE, "in_scrape") == "yes"
    assert book.cell(REMOVED, "in_scrape") == "no" and book.cell(REMOVED, "score") == values[(REMOVED, "score")]
    assert all(book.cell(group, "grader") == "Anna" for group in book.groups() if group != LATE)
    assert "note: ask about 045's figures" in (output / "gradebook.csv").read_text("utf-8-sig")
    assert book.delimiter == ";"  # kept as the spreadsheet saved it
    assert f"new: {LATE}" in printed[1] and f"no longer in the scrape (row kept): {REMOVED}" in printed[3]
    history = sorted((output / "gradebook-history").iterdir())
    assert len(history) == 3  # each version a run replaced, kept
    with_the_new_spec = read_gradebook(history[-1].read_bytes())  # as the run with --spec left it
    assert {with_the_new_spec.cell(group, "template") for group in book.groups()} == {"02476 (2026, corrected)"}
    assert with_the_new_spec.cell("000", "checks") != book.cell("000", "checks")  # the 2023 report, against 2026's
    for (group, column), value in values.items():
        assert with_the_new_spec.cell(group, column) == value, (group, column)


def test_each_groups_feedback_has_its_scores_and_comments_in_words_for_after_the_deadline(session) -> None:  # type: ignore[no-untyped-def]
    _scrape, output, values, _printed = session
    groups = {group for group, _column in values} - {REMOVED}
    for group in groups:
        markdown_text = (output / "feedback" / f"{group}.md").read_text("utf-8")
        shown = " ".join(
            BeautifulSoup(MarkdownIt("commonmark").render(markdown_text), "html.parser").get_text().split()
        )
        page = " ".join(BeautifulSoup((output / "feedback" / f"{group}.html").read_text("utf-8"), "html.parser")
                        .get_text().split())  # fmt: skip
        for text in (shown, page):
            assert f"Score: {values[(group, 'score')]}" in text
            assert " ".join(values[(group, "comment")].split()) in text
            assert "Points: 1" in text and values[(group, "q5_comment")] in text
        assert not banned_in(markdown_text), (group, banned_in(markdown_text))
    for feedback in (output / "feedback").glob("*.md"):
        assert not banned_in(feedback.read_text("utf-8")), feedback.name


def test_the_export_imports_into_brightspace_one_row_per_student(session) -> None:  # type: ignore[no-untyped-def]
    _scrape, output, values, printed = session
    key, item, points = read_as_brightspace((output / "brightspace-import.csv").read_text("utf-8"))
    assert (key, item) == ("Username", "Exam report")
    book = read_gradebook((output / "gradebook.csv").read_bytes())
    expected = {}
    for group in {group for group, _column in values}:
        students = book.cell(group, "export_ids") or book.cell(group, "student_ids")
        for student in students.split("; "):
            expected[student] = float(values[(group, "score")].replace(",", "."))
    assert points == expected and {"s111111", "s222222"} <= set(points)
    assert f"{output / 'brightspace-import.csv'}: {len(expected)} students" in printed[-1]
    plain = list(csv.DictReader(io.StringIO((output / "scores.csv").read_text("utf-8"))))
    assert {row["student"] for row in plain} == set(expected)
