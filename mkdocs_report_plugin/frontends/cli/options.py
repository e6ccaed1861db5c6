"""What several commands share: the ``--spec``, ``--ignore`` and ``--severity`` options, and, from ``checking.py``
(which imports no click), checking many reports with a progress bar and refusing with one line and exit status 2.

``--ignore`` and ``--severity`` are checked while the command line is parsed, before any report is read: an id
that names no rule, or a level that is not one, is a usage error (exit 2) that says what to write.

Kept apart from ``main.py`` so that a command in its own module (``grade.py``) takes the same options
as ``check`` without importing the command group that registers it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mkdocs_report_plugin.frontends.cli.checking import (
    EXIT_OK,
    EXIT_UNUSABLE,
    EXIT_VIOLATIONS,
    check_with_progress,
    load_spec_option,
    refuse,
    severity_settings,
)
from mkdocs_report_plugin.rules import LEVELS, UnknownRuleError, ignorable_rules, rule_levels, rule_settings

__all__ = [
    "EXIT_OK",
    "EXIT_UNUSABLE",
    "EXIT_VIOLATIONS",
    "UsageError",
    "check_with_progress",
    "load_spec_option",
    "refuse",
    "rule_options",
    "spec_option",
]


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
    try:
        written = severity_settings(value)
        rule_levels(written)
    except ValueError as error:  # UnknownRuleError is one
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
