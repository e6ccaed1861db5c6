"""The teacher's gradebook: ``OUT/gradebook.csv``, a row per group, the one file of ``grade``'s that
the teacher writes in.

A CSV file, not a database: the teacher grades in the spreadsheet they know (Excel, LibreOffice,
Numbers, a shared Google Sheet), sorts and filters it, keeps it beside the course's other sheets,
and can read or mend it with any tool; nothing has to be installed or kept running. Two graders
can split the class (each fills in their groups, or their questions, in one shared sheet, or in
their own copy that one pastes into the other): the file is small, its rows are keyed by group and
its cells are plain text. A database would only pay off with an editing program of ours around
it, which a spreadsheet already is.

``grade`` reads the file and writes it back merged, never losing what was typed:

- its own columns (:data:`READ_COLUMNS`: whether the group is in the scrape, its number, study
  numbers, template and checks) are brought up to date on every run;
- every other cell, the teacher's (``export_ids``, ``score``, ``comment``, each question's points
  and comment, and any column or note they added), is written back exactly as read;
- a group new in the scrape (a late hand-in) gets a row at the end, a group gone from it keeps its
  row, marked ``in_scrape`` = ``no``; rows keep the teacher's order, columns their place;
- a question column of a new template revision (31 questions where there were 27) is added at the
  end; none is ever removed.

The file is read as a spreadsheet saves it: UTF-8 with or without a byte-order mark, or
Windows-1252 (Excel's "CSV" in Western Europe), with ``,``, ``;`` or tabs between cells (the
delimiter found is kept); it is written as UTF-8 with a byte-order mark, so Excel reads ``æøå``.
What cannot be merged safely (no ``group`` column, a group on two rows, an Excel workbook saved
as .csv) is a :class:`GradebookError` that says what to do; then nothing is written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mkdocs_report_plugin.output.formats import csv_table, points_text, typed_cell

__all__ = [
    "GRADEBOOK_FILE",
    "READ_COLUMNS",
    "Gradebook",
    "GradebookError",
    "GroupFacts",
    "Marks",
    "Update",
    "points_value",
    "read_gradebook",
    "updated",
]

GRADEBOOK_FILE = "gradebook.csv"
KEY = "group"
READ_COLUMNS = ("in_scrape", "group_number", "student_ids", "template", "checks")
"""The columns ``grade`` fills in and brings up to date on every run: typing in them is undone."""
_ORDER = (KEY, "in_scrape", "group_number", "student_ids", "export_ids", "template", "checks", "score", "comment")
"""A new gradebook's columns before the questions'; ``export_ids`` replaces the study numbers read from the
report in the LMS export, when those are wrong."""
_BYTE_ORDER_MARK = "\ufeff"
_DELIMITERS = (",", ";", "\t")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_QUESTION_COLUMN = re.compile(r"q(\d+)_(?:points|comment)")


class GradebookError(ValueError):
    """The gradebook cannot be merged as it is; the message names the file's problem and what to do."""


def question_columns(number: int) -> tuple[str, str]:
    return f"q{number}_points", f"q{number}_comment"


@dataclass(frozen=True)
class GroupFacts:
    """What ``grade`` knows of a group this run: the values of :data:`READ_COLUMNS`."""

    group: str
    group_number: str = ""
    student_ids: str = ""
    template: str = ""
    checks: str = ""

    def cells(self) -> dict[str, str]:
        """The values of :data:`READ_COLUMNS` for the group's row."""
        return dict(zip(READ_COLUMNS, ("yes", self.group_number, self.student_ids, self.template, self.checks),
                        strict=True))  # fmt: skip


@dataclass(frozen=True)
class Marks:
    """What the teacher typed for one group, as typed."""

    score: str = ""
    comment: str = ""
    export_ids: str = ""
    points: Mapping[int, str] = field(default_factory=dict)  # question number -> points as typed
    comments: Mapping[int, str] = field(default_factory=dict)

    @property
    def typed(self) -> bool:
        return bool(self.score or self.comment or any(self.points.values()) or any(self.comments.values()))

    def total(self) -> float | None:
        """The group's points: the ``score`` typed, else the sum of the questions' points; None when neither is
        typed. Raises ``ValueError`` naming the cell that is not a number."""
        if self.score.strip():
            return points_value(self.score, "score")
        typed = {number: text for number, text in self.points.items() if text.strip()}
        if not typed:
            return None
        return sum(points_value(text, f"q{number}_points") for number, text in typed.items())

    def shown_score(self) -> str:
        """The score as the index and the feedback show it: as typed, else the questions' points added up
        (:func:`points_text`), else ``""`` (also when a question's points are no number)."""
        try:
            total = self.total()
        except ValueError:
            return self.score.strip()
        return self.score.strip() or ("" if total is None else points_text(total))


def points_value(text: str, column: str) -> float:
    """``7``, ``7.5`` or ``7,5`` (a spreadsheet with a decimal comma) as a number; ``ValueError`` otherwise."""
    cleaned = text.strip()
    if not _NUMBER.match(cleaned):
        raise ValueError(f"{column} '{text}' is not a number")
    return float(cleaned.replace(",", "."))


