"""The rule registry: each rule one object (id, severity, docs and its checks), read by the runners,
`finding(...)` and the rules reference alike."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.reportgen import make_report, words

from mkdocs_report_plugin import check_text, rules
from mkdocs_report_plugin.model.report import Finding
from mkdocs_report_plugin.rules import registry
from mkdocs_report_plugin.rules.context import QuestionContext
from mkdocs_report_plugin.rules.order import ORDER
from mkdocs_report_plugin.rules.registry import question_rule

MADE_BY_THE_ENGINE = {"not-a-report", "unreadable", "no-report", "report-path", "two-reports", "timeout", "unusable-spec",
                      "group-spec", "internal-error"}  # fmt: skip


def test_every_rule_has_a_check_but_those_the_engine_reports_itself() -> None:
    unchecked = {rule.id for rule in rules.RULES.values() if rule.question_check is None and rule.report_check is None}
    assert unchecked == MADE_BY_THE_ENGINE


def documented(context: QuestionContext) -> Iterator[Finding]:
    """Words.

    Why: Because.

    Example:
        > Answer:

          indented

    Fix: Write.
    """
    yield from ()


def test_a_rule_is_documented_by_its_checks_docstring() -> None:
    rule = rules.RULES["unanswered"]
    assert rule.example == "> Answer:\n\n--- question 28 fill here ---"  # kept line by line, as written
    assert "\n" not in rule.why and rule.why.startswith("An unanswered question never passes")  # prose: one paragraph
    assert registry._documentation("x", registry._fields(documented.__doc__)) == (
        "Words.",
        "Because.",
        "> Answer:\n\n  indented",
        "Write.",
    )


def test_a_rule_id_declared_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="'words' is declared twice"):
        question_rule("words", "error")(documented)
    assert rules.RULES["words"].question_check is not documented


def test_a_check_without_its_why_example_and_fix_is_refused() -> None:
    def undocumented(context: QuestionContext) -> Iterator[Finding]:
        """Only a summary."""
        yield from ()

    with pytest.raises(ValueError, match=r"'new-rule'.*'Why:', 'Example:' and 'Fix:'"):
        question_rule("new-rule", "warning")(undocumented)
    assert "new-rule" not in rules.RULES


def test_a_finding_takes_its_severity_from_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a severity setting (issue 15) will do: the registry's rule decides, nothing else."""
    text = make_report({7: words(10)})
    assert not check_text(text).questions[6].ok  # 10 words where 100-200 are asked: an error
    monkeypatch.setitem(rules.RULES, "words", dataclasses.replace(rules.RULES["words"], severity="warning"))
    seventh = check_text(text).questions[6]
    assert [(f.rule, f.severity) for f in seventh.findings] == [("words", "warning")]
    assert seventh.ok


def test_a_rule_taken_out_of_the_registry_no_longer_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """What `ignore` (issue 15) will do."""
    text = make_report({7: words(10)}, omit=(12,))
    without = {rule_id: rule for rule_id, rule in rules.RULES.items() if rule_id != "missing-question"}
    monkeypatch.setattr(registry, "RULES", without)  # delitem would put it back last, out of order
    found = {f.rule for f in check_text(text).findings}
    assert "missing-question" not in found and "words" in found


def test_the_rules_run_and_are_listed_in_the_order_rules_order_gives() -> None:
    assert list(rules.RULES) == list(ORDER)


def test_a_rule_with_no_place_in_the_order_is_refused() -> None:
    with pytest.raises(ValueError, match="'new-rule' has no place in the order: add its id to ORDER"):
        question_rule("new-rule", "warning")(documented)
    assert "new-rule" not in rules.RULES


def test_an_error_rule_without_the_words_of_its_badge_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "ORDER", (*ORDER, "new-rule"))
    with pytest.raises(ValueError, match="'new-rule' fails questions: give it the words its badge says"):
        question_rule("new-rule", "error")(documented)
    assert "new-rule" not in rules.RULES


def test_a_finding_carries_its_rule_its_badge_and_its_target_from_what_the_check_found(tmp_path: Path) -> None:
    """A check yields where and what (``Found``); the registry makes it a finding of the rule the check declared,
    with the rule's badge words unless the check gave its own."""
    result = check_text(make_report({7: words(10), 20: "![our bucket](figures/nowhere.png)"}), tmp_path)
    seventh, twentieth = result.question(7), result.question(20)
    assert seventh is not None and twentieth is not None
    [short] = seventh.findings
    assert (short.rule, short.badge) == ("words", "10 words, needs 50-100")
    missing = next(found for found in twentieth.findings if found.rule == "image-not-found")
    assert (missing.badge, missing.target) == ("image not found", "figures/nowhere.png")
    assert twentieth.status.label == "fail: image not found"
