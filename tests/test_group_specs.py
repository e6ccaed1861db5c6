"""A ``report-spec.yaml`` a group committed beside its report, in a teacher's run (issue 23).

``grade``, ``summary`` and ``check`` over groups check each report against the teacher's spec (``--spec``, else
the shipped spec its prompts match): a group's relaxed spec, named like the course's, used to raise its score and
look the same in every output. It applies only with ``--trust-group-specs``, and every output says where one lies,
applied or not. The student's own check (the site's build, ``check`` of their report) still uses it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.reportgen import make_report, words, write_report
from support.specs import Q14_150_250, write_spec

from mkdocs_report_plugin import check_report
from mkdocs_report_plugin.frontends.cli.main import main

SHORT_14 = "tag14 " + words(169) + "\n\n![run](figures/run.png)"
"""170 words: fails the course's 200-300, passes the group's relaxed 150-250."""
NOT_APPLIED = "group-2/reports/report-spec.yaml, a template spec the group committed, was not applied"


@pytest.fixture
def scrape(tmp_path: Path) -> Path:
    """Two groups with the same short answer to question 14; group-2 committed a relaxed spec named like the
    course's own."""
    for group in ("group-1", "group-2"):
        write_report(tmp_path / "scrape" / group / "reports", make_report({14: SHORT_14}))
    write_spec(tmp_path / "scrape" / "group-2" / "reports" / "report-spec.yaml", Q14_150_250, name="02476 (2026)")
    return tmp_path / "scrape"


def _run(*arguments: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, [*arguments, "-j", "1"] if arguments[0] != "html" else list(arguments))
    return outcome.exit_code, outcome.stdout, outcome.stderr


def _grades(output: Path) -> dict[str, dict[str, str]]:
    return {row["group"]: row for row in csv.DictReader(io.StringIO((output / "grades.csv").read_text("utf-8")))}


def test_grade_checks_a_group_against_the_courses_spec_and_every_output_says_its_own_was_not_applied(
    scrape: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out"
    assert _run("grade", str(scrape), "-o", str(output))[0] == 0
    rows = _grades(output)
    assert rows["group-2"]["q14_status"] == rows["group-1"]["q14_status"] == "fail"
    assert rows["group-2"]["template"] == "02476 (2026); the group's report-spec.yaml not applied"
    assert rows["group-1"]["template"] == "02476 (2026)"
    index = (output / "index.html").read_text(encoding="utf-8")
    assert index.count("the group&#x27;s report-spec.yaml not applied</div>") == 1 and NOT_APPLIED in index
    findings = list(csv.DictReader(io.StringIO((output / "findings.csv").read_text("utf-8"))))
    assert [row["report"] for row in findings if "group-spec" in row["rules"]] == ["group-2"]
    feedback = (output / "feedback" / "group-2.md").read_text(encoding="utf-8")
    assert "02476 (2026); the group's report-spec.yaml not applied" in feedback


def test_trusted_the_groups_spec_applies_and_every_output_says_so(scrape: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    assert _run("grade", str(scrape), "-o", str(output), "--trust-group-specs")[0] == 0
    row = _grades(output)["group-2"]
    assert row["q14_status"] == "warn"  # passes; template-drift: its prompt says 200-300
    assert row["template"] == "02476 (2026); checked against the group's own report-spec.yaml"
    assert "checked against the group&#x27;s own report-spec.yaml</div>" in (output / "index.html").read_text()
    status, out, _ = _run("check", str(scrape), "--trust-group-specs")
    assert status == 1  # group-1 still fails question 14
    line = next(line for line in out.splitlines() if line.startswith("group-2:"))
    assert "31/31" in line and "(the group's own spec, beside the report)" in line and "as the teacher asked" in line


def test_check_over_groups_does_not_apply_a_groups_spec_and_says_it_is_there(scrape: Path) -> None:
    _, out, _ = _run("check", str(scrape))
    assert out.splitlines()[0] == "group-1: 30/31"
    assert out.splitlines()[1].startswith("group-2: 30/31; ") and out.splitlines()[1].endswith(
        f"{NOT_APPLIED}: this report is checked against 02476 (2026), from the shipped specs (matched by the "
        "report's prompts)."
    )
    _, out, _ = _run("check", str(scrape / "group-2"), "--format", "json")  # one group, named by its folder
    payload = json.loads(out)
    assert payload["passed"] == 30 and any(finding["rule"] == "group-spec" for finding in payload["findings"])
    _, out, _ = _run("check", str(scrape), "--format", "csv")
    assert any(NOT_APPLIED in row["messages"] for row in csv.DictReader(io.StringIO(out)) if row["report"] == "group-2")


def test_summary_does_not_apply_a_groups_spec_and_its_row_says_so(scrape: Path, tmp_path: Path) -> None:
    page = tmp_path / "summary.html"
    _, out, _ = _run("summary", str(scrape), "-o", str(page))
    assert out.endswith("Checked: 0 pass every question, 2 fail some\n")
    assert "the group&#x27;s report-spec.yaml not applied</div>" in page.read_text(encoding="utf-8")


def test_a_broken_group_spec_does_not_stop_the_teachers_run(scrape: Path) -> None:
    """Not applied, it is not read: the group is checked against the course's spec, and told its file is there."""
    (scrape / "group-2" / "reports" / "report-spec.yaml").write_text("spec: 1\nquestions: [\n")
    status, out, _ = _run("check", str(scrape))
    assert status == 1 and "group-2: 30/31; " in out and NOT_APPLIED in out


def test_the_students_own_check_of_their_report_still_uses_it(scrape: Path) -> None:
    report = scrape / "group-2" / "reports" / "README.md"
    for path in (report, report.parent):
        status, out, _ = _run("check", str(path))
        assert status == 0 and "Spec: 02476 (2026), from " in out and "report-spec.yaml (beside the report)" in out
    assert check_report(report).passed == 31  # the library and the site's build, as before


def test_the_engine_takes_the_choice_as_a_keyword(scrape: Path) -> None:
    report = scrape / "group-2" / "reports" / "README.md"
    ignored = check_report(report, spec_beside="ignore")
    trusted = check_report(report, spec_beside="trust")
    assert (ignored.passed, trusted.passed) == (30, 31)
    assert [finding.rule for finding in ignored.general] == ["group-spec"]
    assert "as the teacher asked" in next(f.message for f in trusted.general if f.rule == "group-spec")
    assert check_report(scrape / "group-1" / "reports" / "README.md", spec_beside="ignore").general == []


def test_a_trusted_group_spec_that_is_a_link_is_not_applied(scrape: Path, tmp_path: Path) -> None:
    relaxed = tmp_path / "elsewhere.yaml"
    (scrape / "group-2" / "reports" / "report-spec.yaml").rename(relaxed)
    (scrape / "group-2" / "reports" / "report-spec.yaml").symlink_to(relaxed)
    result = check_report(scrape / "group-2" / "reports" / "README.md", spec_beside="trust")
    assert result.passed == 30 and NOT_APPLIED in result.general[0].message
