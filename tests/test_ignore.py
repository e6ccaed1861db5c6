"""Rules a user switches off (``ignore``), the same in the API, the CLI and the plugin; and the build log
telling a question that fails from a warning, with ``strict`` counting what the docs say it counts."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.cli import run
from support.course import REPO, shared_file
from support.projects import good_answer, make_project, mkdocs, valid_report
from support.reportgen import line_of

from mkdocs_report_plugin import UnknownRuleError, check_report, check_text

FENCED = "\n\n```bash\ndocker build -f train.dockerfile .\n```\n"
SHORT_7 = "tag7 only a few words here"


def _passing_with_handin_warnings() -> str:
    """Every question passes; two answers have fenced code the teacher's hand-in shows as run-together text."""
    return valid_report({6: good_answer(6) + FENCED, 9: good_answer(9) + FENCED})


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("WARNING")]


# --- the API ---------------------------------------------------------------------------------


def test_an_ignored_rule_leaves_no_finding_and_the_verdict_follows() -> None:
    text = valid_report({7: SHORT_7, 6: good_answer(6) + FENCED})
    before = check_text(text)
    assert {finding.rule for finding in before.findings} == {"words", "handin-render"}
    assert not before.question(7).ok and before.passed == 30

    after = check_text(text, ignore=["words"])

    assert [finding.rule for finding in after.findings] == ["handin-render"]
    assert after.question(7).ok and after.question(7).status.kind == "pass"
    assert after.passed == 31 and after.ignored == ("words",)
    assert after.to_dict()["ignored"] == ["words"]


def test_check_report_ignores_the_same_way(tmp_path: Path) -> None:
    report = make_project(tmp_path, _passing_with_handin_warnings()) / "reports" / "README.md"
    assert len(check_report(report).findings) == 2
    assert check_report(report, ignore=("handin-render",)).findings == []


@pytest.mark.parametrize(
    ("rule_id", "says"),
    [
        ("handin-rendr", "there is no rule 'handin-rendr'; did you mean handin-render"),
        ("no-such-thing", "there is no rule 'no-such-thing'; `mkdocs-report rules` lists every rule id."),
        ("not-a-report", "the rule 'not-a-report' cannot be ignored: it says the report could not be checked."),
    ],
)
def test_an_id_that_cannot_be_ignored_is_an_error_that_says_why(rule_id: str, says: str) -> None:
    with pytest.raises(UnknownRuleError) as raised:
        check_text(valid_report(), ignore=[rule_id])
    assert says in str(raised.value)


# --- the CLI ---------------------------------------------------------------------------------


def test_cli_ignore_is_repeatable_and_said_in_text_and_json(tmp_path: Path) -> None:
    report = make_project(tmp_path, valid_report({7: SHORT_7, 6: good_answer(6) + FENCED})) / "reports" / "README.md"

    status, out, _ = run("check", str(report))
    assert status == 1 and "[words]" in out and "[handin-render]" in out

    status, out, _ = run("check", str(report), "--ignore", "words", "--ignore", "handin-render")
    assert status == 0
    assert "[words]" not in out and "[handin-render]" not in out
    assert "Ignored rules (not shown or counted): handin-render, words" in out
    assert out.splitlines()[-1] == "31/31 questions pass"

    status, out, _ = run("check", str(report), "--ignore", "words", "--format", "json")
    assert status == 0 and json.loads(out)["ignored"] == ["words"]

    _, out, _ = run("check", str(report), "--ignore", "words", "--format", "github")
    assert out.splitlines()[-1].endswith("31/31 questions pass; rules ignored: words")


def test_cli_unknown_rule_is_a_usage_error_naming_close_ids(tmp_path: Path) -> None:
    report = tmp_path / "README.md"
    report.write_text(valid_report())
    status, _, err = run("check", str(report), "--ignore", "word")
    assert status == 2
    assert "there is no rule 'word'; did you mean words?" in err
    assert "Traceback" not in err


def test_cli_html_and_summary_take_ignore(tmp_path: Path) -> None:
    report = make_project(tmp_path / "group", valid_report({7: SHORT_7})) / "reports" / "README.md"

    status, _, _ = run("html", str(report), "-o", str(tmp_path / "page.html"), "--ignore", "words")
    page = BeautifulSoup((tmp_path / "page.html").read_text(), "html.parser")
    assert status == 0
    assert "Rules ignored (not shown or counted): words." in page.get_text()

    status, out, err = run("summary", str(report), "-o", str(tmp_path / "summary.html"), "--ignore", "words")
    assert status == 0 and "1 pass every question" in out, err


# --- the plugin: the log says what each line is; strict counts it; ignore switches a rule off -----------


