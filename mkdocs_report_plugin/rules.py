"""The rules: small functions, each with a stable id and its own documentation.

A rule reads a :class:`QuestionContext` (one question) or a :class:`ReportContext` (the
whole report) and yields findings; it changes nothing it reads. The rules about images
and links also read the repository's files, through :meth:`QuestionContext.locate`, which
remembers each answer for the question's other rules. Every rule runs behind one guard
(:func:`_guarded`): a rule that fails is an ``internal-error`` finding, never a crash. The
registry below is also the source of the rules reference in the docs (``mkdocs-report
rules``), so code and docs cannot drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from mkdocs_report_plugin.model.report import ChecklistItem, Constraints, Finding, Image, Question, Severity, Template
from mkdocs_report_plugin.reading import checklist, defuse, handin
from mkdocs_report_plugin.reading.official import OfficialAnswer, OfficialReading
from mkdocs_report_plugin.reading.parse import Answer, Document, Heading, Section, section_at
from mkdocs_report_plugin.reading.repository import (
    MAX_FILE_BYTES,
    Folders,
    Location,
    Status,
    inside,
    is_hidden,
    local_path,
    locate,
)
from mkdocs_report_plugin.reading.template import (
    PROMPTS_SOURCE,
    SHIPPED_SOURCE,
    constraints_from_prompt,
    placeholder_pattern,
)

ALLOWED_IMAGE_TYPES = (".png", ".jpg", ".jpeg")


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


@dataclass(frozen=True)
class ReportContext:
    """What a whole-report rule may read."""

    document: Document
    template: Template
    official: OfficialReading
    questions: list[Question]
    encoding_problem: tuple[int, str] | None = None  # (line, what was wrong)
    overridden: frozenset[int] = frozenset()  # questions whose limits the caller set (the plugin's constraints)

    @cached_property
    def compared_checklist(self) -> checklist.Comparison:
        """The report's checklist against the spec's, read once for the three checklist rules."""
        document = self.document
        before = document.sections[0].line if document.sections else len(document.lines) + 1
        marked = checklist.unread_marks(document.lines, before, document.code_lines)
        return checklist.compare(self.template.checklist, document.checklist, marked)


Context = TypeVar("Context", QuestionContext, ReportContext)
QuestionCheck = Callable[[QuestionContext], Iterable[Finding]]
ReportCheck = Callable[[ReportContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule's identity and its documentation (what, why, example, fix)."""

    id: str
    severity: Severity
    summary: str
    why: str
    example: str
    fix: str


RULES: dict[str, Rule] = {}
QUESTION_CHECKS: list[tuple[str, QuestionCheck]] = []
REPORT_CHECKS: list[tuple[str, ReportCheck]] = []


def _document(rule_id: str, severity: Severity, *, summary: str, why: str, example: str, fix: str) -> None:
    RULES[rule_id] = Rule(rule_id, severity, summary, why, example, fix)


def _question_check(rule_id: str) -> Callable[[QuestionCheck], QuestionCheck]:
    def register(check: QuestionCheck) -> QuestionCheck:
        QUESTION_CHECKS.append((rule_id, check))
        return check

    return register


def _report_check(rule_id: str) -> Callable[[ReportCheck], ReportCheck]:
    def register(check: ReportCheck) -> ReportCheck:
        REPORT_CHECKS.append((rule_id, check))
        return check

    return register


def finding(rule_id: str, question: int | None, line: int, message: str) -> Finding:
    """A finding of ``rule_id``, with the severity the registry gives that rule."""
    return Finding(rule_id, RULES[rule_id].severity, question, max(line, 1), message)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# --- engine-level rules: found while reading the file, before any question -----------

_document(
    "not-a-report", "error",
    summary="The file is not the exam template.",
    why="Checking any other markdown against 31 questions would only produce noise.",
    example="A project README with no `### Question N` sections and no `> Answer:` markers.",
    fix="Point the check at the report (usually `reports/README.md`), or restore the template's "
    "`### Question N` headings and `> Answer:` lines.",
)  # fmt: skip
_document(
    "unreadable", "error",
    summary="The report file cannot be read.",
    why="Nothing can be checked or published from a file that cannot be opened.",
    example="`reports/README.md` does not exist, is a folder without README.md, is not a regular file (a pipe, "
    "a device) or is larger than 20 MB.",
    fix="Check the path, or pass the folder that holds README.md.",
)  # fmt: skip
_document(
    "timeout", "error",
    summary="Checking one hand-in of a batch took longer than the time limit (`--timeout`, 60 s by default).",
    why="One hand-in must never stop a teacher's batch: it is stopped and reported, and the others are checked.",
    example="A hand-in whose report makes the checker work for minutes.",
    fix="Check that report alone (`mkdocs-report check group-12/reports/README.md`), or raise `--timeout`; "
    "please report the file, since a real report is checked in well under a second.",
)  # fmt: skip
_document(
    "unusable-spec", "error",
    summary="The template spec beside the report (`report-spec.yaml`) cannot be used.",
    why="That spec says which limits apply; checking against other limits would mislead, and ignoring the file "
    "silently would too. The message names the file, the line and the key.",
    example="`reports/report-spec.yaml, line 7: key 'words' is 300-200; write the smaller number first.`",
    fix="Fix the spec at the line named (see [Template specs](template-spec.md)), or delete it to use the limits "
    "the shipped specs give.",
)  # fmt: skip
_document(
    "internal-error", "warning",
    summary="The checker itself failed: on one check of a question or of the whole report, or on a whole hand-in of "
    "a batch.",
    why="One check the checker cannot run must never stop the others: the other checks, questions and hand-ins are "
    "checked. A hand-in it failed on entirely is 'not checked' (exit status 2).",
    example="(a bug in mkdocs-report-plugin)",
    fix="Report the problem with the report's text; the rest was checked.",
)  # fmt: skip


# --- per-question rules ----------------------------------------------------------------


_document(
    "unanswered", "error",
    summary="The question has no answer: the placeholder is still there, or nothing is written.",
    why="An unanswered question never passes, even one whose range starts at 0 words, which "
    "the official checker lets pass because it counts the placeholder as 6 words.",
    example="> Answer:\n\n--- question 28 fill here ---",
    fix="Replace the placeholder line with your answer.",
)  # fmt: skip


