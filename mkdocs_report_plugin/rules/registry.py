"""The registry: every rule as one object (its id, severity, badge, documentation and checks), and the runners.

A rule is declared once, by a decorator on its check: :func:`question_rule` for a check of one
question, :func:`report_rule` for a check of the whole report; the check's docstring is the
rule's documentation (see :func:`_documentation`). :func:`engine_rule` declares the rules whose
findings the engine makes itself (no check here). A check yields :class:`Found` (a line and a
message, and what else the finding knows); the runner makes each a :class:`Finding` of the check's
rule, so a check never names its own rule. ``RULES`` keeps the rules in the order of
:data:`~.order.ORDER`, the order of the rules reference (``mkdocs-report rules``) and of the
checks. Every check runs behind one guard (:func:`_guarded`): a check that fails is an
``internal-error`` finding, never a crash.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

from mkdocs_report_plugin.model.report import Finding, Fix, Severity
from mkdocs_report_plugin.rules.context import QuestionContext, ReportContext
from mkdocs_report_plugin.rules.order import ORDER

Context = TypeVar("Context", QuestionContext, ReportContext)


@dataclass(frozen=True)
class Found:
    """What a check found: the line, the message, and what else its finding knows.

    ``question`` is for a check of the whole report: the question the finding is about, if any (a check of one
    question always files its findings on that question). ``target`` is the image or link target the finding is
    about, as written. ``badge`` is the badge's few words when they depend on the case (``168 words, needs
    200-300``); else the rule's own are used. ``fix`` is how ``mkdocs-report fix`` fixes it, from a rule that
    declares a fix (see :mod:`.fixes`). ``warning`` lowers an error rule's finding to a warning where the case
    fails nothing the question asks (an image that shows no picture, in a question that asks for no image)."""

    line: int
    message: str
    question: int | None = None
    target: str | None = None
    badge: str | None = None
    fix: Fix | None = None
    warning: bool = False


QuestionCheck = Callable[[QuestionContext], Iterable[Found]]
ReportCheck = Callable[[ReportContext], Iterable[Found]]
Safety = Literal["safe", "unsafe"]
"""What a rule's fix is: ``safe`` changes how the report looks only in the way the finding asks, and
``mkdocs-report fix`` applies it; ``unsafe`` needs ``--unsafe-fixes``."""


@dataclass(frozen=True)
class Rule:
    """A rule: its identity, its documentation (what, why, example, fix) and what checks it.

    A rule checks each question, the whole report, both (``image-not-found, image-format``), or neither
    (its findings are made by the engine: ``not-a-report``, ``unreadable``...). ``badge`` is what a question's
    badge says when the rule's error fails it (``fail: image not found``): every error rule that checks the
    report has one, in the words of its findings, never its id. ``autofix`` says whether ``mkdocs-report fix``
    fixes its findings (those it can), and whether safely; ``autofix_docs`` what it does (the docstring's
    ``Autofix:``)."""

    id: str
    severity: Severity
    summary: str
    why: str
    example: str
    fix: str
    question_check: QuestionCheck | None = None
    report_check: ReportCheck | None = None
    badge: str | None = None
    autofix: Safety | None = None
    autofix_docs: str = ""


RULES: dict[str, Rule] = {}
"""Every rule by id, in the order of :data:`~.order.ORDER`: the rules reference's order and the checks' order."""


def _register(rule: Rule) -> None:
    if rule.id in RULES:
        raise ValueError(f"rule '{rule.id}' is declared twice")
    if rule.id not in ORDER:
        raise ValueError(f"rule '{rule.id}' has no place in the order: add its id to ORDER in rules/order.py")
    checked = rule.question_check is not None or rule.report_check is not None
    if checked and rule.severity == "error" and not rule.badge:
        raise ValueError(f"rule '{rule.id}' fails questions: give it the words its badge says (badge=...)")
    RULES[rule.id] = rule
    place = {rule_id: index for index, rule_id in enumerate(ORDER)}  # ORDER as it is now (a test may extend it)
    ordered = sorted(RULES.values(), key=lambda each: place[each.id])
    RULES.clear()
    RULES.update((each.id, each) for each in ordered)


def _declare(
    rule_id: str,
    severity: Severity,
    docstring: str | None,
    checks: tuple[QuestionCheck | None, ReportCheck | None] = (None, None),
    badge: str | None = None,
    autofix: Safety | None = None,
) -> None:
    """Register the rule, its documentation read from ``docstring`` once (python -OO drops docstrings: the checks
    run, the reference is empty)."""
    fields = None if docstring is None and sys.flags.optimize >= 2 else _fields(docstring)
    documentation = _documentation(rule_id, fields)
    fixes = _autofix(rule_id, fields, autofix)
    _register(Rule(rule_id, severity, *documentation, *checks, badge, *fixes))


def engine_rule(rule_id: str, severity: Severity, documentation: str) -> None:
    """Declare a rule whose findings the engine (or the batch) makes itself, with :func:`finding`;
    ``documentation`` is written as a check's docstring."""
    _declare(rule_id, severity, documentation)


