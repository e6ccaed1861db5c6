"""The rules reference, written from the rule registry so that it cannot drift: as markdown for our docs, and as
HTML for the page the plugin publishes next to a report (and the entries the standalone page carries).

``docs/rules.md`` is :func:`rules_reference`'s output; a test fails when the two differ. Each entry's anchor is the
rule's id (``#image-not-found``) in both, so a link to a rule is its id.

Rendering the 37 entries through Python-Markdown took 52-58 ms of every site build, so the package build renders
them once (:func:`built_rules_module`, run by ``build_static.py``) into the module ``_built/rules.py``, keyed by the
markdown each was rendered from: an entry whose markdown is not there (an editable install, a rule changed since)
is rendered here, as before.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from mkdocs_report_plugin.model.report import Result
from mkdocs_report_plugin.rules import RULES
from mkdocs_report_plugin.rules.registry import Rule

if TYPE_CHECKING:
    import markdown

__all__ = ["built_rules_module", "rule_entries_html", "rules_named_html", "rules_reference", "rules_table_html"]

BUILT_RULES = "mkdocs_report_plugin._built.rules"
"""The module the package build writes the rendered entries into (absent from a source checkout)."""

_FORMAT = 1
"""The layout of that module's ``HTML``; a module of another layout is not read."""

_HEADER = """# Rules reference

Every finding names one of these rules. **Errors** fail their question (a question passes
when it has no error); **warnings** do not, but say what the teacher or the official
checker will see. A rule can be set to another level (`off`, `info`, `warning`, `error`): the
plugin's `severity:` option, `--severity RULE=LEVEL`, see [Configuration](configuration.md#checking).
The rules a report's check applies come first, in the order they run; last, those about a file or a
group's folder as a whole, which the engine and the teacher's batch commands make (`not-a-report`,
`no-report`, `timeout`...). **Autofix** says what `mkdocs-report fix` does about a rule's findings: *safe*
fixes change the report only in the way the finding asks and are made by default; *unsafe* ones need
`--unsafe-fixes`, and so does a safe fix that would take its question out of its word or image range (the
finding says so; see [Command line](cli.md#mkdocs-report-fix)).
This page is generated from the rule registry (`mkdocs-report rules > docs/rules.md`).

"""

_TABLE_HEAD = "| Rule | Severity | Autofix | What it checks |\n|---|---|---|---|\n"


def rules_reference() -> str:
    return _HEADER + _table() + "".join(f"\n## `{rule.id}`\n\n{_body(rule)}" for rule in _in_reference_order())


def rules_table_html(anchor_prefix: str = "") -> str:
    """Every rule in one table, each id linking to its entry below (``#`` + ``anchor_prefix`` + id)."""
    return _markdown_html(_table(anchor_prefix))


def rule_entries_html(rule_ids: Iterable[str] | None = None, anchor_prefix: str = "") -> str:
    """The entries of ``rule_ids`` (every rule when ``None``), in the registry's order, each a section whose id is
    ``anchor_prefix`` + the rule's id. Ids the registry does not know are left out."""
    wanted = set(RULES) if rule_ids is None else set(rule_ids)
    return "".join(
        f'<section class="report-rule-entry" id="{anchor_prefix}{rule.id}"><h2><code>{rule.id}</code></h2>'
        f"{_markdown_html(_body(rule))}</section>"
        for rule in _in_reference_order()
        if rule.id in wanted
    )


def rules_named_html(result: Result) -> str:
    """The entries of the rules the result's findings name, for a page that has no rules reference beside it (the
    standalone page, a file that may be opened anywhere, offline): a rule id there links to ``#rule-`` + its id."""
    named = {finding.rule for finding in result.findings}
    if not named:
        return ""
    return (
        '<section class="report-rules-named"><h2 id="rule-entries">The rules named on this page</h2>'
        f"{rule_entries_html(named, anchor_prefix='rule-')}</section>\n"
    )


def _table(anchor_prefix: str = "") -> str:
    rows = (
        f"| [`{rule.id}`](#{anchor_prefix}{rule.id}) | {rule.severity} | {rule.autofix or ''} | {rule.summary} |\n"
        for rule in _in_reference_order()
    )
    return _TABLE_HEAD + "".join(rows)


def _in_reference_order() -> list[Rule]:
    """The rules a student meets first: those a check applies, in the registry's order (the order they run),
    then those the engine or a teacher's batch makes about a whole file or folder (no check of their own)."""
    rules = list(RULES.values())
    checked = [rule for rule in rules if rule.question_check is not None or rule.report_check is not None]
    return checked + [rule for rule in rules if rule not in checked]


def _body(rule: Rule) -> str:
    return (
        f"**{rule.severity.capitalize()}.** {rule.summary}\n\n"
        f"**Why.** {rule.why}\n\n"
        f"**Example.**\n\n````markdown\n{rule.example}\n````\n\n"
        f"**Fix.** {rule.fix}\n" + (f"\n**Autofix ({rule.autofix}).** {rule.autofix_docs}\n" if rule.autofix else "")
    )


_LINK_OUT = re.compile(r'<a href="(?!#)[^"]*"[^>]*>(.*?)</a>', re.S)
"""A link of the docs to another of our docs pages (``template-spec.md``): not a page of the student's site."""


def built_rules_module() -> str:
    """The source of ``_built/rules.py``: the HTML of the rules table and of every rule's entry, each under the
    markdown it was made of."""
    texts = [_table(), *(_body(rule) for rule in RULES.values())]
    html = {text: _rendered(text) for text in texts}
    return (f'"""The rules reference\'s entries as HTML, rendered by build_static.py."""\n\n'
            f"FORMAT = {_FORMAT}\nHTML = {html!r}\n")  # fmt: skip


def _markdown_html(text: str) -> str:
    """Our own documentation's markdown as HTML: as the package build rendered it, else rendered now."""
    built = _built_html().get(text)
    return built if built is not None else _rendered(text)


@functools.cache
def _built_html() -> dict[str, str]:
    """The entries the package build rendered, by their markdown; none in a source checkout."""
    try:
        built = importlib.import_module(BUILT_RULES)
    except ImportError:
        return {}
    return dict(built.HTML) if getattr(built, "FORMAT", None) == _FORMAT else {}


def _rendered(text: str) -> str:
    """Trusted markdown (the rules' docstrings) as HTML, its links to our other docs pages kept as their text,
    since the page is published on the student's site, where those pages are not."""
    return _LINK_OUT.sub(r"\1", _renderer().reset().convert(text))


@functools.cache
def _renderer() -> markdown.Markdown:
    """One Python-Markdown for every entry: building one (its extensions) costs more than converting an entry."""
    import markdown  # only the pages that show the reference pay for it

    return markdown.Markdown(extensions=["tables", "fenced_code"])
