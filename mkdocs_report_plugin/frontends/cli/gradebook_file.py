"""``grade``'s gradebook on disk: ``OUT/gradebook.csv`` read before any report is checked, and written
back merged only when something changed (see :mod:`mkdocs_report_plugin.output.gradebook`).

Nothing typed is ever lost: the file is read first, so one that cannot be merged stops ``grade``
before it writes anything; the version a run replaces is kept in ``gradebook-history/``; a file saved
from a spreadsheet while ``grade`` ran is not written over (the run says so and the teacher runs it
again). Where there is no gradebook yet but a ``grades.csv`` of an older ``grade``, which had the
teacher type a ``score`` and ``comment`` there (and wrote over them), what was typed is taken in.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs_report_plugin.output.gradebook import GRADEBOOK_FILE, Gradebook, GradebookError, read_gradebook
from mkdocs_report_plugin.reading.safe_files import make_folders, write_file

HISTORY_FOLDER = "gradebook-history"
OLD_SHEET = "grades.csv"


@dataclass(frozen=True)
class GradebookOnDisk:
    """The gradebook as this run found it: its bytes (None: no file), and what was read from them."""

    path: Path
    found: bytes | None
    book: Gradebook | None
    from_old_sheet: bool = False  # made from the score and comment typed in an older grades.csv


def read_gradebook_file(output: Path) -> GradebookOnDisk:
    """The gradebook in ``output``; :class:`GradebookError` when it cannot be merged (nothing is written then)."""
    path = output / GRADEBOOK_FILE
    found = _bytes(path)
    if found is not None:
        return GradebookOnDisk(path, found, read_gradebook(found, str(path)))
    old = _typed_in_old_sheet(output / OLD_SHEET)
    return GradebookOnDisk(path, None, old, from_old_sheet=old is not None)


def write_gradebook_file(on_disk: GradebookOnDisk, book: Gradebook, output: Path) -> bool:
    """Write ``book`` over the file read (keeping that version in the history folder); False when nothing changed.

    Raises :class:`GradebookError` when the file changed on disk since it was read."""
    text = book.text()
    if on_disk.found is not None and on_disk.found.decode("utf-8", errors="replace") == text:
        return False
    if _bytes(on_disk.path) != on_disk.found:
        raise GradebookError(f"{on_disk.path} was saved while grade ran (a spreadsheet?), so it was not written "
                             "over: close it in the spreadsheet, then run grade again.")  # fmt: skip
    if on_disk.found is not None:
        make_folders(output / HISTORY_FOLDER, trusted=output)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        write_file(output / HISTORY_FOLDER / f"gradebook-{stamp}-{time.time_ns() % 10**9:09d}.csv", on_disk.found,
                   trusted=output)  # fmt: skip
    write_file(on_disk.path, text, trusted=output)
    return True


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _typed_in_old_sheet(sheet: Path) -> Gradebook | None:
    """The ``score`` and ``comment`` typed in the grades.csv of an older ``grade``, as a gradebook; None if none."""
    found = _bytes(sheet)
    if found is None:
        return None
    try:
        rows = list(csv.DictReader(io.StringIO(found.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        return None
    typed = [[row["group"], row.get("score") or "", row.get("comment") or ""] for row in rows
             if row.get("group") and (row.get("score") or row.get("comment"))]  # fmt: skip
    return Gradebook(["group", "score", "comment"], typed) if typed else None
