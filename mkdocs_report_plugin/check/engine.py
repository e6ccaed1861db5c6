"""The one flow: bytes -> text -> template -> parse -> rules -> Result.

``check_report`` and ``check_text`` never raise on a bad report: whatever is wrong with
the input is a finding in the Result. A ``spec`` the caller passes that cannot be used
raises :class:`SpecError`, like any bad argument; a bad ``report-spec.yaml`` beside the
report belongs to the report, and is its ``unusable-spec`` finding.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath

from mkdocs_report_plugin.check.options import CheckOptions, SpecBeside
from mkdocs_report_plugin.model.report import Constraints, Finding, Question, Result, Severity, Template
from mkdocs_report_plugin.reading import official, template
from mkdocs_report_plugin.reading.parse import Answer, Document, Section, answer_of, parse
from mkdocs_report_plugin.reading.repository import Folders, read_limited
from mkdocs_report_plugin.reading.spec_error import SpecError
from mkdocs_report_plugin.rules import (
    RULES,
    Level,
    QuestionContext,
    ReportContext,
    finding,
    rule_settings,
    run_question_rules,
    run_report_rules,
)

BOM = "\ufeff"

SPEC_BESIDE_REPORT = "report-spec.yaml"
"""A spec of this name in the report's folder is used without any configuration."""

SpecChoice = Template | str | Path | None
"""What a caller may pass as ``spec``: a loaded Template, the path of a spec file, or None."""

GROUP_SPEC_SOURCE = "the group's own spec, beside the report"
"""The end of a Template's ``source`` when a teacher's run applied a group's spec (``trust``)."""

UNSEEN_REVISION = "an unseen revision of the template"


def check_report(
    path: str | Path,
    *,
    options: CheckOptions | None = None,
    display_path: str | None = None,
    spec: SpecChoice = None,
    constraints: Mapping[int, Constraints] | None = None,
    project_dir: str | Path | None = None,
    ignore: Iterable[str] = (),
    severity: Mapping[str, str] | None = None,
    spec_beside: SpecBeside = "use",
) -> Result:
    """Check a report file, or the README.md of a folder (``reports/``).

    ``options`` is what the check is asked besides the report (:class:`CheckOptions`: every front-end builds one
    and passes it along); a script may give the same as keywords instead, which make one. The limits come from
    ``spec`` (a Template, or the path of a spec file) when it is given, else from ``report-spec.yaml`` beside the
    report, else from the shipped spec that the report's prompts match, else from the prompts themselves. Links and
    images are looked up as GitHub shows them, in ``project_dir``: by default the git work tree that holds the
    report, else only the report's folder. ``severity`` sets rules to another level (``{"words": "warning",
    "handin-render": "info"}``; ``off``, ``info``, ``warning`` or ``error``), and the rules whose ids are in
    ``ignore`` are switched off (the short form of ``off``): see :func:`with_levels`. An id that names no rule, or a
    level that is not one, raises :class:`UnknownRuleError`, like any bad argument.
    ``spec_beside`` says what ``report-spec.yaml`` beside the report does (:data:`SpecBeside`): a teacher's run
    over other people's reports passes ``ignore`` or ``trust``.
    """
    chosen = _options(options, spec, constraints, project_dir, ignore, severity, spec_beside)
    report = resolve_report_path(Path(path))
    shown = display_path or str(report)
    try:
        data = read_limited(report)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        message = f"cannot read {shown}: {reason}. Check the path, or pass the folder that holds README.md."
        return Result(shown, report, None, general=[finding("unreadable", None, 1, message)])
    beside = report.parent / SPEC_BESIDE_REPORT
    shown_beside = str(PurePosixPath(Path(shown).parent.as_posix(), SPEC_BESIDE_REPORT))
    choose = _chooser(chosen.spec, beside, shown_beside, chosen.spec_beside)
    folders = Folders.of(report.parent, chosen.project_dir)
    result = _check(data, folders, shown, report, chosen.constraints, choose)
    return with_levels(result, chosen.levels)


def check_text(
    text: str | bytes,
    base_dir: str | Path | None = None,
    *,
    options: CheckOptions | None = None,
    display_path: str = "README.md",
    spec: SpecChoice = None,
    constraints: Mapping[int, Constraints] | None = None,
    project_dir: str | Path | None = None,
    ignore: Iterable[str] = (),
    severity: Mapping[str, str] | None = None,
    spec_beside: SpecBeside = "use",
) -> Result:
    """Check report text; files are looked up from ``base_dir`` (the report's folder) when it
    is given, in ``project_dir`` or the git work tree that holds it. ``options``, or the keywords,
    as for :func:`check_report`; ``report-spec.yaml`` is looked for in ``base_dir``."""
    chosen = _options(options, spec, constraints, project_dir, ignore, severity, spec_beside)
    folders = Folders.of(Path(base_dir), chosen.project_dir) if base_dir is not None else None
    beside = Path(base_dir) / SPEC_BESIDE_REPORT if base_dir is not None else None
    shown_beside = str(PurePosixPath(PurePosixPath(display_path).parent, SPEC_BESIDE_REPORT))
    choose = _chooser(chosen.spec, beside, shown_beside, chosen.spec_beside)
    result = _check(text, folders, display_path, None, chosen.constraints, choose)
    return with_levels(result, chosen.levels)


