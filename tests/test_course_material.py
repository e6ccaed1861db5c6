"""The real hand-ins and blank templates in ../shared: agreement with the official checker.

The expected verdicts are the official checker's, copied from the reference table in
shared/reference/official-checker.md; our own extra findings are asserted beside them.
"""

from __future__ import annotations

import pytest
from support.course import SHIPPED_YEARS, blank_template, shared_file

from mkdocs_report_plugin import check_report, check_text
from mkdocs_report_plugin.reading.official import read
from mkdocs_report_plugin.reading.parse import parse
from mkdocs_report_plugin.reading.shipped import shipped_specs
from mkdocs_report_plugin.reading.template import read_from_prompts

SEEDS = {
    "000_ad68e97d16ebc5cb.md": ("2023", {4, 5, 6, 7, 14, 17, 18, 20}),
    "001_4da3d5e35cecd476.md": ("2026", {9, 11, *range(15, 23), 24, 25, 26, 27, 29, 30, 31}),
    "002_3091291e06c18c78.md": ("2023", set()),
    "003_2d14604aadcc0b7b.md": ("2025", {11, 18, 21, 26, 27, 30, 31}),
    "004_5ba7cd2e3e93ec2e.md": ("2025", {7, 8, 21, 25, 26, 29, 30}),
}
# Where the official checker misreads, our verdict differs on purpose.
OUR_EXTRA_FAILURES = {"001_4da3d5e35cecd476.md": {28}, "004_5ba7cd2e3e93ec2e.md": {14, 19, 20}}


def failing(name: str) -> set[int]:
    """Questions we fail, the file checks that need the hand-in's figures/ left aside."""
    result = check_text(shared_file("seeds", name).read_bytes())  # no folder: no file lookups
    return {question.number for question in result.questions if not question.ok}


@pytest.mark.parametrize("name", SEEDS)
def test_generation_is_detected(name: str) -> None:
    assert check_report(shared_file("seeds", name)).template.generation == SEEDS[name][0]


@pytest.mark.parametrize("name", SEEDS)
def test_verdicts_equal_the_official_checker_where_it_reads_correctly(name: str) -> None:
    official_failures = SEEDS[name][1]
    assert failing(name) == official_failures | OUR_EXTRA_FAILURES.get(name, set())


@pytest.mark.parametrize("name", SEEDS)
def test_word_and_image_counts_equal_the_official_counts_where_it_reads_correctly(name: str) -> None:
    """Agreement question by question, except where we report an official-divergence, an image written in code or a
    placeholder left next to an answer (the checker counts both; the finding about them says so)."""
    result = check_report(shared_file("seeds", name))
    reading = read(result.text, result.template.question_count)
    diverging = {f.question for f in result.findings if f.rule == "official-divergence"}
    diverging |= {question.number for question in result.questions if any(image.in_code for image in question.images)}
    diverging |= {f.question for f in result.findings if f.rule == "leftover-marker" and "checker counts" in f.message}
    compared = 0
    for question in result.questions:
        if question.number in diverging or not question.answered:
            continue
        theirs = reading.answers[question.number - 1]
        assert (question.words, question.rendered_images) == (theirs.words, theirs.images), question.number
        compared += 1
    assert compared >= result.total // 2


def test_seed_001_question_28_is_unanswered_although_the_official_checker_passes_it() -> None:
    result = check_report(shared_file("seeds", "001_4da3d5e35cecd476.md"))
    [finding] = [f for f in result.findings if f.question == 28]
    assert finding.rule == "unanswered" and "checker counts the placeholder as 6 words and passes" in finding.message


def test_seed_004_images_in_code_blocks_are_one_finding_each_question() -> None:
    result = check_report(shared_file("seeds", "004_5ba7cd2e3e93ec2e.md"))
    for number in (14, 19, 20):
        rules = {f.rule for f in result.findings if f.question == number}
        assert "images" in rules and {"image-in-code", "official-divergence"}.isdisjoint(rules), number
        [finding] = [f for f in result.findings if f.question == number and f.rule == "images"]
        assert "move it out of the code block" in finding.message or "move them out" in finding.message, number
        assert not result.question(number).ok  # the official checker passes them on images nobody sees


def test_seed_003_question_29_image_outside_figures() -> None:
    result = check_report(shared_file("seeds", "003_2d14604aadcc0b7b.md"))
    [finding] = [f for f in result.findings if f.question == 29 and f.rule == "image-not-found"]
    assert "'MLOPS-stack.png'" in finding.message and "figures/MLOPS-stack.png" in finding.message


def test_seed_004_mojibake_and_leftovers() -> None:
    result = check_report(shared_file("seeds", "004_5ba7cd2e3e93ec2e.md"))
    leftovers = {(f.question, f.message.split("'")[1]) for f in result.findings if f.rule == "leftover-marker"}
    assert {(7, "???"), (21, "INSERT PICTURE"), (27, "???")} <= leftovers
    assert any(f.rule == "encoding" for f in result.findings)


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_blank_template_is_recognised_and_nothing_passes_but_the_two_free_questions(year: str) -> None:
    result = check_report(blank_template(year))
    assert result.template.generation == year
    unanswered = {f.question for f in result.findings if f.rule == "unanswered"}
    # The 2025 template ships with junk text in question 31: it is an answer of sorts.
    expected = set(range(1, result.total + 1)) - ({31} if year == "2025" else set())
    assert unanswered == expected


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_range_tables_equal_what_each_template_says(year: str) -> None:
    text = blank_template(year).read_text(encoding="utf-8")
    document = parse(text)
    generation = shipped_specs()[year]
    prompts = {section.number: section.prompt for section in document.sections}
    assert read_from_prompts(prompts, generation.question_count).constraints == generation.constraints


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_checklist_of_the_template(year: str) -> None:
    result = check_report(blank_template(year))
    sections = result.checklist_by_section()
    assert list(sections)[:3] == ["Week 1", "Week 2", "Week 3"] and list(sections)[-1] in {"Extra", "Additional"}
    assert all(done == 0 for done, _ in sections.values())
    if result.total == 31:  # module tags like (M21) arrived with the 31-question template
        assert sum(1 for item in result.checklist if item.modules) > 30
