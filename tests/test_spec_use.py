"""Using a template spec (issue 13): which spec a report is checked against, and where each front-end says so.

The order is the caller's spec, then ``report-spec.yaml`` beside the report, then the shipped spec
whose phrases the prompts match, then the report's own prompts. A spec that cannot be used is one
message naming the file, the line and the key, never a traceback and never skipped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.reportgen import line_of, make_report, prompt, words, write_report
from support.specs import BAD_SPEC, Q14_150_250, write_spec

from mkdocs_report_plugin import SpecError, check_report, check_text
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.model.report import Constraints, Range, Result, Template
from mkdocs_report_plugin.output.standalone import standalone_html
from mkdocs_report_plugin.reading.shipped import shipped_specs
from mkdocs_report_plugin.reading.template import PROMPTS_SOURCE, SHIPPED_SOURCE

WORDS_170 = "tag14 " + words(169)  # fails 2026's 200-300 words, passes 150-250


@pytest.fixture
def report(tmp_path: Path) -> Path:
    """A 2026 report whose question 14 has 170 words, in a group's hand-in."""
    return write_report(tmp_path / "group-1" / "reports", make_report({14: WORDS_170 + "\n\n![run](figures/run.png)"}))


def _q14(result: Result) -> tuple[Range | None, bool]:
    question = result.question(14)
    assert question is not None
    return question.constraints.words, question.ok


def _rules(result: Result, rule: str) -> list[int | None]:
    return [finding.question for finding in result.findings if finding.rule == rule]


def _source(result: Result) -> str:
    assert result.template is not None
    return result.template.source


# --- choosing the spec --------------------------------------------------------------------


def test_without_any_spec_the_shipped_spec_the_prompts_match_applies(report: Path) -> None:
    result = check_report(report)
    assert result.template is not None
    assert (result.template.name, result.template.source) == ("02476 (2026)", SHIPPED_SOURCE)
    assert _q14(result) == (Range(200, 300), False)


def test_a_spec_beside_the_report_is_used_without_configuration(report: Path) -> None:
    write_spec(report.parent / "report-spec.yaml", Q14_150_250)
    result = check_report(report, display_path="reports/README.md")
    assert result.template is not None
    assert result.template.source == "reports/report-spec.yaml (beside the report)"
    assert _q14(result) == (Range(150, 250), True)


def test_the_callers_spec_wins_over_the_one_beside_the_report(report: Path, tmp_path: Path) -> None:
    write_spec(report.parent / "report-spec.yaml", Q14_150_250)
    given = write_spec(tmp_path / "specs" / "mine.yaml", {14: Constraints(words=Range(100, 400))}, name="mine")
    result = check_report(report, spec=given)
    assert result.template is not None and (result.template.name, result.template.source) == ("mine", str(given))
    assert _q14(result) == (Range(100, 400), True)


def test_a_template_given_by_the_caller_keeps_or_gets_a_source(report: Path) -> None:
    spec = Template("2027", 31, {**shipped_specs()["2026"].constraints, **Q14_150_250}, name="02476 (2027)")
    assert _source(check_report(report, spec=spec)) == "given by the caller"
    named = Template("2027", 31, spec.constraints, name="x", source="the course's 2027 spec")
    assert _source(check_report(report, spec=named)) == "the course's 2027 spec"


def test_an_unseen_revision_without_a_spec_is_read_from_its_own_prompts(tmp_path: Path) -> None:
    added = (
        "\n### Question 32\n\n> **A new question.**\n>\n> Recommended answer length: 100-200 words.\n>\n> Answer:\n\n"
    )
    text = make_report() + added + words(150) + "\n"
    result = check_text(text)
    added_question = result.question(32)
    assert _source(result) == PROMPTS_SOURCE and result.total == 32
    assert added_question is not None and added_question.constraints.words == Range(100, 200)
    assert not _rules(result, "template-drift")


def test_check_text_looks_for_the_spec_in_base_dir(report: Path) -> None:
    write_spec(report.parent / "report-spec.yaml", Q14_150_250)
    result = check_text(report.read_text(), report.parent, display_path="reports/README.md")
    assert _q14(result) == (Range(150, 250), True)
    assert _q14(check_text(report.read_text())) == (Range(200, 300), False), "no folder, no spec beside it"


# --- a spec that cannot be used -------------------------------------------------------------


def test_a_bad_spec_given_by_the_caller_raises_one_clear_error(report: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_SPEC)
    with pytest.raises(SpecError, match=rf"^{bad}, line 4: unknown key 'colour'"):
        check_report(report, spec=bad)
    bad.write_bytes(b"spec: 1\nname: \xff\n")
    with pytest.raises(SpecError, match="not UTF-8"):
        check_text("", spec=bad)


def test_a_bad_spec_beside_the_report_is_the_reports_one_finding(report: Path) -> None:
    (report.parent / "report-spec.yaml").write_text(BAD_SPEC)
    result = check_report(report, display_path="reports/README.md")
    assert not result.is_report and not result.ok
    [finding] = result.findings
    assert finding.rule == "unusable-spec"
    assert finding.message.startswith("reports/report-spec.yaml, line 4: unknown key 'colour'")


