"""What the package writes, where students put the files around it: no write follows a symbolic link, no file
is left half-written, and no CSV cell runs as a spreadsheet formula (issue 23)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.reportgen import make_report

from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.reading.safe_files import UnsafeWrite, make_folders, write_file


def test_a_file_is_written_whole_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    write_file(target, "first\n")
    target.chmod(0o640)
    write_file(target, b"second")
    assert target.read_bytes() == b"second" and (target.stat().st_mode & 0o777) == 0o640
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.html"]  # no temporary file left behind


def test_a_symbolic_link_at_the_destination_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    outside = tmp_path / "teacher" / ".bashrc"
    outside.parent.mkdir()
    outside.write_text("export PATH=/usr/bin\n")
    link = tmp_path / "repo" / "reports" / "report.html"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    with pytest.raises(UnsafeWrite, match="is a symbolic link"):
        write_file(link, "<p>student text</p>")
    assert outside.read_text() == "export PATH=/usr/bin\n" and link.is_symlink()


def test_a_folder_link_below_the_trusted_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    repository = tmp_path / "repo"
    repository.mkdir()
    (repository / "reports").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(UnsafeWrite, match="is not a real folder"):
        write_file(repository / "reports" / "report.html", "x", trusted=repository)
    with pytest.raises(UnsafeWrite, match="is not a real folder"):
        make_folders(repository / "reports" / "figures", trusted=repository)
    assert list(elsewhere.iterdir()) == []


def test_folders_are_made_below_the_trusted_one(tmp_path: Path) -> None:
    make_folders(tmp_path / "out" / "handins" / "group 1", trusted=tmp_path)
    write_file(tmp_path / "out" / "handins" / "group 1" / "a.txt", "a", trusted=tmp_path)
    assert (tmp_path / "out" / "handins" / "group 1" / "a.txt").read_text() == "a"
    with pytest.raises(UnsafeWrite, match="is outside"):
        write_file(tmp_path.parent / "b.txt", "b", trusted=tmp_path)


FORMULAS = ['=HYPERLINK("evil.example","open")', "+1+1", "-2+3", "@SUM(1)"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_no_cell_of_a_csv_runs_as_a_formula(tmp_path: Path, formula: str) -> None:
    """A group folder named as a formula lands in every CSV as text a spreadsheet shows as it is."""
    scrape = tmp_path / "scrape"
    report = scrape / formula / "reports" / "README.md"
    report.parent.mkdir(parents=True)
    report.write_text(make_report(), encoding="utf-8")
    output = tmp_path / "out"
    outcome = CliRunner().invoke(main, ["grade", str(scrape), "-o", str(output), "-j", "1"])
    assert outcome.exit_code == 0, outcome.output
    checked = CliRunner().invoke(main, ["check", str(scrape), "--format", "csv"])
    sheets = {name: (output / name).read_text("utf-8") for name in ("grades.csv", "findings.csv")}
    sheets["check --format csv"] = checked.output
    for name, text in sheets.items():
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert f"'{formula}" in cells, name
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), name


def test_numbers_stay_numbers_in_a_csv() -> None:
    from mkdocs_report_plugin.output.formats import csv_table

    assert csv_table(["n", "text"], [[-3, "-3"]]) == "n,text\n-3,'-3\n"


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="no O_NOFOLLOW on this platform")
def test_a_temporary_name_planted_as_a_link_is_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even the temporary file is opened without following a link: a planted one makes the write fail, not leak."""
    import mkdocs_report_plugin.reading.safe_files as safe_files

    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    monkeypatch.setattr(safe_files, "_random_name", lambda: "fixed")
    (tmp_path / ".out.txt.fixed.tmp").symlink_to(outside)
    with pytest.raises(OSError):
        write_file(tmp_path / "out.txt", "leak")
    assert outside.read_text() == "keep"
