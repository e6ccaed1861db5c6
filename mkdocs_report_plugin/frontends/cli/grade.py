"""``mkdocs-report grade SCRAPE -o OUT/``: one command after the deadline, from the scrape of every
group's repository to the grades sent.

It checks every group as ``check`` does and writes, in OUT/: ``index.html`` (the page to grade
from: groups needing attention first, each group's hand-in, feedback and score in one place, the
similar answers), ``grades.csv`` (one row per group, everything the checks found), ``findings.csv``
(``check --format csv``), ``similar.csv``, ``handins/`` (each group's exact hand-in with its figures,
see :mod:`.handins`), ``feedback/GROUP.md`` and ``.html`` (sent to the group after grading), the
scores for the LMS (``brightspace-import.csv``) and as a plain table (``scores.csv``), and the
teacher's ``gradebook.csv`` (see :mod:`.gradebook_file`): the one file the teacher types in, read
before anything is checked and written back merged, keeping every typed value. Run it again after a
late hand-in, a new spec, or a session of grading: everything else follows the gradebook.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mkdocs_report_plugin.frontends.cli.options import check_options, check_with_progress, refuse
from mkdocs_report_plugin.model.batch import BatchTotals, Checked
from mkdocs_report_plugin.output.lms_export import BRIGHTSPACE_KEYS
from mkdocs_report_plugin.reading.repository import inside
from mkdocs_report_plugin.reading.safe_files import make_folders, write_file

if TYPE_CHECKING:
    from mkdocs_report_plugin.check.options import CheckOptions
    from mkdocs_report_plugin.frontends.cli.gradebook_file import GradebookOnDisk
    from mkdocs_report_plugin.frontends.cli.handins import WrittenHandin
    from mkdocs_report_plugin.output.gradebook import Gradebook, GroupFacts, Update
    from mkdocs_report_plugin.output.identity import GroupIdentity
    from mkdocs_report_plugin.output.lms_export import Exported
    from mkdocs_report_plugin.output.summary import GroupLinks

FEEDBACK_FOLDER = "feedback"
LMS_FILE, SCORES_FILE = "brightspace-import.csv", "scores.csv"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Written:
    """What a run wrote, for the lines it prints."""

    without_handin: list[str]
    pairs: int
    gradebook_changed: bool
    update: Update
    book: Gradebook
    exported: Exported


@click.command()
@click.argument("scrape", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The folder to write into (made if missing). Its gradebook.csv is yours: read and kept, "
                   "every other file is written anew.")  # fmt: skip
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for many reports [default: every core].")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60, show_default=True, metavar="SECONDS",
              help="Time each report may take; a slower one is 'not checked', the rest go on.")  # fmt: skip
@click.option("--grade-item", default="Exam report", show_default=True, metavar="NAME",
              help="The grade item's name in the LMS: brightspace-import.csv's column is 'NAME Points Grade'.")  # fmt: skip
@click.option("--lms-key", type=click.Choice(BRIGHTSPACE_KEYS), default="Username", show_default=True,
              help="Which column of the LMS the study numbers go in.")  # fmt: skip
@check_options(group_specs=True)
def grade(
    scrape: Path, output: Path, jobs: int | None, timeout: float, grade_item: str, lms_key: str, options: CheckOptions
) -> None:
    """After the deadline: check every group of SCRAPE (one folder per group) and write the teacher's files.

    In the -o folder: index.html, gradebook.csv (type scores and comments here: kept on every run),
    grades.csv, findings.csv, similar.csv, handins/, feedback/ (with the scores and comments typed),
    brightspace-import.csv and scores.csv.

    handins/GROUP.html opens the group's hand-in byte for byte as report.py html writes it, placed
    in a copy of the group's folder with the figures it shows, so they display.
    """
    from mkdocs_report_plugin.frontends.cli.batch import collect
    from mkdocs_report_plugin.frontends.cli.gradebook_file import read_gradebook_file
    from mkdocs_report_plugin.output.gradebook import GradebookError

    _never_into_the_scrape(scrape, output)
    try:
        on_disk = read_gradebook_file(output)
    except (GradebookError, OSError) as error:
        refuse(_reason(error))
    checked = check_with_progress(collect([scrape]), jobs, options, timeout)
    try:
        written = _write_all(checked, scrape, output, on_disk, grade_item, lms_key)
    except (GradebookError, OSError) as error:
        refuse(f"cannot write in {output}: {_reason(error)}")
    _say_what_was_written(output, checked, written, on_disk, grade_item)


def _reason(error: Exception) -> str:
    return (
        str(error) if not isinstance(error, OSError) or not error.strerror else f"{error.strerror} ({error.filename})"
    )


def _never_into_the_scrape(scrape: Path, output: Path) -> None:
    """Refuse an output folder in the scrape, or whose handins/ or feedback/ would hold it (``-o .`` beside a
    scrape called handins/): nothing a group handed in is ever written over."""
    from mkdocs_report_plugin.frontends.cli.handins import HANDINS_FOLDER

    top, written = Path(os.path.realpath(scrape)), Path(os.path.realpath(output))
    folders = [written / HANDINS_FOLDER, written / FEEDBACK_FOLDER]
    if inside(written, top) or any(inside(top, folder) for folder in folders):
        refuse(f"{output} would write into {scrape}, the hand-ins being graded: write the results in another "
               "folder (-o grading/).")  # fmt: skip


def _write_all(
    checked: list[Checked], scrape: Path, output: Path, on_disk: GradebookOnDisk, item: str, key: str
) -> Written:
    """Write every file: the gradebook merged first, so that the feedback, the sheet and the index show what it holds."""
    from mkdocs_report_plugin.frontends.cli.gradebook_file import write_gradebook_file
    from mkdocs_report_plugin.frontends.cli.handins import HANDINS_FOLDER, write_handin
    from mkdocs_report_plugin.output import formats, grading
    from mkdocs_report_plugin.output.gradebook import updated
    from mkdocs_report_plugin.output.identity import identity_of
    from mkdocs_report_plugin.output.lms_export import brightspace_csv, export_rows, group_scores, scores_csv
    from mkdocs_report_plugin.output.similarity import similar_answers
    from mkdocs_report_plugin.output.summary import summary_html

    output.mkdir(parents=True, exist_ok=True)
    make_folders(output / FEEDBACK_FOLDER, trusted=output)
    make_folders(output / HANDINS_FOLDER, trusted=output)
    identities = {entry.name: identity_of(entry.result) for entry in checked}
    book, update = updated(on_disk.book, [_facts(entry, identities[entry.name]) for entry in checked],
                           sorted({question.number for entry in checked for question in entry.result.questions}))  # fmt: skip
    changed = write_gradebook_file(on_disk, book, output)
    links = {}
    for entry, file_key in zip(checked, file_keys(checked), strict=True):
        written = write_handin(entry, file_key, scrape, output)
        links[entry.name] = _group_links(entry, file_key, written, identities[entry.name], book, scrape, output)
    pairs = similar_answers(checked)
    page = summary_html(checked, title=f"Exam reports: {scrape.resolve().name}", links=links,
                        appendix=grading.similar_html(pairs), similar=len(pairs))  # fmt: skip
    files = {"index.html": page, "grades.csv": grading.grades_csv(checked, links),
             "findings.csv": formats.csv_text(checked), "similar.csv": grading.similar_csv(pairs)}  # fmt: skip
    exported = export_rows(group_scores(book))
    files[LMS_FILE], files[SCORES_FILE] = brightspace_csv(exported.rows, item, key), scores_csv(exported.rows)
    for name, text in files.items():
        write_file(output / name, text, trusted=output)
    without = [name for name, group in links.items() if group.handin is None]
    return Written(without, len(pairs), changed, update, book, exported)


def _facts(entry: Checked, identity: GroupIdentity) -> GroupFacts:
    from mkdocs_report_plugin.output.gradebook import GroupFacts
    from mkdocs_report_plugin.output.summary import revision

    result = entry.result
    if result.template is None:
        checks = f"not checked: {entry.not_checked}"
    else:
        stops = "; the course's scripts cannot read it" if result.report_errors else ""
        checks = f"{result.passed}/{result.total} pass{stops}"
    template = revision(result.template) if result.template is not None else ""
    return GroupFacts(entry.name, identity.number, identity.students_text, template, checks)


def _group_links(
    entry: Checked,
    file_key: str,
    written: WrittenHandin,
    identity: GroupIdentity,
    book: Gradebook,
    scrape: Path,
    output: Path,
) -> GroupLinks:
    """Write the group's feedback (with what the gradebook holds for it); what the index and the sheet show of it."""
    from mkdocs_report_plugin.output.feedback import feedback_html, feedback_markdown, feedback_of
    from mkdocs_report_plugin.output.summary import GroupLinks

    marks = book.marks(entry.name)
    feedback = feedback_of(entry, identity, marks, _in_group(entry, scrape))
    markdown, page = f"{FEEDBACK_FOLDER}/{file_key}.md", f"{FEEDBACK_FOLDER}/{file_key}.html"
    write_file(output / markdown, feedback_markdown(feedback), trusted=output)
    write_file(output / page, feedback_html(feedback), trusted=output)
    return GroupLinks(
        handin=written.page,
        feedback=markdown,
        handin_missing=written.missing if written.page is None else "",
        feedback_page=page,
        images_not_shown=_images_not_shown(entry, written),
        number=identity.number,
        students=identity.students,
        identity_notes=identity.notes,
        score=marks.shown_score(),
        comment=marks.comment,
    )