@_question_check("unanswered")
def unanswered(context: QuestionContext) -> Iterator[Finding]:
    question, answer = context.question, context.answer
    if not question.present or question.answered or answer is None:
        return
    wanted = _wanted(question)
    line = answer.first_line or answer.marker_line or question.line
    if answer.cut_line is not None and not answer.text.strip():
        heading = context.document.lines[answer.cut_line - 1].strip()
        yield finding("unanswered", question.number, answer.cut_line,
                      f"the answer starts with the heading '{heading}', where the course's checker stops reading: "
                      f"it finds no answer. Write the answer as plain text below 'Answer:'{wanted}; use **bold** "
                      "for a title.")  # fmt: skip
    elif context.placeholder(answer.text):
        yield finding(
            "unanswered",
            question.number,
            line,
            f"not answered yet: the placeholder is still there. Replace it with your answer{wanted}.",
        )
    else:
        yield finding("unanswered", question.number, line,
                      f"the answer is empty. Write your answer below the 'Answer:' line{wanted}.")  # fmt: skip


def _wanted(question: Question) -> str:
    words, images = question.constraints.words, question.constraints.images
    parts = [words.describe("word")] if words and words.maximum > 0 else []
    parts += [images.describe("image")] if images else []
    return f" ({' and '.join(parts)})" if parts else ""


_document(
    "words", "error",
    summary="The answer has fewer or more words than the question's range.",
    why="The official checker fails the question; it counts every whitespace-separated token "
    "(markdown syntax, URLs and code included), and so do we.",
    example="Question 14 asks for 200-300 words; the answer has 168.",
    fix="Add or cut words until the count is inside the range.",
)  # fmt: skip


@_question_check("words")
def words(context: QuestionContext) -> Iterator[Finding]:
    question, answer = context.question, context.answer
    allowed = question.constraints.words
    if allowed is None or not question.answered or answer is None or question.words in allowed:
        return
    line = answer.first_line or question.line
    if question.words < allowed.minimum:
        advice = f"Add at least {_plural(allowed.minimum - question.words, 'word')}."
    else:
        advice = f"Cut at least {_plural(question.words - allowed.maximum, 'word')}."
    yield finding(
        "words", question.number, line, f"{_plural(question.words, 'word')}; the range is {allowed}. {advice}"
    )


_document(
    "images", "error",
    summary="The answer shows fewer or more images than the question asks for.",
    why="The official checker fails the question; only images that render count here "
    "(markdown images outside code, and HTML `<img>` tags).",
    example="Question 19 asks for 1-2 images of the GCP bucket; the answer has none.",
    fix="Add the screenshot to `figures/` and write `![bucket](figures/bucket.png)` in the answer.",
)  # fmt: skip


@_question_check("images")
def images(context: QuestionContext) -> Iterator[Finding]:
    question, answer = context.question, context.answer
    allowed = question.constraints.images
    count = question.rendered_images
    if allowed is None or not question.answered or answer is None or count in allowed:
        return
    line = answer.first_line or question.line
    if count < allowed.minimum:
        shown = "no image" if count == 0 else _plural(count, "image")
        advice = f"Add {_plural(allowed.minimum - count, 'image')}: save it in figures/ and write ![description](figures/name.png)."
        yield finding(
            "images", question.number, line, f"{shown}; the question asks for {allowed.describe('image')}. {advice}"
        )
    else:
        yield finding("images", question.number, line,
                      f"{_plural(count, 'image')}; the question asks for {allowed.describe('image')}. Remove {_plural(count - allowed.maximum, 'image')}.")  # fmt: skip


_document(
    "image-not-found", "error",
    summary="An image's file is not in the repository, so GitHub, the site and the hand-in show nothing.",
    why="The teacher sees a broken image; the official checker still counts it. A path means what GitHub "
    "makes of it: relative to the report's folder, or from the repository's top folder with a leading `/`.",
    example="![loss](figures/loss.png) while reports/figures/loss.png is missing.",
    fix="Add the file, or correct the path; the template asks for images in `figures/` next to the report.",
)  # fmt: skip


@_question_check("image-not-found")
def image_not_found(context: QuestionContext) -> Iterator[Finding]:
    for image, where, folders in _located_images(context):
        if where.status not in (Status.FOUND, Status.UNKNOWN):
            message = _not_there(f"image '{image.source}'", where, folders, is_image=True)
            yield finding("image-not-found", context.question.number, image.line, message)
        elif where.found and where.file is not None and is_hidden(where.file, folders.root or folders.report_dir):
            message = (
                f"image '{image.source}' is in a hidden file or folder (a name starting with '.'), which the "
                f"site never publishes. Put the file in figures/ next to the report."
            )
            yield finding("image-not-found", context.question.number, image.line, message)


_document(
    "link-not-found", "warning",
    summary="A link's target is not in the repository, so the link leads nowhere.",
    why="Readers follow the link on GitHub and on the site and find nothing. It is a warning: the grader "
    "does not read links.",
    example="[our Dockerfile](../dockerfiles/train.dockerfile) while dockerfiles/train.dockerfile does not exist.",
    fix="Correct the path (it starts at the report's folder; a leading `/` starts at the repository's top "
    "folder), or remove the link.",
)  # fmt: skip


@_question_check("link-not-found")
def link_not_found(context: QuestionContext) -> Iterator[Finding]:
    if context.answer is None or context.folders is None:
        return
    first, last = context.answer.written
    for reference in context.document.references:
        if reference.is_image or reference.question != context.question.number or not first <= reference.line <= last:
            continue
        where = context.locate(reference.target)
        if where is not None and where.status is Status.TOO_LARGE and not _published(where, context.folders):
            continue  # a link out of the report's folder goes to GitHub, which shows any size
        if where is not None and where.status not in (Status.FOUND, Status.UNKNOWN):
            message = _not_there(f"the link '{reference.target}'", where, context.folders, is_image=False)
            yield finding("link-not-found", context.question.number, reference.line, message)


