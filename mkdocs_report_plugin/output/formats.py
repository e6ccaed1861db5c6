"""The command line's formats: text for people, JSON for scripts, CSV for spreadsheets, GitHub for workflow
annotations. Each function returns the text to print; the CLI only chooses one and prints it.

Nothing is imported up front but the model (``json`` and ``csv`` when asked for): ``mkdocs-report check`` imports
no click, so the colours are the ANSI codes ``click.style`` writes, made here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from mkdocs_report_plugin.model.batch import BatchTotals, Checked
from mkdocs_report_plugin.model.report import Finding, Question, Result

CSV_COLUMNS = ("report", "path", "question", "words", "words_range", "images", "images_range", "ok", "rules",
               "messages", "template", "severity", "topic", "checklist_done", "checklist_total")  # fmt: skip
"""The columns in the order scripts read them: new ones are only ever added at the end."""

BATCH_NOTES = ("two-reports",)
"""Warnings about a group's folder that its line in the batch says, since no other line shows them."""


# --- one report, finding by finding ---------------------------------------------------------


def log_line(path: str, finding: Finding) -> str:
    """A finding as one line that says first what it is, as the build log writes it:
    ``reports/README.md:391: Question 14 fails: 168 words; ...`` or ``reports/README.md:62: warning: Question 6: ...``."""
    return f"{path}:{finding.line}: {_kind(finding)} {_body(finding)}"


def text_line(path: str, finding: Finding) -> str:
    """The log line in colour, with the rule id that ``--ignore``, ``--severity`` and the rules reference name."""
    colour = {"error": "red", "warning": "yellow", "info": "cyan"}[finding.severity]
    return f"{path}:{finding.line}: {_styled(_kind(finding), colour)} {_body(finding)} [{finding.rule}]"


_ANSI_COLOURS = {"red": 31, "green": 32, "yellow": 33, "cyan": 36}


def _styled(text: str, colour: str) -> str:
    """``text`` in ``colour``, as ``click.style(text, fg=colour)`` writes it: the terminal's colour, then its reset;
    the command line leaves both out of what is not a terminal."""
    return f"\033[{_ANSI_COLOURS[colour]}m{text}\033[0m"


def _kind(finding: Finding) -> str:
    return f"{finding.verdict}:"


def _body(finding: Finding) -> str:
    return finding.message if finding.severity == "error" else finding.headline


def settings_lines(ignored: Sequence[str], relevelled: Mapping[str, str]) -> list[str]:
    """The rules the user configured, a line for each kind, so that a clean result never hides that it was asked
    to be: ``Ignored rules (not shown or counted): handin-render`` and ``Rules re-levelled: words: warning``."""
    lines = []
    if ignored:
        lines.append(f"Ignored rules (not shown or counted): {', '.join(ignored)}")
    if relevelled:
        lines.append(f"Rules re-levelled: {relevelled_text(relevelled)}")
    return lines


def relevelled_text(relevelled: Mapping[str, str]) -> str:
    """``handin-render: info, words: warning``."""
    return ", ".join(f"{rule_id}: {level}" for rule_id, level in relevelled.items())


def github_annotation(path: str, finding: Finding) -> str:
    """A workflow command GitHub shows on the line of the pull request's diff."""
    title = f"Question {finding.question}" if finding.question else "Report"
    kind = {"error": "error", "warning": "warning", "info": "notice"}[finding.severity]
    where = f"file={_escape_property(path)},line={finding.line},title={_escape_property(title)}"
    return f"::{kind} {where}::{_escape_data(finding.message)}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def findings_lines(result: Result, github: bool = False) -> list[str]:
    """One report's findings, one per line, then its score (and, as text, the spec it was checked against).

    A report that could not be checked has no lines here: the CLI says why once, on stderr."""
    if not result.is_report:
        return []
    format_line = github_annotation if github else text_line
    lines = [format_line(result.display_path, finding) for finding in result.findings]
    summary = f"{result.passed}/{result.total} questions pass"
    if result.report_errors:
        summary += "; the course's scripts cannot read this report as it is (the error above)"
    if github:
        ignored = f"; rules ignored: {', '.join(result.ignored)}" if result.ignored else ""
        relevelled = f"; rules re-levelled: {relevelled_text(result.relevelled)}" if result.relevelled else ""
        return [*lines, f"::notice title=Report::{result.display_path}: {summary}{ignored}{relevelled}"]
    if result.template is not None:
        lines.append(f"Spec: {result.template.describe()}")
    return [*lines, *settings_lines(result.ignored, result.relevelled), summary]


# --- several reports -------------------------------------------------------------------------