def _images_not_shown(entry: Checked, written: WrittenHandin) -> tuple[str, ...]:
    """The hand-in's images a browser shows no picture for: files it cannot find (see :mod:`.handins`), and
    addresses that are a web page or the student's own computer (``image-url``)."""
    from mkdocs_report_plugin.model.report import is_remote_target
    from mkdocs_report_plugin.reading.image_urls import why_no_picture

    pages = [reference.target for reference in entry.result.references
             if reference.is_image and is_remote_target(reference.target) and why_no_picture(reference.target)]  # fmt: skip
    return tuple(dict.fromkeys([*written.images_not_found, *pages]))


def _in_group(entry: Checked, scrape: Path) -> str:
    """The report's path as its group knows it: from the group's folder (``reports/README.md``)."""
    from mkdocs_report_plugin.frontends.cli.handins import group_folder

    report = Path(os.path.abspath(entry.result.path or entry.result.display_path))
    return Path(os.path.relpath(report, os.path.abspath(group_folder(report, scrape)))).as_posix()


def _say_what_was_written(
    output: Path, checked: Sequence[Checked], written: Written, on_disk: GradebookOnDisk, item: str
) -> None:
    click.echo(f"{output / 'index.html'}: {BatchTotals.of(checked).sentence()}")
    missing = f", none for {', '.join(written.without_handin)} (grades.csv says why)" if written.without_handin else ""
    click.echo(f"{output / 'handins'}: {len(checked) - len(written.without_handin)} hand-ins{missing}")
    pairs = written.pairs
    click.echo(f"{output / 'similar.csv'}: {pairs} pair{'s' * (pairs != 1)} of near-identical answers")
    click.echo(f"{on_disk.path}: {_gradebook_sentence(written, on_disk)}")
    scored = sum(1 for entry in checked if _has_points(written.book, entry.name))
    click.echo(f"{output / FEEDBACK_FOLDER}: {len(checked)} groups (.md and .html), {scored} with points")
    rows, left_out = written.exported.rows, written.exported.left_out
    students = f"{len(rows)} student{'s' * (len(rows) != 1)}"
    click.echo(f"{output / LMS_FILE}: {students}, grade item '{item} Points Grade'; also {SCORES_FILE}")
    for reason in left_out:
        click.echo(f"  left out: {reason}")