def _not_there(shown: str, where: Location, folders: Folders, *, is_image: bool) -> str:
    """Why GitHub shows nothing at ``where``, and what to write instead."""
    name = Path(local_path(where.target).replace("\\", "/")).name
    into_figures = f"Put the file in figures/ next to the report and write {_as_target('figures/' + name)}."
    if where.status is Status.MISSING:
        assert where.file is not None
        missing, fix = (
            ("not found", "Add the file or fix the path.")
            if is_image
            else ("leads nowhere", "Fix the path or remove the link.")
        )
        place = "in the repository" if folders.root is not None else "next to the report"
        return f"{shown} {missing}: there is no '{folders.in_repository(where.file)}' {place}. {fix}" + _hint(
            where, name, folders, is_image=is_image
        )
    if where.status in (Status.WRONG_CASE, Status.BACKSLASH):
        assert where.file is not None
        why = (
            "GitHub tells upper and lower case apart"
            if where.status is Status.WRONG_CASE
            else ("GitHub reads '\\' as part of a name, not between folders")
        )
        return f"{shown} leads nowhere on GitHub ({why}): write {_as_target(folders.from_report(where.file))}."
    if where.status is Status.OUTSIDE:
        return f"{shown} points outside the repository, so nobody else can see it. " + (
            into_figures if is_image else "Link to a file of the repository."
        )
    if where.status is Status.LINKED_OUT:
        return f"{shown} is a symbolic link to a file outside the repository, so it is not shown. Copy the file in instead."
    if where.status is Status.HIDDEN:
        return (
            f"{shown} is a symbolic link into a hidden file or folder (a name starting with '.'), which is never "
            "published. " + (into_figures if is_image else "Link to a file of the repository that is not hidden.")
        )
    if where.status is Status.NOT_A_FILE:
        return f"{shown} is not a regular file (a pipe, a device or a socket), so it is not shown. " + (
            into_figures if is_image else "Link to a file of the repository."
        )
    if where.status is Status.TOO_LARGE:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return f"{shown} is larger than {limit} MB, so it is not published. " + (
            "Save a smaller image (a screenshot or a PNG of at most a few MB)."
            if is_image
            else "Keep it out of the report's folder and link to it on GitHub."
        )
    return f"{shown} is a path on your own computer, which nobody else can open. " + (
        into_figures if is_image else "Link to the file in the repository instead.")  # fmt: skip


def _is_folder(where: Location) -> bool:
    return where.file is not None and where.file.is_dir()


def _published(where: Location, folders: Folders) -> bool:
    """Whether a link's file is published with the page: those in the report's folder (not its markdown)."""
    return where.file is not None and inside(where.file, folders.report_dir) and where.file.suffix.lower() != ".md"


def _hint(where: Location, name: str, folders: Folders, *, is_image: bool) -> str:
    """What the student most likely meant by a path that names nothing."""
    written = local_path(where.target)
    if is_image and written != f"figures/{name}" and (folders.report_dir / "figures" / name).is_file():
        return f" There is a figures/{name}: write {_as_target('figures/' + name)}."
    root = folders.root
    from_top = root / written if root is not None and not where.from_root else None
    if (
        from_top is not None
        and root is not None
        and not written.startswith("..")
        and inside(from_top, root)
        and from_top.exists()
    ):
        return (
            f" Paths start at the report's folder: for the repository's '{written}', "
            f"write {_as_target(folders.from_report(from_top))}."
        )
    if _DOMAIN.match(written):
        return f" If it is a web address, write it with https:// in front: 'https://{where.target}'."
    if is_image and not where.from_root and not written.startswith(("figures/", "./figures/")):
        return f" The template asks for images in figures/: move it to figures/{name}."
    return ""


_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|app|ai|eu|dk|co|run)(?:/|:\d)",
                     re.IGNORECASE)  # fmt: skip
"""A web address without its scheme: a domain followed by a path or a port."""


def _as_target(path: str) -> str:
    """A path as the student should write it in a link: within ``<...>`` when it holds spaces or
    parentheses, which would otherwise end the link on GitHub."""
    return f"'<{path}>'" if any(character in path for character in " ()<>") else f"'{path}'"


_document(
    "handin-image", "warning",
    summary="GitHub and the site show the image, but the hand-in the teacher grades will not.",
    why="After the deadline the course copies only the report's folder (`reports/`) and renders it with "
    "`report.py html`, which keeps image paths as written: a path that starts with `/`, or that leaves "
    "the report's folder, finds nothing there.",
    example="![architecture](/reports/figures/architecture.png) or ![logo](../docs/logo.png)",
    fix="Keep the image in `figures/` next to the report and write `figures/name.png`.",
)  # fmt: skip


@_question_check("handin-image")
def handin_image(context: QuestionContext) -> Iterator[Finding]:
    for image, where, folders in _located_images(context):
        if where.status not in (Status.FOUND, Status.UNKNOWN):
            continue
        in_folder = where.file is not None and inside(where.file, folders.report_dir)
        shown = f"image '{image.source}'"
        if where.from_root:
            fix = (
                f"Write {_as_target(folders.from_report(where.file))}"
                if in_folder and where.file
                else ("Write the path from the report's folder, e.g. 'figures/name.png'")
            )
            message = (
                f"{shown} starts with '/': GitHub shows it from the repository's top folder, but the hand-in the "
                f"teacher grades (report.py html) keeps the path as written and will not find it. {fix}."
            )
        elif not in_folder:
            name = Path(local_path(image.source)).name
            message = (
                f"{shown} is outside the report's folder: the course hands in only that folder, so the teacher "
                f"will not see it. Copy it to figures/ and write {_as_target('figures/' + name)}."
            )
        else:
            continue
        yield finding("handin-image", context.question.number, image.line, message)  # fmt: skip


_document(
    "image-format", "error",
    summary="An image is not a .png, .jpg or .jpeg file, as the template asks.",
    why="The course's hand-in only accepts these formats; other files may not show after grading.",
    example="![architecture](figures/architecture.svg)",
    fix="Export the image as PNG (or JPEG) and update the link.",
)  # fmt: skip


@_question_check("image-format")
def image_format(context: QuestionContext) -> Iterator[Finding]:
    for image in context.question.images:
        if not image.renders or image.source.startswith("data:"):
            continue
        suffix = Path(local_path(image.source)).suffix.lower()
        if not suffix and (where := context.locate(image.source)) is not None and where.found and not _is_folder(where):
            yield finding(
                "image-format",
                context.question.number,
                image.line,
                f"image '{image.source}' has no .png, .jpg or .jpeg suffix, so the site does not publish it. "
                "Save it as PNG and write its name with .png.",
            )
        if suffix and suffix not in ALLOWED_IMAGE_TYPES:
            yield finding("image-format", context.question.number, image.line,
                          f"image '{image.source}' is a {suffix} file; the template asks for .png, .jpg or .jpeg. Export it as PNG.")  # fmt: skip
        elif suffix and (real := _linked_file(context, image.source)) is not None:
            yield finding("image-format", context.question.number, image.line,
                          f"image '{image.source}' is a symbolic link to '{real.name}', which is not a .png, .jpg or "
                          ".jpeg file, so the site does not publish it. Put the image itself in figures/.")  # fmt: skip


def _linked_file(context: QuestionContext, target: str) -> Path | None:
    """The file an image found in the repository resolves to, when a symbolic link changes its suffix."""
    where = context.locate(target)
    if where is None or not where.found or where.file is None or _is_folder(where):
        return None
    real = where.file.resolve()
    return real if real.suffix.lower() not in ALLOWED_IMAGE_TYPES else None


