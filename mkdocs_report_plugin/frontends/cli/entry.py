"""The ``mkdocs-report`` command: a plain ``check`` read here, any other command line handed to click (``main.py``).

``check`` runs on every commit through pre-commit, in CI and by teachers over a class, so its start is part of the
wait, and importing click (with what it imports) was a tenth of it. A command line such as ``check reports/README.md
--format json`` is read here when every value in it is one click takes as it is, and runs ``checking.check_command``,
which click's ``check`` runs too. Anything else, help, another command, an option or value click would refuse or read
otherwise, ``--project-dir`` (whose refusal click words), shell completion and Windows (where click prints through
the console's own API) goes to click, which reads the whole line again: every message and exit status is click's.
"""

from __future__ import annotations

import codecs
import gc
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mkdocs_report_plugin.check.options import CheckOptions
    from mkdocs_report_plugin.rules import Level

_VALUES = {"--format": "format", "-j": "jobs", "--jobs": "jobs", "--timeout": "timeout", "--spec": "spec",
           "--ignore": "ignore", "--severity": "severity"}  # fmt: skip
"""The options of ``check`` read here, each to what it sets; ``--project-dir`` and ``-h`` go to click."""

_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
"""A number as written plainly; click reads more (signs, spaces, exponents), and those lines go to it."""


@dataclass(frozen=True)
class PlainCheck:
    """A ``check`` command line read without click: what each option says, as click's ``check`` is given it."""

    paths: tuple[str, ...]
    output_format: str
    jobs: int | None
    timeout: float
    spec: Path | None
    levels: dict[str, Level]

    def options(self) -> CheckOptions:
        """The check's options as click's ``check`` builds them (a run over groups applies no group's own spec;
        ``--trust-group-specs`` goes to click)."""
        from mkdocs_report_plugin.check.options import CheckOptions
        from mkdocs_report_plugin.frontends.cli.checking import load_spec_option

        return CheckOptions(spec=load_spec_option(self.spec), levels=self.levels, spec_beside="ignore")


def main() -> None:
    """The console script ``mkdocs-report`` and ``python -m mkdocs_report_plugin``.

    The package's one garbage-collector policy is here: as the command ends, what it made (some 18,000 objects the
    collector tracks: the modules, classes and functions of the imports, which hold one another in cycles) is frozen,
    so that CPython's exit does not collect them one by one; the process's end frees them. That was 9% of a ``check``
    (103 ms against 112 ms of CPU). Holding the collector off while a report is checked or the package is imported,
    as the package did, made no measurable difference any more: in a check, a batch of 100 reports, a site build and
    a ``serve`` rebuild.
    """
    try:
        plain = plain_check(sys.argv[1:])
        if plain is None:
            from mkdocs_report_plugin.frontends.cli.main import main as command_line

            command_line()
        else:
            _run(plain)
    finally:
        gc.freeze()


def _run(plain: PlainCheck) -> None:
    """``check_command``, ended as click ends a command: 'Aborted!' on Ctrl-C, quietly on a closed pipe (``| head``)."""
    from mkdocs_report_plugin.frontends.cli.checking import check_command, echo

    try:
        check_command(plain.paths, plain.output_format, plain.jobs, plain.timeout, plain.options())
    except (KeyboardInterrupt, EOFError):
        echo(err=True)
        echo("Aborted!", err=True)
        sys.exit(1)
    except BrokenPipeError:
        for stream in (sys.stdout, sys.stderr):  # nothing more can be printed, and the exit must not try to
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        sys.exit(1)


def plain_check(arguments: Sequence[str]) -> PlainCheck | None:
    """``arguments`` read as click reads ``check``'s, or None where only click may read them."""
    if not arguments or arguments[0] != "check" or not _printing_as_click_would():
        return None
    paths: list[str] = []
    values: dict[str, list[str]] = {}
    rest = iter(arguments[1:])
    for token in rest:
        if token == "--":
            paths.extend(rest)
        elif token == "-" or not token.startswith("-"):
            paths.append(token)
        else:
            name, equals, value = token.partition("=") if token.startswith("--") else (token[:2], "", token[2:])
            if name not in _VALUES:
                return None
            given = value if equals or value else next(rest, None)
            if given is None or given.startswith("-"):
                return None
            values.setdefault(_VALUES[name], []).append(given)
    return _checked(tuple(paths), values)


def _checked(paths: tuple[str, ...], values: dict[str, list[str]]) -> PlainCheck | None:
    """The options' values as click's types and callbacks would take them, or None where click would not."""
    from mkdocs_report_plugin.frontends.cli.batch import DEFAULT_TIMEOUT
    from mkdocs_report_plugin.frontends.cli.checking import FORMATS, severity_settings
    from mkdocs_report_plugin.rules import rule_settings

    def last(name: str, default: str) -> str:  # a repeated option: click keeps the last
        return values.get(name, [default])[-1]

    output_format, jobs, timeout, spec = last("format", "text"), last("jobs", ""), last("timeout", ""), last("spec", "")
    if output_format not in FORMATS:
        return None
    if "jobs" in values and not (jobs.isdecimal() and jobs.isascii() and int(jobs) >= 1):
        return None
    if "timeout" in values and not (_NUMBER.fullmatch(timeout) and float(timeout) > 0):
        return None
    if "spec" in values and not (os.path.isfile(spec) and os.access(spec, os.R_OK)):
        return None
    try:
        levels = rule_settings(values.get("ignore", []), severity_settings(values.get("severity", [])))
    except ValueError:  # an id no rule has, a level that is not one: click says which
        return None
    return PlainCheck(
        paths,
        output_format,
        int(jobs) if "jobs" in values else None,
        float(timeout) if "timeout" in values else DEFAULT_TIMEOUT,
        Path(spec) if "spec" in values else None,
        levels,
    )


def _printing_as_click_would() -> bool:
    """Whether ``checking.echo`` prints here what ``click.echo`` would: not on Windows (its console API), not to a
    stream click would re-open (ASCII, no encoding), not when a shell asks click to complete a command line."""
    if os.name == "nt" or any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return False
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if not encoding or getattr(stream, "errors", None) is None or _is_ascii(encoding):
            return False
    return True


def _is_ascii(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "ascii"
    except LookupError:
        return False
