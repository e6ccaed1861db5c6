"""The report's structure as real hand-ins write it: code in lists, stray headings, line endings."""

from __future__ import annotations

from support.findings import only, rules_of
from support.reportgen import good_answer, line_of, make_report, words

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.model.report import Result
from mkdocs_report_plugin.reading.official import read


def test_fence_inside_a_list_item_with_a_hash_comment_is_code() -> None:
    answer = (
        words(70) + "\n\n1. Build it:\n   ```bash\n   ### not a heading\n   docker build .\n     ```\n2. " + words(40)
    )
    result = check_text(make_report({9: answer}))
    question = result.question(9)
    assert question.words == len(answer.split())
    assert "### not a heading" in question.answer and question.ok


def test_four_space_indented_code_hides_image_syntax() -> None:
    answer = words(120) + "\n\n    ![x](figures/x.png)\n"
    question = check_text(make_report({10: answer})).question(10)
    assert [image.in_code for image in question.images] == [True]


def test_one_line_triple_backtick_placeholder_is_inline_code_not_a_fence() -> None:
    text = make_report().replace("## Group information", "```--- question 1 fill here ---```\n\n## Group information")
    result = check_text(text)
    assert result.passed == 31  # a fence here would swallow the rest of the report


def test_heading_inside_a_list_item_is_not_a_question_boundary() -> None:
    answer = words(160) + "\n\n- ### Question 12 notes\n  " + words(50)
    text = make_report({11: answer})
    result = check_text(text)
    assert not any(f.rule == "duplicate-question" for f in result.findings)
    assert result.question(12).line == line_of(text, "### Question 12\n".strip(), occurrence=2)
    assert result.question(11).words == 161  # the checker's reading ends at the '###': so does ours


def test_heading_with_trailing_words_and_spaces_is_still_the_question() -> None:
    text = make_report().replace("### Question 14\n", "### Question 14 - experiment tracking   \n")
    result = check_text(text)
    assert result.question(14).title == "Question 14 - experiment tracking"
    assert result.question(14).line == line_of(text, "### Question 14 -")


def test_crlf_bom_and_front_matter_keep_line_numbers() -> None:
    text = make_report({7: "Quokka " + words(19)})
    expected = line_of(text, "Quokka")
    crlf = ("\ufeff" + text).replace("\n", "\r\n").encode("utf-8")
    assert [f.line for f in check_text(crlf).findings] == [expected]
    front = "---\nlayout: default\nnav_exclude: true\n---\n\n" + text
    assert [f.line for f in check_text(front).findings] == [expected + 5]


def test_old_mac_line_endings_are_lines_too() -> None:
    text = make_report({7: "Quokka " + words(19)})
    assert [f.line for f in check_text(text.replace("\n", "\r")).findings] == [line_of(text, "Quokka")]


def test_checklist_items_with_weeks_modules_and_continuation_lines() -> None:
    result = check_text(make_report())
    assert result.checklist_by_section() == {"Week 1": (2, 3), "Week 2": (1, 2), "Extra": (0, 1)}
    continued = result.checklist[2]
    assert continued.text.endswith("with whatever dependencies you use (M2+M6)")
    assert continued.modules == ("M2", "M6") and not continued.checked
    assert result.checklist[0].line == line_of(make_report(), "Create a git repository")


def test_references_list_links_and_images_outside_code_with_their_question() -> None:
    answer = (
        words(150) + " [train](../dockerfiles/train.dockerfile)\n\n![a](figures/a.png)\n\n```\n![b](figures/b.png)\n```"
    )
    text = make_report({15: answer})
    references = [(r.target, r.line, r.is_image, r.question) for r in check_text(text).references if r.question == 15]
    assert references == [
        ("../dockerfiles/train.dockerfile", line_of(text, "train.dockerfile"), False, 15),
        ("figures/a.png", line_of(text, "![a]"), True, 15),
    ]


def test_answer_pasted_twice_keeps_everything_after_the_first_marker() -> None:
    answer = words(60) + "\n\n> Answer:\n\n" + words(60)
    question = check_text(make_report({13: answer})).question(13)
    assert words(60) in question.answer and question.answer.count(words(60)) == 2


