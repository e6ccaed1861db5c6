"""The one flow: bytes -> text -> template -> parse -> rules -> Result.

``check_report`` and ``check_text`` never raise on a bad report: whatever is wrong with
the input is a finding in the Result.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from . import official, template
from .model import Constraints, Finding, Question, Result, Template
from .parse import Answer, Document, Section, answer_of, parse
from .repository import Folders, read_limited
from .rules import QuestionContext, ReportContext, finding, run_question_rules, run_report_rules

BOM = "\ufeff"


def check_report(
    path: str | Path,
    *,
    constraints: Mapping[int, Constraints] | None = None,
    display_path: str | None = None,
    project_dir: str | Path | None = None,
) -> Result:
    """Check a report file, or the README.md of a folder (``reports/``).

    Links and images are looked up as GitHub shows them, in ``project_dir``: by default
    the git work tree that holds the report, else only the report's folder.
    """
    report = resolve_report_path(Path(path))
    shown = display_path or str(report)
    try:
        data = read_limited(report)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        message = f"cannot read {shown}: {reason}. Check the path, or pass the folder that holds README.md."
        return Result(shown, report, None, findings=[finding("unreadable", None, 1, message)])
    return _check(data, Folders.of(report.parent, project_dir), shown, report, constraints)


def check_text(
    text: str | bytes,
    base_dir: str | Path | None = None,
    *,
    display_path: str = "README.md",
    constraints: Mapping[int, Constraints] | None = None,
    project_dir: str | Path | None = None,
) -> Result:
    """Check report text; files are looked up from ``base_dir`` (the report's folder) when it
    is given, in ``project_dir`` or the git work tree that holds it."""
    folders = Folders.of(Path(base_dir), project_dir) if base_dir is not None else None
    return _check(text, folders, display_path, None, constraints)


def resolve_report_path(path: Path) -> Path:
    """A folder stands for the README.md it holds."""
    return path / "README.md" if path.is_dir() else path


def decode(data: bytes | str) -> tuple[str, tuple[int, str] | None]:
    """Text with ``\\n`` line endings and no BOM, and the encoding problem found, if any.

    Invalid UTF-8 is read as Windows-1252 (what a Windows editor most likely saved), so
    nothing the student wrote is dropped; the problem is reported at its line.
    """
    problem = None
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            problem = (line, "the file is not valid UTF-8 (the first bad byte is on this line); it was read "
                       "as Windows-1252, but the course's report.py fails on it and the teacher gets no hand-in. "
                       "Save the file as UTF-8 in your editor.")  # fmt: skip
            text = data.decode("cp1252", errors="replace")
    else:
        text = data
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    return text, problem


def _check(
    data: bytes | str,
    folders: Folders | None,
    display_path: str,
    path: Path | None,
    overrides: Mapping[int, Constraints] | None,
) -> Result:
    text, encoding_problem = decode(data)
    document = parse(text) if template.may_be_template(text) else None
    markers = sum(len(section.markers) for section in document.sections) if document else 0
    if document is None or not template.looks_like_template(text, document.question_numbers, markers):
        message = ("this is not the exam template: no '### Question N' sections with '> Answer:' lines. "
                   "Check reports/README.md, the file the course hands in.")  # fmt: skip
        return Result(display_path, path, None, findings=[finding("not-a-report", None, 1, message)], text=text)
    prompts = {section.number: section.prompt for section in reversed(document.sections)}
    detected = template.with_overrides(template.detect(text, document.question_numbers, prompts), overrides)
    reading = official.read(text, detected.answers_expected, detected.marker)
    questions = _questions(document, detected, reading, folders)
    report_findings = run_report_rules(
        ReportContext(document, detected, reading, questions, encoding_problem=encoding_problem)
    )
    _attach(report_findings, questions)
    reported = set(report_findings)  # a set: a report pasted many times has thousands of findings
    findings = sorted(
        [*report_findings, *(f for question in questions for f in question.findings if f not in reported)],
        key=lambda f: (f.line, f.question or 0, f.rule),
    )
    return Result(
        display_path, path, detected, questions, findings, document.checklist, document.references, text
    )


def _questions(
    document: Document, detected: Template, reading: official.OfficialReading, folders: Folders | None
) -> list[Question]:
    first_sections: dict[int, Section] = {}
    for section in document.sections:
        first_sections.setdefault(section.number, section)
    questions: list[Question] = []
    for number in range(1, detected.question_count + 1):
        section = first_sections.get(number)
        constraints = detected.constraints.get(number, Constraints())
        if section is None:
            line = _where_missing(number, first_sections, len(document.lines))
            questions.append(Question(number, constraints, line=line, present=False))
            continue
        answer = answer_of(section, document)
        question = _measure(number, constraints, section, answer, document, detected)
        context = QuestionContext(question, answer, document, reading, folders, template=detected)
        question.findings = run_question_rules(context)
        questions.append(question)
    return questions


def _measure(
    number: int, constraints: Constraints, section: Section, answer: Answer, document: Document, detected: Template
) -> Question:
    """Words and images of one answer, counted the way the official checker counts them, the placeholder left out."""
    first, last = answer.region
    placeholder = template.placeholder_pattern(detected.placeholder)
    content = placeholder.sub(" ", answer.text) if placeholder else answer.text
    images = [
        image for image in document.images
        if first <= image.line <= last and not (image.line == answer.marker_line and image.line == section.line)
    ]  # fmt: skip
    meaningful = [token for token in content.split() if token != ">"]
    return Question(
        number=number,
        constraints=constraints,
        title=section.title,
        line=section.line,
        marker_line=answer.marker_line,
        answer_line=answer.first_line,
        answer_end_line=answer.last_line,
        answer=answer.text,
        words=len(content.split()),
        images=images,
        answered=bool(meaningful) or any(image.renders for image in images),
    )


def _where_missing(number: int, present: Mapping[int, Section], line_count: int) -> int:
    """Where a missing question belongs: its prompt, when only its heading was deleted (the
    prompt then sits in the section before it), else the line of the next question."""
    before = max((other for other in present if other < number), default=None)
    if before is not None and 0 <= number - before - 1 < len(present[before].orphan_prompts):
        return present[before].orphan_prompts[number - before - 1]
    following = [section.line for other, section in present.items() if other > number]
    return min(following, default=line_count)


def _attach(findings: list[Finding], questions: list[Question]) -> None:
    by_number = {question.number: question for question in questions}
    for found in findings:
        if found.question in by_number:
            by_number[found.question].findings.append(found)
