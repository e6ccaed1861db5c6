"""Rules a user sets to another level (off, info, warning, error), the same in the API, the CLI and the plugin
(issue 15): an error fails its question, a warning is logged and counted by strict, an info is shown and logged
at INFO level but never counted, off is ignore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.cli import run
from support.projects import good_answer, make_project, mkdocs, valid_report
from support.reportgen import line_of

from mkdocs_report_plugin import UnknownRuleError, check_report, check_text

FENCED = "\n\n```bash\ndocker build -f train.dockerfile .\n```\n"
SHORT_7 = "tag7 only a few words here"


def _passing_with_handin_warnings() -> str:
    """Every question passes; two answers have fenced code the teacher's hand-in shows as run-together text."""
    return valid_report({6: good_answer(6) + FENCED, 9: good_answer(9) + FENCED})


# --- the API ---------------------------------------------------------------------------------


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


def test_cli_severity_agrees_with_the_api_in_text_and_json(tmp_path: Path) -> None:
    text = valid_report({7: SHORT_7, 6: good_answer(6) + FENCED})
    report = make_project(tmp_path, text) / "reports" / "README.md"
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


def test_cli_html_and_summary_take_severity(tmp_path: Path) -> None:
    report = make_project(tmp_path / "group", valid_report({7: SHORT_7})) / "reports" / "README.md"

    status, _, _ = run("html", str(report), "-o", str(tmp_path / "page.html"), "--severity", "words=info")
    page = BeautifulSoup((tmp_path / "page.html").read_text(), "html.parser")
    assert status == 0
    assert "Rules re-levelled: words: info." in page.get_text()
    note = page.find("div", attrs={"data-rule": "words"})
    assert note is not None and "info" in note["class"] and note.get_text().startswith("Info at ")

    status, out, err = run("summary", str(report), "-o", str(tmp_path / "summary.html"), "--severity", "words=warning")
    assert status == 0 and "1 pass every question" in out, err


# --- the plugin --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_strict_passes_with_handin_render_as_info_which_stays_in_the_log_and_on_the_page(tmp_path: Path) -> None:
    report = _passing_with_handin_warnings()
    strict = "      path: reports/README.md\n      strict: true\n      annotate: always\n"
    assert mkdocs(make_project(tmp_path / "without", report, plugin=strict), "build").returncode == 1

    project = make_project(tmp_path / "with", report, plugin=strict + "      severity: {handin-render: info}\n")
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
def test_words_as_warning_in_mkdocs_yml_passes_the_question_with_a_warning_in_the_log(tmp_path: Path) -> None:
    report = valid_report({7: SHORT_7})
    plugin = "      path: reports/README.md\n      severity:\n        words: warning\n"
    built = mkdocs(make_project(tmp_path / "p", report, plugin=plugin), "build")
    assert built.returncode == 0, built.stderr
    assert f"WARNING -  report: reports/README.md:{line_of(report, SHORT_7)}: Question 7: 6 words" in (built.stderr)
    assert "31/31 questions pass" in built.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ("{words: loud}", "'loud' is not a level for the rule 'words': write one of off, info, warning, error."),
        ("{handin-rendr: info}", "there is no rule 'handin-rendr'; did you mean handin-render"),
        ("[words]", "give rule ids and their levels (off, info, warning, error)"),
        (
            "{words: info}\n      ignore: [words]",
            "the rule 'words' is in 'ignore' and in 'severity': keep one of the two.",
        ),
    ],
)
def test_a_bad_setting_in_mkdocs_yml_is_one_config_error(tmp_path: Path, setting: str, says: str) -> None:
    plugin = f"      path: reports/README.md\n      severity: {setting}\n"
    built = mkdocs(make_project(tmp_path / "p", plugin=plugin), "build")
    assert built.returncode == 1 and says in built.stderr and "Traceback" not in built.stderr


@pytest.mark.slow
def test_yaml_off_unquoted_switches_the_rule_off(tmp_path: Path) -> None:
    """YAML reads a bare off as false; the option takes it for off, as the student meant."""
    plugin = "      path: reports/README.md\n      severity: {handin-render: off}\n"
    built = mkdocs(make_project(tmp_path / "p", _passing_with_handin_warnings(), plugin=plugin), "build")
    assert built.returncode == 0 and "WARNING" not in built.stderr, built.stderr
    assert "Ignored rules (not shown or counted): handin-render" in built.stderr
