"""Check the DTU 02476 MLOps exam report and publish it as a page of an MkDocs site.

The public surface is small: :func:`check_report`, :func:`check_text`, :class:`Result`
and :class:`Finding`, :class:`SpecError` for a template spec that cannot be used, and :class:`UnknownRuleError`
for a rule setting (``ignore``, ``severity``) that cannot be used; the MkDocs plugin (``plugins: [report]``) and the
``mkdocs-report`` command are front-ends over the same engine.
"""

from mkdocs_report_plugin.check.engine import check_report, check_text
from mkdocs_report_plugin.model.report import Constraints, Finding, Range, Result
from mkdocs_report_plugin.reading.spec_error import SpecError
from mkdocs_report_plugin.rules import UnknownRuleError

__all__ = ["Constraints", "Finding", "Range", "Result", "SpecError", "UnknownRuleError", "check_report", "check_text"]


def _notebook_table(result: Result) -> str:
    """A Result in Jupyter: the summary table. The HTML layer is imported when a notebook asks,
    so the command line, which imports this package too, does not pay for it."""
    from mkdocs_report_plugin.output.dashboard import summary_table_html

    return summary_table_html(result)


Result.html_view = _notebook_table
