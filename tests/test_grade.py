"""``mkdocs-report grade SCRAPE -o OUT/`` on the real hand-ins laid out as the course's scrape (one
folder per group), plus groups we break: one answer copied into another group with small edits, a
report the course's script cannot read (Latin-1), an empty group folder."""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from support.handins import HANDINS, handin_ids, load, materialize
from support.reportgen import hand_in, make_report, words

from mkdocs_report_plugin.check.engine import check_report
from mkdocs_report_plugin.frontends.cli.batch import check_all, collect
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.model.batch import Checked
from mkdocs_report_plugin.output.gradebook import read_gradebook
from mkdocs_report_plugin.output.similarity import MIN_WORDS, SimilarPair, similar_answers

COPIED_FROM, COPIED_TO, COPIED_QUESTION = "042", "045", 13
"""Two 2025 hand-ins; question 13 of 042 goes into 045 with a few words changed."""


def _copy_answer_with_edits(source: Path, target: Path, number: int) -> None:
    """Put ``source``'s answer to question ``number`` in place of ``target``'s, with a few words changed."""
    given = check_report(source).question(number)
    taken = check_report(target).question(number)
    assert given is not None and taken is not None and given.answer_line and taken.answer_line
    edited = re.sub(r"\bwe\b", "our group", given.answer, count=2, flags=re.IGNORECASE).replace(".", ";", 1)
    lines = target.read_text(encoding="utf-8").split("\n")
    assert taken.answer_end_line is not None
    lines[taken.answer_line - 1 : taken.answer_end_line] = edited.split("\n")
    target.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The scrape, the output folder and what the command printed."""
    if not HANDINS.is_dir():
        pytest.skip(f"real hand-ins not found at {HANDINS} (../shared sits beside the checkout in CI)")
    scrape = tmp_path_factory.mktemp("scrape")
    for handin_id in handin_ids():
        materialize(load(str(handin_id)), scrape / str(handin_id), git=False)
    _copy_answer_with_edits(scrape / COPIED_FROM / "reports" / "README.md", scrape / COPIED_TO / "reports" / "README.md",
                            COPIED_QUESTION)  # fmt: skip
    latin = scrape / "zz-latin1" / "reports"
    latin.mkdir(parents=True)
    (latin / "README.md").write_bytes(make_report().replace("Question 1", "Question 1 (Æble)", 1).encode("latin-1"))
    (scrape / "zz-empty").mkdir()
    output = tmp_path_factory.mktemp("graded") / "out"
    outcome = CliRunner().invoke(main, ["grade", str(scrape), "-o", str(output), "-j", "2"])
    assert outcome.exit_code == 0, outcome.output
    return scrape, output, outcome.output


def grades(output: Path) -> dict[str, dict[str, str]]:
    return {row["group"]: row for row in csv.DictReader(io.StringIO((output / "grades.csv").read_text("utf-8")))}


def test_every_checked_group_is_one_row_of_the_sheet_with_a_feedback_file(graded: tuple[Path, Path, str]) -> None:
    _scrape, output, printed = graded
    rows = grades(output)
    assert f"{len(rows)} groups" in printed and len(rows) >= 30
    assert rows["042"]["template"] == "02476 (2025)" and rows["042"]["passed"] == "31" and rows["042"]["total"] == "31"
    assert rows["042"]["q14_status"] == "pass" and int(rows["042"]["q14_images"]) >= 1
    assert list(rows["042"])[-2:] == ["gradebook_score", "gradebook_comment"] and rows["042"]["gradebook_score"] == ""
    for row in rows.values():
        assert (output / row["feedback"]).is_file()
        assert bool(row["not_checked"]) == (row["passed"] == "")
    not_checked = [row for row in rows.values() if row["not_checked"]]
    assert not_checked  # a report that is not the template (today 021's project README), an empty folder...


def test_every_folder_of_the_scrape_is_one_row_named_as_its_folder(graded: tuple[Path, Path, str]) -> None:
    scrape, output, _printed = graded
    rows = grades(output)
    assert sorted(rows) == sorted(path.name for path in scrape.iterdir() if path.is_dir())
    assert rows["zz-empty"]["not_checked"]


def test_the_long_csv_is_the_one_check_writes(graded: tuple[Path, Path, str]) -> None:
    _scrape, output, _printed = graded
    rows = list(csv.DictReader(io.StringIO((output / "findings.csv").read_text("utf-8"))))
    assert {row["report"] for row in rows} == set(grades(output))
    assert sum(row["report"] == "042" and row["question"] != "" for row in rows) == 31


def test_each_hand_in_is_the_courses_html_byte_for_byte_and_its_images_show(graded: tuple[Path, Path, str]) -> None:
    scrape, output, _printed = graded
    images_shown, pages = 0, 0
    for group, row in grades(output).items():
        if not row["handin"] or row["handin"].startswith("none"):
            continue
        pages += 1
        opener = BeautifulSoup((output / row["handin"]).read_text("utf-8"), "html.parser")
        page = (output / row["handin"]).parent / opener.iframe["src"]
        report = Path(row["report"])
        expected = markdown.markdown(report.read_text(encoding="utf-8")[43:])
        assert page.read_bytes() == expected.encode("utf-8"), group
        for image in BeautifulSoup(expected, "html.parser").find_all("img"):
            source = unquote(urlsplit(image["src"]).path)
            if urlsplit(image["src"]).scheme or source.startswith("/"):
                continue
            in_scrape = (report.parent / source).resolve()
            if in_scrape.is_file() and in_scrape.is_relative_to(scrape.resolve()):
                assert (page.parent / source).is_file(), (group, source)
                images_shown += 1
    assert images_shown > 100 and pages >= 30  # every real hand-in, and the report that is not the template


def test_a_report_the_course_cannot_read_has_no_hand_in_but_a_row_saying_why(graded: tuple[Path, Path, str]) -> None:
    _scrape, output, printed = graded
    without_handin = printed.split("none for ", 1)[1].split(" (grades.csv says why)", 1)[0].split(", ")
    assert "zz-latin1" in without_handin
    row = grades(output)["zz-latin1"]
    assert row["handin"] == "none: report.py html cannot read it: the file is not valid UTF-8"
    assert not (output / "handins" / "zz-latin1.html").exists()
    assert not (output / "handins" / "zz-latin1").exists()


def test_every_link_and_source_of_the_index_resolves(graded: tuple[Path, Path, str]) -> None:
    _scrape, output, _printed = graded
    page = BeautifulSoup((output / "index.html").read_text("utf-8"), "html.parser")
    links = [tag["href"] for tag in page.find_all(href=True)] + [tag["src"] for tag in page.find_all(src=True)]
    assert len(links) > 60
    for link in links:
        if link.startswith("#"):
            assert page.find(id=link[1:]) is not None, link
        else:
            assert not urlsplit(link).scheme and (output / unquote(link)).is_file(), link
    assert page.find("link") is None and page.style is not None


def test_the_index_shows_messages_revisions_and_checklist_weeks(graded: tuple[Path, Path, str]) -> None:
    _scrape, output, _printed = graded
    page = BeautifulSoup((output / "index.html").read_text("utf-8"), "html.parser")
    revisions = {figure["data-revision"] for figure in page.select("figure.summary-chart")}
    assert revisions == {"02476 (2023)", "02476 (2025)", "02476 (2026)"}
    headers = [th.get_text() for th in page.select("thead th")]
    assert {"Group", "Attention", "Files", "Score", "Template", "Checklist"} <= set(headers)
    weeks = page.select_one("tbody tr td[title^='Week 1: ']")["title"].splitlines()
    assert [week.split(":")[0] for week in weeks][:3] == ["Week 1", "Week 2", "Week 3"]
    messages = page.select_one(".summary-messages").get_text()
    assert "Question" in messages and "line" in messages


def test_feedback_says_who_the_group_is_and_what_was_seen_question_by_question(graded: tuple[Path, Path, str]) -> None:
    scrape, output, _printed = graded
    row = grades(output)["039"]
    text = (output / row["feedback"]).read_text("utf-8")
    assert text.startswith("# Exam report feedback: group 24 (039)\n\n- Report: reports/README.md\n")
    assert "- Students: s201725, s224397, s224411\n" in text
    assert f"Checked against the template: {row['passed']} of {row['total']} questions meet its requirements." in text
    result = check_report(scrape / "039" / "reports" / "README.md")
    first_failing = next(question for question in result.questions if not question.ok)
    error = next(finding for finding in first_failing.findings if finding.severity == "error")
    section = text.split(f"### Question {first_failing.number}: ", 1)[1].split("\n### ", 1)[0]
    assert f"(line {error.line})" in section.split("\n- ")[1]  # the error first, with its line
    assert (output / row["feedback"]).with_suffix(".html").is_file()


def test_an_answer_copied_with_small_edits_is_a_similar_pair(graded: tuple[Path, Path, str]) -> None:
    _scrape, output, _printed = graded
    pairs = list(csv.DictReader(io.StringIO((output / "similar.csv").read_text("utf-8"))))
    copied = [pair for pair in pairs if {pair["group_a"], pair["group_b"]} == {COPIED_FROM, COPIED_TO}]
    assert [pair["question"] for pair in copied] == [str(COPIED_QUESTION)]
    assert 80 <= float(copied[0]["similarity"]) < 100
    section = BeautifulSoup((output / "index.html").read_text("utf-8"), "html.parser").select_one("section.similar")
    assert section is not None and len(section.select(".similar-pair pre")) == 2 * len(pairs)
    others = {(pair["question"], pair["group_a"], pair["group_b"]) for pair in pairs} - {
        (copied[0]["question"], copied[0]["group_a"], copied[0]["group_b"])
    }
    assert others == {("25", "003", "036")}  # the 30 real hand-ins: one pair, the same project handed in twice


def test_grade_refuses_to_write_into_the_scrape(tmp_path: Path) -> None:
    hand_in(tmp_path / "handins", "group-1")
    for output in (tmp_path / "handins" / "out", tmp_path):  # inside it, or its handins/ would be the scrape
        outcome = CliRunner().invoke(main, ["grade", str(tmp_path / "handins"), "-o", str(output)])
        assert outcome.exit_code == 2 and "would write into" in outcome.output
    assert not (tmp_path / "handins" / "out").exists() and not (tmp_path / "index.html").exists()


def test_figures_are_copied_only_from_inside_the_group(tmp_path: Path) -> None:
    report = hand_in(
        tmp_path / "scrape",
        "group-1",
        make_report(
            {
                14: words(250) + "\n\n![a](figures/q14_0.png)"
                "\n\n![b](../../secret.png)\n\n![c](.hidden/x.png)\n\n![d](figures/link.png)"
            }
        ),
    )
    (tmp_path / "scrape" / "secret.png").write_bytes(b"\x89PNG")
    (report.parent / ".hidden").mkdir()
    (report.parent / ".hidden" / "x.png").write_bytes(b"\x89PNG")
    (report.parent / "figures" / "link.png").symlink_to(tmp_path / "scrape" / "secret.png")
    outcome = CliRunner().invoke(main, ["grade", str(tmp_path / "scrape"), "-o", str(tmp_path / "out"), "-j", "1"])
    assert outcome.exit_code == 0, outcome.output
    copied = sorted(path.relative_to(tmp_path / "out" / "handins").as_posix()
                    for path in (tmp_path / "out" / "handins").rglob("*") if path.is_file())  # fmt: skip
    assert {"group-1.html", "group-1/reports/figures/q14_0.png", "group-1/reports/report.html"} <= set(copied)
    assert not [name for name in copied if "secret" in name or "hidden" in name or "link" in name]
    row = grades(tmp_path / "out")["group-1"]
    assert row["handin"] == "handins/group-1.html"
    index = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "../../secret.png, .hidden/x.png, figures/link.png" in index
    shutil.rmtree(tmp_path / "out")


def _class_of_two(tmp_path: Path, first: str, second: str, prompt: str = "") -> list[Checked]:
    """Two groups whose answers to question 13 are ``first`` and ``second``; ``prompt`` added to its prompt."""
    for group, answer in (("group-a", first), ("group-b", second)):
        text = make_report({13: answer})
        if prompt:
            text = text.replace("> **Question 13 asks about one part of the project.**", f"> {prompt}", 1)
        hand_in(tmp_path, group, text)
    return list(check_all(collect([tmp_path]), jobs=1))


def own_words(seed: int, count: int) -> str:
    chance = random.Random(seed)
    return " ".join(f"w{chance.randrange(100_000)}" for _ in range(count))


def test_a_prompt_pasted_into_both_answers_does_not_make_them_alike(tmp_path: Path) -> None:
    prompt = own_words(0, 200)
    checked = _class_of_two(tmp_path, f"{prompt}\n\n{own_words(1, 45)}", f"{prompt}\n\n{own_words(2, 45)}", prompt)
    assert pairs_of_13(checked) == []
    checked = _class_of_two(
        tmp_path / "unprompted", f"{prompt}\n\n{own_words(1, 45)}", f"{prompt}\n\n{own_words(2, 45)}"
    )
    assert [(pair.first.group, pair.second.group) for pair in pairs_of_13(checked)] == [("group-a", "group-b")]


def test_short_answers_are_never_compared(tmp_path: Path) -> None:
    same = own_words(3, MIN_WORDS - 1)
    assert pairs_of_13(_class_of_two(tmp_path, same, same)) == []
    longer = own_words(3, MIN_WORDS)
    assert len(pairs_of_13(_class_of_two(tmp_path / "long", longer, longer))) == 1


def pairs_of_13(checked: list[Checked]) -> list[SimilarPair]:
    """The similar pairs of question 13 (reportgen writes every other answer alike in every group)."""
    return [pair for pair in similar_answers(checked) if pair.question == 13]


def test_a_hostile_group_name_is_text_on_the_page_and_a_safe_file_name(tmp_path: Path) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    hand_in(tmp_path / "scrape", hostile)
    outcome = CliRunner().invoke(main, ["grade", str(tmp_path / "scrape"), "-o", str(tmp_path / "out"), "-j", "1"])
    assert outcome.exit_code == 0, outcome.output
    page = BeautifulSoup((tmp_path / "out" / "index.html").read_text("utf-8"), "html.parser")
    assert page.find("img") is None and hostile in page.select_one("td.summary-name").get_text()
    assert sorted(path.name for path in (tmp_path / "out" / "feedback").iterdir()) == [
        "img-src-x-onerror-alert-1.html",
        "img-src-x-onerror-alert-1.md",
    ]


@pytest.mark.browser
def test_in_a_browser_the_hand_in_opens_from_its_group_name_and_its_figures_load(
    graded: tuple[Path, Path, str],
    browser,
) -> None:  # type: ignore[no-untyped-def]  # browser: playwright's, from support.browser
    _scrape, output, _printed = graded
    tab = browser.new_page()
    tab.goto((output / "index.html").as_uri())
    tab.click("tr:has(td.summary-name > a:text-is('045')) >> text=hand-in")
    tab.wait_for_url("**/handins/045.html")
    tab.wait_for_load_state("load")
    frame = tab.frame_locator("iframe.report-handin-frame")  # the site's sandboxed frame: no script runs
    frame.locator("h3").first.wait_for()
    widths = frame.locator("img").evaluate_all("images => images.map(image => image.naturalWidth)")
    assert len(widths) >= 3 and all(width > 0 for width in widths)
    tab.close()


@pytest.mark.browser
def test_on_a_phone_every_groups_feedback_page_fits_the_screen(graded: tuple[Path, Path, str], browser) -> None:  # type: ignore[no-untyped-def]
    """Students open the feedback sent to them on a phone: laid out at the phone's width, not a desktop page shrunk."""
    _scrape, output, _printed = graded
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    tab = context.new_page()
    pages = sorted((output / "feedback").glob("*.html"))
    assert len(pages) >= 30
    for page in pages:
        tab.goto(page.as_uri())
        seen = tab.evaluate("[window.innerWidth, document.scrollingElement.scrollWidth]")
        assert seen == [390, 390], f"{page.name}: laid out {seen[0]} px wide, {seen[1]} px of content"
    context.close()


