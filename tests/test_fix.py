"""`mkdocs-report fix` (issue 28): the safe fixes made in the report itself, shown as a diff, chosen by rule, and
never at the cost of a word the student wrote."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from support.reportgen import make_report, words, write_report

from mkdocs_report_plugin import check_report, check_text
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.model.report import Edit, Fix
from mkdocs_report_plugin.output.render import decorate_page
from mkdocs_report_plugin.output.rules_doc import rules_reference
from mkdocs_report_plugin.reading import official
from mkdocs_report_plugin.reading.handin import handin_html
from mkdocs_report_plugin.rules import RULES, registry
from mkdocs_report_plugin.rules.context import QuestionContext
from mkdocs_report_plugin.rules.order import ORDER
from mkdocs_report_plugin.rules.registry import Found, question_rule

REPO = Path(__file__).resolve().parents[1]
FENCED = "We build the image with:\n```bash\ndocker build -f train.dockerfile .\n```"
IN_A_LIST = "- first we pull the data:\n  ```bash\n  dvc pull\n  ```\n- then we train"


def run(*arguments: str, cwd: Path | None = None) -> tuple[int, str, str]:
    previous = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        outcome = CliRunner().invoke(main, ["fix", *arguments])
    finally:
        os.chdir(previous)
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.exception
    return outcome.exit_code, outcome.stdout, outcome.stderr


def report(tmp_path: Path, answers: dict[int, str], *, text: str | None = None) -> Path:
    return write_report(tmp_path / "reports", text if text is not None else make_report(answers))


def counted(path: Path) -> list[tuple[int, int]]:
    """Each answer's words and images as the course's checker counts them."""
    return [(answer.words, answer.images) for answer in official.read(path.read_text(encoding="utf-8"), 31).answers]


def rules_found(path: Path) -> set[str]:
    return {found.rule for found in check_report(path).findings}


def code_blocks(text: str) -> list[str]:
    """The text of every ``<pre><code>`` of the hand-in ``report.py html`` makes of ``text``."""
    return [code.get_text() for code in BeautifulSoup(handin_html(text), "html.parser").select("pre > code")]


# --- what the hand-in shows otherwise (handin-render) ------------------------------------------------------------


def test_fenced_code_becomes_code_the_hand_in_shows_as_code_in_a_list_too(tmp_path: Path) -> None:
    path = report(tmp_path, {4: words(120) + "\n\n" + FENCED + "\n\n" + IN_A_LIST})
    before = counted(path)

    status, out, _ = run(str(path))

    text = path.read_text(encoding="utf-8")
    assert status == 1
    assert "We build the image with:\n\n    docker build -f train.dockerfile .\n" in text
    assert "- first we pull the data:\n\n        dvc pull\n\n- then we train" in text
    assert "docker build -f train.dockerfile .\n" in code_blocks(text) and "dvc pull\n" in code_blocks(text)
    assert BeautifulSoup(handin_html(text), "html.parser").select("li > pre > code")  # inside the item
    assert "handin-render" not in rules_found(path)
    after = counted(path)
    assert after[3] == (before[3][0] - 4, before[3][1])  # the two fences' four lines, said so:
    assert "question 4: fixed handin-render: 2 fenced code blocks: indented as code instead (the course's checker " \
           "counts 4 words fewer)" in out  # fmt: skip
    assert after[:3] + after[4:] == before[:3] + before[4:]


def test_a_fence_whose_lines_the_question_needs_is_fixed_only_when_asked(tmp_path: Path) -> None:
    """Question 7 asks for 50-100 words: 47, the fence lines and the two words in them make 51; without the fence
    lines, 49 would fail it."""
    path = report(tmp_path, {7: words(47) + "\n```bash\nmake train\n```"})
    written = path.read_bytes()

    status, out, _ = run(str(path))

    assert (status, path.read_bytes()) == (0, written)
    assert "left for --unsafe-fixes handin-render" in out and "49 words" in out and "outside 50-100" in out
    page = BeautifulSoup(decorate_page(check_report(path), handin_html(path.read_text())), "html.parser")
    said = page.select_one('[data-rule="handin-render"] .report-autofix')
    assert said is not None and said.get_text().startswith("mkdocs-report fix --unsafe-fixes fixes this")
    assert run("--unsafe-fixes", str(path))[0] == 1
    assert "    make train" in path.read_text() and counted(path)[6][0] == 49


def test_lists_get_the_blank_line_and_the_nesting_the_hand_in_needs(tmp_path: Path) -> None:
    text = make_report({
        5: words(110) + "\nOur steps:\n- build\n- test",
        6: "- uv for packages\n- " + words(110),
        8: words(110) + "\n\n- top\n  - nested by two\n- next",
        9: words(110) + "\n\n1) one\n2) two",
    }).replace("> Answer:\n\n- uv", "> Answer:\n- uv")  # fmt: skip
    path = report(tmp_path, {}, text=text)
    before = counted(path)

    assert run(str(path))[0] == 1

    fixed = path.read_text(encoding="utf-8")
    assert "Our steps:\n\n- build" in fixed and "> Answer:\n\n- uv" in fixed
    assert "- top\n    - nested by two\n- next" in fixed and "1. one\n2. two" in fixed
    page = BeautifulSoup(handin_html(fixed), "html.parser")
    assert page.find("li", string=re.compile("nested by two")).find_parent("ul").find_parent("li") is not None
    assert page.find("ol") is not None
    assert "handin-render" not in rules_found(path)
    assert counted(path) == before


def test_a_list_that_opens_on_the_line_of_another_is_fixed_once(tmp_path: Path) -> None:
    """``   -    - bravo``: two lists start on one line, and only the inner one is nested too shallow; the fix moves
    those lines once, to four spaces per level, so the hand-in nests ``bravo`` three lists deep as GitHub does."""
    path = report(tmp_path, {5: words(110) + "\n\n- alpha\n   -    - bravo\n        more of bravo"})
    [finding] = [found for found in check_report(path).findings if found.rule == "handin-render"]
    assert finding.fix is not None and finding.fix.description.startswith("1 nested list:"), finding.fix

    assert run(str(path))[0] == 1

    item = BeautifulSoup(handin_html(path.read_text(encoding="utf-8")), "html.parser").find(
        "li", string=re.compile("bravo")
    )
    assert item is not None and len(item.find_parents("ul")) == 3, item
    assert "handin-render" not in rules_found(path)


def test_a_fence_keeps_the_code_github_shows_tabs_and_deeper_lines_too(tmp_path: Path) -> None:
    """The code is the fence's lines less its own indentation, as GitHub reads them: a tab counts to the next
    multiple of four columns, and a line indented deeper keeps the spaces past the fence's."""
    cmarkgfm = pytest.importorskip("cmarkgfm", reason="GitHub's renderer (pip install cmarkgfm) is the reference")
    fence = "- we train with:\n\n  ```bash\n  uv run train.py \\\n\t--epochs 10\n      --lr 0.1\n  ```"
    github = BeautifulSoup(cmarkgfm.github_flavored_markdown_to_html(fence), "html.parser").select("li > pre > code")
    path = report(tmp_path, {4: words(110) + "\n\n" + fence})

    assert run(str(path))[0] == 1

    shown = BeautifulSoup(handin_html(path.read_text(encoding="utf-8")), "html.parser").select("li > pre > code")
    assert [code.get_text() for code in shown] == [code.get_text() for code in github]
    assert shown[0].get_text() == "uv run train.py \\\n  --epochs 10\n    --lr 0.1\n"


