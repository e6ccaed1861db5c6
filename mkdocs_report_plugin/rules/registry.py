"""The registry: every rule as one object (its id, severity, documentation and checks), and the runners.

A rule is declared once, by a decorator on its check: :func:`question_rule` for a check of one
question, :func:`report_rule` for a check of the whole report, :func:`engine_rule` for the findings
the engine makes itself (no check here). ``RULES`` keeps them in the order they are declared, which
is the order of the rules reference (``mkdocs-report rules``) and the order the checks run in.
Every check runs behind one guard (:func:`_guarded`): a check that fails is an ``internal-error``
finding, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from mkdocs_report_plugin.model.report import Finding, Severity
from mkdocs_report_plugin.rules.context import QuestionContext, ReportContext

Context = TypeVar("Context", QuestionContext, ReportContext)
QuestionCheck = Callable[[QuestionContext], Iterable[Finding]]
ReportCheck = Callable[[ReportContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule: its identity, its documentation (what, why, example, fix) and what checks it.

    A rule checks each question, the whole report, both (``official-divergence``), or neither
    (its findings are made by the engine: ``not-a-report``, ``unreadable``...)."""

    id: str
    severity: Severity
    summary: str
    why: str
    example: str
    fix: str
    question_check: QuestionCheck | None = None
    report_check: ReportCheck | None = None


RULES: dict[str, Rule] = {}
"""Every rule by id, in the order declared: the rules reference's order and the checks' order."""


def _register(rule: Rule) -> None:
    if rule.id in RULES:
        raise ValueError(f"rule '{rule.id}' is declared twice")
    RULES[rule.id] = rule


def engine_rule(rule_id: str, severity: Severity, *, summary: str, why: str, example: str, fix: str) -> None:
    """Declare a rule whose findings the engine (or the batch) makes itself, with :func:`finding`."""
    _register(Rule(rule_id, severity, summary, why, example, fix))


def question_rule(
    rule_id: str,
    severity: Severity,
    *,
    summary: str,
    why: str,
    example: str,
    fix: str,
    report_check: ReportCheck | None = None,
) -> Callable[[QuestionCheck], QuestionCheck]:
    """Declare the rule that the decorated function checks on each question (and, given
    ``report_check``, on the whole report as well). The function is returned unchanged."""

    def register(check: QuestionCheck) -> QuestionCheck:
        _register(Rule(rule_id, severity, summary, why, example, fix, check, report_check))
        return check

    return register


def report_rule(
    rule_id: str, severity: Severity, *, summary: str, why: str, example: str, fix: str
) -> Callable[[ReportCheck], ReportCheck]:
    """Declare the rule that the decorated function checks on the whole report."""

    def register(check: ReportCheck) -> ReportCheck:
        _register(Rule(rule_id, severity, summary, why, example, fix, report_check=check))
        return check

    return register


def finding(rule_id: str, question: int | None, line: int, message: str) -> Finding:
    """A finding of ``rule_id``, with the severity the registry gives that rule."""
    return Finding(rule_id, RULES[rule_id].severity, question, max(line, 1), message)


def run_question_rules(context: QuestionContext) -> list[Finding]:
    """Every per-question rule on one question; a failing rule becomes a finding, not a crash."""
    question = context.question
    return [found for rule in RULES.values() if rule.question_check is not None
            for found in _guarded(rule.id, rule.question_check, context, question.number, question.line)]  # fmt: skip


def run_report_rules(context: ReportContext) -> list[Finding]:
    """Every whole-report rule; a failing rule becomes a finding, not a crash."""
    return [found for rule in RULES.values() if rule.report_check is not None
            for found in _guarded(rule.id, rule.report_check, context, None, 1)]  # fmt: skip


def _guarded(
    rule_id: str, check: Callable[[Context], Iterable[Finding]], context: Context, question: int | None, line: int
) -> list[Finding]:
    """What one check found, then, if it failed, an ``internal-error`` that names it."""
    found: list[Finding] = []
    try:
        found.extend(check(context))
    except Exception as error:  # noqa: BLE001 - one failing check must not stop the others
        found.append(finding("internal-error", question, line or 1,
                             f"the '{rule_id}' check failed ({type(error).__name__}); the other checks ran. Please report this."))  # fmt: skip
    return found
