"""Hardening: whatever a student pastes into the report, the checker answers with findings.

Each test names one kind of bad input a student can produce (Windows editors, copy-paste
from a browser, a merge gone wrong, a deadline) and asserts what the student then sees:
a finding or a message, never a traceback, and every question of the template still
listed once. Bugs found while hardening have a ``test_regression_<what>`` test here.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from reportgen import make_report

from fuzzing import assert_sound
from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.cli import main as cli


HANG_SECONDS = 20
"""Generous: guards against exponential blow-up, not a speed requirement."""


def _rules(text: str | bytes) -> set[str]:
    result = assert_sound(text)
    return {finding.rule for finding in result.findings}


def run_with_timeout(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` in a worker process, failing the test if it never returns."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        pending = pool.apply_async(function, args)
        try:
            return pending.get(HANG_SECONDS)
        except multiprocessing.TimeoutError:
            pool.terminate()
            raise AssertionError(f"{function.__name__} did not return within {HANG_SECONDS} s: it hangs") from None


# --- regressions -------------------------------------------------------------------------


def test_regression_official_abort_unknown_rule_id() -> None:
    """A deleted 'Answer:' makes the official checker abort; saying so crashed with KeyError."""
    report = make_report()
    marker = report.index("> Answer:")
    broken = report[:marker] + ">" + report[marker + len("> Answer:") :]
    result = check_text(broken)
    abort = [f for f in result.findings if "stop without checking any question" in f.message]
    assert len(abort) == 1
    assert abort[0].rule == "official-divergence"
    assert "question 1 has no 'Answer:' line" in abort[0].message


def test_regression_huge_renumbered_question_hangs() -> None:
    """``### Question 99999999999999999999`` (a renumbered heading with its prompt) built a
    template of that many questions and never returned; it is one unknown question now."""
    text = make_report().replace("### Question 9\n", "### Question 99999999999999999999\n")
    result = run_with_timeout(check_text, text)
    assert result.template is not None and result.total == 31
    rules = {finding.rule for finding in result.findings}
    assert {"unknown-question", "missing-question"} <= rules


def test_regression_deeply_nested_quotes_traceback_in_html_command(tmp_path: Path) -> None:
    """A line of 5,000 '>' made ``mkdocs-report html`` print a RecursionError traceback."""
    report = tmp_path / "README.md"
    report.write_text(make_report({5: ">\t" * 5000 + "deep"}), encoding="utf-8")
    outcome = CliRunner().invoke(cli, ["html", str(report), "-o", str(tmp_path / "out.html")])
    assert outcome.exit_code in (0, 2)
    assert "Traceback" not in outcome.output and not isinstance(outcome.exception, RecursionError)
    if outcome.exit_code == 2:
        assert "nested hundreds of levels deep" in outcome.output
