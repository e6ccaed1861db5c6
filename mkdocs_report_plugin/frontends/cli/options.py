"""What several commands share: the options of the check (``--spec``, ``--ignore``, ``--severity``,
``--project-dir``, ``--trust-group-specs``) read into one :class:`CheckOptions`, writing a file or refusing with one
line and exit status 2; and, from ``checking.py`` (which imports no click), the report checked when none is named and
checking many reports with a progress bar.

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

from mkdocs_report_plugin.check.options import CheckOptions, SpecBeside
from mkdocs_report_plugin.frontends.cli.checking import (
    EXIT_OK,
    EXIT_UNUSABLE,
    EXIT_VIOLATIONS,
    check_with_progress,
    default_report_path,
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
    "check_options",
    "check_with_progress",
    "default_report_path",
    "load_spec_option",
    "refuse",
    "spec_only_options",
    "spec_option",
    "write_or_refuse",
]


class UsageError(click.UsageError):
    """Bad arguments: exit 2 with one line, as click does."""


spec_option = click.option(
    "--spec", "spec", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, metavar="FILE",
    help="The template spec to check against (YAML, made by `mkdocs-report spec`) [default: report-spec.yaml beside "
    "a report checked as its author's (in a run over groups: see --trust-group-specs), else the shipped spec the "
    "report's prompts match, else the prompts' own limits].",
)  # fmt: skip


trust_group_specs_option = click.option(
    "--trust-group-specs", "trust_group_specs", is_flag=True,
    help="Apply the report-spec.yaml a group committed beside its report. Without it a run over groups' reports "
    "checks each against --spec, else the shipped spec its prompts match: a group's own file must not set the "
    "limits it is graded by. Either way, each group where one lies says so.",
)  # fmt: skip


def rule_ids(_context: click.Context, _parameter: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """``--ignore``'s rule ids (``fix``'s ``--select`` too), each one a rule that can be set, or what to write."""
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


def check_options(
    *, project_dir: bool = False, group_specs: bool = False
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``--spec FILE``, ``--ignore RULE`` and ``--severity RULE=LEVEL`` (both repeatable), ``--project-dir DIR`` and
    ``--trust-group-specs`` where the command offers them, given to the command as one :class:`CheckOptions`
    (``options``): the value the engine takes, built once for every report the command checks. A command that offers
    ``--trust-group-specs`` runs over groups' reports: a group's own ``report-spec.yaml`` is then not applied unless
    the teacher trusts it. A new option of the check is one more ``click.option`` here, read into its field."""

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(command)
        def with_options(
            *args: Any, spec: Path | None, ignore: tuple[str, ...], severity: dict[str, str], **kwargs: Any
        ) -> None:
            try:
                levels = rule_settings(ignore, severity)
            except UnknownRuleError as error:
                raise click.UsageError(str(error)) from None
            beside: SpecBeside = "use"
            if group_specs:
                beside = "trust" if kwargs.pop("trust_group_specs") else "ignore"
            chosen = CheckOptions(
                spec=load_spec_option(spec),
                levels=levels,
                project_dir=kwargs.pop("project_dir", None),
                spec_beside=beside,
            )
            command(*args, options=chosen, **kwargs)

        decorated = spec_option(_ignore_option(_severity_option(with_options)))
        decorated = trust_group_specs_option(decorated) if group_specs else decorated
        return _project_dir_option(decorated) if project_dir else decorated

    return decorate


_ignore_option = click.option(
    "--ignore", "ignore", multiple=True, metavar="RULE", callback=rule_ids,
    help="Switch a rule off (repeatable): its findings are not shown or counted, e.g. --ignore handin-render.",
)  # fmt: skip
_severity_option = click.option(
    "--severity", "severity", multiple=True, metavar="RULE=LEVEL", callback=_levels,
    help=f"Set a rule to another level (repeatable; {', '.join(LEVELS)}): error fails the question, warning is "
    "reported, info is only shown; e.g. --severity handin-render=info.",
)  # fmt: skip
_project_dir_option = click.option(
    "--project-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
    help="The repository's top folder, where links and images are looked up "
    "[default: the git work tree that holds the report].",
)  # fmt: skip


def spec_only_options(path: Path | None) -> CheckOptions:
    """The check's options of a command that offers only ``--spec`` (``fix``, whose ``--ignore`` chooses fixes)."""
    return CheckOptions(spec=load_spec_option(path))


def write_or_refuse(path: Path, content: str | bytes, *, trusted: Path | None = None) -> None:
    """Write ``path`` through :func:`~.safe_files.write_file` (never through a symbolic link, whole or not at
    all); a refusal, or a disk that says no, is one line and exit 2."""
    from mkdocs_report_plugin.reading.safe_files import UnsafeWrite, write_file

    try:
        write_file(path, content, trusted=trusted)
    except UnsafeWrite as error:
        refuse(str(error))
    except OSError as error:
        refuse(f"cannot write {path}: {error.strerror or type(error).__name__}.")