def test_regression_link_after_a_code_span_over_a_line_break_keeps_its_line() -> None:
    answer = (
        words(100) + " run `docker\nbuild` and see [train](../dockerfiles/train.dockerfile) and\n![a](figures/a.png)"
    )
    text = make_report({15: answer})
    [link, picture] = [r for r in check_text(text).references if r.question == 15]
    assert link.line == line_of(text, "train.dockerfile")
    assert picture.line == line_of(text, "![a]")


def test_targets_are_kept_as_written() -> None:
    answer = words(100) + " ![plot](<figures/my plot.png>) ![æ](figures/æble.png) [d](../docs/a%20b.md)"
    targets = [r.target for r in check_text(make_report({15: answer})).references if r.question == 15]
    assert targets == ["figures/my plot.png", "figures/æble.png", "../docs/a%20b.md"]


# --- headings students write inside answers (setext underlines, '#') ----------------------


def official_counts(result: Result, number: int) -> tuple[int, int]:
    theirs = read(result.text, result.total).answers[number - 1]
    return theirs.words, theirs.images


def test_dashes_kept_around_an_answer_do_not_end_it() -> None:
    """'--- text' ... ' ---' makes the paragraph a setext heading; it is still the answer."""
    answer = "--- We used DVC " + words(80) + "\n" + words(40) + "\n ---"
    text = make_report({6: answer})
    result = check_text(text)
    question = result.question(6)
    assert question.answered and question.words == 125 == official_counts(result, 6)[0]
    finding = only(result, "accidental-heading", 6)
    assert finding.line == line_of(text, " ---") and finding.severity == "warning"
    assert "on GitHub (the site and the hand-in show it as text)" in finding.message
    assert question.ok


def test_a_pasted_coverage_table_is_counted_and_its_heading_named() -> None:
    table = "Name      Stmts   Miss  Cover\n-------------------------------\nsrc/data.py  40  26  35%\n\n"
    text = make_report({8: table + words(100)})
    result = check_text(text)
    assert result.question(8).words == 4 + 1 + 4 + 100 == official_counts(result, 8)[0]
    finding = only(result, "accidental-heading", 8)
    assert finding.line == line_of(text, "-------") and "on GitHub, on the site and in the hand-in" in finding.message


def test_images_in_an_underlined_paragraph_are_counted() -> None:
    answer = "--- ![buckets](figures/buckets.png)\n    ![content](figures/content.png)\n ---"
    result = check_text(make_report({19: answer}))
    question = result.question(19)
    assert question.answered and question.rendered_images == 2 == official_counts(result, 19)[1]
    assert question.ok and rules_of(result, 19) == {"accidental-heading"}


def test_a_question_heading_written_again_as_h1_is_answer_text() -> None:
    answer = "# Question 14\n\n" + good_answer(14)
    result = check_text(make_report({14: answer}))
    assert result.question(14).words == len(answer.split()) == official_counts(result, 14)[0]
    assert result.question(14).answered and not any(f.rule == "duplicate-question" for f in result.findings)


def test_a_thank_you_heading_after_the_last_answer_is_counted_as_the_checker_does() -> None:
    answer = good_answer(31) + "\n\n# Thank you for this course\n"
    result = check_text(make_report({31: answer}))
    assert result.question(31).words == len(answer.split()) == official_counts(result, 31)[0]


def test_a_closing_h2_with_no_question_after_it_is_read_to_the_end_as_the_checker_does() -> None:
    answer = good_answer(31) + "\n\n## Thanks\n\nFor a great course."
    result = check_text(make_report({31: answer}))
    assert result.question(31).words == len(answer.split()) == official_counts(result, 31)[0]
    assert not any(f.question == 31 for f in result.findings)


def test_answer_in_the_prompt_example_is_not_the_marker() -> None:
    example = "> Example:\n> *Answer: yes. We made use of uv to pin every dependency.*\n>\n> Answer:"
    text = make_report().replace(
        "> Recommended answer length: 100-200 words.\n>\n> Answer:",
        "> Recommended answer length: 100-200 words.\n>\n" + example,
        1,
    )
    result = check_text(text)
    assert "*Answer: yes" in text and result.ok, [f.headline for f in result.findings]
    question = next(
        q for q in result.questions if "*Answer: yes" in text.split(f"### Question {q.number}\n")[-1].split("###")[0]
    )
    assert question.marker_line == line_of(text, "> Answer:", occurrence=question.number)
    assert (question.words, question.rendered_images) == official_counts(result, question.number)