@pytest.mark.slow
def test_the_log_says_first_whether_a_question_fails_or_it_is_a_warning(tmp_path: Path) -> None:
    report = valid_report({7: SHORT_7, 6: good_answer(6) + FENCED})
    project = make_project(tmp_path / "p", report)

    run_ = mkdocs(project, "build")

    warnings = _warnings(run_.stderr)
    assert run_.returncode == 0, run_.stderr
    assert any(
        f"report: reports/README.md:{line_of(report, SHORT_7)}: Question 7 fails: 6 words" in w for w in warnings
    )
    fence = line_of(report, "```bash")
    assert any(f"report: reports/README.md:{fence}: Question 6: the hand-in" in w for w in warnings)
    assert len(warnings) == 2, warnings


@pytest.mark.slow
def test_strict_fails_on_handin_warnings_of_a_passing_report_and_passes_when_the_rule_is_ignored(
    tmp_path: Path,
) -> None:
    report = _passing_with_handin_warnings()
    assert check_text(report).ok  # every question passes: only warnings are left
    strict = "      path: reports/README.md\n      strict: true\n"

    failing = mkdocs(make_project(tmp_path / "without", report, plugin=strict), "build")
    assert failing.returncode == 1
    assert "'strict: true' option fails the build on the 2 report line(s) logged above: 0 that fail, 2 warning(s)" in (
        failing.stderr
    )
    assert "ignore: [rule-id]" in failing.stderr and "severity: {rule-id: info}" in failing.stderr

    project = make_project(tmp_path / "with", report, plugin=strict + "      ignore: [handin-render]\n")
    passing = mkdocs(project, "build")
    assert passing.returncode == 0, passing.stderr
    assert _warnings(passing.stderr) == []
    assert "reports/README.md: Ignored rules (not shown or counted): handin-render" in passing.stderr
    assert mkdocs(project, "build", "--strict").returncode == 0
    dashboard = BeautifulSoup((project / "site" / "report" / "index.html").read_text(), "html.parser")
    assert "Rules ignored (not shown or counted): handin-render." in dashboard.get_text()


@pytest.mark.slow
def test_mkdocs_strict_mode_on_a_passing_report_says_in_the_log_why_it_stops_and_how_to_pass(tmp_path: Path) -> None:
    report = _passing_with_handin_warnings()
    assert check_text(report).ok
    failing = mkdocs(make_project(tmp_path / "p", report), "build", "--strict")

    assert failing.returncode == 1 and "Aborted with 2 warnings in strict mode" in failing.stdout + failing.stderr
    [said] = [line for line in failing.stderr.splitlines() if "strict mode (--strict" in line]
    assert said.startswith("INFO") and "the report logged 2: 0 that fail a question, 2 warnings a question" in said
    assert "severity: {rule-id: info}" in said and "ignore: [rule-id]" in said and "mkdocs-report check" in said
    assert said in (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")  # the docs show it as it is
    assert "strict mode" not in mkdocs(make_project(tmp_path / "q", report), "build").stderr  # only when it stops


@pytest.mark.slow
def test_an_unknown_rule_in_mkdocs_yml_is_a_config_error_naming_it(tmp_path: Path) -> None:
    plugin = "      path: reports/README.md\n      ignore: [handin-rendering]\n"
    run_ = mkdocs(make_project(tmp_path / "p", plugin=plugin), "build")
    assert run_.returncode == 1
    assert "there is no rule 'handin-rendering'; did you mean handin-render" in run_.stderr
    assert "Traceback" not in run_.stderr


@pytest.mark.slow
def test_a_real_hand_in_passing_every_question_fails_strict_only_on_handin_render_unless_ignored_or_info(
    tmp_path: Path, materialized: Callable[[str], Path]
) -> None:
    """Hand-in 033 passes all 31 questions; its only findings are handin-render warnings."""
    shared_file("handins", "033")
    project = materialized("033")
    report = project / "reports" / "README.md"
    assert check_report(report).ok and {finding.rule for finding in check_report(report).findings} == {"handin-render"}
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")

    def build(extra: str) -> subprocess.CompletedProcess[str]:
        plugin = f"  - report:\n      path: {report}\n      project_dir: {project}\n      strict: true\n{extra}"
        (tmp_path / "mkdocs.yml").write_text(f"site_name: Real\nplugins:\n{plugin}")
        return mkdocs(tmp_path, "build")

    assert build("").returncode == 1
    assert build("      ignore: [handin-render]\n").returncode == 0
    as_info = build("      severity: {handin-render: info}\n")  # still said, at INFO, and not counted
    assert as_info.returncode == 0, as_info.stderr
    infos = [line for line in as_info.stderr.splitlines() if line.startswith("INFO") and ": Question " in line]
    assert infos and len(infos) == len(check_report(report).findings)