@dataclass
class Gradebook:
    """The file as rows of cells, in the teacher's order, with the header's names as written."""

    header: list[str]
    rows: list[list[str]]
    delimiter: str = ","
    encoding_note: str = ""  # "read as Windows-1252", when it was not UTF-8

    def column(self, name: str) -> int | None:
        """Where the column ``name`` is (the header is matched ignoring case and spaces around it)."""
        wanted = name.lower()
        return next((index for index, written in enumerate(self.header) if written.strip().lower() == wanted), None)

    def groups(self) -> list[str]:
        """The groups with a row, in the file's order."""
        key = self.column(KEY)
        return [row[key] for row in self.rows if key is not None and row[key]]

    def cell(self, group: str, name: str) -> str:
        """The cell of ``group``'s row in the column ``name``; "" when either is missing."""
        row, index = self.row_of(group), self.column(name)
        return row[index] if row is not None and index is not None else ""

    def row_of(self, group: str) -> list[str] | None:
        key = self.column(KEY)
        return next((row for row in self.rows if key is not None and row[key] == group), None)

    def marks(self, group: str) -> Marks:
        """What the teacher typed for ``group`` (nothing, for a group without a row)."""
        row = self.row_of(group)
        if row is None:
            return Marks()
        where = {name.strip().lower(): index for index, name in reversed(list(enumerate(self.header)))}

        def cell(name: str) -> str:
            index = where.get(name)
            return row[index] if index is not None else ""

        numbers = sorted({int(match[1]) for name in where if (match := _QUESTION_COLUMN.fullmatch(name))})
        return Marks(cell("score"), cell("comment"), cell("export_ids"),
                     {number: cell(question_columns(number)[0]) for number in numbers},
                     {number: cell(question_columns(number)[1]) for number in numbers})  # fmt: skip

    def text(self) -> str:
        """The file's text: UTF-8 with a byte-order mark (Excel then reads it as UTF-8), the delimiter it had."""
        return _BYTE_ORDER_MARK + csv_table(self.header, self.rows, delimiter=self.delimiter)


def read_gradebook(data: bytes, name: str = GRADEBOOK_FILE) -> Gradebook:
    """The gradebook in ``data`` (the file's bytes); :class:`GradebookError` when it cannot be merged safely."""
    if data.startswith(b"PK\x03\x04"):
        raise GradebookError(f"{name} is a spreadsheet workbook (.xlsx), not CSV: save it as 'CSV UTF-8' under "
                             "the same name, then run grade again.")  # fmt: skip
    try:
        text, note = data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        text, note = data.decode("cp1252", errors="replace"), "read as Windows-1252, written back as UTF-8"
    delimiter = _delimiter(text)
    rows = [
        [typed_cell(cell) for cell in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    ]
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return Gradebook([], [], delimiter, note)
    header, body = rows[0], rows[1:]
    book = Gradebook(header, [_padded(row, len(header)) for row in body], delimiter, note)
    width = max(len(row) for row in book.rows) if book.rows else len(header)
    book.header = header + [""] * (width - len(header))  # cells typed right of the last named column are kept
    book.rows = [_padded(row, width) for row in book.rows]
    _refuse_what_cannot_merge(book, name)
    return book


def _padded(row: list[str], width: int) -> list[str]:
    return row + [""] * (width - len(row))


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=first.count) if any(mark in first for mark in _DELIMITERS) else ","


def _refuse_what_cannot_merge(book: Gradebook, name: str) -> None:
    key = book.column(KEY)
    if key is None:
        raise GradebookError(f"{name} has no '{KEY}' column in its first line, which grade needs to match rows to "
                             f"groups: restore the header line, or move the file away to start a new one.")  # fmt: skip
    named = [written.strip().lower() for written in book.header if written.strip()]
    twice = sorted({written for written in named if named.count(written) > 1})
    if twice:
        raise GradebookError(f"{name} has two columns named {', '.join(repr(column) for column in twice)}: rename or "
                             "merge one of them, so that grade knows which one holds the values.")  # fmt: skip
    lines: dict[str, list[int]] = {}
    for line, row in enumerate(book.rows, start=2):
        if row[key]:
            lines.setdefault(row[key], []).append(line)
    repeated = {group: found for group, found in lines.items() if len(found) > 1}
    if repeated:
        where = "; ".join(f"'{group}' on rows {', '.join(map(str, found))}" for group, found in repeated.items())
        raise GradebookError(f"{name} has a group on two rows ({where}): keep one row per group, moving what was "
                             "typed into it, then run grade again.")  # fmt: skip


@dataclass(frozen=True)
class Update:
    """What a run changed in the gradebook's rows."""

    added: tuple[str, ...] = ()  # groups new in the scrape
    gone: tuple[str, ...] = ()  # groups no longer in the scrape (newly marked)
    back: tuple[str, ...] = ()  # groups marked gone before, in the scrape again


def updated(book: Gradebook | None, facts: Sequence[GroupFacts], questions: Sequence[int]) -> tuple[Gradebook, Update]:
    """``book`` (None: no file yet) merged with this run's groups, as the module says; ``book`` is not changed."""
    merged = Gradebook(list(book.header), [list(row) for row in book.rows], book.delimiter, book.encoding_note) \
        if book is not None else Gradebook([], [])  # fmt: skip
    for name in [*_ORDER, *(column for number in sorted(questions) for column in question_columns(number))]:
        if merged.column(name) is None:
            merged.header.append(name)
            merged.rows = [[*row, ""] for row in merged.rows]
    key, in_scrape = merged.column(KEY), merged.column("in_scrape")
    assert key is not None and in_scrape is not None
    by_group = {row[key]: row for row in merged.rows if row[key]}
    added, back = [], []
    for fact in facts:
        row = by_group.get(fact.group)
        if row is None:
            row = [""] * len(merged.header)
            row[key] = fact.group
            merged.rows.append(row)
            added.append(fact.group)
        elif row[in_scrape] == "no":
            back.append(fact.group)
        for name, value in fact.cells().items():
            index = merged.column(name)
            assert index is not None
            row[index] = value
    present = {fact.group for fact in facts}
    gone = [group for group, row in by_group.items() if group not in present and row[in_scrape] != "no"]
    for group in gone:
        by_group[group][in_scrape] = "no"
    return merged, Update(tuple(added), tuple(gone), tuple(back))
