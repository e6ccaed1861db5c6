"""The command line's formats: text for people, JSON for scripts, CSV for spreadsheets, GitHub for workflow
annotations. Each function returns the text to print; the CLI only chooses one and prints it.

Nothing is imported up front but the model (``json`` and ``csv`` when asked for): ``mkdocs-report check`` imports
no click, so the colours are the ANSI codes ``click.style`` writes, made here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from mkdocs_report_plugin.model.batch import BatchTotals, Checked
from mkdocs_report_plugin.model.report import Finding, Fix, Question, Result

if TYPE_CHECKING:
    from mkdocs_report_plugin.check.fix import Outcome

CSV_COLUMNS = ("report", "path", "question", "words", "words_range", "images", "images_range", "ok", "rules",
               "messages", "template", "severity", "topic", "checklist_done", "checklist_total")  # fmt: skip
"""The columns in the order scripts read them: new ones are only ever added at the end."""

BATCH_NOTES = ("two-reports", "group-spec")
"""Warnings about a group's folder that its line in the batch says, since no other line shows them."""


# --- one report, finding by finding ---------------------------------------------------------


def log_line(path: str, finding: Finding) -> str:
    """A finding as one line of the build log, whose logger already names the level (``WARNING``, ``INFO``), so the
    line says no second one: ``reports/README.md:391: Question 14 fails: 168 words; ...``,
    ``reports/README.md:62: Question 6: the hand-in ...`` (a warning), ``reports/README.md:291: the report fails: ...``
    (an error about the whole report)."""
    if finding.severity != "error":
        return f"{path}:{finding.line}: {finding.headline}"
    kind = finding.verdict if finding.question else "the report fails"
    return f"{path}:{finding.line}: {kind}: {finding.message}"


def strict_mode_line(warnings: int, failures: int) -> str:
    """Why MkDocs' strict mode (``mkdocs build --strict``, or ``strict: true`` in mkdocs.yml) stops a build on the
    report, and how to let it pass: it stops on any WARNING line, so a report whose questions all pass can stop it."""
    passing = warnings - failures
    return (f"MkDocs' strict mode (--strict, or strict: true in mkdocs.yml) stops this build on any WARNING line, "
            f"and the report logged {warnings}: {failures} that fail{'s' * (failures == 1)} a question, {passing} "
            f"warning{'s' * (passing != 1)} a question passes with. Fix them, or set a rule to info (severity: "
            "{rule-id: info}) or off (ignore: [rule-id]) under 'report:' in mkdocs.yml; 'mkdocs-report check' "
            "lists them with their rule ids.")  # fmt: skip


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
    """One report's findings, one per line, then its score (and, as text, how many ``fix`` fixes and the spec it
    was checked against).

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
    fixable = sum(1 for finding in result.findings if finding.fix is not None and finding.fix.safe)
    if fixable:
        lines.append(f"`mkdocs-report fix` fixes {'this finding' if fixable == 1 else f'{fixable} of these findings'} "
                     "(`mkdocs-report fix --diff` shows how first).")  # fmt: skip
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


def points_text(points: float) -> str:
    """``7``, ``7.5``: points as our files and pages write them (a decimal point, as an LMS import reads it), without
    a trailing ``.0``."""
    return f"{points:.4f}".rstrip("0").rstrip(".")


def typed_cell(cell: str) -> str:
    """A cell as it was before :func:`spreadsheet_cell` made it inert: the ``'`` it put before a formula taken off
    (the gradebook reads back the cells we wrote and the teacher typed)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS) else cell


def csv_table(header: Iterable[str], rows: Iterable[Iterable[object]], *, delimiter: str = ",") -> str:
    """A CSV file's text, ``\\n`` line endings, every cell inert in a spreadsheet (:func:`spreadsheet_cell`).
    Every CSV the package writes is made here; ``delimiter`` keeps a teacher's own file as their spreadsheet
    saved it (``;`` where the decimal mark is a comma)."""
    import csv
    import io

    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n", delimiter=delimiter)
    writer.writerow([spreadsheet_cell(cell) for cell in header])
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
    return table.getvalue()


def csv_rows(name: str, result: Result) -> list[list[str]]:
    """The rows of one report: its general findings first (if any), then each question; each row's cells in the
    order of :data:`CSV_COLUMNS`, made by column name.

    A report that could not be checked is never ok, whatever the severity of its finding."""
    general = result.general
    report = {"report": name, "path": result.display_path, **_report_cells(result)}
    rows = []
    if general or not result.is_report:
        ok = result.is_report and not result.report_errors
        severity = _severity(general) if result.is_report else "error"
        rows.append({**report, "ok": _yes(ok), "severity": severity, **_rules_and_messages(general)})
    for question in result.questions:
        rows.append({**report, **_question_cells(question), "severity": _severity(question.findings),
                     "topic": _topic(result, question)})  # fmt: skip
    return [[row.get(column, "") for column in CSV_COLUMNS] for row in rows]


