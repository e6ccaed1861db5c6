"""What several commands share: the ``--spec``, ``--ignore`` and ``--severity`` options, checking many
reports with a progress bar, and refusing with one line and exit status 2.

``--ignore`` and ``--severity`` are checked while the command line is parsed, before any report is read: an id
that names no rule, or a level that is not one, is a usage error (exit 2) that says what to write.

Kept apart from ``main.py`` so that a command in its own module (``grade.py``) takes the same options
as ``check`` without importing the command group that registers it.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from mkdocs_report_plugin.check.engine import read_spec
from mkdocs_report_plugin.reading.spec_error import SpecError
from mkdocs_report_plugin.rules import LEVELS, Level, UnknownRuleError, ignorable_rules, rule_levels, rule_settings

if TYPE_CHECKING:
    from mkdocs_report_plugin.model.batch import Checked
    from mkdocs_report_plugin.model.report import Template

EXIT_OK, EXIT_VIOLATIONS, EXIT_UNUSABLE = 0, 1, 2


class UsageError(click.UsageError):
    """Bad arguments: exit 2 with one line, as click does."""


spec_option = click.option(
    "--spec", "spec", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, metavar="FILE",
    help="The template spec to check against (YAML, made by `mkdocs-report spec`) [default: report-spec.yaml beside "
    "the report, else the shipped spec the report's prompts match, else the prompts' own limits].",
)  # fmt: skip


def _ignored(_context: click.Context, _parameter: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    try:
        ignorable_rules(value)
    except UnknownRuleError as error:
        raise click.BadParameter(str(error)) from None
    return value


def _levels(_context: click.Context, _parameter: click.Parameter, value: tuple[str, ...]) -> dict[str, str]:
    written: dict[str, str] = {}
    for setting in value:
        rule_id, equals, level = setting.partition("=")
        if not equals or not rule_id.strip():
            raise click.BadParameter(
                f"'{setting}' is not RULE=LEVEL: write e.g. --severity handin-render=info (levels: {', '.join(LEVELS)})."
            )
        written[rule_id.strip()] = level
    try:
        rule_levels(written)
    except UnknownRuleError as error:
        raise click.BadParameter(str(error)) from None
    return written


def rule_options(command: Callable[..., None]) -> Callable[..., None]:
    """``--ignore RULE`` and ``--severity RULE=LEVEL`` (both repeatable), given to ``command`` as one ``levels``
    mapping (an ignored rule is ``off``), the form ``check_report(severity=...)`` takes."""

    @functools.wraps(command)
    def with_levels(*args: Any, ignore: tuple[str, ...], severity: dict[str, str], **kwargs: Any) -> None:
        try:
            levels = rule_settings(ignore, severity)
        except UnknownRuleError as error:
            raise click.UsageError(str(error)) from None
        command(*args, levels=levels, **kwargs)

    ignore_option = click.option(
        "--ignore", "ignore", multiple=True, metavar="RULE", callback=_ignored,
        help="Switch a rule off (repeatable): its findings are not shown or counted, e.g. --ignore handin-render.",
    )  # fmt: skip
    severity_option = click.option(
        "--severity", "severity", multiple=True, metavar="RULE=LEVEL", callback=_levels,
        help=f"Set a rule to another level (repeatable; {', '.join(LEVELS)}): error fails the question, warning is "
        "reported, info is only shown; e.g. --severity handin-render=info.",
    )  # fmt: skip
    return ignore_option(severity_option(with_levels))


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
    reports: list[Path],
    jobs: int | None,
    project_dir: Path | None = None,
    timeout: float | None = None,
    spec: Template | None = None,
    levels: Mapping[str, Level] | None = None,
) -> list[Checked]:
    """Check every report (one is checked in this process), with a bar when stderr is a terminal."""
    from mkdocs_report_plugin.frontends.cli.batch import DEFAULT_TIMEOUT, check_all

    limit = DEFAULT_TIMEOUT if timeout is None else timeout
    if len(reports) == 1 or not sys.stderr.isatty():
        return list(check_all(reports, jobs=jobs, project_dir=project_dir, timeout=limit, spec=spec, levels=levels))
    with click.progressbar(length=len(reports), label="Checking reports", file=sys.stderr) as bar:
        return list(check_all(reports, jobs=jobs, advance=bar.update, project_dir=project_dir, timeout=limit,
                              spec=spec, levels=levels))  # fmt: skip


def refuse(message: str) -> NoReturn:
    click.echo(f"mkdocs-report: {message}", err=True)
    sys.exit(EXIT_UNUSABLE)