def _has_points(book: Gradebook, group: str) -> bool:
    try:
        return book.marks(group).total() is not None
    except ValueError:
        return False


def _gradebook_sentence(written: Written, on_disk: GradebookOnDisk) -> str:
    update, book = written.update, written.book
    if on_disk.found is None:
        made = "made from the scores and comments typed in grades.csv" if on_disk.from_old_sheet else "made"
        return f"{made}, {len(book.groups())} groups: type scores and comments here, every run keeps them"
    parts = [f"new: {', '.join(update.added)}"] * bool(update.added)
    parts += [f"no longer in the scrape (row kept): {', '.join(update.gone)}"] * bool(update.gone)
    parts += [f"back in the scrape: {', '.join(update.back)}"] * bool(update.back)
    state = "updated" if written.gradebook_changed else "unchanged"
    note = f"; {book.encoding_note}" if book.encoding_note else ""
    return f"{state}, {len(book.groups())} groups" + (f" ({'; '.join(parts)})" if parts else "") + note


def file_keys(checked: Sequence[Checked]) -> list[str]:
    """A file name per group, from its name: safe on every disk, distinct even where names differ only there."""
    keys: list[str] = []
    taken: set[str] = set()
    for entry in checked:
        base = _UNSAFE.sub("-", entry.name).strip(".-") or "group"
        key, number = base, 1
        while key.lower() in taken:
            number += 1
            key = f"{base}-{number}"
        taken.add(key.lower())
        keys.append(key)
    return keys
