"""What a rule may read: one question (:class:`QuestionContext`) or the whole report (:class:`ReportContext`).

A rule reads its context and yields findings; it changes nothing the next rule reads. The rules
about images and links also read the repository's files, through :meth:`QuestionContext.locate`,
which remembers each answer for the question's other rules; what several rules of the whole
report read is worked out once, on first use (``cached_property``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from mkdocs_report_plugin.model.report import Question, Template
from mkdocs_report_plugin.reading import checklist, defuse
from mkdocs_report_plugin.reading.official import OfficialReading
from mkdocs_report_plugin.reading.parse import Answer, Document
from mkdocs_report_plugin.reading.repository import Folders, Location, locate
from mkdocs_report_plugin.reading.template import placeholder_pattern


@dataclass(frozen=True)
class QuestionContext:
    """What a per-question rule may read (frozen, so no rule can change it for the next)."""

    question: Question
    answer: Answer | None
    document: Document
    official: OfficialReading
    folders: Folders | None = None  # where paths are looked up; None when there are no files to look at
    _located: dict[str, Location | None] = field(default_factory=dict, init=False, repr=False, compare=False)
    template: Template = field(default_factory=lambda: Template("unknown", 0, {}))  # the spec in use

    def placeholder(self, text: str) -> re.Match[str] | None:
        """The template's placeholder (``--- question 3 fill here ---``) in ``text``, if it is there."""
        pattern = placeholder_pattern(self.template.placeholder)
        return pattern.search(text) if pattern else None

    def locate(self, target: str) -> Location | None:
        """Where ``target`` points, as GitHub reads it; None for URLs, or without files to look at.

        The file system is asked once per target and question: several rules ask about one image."""
        if self.folders is None:
            return None
        if target not in self._located:
            self._located[target] = locate(target, self.folders.report_dir, self.folders.root)
        return self._located[target]

    @property
    def written_span(self) -> tuple[int, int] | None:
        """The first and last line of the answer's text; None when nothing is written."""
        answer = self.answer
        if answer is None or answer.first_line is None or answer.last_line is None:
            return None
        return answer.first_line, answer.last_line


@dataclass(frozen=True)
class ReportContext:
    """What a whole-report rule may read."""

    document: Document
    template: Template
    official: OfficialReading
    questions: list[Question]
    encoding_problem: tuple[int, str] | None = None  # (line of the first byte not UTF-8, the encoding read instead)
    overridden: frozenset[int] = frozenset()  # questions whose limits the caller set (the plugin's constraints)
    folders: Folders | None = None  # where paths are looked up; None when there are no files to look at

    @cached_property
    def compared_checklist(self) -> checklist.Comparison:
        """The report's checklist against the spec's, read once for the three checklist rules."""
        document = self.document
        before = document.sections[0].line if document.sections else len(document.lines) + 1
        marked = checklist.unread_marks(document.lines, before, document.code_lines)
        return checklist.compare(self.template.checklist, document.checklist, marked)

    @cached_property
    def orphan_prompt_lines(self) -> set[int]:
        """The lines of question prompts that lost their ``### Question`` heading."""
        return {line for section in self.document.sections for line in section.orphan_prompts}

    @cached_property
    def hazards(self) -> list[defuse.Hazard]:
        """The lines that stop or slow the markdown renderers, found once for the rules that report them."""
        return defuse.hazards("\n".join(self.document.lines), self.document.code_lines)