_document(
    "image-in-code", "warning",
    summary="Image syntax inside code (or an HTML block) shows as text, not as a picture.",
    why="The official checker counts it as an image, so the question may pass while the teacher sees no picture.",
    example="```markdown\n![train](figures/train.png)\n```",
    fix="Move the `![...](...)` line out of the code block.",
)  # fmt: skip


@_question_check("image-in-code")
def image_in_code(context: QuestionContext) -> Iterator[Finding]:
    for image in context.question.images:
        if image.in_code:
            yield finding("image-in-code", context.question.number, image.line,
                          f"the image '{image.source}' is inside code, so it shows as text, not as a picture. Move it out of the code block.")  # fmt: skip


_LEFTOVER_HINTS = ("???", "todo", "tbd", "fixme", "xxx", "lorem ipsum", "fill here", "insert", "write something")
"""Cheap substring tests that every leftover contains; the regex runs only where one is found."""
_LEFTOVERS = re.compile(
    r"\?{3,}|\bTODO\b|\bTBD\b|\bFIXME\b|\bXXX+\b|lorem ipsum|fill here"
    r"|insert\s+(?:a\s+|the\s+)?(?:picture|image|screenshot|figure)s?\b|write\s+something",
    re.IGNORECASE,
)


_document(
    "leftover-marker", "warning",
    summary="A note to self is left in the answer (`???`, `TODO`, `INSERT PICTURE`, a placeholder...).",
    why="It counts as words for the official checker and reads as unfinished to the teacher.",
    example="We deployed the model with ??? !! INSERT PICTURE !!!",
    fix="Replace the note with the text or image it stands for.",
)  # fmt: skip


@_question_check("leftover-marker")
def leftover_marker(context: QuestionContext) -> Iterator[Finding]:
    answer = context.answer
    if answer is None or answer.first_line is None or not context.question.answered:
        return
    for line, text in context.document.prose_lines(answer.first_line, answer.last_line or answer.first_line):
        placeholder = context.placeholder(text)
        if placeholder:
            yield finding("leftover-marker", context.question.number, line,
                          f"the placeholder '{placeholder[0]}' is still in the answer. Delete it.")  # fmt: skip
            continue
        lowered = text.lower()
        if not any(hint in lowered for hint in _LEFTOVER_HINTS):
            continue
        found = sorted({match[0] for match in _LEFTOVERS.finditer(text)}, key=text.find)
        if found:
            shown = ", ".join(f"'{note}'" for note in found)
            yield finding("leftover-marker", context.question.number, line,
                          f"{shown} left in the answer. Replace it with your text before the hand-in.")  # fmt: skip


_document(
    "answer-in-quote", "warning",
    summary="The answer is written inside the template's quote block (lines starting with `>`).",
    why="It renders as part of the question, not as your answer, and each `>` counts as a word for the official checker.",
    example="> Answer:\n> We used uv to manage dependencies.",
    fix="Leave `> Answer:` alone, add a blank line after it and write the answer without `>`.",
)  # fmt: skip


@_question_check("answer-in-quote")
def answer_in_quote(context: QuestionContext) -> Iterator[Finding]:
    answer = context.answer
    if answer is None or answer.marker_line is None or answer.first_line is None:
        return
    lines = context.document.lines
    if not lines[answer.marker_line - 1].lstrip().startswith(">"):
        return
    quoted = answer.first_line == answer.marker_line or lines[answer.first_line - 1].lstrip().startswith(">")
    if quoted and context.question.answered:
        yield finding("answer-in-quote", context.question.number, answer.first_line,
                      "the answer is inside the question's quote block, so it renders as part of the question. "
                      "Add a blank line after '> Answer:' and write the answer without '>'.")  # fmt: skip


_document(
    "heading-cuts-answer", "warning",
    summary="A `##` or `###` heading inside an answer ends the answer for the course's checker: "
    "what is written below it is not counted.",
    why="The checker reads an answer only up to its first `##`/`###`, so the words and images under a "
    "sub-heading count for nothing and the question may fail on too few words. We count as it does.",
    example="> Answer:\n\nWe deployed the API in two ways.\n\n### Locally\n\nWe ran it with docker compose ...",
    fix="Write the sub-heading as bold text (`**Locally**`) instead of a `###` heading.",
)  # fmt: skip


@_question_check("heading-cuts-answer")
def heading_cuts_answer(context: QuestionContext) -> Iterator[Finding]:
    answer, document = context.answer, context.document
    if answer is None or answer.cut_line is None or not context.question.answered:
        return  # an answer that is only a heading is 'unanswered', which names the heading
    cut = next(heading for heading in document.headings if heading.line == answer.cut_line)
    sections = {section.title.lower() for section in context.template.sections}
    if _is_template_section(cut, sections):
        return
    following = (h.line for h in document.headings if h.line > cut.line and _is_template_section(h, sections))
    last = min(next(following, answer.written[1] + 1) - 1, answer.written[1])
    below = range(cut.line + 1, last + 1)
    title_words = len(document.lines[cut.line - 1].split("##", 1)[1].lstrip("#").split())
    lost_words = title_words + sum(len(document.lines[line - 1].split()) for line in below)
    lost_images = sum(1 for image in document.images if image.renders and image.line in below)
    if not lost_words and not lost_images:
        return
    lost = " and ".join(_plural(count, noun) for count, noun in ((lost_words, "word"), (lost_images, "image")) if count)
    title = _EMPHASIS.sub("", cut.text).strip()
    yield finding("heading-cuts-answer", context.question.number, cut.line,
                  f"the heading '{document.lines[cut.line - 1].strip()}' ends the answer for the course's checker: the {lost} "
                  f"in and below it (to line {last}) are not counted. Write it as bold text (**{title}**) instead of a heading.")  # fmt: skip


def _is_template_section(heading: Heading, sections: set[str]) -> bool:
    """``## Coding environment`` and its like: where the template itself ends an answer."""
    return heading.atx and heading.level == 2 and not heading.nested and heading.text.lower() in sections


_EMPHASIS = re.compile(r"[*_`]+")


_document(
    "accidental-heading", "warning",
    summary="A line of `---` or `===` right under a line of text turns that text into a big heading.",
    why="Students keep the template's `---` lines around their answer; with no blank line before it, "
    "`---` underlines the paragraph above (a setext heading): GitHub shows the whole paragraph as a "
    "heading, and the site and the hand-in do too when it is one line. The words still count.",
    example="--- We used DVC to version our data\nand stored it in a GCP bucket.\n ---",
    fix="Put a blank line before the `---` line, or delete it. To show pasted output (a coverage table), "
    "indent its lines by four spaces so it shows as code.",
)  # fmt: skip