def test_a_list_nested_ten_levels_deep_and_more_is_nested_to_its_last_level(tmp_path: Path) -> None:
    """Each round moves the next level to four spaces; the report's reading has no nesting limit."""
    levels = 12
    path = report(tmp_path, {5: words(110) + "\n\n" + "\n".join("  " * level + f"- level{level}" for level in
                                                                range(levels))})  # fmt: skip

    assert run(str(path))[0] == 1

    fixed = path.read_text(encoding="utf-8")
    assert "\n".join("    " * level + f"- level{level}" for level in range(levels)) in fixed
    deepest = BeautifulSoup(handin_html(fixed), "html.parser").find("li", string=re.compile(f"level{levels - 1}"))
    assert deepest is not None and len(deepest.find_parents("ul")) == levels
    assert "handin-render" not in rules_found(path)


def test_a_fence_right_after_a_list_is_left_alone(tmp_path: Path) -> None:
    """Code indented there would be read as more of the list's last item, by GitHub and the hand-in alike."""
    path = report(tmp_path, {5: words(110) + "\n\n1. Clone the repository\n2. Sync it:\n```bash\nuv sync\n```"})

    run(str(path))

    assert "2. Sync it:\n```bash\nuv sync\n```" in path.read_text()
    [fence] = [found for found in check_report(path).findings if found.rule == "handin-render"]
    assert fence.fix is None


