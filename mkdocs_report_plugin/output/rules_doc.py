"""The rules reference page, written from the rule registry so that it cannot drift.

``docs/rules.md`` is this function's output; a test fails when the two differ.
"""

from __future__ import annotations

from mkdocs_report_plugin.rules import RULES

_HEADER = """# Rules reference

Every finding names one of these rules. **Errors** fail their question (a question passes
when it has no error); **warnings** do not, but say what the teacher or the official
checker will see. A rule can be set to another level (`off`, `info`, `warning`, `error`): the
plugin's `severity:` option, `--severity RULE=LEVEL`, see [Configuration](configuration.md#checking).
This page is generated from the rule registry (`mkdocs-report rules > docs/rules.md`).

| Rule | Severity | What it checks |
|---|---|---|
"""


def rules_reference() -> str:
    table = "".join(f"| [`{rule.id}`](#{rule.id}) | {rule.severity} | {rule.summary} |\n" for rule in RULES.values())
    return _HEADER + table + "".join(_entry(rule_id) for rule_id in RULES)


def _entry(rule_id: str) -> str:
    rule = RULES[rule_id]
    return (
        f"\n## `{rule.id}`\n\n"
        f"**{rule.severity.capitalize()}.** {rule.summary}\n\n"
        f"**Why.** {rule.why}\n\n"
        f"**Example.**\n\n````markdown\n{rule.example}\n````\n\n"
        f"**Fix.** {rule.fix}\n"
    )
