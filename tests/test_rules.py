"""Every rule, on reports the project writes: break one thing, find the finding that says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.findings import only, rules_of
from support.reportgen import good_answer, line_of, make_report, words

from mkdocs_report_plugin import Constraints, Range, check_report, check_text
from mkdocs_report_plugin.reading.official import read


def test_a_complete_report_passes_every_question() -> None:
    result = check_text(make_report())
    assert (result.passed, result.total, result.findings) == (31, 31, [])
    assert result.ok


# --- words ---------------------------------------------------------------------------


def test_too_few_words_says_how_many_to_add_at_the_answer_line() -> None:
    text = make_report({14: "Zebra " + words(166) + "\n\n![run](figures/run.png)"})  # the image is a token too
    finding = only(check_text(text), "words", 14)
    assert finding.headline == "Question 14: 168 words; the range is 200-300. Add at least 32 words."
    assert finding.line == line_of(text, "Zebra")
    assert finding.severity == "error"
    assert not check_text(text).question(14).ok


def test_too_many_words_says_how_many_to_cut() -> None:
    finding = only(check_text(make_report({7: words(103)})), "words", 7)
    assert finding.message == "103 words; the range is 50-100. Cut at least 3 words."


def test_words_are_whitespace_tokens_like_the_official_checker() -> None:
    answer = "We use `uv sync` -- see [docs](https://example.org) **now** " + words(45)
    question = check_text(make_report({7: answer})).question(7)
    assert question.words == len(answer.split()) == 53


# --- images --------------------------------------------------------------------------


def test_missing_image_fails_the_question_and_says_how_to_add_one() -> None:
    finding = only(check_text(make_report({19: "Our bucket holds the raw and processed data."})), "images", 19)
    assert finding.message.startswith("no image; the question asks for 1-2 images. Add 1 image")


def test_a_link_to_an_image_where_an_image_is_asked_is_told_to_add_the_exclamation_mark(tmp_path: Path) -> None:
    answer = "Our data is stored here: [Storage Bucket](figures/storagebucket.png)"
    report, text = repository(tmp_path, {19: answer}, "reports/figures/storagebucket.png")
    finding = only(check_report(report), "images", 19)
    assert finding.line == line_of(text, "[Storage Bucket]")
    assert (
        "write '!' before the '[' to show the image, as in ![Storage Bucket](figures/storagebucket.png)."
        in finding.message
    )
    assert "save it in figures/" not in finding.message  # the image is saved: only the '!' is missing


def test_too_many_images() -> None:
    answer = "\n".join(f"![shot {i}](figures/s{i}.png)" for i in range(3))
    finding = only(check_text(make_report({19: answer})), "images", 19)
    assert finding.message == "3 images; the question asks for 1-2 images. Remove 1 image."


def test_html_img_counts_as_an_image() -> None:
    question = check_text(make_report({20: '<img src="figures/registry.png" alt="registry" width="600">'})).question(20)
    assert question.rendered_images == 1 and question.ok


# --- unanswered ----------------------------------------------------------------------


def test_placeholder_left_is_unanswered_even_when_the_range_starts_at_zero() -> None:
    text = make_report({28: "--- question 28 fill here ---"})
    result = check_text(text)
    finding = only(result, "unanswered", 28)
    assert finding.line == line_of(text, "--- question 28 fill here ---")
    assert "placeholder" in finding.message and "up to 200 words" in finding.message
    assert not result.question(28).ok
    # ... while the official checker counts the placeholder as 6 words and passes it: the same finding says so
    assert "counts the placeholder as 6 words and passes the question" in finding.message
    assert rules_of(result, 28) == {"unanswered"}


def test_empty_answer_is_unanswered() -> None:
    finding = only(check_text(make_report({1: ""})), "unanswered", 1)
    assert finding.message.startswith("the answer is empty")


def test_quote_markers_alone_are_not_an_answer() -> None:
    assert "unanswered" in rules_of(check_text(make_report({2: ">\n>"})), 2)


# --- structure: missing, duplicate, unknown ----------------------------------------------


def test_missing_question_is_reported_where_it_belongs_and_still_listed() -> None:
    text = make_report(omit=(12,))
    result = check_text(text)
    finding = only(result, "missing-question", 12)
    assert finding.line == line_of(text, "### Question 13")
    assert [q.number for q in result.questions] == list(range(1, 32))
    assert not result.question(12).present and not result.question(12).ok
    assert result.passed == 30


def test_duplicate_question_points_at_the_copy() -> None:
    text = make_report({5: good_answer(5) + "\n\n### Question 5\n\n> Answer:\n\n" + words(120)})
    finding = only(check_text(text), "duplicate-question", 5)
    assert finding.line == line_of(text, "### Question 5", occurrence=2)
    assert f"first at line {line_of(text, '### Question 5')}" in finding.message


def test_unknown_question_number() -> None:
    text = make_report() + "\n### Question 32\n\n> Answer:\n\nextra\n"
    finding = only(check_text(text), "unknown-question")
    assert "questions 1-31" in finding.message and finding.severity == "warning"


# --- image files ---------------------------------------------------------------------


def write_figures(folder: Path, *names: str) -> None:
    (folder / "figures").mkdir(exist_ok=True)
    for name in names:
        (folder / "figures" / name).write_bytes(b"\x89PNG\r\n\x1a\n")


def test_image_not_found_relative_to_the_report(tmp_path: Path) -> None:
    write_figures(tmp_path, "present.png", "my plot.png")
    answer = "![a](figures/present.png)\n![b](figures/my%20plot.png)\n![c](figures/absent.png)"
    text = make_report({19: answer})
    (tmp_path / "README.md").write_text(text)
    result = check_report(tmp_path)
    finding = only(result, "image-not-found", 19)
    assert "'figures/absent.png' not found" in finding.message
    assert finding.line == line_of(text, "absent.png")


def test_image_outside_figures_gets_a_hint(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(make_report({29: words(250) + "\n\n![stack](stack.png)"}))
    finding = only(check_report(tmp_path / "README.md"), "image-not-found", 29)
    assert "move it to figures/stack.png" in finding.message


def repository(tmp_path: Path, answers: dict[int, str], *files: str) -> tuple[Path, str]:
    """A git work tree (a ``.git`` folder is enough) with the report in reports/ and ``files``."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "reports").mkdir()
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    text = make_report(answers)
    (tmp_path / "reports" / "README.md").write_text(text)
    return tmp_path / "reports" / "README.md", text


