"""Issue 16: the course's scrape, one folder per group, checked as a teacher does after the deadline.

Every folder is exactly one row in the text, the CSV, the JSON and the summary page, whatever it
holds; a group that was not checked says why; a report the course's scripts cannot read (not UTF-8,
the checker's abort on the answer count, a path they do not read) is an error for that group.
The real hand-ins of ``../shared/handins`` are laid out as the scrape, with a folder beside them for
each bad input a teacher meets.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from support.course import shared_file
from support.handins import HANDINS, load, materialize
from support.reportgen import make_report

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.output.formats import CSV_COLUMNS
from mkdocs_report_plugin.reading.official import read

APPENDIX = "\n### Appendix\n\nThe training curves, once more.\n"
NOT_CHECKED = {
    "empty": "the folder is empty",
    "empty-reports": "reports/ is empty",
    "notes-only": "none of its 2 files (notes.txt, todo.md) is the exam template",
    "zipped": "no report, but an archive (reports.zip)",
}
COURSE_CANNOT_READ = {
    "latin-1": ("checker-stops", "not UTF-8 (the first byte that is not UTF-8 is on line"),
    "utf-16": ("checker-stops", "saved as UTF-16"),
    "appendix": ("checker-stops", "find 32 answers instead of 31 and stop"),
    "report-folder": ("report-path", "the report is report/README.md"),
    "lowercase": ("report-path", "the report is reports/readme.md"),
    "nested-a": ("report-path", "the report is project/reports/README.md"),
    "nested-b": ("report-path", "the report is project/reports/README.md"),
}


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


def _bad_inputs(scrape: Path) -> None:
    """A folder for each way a group hands in what the course's scripts cannot read, or nothing."""
    report, accented = make_report(), make_report({5: "We tried a caf\u00e9 of models " * 20})
    (scrape / "empty").mkdir()
    (scrape / "empty-reports" / "reports").mkdir(parents=True)
    _write(scrape / "notes-only" / "notes.txt", "ask the TA about the cloud credits\n")
    _write(scrape / "notes-only" / "todo.md", "# Todo\n\n- write the report\n")
    (scrape / "zipped").mkdir()
    with zipfile.ZipFile(scrape / "zipped" / "reports.zip", "w") as archive:
        archive.writestr("reports/README.md", report)
    _write(scrape / "latin-1" / "reports" / "README.md", accented.encode("latin-1"))
    _write(scrape / "utf-16" / "reports" / "README.md", accented.encode("utf-16"))
    _write(scrape / "two-reports" / "reports" / "README.md", report)
    _write(scrape / "two-reports" / "report" / "README.md", make_report({14: "an older draft"}))
    _write(scrape / "report-folder" / "report" / "README.md", report)
    _write(scrape / "lowercase" / "reports" / "readme.md", report)
    for name in ("nested-a", "nested-b"):  # the same inner folder: the rows still carry the groups' names
        _write(scrape / name / "project" / "reports" / "README.md", report)
        _write(scrape / name / "README.md", "# Our project\n")
    _write(scrape / "appendix" / "reports" / "README.md", report + APPENDIX)


@pytest.fixture(scope="module")
def scrape(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 30 real hand-ins laid out as the course's scrape, and the bad inputs beside them."""
    folder = tmp_path_factory.mktemp("class") / "scrape"
    if not HANDINS.is_dir():
        pytest.skip(f"real hand-ins not found at {HANDINS} (../shared sits beside the checkout in CI)")
    for source in sorted(HANDINS.glob("*/SOURCE")):
        materialize(load(source.parent.name), folder / source.parent.name, git=False)
    _bad_inputs(folder)
    return folder


def _groups(scrape: Path) -> list[str]:
    return sorted(child.name for child in scrape.iterdir() if child.is_dir())


def _run(*arguments: str, cwd: Path) -> tuple[int, str]:
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        outcome = CliRunner().invoke(main, [*arguments, "-j", "1"])
    finally:
        os.chdir(previous)
    return outcome.exit_code, outcome.output


@pytest.fixture(scope="module")
def text_lines(scrape: Path) -> list[str]:
    status, output = _run("check", str(scrape), cwd=scrape.parent)
    assert status == 2  # some groups were not checked
    return output.splitlines()


@pytest.fixture(scope="module")
def csv_rows(scrape: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_run("check", "--format", "csv", str(scrape), cwd=scrape.parent)[1])))


@pytest.fixture(scope="module")
def json_entries(scrape: Path) -> list[dict[str, object]]:
    payload: list[dict[str, object]] = json.loads(_run("check", "--format", "json", str(scrape), cwd=scrape.parent)[1])
    return payload


@pytest.fixture(scope="module")
def summary(scrape: Path) -> tuple[str, BeautifulSoup]:
    """What the summary command prints, and the page it writes."""
    page = scrape.parent / "summary.html"
    status, output = _run("summary", str(scrape), "-o", str(page), cwd=scrape.parent)
    assert status == 0
    return output, BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def _line_of(lines: list[str], group: str) -> str:
    [line] = [line for line in lines if line.startswith(f"{group}: ")]
    return line