def _options(
    options: CheckOptions | None,
    spec: SpecChoice,
    constraints: Mapping[int, Constraints] | None,
    project_dir: str | Path | None,
    ignore: Iterable[str],
    severity: Mapping[str, str] | None,
    spec_beside: SpecBeside,
) -> CheckOptions:
    """``options``, or the one the keywords make; both at once would leave a reader guessing which wins."""
    ignored = tuple(ignore)
    if options is None:
        levels = rule_settings(ignored, severity)
        chosen_dir = Path(project_dir) if project_dir is not None else None
        return CheckOptions(given_spec(spec), constraints or {}, levels, chosen_dir, spec_beside)
    if spec is not None or constraints or project_dir is not None or ignored or severity or spec_beside != "use":
        raise TypeError("give the check's options as options=CheckOptions(...) or as keywords, not both")
    return options


_SEVERITY: dict[Level, Severity | None] = {"off": None, "info": "info", "warning": "warning", "error": "error"}


def with_levels(result: Result, levels: Mapping[str, Level]) -> Result:
    """The one place the user's rule settings apply. A rule set to ``off`` is dropped: its findings leave the
    questions and the report, so no front-end logs, counts or shows them. A rule set to another severity keeps
    its findings with that severity: ``error`` fails the question, ``warning`` is logged as one and counted by
    ``strict``, ``info`` is shown and logged at INFO level only. Each question's verdict follows from the
    findings left (:attr:`Question.status`). The Result names the rules ignored and re-levelled, for the page
    and the outputs to say so."""
    if not levels:
        return result
    ignored = {rule_id for rule_id, level in levels.items() if _SEVERITY[level] is None}
    relevelled = {rule_id: severity for rule_id, level in sorted(levels.items())
                  if (severity := _SEVERITY[level]) is not None and severity != RULES[rule_id].severity}  # fmt: skip

    def applied(findings: list[Finding]) -> list[Finding]:
        return [dataclasses.replace(found, severity=relevelled[found.rule]) if found.rule in relevelled else found
                for found in findings if found.rule not in ignored]  # fmt: skip

    for question in result.questions:
        question.findings = applied(question.findings)
    result.general = applied(result.general)
    result.ignored = tuple(sorted(ignored))
    result.relevelled = relevelled
    return result


def given_spec(spec: SpecChoice) -> Template | None:
    """The caller's spec, loaded; a Template keeps its source, a path is named as given.

    Raises :class:`SpecError` when the file cannot be used: that is the caller's argument.
    """
    if spec is None:
        return None
    if isinstance(spec, Template):
        return spec if spec.source else dataclasses.replace(spec, source="given by the caller")
    return read_spec(Path(spec), str(spec))


def read_spec(path: Path, shown: str) -> Template:
    """The spec at ``path``, its messages and ``source`` naming it ``shown``; one SpecError if unusable
    (:func:`~.spec.load_spec`: read as a report is, at most 20 MB, never a pipe)."""
    from mkdocs_report_plugin.reading.spec import load_spec  # PyYAML: only a check that is given a spec

    return load_spec(path, shown)


SpecChooser = Callable[[str, Document], tuple[Template, Finding | None]]
"""Picks the spec for a report's text and parse, once it is known to be the template; with it, the ``group-spec``
finding of a teacher's run where a spec lies beside the report."""


def _chooser(given: Template | None, beside: Path | None, shown_beside: str, spec_beside: SpecBeside) -> SpecChooser:
    """The order of issue 13: the caller's spec, the spec beside the report, the shipped spec
    the prompts match, the prompts themselves. Looking beside the report waits until the text is
    known to be the template, so that ordinary pages of a site cost no file lookup. In a teacher's run
    (``spec_beside`` not ``use``) the spec beside the report is applied only when trusted, and only as a file of
    its own (not a symbolic link); either way the Result says it is there."""

    def choose(text: str, document: Document) -> tuple[Template, Finding | None]:
        present = beside is not None and spec_beside != "use" and os.path.lexists(beside)
        if given is not None:
            return given, _group_spec_note(shown_beside, given) if present else None
        if beside is not None and spec_beside == "use" and beside.is_file():
            spec = read_spec(beside, shown_beside)
            return dataclasses.replace(spec, source=f"{shown_beside} (beside the report)"), None
        if beside is not None and spec_beside == "trust" and present and stat.S_ISREG(os.lstat(beside).st_mode):
            spec = dataclasses.replace(read_spec(beside, shown_beside), source=f"{shown_beside} ({GROUP_SPEC_SOURCE})")
            return spec, _group_spec_note(shown_beside, spec, applied=True)
        detected = _detected(text, document)
        return detected, _group_spec_note(shown_beside, detected) if present else None

    return choose


