"""``grade`` over repositories the teacher did not write: a group is read only through real paths inside its
folder, its figures are copied within a bound, its hand-in cannot be replaced by a file of its own, and the
hand-in opens in the site's sandboxed frame (issue 23, the teacher's machine)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from support.reportgen import make_report

from mkdocs_report_plugin.frontends.cli import handins
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.output.companion_pages import handin_page_html

SECRET = "THE TEACHER'S OWN NOTES"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 1024


def _group(scrape: Path, name: str, text: str | None = None) -> Path:
    reports = scrape / name / "reports"
    reports.mkdir(parents=True)
    if text is not None:
        (reports / "README.md").write_text(text, encoding="utf-8")
    return reports


def _teacher_folder(tmp_path: Path) -> Path:
    """A folder of the teacher's, outside the scrape: a report-shaped file of their notes and a key."""
    secret = tmp_path / "teacher"
    (secret / "reports").mkdir(parents=True)
    (secret / "reports" / "README.md").write_text(make_report({1: SECRET}), encoding="utf-8")
    (secret / "id_rsa").write_text("PRIVATE KEY")
    return secret


def _grade(scrape: Path, output: Path) -> str:
    outcome = CliRunner().invoke(main, ["grade", str(scrape), "-o", str(output), "-j", "1"])
    assert outcome.exit_code == 0, outcome.output
    return outcome.output


def _rows(output: Path) -> dict[str, dict[str, str]]:
    return {row["group"]: row for row in csv.DictReader(io.StringIO((output / "grades.csv").read_text("utf-8")))}


def _not_shown(output: Path) -> list[str]:
    """The images grades.csv lists as those the group's hand-in cannot show (its ``images_not_shown`` column)."""
    [row] = _rows(output).values()
    return row["images_not_shown"].split(" | ") if row["images_not_shown"] else []


def _every_file_written(output: Path) -> str:
    return "\n".join(path.read_bytes().decode("utf-8", "replace") for path in output.rglob("*") if path.is_file())


def test_a_readme_linking_out_of_the_group_is_not_read_and_its_row_says_why(tmp_path: Path) -> None:
    secret = _teacher_folder(tmp_path)
    scrape = tmp_path / "scrape"
    _group(scrape, "ok", make_report())
    (_group(scrape, "linked") / "README.md").symlink_to(secret / "reports" / "README.md")
    output = tmp_path / "out"
    _grade(scrape, output)
    assert SECRET not in _every_file_written(output)
    reason = _rows(output)["linked"]["not_checked"]
    assert "reports/README.md is a symbolic link" in reason and "not read" in reason
    assert not (output / "handins" / "linked").exists() and (output / "handins" / "ok.html").is_file()


def test_a_readme_linking_to_a_file_inside_the_group_is_read(tmp_path: Path) -> None:
    scrape = tmp_path / "scrape"
    reports = _group(scrape, "group")
    (scrape / "group" / "report.md").write_text(make_report(), encoding="utf-8")
    (reports / "README.md").symlink_to(Path("..") / "report.md")
    output = tmp_path / "out"
    _grade(scrape, output)
    row = _rows(output)["group"]
    assert row["not_checked"] == "" and row["total"] == "31"


def test_a_reports_folder_link_is_not_followed_nor_listed(tmp_path: Path) -> None:
    secret = _teacher_folder(tmp_path)
    scrape = tmp_path / "scrape"
    _group(scrape, "ok", make_report())
    (scrape / "linked").mkdir()
    (scrape / "linked" / "reports").symlink_to(secret, target_is_directory=True)
    output = tmp_path / "out"
    _grade(scrape, output)
    written = _every_file_written(output)
    assert SECRET not in written and "id_rsa" not in written
    assert "reports/ is a symbolic link to a folder, which is not followed" in _rows(output)["linked"]["not_checked"]


@pytest.mark.slow
def test_a_pipe_beside_the_report_folder_does_not_stall_the_search(tmp_path: Path) -> None:
    """A group without reports/README.md is searched for a file that reads as the template; a FIFO named
    notes.md was opened for that, and opening a FIFO waits for a writer forever."""
    group = tmp_path / "group"
    (group / "reports").mkdir(parents=True)
    os.mkfifo(group / "notes.md")
    command = [str(Path(sys.executable).with_name("mkdocs-report")), "check", str(group)]
    outcome = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert outcome.returncode == 2 and "reports/ is empty, with no README.md in it" in outcome.stderr


def test_a_student_file_shown_as_a_figure_never_replaces_the_handin(tmp_path: Path) -> None:
    """reports/report.html is where report.py html writes the hand-in; a student's committed one, shown as an
    image, was copied over grade's hand-in."""
    scrape = tmp_path / "scrape"
    reports = _group(scrape, "group", make_report() + "\n![the hand-in](report.html)\n")
    (reports / "report.html").write_text("<script>alert('a file of the student')</script>")
    output = tmp_path / "out"
    _grade(scrape, output)
    handin = (output / "handins" / "group" / "reports" / "report.html").read_text(encoding="utf-8")
    assert "a file of the student" not in handin and "<h3>Question 1</h3>" in handin
    assert "report.html" in _not_shown(output)


def test_figures_behind_folder_links_are_not_copied(tmp_path: Path) -> None:
    """One 20 MB PNG shown through 40 folder links wrote 801 MB: a link to a folder is never followed."""
    scrape = tmp_path / "scrape"
    links = "\n".join(f"![copy {index}](via{index}/big.png)" for index in range(40))
    reports = _group(scrape, "group", make_report() + "\n![figure](figures/big.png)\n" + links + "\n")
    (reports / "figures").mkdir()
    (reports / "figures" / "big.png").write_bytes(PNG)
    for index in range(40):
        (reports / f"via{index}").symlink_to("figures", target_is_directory=True)
    output = tmp_path / "out"
    _grade(scrape, output)
    mirror = output / "handins" / "group"
    copied = sorted(path.relative_to(mirror).as_posix() for path in mirror.rglob("*") if path.is_file())
    assert copied == ["reports/figures/big.png", "reports/report.html"]
    not_shown = _not_shown(output)
    assert all(f"via{index}/big.png" in not_shown for index in range(40)) and "figures/big.png" not in not_shown