def test_every_folder_is_exactly_one_line_of_text(scrape: Path, text_lines: list[str]) -> None:
    groups = _groups(scrape)
    assert len(groups) == 30 + 12
    assert [line.split(": ", 1)[0] for line in text_lines[: len(groups)]] == groups
    checked = len(groups) - len(NOT_CHECKED)
    totals = re.fullmatch(
        rf"{len(groups)} groups: {checked} checked, {len(NOT_CHECKED)} not checked\. "
        r"Checked: (\d+) the course's scripts cannot read, (\d+) pass every question, (\d+) fail some",
        text_lines[-1],
    )
    assert totals is not None, text_lines[-1]
    cannot_read, complete, incomplete = map(int, totals.groups())
    assert cannot_read == len(COURSE_CANNOT_READ) + 4  # 021 (readme.md), 075 (a folder deeper), 078, 081 (aborts)
    assert complete + incomplete == checked - cannot_read


@pytest.mark.parametrize("group", sorted(NOT_CHECKED))
def test_a_group_not_checked_says_why(text_lines: list[str], group: str) -> None:
    line = _line_of(text_lines, group)
    assert line.startswith(f"{group}: not checked: ") and NOT_CHECKED[group] in line
    assert "reports/README.md" in line  # where the course's scripts look, so the group knows what to do


@pytest.mark.parametrize("group", sorted(COURSE_CANNOT_READ))
def test_a_report_the_course_cannot_read_is_an_error_first(text_lines: list[str], group: str) -> None:
    rule, words = COURSE_CANNOT_READ[group]
    line = _line_of(text_lines, group)
    assert line.startswith(f"{group}: error: ") and words in line and f"[{rule}]" in line
    assert "questions pass as written" in line  # checked anyway: the rest can be fixed too


def test_hand_in_078_is_the_checker_stopping_on_its_last_heading(text_lines: list[str]) -> None:
    line = _line_of(text_lines, "078")
    assert line.startswith("078: error: the course's report.py check will find 32 answers instead of 31")
    assert "'### Use of Generative AI Tools (AI Declaration)'" in line and "[checker-stops]" in line


def test_two_reports_say_which_was_checked_and_name_the_other(text_lines: list[str]) -> None:
    line = _line_of(text_lines, "two-reports")
    assert "reports/README.md was checked (the one the course's scripts read); report/README.md was not" in line


def test_the_csv_json_and_summary_count_the_same_groups(
    scrape: Path,
    text_lines: list[str],
    csv_rows: list[dict[str, str]],
    json_entries: list[dict[str, Any]],
    summary: tuple[str, BeautifulSoup],
) -> None:
    groups = _groups(scrape)
    assert sorted({row["report"] for row in csv_rows}) == groups
    assert [entry["report"] for entry in json_entries] == groups
    printed, soup = summary
    assert printed == f"{scrape.parent / 'summary.html'}: {text_lines[-1]}\n"
    assert sorted(row.td.get_text() for row in soup.select("tbody tr")) == groups  # in the order to look at them
    assert soup.select_one("p.summary-totals").get_text() == f"{text_lines[-1]}."
    for group, reason in NOT_CHECKED.items():
        [row] = [row for row in csv_rows if row["report"] == group]  # one row, the reason in it
        assert (row["ok"], row["rules"], row["severity"]) == ("false", "no-report", "error") and reason in row[
            "messages"
        ]
        [entry] = [entry for entry in json_entries if entry["report"] == group]
        assert reason in entry["not_checked"]
        cells = next(tr for tr in soup.select("tbody tr") if tr.td.get_text() == group).select("td")
        assert reason in cells[-1].get_text()


def test_the_course_cannot_read_is_an_error_in_csv_json_and_summary(
    csv_rows: list[dict[str, str]], json_entries: list[dict[str, Any]], summary: tuple[str, BeautifulSoup]
) -> None:
    payload = {entry["report"]: entry for entry in json_entries}
    for group, (rule, words) in {**COURSE_CANNOT_READ, "078": ("checker-stops", "32 answers")}.items():
        general = next(row for row in csv_rows if row["report"] == group and not row["question"])
        assert (general["ok"], general["severity"]) == ("false", "error") and rule in general["rules"].split()
        assert words in general["messages"]
        assert payload[group]["not_checked"] is None and payload[group]["severity"] == "error"
        assert any(f["rule"] == rule and f["severity"] == "error" for f in payload[group]["findings"])
        passed = next(tr for tr in summary[1].select("tbody tr") if tr.td.get_text() == group).select("td")[1]
        assert words in passed.select_one(".summary-stop").get_text()  # said on the row, not only on hover


