"""The engine's data model: what a checked report is, independent of how it is shown.

Every front-end (the MkDocs plugin, the CLI, the Python API) reads these objects and
nothing else, so a fact about the report is computed once, here, and shown everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

Severity = Literal["error", "warning", "info"]
"""What a finding does: an error fails its question, a warning is counted by ``strict``, an info is only shown."""
StatusKind = Literal["pass", "warn", "fail"]


@dataclass(frozen=True)
class Range:
    """An inclusive range of counts, as the template writes it ("100-200 words")."""

    minimum: int
    maximum: int

    def __contains__(self, count: object) -> bool:
        return isinstance(count, int) and self.minimum <= count <= self.maximum

    def __str__(self) -> str:
        return f"{self.minimum}-{self.maximum}"

    def describe(self, noun: str) -> str:
        """``"200-300 words"``, ``"1 image"``, ``"1-2 images"``: the range as a student reads it."""
        if self.minimum == 0:
            return f"up to {self.maximum} {noun}s"
        if self.minimum == self.maximum:
            return f"{self.minimum} {noun}" if self.minimum == 1 else f"{self.minimum} {noun}s"
        return f"{self} {noun}s"


@dataclass(frozen=True)
class Constraints:
    """What one question asks for; ``None`` means the template sets no limit."""

    words: Range | None = None
    images: Range | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "words": str(self.words) if self.words else None,
            "images": str(self.images) if self.images else None,
        }


@dataclass(frozen=True)
class Template:
    """The exam template a report was written from."""

    generation: str  # "2023", "2024", "2025", "2026", or "unknown" for an unseen revision
    question_count: int
    constraints: dict[int, Constraints]
    name: str = ""  # the spec's name, e.g. "02476 (2026)"; shown to users with the source
    source: str = ""  # where the spec in use came from, e.g. "--spec specs/2027.yaml" (see engine.py)
    title: str = ""  # the template's "# " title line; "" when the spec names none
    marker: str = "Answer:"  # what opens each answer, the text the course's checker splits on
    placeholder: str = ""  # e.g. "--- question {number} fill here ---"; "" when the template has none
    identify: tuple[str, ...] = ()  # phrases of this revision's prompts that tell it from the others
    sections: tuple[SpecSection, ...] = ()  # the template's "## " sections, in order
    question_titles: dict[int, str] = field(default_factory=dict)  # what each question asks, in short
    checklist: tuple[ChecklistSection, ...] = ()  # the project checklist as the template lists it
    expected_answers: int = 0  # how many answers the course's checker wants; 0: one per question
    header_offset: int = 0  # characters the course's hand-in conversion drops from the start of the file

    def describe(self) -> str:
        """Which spec and where it came from, as the CLI, the build log and the page say it:
        ``02476 (2026), from the shipped specs (matched by the report's prompts)``."""
        name = self.name or f"template {self.generation}"
        return f"{name}, from {self.source}" if self.source else name

    @property
    def answers_expected(self) -> int:
        """The number of answers the course's checker stops on when it finds another."""
        return self.expected_answers or self.question_count


@dataclass(frozen=True)
class SpecSection:
    """One ``## `` section of a template and the questions it holds (none for the checklist's)."""

    title: str
    questions: tuple[int, ...] = ()


@dataclass(frozen=True)
class ChecklistSection:
    """One part of the project checklist ("Week 1") and its items as the template writes them."""

    title: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Image:
    """One image reference in an answer, where it is and whether it renders."""

    source: str
    alt: str
    line: int
    in_code: bool = False  # written inside code, so it shows as text, not as an image
    html: bool = False  # an HTML <img> tag rather than markdown syntax
    by_reference: bool = False  # ![alt][label], its target defined on another line

    @property
    def renders(self) -> bool:
        return not self.in_code


@dataclass(frozen=True)
class Reference:
    """A link or image anywhere in the report (outside code), as written in the source.

    The plugin uses these to copy the files a page needs and to rewrite links that
    leave the report's folder, without parsing the markdown a second time.
    """

    target: str  # as written, e.g. "figures/a.png" or "../dockerfiles/train.dockerfile"
    line: int
    is_image: bool
    question: int | None = None


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]+:")
"""A URL scheme of two letters or more (``gs:``, ``s3:``, ``vscode:``, ``localhost:8000``);
one letter is a Windows drive (``C:``), a path on the student's disk."""


def is_remote_target(target: str) -> bool:
    """True for URLs and anchors: targets that are not files of the repository."""
    lowered = target.lower()
    if lowered.startswith(("//", "#")):
        return True
    return bool(_SCHEME.match(lowered)) and not lowered.startswith("file:")