@_question_check("accidental-heading")
def accidental_heading(context: QuestionContext) -> Iterator[Finding]:
    span = _written_span(context)
    if span is None:
        return
    lines = context.document.lines
    for heading in context.document.headings:
        if heading.atx or heading.line < span[0] or heading.end_line > span[1]:
            continue
        underline = "---" if heading.level == 2 else "==="  # setext: '---' underlines an h2, '===' an h1
        where = (
            "on GitHub, on the site and in the hand-in"
            if _python_markdown_heading(heading, lines)
            else ("on GitHub (the site and the hand-in show it as text)")
        )
        above = (
            f"line {heading.line}"
            if heading.end_line - heading.line == 1
            else f"lines {heading.line}-{heading.end_line - 1}"
        )
        yield finding("accidental-heading", context.question.number, heading.end_line,
                      f"the '{underline}' line right under the text on {above} makes that text a big heading {where}. "
                      "Put a blank line before it, or delete it; indent pasted output (a coverage table) by four "
                      "spaces so it shows as code.")  # fmt: skip


_PYTHON_MARKDOWN_UNDERLINE = re.compile(r"^[=-]+ *$")


def _python_markdown_heading(heading: Heading, lines: list[str]) -> bool:
    """Python-Markdown (the site, the hand-in) underlines only one line, from column 0."""
    one_line = heading.end_line - heading.line == 1
    return one_line and not heading.nested and bool(_PYTHON_MARKDOWN_UNDERLINE.match(lines[heading.end_line - 1]))


def _written_span(context: QuestionContext) -> tuple[int, int] | None:
    """The first and last line of the answer's text; None when nothing is written."""
    answer = context.answer
    if answer is None or answer.first_line is None or answer.last_line is None:
        return None
    return answer.first_line, answer.last_line


_document(
    "handin-render", "warning",
    summary="The hand-in the teacher grades (`report.py html`) shows part of the answer otherwise than GitHub: "
    "fenced code, a table, or a list.",
    why="After the deadline the course turns reports/README.md into HTML with `report.py html`, and that file is "
    "what the teacher reads: Python-Markdown with no extensions. It reads no fenced code blocks and no tables, "
    "runs a list written right under a line of text into that line, flattens lists nested by fewer than four "
    "spaces and numbers no `1)` lists. GitHub shows all of them, so its preview does not tell; "
    "`mkdocs-report handin` writes the hand-in to open in a browser.",
    example="We build the image with:\n```bash\ndocker build -f train.dockerfile .\n```\nOur workflows:\n"
    "- tests.yaml\n  - runs on three operating systems",
    fix="Indent code by four spaces instead of fencing it, put a blank line before every list, indent nested "
    "items by four spaces, number with `1.`, and write a table as a list (or indent it by four spaces).",
)  # fmt: skip


@_question_check("handin-render")
def handin_render(context: QuestionContext) -> Iterator[Finding]:
    answer, span = context.answer, _written_span(context)
    if answer is None or span is None:
        return
    start = answer.marker_line if answer.marker_line is not None else span[0]
    lines_by_construct: dict[handin.Construct, list[int]] = {}
    for difference in handin.differences(context.document.lines, start, span[1]):
        lines_by_construct.setdefault(difference.construct, []).append(difference.line)
    for construct, lines in lines_by_construct.items():
        yield finding("handin-render", context.question.number, lines[0], handin.describe(construct, lines))


def _located_images(context: QuestionContext) -> Iterator[tuple[Image, Location, Folders]]:
    """Images that show, with a path, anywhere the student wrote under the question (the
    counted answer and what a heading cut off from it), and where each points."""
    if context.answer is None or context.folders is None:
        return
    first, last = context.answer.written
    for image in context.document.images:
        if first <= image.line <= last and image.renders and (where := context.locate(image.source)) is not None:
            yield image, where, context.folders


# --- official-divergence --------------------------------------------------------------

_DIVERGENCE = {
    "summary": "The official `report.py check` will read the report differently from what is written, "
    "or find the wrong number of answers and check nothing at all.",
    "why": "The teacher grades with the official checker: what it counts is what counts. Knowing where it "
    "misreads lets you fix the report before grading.",
    "example": "A `### comment` in a bash block ends the answer for the official checker, which then counts "
    "only the words above it; an `Answer:` written inside an answer makes it find 32 answers instead of 31.",
    "fix": "Follow the message: remove the placeholder, move images out of code, avoid `###`/`##` and "
    "`Answer:` inside answers, keep one `> Answer:` line per question.",
}


_document("official-divergence", "warning", **_DIVERGENCE)


@_question_check("official-divergence")
def official_divergence(context: QuestionContext) -> Iterator[Finding]:
    question, answer = context.question, context.answer
    if context.official.aborts or answer is None or not question.present:
        return
    index = question.number - 1
    if index >= len(context.official.answers):
        return
    theirs = context.official.answers[index]
    official_passes = theirs.passes(question.constraints)
    if not question.answered and not official_passes:
        return  # both fail an empty answer: nothing to warn about
    reasons = list(_divergence_reasons(context, theirs))
    if not reasons:
        return
    verdict = "pass" if official_passes else "fail"
    counts = _official_counts(question, theirs)
    yield finding("official-divergence", question.number, answer.first_line or question.line,
                  f"the official checker will count {counts} and {verdict} this question: {'; '.join(reasons)}.")  # fmt: skip


def _official_counts(question: Question, theirs: OfficialAnswer) -> str:
    parts = [_plural(theirs.words, "word")]
    if question.constraints.images is not None or theirs.images != question.rendered_images:
        parts.append(_plural(theirs.images, "image"))
    return " and ".join(parts)


def _divergence_reasons(context: QuestionContext, theirs: OfficialAnswer) -> Iterator[str]:
    question, answer, constraints = context.question, context.answer, context.question.constraints
    assert answer is not None  # official_divergence returns first without one
    if answer.marker_line is not None and theirs.marker_line != answer.marker_line:
        yield (f"it reads the answer from the 'Answer:' on line {theirs.marker_line}, not line {answer.marker_line}; "
               "keep one 'Answer:' per question")  # fmt: skip
    if _cut_where_we_read_on(answer, theirs):
        yield (f"it stops reading at line {theirs.cut_line}, where a '{theirs.cut_by}' ends the answer for it; "
               f"avoid '{theirs.cut_by}' inside answers (code comments included)")  # fmt: skip
    placeholder = context.placeholder(answer.text)
    if placeholder and constraints.words is not None:
        advice = "delete the placeholder line" if question.answered else "replace the placeholder with your answer"
        shown = context.template.placeholder.replace("{number}", str(question.number))
        yield f"it counts the '{shown}' placeholder as {_plural(len(placeholder[0].split()), 'word')}; {advice}"
    in_code = sum(1 for image in question.images if image.in_code)
    html = sum(1 for image in question.images if image.html and image.renders)
    by_reference = sum(1 for image in question.images if image.by_reference and image.renders)
    if constraints.images is not None and theirs.images != question.rendered_images:
        if in_code:
            yield f"it counts {_plural(in_code, 'image')} written inside code, which the reader sees as text"
        if html:
            yield f"it does not count {_plural(html, 'HTML <img> tag')}; use ![alt](figures/name.png) instead"
        if by_reference:
            yield (
                f"it does not count {_plural(by_reference, 'image')} written as ![alt][label]; "
                "write ![alt](figures/name.png) instead"
            )


