"""What a check is asked besides the report itself, as one value that every front-end builds once and passes along.

The engine takes it (:func:`.engine.check_report`, :func:`.engine.check_text`); the cache of a site's check
(:mod:`..output.check_cache`) compares it whole; the command line (``--spec``, ``--ignore``, ``--severity``,
``--project-dir``), the site options shared by the MkDocs plugin and the Markdown extension, and the Python API's
keywords each build it once from what their user wrote. A new option of the check is a field here, with the default
that leaves the check as it was, read where the engine uses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from mkdocs_report_plugin.model.report import Constraints, Template
from mkdocs_report_plugin.rules import Level, rule_levels

__all__ = ["CheckOptions", "SpecBeside"]

SpecBeside = Literal["use", "ignore", "trust"]
"""What a ``report-spec.yaml`` beside the report does. ``use``: it gives the limits (when no spec is given), as the
author's own check does: the site's build, the student's ``check``. ``ignore``: it is not read, and the Result says
it is there (a teacher's batch: a file the group committed must not set the limits it is graded by). ``trust``: it
gives the limits, and the Result says so (the teacher asked for it)."""


@dataclass(frozen=True)
class CheckOptions:
    """The options of one check, the same for every report a front-end checks with them."""

    spec: Template | None = None
    """The template spec to check against. None: ``report-spec.yaml`` beside the report, else the shipped spec whose
    phrases the report's prompts match, else the limits the prompts state."""
    constraints: Mapping[int, Constraints] = field(default_factory=dict)
    """Question number -> limits that replace the spec's (a field left None keeps the spec's)."""
    levels: Mapping[str, Level] = field(default_factory=dict)
    """Rule id -> ``off``, ``info``, ``warning`` or ``error``: the user's ``ignore`` (``off``) and ``severity`` as one
    mapping, applied by :func:`.engine.with_levels`. Checked when the value is made: an id that names no rule that
    checks the report, or a level that is not one, raises :class:`~..rules.UnknownRuleError`."""
    project_dir: Path | None = None
    """The repository's top folder, where links and images are looked up as GitHub shows them. None: the git work
    tree that holds the report, else only the report's folder."""
    spec_beside: SpecBeside = "use"
    """What a ``report-spec.yaml`` beside the report does (:data:`SpecBeside`): a teacher's run over groups' reports
    gives ``ignore`` (the default of ``grade``, ``summary`` and a ``check`` of groups) or ``trust``."""

    def __post_init__(self) -> None:
        # A frozen value made from what a caller holds: its own copies, checked, so no caller's dict changes it later.
        object.__setattr__(self, "constraints", dict(self.constraints))
        object.__setattr__(self, "levels", rule_levels(self.levels))
        if self.project_dir is not None:
            object.__setattr__(self, "project_dir", Path(self.project_dir))
