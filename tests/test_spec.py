"""Template specs: a spec a teacher wrote is either used as written or refused with the file, line and key."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.course import SHIPPED_YEARS, blank_template, shared_file

from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.model.report import Constraints, Range, Template
from mkdocs_report_plugin.reading.shipped import shipped_specs, shipped_years
from mkdocs_report_plugin.reading.spec import load_spec, spec_from_text, spec_to_yaml
from mkdocs_report_plugin.reading.spec_error import SpecError

GOOD = """\
spec: 1
name: "02999 (2027)"
generation: "2027"
questions:
  - {number: 1}
  - {number: 2, words: "100-200"}
  - {number: 3, words: "50-100", images: "1-2"}
  - {number: 4, words: null}
"""


def test_a_spec_gives_each_question_its_limits_and_none_where_absent(tmp_path: Path) -> None:
    path = tmp_path / "report-spec.yaml"
    path.write_text(GOOD, encoding="utf-8")
    template = load_spec(path)
    assert template.generation == "2027"
    assert template.question_count == 4
    assert template.constraints[1] == Constraints()
    assert template.constraints[3] == Constraints(words=Range(50, 100), images=Range(1, 2))
    assert template.constraints[4] == Constraints()


@pytest.mark.parametrize(
    ("old", "new", "line", "said"),
    [
        ('words: "100-200"', 'words: "300-200"', 6, "smaller number first"),
        ("{number: 3,", "{number: 2,", 7, "question 2 is listed twice"),
        ("generation:", "generaton:", 3, "unknown key 'generaton'"),
        ('images: "1-2"', "images: lots", 7, "key 'images' must be a range"),
        ("spec: 1", "spec: 2", 1, "key 'spec' must be 1"),
        ("  - {number: 4, words: null}\n", "  - {number: 6}\n", 4, "must number 1 to 4"),
        ("questions:", "questions: [", 5, "not valid YAML"),
    ],
)
def test_a_spec_that_cannot_be_used_names_the_file_the_line_and_the_key(
    old: str, new: str, line: int, said: str
) -> None:
    assert old in GOOD
    with pytest.raises(SpecError) as refused:
        spec_from_text(GOOD.replace(old, new), "reports/report-spec.yaml")
    message = str(refused.value)
    assert message.startswith(f"reports/report-spec.yaml, line {line}:"), message
    assert said in message


def test_a_missing_spec_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="cannot read the template spec"):
        load_spec(tmp_path / "nowhere.yaml")


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_each_year_ships_as_a_spec_of_its_templates_questions(year: str) -> None:
    """``specs/2026.yaml`` is the 2026 template, whose blank copy is ``2026-31-questions.md``."""
    count = int(blank_template(year).name.split("-")[1])
    template = shipped_specs()[year]
    assert (template.generation, template.question_count, template.source) == (year, count, f"shipped spec {year}")


def _spec_command(template: Path, tmp_path: Path) -> Template:
    output = tmp_path / "report-spec.yaml"
    result = CliRunner().invoke(main, ["spec", str(template), "-o", str(output)])
    assert result.exit_code == 0, result.output
    return load_spec(output)


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_spec_of_each_blank_template_equals_the_shipped_spec(year: str, tmp_path: Path) -> None:
    """All of it: title, marker, placeholder, sections, question titles and limits, checklist, checker.

    Only what a blank template cannot state differs, as docs/template-spec.md says: name,
    generation and identify (source only says where each was read from).
    """
    shipped = shipped_specs()[year]
    made = _spec_command(blank_template(year), tmp_path)
    assert made.title == "Exam template for 02476 Machine Learning Operations"
    assert made.identify == ()
    cannot_state = {"name": shipped.name, "generation": shipped.generation, "identify": shipped.identify}
    assert replace(made, source=shipped.source, **cannot_state) == shipped


def test_spec_of_every_template_revision_gives_the_limits_its_checker_enforced(tmp_path: Path) -> None:
    revisions = sorted(shared_file("templates", "history").glob("*-README.md"))
    assert len(revisions) == 17
    for readme in revisions:
        limits = json.loads(readme.with_name(readme.name.replace("-README.md", "-limits.json")).read_text())
        made = _spec_command(readme, tmp_path)
        assert made.question_count == limits["expected_answers"], readme.name
        for number, expected in limits["questions"].items():
            got = made.constraints[int(number)].to_dict()
            want = {key: f"{value[0]}-{value[1]}" if value else None for key, value in expected.items()}
            assert got == want, f"{readme.name} question {number}"


def test_spec_refuses_to_overwrite_the_template(tmp_path: Path) -> None:
    template = tmp_path / "README.md"
    template.write_text("### Question 1\n\n> Answer:\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["spec", str(template), "-o", str(template)])
    assert result.exit_code == 2
    assert "that is the template itself" in result.output
    assert template.read_text(encoding="utf-8") == "### Question 1\n\n> Answer:\n"


def test_spec_names_what_it_could_not_read_and_still_writes_the_rest(tmp_path: Path) -> None:
    template = tmp_path / "README.md"
    template.write_text(
        "### Question 1\n\n> Answer length: about a few words\n\n> Answer:\n\n"
        "### Question 2\n\n> Recommended answer length: 100-200 words.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["spec", str(template)])
    assert result.exit_code == 0
    assert "Question 1's prompt mentions words but no range" in result.output
    assert "Question 2 has no 'Answer:' marker" in result.output
    assert '{number: 2, words: "100-200"}' in result.output


# --- the full schema ------------------------------------------------------------------

OTHER_COURSE_TEMPLATE = """\
# Exam report for 01234 Data Pipelines