@dataclass(frozen=True)
class Edit:
    """Lines ``first`` to ``last`` of the report (1-based, inclusive) replaced by ``lines``; ``last`` is
    ``first - 1`` to insert ``lines`` before line ``first``, and ``lines`` is empty to delete."""

    first: int
    last: int
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fix:
    """How ``mkdocs-report fix`` fixes one finding: the edits, and what they change.

    ``safe``: the fix changes how the report looks only in the way the finding asks; an unsafe one is applied
    only when asked (``--unsafe-fixes``), and ``caution`` says why it is unsafe. ``words`` and ``images`` are
    how the course's checker's counts of the finding's question change (the fence lines it no longer counts,
    the image a link becomes), 0 for most fixes. ``utf8``: the file is saved as UTF-8 (no edit)."""

    description: str  # what it does, in a few words: "fenced code indented as code"
    edits: tuple[Edit, ...] = ()
    safe: bool = True
    caution: str = ""
    words: int = 0
    images: int = 0
    utf8: bool = False


@dataclass(frozen=True)
class Finding:
    """One thing to tell the student: a broken rule at a line of the report.

    ``badge`` is the few words a question's badge says when this error fails it (``image not found``,
    ``168 words, needs 200-300``), given by the rule; ``None`` for a rule that has none (a warning, which a
    user may make an error: the badge then names the rule). ``target`` is the image or link target the
    finding is about, as written, for whoever must know which (the site's images); ``None`` for the others.
    ``fix`` is how ``mkdocs-report fix`` fixes it, when its rule has a fix for this case."""

    rule: str
    severity: Severity
    question: int | None
    line: int
    message: str
    badge: str | None = None
    target: str | None = None
    fix: Fix | None = None

    @property
    def verdict(self) -> str:
        """What the finding means, in the words the badge, the dashboard, the log and the CLI share:
        ``Question 14 fails`` (an error on a question), ``error`` (on the whole report) or ``warning``."""
        if self.severity != "error":
            return self.severity
        return f"Question {self.question} fails" if self.question else "error"

    @property
    def headline(self) -> str:
        """The message as a student reads it: ``Question 14: 168 words; ...``."""
        return f"Question {self.question}: {self.message}" if self.question else self.message

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "question": self.question,
            "line": self.line,
            "message": self.message,
        }


QUESTION_MISSING = "question missing"
"""The badge of a question the report lacks (``fail: question missing``), whatever its findings."""


@dataclass(frozen=True)
class Status:
    """A question's verdict, as every front-end shows it: the badge, the tables, the CSV."""

    kind: StatusKind  # pass, warn (passes, with warnings) or fail; also the CSS class
    label: str  # "pass", "pass, 2 warnings", "fail: 168 words, needs 200-300"

    @property
    def ok(self) -> bool:
        return self.kind != "fail"


@dataclass
class Question:
    """One ``### Question N`` section, the answer the student wrote in it, and its findings.

    Lines are 1-based lines of the source file. A question the template has but the
    report lacks is still present (``present=False``) so that every question of the
    template appears exactly once in a Result. ``findings`` are this question's own, kept
    here only: the Result lists them with the rest (:attr:`Result.findings`).
    """

    number: int
    constraints: Constraints
    title: str = ""
    line: int = 0
    present: bool = True
    marker_line: int | None = None
    answer_line: int | None = None  # first line of the answer text
    answer_end_line: int | None = None  # last line of the answer text
    answer: str = ""  # the answer's source text, as the student wrote it
    words: int = 0
    images: list[Image] = field(default_factory=list)
    answered: bool = False
    findings: list[Finding] = field(default_factory=list)

    @property
    def rendered_images(self) -> int:
        return sum(1 for image in self.images if image.renders)

    @property
    def ok(self) -> bool:
        return self.status.ok

    @property
    def status(self) -> Status:
        """Derived from the findings alone: an error fails the question, warnings are counted, an info
        (a rule the user set to ``info``) leaves the verdict alone. The badge says the first error's
        ``badge`` (the findings come in the rules' order, which puts ``unanswered``, ``words`` and ``images``
        first); the findings below the answer say the rest."""
        if not self.present:
            return Status("fail", f"fail: {QUESTION_MISSING}")
        error = next((finding for finding in self.findings if finding.severity == "error"), None)
        if error is not None:
            return Status("fail", f"fail: {error.badge or error.rule}")  # a rule a user made an error names itself
        count = sum(1 for finding in self.findings if finding.severity == "warning")
        if count:
            return Status("warn", f"pass, {count} warning{'s' if count > 1 else ''}")
        return Status("pass", "pass")

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "line": self.line,
            "title": self.title,
            "answered": self.answered,
            "words": self.words,
            "images": self.rendered_images,
            "constraints": self.constraints.to_dict(),
            "ok": self.ok,
        }