def question_rule(
    rule_id: str,
    severity: Severity,
    *,
    badge: str | None = None,
    autofix: Safety | None = None,
    report_check: ReportCheck | None = None,
) -> Callable[[QuestionCheck], QuestionCheck]:
    """Declare the rule that the decorated function checks on each question (and, given
    ``report_check``, on the whole report as well), documented by its docstring; an error rule gives
    its ``badge``, a rule whose findings carry fixes its ``autofix``. The function is returned unchanged."""

    def register(check: QuestionCheck) -> QuestionCheck:
        _declare(rule_id, severity, check.__doc__, (check, report_check), badge, autofix)
        return check

    return register


def report_rule(
    rule_id: str, severity: Severity, *, badge: str | None = None, autofix: Safety | None = None
) -> Callable[[ReportCheck], ReportCheck]:
    """Declare the rule that the decorated function checks on the whole report, documented by its docstring;
    an error rule gives its ``badge``, a rule whose findings carry fixes its ``autofix``."""

    def register(check: ReportCheck) -> ReportCheck:
        _declare(rule_id, severity, check.__doc__, (None, check), badge, autofix)
        return check

    return register


_FIELD = re.compile(r"^(Why|Example|Fix|Autofix):(?: (.*))?$")


def _fields(docstring: str | None) -> dict[str, list[str]]:
    """A check's docstring by field: the summary (a paragraph), then ``Why:``, ``Example:``, ``Fix:`` and
    ``Autofix:`` at the start of a line, each with its lines."""
    fields: dict[str, list[str]] = {"Summary": []}
    current = fields["Summary"]
    for line in inspect.cleandoc(docstring or "").splitlines():
        if match := _FIELD.match(line):
            current = fields.setdefault(match[1], [])
            current.extend([match[2]] if match[2] else [])
        else:
            current.append(line)
    return fields


def _documentation(rule_id: str, fields: dict[str, list[str]] | None) -> tuple[str, str, str, str]:
    """A check's docstring (:func:`_fields`; None without docstrings) read as its rule's summary, why, example and
    fix.

    Prose is wrapped freely (its lines are joined by one space); the example is the block indented
    below ``Example:``, kept line by line as the student would write it."""
    if fields is None:
        return "", "", "", ""
    summary, why, fix = (_prose(fields.get(name, [])) for name in ("Summary", "Why", "Fix"))
    example = textwrap.dedent("\n".join(fields.get("Example", []))).strip("\n")
    if not (summary and why and example and fix):
        raise ValueError(f"rule '{rule_id}': its check's docstring needs a summary, then 'Why:', 'Example:' and 'Fix:'")
    return summary, why, example, fix


def _autofix(rule_id: str, fields: dict[str, list[str]] | None, safety: Safety | None) -> tuple[Safety | None, str]:
    """The rule's fix as declared (``autofix=``) and as documented (``Autofix:``, what ``mkdocs-report fix``
    does): a rule has both or neither."""
    if fields is None:
        return safety, ""
    written = _prose(fields.get("Autofix", []))
    if bool(written) != (safety is not None):
        raise ValueError(f"rule '{rule_id}': a rule with autofix=... says in its docstring's 'Autofix:' what "
                         "`mkdocs-report fix` does, and only such a rule")  # fmt: skip
    return safety, written


def _prose(lines: list[str]) -> str:
    """Wrapped lines as the one paragraph they are."""
    return " ".join(line.strip() for line in lines if line.strip())


class UnknownRuleError(ValueError):
    """A rule setting that cannot be used: an id no rule has, a rule that cannot be configured, or a level that
    is not one; the message says what to write."""


Level = Literal["off", "info", "warning", "error"]
"""What a user may set a rule to: ``off`` (ignored), or the severity its findings get."""

LEVELS: tuple[Level, ...] = ("off", "info", "warning", "error")


