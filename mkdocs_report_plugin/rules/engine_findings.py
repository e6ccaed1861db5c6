"""The rules whose findings the engine (or the batch) makes itself, before or around the checks."""

from __future__ import annotations

from mkdocs_report_plugin.rules.registry import engine_rule

engine_rule(
    "not-a-report",
    "error",
    """
    The file is not the exam template.

    Why: Checking any other markdown against 31 questions would only produce noise.

    Example:
        A project README with no `### Question N` sections and no `> Answer:` markers.

    Fix: Point the check at the report (usually `reports/README.md`), or restore the template's `### Question N`
    headings and `> Answer:` lines.
""",
)

engine_rule(
    "unreadable",
    "error",
    """
    The report file cannot be read.

    Why: Nothing can be checked or published from a file that cannot be opened.

    Example:
        `reports/README.md` does not exist, is a folder without README.md, is not a regular file (a pipe, a device) or is larger than 20 MB.

    Fix: Check the path, or pass the folder that holds README.md.
""",
)

engine_rule(
    "no-report",
    "error",
    """
    A group's folder of the scrape holds no report to check: it is empty, its `reports/` is empty or has no README.md,
    the report is in an archive, or none of its files is the exam template.

    Why: Every group of the class is one row of the batch, checked or not; a group that handed in nothing readable
    must be seen, not left out of the count. The message says what the folder holds.

    Example:
        `group-17: not checked: no report, but an archive (reports.zip); the course's scripts do not open archives.`

    Fix: Put the report at `reports/README.md` of the repository (unpack an archive there), and check again.
""",
)

engine_rule(
    "report-path",
    "error",
    """
    The group's report is not at `reports/README.md`, where the course's scripts read it (`report/README.md`,
    `reports/readme.md`, a project folder one level deeper).

    Why: After the deadline the course runs its `report.py check` and `html` on `reports/README.md` of each
    repository; a report elsewhere, or named in another case on the Linux machine that grades, is not found there.
    The batch finds it and checks it anyway, so nothing else goes unseen.

    Example:
        `MLOps_project/reports/README.md`, `reports/readme.md`

    Fix: Move or rename the report to `reports/README.md` (`git mv report/README.md reports/README.md`).
""",
)

engine_rule(
    "two-reports",
    "warning",
    """
    A group's folder holds more than one report (`reports/README.md` and `report/README.md`, say).

    Why: Only one is graded: the batch checks the one the course's scripts read (else the nearest to it) and names the
    others, so a teacher knows which text the row is about.

    Example:
        `2 reports in this folder: reports/README.md was checked (the one the course's scripts read); report/README.md was not.`

    Fix: Keep one report, at `reports/README.md`, and delete or merge the others.
""",
)

engine_rule(
    "timeout",
    "error",
    """
    Checking one hand-in of a batch took longer than the time limit (`--timeout`, 60 s by default).

    Why: One hand-in must never stop a teacher's batch: it is stopped and reported, and the others are checked.

    Example:
        A hand-in whose report makes the checker work for minutes.

    Fix: Check that report alone (`mkdocs-report check group-12/reports/README.md`), or raise `--timeout`; please
    report the file, since a real report is checked in well under a second.
""",
)

engine_rule(
    "unusable-spec",
    "error",
    """
    The template spec beside the report (`report-spec.yaml`) cannot be used.

    Why: That spec says which limits apply; checking against other limits would mislead, and ignoring the file
    silently would too. The message names the file, the line and the key.

    Example:
        `reports/report-spec.yaml, line 7: key 'words' is 300-200; write the smaller number first.`

    Fix: Fix the spec at the line named (see [Template specs](template-spec.md)), or delete it to use the limits the
    shipped specs give.
""",
)

engine_rule(
    "group-spec",
    "warning",
    """
    In a teacher's run (`grade`, `summary`, `check` of a scrape), the group committed a template spec beside its
    report (`reports/report-spec.yaml`): it was not applied, or it was because the teacher asked
    (`--trust-group-specs`).

    Why: A spec beside the report sets the limits the report is checked against. A group's own copy, relaxed or
    named like the course's, would set the limits it is graded by; so a teacher's run uses the course's spec, and
    every output says where a group's spec is, applied or not. The student's own build and `check` of their own
    report use it as always.

    Example:
        `reports/report-spec.yaml, a template spec the group committed, was not applied: this report is checked against 02476 (2026), from the shipped specs (matched by the report's prompts).`

    Fix: Nothing, for the teacher: the course's spec decided. If the course asked groups to commit that spec, give
    it to the run with `--spec FILE` (or pass `--trust-group-specs`).
""",
)

engine_rule(
    "internal-error",
    "warning",
    """
    The checker itself failed: on one check of a question or of the whole report, or on a whole hand-in of a batch.

    Why: One check the checker cannot run must never stop the others: the other checks, questions and hand-ins are
    checked. A hand-in it failed on entirely is 'not checked' (exit status 2).

    Example:
        (a bug in mkdocs-report-plugin)

    Fix: Report the problem with the report's text; the rest was checked.
""",
)