def _question_cells(question: Question) -> dict[str, str]:
    limits = question.constraints
    return {
        "question": str(question.number),
        "words": str(question.words) if question.present else "",
        "words_range": str(limits.words) if limits.words else "",
        "images": str(question.rendered_images) if question.present else "",
        "images_range": str(limits.images) if limits.images else "",
        "ok": _yes(question.ok),
        **_rules_and_messages(question.findings),
    }


def _report_cells(result: Result) -> dict[str, str]:
    """The template revision (the spec's name) and the checklist's ticked and listed items, on every row of a report."""
    if result.template is None:
        return {}
    done, listed = result.checklist_totals()
    return {
        "template": result.template.name or result.template.generation,
        "checklist_done": str(done),
        "checklist_total": str(listed),
    }


def _topic(result: Result, question: Question) -> str:
    """What the question asks, as the spec titles it."""
    return result.template.question_titles.get(question.number, "") if result.template else ""


def _severity(findings: list[Finding]) -> str:
    """The worst severity among ``findings``: ``error``, ``warning`` or empty."""
    severities = {finding.severity for finding in findings}
    return "error" if "error" in severities else "warning" if severities else ""


def _rules_and_messages(findings: list[Finding]) -> dict[str, str]:
    rules = " ".join(dict.fromkeys(finding.rule for finding in findings))
    return {"rules": rules, "messages": " | ".join(finding.headline for finding in findings)}


def _yes(ok: bool) -> str:
    return "true" if ok else "false"


# --- mkdocs-report fix --------------------------------------------------------------------------------------


def fixed_lines(outcome: Outcome, path: str, *, would: bool = False) -> list[str]:
    """What ``fix`` did (or, ``would``, would do) to one report: a line per fix, by question, naming its rule and
    how it changes the course's checker's counts, then what is left to fix with ``--unsafe-fixes``.

    ``reports/README.md: question 4: fixed handin-render: 1 fenced code block: indented as code instead (the
    course's checker counts 2 words fewer)``."""
    done = "would fix" if would else "fixed"
    lines = [f"{_where(path, found)}{done} {found.rule}: {found.fix.description}{_count_change(found.fix)}"
             for found in sorted(outcome.applied, key=lambda each: each.question or 0) if found.fix]  # fmt: skip
    lines += [f"{_where(path, found)}not fixed {found.rule}: the course's checker would count otherwise than the fix "
              "says; please report this." for found in outcome.undone]  # fmt: skip
    if not outcome.applied:
        lines.append(f"{path}: nothing to fix.")
    else:
        fixes = f"{len(outcome.applied)} fix{'es' if len(outcome.applied) > 1 else ''}"
        lines.append(f"{path}: {fixes} {'would be made (nothing was changed)' if would else 'made'}; "
                     "`mkdocs-report check` shows what is left.")  # fmt: skip
    left = [found for found in (outcome.result.findings if outcome.result else []) if found.fix and not found.fix.safe]
    lines += [f"{_where(path, found)}left for --unsafe-fixes {found.rule}: {found.fix.description}, but "
              f"{found.fix.caution}" for found in left if found.fix]  # fmt: skip
    if outcome.rounds_left:
        lines.append(f"{path}: some fixes wait for others: run `mkdocs-report fix` again.")
    return lines


def _where(path: str, found: Finding) -> str:
    return f"{path}: question {found.question}: " if found.question else f"{path}: "


def _count_change(fix: Fix) -> str:
    """`` (the course's checker counts 2 words fewer)``; empty when its counts do not change."""
    changes = [f"{plural} {'more' if count > 0 else 'fewer'}"
               for count, plural in ((fix.words, f"{abs(fix.words)} word{'s' * (abs(fix.words) != 1)}"),
                                     (fix.images, f"{abs(fix.images)} image{'s' * (abs(fix.images) != 1)}")) if count]  # fmt: skip
    return f" (the course's checker counts {' and '.join(changes)})" if changes else ""


def fix_diff(outcome: Outcome, path: str) -> str:
    """The change as a unified diff of the report's text, its path on both sides (``patch -p0`` applies it); empty
    when nothing changes. A change of encoding alone shows no line: :func:`fixed_lines` says it."""
    import difflib

    before, after = _with_line_ends(outcome.before_text), _with_line_ends(outcome.after_text)
    return "".join(difflib.unified_diff(before, after, path, path))


def _with_line_ends(text: str) -> list[str]:
    """The lines of ``text``, each ending in a line break, as a diff shows them (the last one's added if missing)."""
    return [line + "\n" for line in text.split("\n")] if text else []
