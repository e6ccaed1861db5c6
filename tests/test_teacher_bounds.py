"""Bounds that keep one hand-in (or one spec) from stopping or stalling a teacher's run (issue 23): question
numbers far beyond the template, answers of any vocabulary, and template specs of any shape, each one finding or
one ``SpecError`` line, never a traceback, a MemoryError or a stopped build.

Where the code this replaced allocated without bound (a template of 300,000,000 questions, a section range of a
billion numbers), the command runs in a process of its own under a memory limit, so a regression fails the test
instead of the machine.
"""

from __future__ import annotations

import csv
import io
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.projects import make_project, mkdocs, valid_report
from support.reportgen import make_report, words, write_report

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.model.batch import Checked
from mkdocs_report_plugin.model.report import Question, Result
from mkdocs_report_plugin.output import similarity
from mkdocs_report_plugin.reading.shipped import SPECS_FOLDER, shipped_specs
from mkdocs_report_plugin.reading.spec import SpecError, load_spec, spec_from_text

COMMAND = str(Path(sys.executable).with_name("mkdocs-report"))
MEMORY_LIMIT = 1024**3  # 1 GB: a check takes tens of MB


def _limited(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run([COMMAND, *arguments], capture_output=True, text=True, timeout=60, check=False,
                          preexec_fn=limit, cwd=cwd)  # fmt: skip


def unseen_revision(extra: str = "") -> str:
    """A report of a revision no shipped spec describes (each prompt's word range moved up by 7), then ``extra``."""
    moved = re.sub(r"answer length: (\d+)-(\d+) words",
                   lambda found: f"answer length: {int(found[1]) + 7}-{int(found[2]) + 7} words",
                   make_report(), flags=re.IGNORECASE)  # fmt: skip
    return moved + extra


def far_heading(number: int) -> str:
    return f"\n### Question {number}\n\n> Answer:\n\n{words(20)}\n"


# --- question numbers ----------------------------------------------------------------------------


def test_a_heading_far_beyond_an_unseen_template_is_one_finding_not_more_questions() -> None:
    result = check_text(unseen_revision(far_heading(200_000)))
    assert result.template is not None and result.template.generation == "unknown"
    assert result.total == 31
    [stray] = [finding for finding in result.findings if finding.rule == "unknown-question"]
    assert "'Question 200000'" in stray.message and stray.line == len(unseen_revision().split("\n")) + 1


@pytest.mark.slow
def test_check_of_question_300000000_is_one_finding_within_bounded_memory(tmp_path: Path) -> None:
    report = tmp_path / "README.md"
    report.write_text(unseen_revision(far_heading(300_000_000)), encoding="utf-8")
    run = _limited("check", str(report))
    assert "MemoryError" not in run.stdout + run.stderr and "Traceback" not in run.stderr
    assert "'Question 300000000' is not in the unknown template, which has questions 1-31" in run.stdout
    assert run.returncode == 1


def test_grade_of_reports_with_far_headings_has_the_templates_columns(tmp_path: Path) -> None:
    """Each far heading once made a question of its own, a column in grades.csv, and the index quadratic."""
    for group, number in (("group-1", 2_000), ("group-2", 5_000)):
        write_report(tmp_path / "scrape" / group / "reports", unseen_revision(far_heading(number)))
    outcome = CliRunner().invoke(main, ["grade", str(tmp_path / "scrape"), "-o", str(tmp_path / "out"), "-j", "1"])
    assert outcome.exit_code == 0, outcome.output
    header = next(csv.reader(io.StringIO((tmp_path / "out" / "grades.csv").read_text(encoding="utf-8"))))
    assert [column for column in header if column.endswith("_status")] == [f"q{n}_status" for n in range(1, 32)]


def test_a_result_finds_its_questions_by_number() -> None:
    template = shipped_specs()["2026"]
    first, repeated = Question(3, template.constraints[3]), Question(3, template.constraints[3])
    other = Question(4, template.constraints[4])
    result = Result("README.md", None, template, [first, repeated, other])
    assert result.question(3) is first and result.question(4) is other and result.question(5) is None
    result.questions = [other]
    assert result.question(3) is None and result.question(4) is other
    result.questions.append(repeated)
    assert result.question(3) is repeated


@pytest.mark.slow
def test_the_spec_of_a_template_with_a_far_heading_has_the_templates_questions(tmp_path: Path) -> None:
    template = tmp_path / "template.md"
    template.write_text(unseen_revision(far_heading(300_000_000)), encoding="utf-8")
    run = _limited("spec", str(template))
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert "'Question 300000000' far after the other questions (1-31) is not in the spec" in run.stderr
    spec = spec_from_text(run.stdout, "spec")
    assert spec.question_count == 31


# --- similar answers -------------------------------------------------------------------------------


def _class(answers: dict[str, str], number: int = 5) -> list[Checked]:
    template = shipped_specs()["2026"]
    checked = []
    for group, answer in answers.items():
        question = Question(
            number, template.constraints[number], answer=answer, answered=True, words=len(answer.split())
        )
        checked.append(Checked(group, Result(group, None, template, [question])))
    return checked


def test_similarity_takes_an_answer_of_a_million_distinct_words() -> None:
    """Each word was one character from U+10000 on: past 1,048,576 distinct words, chr() raised and grade wrote
    nothing at all."""
    shared = words(similarity.MAX_WORDS)
    huge = shared + " " + " ".join(f"w{index}" for index in range(1_100_000))  # over 5 MB
    pairs = similarity.similar_answers(_class({"group-1": shared, "group-2": huge, "group-3": words(300, 7)}))
    found = [(pair.first.group, pair.second.group, pair.similarity) for pair in pairs]
    assert ("group-1", "group-2", 100.0) in found  # compared on their first 1,000 words: the same


def test_answers_are_compared_on_their_first_words() -> None:
    opening = words(similarity.MAX_WORDS)
    pairs = similarity.similar_answers(_class({"a": opening + " " + words(500, 3), "b": opening + " unlike" * 900}))
    assert [pair.similarity for pair in pairs] == [100.0]


def test_more_distinct_words_than_characters_score_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = {"a": words(120), "b": words(110) + " one two three", "c": words(90, 5) + " " + words(30)}
    expected = [(pair.first.group, pair.second.group, pair.similarity) for pair in similarity.similar_answers(
        _class(answers), threshold=0)]  # fmt: skip
    monkeypatch.setattr(similarity, "_FIRST_CODE", 0x110000 - 5)  # 5 characters left: every question needs numbers
    found = [(pair.first.group, pair.second.group, pair.similarity)
             for pair in similarity.similar_answers(_class(answers), threshold=0)]  # fmt: skip
    assert found == expected and len(found) == 3


# --- template specs ----------------------------------------------------------------------------------

SHIPPED = (SPECS_FOLDER / "2026.yaml").read_text(encoding="utf-8")
BAD_SPECS = {
    "nested 2,000 deep (flow)": ("spec: 1\nname: x\nquestions: " + "[" * 2000 + "]" * 2000 + "\n",
                                 "line 3: not valid YAML"),
    "nested 2,000 deep (block)": ("spec: 1\nname: x\nquestions:\n" + "".join(" " * depth + "- \n" for depth in range(2000)),
                                  "not valid YAML"),
    "a superscript number": (SHIPPED.replace("number: 1,", "number: ²,", 1), "key 'number' must be a whole number"),
    "a 5,000-digit number": (SHIPPED.replace("number: 1,", f"number: {'9' * 5000},", 1),
                             "key 'number' must be a whole number from 1, of at most 6 digits"),
    "a 5,000-digit offset": (SHIPPED.replace("header_offset: 43", f"header_offset: {'9' * 5000}"),
                             "key 'header_offset' must be a whole number of at most 6 digits"),
    "a 5,000-digit limit": (SHIPPED.replace('words: "100-200"', f'words: "100-{"9" * 5000}"', 1),
                            "key 'words' holds a number of more than 6 digits"),
    "a section of a billion questions": (SHIPPED.replace('questions: "1-3"', 'questions: "1-1000000000"', 1),
                                         "key 'questions' holds a number of more than 6 digits"),
    "a section range past the questions": (SHIPPED.replace('questions: "1-3"', 'questions: "1-999999"', 1),
                                           "question 999999 is in a section but not in 'questions'"),
    "a section listing a superscript": (SHIPPED.replace('questions: "1-3"', "questions: [1, ²]", 1),
                                        "key 'questions' of a section must be a range"),
    "a key that is a list": (SHIPPED.replace("name:", "? [a, b]\n: x\nname:", 1), "must have plain keys"),
    "a placeholder of 5,000 characters": (SHIPPED.replace('placeholder: "', 'placeholder: "' + "{number}" * 625, 1),
                                          "key 'placeholder' is longer than 200 characters"),
}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("name", BAD_SPECS)
def test_a_spec_that_cannot_be_used_is_one_line_naming_the_file_and_its_line(name: str, tmp_path: Path) -> None:
    text, expected = BAD_SPECS[name]
    assert text != SHIPPED, "the shipped spec changed: the case no longer breaks it"
    spec = tmp_path / "2027.yaml"
    spec.write_text(text, encoding="utf-8")
    report = tmp_path / "README.md"
    report.write_text(make_report(), encoding="utf-8")
    run = _limited("check", str(report), "--spec", str(spec))
    assert run.returncode == 2 and run.stdout == "" and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"mkdocs-report: {spec}, line ") and run.stderr.count("\n") == 1
    assert expected in run.stderr