## Project checklist

### Part A

* [ ] Load the raw data (P1)
* [x] Clean the raw data (P2)

## Data

### Question 1
> **Which data did you use?**
>
> Recommended answer length: 20-60 words.
>
> Answer:

<<write answer 1 here>>

### Question 2
> **How did you store it?**
>
> Recommended answer length: 30-90 words.
>
> Answer:

<<write answer 2 here>>

## Pipeline

""" + "".join(
    f"### Question {number}\n> **What did step {number} do?**\n>\n> Recommended answer length: {10 * number}-"
    f"{20 * number} words.\n>\n> Answer:\n\n<<write answer {number} here>>\n\n"
    for number in range(3, 9)
)

FULL = """\
spec: 1
name: "01234 (2027)"
title: "Exam report for 01234 Data Pipelines"
placeholder: "<<write answer {number} here>>"
identify:
  - "how did you store it?"
checker:
  answers: 3
sections:
  - {title: "Data", questions: "1-2"}
  - {title: "Pipeline", questions: 3}
checklist:
  - section: "Part A"
    items: ["Load the raw data (P1)"]
questions:
  - {number: 1, title: "Which data did you use?", words: "20-60"}
  - {number: 2, words: "30-90"}
  - {number: 3}
"""


def test_a_small_spec_of_limits_alone_gets_the_defaults() -> None:
    template = spec_from_text(GOOD, "report-spec.yaml")
    assert (template.title, template.marker, template.placeholder) == ("", "Answer:", "")
    assert (template.sections, template.checklist, template.identify) == ((), (), ())
    assert (template.answers_expected, template.header_offset) == (4, 0)


def test_a_full_spec_reads_every_key() -> None:
    template = spec_from_text(FULL, "report-spec.yaml")
    assert template.generation == "01234 (2027)"  # no generation: the name stands for it
    assert template.title == "Exam report for 01234 Data Pipelines"
    assert template.placeholder == "<<write answer {number} here>>"
    assert template.identify == ("how did you store it?",)
    assert [(section.title, section.questions) for section in template.sections] == [
        ("Data", (1, 2)),
        ("Pipeline", (3,)),
    ]
    assert template.checklist[0].items == ("Load the raw data (P1)",)
    assert template.question_titles == {1: "Which data did you use?"}
    assert template.answers_expected == 3


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_spec_to_yaml_writes_every_key_back(year: str) -> None:
    shipped = shipped_specs()[year]
    assert spec_from_text(spec_to_yaml(shipped, shipped.name), shipped.source) == shipped


@pytest.mark.parametrize(
    ("old", "new", "line", "said"),
    [
        ('{title: "Pipeline", questions: 3}', '{title: "Pipeline", questions: 2}', 11, "question 2 is in two sections"),
        (
            '{title: "Pipeline", questions: 3}',
            '{title: "Pipeline", questions: 9}',
            11,
            "question 9 is in a section but",
        ),
        ('{title: "Pipeline", questions: 3}', '{title: "Pipeline", questions: "3-1"}', 11, "smaller number first"),
        ("  answers: 3", "  answer: 3", 8, "unknown key 'answer'"),
        ("  answers: 3", "  answers: many", 8, "key 'answers' must be a whole number"),
        ('    items: ["Load the raw data (P1)"]', '    items: "Load the raw data"', 14, "key 'items' must be a list"),
        ('identify:\n  - "how did you store it?"', 'identify: "how"', 5, "key 'identify' must be a list"),
        ('title: "Which data did you use?", ', 'title: "", ', 16, "key 'title' must be a single value"),
        ("checker:\n  answers: 3", "checker: 3", 7, "key 'checker' must be a mapping"),
    ],
)
def test_a_full_spec_that_cannot_be_used_names_the_file_the_line_and_the_key(
    old: str, new: str, line: int, said: str
) -> None:
    assert old in FULL
    with pytest.raises(SpecError) as refused:
        spec_from_text(FULL.replace(old, new), "report-spec.yaml")
    assert str(refused.value).startswith(f"report-spec.yaml, line {line}:"), str(refused.value)
    assert said in str(refused.value)


def test_spec_of_another_course_has_its_title_sections_placeholder_and_checklist_and_nothing_of_02476(
    tmp_path: Path,
) -> None:
    template = tmp_path / "template.md"
    template.write_text(OTHER_COURSE_TEMPLATE, encoding="utf-8")
    result = CliRunner().invoke(main, ["spec", str(template), "-o", str(tmp_path / "report-spec.yaml")])
    assert result.exit_code == 0
    written = (tmp_path / "report-spec.yaml").read_text(encoding="utf-8")
    assert "02476" not in written and "fill here" not in written
    made = load_spec(tmp_path / "report-spec.yaml")
    assert made.title == "Exam report for 01234 Data Pipelines"
    assert made.placeholder == "<<write answer {number} here>>"
    assert [(s.title, s.questions) for s in made.sections] == [
        ("Project checklist", ()), ("Data", (1, 2)), ("Pipeline", (3, 4, 5, 6, 7, 8))
    ]  # fmt: skip
    assert [(part.title, part.items) for part in made.checklist] == [
        ("Part A", ("Load the raw data (P1)", "Clean the raw data (P2)"))
    ]  # ticked or not, every item of the template's list
    assert made.question_count == made.answers_expected == 8
    assert made.constraints[8].words == Range(80, 160)
    assert made.question_titles[2] == "How did you store it?"
    assert "header offset cannot be read" in result.output  # a template of an unknown course cannot state it


def test_spec_of_a_filled_template_finds_the_placeholder_under_the_questions_left(tmp_path: Path) -> None:
    filled = OTHER_COURSE_TEMPLATE.replace("<<write answer 1 here>>", "We used taxi trips.").replace(
        "<<write answer 2 here>>", "In parquet files."
    )
    template = tmp_path / "README.md"
    template.write_text(filled, encoding="utf-8")
    assert _spec_command(template, tmp_path).placeholder == "<<write answer {number} here>>"


# --- detection and use: the code knows nothing of 02476 but what the specs say ----------------


def _answered(template_text: str, numbers: range) -> str:
    for number in numbers:
        template_text = template_text.replace(f"<<write answer {number} here>>", " ".join(["word"] * (20 * number)))
    return template_text


@pytest.fixture
def specs_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the package's ``reading/specs/`` that the package reads instead, for a test to add a file to."""
    from mkdocs_report_plugin.reading import shipped

    folder = tmp_path / "specs"
    shutil.copytree(shipped.SPECS_FOLDER, folder)
    monkeypatch.setattr(shipped, "SPECS_FOLDER", folder)
    monkeypatch.setattr(shipped, "BUILT_SPECS", "no_such_built.specs")
    shipped_specs.cache_clear()
    yield folder
    shipped_specs.cache_clear()


