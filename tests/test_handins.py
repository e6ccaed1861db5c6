"""Real hand-ins no one here wrote, read right: every count the grader's, no false alarm.

Each of the 30 hand-ins in ../shared/handins is laid out as its repository (a git work
tree) and checked as a student would check it. A failure names the hand-in, the question
and the line.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from support.handins import handin_ids, load

from mkdocs_report_plugin import check_report
from mkdocs_report_plugin.model.report import Finding
from mkdocs_report_plugin.reading.official import read

PLACEHOLDER = re.compile(r"-+\s*question \d+ fill here\s*-+", re.IGNORECASE)


def _checked(handin_id: str, materialized: Callable[[str], Path]):
    handin = load(handin_id)
    return handin, check_report(materialized(handin_id) / handin.report)


@pytest.mark.parametrize("handin_id", handin_ids())
def test_counts_equal_the_official_reading_wherever_no_divergence_is_reported(
    handin_id: str, materialized: Callable[[str], Path]
) -> None:
    _, result = _checked(handin_id, materialized)
    reading = read(result.text, result.template.question_count)
    diverging = {finding.question for finding in result.findings if finding.rule == "official-divergence"}
    stops = any(finding.rule == "checker-stops" for finding in result.findings)
    assert reading.aborts == stops, f"{handin_id}: the official checker stops: {reading.aborts}; we say so: {stops}"
    diverging |= {finding.question for finding in result.findings if _says_the_checker_counts_it(finding)}
    for question in result.questions:
        if reading.aborts or not question.answered or question.number in diverging:
            continue
        theirs = reading.answers[question.number - 1]
        ours = (question.words, question.rendered_images)
        assert ours == (theirs.words, theirs.images), f"{handin_id} question {question.number} (line {question.line})"


def _says_the_checker_counts_it(finding: Finding) -> bool:
    """An image in code or a placeholder, named by the one finding of its cause, which says the checker counts it."""
    return (
        finding.rule in ("images", "image-in-code", "unanswered", "leftover-marker")
        and "checker counts" in finding.message
    )


@pytest.mark.parametrize("handin_id", handin_ids())
def test_an_image_in_code_or_a_placeholder_is_one_finding(handin_id: str, materialized: Callable[[str], Path]) -> None:
    """The causes merged in issue 15: the finding with the fix says what the checker counts; no other repeats it."""
    _, result = _checked(handin_id, materialized)
    for question in result.questions:
        by_rule = {finding.rule: finding.message for finding in question.findings}
        divergence = by_rule.get("official-divergence", "")
        if "placeholder" in by_rule.get("unanswered", "") + by_rule.get("leftover-marker", ""):
            assert "placeholder" not in divergence, f"{handin_id} question {question.number}"
        if "images" in by_rule and any(image.in_code for image in question.images):
            assert "image-in-code" not in by_rule, f"{handin_id} question {question.number}"
            assert "inside code" not in divergence, f"{handin_id} question {question.number}"


@pytest.mark.parametrize("handin_id", handin_ids())
def test_no_answer_of_five_words_or_more_is_called_unanswered(
    handin_id: str, materialized: Callable[[str], Path]
) -> None:
    _, result = _checked(handin_id, materialized)
    reading = read(result.text, result.template.question_count)
    if reading.aborts:
        pytest.skip(f"{handin_id}: the official checker finds no answers to compare with")
    for question in result.questions:
        written = PLACEHOLDER.sub(" ", reading.answers[question.number - 1].text).split()
        if len(written) >= 5:
            assert question.answered, f"{handin_id} question {question.number} (line {question.line}): {written[:8]}"


@pytest.mark.parametrize("handin_id", handin_ids())
def test_no_image_github_shows_is_reported_missing(handin_id: str, materialized: Callable[[str], Path]) -> None:
    """GitHub shows an image whose path, from the report's folder (or from the top with a
    leading '/'), is a file of the repository: files.txt lists every one."""
    handin, result = _checked(handin_id, materialized)
    listed = {_unquoted(line) for line in (handin.folder / "files.txt").read_text(encoding="utf-8").splitlines()}
    report_folder = posixpath.dirname(handin.report)
    shown = []
    for question in result.questions:
        for image in question.images:
            path = unquote(image.source.split("#")[0].split("?")[0])
            in_repository = path.lstrip("/") if path.startswith("/") else posixpath.join(report_folder, path)
            if image.renders and posixpath.normpath(in_repository) in listed:
                shown.append((image.line, image.source))
    missing = {(finding.line, finding.message) for finding in result.findings if finding.rule == "image-not-found"}
    for line, source in shown:
        assert not any(line == at and f"'{source}'" in message for at, message in missing), (
            f"{handin_id} line {line}: {source}"
        )


def _unquoted(line: str) -> str:
    """A path of files.txt; git quotes non-ASCII names C-style ("reports/Sk\\303\\246rm.png")."""
    if line.startswith('"') and line.endswith('"'):
        return line[1:-1].encode("ascii").decode("unicode_escape").encode("latin-1").decode("utf-8")
    return line


@pytest.mark.parametrize("handin_id", handin_ids())
def test_checked_from_the_repository_top_as_students_run_it_every_check_runs(
    handin_id: str, materialized: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``mkdocs-report check reports/README.md`` in the repository: a path relative to the
    current folder gives the same findings as an absolute one, and no check crashes."""
    handin = load(handin_id)
    root = materialized(handin_id)
    absolute = check_report(root / handin.report)
    monkeypatch.chdir(root)
    relative = check_report(handin.report)
    assert [f for f in relative.findings if f.rule == "internal-error"] == [], handin_id
    assert [f.to_dict() for f in relative.findings] == [f.to_dict() for f in absolute.findings], handin_id
