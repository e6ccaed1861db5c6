"""``mkdocs-report check``/``html``/``rules`` as a student, a script and CI use them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import run
from support.course import shared_file
from support.reportgen import line_of, make_report, words, write_report

from mkdocs_report_plugin.output.rules_doc import rules_reference
from mkdocs_report_plugin.rules import RULES

REPO = Path(__file__).resolve().parents[1]
SHIPPED_2026 = "Spec: 02476 (2026), from the shipped specs (matched by the report's prompts)"


@pytest.fixture
def failing_report(tmp_path: Path) -> Path:
    return write_report(tmp_path / "reports", make_report({14: "Zebra " + words(166) + "\n\n![run](figures/run.png)"}))


def test_text_output_is_path_line_question_message_then_the_summary(failing_report: Path) -> None:
    status, out, _ = run("check", str(failing_report))
    line = line_of(failing_report.read_text(), "Zebra")
    assert out.splitlines() == [
        f"{failing_report}:{line}: Question 14 fails: 168 words; the range is 200-300. Add at least 32 words. [words]",
        SHIPPED_2026,
        "30/31 questions pass",
    ]
    assert status == 1


def test_default_path_is_reports_readme(failing_report: Path) -> None:
    status, out, _ = run("check", cwd=failing_report.parent.parent)
    assert status == 1 and out.startswith("reports/README.md:")


def test_a_folder_stands_for_its_readme(failing_report: Path) -> None:
    assert run("check", str(failing_report.parent))[0] == 1


def test_exit_zero_when_every_question_passes(tmp_path: Path) -> None:
    report = write_report(tmp_path, make_report())
    status, out, _ = run("check", "--format", "text", str(report))
    assert (status, out) == (0, f"{SHIPPED_2026}\n31/31 questions pass\n")


def test_json_keeps_the_documented_keys(failing_report: Path) -> None:
    status, out, _ = run("check", "--format", "json", str(failing_report))
    payload = json.loads(out)
    assert status == 1
    assert set(payload) >= {"path", "template", "passed", "total", "questions", "findings", "checklist"}
    assert payload["template"] == {
        "name": "02476 (2026)",
        "generation": "2026",
        "source": "the shipped specs (matched by the report's prompts)",
        "questions": 31,
    }
    assert (payload["passed"], payload["total"]) == (30, 31)
    question = payload["questions"][13]
    assert set(question) >= {"number", "line", "title", "answered", "words", "images", "constraints", "ok"}
    assert (question["number"], question["words"], question["ok"]) == (14, 168, False)
    assert question["constraints"] == {"words": "200-300", "images": "1-3"}
    assert payload["findings"][0] == {
        "rule": "words", "severity": "error", "question": 14,
        "line": line_of(failing_report.read_text(), "Zebra"),
        "message": "168 words; the range is 200-300. Add at least 32 words.",
    }  # fmt: skip


def test_json_with_several_paths_is_a_list(failing_report: Path, tmp_path: Path) -> None:
    good = write_report(tmp_path / "good", make_report())
    _, out, _ = run("check", "--format", "json", str(failing_report), str(good))
    assert [entry["passed"] for entry in json.loads(out)] == [30, 31]


def test_github_annotations(failing_report: Path) -> None:
    _, out, _ = run("check", "--format", "github", str(failing_report))
    first = out.splitlines()[0]
    line = line_of(failing_report.read_text(), "Zebra")
    assert (
        first
        == f"::error file={failing_report},line={line},title=Question 14::168 words; the range is 200-300. Add at least 32 words."
    )


def test_warnings_say_so_and_do_not_fail(tmp_path: Path) -> None:
    report = write_report(tmp_path, make_report({6: words(120) + " TODO"}))
    status, out, _ = run("check", str(report))
    assert status == 0 and ": warning: Question 6: 'TODO' left in the answer." in out


def test_not_a_report_exits_2_with_one_line_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n\nNothing to see.\n")
    status, out, err = run("check", str(tmp_path / "notes.md"))
    assert status == 2 and out == ""
    assert err.strip().count("\n") == 0 and "is not the exam template" in err


def test_missing_file_and_no_default_exit_2(tmp_path: Path) -> None:
    status, _, err = run("check", str(tmp_path / "absent.md"))
    assert status == 2 and "cannot read" in err
    status, _, err = run("check", cwd=tmp_path)
    assert status == 2 and "no report found here" in err


def test_bad_option_exits_2() -> None:
    assert run("check", "--format", "yaml")[0] == 2


def test_html_writes_one_self_contained_page(failing_report: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.html"
    status, out, _ = run("html", str(failing_report), "-o", str(output))
    page = output.read_text()
    assert status == 0 and "30/31 questions pass" in out
    assert page.startswith("<!DOCTYPE html>") and "data:image/png;base64," in page
    assert "Zebra" in page and 'src="figures/' not in page


@pytest.mark.slow
def test_console_script_runs_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_bytes(b"\xff\xfe\x00garbage\x00")
    done = subprocess.run([sys.executable, "-m", "mkdocs_report_plugin", "check", str(tmp_path)],
                          capture_output=True, text=True, cwd=REPO, check=False)  # fmt: skip
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_the_rules_reference_opens_with_the_rules_a_students_report_meets() -> None:
    """Teacher-only rules (a scrape's no-report, timeout...) and the engine's come after every rule a check applies."""
    order = re.findall(r"^## `([a-z0-9-]+)`$", rules_reference(), re.MULTILINE)
    checked = [rule.id for rule in RULES.values() if rule.question_check or rule.report_check]
    assert order[: len(checked)] == checked and order[0] == "unanswered"
    assert {"no-report", "report-path", "two-reports", "timeout"} <= set(order[len(checked) :])


def test_rules_reference_in_the_docs_is_the_registry_output() -> None:
    documented = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert documented == rules_reference(), "regenerate with: mkdocs-report rules > docs/rules.md"
    for rule_id in RULES:
        assert f"\n## `{rule_id}`\n" in documented
    assert run("rules")[1] == documented


def test_pre_commit_hook_runs_the_check_on_the_report() -> None:
    import re as regex

    import tomllib
    import yaml

    [hook] = [
        hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text()) if hook["id"] == "mkdocs-report"
    ]
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    command, *arguments = hook["entry"].split()
    assert command in scripts and arguments == ["check"]
    assert regex.search(hook["files"], "reports/README.md") and not regex.search(hook["files"], "README.md")


def test_links_are_looked_up_in_the_repository_holding_the_report(tmp_path: Path) -> None:
    answer = make_report({15: words(150) + " [train](../dockerfiles/train.dockerfile)"})
    report = write_report(tmp_path / "reports", answer)

    _, without_repository, _ = run("check", str(report))  # only reports/ is known: nothing to say
    assert "link-not-found" not in without_repository
    (tmp_path / ".git").mkdir()
    _, in_repository, _ = run("check", str(report))
    assert f"{report}:{line_of(answer, 'train.dockerfile')}: warning: Question 15: the link" in in_repository
    (tmp_path / ".git").rmdir()
    _, given, _ = run("check", "--project-dir", str(tmp_path), str(report))
    assert "there is no 'dockerfiles/train.dockerfile' in the repository" in given


def test_a_report_named_from_the_current_folder_is_looked_up_in_its_repository(tmp_path: Path) -> None:
    text = make_report(
        {
            15: words(150) + " [results](locust/stats.csv) [train](../dockerfiles/train.dockerfile)",
            19: "![bucket](/reports/figures/bucket.png)",
        }
    )
    write_report(tmp_path / "reports", text)
    (tmp_path / "reports" / "figures" / "bucket.png").write_bytes(b"png")
    (tmp_path / ".git").mkdir()

    status, output, _ = run("check", "reports/README.md", cwd=tmp_path)

    assert "internal-error" not in output
    assert "there is no 'reports/locust/stats.csv' in the repository" in output
    assert output.count("[link-not-found]") == 2 and status == 0
    assert "Write 'figures/bucket.png'. [handin-image]" in output


def test_a_project_dir_that_does_not_hold_the_report_is_one_line_and_exit_2(tmp_path: Path) -> None:
    report = write_report(tmp_path / "a" / "reports", make_report())
    (tmp_path / "b").mkdir()

    status, output, error = run("check", "--project-dir", str(tmp_path / "b"), str(report))

    assert status == 2 and output == ""
    assert error.strip().endswith(
        "is not inside --project-dir " + str(tmp_path / "b") + ": give the folder that holds the report."
    )


@pytest.mark.slow
def test_the_benchmark_script_still_runs_against_the_engine() -> None:
    """benchmarks/run.py reaches into the parser's steps to time them; a refactor must not leave it broken.

    The engine part runs (it times the parser's own steps); the slower parts are not run here
    (the scaling part alone takes minutes), but every package name the script imports must exist."""
    shared_file("seeds")  # it times the seed hand-ins
    run_script = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--parts", "engine",
                                 "--runs", "1", "--output", "-"], capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run_script.returncode == 0, run_script.stderr[-2000:]
    assert "whole `check_text`" in run_script.stdout
    assert _missing_package_names(REPO / "benchmarks" / "run.py") == []


def _missing_package_names(script: Path) -> list[str]:
    """``module.name`` for each name ``script`` imports from the package (in any function) that does not exist."""
    import ast
    import importlib
    import importlib.util

    def exists(module_name: str, name: str) -> bool:
        module = importlib.import_module(module_name)
        is_package = hasattr(module, "__path__")
        return hasattr(module, name) or (is_package and importlib.util.find_spec(f"{module_name}.{name}") is not None)

    return [
        f"{node.module}.{alias.name}"
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mkdocs_report_plugin")
        for alias in node.names
        if not exists(str(node.module), alias.name)
    ]