def test_an_answer_the_course_reads_no_answer_of_gets_no_fix() -> None:
    """'answer:' in lower case: the course's checker splits on 'Answer:' only, so what a fix would change in its
    counts is not sure (and checker-stops says why it stops)."""
    text = make_report({4: words(120) + "\n\n" + FENCED})
    at = text.index("> Answer:", text.index("### Question 4"))
    question = check_text(text[:at] + "> answer:" + text[at + len("> Answer:") :]).question(4)
    assert question is not None
    [fence] = [found for found in question.findings if found.rule == "handin-render"]
    assert fence.fix is None


def test_a_table_is_indented_as_code_only_with_unsafe_fixes(tmp_path: Path) -> None:
    table = "| Name | Cover |\n|---|---|\n| model.py | 92% |"
    path = report(tmp_path, {10: words(110) + "\n\n" + table})

    assert run(str(path))[0] == 0
    assert run("--unsafe-fixes", str(path))[0] == 1
    assert "    | Name | Cover |\n    |---|---|\n    | model.py | 92% |" in path.read_text()


# --- images, paths, leftovers ---------------------------------------------------------------------------------


def test_images_show_a_link_gets_its_bang_backticks_go_a_path_gets_its_case(tmp_path: Path) -> None:
    path = report(tmp_path, {
        14: words(250) + "\n\n![loss](figures/loss.png) and the curve `![curve](figures/curve.png)`",
        19: "Our bucket: `![bucket](figures/bucket.png)`",
        20: "The registry: [registry](figures/registry.png)",
        21: "![build](figures/build.png)",
    })  # fmt: skip
    figures = path.parent / "figures"
    (figures / "build.png").rename(figures / "Build.png")
    before = counted(path)

    status, out, _ = run(str(path))

    fixed = path.read_text(encoding="utf-8")
    assert status == 1
    assert (
        "and the curve ![curve](figures/curve.png)\n" in fixed and "Our bucket: ![bucket](figures/bucket.png)" in fixed
    )
    assert "The registry: ![registry](figures/registry.png)" in fixed and "![build](figures/Build.png)" in fixed
    assert not {"images", "image-in-code", "image-not-found"} & rules_found(path)
    after = counted(path)
    assert after[19] == (before[19][0], before[19][1] + 1)  # the link is an image now, as said:
    assert (
        "question 20: fixed images: '!' added: the link shows the image (the course's checker counts 1 image more)"
        in out
    )
    assert [count for index, count in enumerate(after) if index != 19] == [
        count for index, count in enumerate(before) if index != 19
    ]


def test_a_link_to_an_image_where_images_are_asked_is_named_with_its_fix() -> None:
    question = check_text(make_report({20: "The registry: [registry](figures/registry.png)"})).question(20)
    assert question is not None
    [found] = question.findings
    assert found.rule == "images" and "The link to 'figures/registry.png' (line" in found.message
    assert found.message.endswith(
        "write '!' before the '[' to show the image, as in ![registry](figures/registry.png)."
    )
    assert found.fix is not None and found.fix.safe and found.fix.images == 1


def test_links_to_more_images_than_the_question_allows_are_left_to_the_student() -> None:
    """Question 29 asks for one image: two '!' would fail it the other way, so the fix needs --unsafe-fixes."""
    answer = words(250) + "\n\n[pipeline](figures/pipeline.png) and [old pipeline](figures/old.png)"
    question = check_text(make_report({29: answer})).question(29)
    assert question is not None
    [found] = question.findings
    assert found.message.endswith(
        "write '!' before the '[' to show the 1 image you mean, as in ![pipeline](figures/pipeline.png)."
    )
    assert found.fix is not None and not found.fix.safe
    assert found.fix.caution == "the question would then have 2 images by this check's count, outside 1-1"


