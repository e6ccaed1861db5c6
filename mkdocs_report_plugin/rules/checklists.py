"""Rules on the project checklist, against the template's."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_report_plugin.model.report import ChecklistItem, Template
from mkdocs_report_plugin.reading import checklist
from mkdocs_report_plugin.rules.context import ReportContext
from mkdocs_report_plugin.rules.phrasing import plural
from mkdocs_report_plugin.rules.registry import Found, report_rule


def _these(count: int) -> str:
    return "this item" if count == 1 else f"these {count} items"


def _shortened(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 3] + "..."


def _template_name(template: Template) -> str:
    return f"the template ({template.name})" if template.name else "the template"


@report_rule("checklist-mark", "warning")
def checklist_mark(context: ReportContext) -> Iterator[Found]:
    """A checklist item is marked with something other than `[x]` or `[ ]`.

    Why: GitHub, the page and the checklist counts read only `[x]` (done) and `[ ]` (not done); `[v]`, `[✓]`, `[X
    ]`, `[Y]` or an emoji instead of the box show as text, so the teacher sees no box and the counts leave the item
    out.

    Example:
        * [✓] Create a git repository (M5)

    Fix: Write `[x]` before an item you did and `[ ]` before one you did not.
    """
    by_mark: dict[str, list[int]] = {}
    for marked in context.compared_checklist.marked:
        by_mark.setdefault(marked.mark, []).append(marked.line)
    for mark, lines in by_mark.items():
        yield Found(lines[0],
                    f"{checklist.lines_text(lines)}: '{mark}' is not a box: GitHub and the page show it as text, and "
                    f"the checklist counts leave {_these(len(lines))} out. "
                    "Write '[x]' before an item you did and '[ ]' before one you did not.")  # fmt: skip


@report_rule("checklist-missing", "warning")
def checklist_missing(context: ReportContext) -> Iterator[Found]:
    """Items of the template's checklist are not in the report's.

    Why: The teacher reads the checklist item by item against the template's list; a deleted item reads as work not
    done, and an older copy of the template lacks items the course added since.

    Example:
        Week 3 without `* [ ] Setup collection of input-output data from your deployed application (M27)`.

    Fix: Put the item back where it was, as `* [ ] ...`, or `* [x] ...` if you did it.
    """
    compared = context.compared_checklist
    for section, items in compared.missing.items():
        line = compared.after_line.get(section) or max(compared.after_line.values(), default=1)
        named = ", ".join(f"'{item}'" for item in items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")
        yield Found(line,
                    f"{section} of the checklist lacks {plural(len(items), 'item')} of {_template_name(context.template)}: "
                    f"{named}. Whether you deleted {'it' if len(items) == 1 else 'them'} or your copy of the template "
                    f"is older than the course's, add {'it' if len(items) == 1 else 'them'} after line {line} as "
                    "'* [ ] ...', or '* [x] ...' if you did it: the teacher reads the checklist item by item.")  # fmt: skip


@report_rule("checklist-added", "warning")
def checklist_added(context: ReportContext) -> Iterator[Found]:
    """The report's checklist has items the template's does not list.

    Why: The checklist is the course's list of modules; an item added to it, or listed twice, is counted as if the
    course asked for it.

    Example:
        * [x] Wrote a custom data loader

    Fix: Delete the item; write a note as plain text, and extra work in an answer.
    """
    by_section: dict[str, list[ChecklistItem]] = {}
    for item in context.compared_checklist.added:
        by_section.setdefault(item.section, []).append(item)
    for item, first in context.compared_checklist.repeated:
        yield Found(item.line,
                    f"line {item.line} lists the checklist item of line {first} again ('{_shortened(item.text)}'). "
                    "Delete one of the two.")  # fmt: skip
    for section, items in by_section.items():
        example = _shortened(items[0].text)
        yield Found(items[0].line,
                    f"{checklist.lines_text([item.line for item in items])}: {section} of the checklist has "
                    f"{plural(len(items), 'item')} that {_template_name(context.template)} does not list "
                    f"('{example}'); the checklist counts take it for one of the course's. Keep the checklist as "
                    "the template lists it: write a note as plain text, and extra work in an answer.")  # fmt: skip