def test_the_csv_adds_its_new_columns_at_the_end(scrape: Path) -> None:
    output = _run("check", "--format", "csv", str(scrape / "078"), str(scrape / "000"), cwd=scrape.parent)[1]
    header, *lines = list(csv.reader(io.StringIO(output)))
    assert header[:10] == ["report", "path", "question", "words", "words_range", "images", "images_range", "ok",
                           "rules", "messages"]  # fmt: skip
    assert header == list(CSV_COLUMNS) and header[10:] == ["template", "severity", "topic", "checklist_done",
                                                            "checklist_total"]  # fmt: skip
    rows = [dict(zip(header, line, strict=True)) for line in lines]
    q14 = next(row for row in rows if row["report"] == "078" and row["question"] == "14")
    assert q14["template"] == "02476 (2025)" and q14["topic"].startswith("Upload 1 to 3 screenshots")
    assert (q14["checklist_done"], q14["checklist_total"]) == ("38", "52")
    assert {row["template"] for row in rows if row["report"] == "000"} == {"02476 (2023)"}
    failing = next(row for row in rows if row["ok"] == "false" and row["question"])
    assert failing["severity"] == "error"


def test_one_report_of_078_checked_alone_says_the_checker_stops() -> None:
    report = shared_file("handins", "078", "tree", "reports", "README.md")
    status, output = _run("check", str(report), cwd=report.parent)
    lines = output.splitlines()
    [stop] = [line for line in lines if "[checker-stops]" in line]
    assert stop.startswith(f"{report}:666: error: the course's report.py check will find 32 answers instead of 31")
    assert "heading-cuts-answer" not in output  # one finding for one cause: the stronger one
    assert lines[-1] == "25/31 questions pass; the course's scripts cannot read this report as it is (the error above)"
    assert status == 1


def test_a_heading_after_the_last_answer_makes_the_checker_find_one_answer_too_many() -> None:
    text = make_report() + APPENDIX
    reading = read(text, 31)
    assert reading.aborts and len(reading.answers) == 32
    assert reading.last_answer_repeated_at == text.splitlines().index("### Appendix") + 1
    result = check_text(text)
    stops = [finding for finding in result.findings if finding.rule == "checker-stops"]
    assert [finding.line for finding in stops] == [reading.last_answer_repeated_at]
    assert "write the heading as bold text (**Appendix**)" in stops[0].message
    assert not any(finding.rule == "heading-cuts-answer" for finding in result.findings)
    assert not result.ok and result.passed == result.total  # every answer fine, and still the checker stops
    assert not read(make_report() + "\n**Appendix**\n\nThe curves.\n", 31).aborts  # the fix the message gives works


def test_the_report_checked_is_the_one_the_course_reads_else_the_nearest_to_it(tmp_path: Path) -> None:
    group = tmp_path / "scrape" / "group-1"
    _write(group / "report" / "README.md", make_report())
    _write(group / "reports" / "readme.md", make_report())
    _write(group / "project" / "reports" / "README.md", make_report())
    (tmp_path / "scrape" / "group-2").mkdir()
    status, output = _run("check", str(tmp_path / "scrape"), cwd=tmp_path)
    line = _line_of(output.splitlines(), "group-1")
    assert line.startswith("group-1: error: the report is reports/readme.md")  # found where file names ignore case
    assert "3 reports in this folder: reports/readme.md was checked (the nearest to reports/README.md); report/README.md, " \
        "project/reports/README.md were not" in line  # fmt: skip
    assert status == 2 and output.splitlines()[-1].startswith("2 groups: 1 checked, 1 not checked.")


def test_one_group_given_alone_is_found_a_folder_deeper(tmp_path: Path) -> None:
    group = tmp_path / "group-75"
    _write(group / "README.md", "# Our project\n\nHow to run it.\n")
    _write(group / "MLOps_project" / "reports" / "README.md", make_report())
    status, output = _run("check", str(group), cwd=tmp_path)
    assert f"{group}/MLOps_project/reports/README.md:1: error: the report is MLOps_project/reports/README.md" in output
    assert status == 1  # checked, and the course's scripts would not find it


def test_the_json_has_the_csvs_new_fields(json_entries: list[dict[str, Any]]) -> None:
    entry = next(entry for entry in json_entries if entry["report"] == "078")
    q14 = entry["questions"][13]
    assert q14["topic"].startswith("Upload 1 to 3 screenshots") and q14["severity"] in ("", "warning", "error")
    assert entry["template"]["name"] == "02476 (2025)"
    assert (entry["checklist"]["checked"], entry["checklist"]["total"]) == (38, 52)
    q30 = entry["questions"][29]
    assert (q30["ok"], q30["severity"]) == (False, "error")  # 110 words of 200-400


def test_an_archive_handed_in_instead_of_a_folder_is_a_row_named_after_it(tmp_path: Path) -> None:
    scrape = tmp_path / "scrape"
    _write(scrape / "group-1" / "reports" / "README.md", make_report())
    with zipfile.ZipFile(scrape / "group-2.zip", "w") as archive:
        archive.writestr("reports/README.md", make_report())
    _write(scrape / "teacher-notes.txt", "who handed in late\n")  # not a group: no row
    status, output = _run("check", str(scrape), cwd=tmp_path)
    lines = output.splitlines()
    assert _line_of(lines, "group-2").startswith("group-2: not checked: an archive (group-2.zip), not a folder")
    assert lines[-1].startswith("2 groups: 1 checked, 1 not checked.") and status == 2
