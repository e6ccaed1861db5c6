"""Issue 28's done-when, on copies of the 30 real hand-ins and on generated reports: after `mkdocs-report fix`,
`check` finds nothing a safe fix fixes; the course's checker counts every answer as before but where a fix says
it changes the count; the hand-in shows each fence fixed as code; a second run changes nothing; `--diff` changes
no file; and no word the student wrote is gone."""

from __future__ import annotations

import re
import shutil
import tempfile
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.handins import handin_ids, load
from support.reportgen import make_report, words, write_report

from mkdocs_report_plugin import check_report
from mkdocs_report_plugin.check.fix import Choice, Outcome, fix_report
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.model.report import Result
from mkdocs_report_plugin.reading import official
from mkdocs_report_plugin.reading.handin import handin_html
from mkdocs_report_plugin.reading.template import placeholder_pattern


def counts(text: str, result: Result) -> official.OfficialReading:
    assert result.template is not None
    return official.read(text, result.template.answers_expected, result.template.marker)


def assert_counts_change_only_as_said(before: str, after: str, result: Result, outcome: Outcome) -> None:
    """Every answer the course's checker reads has the words and images it had, but for the changes the fixes made
    say; answers matched by the ``Answer:`` they follow (a report the checker stops on has them shifted)."""
    old, new = counts(before, result), counts(after, result)
    assert len(new.answers) == len(old.answers)
    index_of = {answer.marker_line: index for index, answer in reversed(list(enumerate(old.answers)))}
    said: Counter[tuple[int, str]] = Counter()
    for found in outcome.applied:
        question = result.question(found.question) if found.question else None
        if found.fix is not None and question is not None and question.marker_line in index_of:
            said[(index_of[question.marker_line], "words")] += found.fix.words
            said[(index_of[question.marker_line], "images")] += found.fix.images
    for index, (was, now) in enumerate(zip(old.answers, new.answers, strict=True)):
        if not was.repeated:
            assert (now.words, now.images) == (was.words + said[(index, "words")], was.images + said[(index, "images")])


def assert_fences_fixed_show_as_code(after: str, result: Result, outcome: Outcome) -> None:
    """The code of every fence fixed is a ``<pre><code>`` of the hand-in ``report.py html`` makes."""
    assert result.template is not None
    shown = [code.get_text() for code in BeautifulSoup(handin_html(after, result.template.header_offset),
                                                       "html.parser").select("pre > code")]  # fmt: skip
    for found in outcome.applied:
        if found.fix is None or "fenced code block" not in found.fix.description:
            continue
        for edit in found.fix.edits:
            code = textwrap.dedent("\n".join(edit.lines)).strip("\n").expandtabs(4) + "\n"  # as Python-Markdown
            assert any(code in text for text in shown), code


def assert_nothing_safe_left(path: Path) -> None:
    left = [
        (found.rule, found.line, found.message) for found in check_report(path).findings if found.fix and found.fix.safe
    ]
    assert left == []


def files_of(folder: Path) -> dict[Path, tuple[bytes, int]]:
    return {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in folder.rglob("*")
            if path.is_file() and not path.is_symlink() and ".git" not in path.parts}  # fmt: skip


@pytest.mark.parametrize("handin_id", handin_ids())
def test_fix_on_a_real_handin(
    handin_id: str, materialized: Callable[[str], Path], tmp_path: Path
) -> None:  # fmt: skip
    repository = tmp_path / "repository"
    shutil.copytree(materialized(handin_id), repository, symlinks=True)
    report = repository / load(handin_id).report
    before = files_of(repository)

    diff = CliRunner().invoke(main, ["fix", "--diff", str(report)])
    assert diff.exit_code in (0, 1) and files_of(repository) == before  # --diff changes no file

    result = check_report(report)
    outcome = fix_report(report, Choice())
    assert not outcome.refused and not outcome.undone and not outcome.rounds_left
    assert diff.exit_code == (1 if outcome.changed else 0)
    report.write_bytes(outcome.fixed)
    before_text, after_text = report_text(outcome.original), report_text(outcome.fixed)

    assert_nothing_safe_left(report)
    assert_counts_change_only_as_said(before_text, after_text, result, outcome)
    assert_fences_fixed_show_as_code(after_text, result, outcome)
    assert not fix_report(report, Choice()).changed  # a second run changes nothing


def report_text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


# --- generated reports ----------------------------------------------------------------------------------------

PIECES = {
    "text": lambda n: words(n),
    "fence": lambda n: f"{words(3)}:\n```bash\n{words(2)}\n{words(3, n)}\n```",
    "fence-in-list": lambda n: f"- {words(2)}:\n  ```\n  {words(2, n)}\n  ```\n- {words(2)}",
    "list-under-text": lambda n: f"{words(4)}:\n- {words(2)}\n- {words(2, n)}",
    "shallow-list": lambda n: f"- {words(2)}\n  - {words(3, n)}\n    - {words(2)}\n- {words(2)}",
    "parenthesis-list": lambda n: f"1) {words(2)}\n2) {words(2, n)}",
    "backticks": lambda n: f"{words(2)} `![plot {n}](figures/p{n}.png)`",
    "image-link": lambda n: f"{words(2)} [plot {n}](figures/l{n}.png)",
    "dashes": lambda n: f"--- {words(n)} ---",
    "underline": lambda n: f"{words(n)}\n---",
    "table": lambda n: f"| a | b |\n|---|---|\n| {n} | {words(1)} |",
}
QUESTIONS = (4, 7, 12, 14, 19, 20, 29)  # words only, few words, images and words, images only


@st.composite
def answers(draw: st.DrawFn) -> dict[int, str]:
    chosen = {}
    for number in draw(st.lists(st.sampled_from(QUESTIONS), min_size=1, max_size=4, unique=True)):
        kinds = draw(st.lists(st.sampled_from(sorted(PIECES)), min_size=1, max_size=4))
        parts = [PIECES[kind](draw(st.integers(1, 60))) for kind in kinds]
        placeholder = draw(st.booleans())
        chosen[number] = (f"--- question {number} fill here ---\n\n" if placeholder else "") + "\n\n".join(parts)
    return chosen


def written_words(text: str) -> Counter[str]:
    """The words a student wrote, whatever a fix does around them: no fence lines, dashes or placeholder; a word
    kept with its backticks or its '!' taken off, a list numbered '1)' as '1.'."""
    pattern = placeholder_pattern("--- question {number} fill here ---")
    assert pattern is not None
    kept = Counter()
    for token in pattern.sub(" ", text).split():
        if re.fullmatch(r"(`{3,}|~{3,})\S*|-{2,}", token):
            continue
        kept[re.sub(r"^(\d+)\)$", r"\1.", token.strip("`").lstrip("!"))] += 1
    return kept


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers(), st.booleans())
def test_fix_on_generated_reports(chosen: dict[int, str], unsafe: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        report = write_report(Path(folder) / "reports", make_report(chosen))
        result = check_report(report)
        outcome = fix_report(report, Choice(unsafe=unsafe))
        assert not outcome.refused and not outcome.undone and not outcome.rounds_left
        report.write_bytes(outcome.fixed)
        before, after = report_text(outcome.original), report_text(outcome.fixed)

        left = [found.rule for found in check_report(report).findings if found.fix and (found.fix.safe or unsafe)]
        assert left == []
        assert_counts_change_only_as_said(before, after, result, outcome)
        assert_fences_fixed_show_as_code(after, result, outcome)
        assert written_words(after) == written_words(before)
        assert not fix_report(report, Choice(unsafe=unsafe)).changed