GROUP_CELL_AND_HEADER = """scroller => {
  const box = scroller.getBoundingClientRect();
  const rows = Array.from(scroller.querySelectorAll("tbody tr"));
  const row = rows.find(tr => tr.getBoundingClientRect().bottom > box.top + 60);
  const name = row.querySelector("td.summary-name").getBoundingClientRect();
  const head = scroller.querySelector("thead th").getBoundingClientRect();
  const last = Array.from(scroller.querySelectorAll("thead th")).pop().getBoundingClientRect();
  return {box: [box.left, box.top, box.right], name: [name.left, name.right], head: head.top, last: last.right,
          scrolled: [scroller.scrollLeft, scroller.scrollTop], width: scroller.scrollWidth - scroller.clientWidth};
}"""


@pytest.mark.browser
def test_in_a_browser_at_1440_the_table_keeps_its_group_column_and_header_and_similar_answers_are_above_the_fold(
    graded: tuple[Path, Path, str],
    browser,
) -> None:  # type: ignore[no-untyped-def]  # browser: playwright's, from support.browser
    _scrape, output, _printed = graded
    for width in (1440, 1000):  # 1440: every question in view; 1000: the table scrolls sideways too
        tab = browser.new_page(viewport={"width": width, "height": 900})
        tab.goto((output / "index.html").as_uri())
        similar = tab.locator("a.summary-similar-link")
        box = similar.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 900, box  # above the fold
        assert similar.inner_text() == "Similar answers: 2 pairs"
        scroller = tab.locator(".summary-scroll")
        if width == 1440:
            seen = scroller.evaluate(GROUP_CELL_AND_HEADER)
            assert seen["width"] <= 0 and seen["last"] <= seen["box"][2]  # Q1-Q31 all readable, no sideways scroll
        scroller.evaluate("scroller => { scroller.scrollTop = 600; scroller.scrollLeft = scroller.scrollWidth; }")
        seen = scroller.evaluate(GROUP_CELL_AND_HEADER)
        assert seen["scrolled"][1] > 0 and (width == 1440 or seen["scrolled"][0] > 0), seen
        assert abs(seen["name"][0] - seen["box"][0]) <= 2 and seen["name"][1] > seen["name"][0] + 20, seen
        assert abs(seen["head"] - seen["box"][1]) <= 2, seen  # the header row stays on top
        first = tab.locator("tbody tr").first.locator("td.summary-attention").inner_text()
        assert first == "not checked"  # groups needing attention first
        tab.close()