def test_a_spec_file_added_to_the_shipped_ones_is_all_another_course_needs(specs_folder: Path) -> None:
    """Detected by its identify phrase; its questions, limits, placeholder and sections are used."""
    from mkdocs_report_plugin import check_text

    (specs_folder / "01234.yaml").write_text(FULL.replace("answers: 3", "answers: 8").replace('  - {number: 3}\n', "".join(
        f'  - {{number: {number}, words: "{10 * number}-{20 * number}"}}\n' for number in range(3, 9)
    )).replace('questions: 3}', 'questions: "3-8"}'), encoding="utf-8")  # fmt: skip
    result = check_text(_answered(OTHER_COURSE_TEMPLATE, range(2, 9)))
    assert result.template is not None and result.template.name == "01234 (2027)"
    assert [question.number for question in result.questions] == list(range(1, 9))
    assert [question.number for question in result.questions if not question.ok] == [1]
    [unanswered] = [found for found in result.findings if found.rule == "unanswered"]
    assert "the placeholder is still there" in unanswered.message
    assert result.question(1) is not None and result.question(1).words == 0  # the placeholder is no answer
    assert not [found for found in result.findings if found.rule == "heading-cuts-answer"]  # '## Pipeline' is a section
    assert not [found for found in result.findings if "02476" in found.message]