def test_the_placeholder_and_its_dashes_go_the_answer_stays(tmp_path: Path) -> None:
    path = report(tmp_path, {
        15: "--- question 15 fill here ---\n\n" + words(120),
        16: "--- " + words(120) + " ---",
        12: "--- " + words(49) + " ---",  # 50-100 words: only the dashes make 51
    })  # fmt: skip
    before = counted(path)

    status, out, _ = run(str(path))

    fixed = path.read_text(encoding="utf-8")
    assert status == 1
    assert "--- question 15 fill here ---" not in fixed and f"\n{words(120)}\n" in fixed
    assert f"\n{words(120)}\n\n### Question 17" in fixed  # question 16 without its dashes
    assert f"--- {words(49)} ---" in fixed  # left: the dashes keep question 12 in its range
    after = counted(path)
    assert (after[14][0], after[15][0], after[11][0]) == (before[14][0] - 6, before[15][0] - 2, before[11][0])
    assert (
        "question 15: fixed leftover-marker: the placeholder deleted (the course's checker counts 6 words fewer)" in out
    )
    assert check_report(path).question(15).words == 120  # type: ignore[union-attr]  # ours never counted it


def test_a_line_that_underlines_text_gets_a_blank_line_before_it(tmp_path: Path) -> None:
    path = report(tmp_path, {13: words(110) + "\n---"})
    assert run(str(path))[0] == 1
    assert f"{words(110)}\n\n---\n" in path.read_text() and "accidental-heading" not in rules_found(path)


# --- the file: encoding, line endings, links -----------------------------------------------------------------


def test_a_windows_file_is_saved_as_utf8_and_only_by_the_encoding_fix(tmp_path: Path) -> None:
    text = make_report({4: "We didn\u2019t use café wifi. " + words(110) + "\n```\nmake\n```"})
    path = report(tmp_path, {}, text="")
    path.write_bytes(text.encode("cp1252"))

    status, _, err = run("--ignore", "checker-stops", str(path))
    assert status == 2 and "not UTF-8" in err and path.read_bytes() == text.encode("cp1252")

    status, out, _ = run(str(path))
    assert status == 1 and "fixed checker-stops: the file saved as UTF-8 (it was read as Windows-1252)" in out
    fixed = path.read_bytes().decode("utf-8")
    assert "We didn\u2019t use café wifi." in fixed and "    make" in fixed  # and the other fixes made too
    assert "checker-stops" not in rules_found(path)


def test_a_file_saved_partly_as_utf8_keeps_those_characters(tmp_path: Path) -> None:
    path = report(tmp_path, {}, text="")
    path.write_bytes(make_report({4: "Müller wrote " + words(110)}).encode("utf-8").replace(b"wrote", b"wrot\xe9"))

    assert run(str(path))[0] == 1
    assert "Müller wroté " in path.read_text(encoding="utf-8")


def test_a_utf16_file_is_saved_as_utf8_with_its_line_endings(tmp_path: Path) -> None:
    text = make_report({4: "Über " + words(110)}).replace("\n", "\r\n")
    path = report(tmp_path, {}, text="")
    path.write_bytes(text.encode("utf-16"))
    assert run(str(path))[0] == 1
    assert path.read_bytes() == text.encode("utf-8")


def test_line_endings_and_the_byte_order_mark_stay_as_they_were(tmp_path: Path) -> None:
    text = "\ufeff" + make_report({4: words(120) + "\n\n" + FENCED}).replace("\n", "\r\n")
    path = report(tmp_path, {}, text="")
    path.write_bytes(text.encode("utf-8"))

    assert run(str(path))[0] == 1

    fixed = path.read_bytes()
    assert fixed.startswith("\ufeff".encode()) and b"\r\n\r\n    docker build -f train.dockerfile .\r\n" in fixed
    assert fixed.count(b"\n") == fixed.count(b"\r\n")


