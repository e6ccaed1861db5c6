"""``mkdocs-report grade SCRAPE -o OUT/``: one command after the deadline, from the scrape of every
group's repository to what a teacher grades with.

It checks every group as ``check`` does and writes, in OUT/: ``index.html`` (the summary page, each
group linked to its hand-in and feedback, and the similar answers), ``grades.csv`` (one row per
group, to fill in), ``findings.csv`` (``check --format csv``), ``similar.csv``, ``handins/`` (each
group's exact hand-in with its figures, see :mod:`.handins`) and ``feedback/GROUP.md``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mkdocs_report_plugin.frontends.cli.handins import MAX_COPIED_BYTES
from mkdocs_report_plugin.frontends.cli.options import (
    check_with_progress,
    load_spec_option,
    refuse,
    rule_options,
    spec_option,
    trust_group_specs_option,
)
from mkdocs_report_plugin.model.batch import BatchTotals, Checked
from mkdocs_report_plugin.reading.repository import inside
from mkdocs_report_plugin.reading.safe_files import UnsafeWrite, make_folders, write_file

if TYPE_CHECKING:
    from mkdocs_report_plugin.check.engine import SpecBeside
    from mkdocs_report_plugin.frontends.cli.handins import WrittenHandin
    from mkdocs_report_plugin.rules import Level

FEEDBACK_FOLDER = "feedback"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@click.command()
@click.argument("scrape", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The folder to write into (made if missing; files of an earlier run are overwritten).")  # fmt: skip
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for many reports [default: every core].")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60, show_default=True, metavar="SECONDS",
              help="Time each report may take; a slower one is 'not checked', the rest go on.")  # fmt: skip
@spec_option
@trust_group_specs_option
@rule_options
def grade(
    scrape: Path,
    output: Path,
    jobs: int | None,
    timeout: float,
    spec: Path | None,
    trust_group_specs: bool,
    levels: dict[str, Level],
) -> None:
    """After the deadline: check every group of SCRAPE (one folder per group) and write the teacher's files.

    In the -o folder: index.html, grades.csv, findings.csv, similar.csv, handins/ and feedback/.

    handins/GROUP.html opens the group's hand-in byte for byte as report.py html writes it, placed
    in a copy of the group's folder with the figures it shows, so they display.
    """
    from mkdocs_report_plugin.frontends.cli.batch import collect

    _never_into_the_scrape(scrape, output)
    template = load_spec_option(spec)
    beside: SpecBeside = "trust" if trust_group_specs else "ignore"  # a group's own report-spec.yaml
    checked = check_with_progress(collect([scrape]), jobs, timeout=timeout, spec=template, levels=levels,
                                  spec_beside=beside)  # fmt: skip
    try:
        without_handin, pairs = _write_all(checked, scrape, output)
    except UnsafeWrite as error:
        refuse(str(error))
    except OSError as error:
        refuse(f"cannot write in {output}: {error.strerror or type(error).__name__}.")
    click.echo(f"{output / 'index.html'}: {BatchTotals.of(checked).sentence()}")
    missing = f", none for {', '.join(without_handin)} (grades.csv says why)" if without_handin else ""
    click.echo(f"{output / 'handins'}: {len(checked) - len(without_handin)} hand-ins{missing}")
    click.echo(f"{output / 'similar.csv'}: {pairs} pair{'s' * (pairs != 1)} of near-identical answers")


def _never_into_the_scrape(scrape: Path, output: Path) -> None:
    """Refuse an output folder in the scrape, or whose handins/ or feedback/ would hold it (``-o .`` beside a
    scrape called handins/): nothing a group handed in is ever written over."""
    from mkdocs_report_plugin.frontends.cli.handins import HANDINS_FOLDER

    top, written = Path(os.path.realpath(scrape)), Path(os.path.realpath(output))
    folders = [written / HANDINS_FOLDER, written / FEEDBACK_FOLDER]
    if inside(written, top) or any(inside(top, folder) for folder in folders):
        refuse(f"{output} would write into {scrape}, the hand-ins being graded: write the results in another "
               "folder (-o grading/).")  # fmt: skip


def _write_all(checked: list[Checked], scrape: Path, output: Path) -> tuple[list[str], int]:
    """Write every file; the groups that got no hand-in, and the number of similar pairs."""
    from mkdocs_report_plugin.frontends.cli.handins import HANDINS_FOLDER, write_handin
    from mkdocs_report_plugin.output import formats, grading
    from mkdocs_report_plugin.output.similarity import similar_answers
    from mkdocs_report_plugin.output.summary import GroupLinks, summary_html

    output.mkdir(parents=True, exist_ok=True)  # the folder the teacher named; below it, nothing follows a link
    make_folders(output / FEEDBACK_FOLDER, trusted=output)
    make_folders(output / HANDINS_FOLDER, trusted=output)
    links = {}
    for entry, key in zip(checked, file_keys(checked), strict=True):
        written = write_handin(entry, key, scrape, output)
        feedback = f"{FEEDBACK_FOLDER}/{key}.md"
        write_file(output / feedback, grading.feedback_markdown(entry, _in_group(entry, scrape)), trusted=output)
        links[entry.name] = GroupLinks(written.page, feedback, _missing(written))
    pairs = similar_answers(checked)
    page = summary_html(
        checked, title=f"Exam reports: {scrape.resolve().name}", links=links, appendix=grading.similar_html(pairs)
    )
    write_file(output / "index.html", page, trusted=output)
    write_file(output / "grades.csv", grading.grades_csv(checked, links), trusted=output)
    write_file(output / "findings.csv", formats.csv_text(checked), trusted=output)
    write_file(output / "similar.csv", grading.similar_csv(pairs), trusted=output)
    return [name for name, group in links.items() if group.handin is None], len(pairs)


def _in_group(entry: Checked, scrape: Path) -> str:
    """The report's path as its group knows it: from the group's folder (``reports/README.md``)."""
    from mkdocs_report_plugin.frontends.cli.handins import group_folder

    report = Path(os.path.abspath(entry.result.path or entry.result.display_path))
    return Path(os.path.relpath(report, os.path.abspath(group_folder(report, scrape)))).as_posix()


def _missing(written: WrittenHandin) -> str:
    if written.page is None:
        return written.missing
    if written.images_not_found:
        return (
            "images the hand-in cannot show (no such file in the group's folder, a path from '/' that a browser "
            "reads from the disk's top, a file reached through a symbolic link to a folder or out of the group, "
            f"or past the {MAX_COPIED_BYTES // 2**20} MB copied per group): {', '.join(written.images_not_found)}"
        )
    return ""


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
