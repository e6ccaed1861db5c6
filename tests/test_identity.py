"""Who handed a report in: the group number (question 1) and study numbers (question 2), read from the answers
as the real hand-ins write them, and said to be unclear rather than guessed."""

from __future__ import annotations

import pytest
from support.handins import HANDINS, handin_ids, load
from support.reportgen import make_report

from mkdocs_report_plugin import check_report, check_text
from mkdocs_report_plugin.output.identity import identity_of

# The answers of the 30 real hand-ins, as read (a few written in ways the module's notes list)
EXPECTED = {
    "000": ("21", 5), "003": ("41", 5), "006": ("2", 4), "009": ("33", 4), "012": ("36", 3), "015": ("", 0),
    "018": ("70", 4), "021": ("36", 3), "024": ("39", 4), "027": ("75", 4), "030": ("48", 3), "033": ("35", 4),
    "036": ("61", 3), "039": ("24", 3), "042": ("47", 4), "045": ("12", 4), "048": ("18", 5), "051": ("83", 5),
    "054": ("4", 4), "057": ("60", 5), "060": ("96", 5), "063": ("48", 5), "066": ("102", 4), "069": ("1", 5),
    "072": ("36", 5), "075": ("50", 5), "078": ("111", 5), "081": ("54", 4), "084": ("130", 3), "087": ("85", 5),
}  # fmt: skip


@pytest.mark.parametrize("handin_id", handin_ids())
def test_the_real_hand_ins_group_number_and_study_numbers(handin_id: str) -> None:
    identity = identity_of(check_report(load(handin_id).report_in_tree))
    number, count = EXPECTED[handin_id]
    assert (identity.number, len(identity.students)) == (number, count)
    assert all(student == "jonnil" or (student[0] == "s" and student[1:].isdigit()) for student in identity.students)


def test_what_is_not_read_surely_is_a_note_not_a_guess() -> None:
    if not HANDINS.is_dir():
        pytest.skip("real hand-ins not found")
    unclear = identity_of(check_report(load("015").report_in_tree))  # '--- Error 404 group number not found ---'
    assert unclear.number == "" and "group number unclear: 'Error 404 group number not found'" in unclear.notes
    assert any(note.startswith("not study numbers: '12693911 Daniel Ch") for note in unclear.notes)
    completed = identity_of(check_report(load("018").report_in_tree))  # '183546, s201968, ...'
    assert completed.students[0] == "s183546" and "read 183546 as s183546" in completed.notes


@pytest.mark.parametrize(
    ("group", "students", "number", "ids"),
    [
        ("Group 7", "S123456 and s234567", "7", ("s123456", "s234567")),
        ("**MLOps group #12**", "- s123456\n- s234567 (Anna)\n- s123456", "12", ("s123456", "s234567")),
        ("MLOPS4 i.e., group number 4", "s123456;s234567", "4", ("s123456", "s234567")),
        ("Group 3 or 4?", "Anna, Bo", "", ()),
        ("2024 group 5", "s123456 / jonnil", "5", ("s123456", "jonnil")),
    ],
)
def test_ways_of_writing_them(group: str, students: str, number: str, ids: tuple[str, ...]) -> None:
    identity = identity_of(check_text(make_report({1: group, 2: students})))
    assert (identity.number, identity.students) == (number, ids)
