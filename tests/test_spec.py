"""Template specs: a spec a teacher wrote is either used as written or refused with the file, line and key."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import shared_file

from mkdocs_report_plugin.cli import main
from mkdocs_report_plugin.model import Constraints, Range, Template
from mkdocs_report_plugin.spec import SpecError, load_spec, shipped_spec, spec_from_text

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


@pytest.mark.parametrize(("generation", "count"), [("2023", 27), ("2024", 27), ("2025", 31), ("2026", 31)])
def test_the_four_generations_ship_as_specs(generation: str, count: int) -> None:
    template = shipped_spec(generation)
    assert (template.generation, template.question_count) == (generation, count)
    assert template.constraints[14] == Constraints(words=Range(200, 300), images=Range(1, 3))


def _spec_command(template: Path, tmp_path: Path) -> Template:
    output = tmp_path / "report-spec.yaml"
    result = CliRunner().invoke(main, ["spec", str(template), "-o", str(output)])
    assert result.exit_code == 0, result.output
    return load_spec(output)


@pytest.mark.parametrize(("name", "generation"), [
    ("2023-27-questions.md", "2023"), ("2024-27-questions.md", "2024"),
    ("2025-31-questions.md", "2025"), ("2026-31-questions.md", "2026"),
])  # fmt: skip
def test_spec_of_each_blank_template_equals_the_shipped_spec(name: str, generation: str, tmp_path: Path) -> None:
    """All of it: title, marker, placeholder, sections, question titles and limits, checklist, checker.

    Only what a blank template cannot state differs, as docs/template-spec.md says: name,
    generation and identify (source only says where each was read from).
    """
    shipped = shipped_spec(generation)
    made = _spec_command(shared_file("templates", name), tmp_path)
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