@dataclass(frozen=True)
class ChecklistItem:
    """One ``* [x] ...`` line of the project checklist."""

    text: str
    checked: bool
    line: int
    section: str  # "Week 1", "Week 2", "Extra", ...
    modules: tuple[str, ...] = ()  # ("M21",) from "(M21)", ("M2", "M6") from "(M2+M6)"


@dataclass
class Result:
    """Everything the engine learned about one report.

    Each finding is stored once: on its question (``questions[i].findings``) when it is
    about one of the template's questions, else in ``general`` (the whole report, a
    question number the template lacks). :attr:`findings` lists them all.
    ``template`` is ``None`` when the text is not the exam template at all; then
    ``general`` holds one finding that says so and ``questions`` is empty.
    """

    display_path: str
    path: Path | None
    template: Template | None
    questions: list[Question] = field(default_factory=list)
    general: list[Finding] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    text: str = ""  # the decoded source, line endings normalised to "\n"
    checklist_progress: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Section -> (ticked, listed), counted against the spec's checklist; empty when the spec has none
    or the report's checklist is not its (then the report's own items are counted)."""
    ignored: tuple[str, ...] = ()  # the rule ids the user switched off: their findings are not here
    relevelled: dict[str, Severity] = field(default_factory=dict)
    """Rule id -> the severity the user gave it in place of the registry's (``{"handin-render": "info"}``):
    its findings here carry that severity."""

    _numbered: tuple[list[Question], int, dict[int, Question]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """:meth:`question`'s index, made again when ``questions`` is replaced or changes length."""

    html_view: ClassVar[Callable[[Result], str] | None] = None
    """How a notebook shows a Result (see :meth:`_repr_html_`). The API layer sets it, so the
    model imports no presentation."""

    @property
    def findings(self) -> list[Finding]:
        """Every finding, general and per question, in the order of the lines they name."""
        every = [*self.general, *(finding for question in self.questions for finding in question.findings)]
        return sorted(every, key=lambda finding: (finding.line, finding.question or 0, finding.rule))

    @property
    def is_report(self) -> bool:
        return self.template is not None

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def passed(self) -> int:
        return sum(1 for question in self.questions if question.ok)

    @property
    def report_errors(self) -> list[Finding]:
        """The errors about the report as a whole (``checker-stops``: the course's checker cannot read it):
        with any, the report is not ok, whatever its questions."""
        return [finding for finding in self.general if finding.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.is_report and self.passed == self.total and not self.report_errors

    def question(self, number: int) -> Question | None:
        """The question numbered ``number``, looked up by number: a teacher's page asks it once per group and
        question, so a scan of the list each time made ``grade`` quadratic in the question numbers seen."""
        numbered = self._numbered
        if numbered is None or numbered[0] is not self.questions or numbered[1] != len(self.questions):
            by_number = {question.number: question for question in reversed(self.questions)}  # the first one wins
            numbered = self._numbered = (self.questions, len(self.questions), by_number)
        return numbered[2].get(number)

    def checklist_by_section(self) -> dict[str, tuple[int, int]]:
        """``{"Week 1": (checked, total), ...}`` in the order the sections appear: the spec's items,
        so a deleted item still counts in the total, else the items the report lists."""
        if self.checklist_progress:
            return dict(self.checklist_progress)
        progress: dict[str, tuple[int, int]] = {}
        for item in self.checklist:
            done, total = progress.get(item.section, (0, 0))
            progress[item.section] = (done + item.checked, total + 1)
        return progress

    def checklist_totals(self) -> tuple[int, int]:
        """The checklist's ticked and listed items, over every section of :meth:`checklist_by_section`."""
        by_section = self.checklist_by_section().values()
        return sum(done for done, _ in by_section), sum(listed for _, listed in by_section)

    def to_dict(self) -> dict[str, Any]:
        by_section = self.checklist_by_section()
        checked, listed = self.checklist_totals()
        return {
            "path": self.display_path,
            "template": {
                "name": self.template.name if self.template else None,
                "generation": self.template.generation if self.template else None,
                "source": self.template.source if self.template else None,
                "questions": self.template.question_count if self.template else 0,
            },
            "passed": self.passed,
            "total": self.total,
            "questions": [question.to_dict() for question in self.questions],
            "findings": [finding.to_dict() for finding in self.findings],
            "ignored": list(self.ignored),
            "relevelled": dict(self.relevelled),
            "checklist": {
                "checked": checked,
                "total": listed,
                "sections": {name: {"checked": done, "total": total} for name, (done, total) in by_section.items()},
            },
        }

    def _repr_html_(self) -> str | None:
        """Jupyter's rich display; ``None`` makes it fall back to the text repr."""
        return None if Result.html_view is None else Result.html_view(self)