def test_the_figures_copied_for_one_group_stay_within_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handins, "MAX_COPIED_BYTES", 3 * len(PNG))
    scrape = tmp_path / "scrape"
    shown = "\n".join(f"![figure {index}](figures/f{index}.png)" for index in range(5))
    reports = _group(scrape, "group", make_report() + "\n" + shown + "\n")
    (reports / "figures").mkdir()
    for index in range(5):
        (reports / "figures" / f"f{index}.png").write_bytes(PNG)
    output = tmp_path / "out"
    _grade(scrape, output)
    figures = sorted((output / "handins" / "group" / "reports" / "figures").iterdir())
    assert [path.name for path in figures] == ["f0.png", "f1.png", "f2.png"]
    not_shown = _not_shown(output)
    assert [source for source in not_shown if source.startswith("figures/f")] == ["figures/f3.png", "figures/f4.png"]


def test_grades_handin_opens_in_the_sites_sandboxed_frame(tmp_path: Path) -> None:
    scrape = tmp_path / "scrape"
    _group(scrape, "group-1", make_report())
    output = tmp_path / "out"
    _grade(scrape, output)
    opener = (output / "handins" / "group-1.html").read_text(encoding="utf-8")
    site = handin_page_html("../index.html", "group-1/reports/report.html")
    assert opener == site.replace(' sandbox="', ' sandbox="allow-same-origin ')  # file:// images need the origin
    assert 'sandbox="' in opener and "allow-scripts" not in opener and 'http-equiv="refresh"' not in opener


@pytest.mark.browser
def test_in_a_browser_no_script_of_the_handin_runs_and_its_figures_show(tmp_path: Path) -> None:
    """Opened from the teacher's disk, a script in the hand-in used to run with the teacher's file:// address
    in reach; in the frame, none runs, and the figures still load."""
    from support.browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium, or set CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api")
    payloads = ("<script>alert(document.location.href)</script>\n\n<img src=nowhere.png onerror=alert(2)>\n\n"
                "![loss](figures/loss.png)\n")  # fmt: skip
    scrape = tmp_path / "scrape"
    reports = _group(scrape, "group-1", make_report() + "\n" + payloads)
    (reports / "figures").mkdir()
    (reports / "figures" / "loss.png").write_bytes(
        (Path(__file__).parents[1] / "docs/images/grade-index.png").read_bytes()
    )
    output = tmp_path / "out"
    _grade(scrape, output)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        dialogs: list[str] = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto((output / "handins" / "group-1.html").as_uri(), wait_until="load")
        frame = tab.frame_locator("iframe.report-handin-frame")
        frame.locator("h3").first.wait_for()
        tab.wait_for_timeout(500)  # onerror fires after the load
        loaded = frame.locator("img[src='figures/loss.png']").evaluate("image => image.naturalWidth")
        browser.close()
    assert dialogs == [] and loaded > 0


def test_grade_refuses_a_link_inside_its_output_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    scrape = tmp_path / "scrape"
    _group(scrape, "group", make_report())
    output = tmp_path / "out"
    output.mkdir()
    (output / "handins").symlink_to(elsewhere, target_is_directory=True)
    outcome = CliRunner().invoke(main, ["grade", str(scrape), "-o", str(output), "-j", "1"])
    assert outcome.exit_code == 2 and "is not a real folder" in outcome.stderr
    assert list(elsewhere.iterdir()) == []


# --- the feedback quotes their text escaped --------------------------------------------------------

PAYLOAD = ("<img src=x onerror=alert(1)> **bold** _em_ [link](javascript:alert(1)) ![i](https://evil.example/x.png) "
           "`code` &amp; ~~strike~~ # \\")  # fmt: skip


def _rendered(markdown_text: str) -> dict[str, BeautifulSoup]:
    import cmarkgfm
    import markdown
    from markdown_it import MarkdownIt

    pages = {"GitHub": cmarkgfm.github_flavored_markdown_to_html(markdown_text),
             "CommonMark": MarkdownIt("commonmark").render(markdown_text),
             "Python-Markdown": markdown.markdown(markdown_text)}  # fmt: skip
    return {name: BeautifulSoup(page, "html.parser") for name, page in pages.items()}


def test_the_feedback_quotes_a_groups_text_as_written_and_inert(tmp_path: Path) -> None:
    """The course's checker quotes the heading it stops on; the feedback quoted it unescaped, so a group's
    heading (or folder name) became live markup in the message sent back."""
    name = "g*1*_[x](javascript:alert(1))"
    scrape = tmp_path / "scrape"
    _group(scrape, name, make_report() + f"\n### Appendix {PAYLOAD}\n")
    output = tmp_path / "out"
    _grade(scrape, output)
    [feedback] = (output / "feedback").glob("*.md")
    for renderer, page in _rendered(feedback.read_text(encoding="utf-8")).items():
        assert not page.find_all(["img", "script", "strong", "em", "del"]), renderer
        assert all(link["href"].startswith("https://") for link in page.find_all("a")), renderer  # GitHub autolinks
        assert {code.get_text() for code in page.find_all("code")} <= {"checker-stops", "image-not-found"}, renderer
        if renderer != "Python-Markdown":  # it knows no ~ escape, and shows the backslash
            assert PAYLOAD in page.get_text() and name in page.find("h1").get_text(), renderer
