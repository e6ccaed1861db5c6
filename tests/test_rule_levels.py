"""Rules a user switches off (``ignore``) or sets to another level (``severity``: off, info, warning, error), the
same in the API, the CLI and the plugin (issue 15): an error fails its question, a warning is logged and counted by
strict, an info is shown and logged at INFO level but never counted, off is ignore. And the build log telling a
question that fails from a warning, with ``strict`` counting what the docs say it counts."""

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
STRICT = "      path: reports/README.md\n      strict: true\n"


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


def test_words_set_to_warning_passes_the_question_with_a_visible_warning() -> None:
    text = valid_report({7: SHORT_7})
    assert check_text(text).question(7).status.kind == "fail"

    result = check_text(text, severity={"words": "warning"})

    question = result.question(7)
    assert question.ok and question.status.label == "pass, 1 warning"
    assert [(finding.rule, finding.severity) for finding in question.findings] == [("words", "warning")]
    assert result.ok and result.relevelled == {"words": "warning"}
    assert result.to_dict()["relevelled"] == {"words": "warning"}


def test_info_keeps_the_finding_but_not_as_a_warning_and_off_is_ignore() -> None:
    text = _passing_with_handin_warnings()

    info = check_text(text, severity={"handin-render": "info"})
    assert [finding.severity for finding in info.findings] == ["info", "info"]
    assert info.question(6).status.label == "pass"

    off = check_text(text, severity={"handin-render": "off"})
    assert off.findings == [] and off.ignored == ("handin-render",) and off.relevelled == {}


def test_a_warning_rule_set_to_error_fails_its_question() -> None:
    result = check_text(valid_report({6: good_answer(6) + FENCED}), severity={"handin-render": "error"})
    assert not result.question(6).ok and result.question(6).status.label == "fail: handin-render"


def test_setting_a_rule_to_its_own_level_changes_nothing_and_is_not_announced() -> None:
    text = valid_report({7: SHORT_7})
    assert check_text(text, severity={"words": "ERROR"}).relevelled == {}
    assert not check_text(text, severity={"words": "ERROR"}).question(7).ok


@pytest.mark.parametrize(
    ("ignore", "severity", "says"),
    [
        (("handin-rendr",), {}, "there is no rule 'handin-rendr'; did you mean handin-render"),
        (("no-such-thing",), {}, "there is no rule 'no-such-thing'; `mkdocs-report rules` lists every rule id."),
        (("not-a-report",), {}, "the rule 'not-a-report' cannot be ignored: it says the report could not be checked."),
        ((), {"words": "loud"}, "'loud' is not a level for the rule 'words': write one of off, info, warning, error."),
        ((), {"word": "info"}, "there is no rule 'word'; did you mean words?"),
        ((), {"unreadable": "info"}, "the rule 'unreadable' cannot be set to another level: it says the report could"),
        (("words",), {"words": "info"}, "the rule 'words' is ignored and set to info at once: keep one of the two."),
    ],
)
def test_a_setting_that_cannot_be_used_is_an_error_that_says_what_to_write(
    ignore: tuple[str, ...], severity: dict[str, str], says: str
) -> None:
    with pytest.raises(UnknownRuleError) as raised:
        check_text(valid_report(), ignore=ignore, severity=severity)
    assert says in str(raised.value)


# --- the CLI ---------------------------------------------------------------------------------


@pytest.fixture
def short_7_and_fenced(tmp_path: Path) -> tuple[Path, str]:
    """A report whose question 7 fails on words and whose question 6 has a handin-render warning; and its text."""
    text = valid_report({7: SHORT_7, 6: good_answer(6) + FENCED})
    return make_project(tmp_path, text) / "reports" / "README.md", text


def test_cli_ignore_is_repeatable_and_said_in_text_and_json(short_7_and_fenced: tuple[Path, str]) -> None:
    report, _ = short_7_and_fenced

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