def _cut_where_we_read_on(answer: Answer, theirs: OfficialAnswer) -> bool:
    """Whether the checker cuts the answer at a '##' we read as text (in code, or mid-line)."""
    cut = theirs.cut_line
    return cut is not None and cut != answer.cut_line and answer.last_line is not None and cut <= answer.last_line


@_report_check("official-divergence")
def official_abort(context: ReportContext) -> Iterator[Finding]:
    official = context.official
    if not official.aborts:
        return
    expected_lines = {q.marker_line for q in context.questions if q.marker_line is not None}
    prompts = _orphan_prompt_lines(context)
    headless = {q.line: q.number for q in context.questions if not q.present and q.line in prompts}
    markers = sorted(marker for section in context.document.sections for marker in section.markers)
    headless_markers = {next(marker for marker in markers if marker > line) for line in headless}
    extra = [line for line in official.marker_lines if line not in expected_lines | headless_markers]
    unmarked = [q.number for q in context.questions if q.present and q.marker_line is None]
    where = min([*extra, *headless], default=None) or next(
        (q.line for q in context.questions if q.number in unmarked), 1
    )
    details = []
    if headless:
        numbers = sorted(headless.values())
        several = len(numbers) > 1
        details.append(f"question{'s' if several else ''} {_join(numbers)} {'have' if several else 'has'} "
                       f"no '### Question' heading; restore {'them' if several else 'it'}")  # fmt: skip
    if extra:
        details.append(f"'Answer:' also appears on line{'s' if len(extra) > 1 else ''} {_join(extra)}; reword it there")
    if unmarked:
        several = len(unmarked) > 1
        details.append(f"question{'s' if several else ''} {_join(unmarked)} {'have' if several else 'has'} no 'Answer:' "
                       f"line; restore {'them' if several else 'it'}")  # fmt: skip
    if not details:
        details.append("keep exactly one 'Answer:' per question")
    yield finding("official-divergence", headless.get(where) or section_at(context.document.sections, where), where,
                  f"the official checker will find {len(official.answers)} answers instead of {official.expected} "
                  f"and stop without checking any question: {'; '.join(details)}.")  # fmt: skip


def _join(numbers: list[int]) -> str:
    shown = [str(number) for number in numbers[:8]]
    return ", ".join(shown) + (" ..." if len(numbers) > 8 else "")


# --- whole-report rules -------------------------------------------------------------------


_document(
    "missing-question", "error",
    summary="A question of the template is missing from the report.",
    why="The question cannot be graded, and the official checker stops on the changed number of answers.",
    example="The `### Question 12` heading and its `> Answer:` block were deleted.",
    fix="Copy the question's heading, prompt and `> Answer:` line back from the template.",
)  # fmt: skip


@_report_check("missing-question")
def missing_question(context: ReportContext) -> Iterator[Finding]:
    prompts = _orphan_prompt_lines(context)
    for question in context.questions:
        if question.present:
            continue
        if question.line in prompts:
            yield finding("missing-question", question.number, question.line,
                          f"the '### Question {question.number}' heading above this prompt is missing, so its answer is not "
                          f"checked. Restore the heading on the line above.")  # fmt: skip
        else:
            yield finding("missing-question", question.number, question.line,
                          f"the '### Question {question.number}' heading is missing. Restore it, with its '> Answer:' line, from the template.")  # fmt: skip


def _orphan_prompt_lines(context: ReportContext) -> set[int]:
    return {line for section in context.document.sections for line in section.orphan_prompts}


_document(
    "duplicate-question", "error",
    summary="The same question number appears twice.",
    why="Only one answer per question is graded; the copy shifts every answer after it for the official checker.",
    example="Two `### Question 5` headings.",
    fix="Merge the two answers under one heading and delete the copy.",
)  # fmt: skip


@_report_check("duplicate-question")
def duplicate_question(context: ReportContext) -> Iterator[Finding]:
    first_seen: dict[int, int] = {}
    for section in context.document.sections:
        if section.number in first_seen:
            yield finding("duplicate-question", section.number, section.line,
                          f"appears a second time (first at line {first_seen[section.number]}). Merge the answers under one heading; only the first is checked.")  # fmt: skip
        else:
            first_seen[section.number] = section.line


_document(
    "unknown-question", "warning",
    summary="A question number that the template does not have.",
    why="Usually a renumbered or mistyped heading: the question it should be is then reported missing.",
    example="`### Question 32` in a 31-question report.",
    fix="Give the heading the number of the template's question it answers.",
)  # fmt: skip


@_report_check("unknown-question")
def unknown_question(context: ReportContext) -> Iterator[Finding]:
    count = context.template.question_count
    added = {section.number for section, _ in _added_questions(context)}
    for section in context.document.sections:
        if not 1 <= section.number <= count and section.number not in added:
            yield finding("unknown-question", None, section.line,
                          f"'Question {section.number}' is not in the {context.template.generation} template, which has questions 1-{count}. Fix the number.")  # fmt: skip


_document(
    "template-drift", "warning",
    summary="A question's prompt states other limits than the template spec the report is checked against, or the "
    "report has a question, with limits of its own, that the spec lacks.",
    why="The course revises its template, sometimes in the first week, after students copied it; a student may also "
    "edit a prompt. The limits checked are the spec's, so the prompt the student reads would be wrong without this "
    "warning. A prompt that states no limit at all (its length line deleted) is not compared.",
    example="Question 14's prompt says `Recommended answer length: 150-250 words`; the 2026 template says 200-300.",
    fix="If your course published a new template, check against its spec: `mkdocs-report spec` makes it from the "
    "template, and a `report-spec.yaml` beside the report is used (see [A new template in January](new-template.md)). "
    "If you edited the prompt, restore it.",
)  # fmt: skip


