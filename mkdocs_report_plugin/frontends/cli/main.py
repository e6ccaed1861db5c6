"""The ``mkdocs-report`` command line, read by click: the engine's findings for a terminal, a script or CI.

A plain ``check`` does not come here: ``entry.py`` reads it without click and runs ``checking.py``, which this
module's ``check`` runs too. HTML rendering is imported by the commands that need it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mkdocs_report_plugin.check.engine import check_report, decode, resolve_report_path
from mkdocs_report_plugin.frontends.cli.checking import FORMATS, OutsideProject, check_command
from mkdocs_report_plugin.frontends.cli.fix import fix  # its own module, as grade
from mkdocs_report_plugin.frontends.cli.grade import grade  # its own module, which takes the options from options.py
from mkdocs_report_plugin.frontends.cli.options import (
    EXIT_UNUSABLE,
    UsageError,
    check_options,
    check_with_progress,
    default_report_path,
    load_spec_option,
    refuse,
    spec_option,
    write_or_refuse,
)
from mkdocs_report_plugin.model.batch import BatchTotals
from mkdocs_report_plugin.model.report import Result

if TYPE_CHECKING:
    from mkdocs_report_plugin.check.options import CheckOptions


@click.group(commands=[grade, fix], context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mkdocs-report-plugin")
def main() -> None:
    """Check and render the DTU 02476 MLOps exam report (reports/README.md)."""


# --- check -------------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text",
    show_default=True, help="text for people, json for scripts, csv for spreadsheets, github for workflow annotations.",
)  # fmt: skip
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for many reports [default: every core].")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60, show_default=True, metavar="SECONDS",
              help="Time each of several reports may take; a slower one is 'not checked', the rest go on.")  # fmt: skip
@check_options(project_dir=True, group_specs=True)
def check(paths: tuple[str, ...], output_format: str, jobs: int | None, timeout: float, options: CheckOptions) -> None:
    """Check reports. PATHS are report files, folders holding README.md, folders of
    hand-ins or glob patterns such as 'hand-ins/*/reports/README.md'
    (default: the report plugin's path in mkdocs.yml, mkdocs.yaml or docs/mkdocs.yaml,
    else reports/README.md, here or in a folder above).

    With several reports, text output is one line per report and the totals.

    A report-spec.yaml beside the report gives its limits when one report is checked as its
    author checks it (no PATH, or the report's file or folder); in a run over groups (several
    reports, a group's folder, a scrape) only with --trust-group-specs.

    Exit status: 0 every question passes, 1 some do not, 2 an input is not a report
    or cannot be read.
    """
    try:
        check_command(paths, output_format, jobs, timeout, options)
    except OutsideProject as error:
        raise UsageError(str(error)) from None


# --- html --------------------------------------------------------------------------------


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=Path("report.html"),
              show_default=True, help="Where to write the page.")  # fmt: skip
@check_options()
def html(path: Path | None, output: Path, options: CheckOptions) -> None:
    """Write the report as one self-contained, styled HTML page (images embedded)."""
    from mkdocs_report_plugin.output.standalone import standalone_html
    from mkdocs_report_plugin.reading.handin import NestedTooDeep

    report = resolve_report_path(path or default_report_path())
    if _same_file(output, report):
        refuse(f"{output}: that is the report itself; write the page to another file (-o report.html).")
    result = check_report(report, options=options)
    if not result.is_report:
        click.echo(f"mkdocs-report: {result.display_path}: {result.findings[0].message}", err=True)
        sys.exit(EXIT_UNUSABLE)
    try:
        page = standalone_html(result)
    except NestedTooDeep as error:
        refuse(f"{result.display_path}: {error}")
    write_or_refuse(output, page)
    click.echo(f"{output}: {result.passed}/{result.total} questions pass")


# --- handin ------------------------------------------------------------------------------


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Where to write it [default: report.html next to the report, where report.py html writes it].")  # fmt: skip
@spec_option
def handin(path: Path | None, output: Path | None, spec: Path | None) -> None:
    """Write the hand-in: the report exactly as the teacher will read it.

    After the deadline the course runs its report.py html in each group's reports/
    folder, and the HTML file it writes there is what the teacher grades: the text of
    README.md minus its first characters (the spec's header_offset, 43 for 02476), through Python-Markdown with no extensions.
    This writes the same file, byte for byte (for the same Python-Markdown version).
    Open it in a browser: fenced code, tables and some lists look different there than
    on GitHub, and `mkdocs-report check` says where (rule handin-render).

    PATH is the report, or the folder holding its README.md (default: as for `check`, the
    report the plugin publishes). Like report.py html, any readable UTF-8 file is rendered.
    """
    from mkdocs_report_plugin.output import formats
    from mkdocs_report_plugin.reading.handin import (
        HANDIN_FILE,
        NestedTooDeep,
        handin_html,
        header_offset,
        read_like_the_course,
        write_like_the_course,
    )
    from mkdocs_report_plugin.reading.safe_files import UnsafeWrite

    template = load_spec_option(spec)
    report = resolve_report_path(path or default_report_path())
    target = output or report.parent / HANDIN_FILE
    if _same_file(target, report):
        refuse(f"{target}: that is the report itself; write the hand-in to another file (-o report.html).")
    try:
        text = read_like_the_course(report)
    except UnicodeDecodeError:
        refuse(f"{report}: the file is not valid UTF-8, and report.py html fails on it too. "
                "Save it as UTF-8 (`mkdocs-report check` shows the line).")  # fmt: skip
    except OSError as error:
        refuse(f"cannot read {report}: {error.strerror or type(error).__name__}. Pass the report, or the folder "
                "that holds its README.md.")  # fmt: skip
    result = check_report(report, spec=template)
    unusable = [finding for finding in result.findings if finding.rule == "unusable-spec"]
    if unusable:  # the spec beside the report: as for `check`, one message and exit 2, nothing written
        refuse(f"{result.display_path}: {unusable[0].message}")
    for slow in (finding for finding in result.findings if finding.rule == "render-slow"):
        click.echo(formats.text_line(result.display_path, slow), err=True)
        click.echo("mkdocs-report: writing the hand-in anyway, byte for byte as report.py html makes it, so this takes "
                   "as long as it will for the teacher.", err=True)  # fmt: skip
    try:
        html = handin_html(text, header_offset(result))
    except NestedTooDeep as error:
        refuse(f"{report}: {error} The course's report.py html fails on it too.")
    try:
        write_like_the_course(target, html)
    except UnsafeWrite as error:  # a committed reports/report.html -> ~/.bashrc: its target stays as it was
        refuse(str(error))
    except OSError as error:
        refuse(f"cannot write {target}: {error.strerror or type(error).__name__}.")
    click.echo(f"{target}: {_handin_summary(result)}")


def _handin_summary(result: Result) -> str:
    """What the student should do next with the hand-in just written."""
    if not result.is_report:
        return "written, although this is not the exam template (report.py html renders any file)."
    different = sum(1 for question in result.questions if any(f.rule == "handin-render" for f in question.findings))
    if not different:
        return "the hand-in as the teacher will read it; every answer shows as on GitHub."
    answers = "1 answer shows" if different == 1 else f"{different} answers show"
    return (
        f"the hand-in as the teacher will read it; {answers} differently than on GitHub: "
        "`mkdocs-report check` says where and how to fix it."
    )


def _same_file(output: Path, report: Path) -> bool:
    """Whether writing ``output`` would overwrite ``report``: the same path once links are followed, or the same
    file (a hard link), whether or not the output exists yet."""
    if os.path.realpath(output) == os.path.realpath(report):
        return True
    try:
        return output.samefile(report)
    except OSError:  # either is missing: then they are not one file
        return False


def _never_over_an_input(output: Path, reports: list[Path]) -> None:
    """Refuse an output that is one of the reports, or lies in a group's folder being checked."""
    from mkdocs_report_plugin.frontends.cli.batch import REPORTS_FOLDER
    from mkdocs_report_plugin.reading.repository import inside

    written = Path(os.path.realpath(output))
    for report in reports:
        folder = Path(os.path.realpath(resolve_report_path(report))).parent
        group = folder.parent if folder.name == REPORTS_FOLDER else folder
        if written == Path(os.path.realpath(resolve_report_path(report))) or inside(written, group):
            refuse(
                f"{output} is inside {group}, a hand-in being checked: write the summary outside the hand-ins "
                "(-o summary.html in another folder)."
            )


# --- rules -------------------------------------------------------------------------------


@main.command()
def rules() -> None:
    """Print the rules reference (the source of docs/rules.md)."""
    from mkdocs_report_plugin.output.rules_doc import rules_reference

    click.echo(rules_reference(), nl=False)


# --- summary -----------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=Path("summary.html"),
              show_default=True, help="Where to write the page.")  # fmt: skip
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for many reports [default: every core].")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60, show_default=True, metavar="SECONDS",
              help="Time each of several reports may take; a slower one is 'not checked', the rest go on.")  # fmt: skip
