"""Hardening: whatever a student pastes into the report, the checker answers with findings.

Each test names one kind of bad input a student can produce (Windows editors, copy-paste
from a browser, a merge gone wrong, a deadline) and asserts what the student then sees:
a finding or a message, never a traceback, and every question of the template still
listed once. Bugs found while hardening have a ``test_regression_<what>`` test here.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from reportgen import make_report

from fuzzing import assert_sound
from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.cli import main as cli
from mkdocs_report_plugin.official import official_image_count
from mkdocs_report_plugin.parse import PLACEHOLDER


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


def test_regression_placeholder_regex_quadratic_on_a_line_of_dashes() -> None:
    """A 50,000-dash line took minutes: the placeholder search restarted at every dash."""
    assert run_with_timeout(PLACEHOLDER.search, "-" * 50_000) is None
    assert PLACEHOLDER.search("----- question 15 fill here -----")


# --- regular expressions: no catastrophic backtracking -------------------------------------

ENGINE_MODULES = ("template", "parse", "official", "rules", "engine", "cli", "model", "render", "site_files", "config")
ADVERSARIAL_UNITS = (
    "!", "[", "(", ")", "]", "-", ">", "*", "_", " ", "\t", "`", "#", "<", "\\", "|", "?", "+", "Answer:", "answer ",
    "![", "](", "![a](", "[x]", "<img ", "<img src=", "alt=", "--", "question ", "Question 1 ", "insert ", "upload 1 ",
    "1-", "answer length: 1", "+ 1 to ", "(M1+", "\u00c3", "\u00e2\u20ac", "---\n", "> ",
)  # fmt: skip
LINE_LENGTH = 50_000


def _engine_patterns() -> list[str]:
    import importlib
    import re

    names = []
    for module in ENGINE_MODULES:
        for name, value in vars(importlib.import_module(f"mkdocs_report_plugin.{module}")).items():
            if isinstance(value, re.Pattern):
                names.append(f"{module}.{name}")
    return names


def _run_pattern_on_adversarial_lines(qualified: str) -> int:
    """Every search of one engine pattern over every adversarial line; returns the match count."""
    import importlib

    module, name = qualified.split(".")
    pattern = getattr(importlib.import_module(f"mkdocs_report_plugin.{module}"), name)
    found = 0
    for unit in ADVERSARIAL_UNITS:
        line = (unit * (LINE_LENGTH // len(unit) + 1))[:LINE_LENGTH]
        found += sum(1 for _ in pattern.finditer(line)) + bool(pattern.match(line))
    return found


def test_engine_patterns_are_collected() -> None:
    patterns = _engine_patterns()
    assert "parse.PLACEHOLDER" in patterns and "parse._MARKDOWN_IMAGE" in patterns and len(patterns) >= 15


def test_no_engine_regex_backtracks_catastrophically() -> None:
    """Each regex of the engine, on 50,000-character lines made to trip it, finishes.

    Every pattern runs in its own process with a generous limit: a hang detector for
    exponential backtracking, not a speed test (that is the benchmark's job).
    """
    hung = []
    with multiprocessing.get_context("spawn").Pool() as pool:
        pending = {name: pool.apply_async(_run_pattern_on_adversarial_lines, (name,)) for name in _engine_patterns()}
        for name, job in pending.items():
            try:
                job.get(HANG_SECONDS)
            except multiprocessing.TimeoutError:
                hung.append(name)
        pool.terminate()
    assert not hung, f"these patterns do not finish on adversarial lines: {hung}"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="![]()\nab ", max_size=60))
def test_regression_official_image_regex_quadratic(text: str) -> None:
    """The official checker's image regex took minutes on a long line of '!['; the linear
    count that replaces it finds exactly what that regex finds."""
    assert official_image_count(text) == len(re.findall(r"!\[.*?\]\(.*?\)", text))


def test_regression_official_image_count_on_a_long_line() -> None:
    assert run_with_timeout(official_image_count, "![" * 25_000) == 0
    assert official_image_count("![a](b) ![c](d) `![e](f)`\n![x]\n(y)") == 3