@_report_check("template-drift")
def template_drift(context: ReportContext) -> Iterator[Finding]:
    spec = context.template
    if spec.source == PROMPTS_SOURCE:
        return  # the limits were read from these very prompts
    for section, stated in _stated_limits(context):
        if section.number in context.overridden or section.number > spec.question_count:
            continue  # limits the student chose; a question the spec lacks is reported below
        applied = spec.constraints.get(section.number, Constraints())
        if stated != applied:
            yield finding("template-drift", section.number, _limit_line(context.document, section),
                          f"your copy of the template says {_limits(stated)}, {_spec_title(spec)} says "
                          f"{_limits(applied)}, and that is what is checked. {_drift_advice(spec)}")  # fmt: skip
    for section, stated in _added_questions(context):
        yield finding("template-drift", section.number, _limit_line(context.document, section),
                      f"your copy of the template has this question ({_limits(stated)}), and {_spec_title(spec)} "
                      f"has only questions 1-{spec.question_count}, so it is not checked. {_drift_advice(spec)}")  # fmt: skip


def _stated_limits(context: ReportContext, *, after: int = 0) -> Iterator[tuple[Section, Constraints]]:
    """Each question's first section numbered above ``after`` and the limits its prompt states, if any."""
    seen: set[int] = set()
    for section in context.document.sections:
        if section.number <= after or section.number in seen:
            continue
        seen.add(section.number)
        stated = constraints_from_prompt(section.prompt)
        if stated != Constraints():
            yield section, stated


def _added_questions(context: ReportContext) -> list[tuple[Section, Constraints]]:
    """Questions right after the spec's last one whose prompts state limits: a template's question, not a typo.

    A revision adds questions after the last one, numbered on from it; a number beyond that run
    (``Question 200`` in a 31-question report) is a mistyped heading, which ``unknown-question`` reports."""
    if context.template.source == PROMPTS_SOURCE:
        return []
    added = []
    after = context.template.question_count
    stated_after = sorted(_stated_limits(context, after=after), key=lambda item: item[0].number)
    for expected, (section, stated) in enumerate(stated_after, start=after + 1):
        if section.number != expected:
            break
        added.append((section, stated))
    return added


def _limit_line(document: Document, section: Section) -> int:
    """The prompt's line that states the limits, else the question's heading."""
    last = section.marker or section.end_line
    for number in range(section.line, last + 1):
        if constraints_from_prompt(document.lines[number - 1]) != Constraints():
            return number
    return section.line


def _limits(constraints: Constraints) -> str:
    parts = [constraints.words.describe("word")] if constraints.words else []
    parts += [constraints.images.describe("image")] if constraints.images else []
    return " and ".join(parts) or "no limit"


def _spec_title(spec: Template) -> str:
    if spec.source == SHIPPED_SOURCE:
        return f"the {spec.generation} template"
    return f"the spec in use ({spec.describe()})"


def _drift_advice(spec: Template) -> str:
    if spec.source == SHIPPED_SOURCE:
        return ("If your course published a new template, check against its spec (`mkdocs-report spec TEMPLATE.md -o "
                "report-spec.yaml` beside the report); if you edited the prompt, restore it.")  # fmt: skip
    return (
        "If that spec is out of date, make it again from the course's current template (`mkdocs-report spec`); "
        "if you edited the prompt, restore it."
    )


_document(
    "render-stop", "warning",
    summary="A line that stops MkDocs' build, or its markdown renderer, on this page.",
    why="Without the plugin (a teacher's site that builds every group's page, a plain `mkdocs build`), one "
    "such line stops the whole site with a traceback. The plugin shows it as written, and says where it is.",
    example="![plot](figures/a.png)<![x]  (MkDocs reads `<![` as the start of `<![CDATA[`), a line "
    "`- - - - ...` opening 50 lists, or a run of 100 `*` around a word.",
    fix="Put a space after `<` (`< ![`), remove the extra list markers, or shorten the run of `*`/`_`.",
)  # fmt: skip
_document(
    "render-slow", "warning",
    summary="Many `[` that open no link in one paragraph: rendering it takes seconds to minutes.",
    why="Python-Markdown reads the rest of the paragraph for each `[`, so its time grows with the square of "
    "their number: 100,000 take minutes, in the build and in the course's `report.py html` that makes the "
    "teacher's copy.",
    example="A paragraph of thousands of `[` (a pasted array, ASCII art).",
    fix="Delete them, or put them in a code block (three backticks above and below).",
)  # fmt: skip
_document(
    "nesting-limit", "warning",
    summary="Lists or quotes nested so deep that the checker stops reading them.",
    why="Past about 50 nested lists or 100 nested quotes the checker's parser skips the rest of the construct: "
    "headings, images and links there are not seen (it resumes at the next heading).",
    example="A list indented one step further on each of 60 lines.",
    fix="Flatten the list: nobody reads more than a few levels.",
)  # fmt: skip


@_report_check("render-stop")
def render_stop(context: ReportContext) -> Iterator[Finding]:
    for hazard in _hazards(context):
        message = _RENDER_STOP.get(hazard.kind)
        if message is not None:
            yield finding("render-stop", section_at(context.document.sections, hazard.line), hazard.line,
                          message.format(depth=defuse.MAX_NESTING, run=defuse.MAX_EMPHASIS))  # fmt: skip


_RENDER_STOP = {
    "marked-section": "'<![' makes MkDocs' build fail on this page, even inside backticks (its HTML reader takes it for "
    "'<![CDATA['). The report page shows it as written; put a space after '<' so the page builds everywhere.",
    "nested-lists": "lists nested {depth} deep or more ('- - - ...') crash the markdown renderer; the line is shown as "
    "text. Remove the extra list markers.",
    "emphasis-run": "a run of {run} or more '*' or '_' nests that many bold/italic elements and crashes the markdown "
    "renderer; it is shown as written. Shorten the run, or put it in backticks.",
}  # fmt: skip


@_report_check("render-slow")
def render_slow(context: ReportContext) -> Iterator[Finding]:
    for hazard in _hazards(context):
        if hazard.kind == "brackets":
            yield finding("render-slow", section_at(context.document.sections, hazard.line), hazard.line,
                          f"{hazard.count} '[' from this line on open no link: the markdown renderer reads the rest "
                          f"of the paragraph for each, about {hazard.seconds:.0f} s here, and so does the course's "
                          "report.py html that makes the teacher's copy. The page shows them as written. Delete them, "
                          "or put them in a code block.")  # fmt: skip


def _hazards(context: ReportContext) -> list[defuse.Hazard]:
    return defuse.hazards("\n".join(context.document.lines), context.document.code_lines)


@_report_check("nesting-limit")
def nesting_limit(context: ReportContext) -> Iterator[Finding]:
    for first, last in context.document.too_deep:
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        yield finding("nesting-limit", section_at(context.document.sections, first), first,
                      f"nested too deeply (about 50 lists or 100 quotes) for the checker's parser: headings, images "
                      f"and links on {where} are not checked; it reads on from the next heading. Flatten the list or "
                      "quote.")  # fmt: skip


