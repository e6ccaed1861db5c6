"""The command line run in-process, as click runs it, for the tests that read what it prints."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from click.testing import CliRunner

from mkdocs_report_plugin.frontends.cli.main import main

COMMAND = str(Path(sys.executable).with_name("mkdocs-report"))
"""The installed console script, for the tests whose point is the real process (exit status, signals, a pipe)."""


def run(*arguments: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """``mkdocs-report ARGUMENTS`` in ``cwd``: exit status, stdout, stderr. A traceback fails the test."""
    runner = CliRunner()
    previous = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        outcome = runner.invoke(main, list(arguments))
    finally:
        os.chdir(previous)
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.exception
    return outcome.exit_code, outcome.stdout, outcome.stderr