def _group_spec_note(shown_beside: str, used: Template, *, applied: bool = False) -> Finding:
    if applied:
        message = (f"checked against the group's own {shown_beside} ({used.name}), as the teacher asked: its limits, "
                   "not the course's, decide this report's verdicts.")  # fmt: skip
    else:
        message = (f"{shown_beside}, a template spec the group committed, was not applied: this report is checked "
                   f"against {used.describe()}.")  # fmt: skip
    return finding("group-spec", None, 1, message)


def _detected(text: str, document: Document) -> Template:
    """The shipped spec whose phrases the report's prompts match, or the prompts' own limits."""
    prompts = {section.number: section.prompt for section in reversed(document.sections)}
    detected = template.detect(text, document.question_numbers, prompts)
    if detected.generation == "unknown":
        return dataclasses.replace(detected, name=detected.name or UNSEEN_REVISION, source=template.PROMPTS_SOURCE)
    return dataclasses.replace(detected, source=template.SHIPPED_SOURCE)


def resolve_report_path(path: Path) -> Path:
    """A folder stands for the README.md it holds."""
    return path / "README.md" if path.is_dir() else path


def decode(data: bytes | str) -> tuple[str, tuple[int, str] | None]:
    """Text with ``\\n`` line endings and no BOM, and, for bytes that are not UTF-8, the line of the first
    bad byte and the encoding they were read as instead (the ``checker-stops`` finding says the rest).

    A file with a UTF-16 byte-order mark is read as UTF-16 (what Windows' "Unicode" saves); other invalid
    UTF-8 as Windows-1252 (what a Windows editor most likely saved), so nothing the student wrote is dropped.
    """
    problem = None
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                text, problem = data.decode("utf-16", errors="replace"), (1, "UTF-16")
            else:
                text = data.decode("cp1252", errors="replace")
                problem = (data.count(b"\n", 0, error.start) + 1, "Windows-1252")
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
    choose: SpecChooser,
) -> Result:
    text, encoding_problem = decode(data)
    document = parse(text) if template.may_be_template(text) else None
    markers = sum(len(section.markers) for section in document.sections) if document else 0
    if document is None or not template.looks_like_template(text, document.question_numbers, markers):
        message = ("this is not the exam template: no '### Question N' sections with '> Answer:' lines. "
                   "Check reports/README.md, the file the course hands in.")  # fmt: skip
        if encoding_problem is not None:
            message = (f"the file is not UTF-8 text, and read as {encoding_problem[1]} it is not the exam template "
                       "either. Check that this is the report, and save it as UTF-8.")  # fmt: skip
        return Result(display_path, path, None, general=[finding("not-a-report", None, 1, message)], text=text)
    try:
        spec, spec_note = choose(text, document)
    except SpecError as error:
        message = f"{error} The report is checked once the spec can be used: fix it, or delete it."
        return Result(display_path, path, None, general=[finding("unusable-spec", None, 1, message)], text=text)
    detected = template.with_overrides(spec, overrides)
    reading = official.read(text, detected.answers_expected, detected.marker)
    questions = _questions(document, detected, reading, folders)
    overridden = frozenset(overrides or {})
    context = ReportContext(
        document,
        detected,
        reading,
        questions,
        encoding_problem=encoding_problem,
        overridden=overridden,
        folders=folders,
    )
    general = [*([spec_note] if spec_note else []), *_attach(run_report_rules(context), questions)]
    progress = context.compared_checklist.progress  # the checklist rules compared it already
    return Result(
        display_path, path, detected, questions, general, document.checklist, document.references, text, progress
    )


def _questions(
    document: Document, detected: Template, reading: official.OfficialReading, folders: Folders | None
) -> list[Question]:
    first_sections: dict[int, Section] = {}
    for each in document.sections:
        first_sections.setdefault(each.number, each)
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


def _attach(findings: list[Finding], questions: list[Question]) -> list[Finding]:
    """File each whole-report finding on its question; return those that have none (the general ones)."""
    by_number = {question.number: question for question in questions}
    general = []
    for found in findings:
        if found.question in by_number:
            by_number[found.question].findings.append(found)
        else:
            general.append(found)
    return general