def test_a_page_that_is_not_the_template_never_reads_the_spec_beside_it(tmp_path: Path) -> None:
    (tmp_path / "report-spec.yaml").write_text(BAD_SPEC)
    assert _rules(check_text("# Setup\n\nInstall it.\n", tmp_path), "unusable-spec") == []


# --- template-drift --------------------------------------------------------------------------


def _edited_q14(text: str) -> str:
    edited = text.replace("200-300 words + 1 to 3 screenshots", "150-250 words + 1 to 3 screenshots")
    assert edited != text
    return edited


def test_a_prompt_with_other_limits_than_the_spec_is_one_warning_naming_both(tmp_path: Path) -> None:
    text = _edited_q14(make_report())
    result = check_text(text)
    [drift] = [finding for finding in result.findings if finding.rule == "template-drift"]
    assert (drift.question, drift.severity, drift.line) == (14, "warning", line_of(text, "150-250 words"))
    assert drift.message.startswith(
        "your copy of the template says 150-250 words and 1-3 images, the 2026 "
        "template says 200-300 words and 1-3 images, and that is what is checked."
    )
    assert "mkdocs-report spec" in drift.message and "restore it" in drift.message
    assert result.ok, "a warning: the verdicts are the spec's"


def test_a_prompt_that_states_no_limit_where_the_spec_has_one_is_drift() -> None:
    """The course dropped the limit (next January's template), or the length line was deleted: either way the copy
    no longer says what is checked."""
    text = make_report().replace("> Recommended answer length: 200-300 words + 1 to 3 screenshots.\n", "")
    [drift] = [finding for finding in check_text(text).findings if finding.rule == "template-drift"]
    assert drift.question == 14 and drift.line == line_of(text, "### Question 14")
    assert "your copy of the template states no limit for it, the 2026 template says 200-300 words" in drift.message


def test_a_question_whose_whole_prompt_was_deleted_is_not_compared() -> None:
    text = re.sub(r"(### Question 14\n\n)(?:>(?! Answer:).*\n)*", r"\1", make_report(), count=1)
    assert "### Question 14\n\n> Answer:" in text
    assert not _rules(check_text(text), "template-drift")


def test_a_question_the_student_set_limits_for_is_not_reported(tmp_path: Path) -> None:
    overrides = {14: Constraints(words=Range(150, 250))}
    assert not _rules(check_text(_edited_q14(make_report()), constraints=overrides), "template-drift")


def test_under_a_given_spec_the_finding_names_that_spec_and_its_source(report: Path, tmp_path: Path) -> None:
    given = write_spec(tmp_path / "2027.yaml", Q14_150_250)
    result = check_report(report, spec=given)
    [drift] = [finding for finding in result.findings if finding.rule == "template-drift"]
    assert drift.question == 14
    assert f"the spec in use (02476 (2027), from {given}) says 150-250 words and 1-3 images" in drift.message
    assert "make it again from the course's current template" in drift.message


def test_a_question_the_spec_lacks_is_drift_not_a_mistyped_number(tmp_path: Path) -> None:
    extra = "\n### Question 32\n\n" + prompt(4) + "\n\n" + words(150) + "\n"
    result = check_text(make_report() + extra, spec=write_spec(tmp_path / "2027.yaml"))
    assert _rules(result, "template-drift") == [32] and _rules(result, "unknown-question") == []
    [drift] = [finding for finding in result.findings if finding.rule == "template-drift"]
    assert "has this question (100-200 words)" in drift.message and "only questions 1-31" in drift.message
    typo = check_text(make_report() + "\n### Question 32\n\n> Answer:\n\nmore\n", spec=write_spec(tmp_path / "b.yaml"))
    assert _rules(typo, "unknown-question") == [None] and not _rules(typo, "template-drift")


# --- the command line ------------------------------------------------------------------------


def _run(*arguments: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, list(arguments))
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.exception
    return outcome.exit_code, outcome.stdout, outcome.stderr


def test_check_spec_names_the_spec_in_the_text_and_the_json(report: Path, tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "2027.yaml", Q14_150_250)
    _, out, _ = _run("check", str(report), "--spec", str(spec))
    assert f"Spec: 02476 (2027), from --spec {spec}" in out.splitlines()
    payload = json.loads(_run("check", str(report), "--spec", str(spec), "--format", "json")[1])
    assert payload["template"] == {"name": "02476 (2027)", "generation": "2027", "source": f"--spec {spec}",
                                   "questions": 31}  # fmt: skip
    assert payload["questions"][13]["constraints"]["words"] == "150-250"


def test_a_bad_spec_is_one_message_and_exit_2(report: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_SPEC)
    for command in (["check", str(report)], ["summary", str(report), "-o", str(tmp_path / "s.html")],
                    ["handin", str(report), "-o", str(tmp_path / "h.html")], ["html", str(report), "-o",
                    str(tmp_path / "r.html")]):  # fmt: skip
        status, out, err = _run(*command, "--spec", str(bad))
        assert (status, out) == (2, ""), command
        assert err.startswith(f"mkdocs-report: {bad}, line 4: unknown key 'colour' (known: ") and err.count("\n") == 1
        assert "questions" in err