def test_an_image_written_from_the_repository_top_is_found_and_the_hand_in_fix_given(tmp_path: Path) -> None:
    report, text = repository(tmp_path, {19: "![bucket](/reports/figures/bucket.png)"}, "reports/figures/bucket.png")
    result = check_report(report)
    assert not rules_of(result, 19) - {"handin-image"} and result.question(19).ok
    finding = only(result, "handin-image", 19)
    assert finding.line == line_of(text, "/reports/figures/bucket.png")
    assert "GitHub shows it" in finding.message and finding.message.endswith("Write 'figures/bucket.png'.")


def test_a_missing_image_written_from_the_top_names_the_file_in_the_repository(tmp_path: Path) -> None:
    report, _ = repository(tmp_path, {19: "![bucket](/reports/figures/bucket.png)"})
    finding = only(check_report(report), "image-not-found", 19)
    assert "there is no 'reports/figures/bucket.png' in the repository" in finding.message
    assert "move it" not in finding.message  # it is in figures/ already


def test_an_image_elsewhere_in_the_repository_shows_on_github_but_not_in_the_hand_in(tmp_path: Path) -> None:
    report, _ = repository(tmp_path, {19: "![arch](../docs/figures/arch.png)"}, "docs/figures/arch.png")
    finding = only(check_report(report), "handin-image", 19)
    assert "outside the report's folder" in finding.message and "write 'figures/arch.png'" in finding.message


