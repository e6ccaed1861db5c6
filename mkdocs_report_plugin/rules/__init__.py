"""Layer 3: the rules, one object each (id, severity, documentation and check), in a registry. Imports model, reading.

A rule reads a :class:`QuestionContext` (one question) or a :class:`ReportContext` (the whole
report) and yields what it found. The registry (:mod:`.registry`) is the source of the rules
reference in the docs (``mkdocs-report rules``), so code and docs cannot drift. The modules are
split by what their rules look at, and imported here so that every rule is declared; the order
the rules run and are listed in is :data:`~.order.ORDER`'s, whatever the order of the imports.
"""

from mkdocs_report_plugin.rules import (
    answers,
    checker,
    checklists,
    engine_findings,
    files,
    leftovers,
    structure,
    text,
    writing,
)
from mkdocs_report_plugin.rules.context import QuestionContext, ReportContext
from mkdocs_report_plugin.rules.registry import (
    LEVELS,
    RULES,
    Found,
    Level,
    Rule,
    UnknownRuleError,
    finding,
    ignorable_rules,
    rule_levels,
    rule_settings,
    run_question_rules,
    run_report_rules,
)

__all__ = [
    "LEVELS",
    "RULES",
    "Found",
    "Level",
    "QuestionContext",
    "ReportContext",
    "Rule",
    "UnknownRuleError",
    "answers",
    "checker",
    "checklists",
    "engine_findings",
    "files",
    "finding",
    "ignorable_rules",
    "leftovers",
    "rule_levels",
    "rule_settings",
    "run_question_rules",
    "run_report_rules",
    "structure",
    "text",
    "writing",
]
