"""Check the DTU 02476 MLOps exam report and publish it as a page of an MkDocs site.

The public surface is small: :func:`check_report`, :func:`check_text`, :class:`Result`
and :class:`Finding`, and :class:`SpecError` for a template spec that cannot be used; the MkDocs plugin (``plugins: [report]``) and the
``mkdocs-report`` command are front-ends over the same engine.
"""

from .engine import check_report, check_text
from .model import Constraints, Finding, Range, Result
from .spec import SpecError

__all__ = ["Constraints", "Finding", "Range", "Result", "SpecError", "check_report", "check_text"]