def test_without_a_repository_only_the_report_folder_is_judged(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(make_report({19: "![a](../docs/a.png) ![b](/reports/figures/b.png)"}))
    result = check_report(tmp_path / "README.md")
    assert rules_of(result, 19) == {"handin-image"}  # unknown whether they exist; the hand-in cannot show them
    assert len([f for f in result.findings if f.rule == "handin-image"]) == 2


def test_a_link_to_a_missing_file_is_a_warning_that_does_not_fail_the_question(tmp_path: Path) -> None:
    answer = good_answer(15) + " See [train](../dockerfiles/train.dockerfile) and [ok](../README.md)."
    report, text = repository(tmp_path, {15: answer}, "README.md")
    result = check_report(report)
    finding = only(result, "link-not-found", 15)
    assert finding.severity == "warning" and result.question(15).ok
    assert finding.line == line_of(text, "train.dockerfile")
    assert "there is no 'dockerfiles/train.dockerfile' in the repository" in finding.message


def test_a_link_written_from_the_repository_top_without_slash_gets_the_right_path(tmp_path: Path) -> None:
    report, _ = repository(
        tmp_path, {15: good_answer(15) + " [api](dockerfiles/api.dockerfile)"}, "dockerfiles/api.dockerfile"
    )
    finding = only(check_report(report), "link-not-found", 15)
    assert "write '../dockerfiles/api.dockerfile'" in finding.message


def test_a_missing_image_spelt_almost_like_a_file_beside_it_gets_did_you_mean(tmp_path: Path) -> None:
    answer = words(250) + "\n\n![coverage](figures/test-coverage.png)"
    report, _ = repository(tmp_path, {14: answer}, "reports/figures/test-converage.png", "reports/figures/loss.png")
    finding = only(check_report(report), "image-not-found", 14)
    assert finding.message.endswith("Add the file or fix the path. Did you mean 'figures/test-converage.png'?")


def test_a_missing_file_with_nothing_like_it_beside_it_gets_no_guess(tmp_path: Path) -> None:
    answer = good_answer(15) + " [api](../dockerfiles/api.dockerfile) ![plot](figures/plot.png)"
    report, _ = repository(tmp_path, {15: answer}, "dockerfiles/train.dockerfile", "reports/figures/loss.png")
    result = check_report(report)
    assert "Did you mean" not in only(result, "link-not-found", 15).message
    assert "Did you mean" not in only(result, "image-not-found", 15).message


def test_a_broken_link_spelt_almost_like_a_file_of_the_repository_gets_did_you_mean(tmp_path: Path) -> None:
    answer = good_answer(15) + " See [the file](../dockerfiles/train.dockerfle)."
    report, _ = repository(tmp_path, {15: answer}, "dockerfiles/train.dockerfile", "dockerfiles/api.dockerfile")
    finding = only(check_report(report), "link-not-found", 15)
    assert finding.message.endswith("Did you mean '../dockerfiles/train.dockerfile'?")


def test_a_web_address_without_https_is_named(tmp_path: Path) -> None:
    report, _ = repository(
        tmp_path, {15: good_answer(15) + " [image](europe-west1-docker.pkg.dev/project/images/train)"}
    )
    finding = only(check_report(report), "link-not-found", 15)
    assert "write it with https:// in front" in finding.message


def test_links_and_images_outside_the_repository_or_on_the_student_disk(tmp_path: Path) -> None:
    answers = {
        19: "![a](../../outside.png)",
        20: "![b](C:/Users/me/b.png)",
        15: good_answer(15) + " [c](../../../x.md)",
    }
    report, _ = repository(tmp_path, answers)
    result = check_report(report)
    assert "points outside the repository" in only(result, "image-not-found", 19).message
    assert "path on your own computer" in only(result, "image-not-found", 20).message
    assert "points outside the repository" in only(result, "link-not-found", 15).message


def test_image_files_are_not_checked_without_a_folder() -> None:
    assert check_text(make_report()).findings == []


@pytest.mark.parametrize(
    ("name", "bad"), [("arch.svg", True), ("arch.gif", True), ("arch.PNG", False), ("a.jpeg", False)]
)
def test_image_format(name: str, bad: bool) -> None:
    result = check_text(make_report({29: words(250) + f"\n\n![arch](figures/{name})"}))
    assert ("image-format" in rules_of(result, 29)) is bad


# --- image in code -----------------------------------------------------------------------


def test_image_in_a_code_block_is_one_finding_that_says_to_move_it_out() -> None:
    answer = words(150) + "\n\n```markdown\n![train](figures/train.png)\n```"
    text = make_report({21: answer})
    result = check_text(text)
    finding = only(result, "images", 21)
    assert finding.line == line_of(text, "![train]")
    assert "inside a code block" in finding.message and "move it out of the code block" in finding.message
    assert "checker counts" in finding.message
    assert {"image-in-code", "official-divergence"}.isdisjoint(rules_of(result, 21))
    assert not result.question(21).ok  # the teacher sees no picture, though the checker counts one


def test_image_in_inline_code_is_one_finding_on_its_line_that_says_to_remove_the_backticks() -> None:
    text = make_report({19: "Our bucket holds the data:\n\n`![bucket](figures/bucket.png)`"})
    result = check_text(text)
    assert [(f.rule, f.line) for f in result.findings] == [("images", line_of(text, "![bucket]"))]
    message = result.findings[0].message
    assert "remove the backticks" in message and "'figures/bucket.png'" in message
    assert "save it in figures/" not in message and "code block" not in message
    assert "checker counts" in message
    assert read(text, 31).answers[18].images == 1  # the checker counts it ...
    assert not result.question(19).ok  # ... but no picture shows: the question fails, as before


def test_extra_image_in_inline_code_is_a_warning_to_remove_the_backticks() -> None:
    text = make_report({19: "![bucket](figures/bucket.png) and `![old](figures/old.png)`"})
    result = check_text(text)
    finding = only(result, "image-in-code", 19)
    assert "Remove the backticks" in finding.message and "counts it as an image" in finding.message
    assert "official-divergence" not in rules_of(result, 19)  # both pass it: nothing more to tell
    assert result.question(19).ok


def test_image_in_code_that_fails_the_checker_is_still_a_divergence() -> None:
    text = make_report({20: "![a](figures/a.png) ![b](figures/b.png) `![c](figures/c.png)`"})
    result = check_text(text)
    assert result.question(20).ok
    divergence = only(result, "official-divergence", 20)
    assert "3 images and fail" in divergence.message and "inside code" in divergence.message


def test_image_in_inline_code_and_html_block_is_code() -> None:
    answer = "`![a](figures/a.png)`\n\n<pre>\n![b](figures/b.png)\n</pre>"
    question = check_text(make_report({19: answer})).question(19)
    assert [image.in_code for image in question.images] == [True, True]
    assert question.rendered_images == 0


# --- leftovers, quotes ------------------------------------------------------------------


@pytest.mark.parametrize("note", ["???", "TODO", "!! INSERT PICTURE !!!", "WRITE SOMETHING HERE", "TBD"])
def test_leftover_markers_are_named(note: str) -> None:
    text = make_report({6: words(120) + f"\n\n{note}"})
    finding = only(check_text(text), "leftover-marker", 6)
    assert finding.line == line_of(text, note) and finding.severity == "warning"


def test_todo_inside_code_is_not_a_leftover() -> None:
    result = check_text(make_report({6: words(120) + "\n\n```python\n# TODO: tune\n```"}))
    assert "leftover-marker" not in rules_of(result, 6)


def test_placeholder_next_to_an_answer_is_one_leftover_that_says_the_checker_counts_it() -> None:
    text = make_report({6: "--- question 6 fill here ---\n\n" + words(150)})
    result = check_text(text)
    finding = only(result, "leftover-marker", 6)
    assert "still in the answer" in finding.message and "checker counts its 6 words" in finding.message
    assert finding.line == line_of(text, "--- question 6 fill here ---")
    assert result.question(6).words == 150
    assert rules_of(result, 6) == {"leftover-marker"}


@pytest.mark.parametrize(("written", "verdict"), [(198, "fails the question at 204 words"),
                                                  (96, "passes the question at 102 words")])  # fmt: skip
def test_a_placeholder_that_turns_the_checkers_verdict_says_so(written: int, verdict: str) -> None:
    """Question 6 wants 100-200 words; the placeholder's 6 words take the course's count over or into the range."""
    result = check_text(make_report({6: "--- question 6 fill here ---\n\n" + words(written)}))
    assert verdict in only(result, "leftover-marker", 6).message


def test_placeholder_in_code_only_is_still_named_by_the_divergence() -> None:
    result = check_text(make_report({6: words(150) + "\n\n    --- question 6 fill here ---"}))
    assert "leftover-marker" not in rules_of(result, 6)
    assert "placeholder as 6 words" in only(result, "official-divergence", 6).message


def test_answer_on_the_marker_line_is_the_answer_and_sits_in_the_quote() -> None:
    text = make_report().replace("> Answer:\n\nGroup 1", "> Answer: 42")
    result = check_text(text)
    question = result.question(1)
    assert question.answered and question.answer.strip() == "42" and question.ok
    assert only(result, "answer-in-quote", 1).line == line_of(text, "> Answer: 42")


# --- encoding ------------------------------------------------------------------------------


def test_invalid_utf8_is_read_and_reported_at_its_line() -> None:
    text = make_report({4: words(150) + " caf\u00e9"})
    data = text.encode("cp1252")
    result = check_text(data)
    finding = only(result, "checker-stops")  # the course's report.py cannot decode it: an error on the whole report
    assert finding.line == line_of(text, "caf\u00e9") and finding.question is None and finding.severity == "error"
    assert "Save the file as UTF-8" in finding.message and "Windows-1252" in finding.message
    assert "caf\u00e9" in result.question(4).answer  # nothing lost
    assert result.passed == result.total and not result.ok


def test_mojibake_is_named_with_what_it_meant() -> None:
    result = check_text(make_report({4: words(150) + " we didn\u00e2\u20ac\u2122t"}))
    assert "probably '\u2019'" in only(result, "encoding", 4).message


# --- official divergence ------------------------------------------------------------------


def test_hash_comment_in_a_code_block_cuts_the_official_answer() -> None:
    answer = words(80) + "\n\n```bash\n### build the image\ndocker build .\n```\n\n" + words(60)
    text = make_report({8: answer})
    result = check_text(text)
    question = result.question(8)
    assert question.words == len(answer.split()) and question.ok
    divergence = only(result, "official-divergence", 8)
    assert f"stops reading at line {line_of(text, '### build the image')}" in divergence.message
    assert "81 words and fail" in divergence.message  # 80 words and the opening ```bash


def test_html_img_is_not_counted_by_the_official_checker() -> None:
    result = check_text(make_report({20: '<img src="figures/registry.png">'}))
    assert "does not count 1 HTML <img> tag" in only(result, "official-divergence", 20).message


def test_a_second_answer_marker_moves_the_official_answer() -> None:
    text = make_report({9: words(120) + "\n\nAnswer: yes, we did."})
    finding = only(check_text(text), "official-divergence", 9)
    assert f"from the 'Answer:' on line {line_of(text, 'Answer: yes')}" in finding.message
    assert "3 words and fail" in finding.message


def test_a_deleted_question_heading_is_found_at_its_prompt() -> None:
    text = make_report().replace("### Question 9\n", "")
    result = check_text(text)
    prompt_line = line_of(text, "> **Question 9 asks")
    assert result.question(8).words == len(good_answer(8).split()) and result.question(8).ok  # not the prompt below it
    [stops] = result.findings  # one cause, one finding: the course's checker stops on it, and it says how to fix it
    assert (stops.rule, stops.line) == ("checker-stops", prompt_line) and not result.question(9).ok
    assert "question 9 has no '### Question' heading above its prompt; restore it" in stops.message


def test_a_deleted_heading_the_checker_reads_past_is_missing_question_at_its_prompt() -> None:
    """With a heading after the last answer too (which makes the checker read that answer twice), it counts 31
    answers and goes on: the deleted heading is missing-question's."""
    text = make_report().replace("### Question 9\n", "") + "\n\n### Use of generative AI tools\n\nWe used none.\n"
    result = check_text(text)
    assert not read(text, 31).aborts
    missing = only(result, "missing-question", 9)
    assert missing.line == line_of(text, "> **Question 9 asks") and "above this prompt is missing" in missing.message


def test_a_deleted_answer_marker_makes_the_official_checker_stop() -> None:
    text = make_report().replace("> Answer:\n\n" + good_answer(12), "> \n\n" + good_answer(12))
    finding = only(check_text(text), "checker-stops")
    assert finding.line == line_of(text, "### Question 12") and finding.severity == "error"
    assert "30 answers instead of 31" in finding.message and "question 12 has no 'Answer:' line" in finding.message


def test_answer_written_where_a_heading_follows_adds_an_official_answer() -> None:
    text = make_report({9: words(120) + "\n\n```bash\n### build\n```\n\nAnswer: yes"})
    finding = only(check_text(text), "checker-stops")
    assert finding.line == line_of(text, "Answer: yes") and "32 answers instead of 31" in finding.message


def test_a_sub_heading_ends_the_answer_where_the_official_checker_ends_it() -> None:
    answer = words(60) + "\n\n- ### Locally:\n  " + words(60) + "\n\n### In the cloud\n\n" + words(40)
    text = make_report({9: answer})
    result = check_text(text)
    theirs = read(result.text, 31).answers[8]
    assert result.question(9).words == theirs.words == 61  # the '-' before '###' is a token for both
    finding = only(result, "heading-cuts-answer", 9)
    assert finding.line == line_of(text, "- ### Locally:") and finding.severity == "warning"
    assert "the 105 words in and below it" in finding.message  # Locally: + 60 + "### In the cloud" + 40
    assert "(**Locally:**)" in finding.message
    assert "official-divergence" not in rules_of(result, 9)


def test_a_template_section_heading_after_an_answer_is_not_a_cut_to_warn_about() -> None:
    text = make_report().replace(
        "### Question 3\n", "## Coding environment\n\n> In the following section we ask.\n\n### Question 3\n"
    )
    result = check_text(text)
    assert result.ok and not any(f.rule == "heading-cuts-answer" for f in result.findings)


def test_images_below_a_cutting_heading_are_named_too() -> None:
    answer = words(250) + "\n\n### Screenshots\n\n![run](figures/run.png)"  # the image is a token too
    result = check_text(make_report({14: answer}))
    assert "images" in rules_of(result, 14)  # the checker counts no image either
    assert "the 2 words and 1 image in and below it" in only(result, "heading-cuts-answer", 14).message


# --- not a report, unreadable, overrides, unknown revisions --------------------------------


def test_not_a_report_is_one_finding_not_31_failures() -> None:
    result = check_text("# My project\n\nSome text.\n\n## Install\n\npip install it\n")
    assert not result.is_report and result.questions == []
    assert [f.rule for f in result.findings] == ["not-a-report"]


def test_unreadable_path(tmp_path: Path) -> None:
    result = check_report(tmp_path / "nope.md")
    assert not result.is_report and result.findings[0].rule == "unreadable"


def test_caller_overrides_a_range() -> None:
    result = check_text(
        make_report({14: words(150) + "\n\n![a](figures/a.png)"}), constraints={14: Constraints(words=Range(100, 300))}
    )
    assert result.question(14).ok and result.question(14).constraints.images == Range(1, 3)


def test_an_unseen_revision_is_read_from_its_own_prompts() -> None:
    text = make_report().replace(
        "Recommended answer length: 200-300 words + 1 to 3", "Recommended answer length: 150-250 words + 2 to 4"
    )
    text += (
        "\n### Question 32\n\n> **New question.**\n>\n> Recommended answer length: 10-20 words.\n>\n> Answer:\n\n"
        + words(15)
        + "\n"
    )
    result = check_text(text)
    assert result.template.generation == "unknown" and result.total == 32
    assert result.question(14).constraints == Constraints(Range(150, 250), Range(2, 4))
    assert result.question(32).constraints.words == Range(10, 20) and result.question(32).ok


def test_report_with_every_answer_marker_deleted_is_still_a_report() -> None:
    result = check_text(make_report().replace("> Answer:", ">"))
    assert result.is_report and result.total == 31
    assert "0 answers instead of 31" in only(result, "checker-stops").message


# --- paths as real reports write them ---------------------------------------------------


def test_links_with_other_schemes_are_addresses_not_files(tmp_path: Path) -> None:
    links = " ".join(
        f"[{n}]({target})"
        for n, target in enumerate(
            ["gs://leafline-data/raw", "s3://bucket/key", "ssh://vm.example", "vscode:extension/ms-python.python"]
        )
    )
    report, _ = repository(tmp_path, {15: good_answer(15) + " " + links})
    assert "link-not-found" not in rules_of(check_report(report), 15)


def test_a_reference_style_link_is_reported_on_its_definition_line(tmp_path: Path) -> None:
    answer = good_answer(15) + " See [the Dockerfile][train].\n\n[train]: ../dockerfiles/train.dockerfile"
    report, text = repository(tmp_path, {15: answer})
    assert only(check_report(report), "link-not-found", 15).line == line_of(text, "[train]: ")


def test_a_reference_style_image_is_not_counted_by_the_official_checker() -> None:
    answer = words(250) + "\n\n![loss][loss]\n\n[loss]: figures/loss.png"
    result = check_text(make_report({14: answer}))
    assert result.question(14).rendered_images == 1  # it shows on GitHub and on the site
    assert "written as ![alt][label]" in only(result, "official-divergence", 14).message


def test_a_missing_image_below_a_cutting_heading_is_still_reported(tmp_path: Path) -> None:
    answer = words(250) + "\n\n![ok](figures/ok.png)\n\n### More runs\n\n![gone](figures/gone.png)"
    report, text = repository(tmp_path, {14: answer}, "reports/figures/ok.png")
    result = check_report(report)
    assert only(result, "image-not-found", 14).line == line_of(text, "figures/gone.png")
    assert "heading-cuts-answer" in rules_of(result, 14)


def test_an_answer_written_as_a_heading_is_named_as_such() -> None:
    text = make_report({1: "### Group 42"})
    result = check_text(text)
    finding = only(result, "unanswered", 1)
    assert finding.line == line_of(text, "### Group 42")
    assert "starts with the heading '### Group 42'" in finding.message and "**bold**" in finding.message
    assert "heading-cuts-answer" not in rules_of(result, 1)


def test_a_repeated_answer_marker_is_not_taken_for_a_lost_prompt() -> None:
    text = make_report({4: "> \n> Answer: " + good_answer(4)}, omit=(5,))
    result = check_text(text)
    missing = only(result, "missing-question", 5)
    assert "above this prompt" not in missing.message and missing.line == line_of(text, "### Question 6")


@pytest.mark.parametrize(
    ("written", "expected"),
    [("figures\\loss.png", "GitHub reads '\\' as part of a name, not between folders): write 'figures/loss.png'"),
     ("figures/Loss.PNG", "GitHub tells upper and lower case apart): write 'figures/loss.png'")],
)  # fmt: skip
def test_paths_that_work_only_on_some_computers(tmp_path: Path, written: str, expected: str) -> None:
    report, _ = repository(tmp_path, {19: f"![loss]({written})"}, "reports/figures/loss.png")
    assert expected in only(check_report(report), "image-not-found", 19).message


def test_a_file_name_that_ends_like_a_domain_is_not_taken_for_a_web_address(tmp_path: Path) -> None:
    report, _ = repository(tmp_path, {15: good_answer(15) + " [dev image](Dockerfile.dev)"}, "Dockerfile.dev")
    message = only(check_report(report), "link-not-found", 15).message
    assert "write '../Dockerfile.dev'" in message and "https://" not in message


def test_a_suggested_path_with_spaces_is_written_so_that_github_reads_it(tmp_path: Path) -> None:
    report, _ = repository(tmp_path, {19: "![shot](<../screens/shot 1.png>)"}, "screens/shot 1.png")
    assert "write '<figures/shot 1.png>'" in only(check_report(report), "handin-image", 19).message
