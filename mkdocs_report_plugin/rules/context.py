"""What a rule may read: one question (:class:`QuestionContext`) or the whole report (:class:`ReportContext`).

A rule reads its context and yields findings; it changes nothing the next rule reads. The rules
about images and links also read the repository's files, through :meth:`QuestionContext.locate`,
which remembers each answer for the question's other rules. What several rules read, or what one
rule decides for another (``images`` names the images hidden in code, so ``image-in-code`` stays
quiet about them), is a fact of the context, worked out once on first use (``cached_property``):
rules never import each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from mkdocs_report_plugin.model.report import Image, Question, Template
from mkdocs_report_plugin.reading import checklist, defuse
from mkdocs_report_plugin.reading.official import OfficialAnswer, OfficialReading
from mkdocs_report_plugin.reading.parse import Answer, Document, Section, answer_of
from mkdocs_report_plugin.reading.repository import Folders, Location, locate
from mkdocs_report_plugin.reading.template import added_questions, placeholder_pattern


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

    @cached_property
    def official_answer(self) -> OfficialAnswer | None:
        """The question's answer as the course's checker reads it: the piece after the same ``Answer:`` line; None
        when it splits on no ``Answer:`` there."""
        marker = self.question.marker_line
        return next((answer for answer in self.official.answers if answer.marker_line == marker), None)

    @cached_property
    def official_counts(self) -> tuple[int, int] | None:
        """The words and images the course's checker counts in :attr:`official_answer`, counted once."""
        answer = self.official_answer
        return None if answer is None else (answer.words, answer.images)

    @cached_property
    def images_hidden_in_code(self) -> list[Image]:
        """The images written in code of an answer that shows too few images: the one cause the ``images``
        finding names.

        The course's checker counts them (it matches ``![..](..)`` anywhere), the reader sees text;
        ``image-in-code`` and ``official-divergence`` stay quiet about them, so the student reads one finding
        with the fix that works."""
        question, allowed = self.question, self.question.constraints.images
        if allowed is None or not question.answered or question.rendered_images >= allowed.minimum:
            return []
        return [image for image in question.images if image.in_code]

    def in_inline_code(self, image: Image) -> bool:
        """Whether ``image`` is written between backticks in a line of text, rather than in a code or HTML block."""
        return image.in_code and image.line not in self.document.code_lines

    @cached_property
    def placeholder_in_prose(self) -> bool:
        """Whether an answered question still holds the placeholder on a line of text: ``leftover-marker`` names
        it, with the words the course's checker counts, so ``official-divergence`` does not."""
        answer = self.answer
        if answer is None or answer.first_line is None or not self.question.answered:
            return False
        lines = self.document.prose_lines(answer.first_line, answer.last_line or answer.first_line)
        return any(self.placeholder(text) for _, text in lines)


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

    @cached_property
    def first_sections(self) -> dict[int, Section]:
        """Each question number's first section, in the report's order: the one the engine checks (a repeated
        heading is ``duplicate-question``'s)."""
        first: dict[int, Section] = {}
        for section in self.document.sections:
            first.setdefault(section.number, section)
        return first

    @cached_property
    def checked_sections(self) -> dict[int, Section]:
        """The section the engine checks for each question of the template."""
        count = self.template.question_count
        return {number: section for number, section in self.first_sections.items() if 1 <= number <= count}

    @cached_property
    def answer_spans(self) -> list[tuple[int, int]]:
        """The first and last line written under each checked question: where an image belongs to a question's
        check."""
        return [answer_of(section, self.document).written for section in self.checked_sections.values()]

    @cached_property
    def added_questions(self) -> list[Section]:
        """Questions right after the spec's last one that the course added (``reading.template.added_questions``):
        a number beyond them (``Question 200`` in a 31-question report) is a mistyped heading."""
        first = self.first_sections
        return [first[number] for number in added_questions(self.template, {n: s.prompt for n, s in first.items()})]