def test_a_new_template_year_is_its_spec_file_and_nothing_else(specs_folder: Path, tmp_path: Path) -> None:
    """``specs/2027.yaml`` beside the others: a report of that template is told from 2026's by its phrase, checked
    against its limits by the engine and the command line, and the year is listed with the others."""
    from mkdocs_report_plugin import check_text

    def for_2027(line: str) -> str:
        if line.startswith("  - {number: 14,"):
            return line.replace('words: "200-300"', 'words: "150-250"')
        line = line.replace("did you end up using any open-source frameworks", "which frameworks did you try")
        return line.replace('"02476 (2026)"', '"02476 (2027)"').replace('generation: "2026"', 'generation: "2027"')

    lines = (specs_folder / "2026.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    spec = [for_2027(line) for line in lines]
    assert sum(new != old for new, old in zip(spec, lines, strict=True)) == 4  # name, generation, phrase, Q14
    (specs_folder / "2027.yaml").write_text("".join(spec), encoding="utf-8")
    report = blank_template("2026").read_text(encoding="utf-8")
    report = report.replace("Did you end up using any open-source frameworks", "Which frameworks did you try")
    result = check_text(report)

    assert shipped_years() == [*SHIPPED_YEARS, "2027"]
    assert result.template is not None and result.template.describe().startswith("02476 (2027), from the shipped")
    assert result.question(14) is not None and result.question(14).constraints.words == Range(150, 250)
    (tmp_path / "README.md").write_text(report, encoding="utf-8")
    out = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path / "README.md")]).stdout
    assert json.loads(out)["template"]["name"] == "02476 (2027)"


def test_without_its_spec_another_course_is_read_from_its_prompts() -> None:
    from mkdocs_report_plugin import check_text

    result = check_text(_answered(OTHER_COURSE_TEMPLATE, range(1, 9)))
    assert result.template is not None and result.template.question_count == 8
    assert result.question(8) is not None and result.question(8).constraints.words == Range(80, 160)


def test_another_course_that_writes_answer_length_as_the_2023_template_did_is_not_taken_for_it() -> None:
    """``> Answer length:`` is wording, not the course: its template is read from its own prompts, 8 questions."""
    from mkdocs_report_plugin import check_text

    text = _answered(OTHER_COURSE_TEMPLATE.replace("Recommended answer length", "Answer length"), range(1, 9))
    result = check_text(text)
    assert result.template is not None and "02476" not in result.template.describe()
    assert [question.number for question in result.questions] == list(range(1, 9))
    assert not [found for found in result.findings if found.rule == "missing-question"]


def test_the_2023_template_is_still_told_from_the_2024_one_by_its_phrases() -> None:
    from mkdocs_report_plugin import check_text

    for name, generation in (("2023-27-questions.md", "2023"), ("2024-27-questions.md", "2024")):
        result = check_text(shared_file("templates", name).read_text(encoding="utf-8"))
        assert result.template is not None and result.template.generation == generation


@pytest.mark.parametrize(("name", "phrase", "generation"), [
    ("2026-31-questions.md", "Did you end up using any open-source frameworks", "2026"),
    ("2025-31-questions.md", "A requirement to the project is that you include a third-party package", "2025"),
    ("2024-27-questions.md", "Upload one image of your GCP cloud build history", "2024"),
])  # fmt: skip
def test_a_revision_whose_identifying_phrase_was_edited_away_is_told_by_its_limits(
    name: str, phrase: str, generation: str
) -> None:
    from mkdocs_report_plugin import check_text

    text = shared_file("templates", name).read_text(encoding="utf-8")
    assert phrase in text
    result = check_text(text.replace(phrase, "Tell us"))
    assert result.template is not None and result.template.generation == generation


def test_the_placeholder_pattern_reads_the_spec_leniently() -> None:
    from mkdocs_report_plugin.reading.template import placeholder_pattern

    dashes = placeholder_pattern("--- question {number} fill here ---")
    assert dashes is not None
    assert dashes.search("----Question 12  fill here--") and not dashes.search("--- question twelve fill here ---")
    angles = placeholder_pattern("<<write answer {number} here>>")
    assert angles is not None and angles.search("<<Write  answer 3 here>>") and not angles.search("<<write answer>>")
    assert placeholder_pattern("") is None