def test_cli_severity_agrees_with_the_api_in_text_and_json(short_7_and_fenced: tuple[Path, str]) -> None:
    report, text = short_7_and_fenced
    levels = {"words": "warning", "handin-render": "info"}
    api = check_report(report, severity=levels)

    status, out, _ = run("check", str(report), "--severity", "words=warning", "--severity", "handin-render=info")
    assert status == 0
    assert f"README.md:{line_of(text, SHORT_7)}: warning: Question 7: 6 words" in out
    assert f"README.md:{line_of(text, '```bash')}: info: Question 6: the hand-in" in out
    assert "Rules re-levelled: handin-render: info, words: warning" in out

    _, out, _ = run("check", str(report), "--severity", "words=warning", "--severity", "handin-render=info",
                    "--format", "json")  # fmt: skip
    checked = json.loads(out)
    assert checked["findings"] == [finding.to_dict() for finding in api.findings]
    assert checked["relevelled"] == {"handin-render": "info", "words": "warning"}

    _, out, _ = run("check", str(report), "--severity", "handin-render=info", "--format", "github")
    assert any(line.startswith("::notice file=") for line in out.splitlines())


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (("--ignore", "word"), "there is no rule 'word'; did you mean words?"),
        (("--severity", "words=loud"), "write one of off, info, warning, error"),
        (("--severity", "words"), "'words' is not RULE=LEVEL: write e.g. --severity handin-render=info"),
        (("--ignore", "words", "--severity", "words=info"), "the rule 'words' is ignored and set to info at once"),
    ],
)
def test_cli_bad_setting_is_a_usage_error(tmp_path: Path, arguments: tuple[str, ...], says: str) -> None:
    report = tmp_path / "README.md"
    report.write_text(valid_report())
    status, _, err = run("check", str(report), *arguments)
    assert status == 2 and says in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("setting", "said", "note_level"),
    [
        (("--ignore", "words"), "Rules ignored (not shown or counted): words.", None),
        (("--severity", "words=info"), "Rules re-levelled: words: info.", "info"),
    ],
    ids=["ignore", "severity"],
)
def test_cli_html_says_which_rules_are_ignored_or_relevelled_and_shows_the_finding_at_its_level(
    tmp_path: Path, setting: tuple[str, str], said: str, note_level: str | None
) -> None:
    report = make_project(tmp_path / "group", valid_report({7: SHORT_7})) / "reports" / "README.md"

    status, _, _ = run("html", str(report), "-o", str(tmp_path / "page.html"), *setting)

    page = BeautifulSoup((tmp_path / "page.html").read_text(), "html.parser")
    assert status == 0
    assert said in page.get_text()
    note = page.find("div", attrs={"data-rule": "words"})
    if note_level is None:  # an ignored rule is not shown
        assert note is None
    else:
        assert note is not None and note_level in note["class"] and note.get_text().startswith("Info at ")


@pytest.mark.parametrize(
    "setting", [("--ignore", "words"), ("--severity", "words=warning")], ids=["ignore", "severity"]
)
def test_cli_summary_takes_the_setting(tmp_path: Path, setting: tuple[str, str]) -> None:
    report = make_project(tmp_path / "group", valid_report({7: SHORT_7})) / "reports" / "README.md"
    status, out, err = run("summary", str(report), "-o", str(tmp_path / "summary.html"), *setting)
    assert status == 0 and "1 pass every question" in out, err


# --- the plugin: the log says what each line is; strict counts it; a rule switched off or set to another level ---
# Real `mkdocs build` runs: what is tested is the log a student reads and the exit status CI sees.


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
def test_strict_fails_on_handin_warnings_of_a_passing_report_and_says_how_to_pass(tmp_path: Path) -> None:
    report = _passing_with_handin_warnings()
    assert check_text(report).ok  # every question passes: only warnings are left

    failing = mkdocs(make_project(tmp_path / "p", report, plugin=STRICT), "build")

    assert failing.returncode == 1
    assert "'strict: true' option fails the build on the 2 report line(s) logged above: 0 that fail, 2 warning(s)" in (
        failing.stderr
    )
    assert "ignore: [rule-id]" in failing.stderr and "severity: {rule-id: info}" in failing.stderr


