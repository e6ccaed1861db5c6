"""``mkdocs-report fix``: the safe fixes made in the report itself, or shown as a diff (``--diff``).

The fixes are worked out by ``check/fix.py``; this command chooses them (``--select``, ``--ignore``,
``--unsafe-fixes``), writes the file through ``reading/safe_files.py`` (whole or not at all, never through a
symbolic link) or prints the diff, and says what it did. Exit status, for pre-commit and CI: 0 nothing to fix,
1 the report was fixed (with ``--diff``: would be), 2 a report could not be read or written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mkdocs_report_plugin.check.engine import resolve_report_path
from mkdocs_report_plugin.check.fix import Choice, Outcome, fix_report
from mkdocs_report_plugin.frontends.cli.options import (
    EXIT_OK,
    EXIT_UNUSABLE,
    EXIT_VIOLATIONS,
    default_report_path,
    rule_ids,
    spec_only_options,
    spec_option,
)
from mkdocs_report_plugin.rules import RULES

if TYPE_CHECKING:
    from mkdocs_report_plugin.check.options import CheckOptions


def _rules(context: click.Context, parameter: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """``--select``/``--ignore`` ids, checked as ``check --ignore`` checks them; a selected rule must have a fix."""
    rule_ids(context, parameter, value)
    unfixable = [rule_id for rule_id in value if RULES[rule_id].autofix is None]
    if parameter.name == "select" and unfixable:
        raise click.BadParameter(
            f"the rule '{unfixable[0]}' has no fix: `mkdocs-report rules` shows which rules `mkdocs-report fix` fixes."
        )
    return value


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--diff", is_flag=True, help="Print what would change as a unified diff, and change nothing.")
@click.option("--select", "select", multiple=True, metavar="RULE", callback=_rules,
              help="Fix only this rule's findings (repeatable), e.g. --select handin-render.")  # fmt: skip
@click.option("--ignore", "ignore", multiple=True, metavar="RULE", callback=_rules,
              help="Leave this rule's findings as they are (repeatable), e.g. --ignore placeholder-dashes.")  # fmt: skip
@click.option("--unsafe-fixes", "unsafe", is_flag=True,
              help="Make the unsafe fixes too: those that change more than the finding asks (the message says what).")  # fmt: skip
@spec_option
def fix(
    paths: tuple[Path, ...], diff: bool, select: tuple[str, ...], ignore: tuple[str, ...], unsafe: bool,
    spec: Path | None,
) -> None:  # fmt: skip
    """Fix the report's findings that have a safe fix, in the file itself: fenced code and lists
    the hand-in shows otherwise, an image between backticks, a link meant as an image, the
    case of an image's path, a leftover placeholder and its dashes, a file not saved as UTF-8.
    Nothing you wrote is removed; `mkdocs-report rules` says which rules have a fix.

    PATHS are report files or the folders holding their README.md (default: as for `check`).

    Exit status: 0 nothing to fix, 1 fixed (with --diff: something would be), 2 a report
    could not be read or written.
    """
    options = spec_only_options(spec)
    choice = Choice(frozenset(select), frozenset(ignore), unsafe)
    statuses = [_fix_one(resolve_report_path(path), choice, options, diff=diff)
                for path in (paths or (default_report_path(),))]  # fmt: skip
    sys.exit(max(statuses))


def _fix_one(path: Path, choice: Choice, options: CheckOptions, *, diff: bool) -> int:
    """Fix one report (or show the diff); its exit status."""
    from mkdocs_report_plugin.output import formats

    shown = str(path)
    try:
        outcome = fix_report(path, choice, options=options, display_path=shown)
    except OSError as error:
        return _unusable(f"cannot read {shown}: {error.strerror or type(error).__name__}. Pass the report, or the "
                         "folder that holds its README.md.")  # fmt: skip
    if outcome.refused:
        return _unusable(f"{shown}: {outcome.refused}")
    if diff:
        click.echo(formats.fix_diff(outcome, shown), nl=False)
    elif outcome.changed and (refusal := _write(outcome)):
        return _unusable(refusal)
    for line in formats.fixed_lines(outcome, shown, would=diff):
        click.echo(line, err=diff)
    return EXIT_VIOLATIONS if outcome.changed else EXIT_OK


def _write(outcome: Outcome) -> str:
    """Write the fixed report over the old, whole or not at all, never through a symbolic link; why not, if not."""
    from mkdocs_report_plugin.reading.safe_files import UnsafeWrite, write_file

    try:
        write_file(outcome.path, outcome.fixed)
    except UnsafeWrite:
        return (f"{outcome.path} is a symbolic link: `mkdocs-report fix` never writes through one, and changed "
                "nothing. Fix the file it points to instead.")  # fmt: skip
    except OSError as error:
        return f"cannot write {outcome.path}: {error.strerror or type(error).__name__}; nothing was changed."
    return ""


def _unusable(message: str) -> int:
    click.echo(f"mkdocs-report: {message}", err=True)
    return EXIT_UNUSABLE
