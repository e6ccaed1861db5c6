"""Picking findings out of a result."""

from __future__ import annotations

from mkdocs_report_plugin.model.report import Finding, Result


def only(result: Result, rule: str, question: int | None = None) -> Finding:
    """The one finding of ``rule`` (on ``question``, if given); fails when there is none or more than one."""
    found = [f for f in result.findings if f.rule == rule and (question is None or f.question == question)]
    assert len(found) == 1, f"expected one {rule} finding, got {[f.headline for f in result.findings]}"
    return found[0]


def rules_of(result: Result, question: int) -> set[str]:
    """The rules that found something on ``question``."""
    return {f.rule for f in result.findings if f.question == question}
