"""The rules whose findings the engine (or the batch) makes itself, before or around the checks."""

from __future__ import annotations

from mkdocs_report_plugin.rules.registry import engine_rule

engine_rule(
    "not-a-report", "error",
    summary="The file is not the exam template.",
    why="Checking any other markdown against 31 questions would only produce noise.",
    example="A project README with no `### Question N` sections and no `> Answer:` markers.",
    fix="Point the check at the report (usually `reports/README.md`), or restore the template's "
    "`### Question N` headings and `> Answer:` lines.",
)  # fmt: skip
engine_rule(
    "unreadable", "error",
    summary="The report file cannot be read.",
    why="Nothing can be checked or published from a file that cannot be opened.",
    example="`reports/README.md` does not exist, is a folder without README.md, is not a regular file (a pipe, "
    "a device) or is larger than 20 MB.",
    fix="Check the path, or pass the folder that holds README.md.",
)  # fmt: skip
engine_rule(
    "timeout", "error",
    summary="Checking one hand-in of a batch took longer than the time limit (`--timeout`, 60 s by default).",
    why="One hand-in must never stop a teacher's batch: it is stopped and reported, and the others are checked.",
    example="A hand-in whose report makes the checker work for minutes.",
    fix="Check that report alone (`mkdocs-report check group-12/reports/README.md`), or raise `--timeout`; "
    "please report the file, since a real report is checked in well under a second.",
)  # fmt: skip
engine_rule(
    "unusable-spec", "error",
    summary="The template spec beside the report (`report-spec.yaml`) cannot be used.",
    why="That spec says which limits apply; checking against other limits would mislead, and ignoring the file "
    "silently would too. The message names the file, the line and the key.",
    example="`reports/report-spec.yaml, line 7: key 'words' is 300-200; write the smaller number first.`",
    fix="Fix the spec at the line named (see [Template specs](template-spec.md)), or delete it to use the limits "
    "the shipped specs give.",
)  # fmt: skip
engine_rule(
    "internal-error", "warning",
    summary="The checker itself failed: on one check of a question or of the whole report, or on a whole hand-in of "
    "a batch.",
    why="One check the checker cannot run must never stop the others: the other checks, questions and hand-ins are "
    "checked. A hand-in it failed on entirely is 'not checked' (exit status 2).",
    example="(a bug in mkdocs-report-plugin)",
    fix="Report the problem with the report's text; the rest was checked.",
)  # fmt: skip
