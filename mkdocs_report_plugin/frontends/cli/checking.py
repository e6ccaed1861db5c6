"""``mkdocs-report check`` itself, and what the other commands share with it, without click.

``check`` runs on every commit through pre-commit, so its start-up is part of the student's wait: the command line
reads a plain ``check`` itself (``entry.py``) and runs :func:`check_command` here, which imports neither click nor
YAML; everything else goes through click (``main.py``), which runs the same function for ``check``. What this
module prints goes through :func:`echo`, which prints as ``click.echo`` does.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from mkdocs_report_plugin.check.engine import read_spec
from mkdocs_report_plugin.reading.spec_error import SpecError

if TYPE_CHECKING:
    from mkdocs_report_plugin.check.options import CheckOptions
    from mkdocs_report_plugin.model.batch import Checked
    from mkdocs_report_plugin.model.report import Result, Template

EXIT_OK, EXIT_VIOLATIONS, EXIT_UNUSABLE = 0, 1, 2

FORMATS = ("text", "json", "csv", "github")
"""``--format``: text for people, json for scripts, csv for spreadsheets, github for workflow annotations."""

_ANSI_STYLE = re.compile(r"\033\[[0-?]*[ -/]*[@-~]")
"""An ANSI escape sequence (the colours of the text format): what ``click.echo`` leaves out of what is not a terminal."""


class OutsideProject(Exception):
    """A report that is not inside ``--project-dir``: a usage error, which click words and exits 2 on."""


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print as ``click.echo`` does: colours only to a terminal, flushed at once.

    While click runs the command line (every command but a plain ``check``, and its test runner), it prints
    itself: this is ``click.echo`` then."""
    if "click" in sys.modules:
        import click

        click.echo(message, err=err, nl=nl)
        return
    stream = sys.stderr if err else sys.stdout
    text = message + "\n" if nl else message
    if not _is_terminal(stream):
        text = _ANSI_STYLE.sub("", text)
    stream.write(text)
    stream.flush()


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a replaced stream that cannot say is no terminal, as click has it
        return False


def refuse(message: str) -> NoReturn:
    """One line on standard error and exit status 2: an input that cannot be used."""
    echo(f"mkdocs-report: {message}", err=True)
    sys.exit(EXIT_UNUSABLE)


def check_command(
    paths: tuple[str, ...], output_format: str, jobs: int | None, timeout: float, options: CheckOptions
) -> NoReturn:
    """``check``: the reports checked and printed; exit 0 when every question passes, 1 when some do not, 2 when an
    input is not a report or cannot be read. Raises :class:`OutsideProject` before checking anything."""
    from mkdocs_report_plugin.frontends.cli.batch import collect

    reports = collect(paths) if paths else [default_report_path()]
    if options.project_dir is not None:
        _all_inside(reports, options.project_dir)
    checked = check_with_progress(reports, jobs, _as_run_by(options, reports), timeout)
    write_results(checked, output_format)
    sys.exit(exit_status(entry.result for entry in checked))


def _as_run_by(options: CheckOptions, reports: list[Path]) -> CheckOptions:
    """Who runs ``check``, for a ``report-spec.yaml`` beside a report. One report named by its file (or found from
    the current folder, or given by the pre-commit hook) is checked as its author checks it, as the site's build
    does: the spec beside it applies, and the output names it. A run over groups (several reports, a group's
    folder, a scrape) is a teacher's: a group's own spec applies only with --trust-group-specs."""
    if options.spec_beside == "ignore" and len(reports) == 1 and not reports[0].is_dir():
        return dataclasses.replace(options, spec_beside="use")
    return options


def _all_inside(reports: list[Path], project_dir: Path) -> None:
    """--project-dir names the repository of the reports: one that is not in it is a mistake."""
    from mkdocs_report_plugin.reading.repository import inside

    outside = [report for report in reports if not inside(report, project_dir)]
    if outside:
        raise OutsideProject(
            f"{outside[0]} is not inside --project-dir {project_dir}: give the folder that holds the report."
        )


def severity_settings(values: Iterable[str]) -> dict[str, str]:
    """``--severity RULE=LEVEL`` values as ``{rule: level}``, the level as written (``rule_levels`` checks both);
    a ValueError that says what to write for a value that is not ``RULE=LEVEL``."""
    from mkdocs_report_plugin.rules import LEVELS

    written: dict[str, str] = {}
    for setting in values:
        rule_id, equals, level = setting.partition("=")
        if not equals or not rule_id.strip():
            raise ValueError(
                f"'{setting}' is not RULE=LEVEL: write e.g. --severity handin-render=info (levels: {', '.join(LEVELS)})."
            )
        written[rule_id.strip()] = level
    return written


def load_spec_option(path: Path | None) -> Template | None:
    """The ``--spec`` file, loaded once for every report; one message and exit 2 if it cannot be used."""
    if path is None:
        return None
    try:
        spec = read_spec(path, str(path))
    except SpecError as error:
        refuse(str(error))
    return dataclasses.replace(spec, source=f"--spec {path}")


def check_with_progress(
    reports: list[Path], jobs: int | None, options: CheckOptions, timeout: float | None = None
) -> list[Checked]:
    """Check every report (one is checked in this process), with a bar when stderr is a terminal."""
    from mkdocs_report_plugin.frontends.cli.batch import DEFAULT_TIMEOUT, check_all

    limit = DEFAULT_TIMEOUT if timeout is None else timeout
    if len(reports) == 1 or not sys.stderr.isatty():
        return list(check_all(reports, options=options, jobs=jobs, timeout=limit))
    import click  # the bar, for many reports on a terminal

    with click.progressbar(length=len(reports), label="Checking reports", file=sys.stderr) as bar:
        return list(check_all(reports, options=options, jobs=jobs, advance=bar.update, timeout=limit))


def write_results(checked: list[Checked], output_format: str) -> None:
    """A single report's findings line by line; several reports as one line each (text)."""
    from mkdocs_report_plugin.output import formats

    results = [entry.result for entry in checked]
    if output_format == "json":
        echo(formats.json_text(checked))
    elif output_format == "csv":
        echo(formats.csv_text(checked), nl=False)
    elif output_format == "text" and len(checked) > 1:
        _echo_lines(formats.batch_lines(checked))
    else:
        for result in results:
            _echo_lines(formats.findings_lines(result, github=output_format == "github"))
    if output_format == "github" or len(checked) == 1:
        for result in results:
            if not result.is_report:
                echo(f"mkdocs-report: {result.display_path}: {result.findings[0].message}", err=True)


def _echo_lines(lines: list[str]) -> None:
    for line in lines:
        echo(line)


def default_report_path() -> Path:
    """The report the plugin publishes (see ``locate``), named on stderr when it is not ./reports/README.md."""
    from mkdocs_report_plugin.frontends.cli.locate import NotFound, find_report

    try:
        located = find_report(Path.cwd())
    except NotFound as error:
        refuse(str(error))
    if located.reason:
        echo(f"mkdocs-report: checking {located.path} ({located.reason})", err=True)
    return located.path


def exit_status(results: Iterable[Result]) -> int:
    status = EXIT_OK
    for result in results:
        if not result.is_report:
            return EXIT_UNUSABLE
        if not result.ok:
            status = EXIT_VIOLATIONS
    return status