def test_a_gradebook_that_cannot_be_merged_stops_grade_before_it_writes_anything(tmp_path: Path) -> None:
    hand_in(tmp_path / "scrape", "group-1")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "gradebook.csv").write_text("group,score\ngroup-1,5\ngroup-1,6\n", encoding="utf-8")
    outcome = CliRunner().invoke(main, ["grade", str(tmp_path / "scrape"), "-o", str(tmp_path / "out")])
    assert outcome.exit_code == 2 and "'group-1' on rows 2, 3" in outcome.output
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["gradebook.csv"]


def test_scores_typed_in_an_older_grades_csv_are_taken_into_the_gradebook(tmp_path: Path) -> None:
    hand_in(tmp_path / "scrape", "group-1")
    hand_in(tmp_path / "scrape", "group-2")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "grades.csv").write_text(
        "group,passed,score,comment\ngroup-2,31,9,Well done\n", encoding="utf-8"
    )
    outcome = CliRunner().invoke(main, ["grade", str(tmp_path / "scrape"), "-o", str(tmp_path / "out"), "-j", "1"])
    assert outcome.exit_code == 0 and "made from the scores and comments typed in grades.csv" in outcome.output
    book = read_gradebook((tmp_path / "out" / "gradebook.csv").read_bytes())
    assert (book.cell("group-2", "score"), book.cell("group-2", "comment"), book.groups()) == (
        "9", "Well done", ["group-2", "group-1"])  # fmt: skip
    assert "Score: 9" in (tmp_path / "out" / "feedback" / "group-2.md").read_text("utf-8")


def test_a_gradebook_saved_while_grade_ran_is_not_written_over(tmp_path: Path) -> None:
    from mkdocs_report_plugin.frontends.cli.gradebook_file import read_gradebook_file, write_gradebook_file
    from mkdocs_report_plugin.output.gradebook import GradebookError, GroupFacts, updated

    (tmp_path / "gradebook.csv").write_text("group,score\ngroup-1,5\n", encoding="utf-8")
    on_disk = read_gradebook_file(tmp_path)
    (tmp_path / "gradebook.csv").write_text("group,score\ngroup-1,6\n", encoding="utf-8")  # saved meanwhile
    book, _update = updated(on_disk.book, [GroupFacts("group-1")], [1])
    with pytest.raises(GradebookError, match="was saved while grade ran"):
        write_gradebook_file(on_disk, book, tmp_path)
    assert (tmp_path / "gradebook.csv").read_text("utf-8") == "group,score\ngroup-1,6\n"