@check_options(group_specs=True)
def summary(paths: tuple[str, ...], output: Path, jobs: int | None, timeout: float, options: CheckOptions) -> None:
    """Write one HTML page for the teacher: every report x every question, coloured by
    status and sortable, each report's template and checklist weeks, a chart per template
    revision of how many reports fail each question, and every message written out.

    PATHS are given as for `check` (files, folders of hand-ins, glob patterns).
    """
    from mkdocs_report_plugin.frontends.cli.batch import collect
    from mkdocs_report_plugin.output.summary import summary_html

    reports = collect(paths)
    _never_over_an_input(output, reports)
    checked = check_with_progress(reports, jobs, options, timeout)
    write_or_refuse(output, summary_html(checked))
    totals = BatchTotals.of(checked)
    click.echo(f"{output}: {totals.sentence()}")


@main.command("spec")
@click.argument("template_path", metavar="TEMPLATE.md", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the spec to this file (default: standard output).")  # fmt: skip
def spec_command(template_path: Path, output: Path | None) -> None:
    """Write the template spec (title, sections, limits per question, checklist) that TEMPLATE.md states."""
    from mkdocs_report_plugin.reading.repository import read_limited
    from mkdocs_report_plugin.reading.spec import spec_to_yaml
    from mkdocs_report_plugin.reading.spec_reader import read_template

    if output is not None and _same_file(output, template_path):
        refuse(f"{output}: that is the template itself; choose another file for the spec, e.g. report-spec.yaml.")
    try:
        data = read_limited(template_path)  # as a report is read: a pipe or a 2 GB file is refused, not read
    except OSError as error:
        refuse(f"cannot read {template_path}: {error.strerror or type(error).__name__}.")
    text, _ = decode(data)
    read = read_template(text, template_path.stem)
    for sentence in read.unread:
        click.echo(f"{template_path}: {sentence}", err=True)
    text = spec_to_yaml(read.template, template_path.stem)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_or_refuse(output, text)
