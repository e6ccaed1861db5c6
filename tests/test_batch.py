"""The teachers' batch run: many hand-ins found from paths, folders and globs, checked on
all cores, one line (or CSV/JSON rows) per report, and no hand-in able to stop the batch."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.reportgen import hand_in, make_report, words

from mkdocs_report_plugin.frontends.cli import batch
from mkdocs_report_plugin.frontends.cli.batch import check_all, collect, names, report_name
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.output.formats import CSV_COLUMNS, csv_rows
from mkdocs_report_plugin.rules import RULES

SHORT_Q14 = words(20)  # 21 words with the image line below it
COMMAND = str(Path(sys.executable).with_name("mkdocs-report"))  # the installed console script


@pytest.fixture
def class_of_three(tmp_path: Path) -> Path:
    """group-1 passes, group-2 has a too-short question 14, group-3 lost its report."""
    hand_in(tmp_path, "group-1")
    hand_in(tmp_path, "group-2", make_report({14: SHORT_Q14 + "\n\n![a](figures/q14_0.png)"}))
    (tmp_path / "group-3" / "reports").mkdir(parents=True)
    return tmp_path


def run(*arguments: str, cwd: Path) -> tuple[int, str]:
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        outcome = CliRunner().invoke(main, list(arguments))
    finally:
        os.chdir(previous)
    return outcome.exit_code, outcome.output


# --- finding the reports -----------------------------------------------------------------


def test_a_quoted_glob_is_expanded_by_us_in_sorted_order(class_of_three: Path) -> None:
    found = collect([str(class_of_three / "*" / "reports" / "README.md")])
    assert [report_name(path) for path in found] == ["group-1", "group-2"]


def test_a_class_folder_means_each_group_folder_missing_reports_included(class_of_three: Path) -> None:
    (class_of_three / ".git").mkdir()
    found = collect([class_of_three])
    assert found == [class_of_three / f"group-{n}" for n in (1, 2, 3)]


def test_a_folder_of_groups_beside_the_groups_is_one_more_row_not_a_switch(class_of_three: Path) -> None:
    """Issue 16: a report one folder deeper used to switch the row-per-group logic off, and groups vanished."""
    (class_of_three / "late").mkdir()
    hand_in(class_of_three / "late", "group-9")
    assert collect([class_of_three]) == [class_of_three / name for name in ("group-1", "group-2", "group-3", "late")]


def test_a_folder_without_reports_folders_means_a_row_per_folder(tmp_path: Path) -> None:
    for name in ("s1", "s2"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_text(make_report(), encoding="utf-8")
    assert collect([tmp_path]) == [tmp_path / "s1", tmp_path / "s2"]
    first = check_all(collect([tmp_path]), jobs=1).__next__().result
    assert first.is_report and [f.rule for f in first.general] == ["report-path"]  # found, and said where it is


def test_a_folder_holding_readme_is_that_report_and_a_report_is_checked_once(class_of_three: Path) -> None:
    reports = class_of_three / "group-1" / "reports"
    assert collect([reports, reports / "README.md", reports]) == [reports / "README.md"]


def test_a_hand_in_root_is_one_group_whose_report_is_found_not_its_project_readme(class_of_three: Path) -> None:
    for group in ("group-1", "group-3"):
        assert collect([class_of_three / group]) == [class_of_three / group]
    first, third = check_all(collect([class_of_three / "group-1", class_of_three / "group-3"]), jobs=1)
    assert first.result.display_path == str(class_of_three / "group-1/reports/README.md") and first.result.ok
    assert (
        third.not_checked == "reports/ is empty, with no README.md in it. The course's scripts read reports/README.md."
    )


def test_a_pattern_matching_nothing_stays_in_the_batch_to_be_reported(tmp_path: Path) -> None:
    assert collect([str(tmp_path / "nobody-*" / "README.md")]) == [tmp_path / "nobody-*" / "README.md"]


def test_names_are_the_folder_above_reports_else_the_parent(tmp_path: Path) -> None:
    assert report_name(tmp_path / "hand-ins/group-12/reports/README.md") == "group-12"
    assert report_name(tmp_path / "hand-ins/group-12/README.md") == "group-12"
    assert report_name(tmp_path / "s123456" / "exam.md") == "s123456"


def test_names_two_groups_share_are_told_apart_by_the_folder_above(tmp_path: Path) -> None:
    first, second = tmp_path / "a/group-1/reports/README.md", tmp_path / "b/group-1/reports/README.md"
    third = tmp_path / "a/group-2/reports/README.md"
    assert names([first, second, third]) == ["a/group-1", "b/group-1", "group-2"]
    same_folder = [tmp_path / "s1/exam.md", tmp_path / "s1/draft.md"]
    assert names(same_folder) == [str(path) for path in same_folder]  # only the path tells these apart


# --- checking ----------------------------------------------------------------------------


def test_parallel_results_come_back_in_order_and_equal_the_serial_ones(tmp_path: Path) -> None:
    paths = [hand_in(tmp_path, f"group-{n:02d}", make_report({14: words(10 * n)})) for n in range(1, 11)]
    serial = [(entry.name, entry.result.passed) for entry in check_all(paths, jobs=1)]
    parallel = [(entry.name, entry.result.passed) for entry in check_all(paths, jobs=2)]
    assert parallel == serial
    assert [name for name, _ in serial] == [f"group-{n:02d}" for n in range(1, 11)]


def test_progress_is_reported_once_per_report(class_of_three: Path) -> None:
    steps: list[int] = []
    list(check_all(collect([class_of_three]), advance=steps.append))
    assert steps == [1, 1, 1]


def test_a_checker_crash_on_one_hand_in_is_its_error_row(class_of_three: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch.check_report

    def crash_on_group_2(path: Path, **options):  # type: ignore[no-untyped-def]
        if "group-2" in str(path):
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, **options)

    monkeypatch.setattr(batch, "check_report", crash_on_group_2)
    first, second, _ = check_all(collect([class_of_three]), jobs=1)
    assert first.result.ok
    assert not second.result.is_report
    assert "the checker failed" in second.result.findings[0].message
    assert "RecursionError" in second.result.findings[0].message
    crash = second.result.findings[0]
    assert (crash.rule, crash.severity) == ("internal-error", RULES["internal-error"].severity)  # as docs/rules.md says
    assert csv_rows(second.name, second.result)[0][CSV_COLUMNS.index("ok")] == "false"  # not checked is never ok


def test_a_worker_that_dies_does_not_stop_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [hand_in(tmp_path, f"group-{n:02d}") for n in range(1, 11)]
    parent, real = os.getpid(), batch.check_report

    def die_in_a_worker_on_group_05(path: Path, **options):  # type: ignore[no-untyped-def]
        if "group-05" in str(path) and os.getpid() != parent:
            os._exit(1)  # what the kernel's out-of-memory killer does to a worker
        return real(path, **options)

    monkeypatch.setattr(batch, "check_report", die_in_a_worker_on_group_05)
    checked = list(check_all(paths, jobs=2))
    assert [entry.name for entry in checked] == [f"group-{n:02d}" for n in range(1, 11)]
    assert all(entry.result.ok for entry in checked)


# --- the command line --------------------------------------------------------------------


def test_several_reports_print_one_line_each_and_the_totals(class_of_three: Path) -> None:
    status, output = run("check", "group-*/reports", cwd=class_of_three)
    assert output.splitlines() == [
        "group-1: 31/31",
        "group-2: 30/31",
        "group-3: not checked: cannot read group-3/reports/README.md: No such file or directory. "
        "Check the path, or pass the folder that holds README.md.",
        "Spec: 02476 (2026), from the shipped specs (matched by the report's prompts)",
        "3 groups: 2 checked, 1 not checked. Checked: 1 pass every question, 1 fail some",
    ]
    assert status == 2


def test_the_summary_page_counts_the_class_as_the_terminal_does(class_of_three: Path) -> None:
    """A teacher reads the totals in the terminal and on the summary page: they must never disagree."""
    totals = run("check", "group-*/reports", cwd=class_of_three)[1].splitlines()[-1]
    outside = class_of_three / "summary.html"  # beside the hand-ins, in none of them
    runner = CliRunner()
    outcome = runner.invoke(main, ["summary", str(class_of_three / "group-*"), "-o", str(outside)])
    assert outcome.exit_code == 0, outcome.output
    assert f'<p class="summary-totals">{totals}.</p>' in outside.read_text(encoding="utf-8")
    assert totals == "3 groups: 2 checked, 1 not checked. Checked: 1 pass every question, 1 fail some"


def test_exit_status_is_1_when_every_report_was_read_but_some_fail(class_of_three: Path) -> None:
    status, output = run("check", "group-1", "group-2", cwd=class_of_three)
    assert status == 1
    assert output.splitlines()[-1] == "2 groups: 2 checked, 0 not checked. Checked: 1 pass every question, 1 fail some"
    assert run("check", "group-1", cwd=class_of_three)[0] == 0


def test_a_single_report_still_prints_its_findings(class_of_three: Path) -> None:
    status, output = run("check", "group-2/reports/README.md", cwd=class_of_three)
    lines = output.splitlines()
    assert status == 1
    assert lines[-1] == "30/31 questions pass"
    assert lines[0].startswith("group-2/reports/README.md:") and "Question 14 fails: 21 words" in lines[0]


def test_csv_has_a_row_per_report_and_question_and_an_error_row(class_of_three: Path) -> None:
    status, output = run("check", "--format", "csv", "group-1", "group-2", "group-3/reports", cwd=class_of_three)
    rows = list(csv.DictReader(io.StringIO(output)))
    assert status == 2
    assert len(rows) == 31 + 31 + 1
    q14 = next(row for row in rows if row["report"] == "group-2" and row["question"] == "14")
    assert (q14["words"], q14["words_range"], q14["images"], q14["images_range"]) == ("21", "200-300", "1", "1-3")
    assert (q14["ok"], q14["rules"]) == ("false", "words")
    assert q14["messages"].startswith("Question 14: 21 words; the range is 200-300.")
    error = rows[-1]
    assert (error["report"], error["question"], error["ok"], error["rules"]) == ("group-3", "", "false", "unreadable")


def test_json_of_several_reports_is_a_list_naming_each(class_of_three: Path) -> None:
    _, output = run("check", "--format", "json", ".", cwd=class_of_three)
    payload = json.loads(output)
    assert [(item["report"], item["passed"], item["total"]) for item in payload] == [
        ("group-1", 31, 31),
        ("group-2", 30, 31),
        ("group-3", 0, 0),
    ]
    assert payload[2]["findings"][0]["rule"] == "no-report"
    assert payload[2]["not_checked"].startswith("reports/ is empty") and payload[0]["not_checked"] is None


@pytest.mark.slow
def test_no_progress_bar_when_stderr_is_not_a_terminal(class_of_three: Path) -> None:
    completed = subprocess.run([COMMAND, "check", "."],
                               cwd=class_of_three, capture_output=True, text=True, check=False)  # fmt: skip
    assert completed.stderr == ""
    assert completed.stdout.splitlines()[:2] == ["group-1: 31/31", "group-2: 30/31"]


@pytest.mark.slow
def test_a_progress_bar_on_a_terminal_goes_to_stderr_only(class_of_three: Path) -> None:
    leader, follower = pty.openpty()
    completed = subprocess.run([COMMAND, "check", "."],
                               cwd=class_of_three, stdout=subprocess.PIPE, stderr=follower, text=True,
                               check=False)  # fmt: skip
    os.close(follower)
    terminal = os.read(leader, 65536).decode()
    os.close(leader)
    assert "Checking reports" in terminal and "100%" in terminal
    assert "Checking" not in completed.stdout
