"""Rules on the file's text as a whole: lines that stop or slow the renderers, garbled characters."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mkdocs_report_plugin.reading import defuse
from mkdocs_report_plugin.reading.parse import section_at
from mkdocs_report_plugin.rules.context import ReportContext
from mkdocs_report_plugin.rules.registry import Found, report_rule


@report_rule("render-stop", "warning")
def render_stop(context: ReportContext) -> Iterator[Found]:
    """A line that stops MkDocs' build, or its markdown renderer, on this page.

    Why: Without the plugin (a teacher's site that builds every group's page, a plain `mkdocs build`), one such line
    stops the whole site with a traceback. The plugin shows it as written, and says where it is.

    Example:
        ![plot](figures/a.png)<![x]  (MkDocs reads `<![` as the start of `<![CDATA[`), a line `- - - - ...` opening 50 lists, or a run of 100 `*` around a word.

    Fix: Put a space after `<` (`< ![`), remove the extra list markers, or shorten the run of `*`/`_`.
    """
    for hazard in context.hazards:
        message = _RENDER_STOP.get(hazard.kind)
        if message is not None:
            yield Found(
                hazard.line,
                message.format(depth=defuse.MAX_NESTING, run=defuse.MAX_EMPHASIS),
                question=section_at(context.document.sections, hazard.line),
            )


_RENDER_STOP = {
    "marked-section": "'<![' makes MkDocs' build fail on this page, even inside backticks (its HTML reader takes it for "
    "'<![CDATA['). The report page shows it as written; put a space after '<' so the page builds everywhere.",
    "nested-lists": "lists nested {depth} deep or more ('- - - ...') crash the markdown renderer; the line is shown as "
    "text. Remove the extra list markers.",
    "emphasis-run": "a run of {run} or more '*' or '_' nests that many bold/italic elements and crashes the markdown "
    "renderer; it is shown as written. Shorten the run, or put it in backticks.",
}  # fmt: skip


@report_rule("render-slow", "warning")
def render_slow(context: ReportContext) -> Iterator[Found]:
    """Many `[` that open no link in one paragraph: rendering it takes seconds to minutes.

    Why: Python-Markdown reads the rest of the paragraph for each `[`, so its time grows with the square of their
    number: 100,000 take minutes, in the build and in the course's `report.py html` that makes the teacher's copy.

    Example:
        A paragraph of thousands of `[` (a pasted array, ASCII art).

    Fix: Delete them, or put them in a code block (three backticks above and below).
    """
    for hazard in context.hazards:
        if hazard.kind == "brackets":
            message = (f"{hazard.count} '[' from this line on open no link: the markdown renderer reads the rest "
                       f"of the paragraph for each, about {hazard.seconds:.0f} s here, and so does the course's "
                       "report.py html that makes the teacher's copy. The page shows them as written. Delete them, "
                       "or put them in a code block.")  # fmt: skip
            yield Found(hazard.line, message, question=section_at(context.document.sections, hazard.line))


_MOJIBAKE = re.compile(
    r"[\u00c2-\u00f4][\u0080-\u00bf\u2013-\u203a\u20ac\u0152\u0153\u0160\u0161\u017d\u017e\u0178\u0192\u02c6\u02dc\u2122]+"
)


@report_rule("encoding", "warning")
def encoding(context: ReportContext) -> Iterator[Found]:
    """The file holds garbled characters (mojibake such as `â€™`); a file that is not UTF-8 at all is `checker-stops`.

    Why: Garbled characters show on the page and in the graded report.

    Example:
        We didnâ€™t use Docker.

    Fix: Save the file as UTF-8 and retype the garbled characters.
    """
    sections = context.document.sections
    lines = context.document.lines
    if not _MOJIBAKE.search("\n".join(lines)):  # a run never spans lines: most reports are read once, not per line
        return
    for number, text in enumerate(lines, 1):
        garbled = _garbled(text)
        if garbled:
            original, repaired = garbled
            yield Found(number, f"'{original}' looks garbled (probably '{repaired}'). Retype it, and save the file as "
                        "UTF-8.", question=section_at(sections, number))  # fmt: skip


def _garbled(text: str) -> tuple[str, str] | None:
    """The first run of ``text`` that is UTF-8 read as Windows-1252, and what it meant."""
    for match in _MOJIBAKE.finditer(text):
        try:
            repaired = match[0].encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return match[0], repaired
    return None