def test_a_spec_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    spec = tmp_path / "2027.yaml"
    with spec.open("wb") as file:
        file.truncate(21 * 1024 * 1024)  # sparse: 21 MB of nothing
    with pytest.raises(SpecError, match=r"cannot read the template spec \(.*larger than"):
        load_spec(spec)


@pytest.mark.slow
def test_a_placeholder_of_repeated_numbers_matches_without_backtracking(tmp_path: Path) -> None:
    """``{number}{number}...`` made the pattern try every way to split a long number: exponential time."""
    spec = tmp_path / "report-spec.yaml"
    spec.write_text(SHIPPED.replace('placeholder: "--- question {number} fill here ---"',
                                    'placeholder: "' + "{number}" * 20 + ' fill"'), encoding="utf-8")  # fmt: skip
    report = tmp_path / "README.md"
    report.write_text(make_report({5: words(100) + "\n\n" + "1" * 50_000 + "x"}), encoding="utf-8")
    run = subprocess.run([COMMAND, "check", str(report)], capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode in (0, 1) and "Spec: 02476 (2026), from " in run.stdout


@pytest.mark.slow
def test_a_spec_that_cannot_be_used_stops_no_build_beyond_the_config_error(tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "p", valid_report(), plugin="      path: reports/README.md\n      spec: bad.yaml\n"
    )
    (project / "bad.yaml").write_text(SHIPPED.replace("number: 1,", "number: ²,", 1), encoding="utf-8")
    run = mkdocs(project, "build")
    assert run.returncode == 1 and "Traceback" not in run.stderr and "ValueError" not in run.stderr
    assert "Plugin 'report' option 'spec': bad.yaml, line " in run.stderr and "must be a whole number" in run.stderr


def test_mutated_specs_are_a_template_or_one_spec_error() -> None:
    """Lines of the shipped spec deleted, repeated, cut or given odd characters: never another exception."""
    from support.fuzzing import mutated_spec

    for seed in range(300):
        text = mutated_spec(SHIPPED, seed)
        try:
            spec_from_text(text, f"mutation {seed}")
        except SpecError as error:
            assert str(error).startswith(f"mutation {seed}") and "\n" not in str(error).strip(), seed


@pytest.mark.slow
def test_spec_of_a_pipe_is_refused_without_reading_it(tmp_path: Path) -> None:
    """``mkdocs-report spec reports/README.md`` read the file whole, whatever it was: a pipe waited forever."""
    template = tmp_path / "README.md"
    os.mkfifo(template)
    run = _limited("spec", str(template))
    assert run.returncode == 2 and "it is not a regular file" in run.stderr and "Traceback" not in run.stderr