def test_a_bad_spec_beside_the_report_stops_check_with_exit_2(report: Path) -> None:
    (report.parent / "report-spec.yaml").write_text("spec: 1\nquestions: [\n")
    status, _, err = _run("check", str(report))
    assert status == 2
    assert "report-spec.yaml, line 3: not valid YAML" in err and "Traceback" not in err


def test_a_teachers_batch_applies_the_spec_to_every_report(report: Path, tmp_path: Path) -> None:
    other = write_report(tmp_path / "group-2" / "reports", make_report({14: WORDS_170 + "\n\n![a](figures/a.png)"}))
    spec = write_spec(tmp_path / "2027.yaml", Q14_150_250)
    payload = json.loads(_run("check", str(report), str(other), "--spec", str(spec), "--format", "json", "-j", "1")[1])
    assert [entry["template"]["source"] for entry in payload] == [f"--spec {spec}"] * 2
    assert [entry["passed"] for entry in payload] == [31, 31]
    page = tmp_path / "summary.html"
    assert _run("summary", str(report), str(other), "--spec", str(spec), "-o", str(page), "-j", "1")[1].endswith(
        "2 groups: 2 checked, 0 not checked. Checked: 2 pass every question, 0 fail some\n"
    )
    assert f"Checked against: 02476 (2027), from --spec {spec} (2 reports)." in page.read_text()
    assert _run("summary", str(report), str(other), "-o", str(page), "-j", "1")[1].endswith(
        "2 groups: 2 checked, 0 not checked. Checked: 0 pass every question, 2 fail some\n"
    )


def test_a_batch_names_the_usual_spec_once_and_a_report_checked_against_another(report: Path, tmp_path: Path) -> None:
    """A group's own spec applies in a batch only when the teacher trusts it (issue 23, tests/test_group_specs.py)."""
    other = write_report(tmp_path / "group-2" / "reports", make_report({14: WORDS_170 + "\n\n![a](figures/a.png)"}))
    write_spec(other.parent / "report-spec.yaml", Q14_150_250, name="lenient")
    third = write_report(tmp_path / "group-3" / "reports", make_report())
    _, out, _ = _run("check", str(report), str(other), str(third), "-j", "1", "--trust-group-specs")
    beside = other.parent / "report-spec.yaml"
    assert out.splitlines()[:4] == [
        "group-1: 30/31",
        f"group-2: 31/31 (spec: lenient, from {beside} (the group's own spec, beside the report)); checked against "
        f"the group's own {beside} (lenient), as the teacher asked: its limits, not the course's, decide this "
        "report's verdicts.",
        "group-3: 31/31",
        f"Spec: 02476 (2026), from {SHIPPED_SOURCE}; 1 other named above",
    ]


def test_handin_takes_the_spec(report: Path, tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "2027.yaml", Q14_150_250)
    status, out, _ = _run("handin", str(report), "--spec", str(spec), "-o", str(tmp_path / "handin.html"))
    assert status == 0 and "as the teacher will read it" in out
    (report.parent / "report-spec.yaml").write_text(BAD_SPEC)
    (tmp_path / "handin.html").unlink()
    status, out, err = _run("handin", str(report), "-o", str(tmp_path / "handin.html"))
    assert (status, out) == (2, "") and "report-spec.yaml, line 4: unknown key 'colour'" in err
    assert not (tmp_path / "handin.html").exists()


# --- the page ----------------------------------------------------------------------------------


def test_the_dashboard_says_which_spec_in_one_line(report: Path, tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    spec = write_spec(tmp_path / "2027.yaml", Q14_150_250)
    page = BeautifulSoup(standalone_html(check_report(report, spec=spec), embed_images=False), "html.parser")
    [line] = page.select(".report-dashboard .report-spec")
    assert line.get_text() == f"Checked against the spec 02476 (2027), from {spec}."


def test_handin_drops_the_header_of_the_spec_in_use(report: Path, tmp_path: Path) -> None:
    """The course's report.py html drops the template's first characters (43 for 02476); a course
    whose checker drops another number says so in its spec, and the hand-in follows it."""
    spec = write_spec(tmp_path / "spec.yaml")  # its checker drops nothing
    assert "header_offset: 0" in spec.read_text(encoding="utf-8")
    status, _, err = _run("handin", str(report), "-o", str(tmp_path / "with-spec.html"), "--spec", str(spec))
    assert status == 0, err
    assert _run("handin", str(report), "-o", str(tmp_path / "shipped.html"))[0] == 0
    title = report.read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    assert title in (tmp_path / "with-spec.html").read_text(encoding="utf-8")  # nothing dropped: the title shows
    assert title not in (tmp_path / "shipped.html").read_text(encoding="utf-8")  # 43 characters dropped, as the course
