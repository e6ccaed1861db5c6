"""Publishing by what a path resolves to: real `mkdocs build`s of a git work tree in which a
student (careless or not) links secrets, pipes and huge files. Each build ends with exit 0 and
one warning per cause on its line, equal to what `mkdocs-report check` prints, and nothing
hidden, outside the report's folder or over the size limit is in the site."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from support.projects import good_answer, make_project, mkdocs, valid_report
from support.reportgen import line_of

from mkdocs_report_plugin import check_report
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.reading.repository import MAX_FILE_BYTES

pytestmark = pytest.mark.slow

SECRET = b"AWS_SECRET_ACCESS_KEY=ours-and-only-ours\n"
GIT_SECRET = b'[remote "origin"]\n\turl = https://x-access-token:ghs_ours@github.com/group7/project\n'


def _git_project(tmp_path: Path, extra_answer: str) -> tuple[Path, str]:
    """A project in a git work tree with a .env and a .git/config holding secrets, and one answer added."""
    report = valid_report({15: good_answer(15) + "\n\n" + extra_answer})
    project = make_project(tmp_path / "p", report)
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / ".env").write_bytes(SECRET)
    with open(project / ".git" / "config", "ab") as config:
        config.write(GIT_SECRET)
    return project, report


def _warnings(run: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.startswith("WARNING") and "report: reports/" in line]


def _assert_nothing_unsafe_published(project: Path) -> None:
    """No file of the site holds a secret, is hidden, is a symlink, or is over the size limit."""
    for file in (project / "site").rglob("*"):
        if file.is_dir():
            continue
        assert not file.is_symlink(), file
        assert not any(part.startswith(".") for part in file.relative_to(project / "site").parts), file
        assert file.stat().st_size <= MAX_FILE_BYTES, file
        data = file.read_bytes()
        assert b"ours-and-only-ours" not in data and b"ghs_ours" not in data, file


def _assert_build_warns_as_check_finds(project: Path, run: subprocess.CompletedProcess[str]) -> None:
    result = check_report(project / "reports" / "README.md")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert len(_warnings(run)) == len(result.findings), (run.stderr, result.findings)


def _page(project: Path) -> BeautifulSoup:
    return BeautifulSoup((project / "site" / "report" / "index.html").read_text(), "html.parser")


def test_an_image_that_is_a_symlink_to_env_is_a_warning_and_not_published(tmp_path: Path) -> None:
    project, report = _git_project(tmp_path, "![our setup](figures/e.png)")
    (project / "reports" / "figures" / "e.png").symlink_to("../../.env")

    run = mkdocs(project, "build")

    _assert_build_warns_as_check_finds(project, run)
    line = line_of(report, "figures/e.png")
    # question 15 asks for no image: an image it does not show is a warning there, not a failure
    assert any(f"reports/README.md:{line}: Question 15: image " in w and "hidden" in w for w in _warnings(run)), (
        run.stderr
    )
    assert not (project / "site" / "report" / "figures" / "e.png").exists()
    _assert_nothing_unsafe_published(project)


def test_a_link_through_a_symlink_into_git_is_a_warning_and_not_published(tmp_path: Path) -> None:
    project, report = _git_project(tmp_path, "Our [config](g/config).")
    (project / "reports" / "g").symlink_to("../.git")

    run = mkdocs(project, "build")

    _assert_build_warns_as_check_finds(project, run)
    line = line_of(report, "g/config")
    assert any(f"reports/README.md:{line}: Question 15: " in w and "hidden" in w for w in _warnings(run)), run.stderr
    assert _page(project).find("a", string="config") is None  # shown as text, no link
    _assert_nothing_unsafe_published(project)


def test_a_2_gb_image_is_a_warning_and_neither_published_nor_embedded(tmp_path: Path) -> None:
    project, report = _git_project(tmp_path, "![huge](figures/huge.png)")
    with open(project / "reports" / "figures" / "huge.png", "wb") as file:
        file.truncate(2 * 1024**3)  # sparse: no disk space, but reading it would take 2 GB

    run = mkdocs(project, "build")

    _assert_build_warns_as_check_finds(project, run)
    line = line_of(report, "figures/huge.png")
    assert any(f"reports/README.md:{line}: " in w and "larger than 20 MB" in w for w in _warnings(run)), run.stderr
    _assert_nothing_unsafe_published(project)
    exported = tmp_path / "export.html"
    outcome = CliRunner().invoke(main, ["html", str(project / "reports" / "README.md"), "-o", str(exported)])
    assert outcome.exit_code == 0, outcome.output
    assert exported.stat().st_size < MAX_FILE_BYTES
    assert "larger than 20 MB" in exported.read_text(encoding="utf-8")


def test_a_pipe_as_an_image_is_a_warning_and_the_build_ends(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes need a POSIX system")
    project, _report = _git_project(tmp_path, "![pipe](figures/pipe.png)")
    os.mkfifo(project / "reports" / "figures" / "pipe.png")

    run = mkdocs(project, "build")

    _assert_build_warns_as_check_finds(project, run)
    assert any("not a regular file" in w for w in _warnings(run)), run.stderr
    _assert_nothing_unsafe_published(project)


@pytest.mark.parametrize("written", ["![x](file:///etc/passwd)", "[x](file:///etc/passwd)"])
def test_a_file_url_is_a_warning_and_no_live_link(tmp_path: Path, written: str) -> None:
    project, report = _git_project(tmp_path, f"See {written} here.")

    run = mkdocs(project, "build")

    _assert_build_warns_as_check_finds(project, run)
    line = line_of(report, "file:///etc/passwd")
    assert any(f"reports/README.md:{line}: " in w and "your own computer" in w for w in _warnings(run)), run.stderr
    page = _page(project)
    assert not page.select('[href^="file:"], [src^="file:"]')


@pytest.mark.parametrize("path", [".env", ".git/config", "reports/secret.md", "reports/notes.txt"])
def test_path_must_be_a_markdown_file_that_is_not_hidden(tmp_path: Path, path: str) -> None:
    project, _ = _git_project(tmp_path, "")
    (project / "reports" / "secret.md").symlink_to("../.env")
    (project / "reports" / "notes.txt").write_text("notes\n")
    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml").read_text().replace("path: reports/README.md", f"path: {path}")
    )

    run = mkdocs(project, "build")

    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if "report: path" in line]
    assert len(errors) == 1 and ("hidden" in errors[0] or "not a markdown file" in errors[0]), run.stderr
    assert "Traceback" not in run.stderr
    assert not (project / "site").exists() or b"ours-and-only-ours" not in b"".join(
        file.read_bytes() for file in (project / "site").rglob("*") if file.is_file()
    )


def test_a_constraint_key_that_is_not_a_number_is_one_clear_line(tmp_path: Path) -> None:
    plugin = "      path: reports/README.md\n      constraints:\n        '²': {words: 1-2}\n"
    project = make_project(tmp_path / "p", plugin=plugin)

    run = mkdocs(project, "build")

    assert run.returncode == 1
    assert "'²' is not a question number" in run.stderr
    assert "Traceback" not in run.stderr and "ValueError" not in run.stderr


# --- outputs never overwrite an input ------------------------------------------------------


def _cli(*arguments: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(main, list(arguments))
    return outcome.exit_code, outcome.output


def test_html_refuses_to_overwrite_the_report(tmp_path: Path) -> None:
    report = tmp_path / "reports" / "README.md"
    report.parent.mkdir()
    report.write_text(valid_report(), encoding="utf-8")

    status, output = _cli("html", str(report), "-o", str(report))

    assert status == 2 and "that is the report itself" in output
    assert report.read_text(encoding="utf-8") == valid_report()


@pytest.mark.parametrize("where", ["group-1/reports/README.md", "group-1/reports/summary.html", "group-1/summary.html"])
def test_summary_refuses_to_write_into_a_hand_in(tmp_path: Path, where: str) -> None:
    for group in ("group-1", "group-2"):
        (tmp_path / group / "reports").mkdir(parents=True)
        (tmp_path / group / "reports" / "README.md").write_text(valid_report(), encoding="utf-8")

    status, output = _cli("summary", str(tmp_path), "-o", str(tmp_path / where))

    assert status == 2 and "a hand-in being checked" in output
    assert (tmp_path / "group-1" / "reports" / "README.md").read_text(encoding="utf-8") == valid_report()
    assert not (tmp_path / "group-1" / "summary.html").exists()


def test_no_file_of_the_built_site_is_a_symlink_target_outside_the_report_folder_hidden_or_too_big(
    tmp_path: Path,
) -> None:
    """Issue 18's 'done when': every way a student can point a report's file elsewhere, in one build, then
    a walk over every file of the site."""
    outside = tmp_path / "outside"  # next to the repository
    outside.mkdir()
    targets = {
        "figures/env.png": "../../.env",
        "figures/code.png": "../../src/train.py",  # in the repository, outside the report's folder, not an image
        "figures/away.png": str(outside / "away.png"),  # outside the repository
        "figures/big.png": "../../data/big.png",  # over the size limit
        "more": str(outside),  # a folder outside the repository
        "g": "../.git",
    }
    answer = ("![a](figures/env.png) ![b](figures/code.png) ![c](figures/away.png) ![d](figures/big.png) "
              "![e](more/inside-away.png) [f](g/config) [g](more/notes.txt)")  # fmt: skip
    project, _ = _git_project(tmp_path, answer)
    (project / "src").mkdir()
    (project / "src" / "train.py").write_bytes(b"print('outside-the-report-folder: src')\n")
    (outside / "away.png").write_bytes(png_with(b"outside-the-report-folder: away"))
    (outside / "inside-away.png").write_bytes(png_with(b"outside-the-report-folder: inside-away"))
    (outside / "notes.txt").write_bytes(b"outside-the-report-folder: notes\n")
    (project / "data").mkdir()
    with open(project / "data" / "big.png", "wb") as file:
        file.write(png_with(b"outside-the-report-folder: big"))
        file.truncate(MAX_FILE_BYTES + 1)
    for name, target in targets.items():
        (project / "reports" / name).symlink_to(target)

    run = mkdocs(project, "build")

    _assert_build_warns_as_check_finds(project, run)
    assert len(_warnings(run)) >= len(targets), run.stderr
    assert any("figures/code.png' is a symbolic link to 'train.py'" in w for w in _warnings(run)), run.stderr
    _assert_nothing_unsafe_published(project)
    for file in (project / "site").rglob("*"):
        assert file.is_dir() or b"outside-the-report-folder" not in file.read_bytes(), file


def png_with(marker: bytes) -> bytes:
    """A real PNG image that also holds ``marker``, so a copy of it in the site can be told apart."""
    from support.images import png

    return png() + marker
