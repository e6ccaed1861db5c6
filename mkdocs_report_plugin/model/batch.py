"""A batch of reports: each group of a scrape with its Result, and the counts said once for every output."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mkdocs_report_plugin.model.report import Result

__all__ = ["BatchTotals", "Checked"]


@dataclass(frozen=True)
class Checked:
    """One report of a batch, or one group's folder of a scrape, and the short name a teacher knows it by
    (``group-12``)."""

    name: str
    result: Result

    @property
    def not_checked(self) -> str | None:
        """Why the group's report was not checked (no report, not the template, unreadable...); None when it was."""
        if self.result.is_report:
            return None
        return self.result.general[0].message if self.result.general else "not checked"


@dataclass(frozen=True)
class BatchTotals:
    """How a batch of groups did, counted once for the terminal's last line and the teacher's summary page."""

    reports: int  # groups (one report each, or none)
    complete: int  # every question passes, and the course's scripts can read the report
    unusable: int  # not checked: no report, not a report, or could not be checked
    course_cannot_read: int = 0  # checked, but the course's scripts stop on the report (an error on the whole report)

    @property
    def checked(self) -> int:
        return self.reports - self.unusable

    @property
    def incomplete(self) -> int:
        """Reports checked, readable by the course's scripts, with some question failing."""
        return self.checked - self.complete - self.course_cannot_read

    @classmethod
    def of(cls, checked: Sequence[Checked]) -> BatchTotals:
        return cls(
            reports=len(checked),
            complete=sum(1 for entry in checked if entry.result.ok),
            unusable=sum(1 for entry in checked if not entry.result.is_report),
            course_cannot_read=sum(1 for entry in checked if entry.result.is_report and entry.result.report_errors),
        )

    def sentence(self) -> str:
        """``30 groups: 29 checked, 1 not checked. Checked: 1 the course's scripts cannot read, 11 pass every question,
        17 fail some``: every group counted once, errors first."""
        groups = "group" if self.reports == 1 else "groups"
        stopping = f"{self.course_cannot_read} the course's scripts cannot read, " if self.course_cannot_read else ""
        return (
            f"{self.reports} {groups}: {self.checked} checked, {self.unusable} not checked. "
            f"Checked: {stopping}{self.complete} pass every question, {self.incomplete} fail some"
        )
