"""Layer 3: the rules, one object each (id, severity, documentation and check), in a registry. Imports model, reading.

A rule reads a :class:`QuestionContext` (one question) or a :class:`ReportContext` (the whole
report) and yields findings. The registry (:mod:`.registry`) is the source of the rules
reference in the docs (``mkdocs-report rules``), so code and docs cannot drift. The modules are
split by what their rules look at, and imported here in the order their rules are listed and run.
"""

# isort: off
# The import order is the rules' order: in the reference, and the order the checks run in.
from mkdocs_report_plugin.rules import engine_findings, answers, files, writing, checker, structure, text, checklists
from mkdocs_report_plugin.rules import leftovers as leftovers

# isort: on
from mkdocs_report_plugin.rules.context import QuestionContext, ReportContext
from mkdocs_report_plugin.rules.registry import (
    LEVELS,
    RULES,
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
    "rule_levels",
    "rule_settings",
    "run_question_rules",
    "run_report_rules",
    "structure",
    "text",
    "writing",
]