def test_a_report_that_is_a_symbolic_link_is_never_written_through(tmp_path: Path) -> None:
    target = report(tmp_path / "elsewhere", {4: words(120) + "\n\n" + FENCED})
    (tmp_path / "reports").mkdir()
    link = tmp_path / "reports" / "README.md"
    link.symlink_to(target)
    written = target.read_bytes()

    status, _, err = run(str(link))

    assert status == 2 and "is a symbolic link" in err and "changed nothing" in err
    assert link.is_symlink() and target.read_bytes() == written


# --- the command: diff, choice of rules, exit status, idempotence ----------------------------------------------


def test_diff_prints_the_change_and_changes_nothing(tmp_path: Path) -> None:
    path = report(tmp_path, {4: words(120) + "\n\n" + FENCED})
    written, changed = path.read_bytes(), path.stat().st_mtime_ns

    status, out, err = run("--diff", str(path))

    assert status == 1 and (path.read_bytes(), path.stat().st_mtime_ns) == (written, changed)
    assert out.startswith(f"--- {path}\n+++ {path}\n@@ ")
    removed_and_added = (
        "-```bash\n-docker build -f train.dockerfile .\n-```\n+\n+    docker build -f train.dockerfile .\n"
    )
    assert removed_and_added in out
    assert "would fix handin-render" in err and "nothing was changed" in err


def test_a_second_run_changes_nothing_and_exits_zero(tmp_path: Path) -> None:
    path = report(tmp_path, {4: words(120) + "\n\n" + FENCED, 16: "--- " + words(120) + " ---"})
    assert run(str(path))[0] == 1
    fixed = path.read_bytes()

    status, out, _ = run(str(path))

    assert (status, path.read_bytes()) == (0, fixed) and "nothing to fix" in out
    assert run("--diff", str(path))[:2] == (0, "")


def test_select_and_ignore_choose_the_rules_fixed(tmp_path: Path) -> None:
    answers = {4: words(120) + "\n\n" + FENCED, 16: "--- " + words(120) + " ---"}
    selected, ignored = report(tmp_path / "a", answers), report(tmp_path / "b", answers)

    assert run("--select", "placeholder-dashes", str(selected))[0] == 1
    assert run("--ignore", "placeholder-dashes", str(ignored))[0] == 1

    assert "```bash" in selected.read_text() and f"--- {words(120)} ---" not in selected.read_text()
    assert "```bash" not in ignored.read_text() and f"--- {words(120)} ---" in ignored.read_text()
    status, _, err = run("--select", "words", str(selected))
    assert status == 2 and "the rule 'words' has no fix" in err
    assert run("--ignore", "no-such-rule", str(selected))[0] == 2


def test_the_default_report_is_the_one_check_finds(tmp_path: Path) -> None:
    path = report(tmp_path, {4: words(120) + "\n\n" + FENCED})
    assert run(cwd=tmp_path)[0] == 1 and "    docker build" in path.read_text()