def batch_lines(checked: Sequence[Checked]) -> list[str]:
    """``group-12: 27/31`` per report, the spec most reports were checked against (a report checked
    against another one, e.g. a group's own report-spec.yaml, names its spec), then the totals."""
    specs = Counter(entry.result.template.describe() for entry in checked if entry.result.template is not None)
    usual = specs.most_common(1)[0][0] if specs else None
    lines = []
    for entry in checked:
        result = entry.result
        if result.template is None:
            lines.append(f"{entry.name}: {_styled('not checked', 'red')}: {entry.not_checked}")
            continue
        colour = "green" if result.ok else "red"
        other = result.template.describe()
        named = f" (spec: {other})" if other != usual else ""
        score = _styled(f"{result.passed}/{result.total}", colour)
        errors = result.report_errors
        if errors:
            more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
            lines.append(f"{entry.name}: {_styled('error', 'red')}: {errors[0].message} [{errors[0].rule}]{more}; "
                         f"{score} questions pass as written{named}")  # fmt: skip
        else:
            lines.append(f"{entry.name}: {score}{named}")
        lines[-1] += "".join(f"; {note.message}" for note in result.general if note.rule in BATCH_NOTES)
    if usual is not None:
        others = sum(specs.values()) - specs[usual]
        lines.append(f"Spec: {usual}" + (f"; {others} other{'s' * (others != 1)} named above" if others else ""))
    ignored = sorted({rule_id for entry in checked for rule_id in entry.result.ignored})
    relevelled = {rule_id: level for entry in checked for rule_id, level in entry.result.relevelled.items()}
    lines += settings_lines(ignored, dict(sorted(relevelled.items())))
    lines.append(BatchTotals.of(checked).sentence())
    return lines


def json_text(checked: Sequence[Checked]) -> str:
    """One report as an object (as it always was); several as a list naming each report, and saying why one was not
    checked. Each question carries its topic and the severity of its worst finding, as the CSV does."""
    import json

    if len(checked) == 1:
        payload: object = _json_report(checked[0].result)
    else:
        payload = [{"report": entry.name, "not_checked": entry.not_checked, **_json_report(entry.result)}
                   for entry in checked]  # fmt: skip
    return json.dumps(payload, indent=2)


def _json_report(result: Result) -> dict[str, object]:
    report = result.to_dict()
    report["severity"] = _severity(result.findings)
    for question, entry in zip(result.questions, report["questions"], strict=True):
        entry["topic"] = _topic(result, question)
        entry["severity"] = _severity(question.findings)
    return report


def csv_text(checked: Sequence[Checked]) -> str:
    """One row per report and question; a report that could not be checked is one error row."""
    return csv_table(CSV_COLUMNS, (row for entry in checked for row in csv_rows(entry.name, entry.result)))


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection)."""


def spreadsheet_cell(value: object) -> object:
    """A cell a spreadsheet shows as the text it is: text that it would evaluate as a formula (a group folder
    named ``=HYPERLINK(...)``, a message quoting a student's ``+1``) gets a leading ``'``, OWASP's rule.
    Numbers are left as numbers."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


def csv_table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """A CSV file's text, ``\\n`` line endings, every cell inert in a spreadsheet (:func:`spreadsheet_cell`).
    Every CSV the package writes is made here."""
    import csv
    import io

    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow([spreadsheet_cell(cell) for cell in header])
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
    return table.getvalue()


def csv_rows(name: str, result: Result) -> list[list[str]]:
    """The rows of one report: its general findings first (if any), then each question.

    A report that could not be checked is never ok, whatever the severity of its finding."""
    general = result.general
    report = _report_cells(result)
    rows = []
    if general or not result.is_report:
        ok = result.is_report and not result.report_errors
        severity = _severity(general) if result.is_report else "error"
        rows.append([name, result.display_path, "", "", "", "", "", _yes(ok), *_rules_and_messages(general),
                     report[0], severity, "", *report[1:]])  # fmt: skip
    for question in result.questions:
        rows.append([name, result.display_path, *_question_cells(question), report[0], _severity(question.findings),
                     _topic(result, question), *report[1:]])  # fmt: skip
    return rows


def _question_cells(question: Question) -> list[str]:
    limits = question.constraints
    return [
        str(question.number),
        str(question.words) if question.present else "",
        str(limits.words) if limits.words else "",
        str(question.rendered_images) if question.present else "",
        str(limits.images) if limits.images else "",
        _yes(question.ok),
        *_rules_and_messages(question.findings),
    ]


def _report_cells(result: Result) -> tuple[str, str, str]:
    """The template revision (the spec's name) and the checklist's ticked and listed items, on every row of a report."""
    if result.template is None:
        return "", "", ""
    by_section = result.checklist_by_section().values()
    done, listed = sum(done for done, _ in by_section), sum(listed for _, listed in by_section)
    return result.template.name or result.template.generation, str(done), str(listed)


def _topic(result: Result, question: Question) -> str:
    """What the question asks, as the spec titles it."""
    return result.template.question_titles.get(question.number, "") if result.template else ""


def _severity(findings: list[Finding]) -> str:
    """The worst severity among ``findings``: ``error``, ``warning`` or empty."""
    severities = {finding.severity for finding in findings}
    return "error" if "error" in severities else "warning" if severities else ""


def _rules_and_messages(findings: list[Finding]) -> list[str]:
    rules = " ".join(dict.fromkeys(finding.rule for finding in findings))
    return [rules, " | ".join(finding.headline for finding in findings)]


def _yes(ok: bool) -> str:
    return "true" if ok else "false"