@pytest.mark.slow
def test_strict_passes_when_the_rule_is_ignored_and_the_page_says_so(tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "p", _passing_with_handin_warnings(), plugin=STRICT + "      ignore: [handin-render]\n"
    )

    passing = mkdocs(project, "build")

    assert passing.returncode == 0, passing.stderr
    assert _warnings(passing.stderr) == []
    assert "reports/README.md: Ignored rules (not shown or counted): handin-render" in passing.stderr
    assert mkdocs(project, "build", "--strict").returncode == 0
    dashboard = BeautifulSoup((project / "site" / "report" / "index.html").read_text(), "html.parser")
    assert "Rules ignored (not shown or counted): handin-render." in dashboard.get_text()


@pytest.mark.slow
def test_strict_passes_with_handin_render_as_info_which_stays_in_the_log_and_on_the_page(tmp_path: Path) -> None:
    report = _passing_with_handin_warnings()
    plugin = STRICT + "      annotate: always\n      severity: {handin-render: info}\n"
    project = make_project(tmp_path / "p", report, plugin=plugin)

    built = mkdocs(project, "build", "--strict")

    assert built.returncode == 0, built.stderr
    assert not [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    fence = line_of(report, "```bash")
    assert f"INFO    -  report: reports/README.md:{fence}: Question 6: the hand-in" in built.stderr
    assert "reports/README.md: Rules re-levelled: handin-render: info" in built.stderr
    page = BeautifulSoup((project / "site" / "report" / "index.html").read_text(), "html.parser")
    notes = page.find_all("div", attrs={"data-rule": "handin-render"})
    assert len(notes) == 2 and all("info" in note["class"] for note in notes)
    assert "Rules re-levelled: handin-render: info." in page.get_text()


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
@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ("ignore: [handin-rendering]", "there is no rule 'handin-rendering'; did you mean handin-render"),
        (
            "severity: {words: loud}",
            "'loud' is not a level for the rule 'words': write one of off, info, warning, error.",
        ),
        ("severity: {handin-rendr: info}", "there is no rule 'handin-rendr'; did you mean handin-render"),
        ("severity: [words]", "give rule ids and their levels (off, info, warning, error)"),
        (
            "severity: {words: info}\n      ignore: [words]",
            "the rule 'words' is in 'ignore' and in 'severity': keep one of the two.",
        ),
    ],
)
def test_a_bad_setting_in_mkdocs_yml_is_one_config_error(tmp_path: Path, setting: str, says: str) -> None:
    plugin = f"      path: reports/README.md\n      {setting}\n"
    built = mkdocs(make_project(tmp_path / "p", plugin=plugin), "build")
    assert built.returncode == 1 and says in built.stderr and "Traceback" not in built.stderr


@pytest.mark.slow
def test_words_as_warning_in_mkdocs_yml_passes_the_question_with_a_warning_in_the_log(tmp_path: Path) -> None:
    report = valid_report({7: SHORT_7})
    plugin = "      path: reports/README.md\n      severity:\n        words: warning\n"
    built = mkdocs(make_project(tmp_path / "p", report, plugin=plugin), "build")
    assert built.returncode == 0, built.stderr
    assert f"WARNING -  report: reports/README.md:{line_of(report, SHORT_7)}: Question 7: 6 words" in (built.stderr)
    assert "31/31 questions pass" in built.stderr


@pytest.mark.slow
def test_yaml_off_unquoted_switches_the_rule_off(tmp_path: Path) -> None:
    """YAML reads a bare off as false; the option takes it for off, as the student meant."""
    plugin = "      path: reports/README.md\n      severity: {handin-render: off}\n"
    built = mkdocs(make_project(tmp_path / "p", _passing_with_handin_warnings(), plugin=plugin), "build")
    assert built.returncode == 0 and "WARNING" not in built.stderr, built.stderr
    assert "Ignored rules (not shown or counted): handin-render" in built.stderr


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