def ignorable_rules(rule_ids: Iterable[str]) -> frozenset[str]:
    """The rule ids a user asked to ignore, checked: each must name a rule that checks the report."""
    chosen = frozenset(rule_ids)
    for rule_id in sorted(chosen):
        _configurable(rule_id, "ignored")
    return chosen


def rule_levels(levels: Mapping[str, str]) -> dict[str, Level]:
    """The levels a user set rules to (``{"handin-render": "info"}``), checked: each id must name a rule that
    checks the report, each level be one of :data:`LEVELS` (any case)."""
    checked: dict[str, Level] = {}
    for rule_id, written in sorted(levels.items()):
        _configurable(rule_id, "set to another level")
        level = next((known for known in LEVELS if known == str(written).strip().lower()), None)
        if level is None:
            raise UnknownRuleError(
                f"'{written}' is not a level for the rule '{rule_id}': write one of {', '.join(LEVELS)}."
            )
        checked[rule_id] = level
    return checked


def rule_settings(ignore: Iterable[str] = (), levels: Mapping[str, str] | None = None) -> dict[str, Level]:
    """Both ways of configuring rules as one mapping: an ignored rule is the short form of ``off``. A rule both
    ignored and set to another level is a contradiction, refused rather than resolved silently."""
    settings = rule_levels(levels or {})
    for rule_id in sorted(ignorable_rules(ignore)):
        if settings.setdefault(rule_id, "off") != "off":
            raise UnknownRuleError(
                f"the rule '{rule_id}' is ignored and set to {settings[rule_id]} at once: keep one of the two."
            )
    return settings


def _configurable(rule_id: str, what: str) -> None:
    """Refuse an id that names no rule, or a rule whose findings say that the report could not be checked
    (``not-a-report``, ``unreadable``...): switching those off or down would make an unchecked report look clean."""
    rule = RULES.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, list(RULES), n=3, cutoff=0.6)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise UnknownRuleError(f"there is no rule '{rule_id}'; {hint}`mkdocs-report rules` lists every rule id.")
    if rule.question_check is None and rule.report_check is None:
        raise UnknownRuleError(f"the rule '{rule_id}' cannot be {what}: it says the report could not be checked.")


def finding(rule_id: str, question: int | None, line: int, message: str) -> Finding:
    """A finding of ``rule_id`` made outside a check (the engine's and the batch's rules), with the severity the
    registry gives that rule."""
    return Finding(rule_id, RULES[rule_id].severity, question, max(line, 1), message)


def run_question_rules(context: QuestionContext) -> list[Finding]:
    """Every per-question rule on one question; a failing rule becomes a finding, not a crash."""
    question = context.question
    return [found for rule in RULES.values() if rule.question_check is not None
            for found in _guarded(rule, rule.question_check, context, question.number, question.line)]  # fmt: skip


def run_report_rules(context: ReportContext) -> list[Finding]:
    """Every whole-report rule; a failing rule becomes a finding, not a crash."""
    return [found for rule in RULES.values() if rule.report_check is not None
            for found in _guarded(rule, rule.report_check, context, None, 1)]  # fmt: skip


def _guarded(
    rule: Rule, check: Callable[[Context], Iterable[Found]], context: Context, question: int | None, line: int
) -> list[Finding]:
    """What one check found, as findings of its rule, then, if it failed, an ``internal-error`` that names it.

    ``question`` is the question a check of one question files its findings on; None for a check of the whole
    report, whose findings say their question themselves."""
    found: list[Finding] = []
    try:
        found.extend(
            _finding_of(rule, each, each.question if question is None else question) for each in check(context)
        )
    except Exception as error:  # noqa: BLE001 - one failing check must not stop the others
        found.append(finding("internal-error", question, line or 1,
                             f"the '{rule.id}' check failed ({type(error).__name__}); the other checks ran. Please report this."))  # fmt: skip
    return found


def _finding_of(rule: Rule, found: Found, question: int | None) -> Finding:
    """What a check found, as a finding of its rule: the rule's severity, its badge unless the check gave one, and
    its fix, unsafe when the rule's fixes are."""
    fix = found.fix
    if fix is not None and rule.autofix is None:
        raise ValueError(f"the '{rule.id}' check gave a fix, but the rule declares none (autofix=...)")
    if fix is not None and rule.autofix == "unsafe" and fix.safe:
        fix = dataclasses.replace(fix, safe=False, caution=rule.autofix_docs)
    badge = found.badge or rule.badge
    severity: Severity = "warning" if found.warning and rule.severity == "error" else rule.severity
    return Finding(rule.id, severity, question, max(found.line, 1), found.message, badge, found.target, fix)