_MOJIBAKE = re.compile(
    r"[\u00c2-\u00f4][\u0080-\u00bf\u2013-\u203a\u20ac\u0152\u0153\u0160\u0161\u017d\u017e\u0178\u0192\u02c6\u02dc\u2122]+"
)


_document(
    "encoding", "warning",
    summary="The file is not valid UTF-8, or holds garbled characters (mojibake such as `â€™`).",
    why="Garbled characters show on the page and in the graded report.",
    example="We didnâ€™t use Docker.",
    fix="Save the file as UTF-8 and retype the garbled characters.",
)  # fmt: skip


@_report_check("encoding")
def encoding(context: ReportContext) -> Iterator[Finding]:
    sections = context.document.sections
    if context.encoding_problem:
        line, message = context.encoding_problem
        yield finding("encoding", section_at(sections, line), line, message)
    for number, text in enumerate(context.document.lines, 1):
        garbled = _garbled(text)
        if garbled:
            original, repaired = garbled
            yield finding("encoding", section_at(sections, number), number,
                          f"'{original}' looks garbled (probably '{repaired}'). Retype it, and save the file as UTF-8.")  # fmt: skip


def _garbled(text: str) -> tuple[str, str] | None:
    """The first run of ``text`` that is UTF-8 read as Windows-1252, and what it meant."""
    for match in _MOJIBAKE.finditer(text):
        try:
            repaired = match[0].encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return match[0], repaired
    return None


# --- the project checklist against the template's ------------------------------------

_document(
    "checklist-mark", "warning",
    summary="A checklist item is marked with something other than `[x]` or `[ ]`.",
    why="GitHub, the page and the checklist counts read only `[x]` (done) and `[ ]` (not done); `[v]`, `[✓]`, "
    "`[X ]`, `[Y]` or an emoji instead of the box show as text, so the teacher sees no box and the counts leave "
    "the item out.",
    example="* [✓] Create a git repository (M5)",
    fix="Write `[x]` before an item you did and `[ ]` before one you did not.",
)  # fmt: skip
_document(
    "checklist-missing", "warning",
    summary="Items of the template's checklist are not in the report's.",
    why="The teacher reads the checklist item by item against the template's list; a deleted item reads as "
    "work not done, and an older copy of the template lacks items the course added since.",
    example="Week 3 without `* [ ] Setup collection of input-output data from your deployed application (M27)`.",
    fix="Put the item back where it was, as `* [ ] ...`, or `* [x] ...` if you did it.",
)  # fmt: skip
_document(
    "checklist-added", "warning",
    summary="The report's checklist has items the template's does not list.",
    why="The checklist is the course's list of modules; an item added to it, or listed twice, is counted as if the "
    "course asked for it.",
    example="* [x] Wrote a custom data loader",
    fix="Delete the item; write a note as plain text, and extra work in an answer.",
)  # fmt: skip


def _these(count: int) -> str:
    return "this item" if count == 1 else f"these {count} items"


def _shortened(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 3] + "..."


def _template_name(template: Template) -> str:
    return f"the template ({template.name})" if template.name else "the template"


@_report_check("checklist-mark")
def checklist_mark(context: ReportContext) -> Iterator[Finding]:
    by_mark: dict[str, list[int]] = {}
    for marked in context.compared_checklist.marked:
        by_mark.setdefault(marked.mark, []).append(marked.line)
    for mark, lines in by_mark.items():
        yield finding("checklist-mark", None, lines[0],
                      f"{checklist.lines_text(lines)}: '{mark}' is not a box: GitHub and the page show it as text, and "
                      f"the checklist counts leave {_these(len(lines))} out. "
                      "Write '[x]' before an item you did and '[ ]' before one you did not.")  # fmt: skip


@_report_check("checklist-missing")
def checklist_missing(context: ReportContext) -> Iterator[Finding]:
    compared = context.compared_checklist
    for section, items in compared.missing.items():
        line = compared.after_line.get(section) or max(compared.after_line.values(), default=1)
        named = ", ".join(f"'{item}'" for item in items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")
        yield finding("checklist-missing", None, line,
                      f"{section} of the checklist lacks {_plural(len(items), 'item')} of {_template_name(context.template)}: "
                      f"{named}. Whether you deleted {'it' if len(items) == 1 else 'them'} or your copy of the template "
                      f"is older than the course's, add {'it' if len(items) == 1 else 'them'} after line {line} as "
                      "'* [ ] ...', or '* [x] ...' if you did it: the teacher reads the checklist item by item.")  # fmt: skip


@_report_check("checklist-added")
def checklist_added(context: ReportContext) -> Iterator[Finding]:
    by_section: dict[str, list[ChecklistItem]] = {}
    for item in context.compared_checklist.added:
        by_section.setdefault(item.section, []).append(item)
    for item, first in context.compared_checklist.repeated:
        yield finding("checklist-added", None, item.line,
                      f"line {item.line} lists the checklist item of line {first} again ('{_shortened(item.text)}'). "
                      "Delete one of the two.")  # fmt: skip
    for section, items in by_section.items():
        example = _shortened(items[0].text)
        yield finding("checklist-added", None, items[0].line,
                      f"{checklist.lines_text([item.line for item in items])}: {section} of the checklist has "
                      f"{_plural(len(items), 'item')} that {_template_name(context.template)} does not list "
                      f"('{example}'); the checklist counts take it for one of the course's. Keep the checklist as "
                      "the template lists it: write a note as plain text, and extra work in an answer.")  # fmt: skip


def run_question_rules(context: QuestionContext) -> list[Finding]:
    """Every per-question rule on one question; a failing rule becomes a finding, not a crash."""
    question = context.question
    return [found for rule_id, check in QUESTION_CHECKS
            for found in _guarded(rule_id, check, context, question.number, question.line)]  # fmt: skip


def run_report_rules(context: ReportContext) -> list[Finding]:
    """Every whole-report rule; a failing rule becomes a finding, not a crash."""
    return [found for rule_id, check in REPORT_CHECKS for found in _guarded(rule_id, check, context, None, 1)]


def _guarded(
    rule_id: str, check: Callable[[Context], Iterable[Finding]], context: Context, question: int | None, line: int
) -> list[Finding]:
    """What one check found, then, if it failed, an ``internal-error`` that names it."""
    found: list[Finding] = []
    try:
        found.extend(check(context))
    except Exception as error:  # noqa: BLE001 - one failing check must not stop the others
        found.append(finding("internal-error", question, line or 1,
                             f"the '{rule_id}' check failed ({type(error).__name__}); the other checks ran. Please report this."))  # fmt: skip
    return found
