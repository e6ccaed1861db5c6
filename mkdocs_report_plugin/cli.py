"""The ``mkdocs-report`` command: the engine's findings for a terminal, a script or CI.

Start-up time is part of the user experience here (it runs on every commit through
pre-commit), so only the engine is imported on the ``check`` path; HTML rendering is
imported by the commands that need it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from .engine import check_report
from .model import Finding, Result

EXIT_OK, EXIT_VIOLATIONS, EXIT_UNUSABLE = 0, 1, 2
DEFAULT_PATHS = ("reports/README.md", "README.md")


class UsageError(click.UsageError):
    """Bad arguments: exit 2 with one line, as click does."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mkdocs-report-plugin")
def main() -> None:
    """Check and render the DTU 02476 MLOps exam report (reports/README.md)."""


# --- check -------------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
    help="text for people, json for scripts, github for workflow annotations.",
)  # fmt: skip
def check(paths: tuple[Path, ...], output_format: str) -> None:
    """Check reports. PATH is a report file or a folder holding README.md
    (default: reports/README.md, else README.md).

    Exit status: 0 every question passes, 1 some do not, 2 the input is not a report
    or cannot be read.
    """
    results = [check_report(path) for path in (paths or (default_report_path(),))]
    if output_format == "json":
        payload = [result.to_dict() for result in results]
        click.echo(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2))
    else:
        for result in results:
            write_findings(result, output_format)
    for result in results:
        if not result.is_report:
            click.echo(f"mkdocs-report: {result.display_path}: {result.findings[0].message}", err=True)
    sys.exit(exit_status(results))


def default_report_path() -> Path:
    for candidate in DEFAULT_PATHS:
        if Path(candidate).exists():
            return Path(candidate)
    raise UsageError("no report found here: pass the path of the report (for example reports/README.md).")


def exit_status(results: Iterable[Result]) -> int:
    status = EXIT_OK
    for result in results:
        if not result.is_report:
            return EXIT_UNUSABLE
        if not result.ok:
            status = EXIT_VIOLATIONS
    return status


def write_findings(result: Result, output_format: str) -> None:
    if not result.is_report:
        return  # said once on stderr, with exit status 2
    for finding in result.findings:
        if output_format == "github":
            click.echo(github_annotation(result.display_path, finding))
        else:
            click.echo(text_line(result.display_path, finding))
    summary = f"{result.passed}/{result.total} questions pass"
    click.echo(f"::notice title=Report::{result.display_path}: {summary}" if output_format == "github" else summary)


def text_line(path: str, finding: Finding) -> str:
    """``reports/README.md:391: Question 14: 168 words; ...`` (warnings say so)."""
    note = click.style("warning: ", fg="yellow") if finding.severity == "warning" else ""
    where = f"Question {finding.question}: " if finding.question else ""
    return f"{path}:{finding.line}: {where}{note}{finding.message} [{finding.rule}]"


def github_annotation(path: str, finding: Finding) -> str:
    """A workflow command GitHub shows on the line of the pull request's diff."""
    title = f"Question {finding.question}" if finding.question else "Report"
    kind = "error" if finding.severity == "error" else "warning"
    return f"::{kind} file={_escape_property(path)},line={finding.line},title={_escape_property(title)}::{_escape_data(finding.message)}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


# --- html --------------------------------------------------------------------------------


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=Path("report.html"),
              show_default=True, help="Where to write the page.")  # fmt: skip
def html(path: Path | None, output: Path) -> None:
    """Write the report as one self-contained, styled HTML page (images embedded)."""
    from .render import standalone_html

    result = check_report(path or default_report_path())
    if not result.is_report:
        click.echo(f"mkdocs-report: {result.display_path}: {result.findings[0].message}", err=True)
        sys.exit(EXIT_UNUSABLE)
    try:
        output.write_text(standalone_html(result), encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror}.") from None
    click.echo(f"{output}: {result.passed}/{result.total} questions pass")


# --- rules -------------------------------------------------------------------------------


@main.command()
def rules() -> None:
    """Print the rules reference (the source of docs/rules.md)."""
    from .rules_doc import rules_reference

    click.echo(rules_reference(), nl=False)