def test_a_file_that_is_not_the_report_is_left_alone_with_exit_2(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\n```\ncode\n```\n")
    status, _, err = run(str(notes))
    assert status == 2 and "not the exam template" in err and notes.read_text() == "# Notes\n\n```\ncode\n```\n"


# --- where fixes are declared and shown -----------------------------------------------------------------------


def test_the_page_says_which_findings_mkdocs_report_fix_fixes() -> None:
    result = check_text(make_report({4: words(120) + "\n\n" + FENCED, 9: words(5)}))
    page = BeautifulSoup(decorate_page(result, handin_html(result.text)), "html.parser")
    fence = page.select_one('[data-rule="handin-render"] .report-autofix')
    assert fence is not None
    assert fence.get_text() == "mkdocs-report fix fixes this: 1 fenced code block: indented as code instead."
    assert page.select_one('[data-rule="words"] .report-autofix') is None


def test_check_says_how_many_findings_fix_fixes(tmp_path: Path) -> None:
    path = report(tmp_path, {4: words(120) + "\n\n" + FENCED, 16: "--- " + words(120) + " ---", 9: words(5)})
    outcome = CliRunner().invoke(main, ["check", str(path)])
    lines = outcome.stdout.splitlines()
    assert lines[-3] == "`mkdocs-report fix` fixes 2 of these findings (`mkdocs-report fix --diff` shows how first)."
    assert lines[-1] == "30/31 questions pass"  # question 9 fails on its 5 words, which no fix adds


def test_the_rules_reference_says_which_rules_have_a_fix() -> None:
    reference = rules_reference()
    assert "| [`handin-render`](#handin-render) | warning | safe |" in reference
    assert "| [`words`](#words) | error |  |" in reference
    assert "**Autofix (safe).** A closed fenced block becomes code indented by four spaces" in reference


def test_the_pre_commit_hook_for_fix_runs_it_on_the_report() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    fixer = hooks["mkdocs-report-fix"]
    assert fixer["entry"] == "mkdocs-report fix" and fixer["files"] == hooks["mkdocs-report"]["files"]


@pytest.fixture
def declared() -> Iterator[list[str]]:
    """Rule ids a test declares, taken out of the registry (and the order) after it."""
    ids: list[str] = []
    yield ids
    for rule_id in ids:
        registry.RULES.pop(rule_id, None)


def fixing(context: QuestionContext) -> Iterator[Found]:
    """Words.

    Why: Because.

    Example:
        x

    Fix: Write.
    """
    yield Found(context.question.line, "found", fix=Fix("a blank line", (Edit(2, 1, ("",)),)))


def documented_fixing(context: QuestionContext) -> Iterator[Found]:
    """Words.

    Why: Because.

    Example:
        x

    Fix: Write.

    Autofix: A blank line goes in.
    """
    yield from fixing(context)


def test_a_rule_declares_its_fix_and_says_what_it_does(monkeypatch: pytest.MonkeyPatch, declared: list[str]) -> None:
    monkeypatch.setattr(registry, "ORDER", (*ORDER, "x-fixing", "x-quiet", "x-unsafe"))
    with pytest.raises(ValueError, match=r"'x-fixing'.*'Autofix:' what `mkdocs-report fix` does"):
        question_rule("x-fixing", "warning", autofix="safe")(fixing)
    with pytest.raises(ValueError, match=r"'x-fixing'.*and only such a rule"):
        question_rule("x-fixing", "warning")(documented_fixing)
    question_rule("x-quiet", "warning")(fixing)  # a fix its rule does not declare
    question_rule("x-unsafe", "warning", autofix="unsafe")(documented_fixing)
    declared += ["x-quiet", "x-unsafe"]

    findings = check_text(make_report({})).question(4).findings  # type: ignore[union-attr]

    crashed = [found for found in findings if found.rule == "internal-error"]
    assert [found.message.split(";")[0] for found in crashed] == ["the 'x-quiet' check failed (ValueError)"]
    [unsafe] = [found for found in findings if found.rule == "x-unsafe"]
    assert unsafe.fix is not None and not unsafe.fix.safe and unsafe.fix.caution == "A blank line goes in."
    assert "x-fixing" not in RULES


def lying(context: QuestionContext) -> Iterator[Found]:
    """Words.

    Why: Because.

    Example:
        x

    Fix: Write.

    Autofix: The answer's first line goes, and the fix says the counts stay.
    """
    answer = context.answer
    if context.question.number == 5 and answer is not None and answer.first_line is not None:
        yield Found(
            answer.first_line, "found", fix=Fix("a line deleted", (Edit(answer.first_line, answer.first_line),))
        )


def test_a_fix_whose_counts_are_not_what_it_says_is_undone_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, declared: list[str]
) -> None:
    monkeypatch.setattr(registry, "ORDER", (*ORDER, "x-lying"))
    question_rule("x-lying", "warning", autofix="safe")(lying)
    declared.append("x-lying")
    path = report(tmp_path, {5: words(120), 16: "--- " + words(120) + " ---"})

    status, out, _ = run(str(path))

    assert status == 1 and f"\n{words(120)}\n\n### Question 6" in path.read_text()  # question 5 as it was
    assert f"--- {words(120)} ---" not in path.read_text()  # the other fixes made
    assert "question 5: not fixed x-lying: the course's checker would count otherwise than the fix says" in out
