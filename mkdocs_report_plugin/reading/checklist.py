"""The report's project checklist against the template's: items marked, missing or added.

GitHub shows ``* [x]`` and ``* [ ]`` as boxes (ticked or not) and so does the page; any
other mark (``[v]``, ``[✓]``, ``[X ]``, ``✅`` or ``❌`` instead of a box) is shown as text,
and no count reads it as done or not done. Items are matched to the template's own list
leniently: students bold items, append notes or comments, and copy older revisions of the
template whose wording differs a little, none of which is a deleted item.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from mkdocs_report_plugin.model.report import ChecklistItem, ChecklistSection

READ_MARKS = frozenset({" ", "x", "X"})
"""The marks GitHub, the page and the checklist counts read: ``[ ]`` open, ``[x]``/``[X]`` done."""

_LIST_ITEM = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_BRACKET_MARK = re.compile(r"^\[([^\]\n]{0,3})\](?:[ \t]+|$)(.*)$")
_SYMBOL_MARK = re.compile(r"^([^\w\s`*_\[(<>\"'.,:;!?#~-]{1,3})[ \t]+(\S.*)$")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)")
_NOISE = re.compile(r"[*_~`]")
_SAME_ITEM = 0.8
"""How alike two wordings must be (RapidFuzz's Indel similarity: the letters they share in order, as a share of
both lengths) to be one item reworded, not two items."""
_RECOGNISED = 0.5
"""Share of the template's items the report must hold before missing ones are reported: less is
another template, or a checklist deleted whole, which is not a list of missing items."""


@dataclass(frozen=True)
class MarkedLine:
    """A checklist line whose mark no count reads: ``* [v] Create a git repository (M5)``."""

    line: int
    mark: str  # as written: "[v]", "✅"
    text: str


@dataclass(frozen=True)
class Comparison:
    """The report's checklist against the template's, by the template's sections."""

    marked: list[MarkedLine]
    missing: dict[str, list[str]]  # section -> items of the template the report does not hold
    added: list[ChecklistItem]  # items of the report the template does not list
    repeated: list[tuple[ChecklistItem, int]]  # an item listed again, and the line where it was first
    after_line: dict[str, int]  # section -> the report's line of the last item it holds, where missing ones go
    progress: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Section -> (items of the template ticked in the report, items the template lists); empty when
    the report's checklist is not the template's (fewer than half its items recognised)."""


def unread_marks(lines: Sequence[str], before_line: int, code_lines: frozenset[int]) -> list[MarkedLine]:
    """List items above the first question whose box is not ``[ ]``, ``[x]`` or ``[X]``."""
    marked = []
    for number, text in enumerate(lines[: max(before_line - 1, 0)], 1):
        item = _LIST_ITEM.match(text) if number not in code_lines else None
        mark = _mark(item[1]) if item else None
        if mark is not None:
            marked.append(MarkedLine(number, mark[0], " ".join(mark[1].split())))
    return marked


def _mark(body: str) -> tuple[str, str] | None:
    bracket = _BRACKET_MARK.match(body)
    if bracket:
        return None if bracket[1] in READ_MARKS else (f"[{bracket[1]}]", bracket[2])
    symbol = _SYMBOL_MARK.match(body)
    return (symbol[1], symbol[2]) if symbol else None


@dataclass(frozen=True)
class _Entry:
    line: int
    key: str  # the normalised wording
    item: ChecklistItem | None  # None for a line whose mark no count reads


def compare(
    spec: Sequence[ChecklistSection], items: Sequence[ChecklistItem], marked: Sequence[MarkedLine]
) -> Comparison:
    """Match the report's items (and its lines with unread marks) to the template's list.

    An item of the report and one of the template left unmatched between the same two matched
    items are one item reworded (the wording of another revision of the template), not one
    deleted and one added.
    """
    wanted = [(section.title, text, normalised(text)) for section in spec for text in section.items]
    entries = sorted(
        [_Entry(item.line, normalised(item.text), item) for item in items]
        + [_Entry(line.line, normalised(line.text), None) for line in marked],
        key=lambda entry: entry.line,
    )
    unmatched = set(range(len(wanted)))
    matched: dict[int, int] = {}  # template index -> report line
    first_line: dict[str, int] = {}
    gaps: dict[int, list[_Entry]] = {}  # the template index matched before -> report entries matched to nothing
    repeated: list[tuple[ChecklistItem, int]] = []
    previous = -1
    for entry in entries:
        index = _match(entry.key, wanted, unmatched)
        if index is not None:
            matched[index], previous = entry.line, index
        elif entry.key in first_line and entry.item is not None:
            repeated.append((entry.item, first_line[entry.key]))
        else:
            gaps.setdefault(previous, []).append(entry)
        first_line.setdefault(entry.key, entry.line)
    recognised = {line.line for line in marked if line.mark.startswith("[")} | set(matched.values())
    shown = [line for line in marked if line.line in recognised]  # a '✅ sentence' that is no item is not a box
    if len(matched) < _RECOGNISED * len(wanted):
        return Comparison(shown, {}, [], [], {})
    after = _after_lines(wanted, matched)  # where a missing item goes: after the last item found as written
    missing, added = _unpaired(wanted, unmatched, matched, gaps)
    ticked = {item.line for item in items if item.checked}
    progress = _progress(wanted, {index for index, line in matched.items() if line in ticked})
    return Comparison(shown, missing, added, repeated, after, progress)


def _progress(wanted: Sequence[tuple[str, str, str]], ticked: set[int]) -> dict[str, tuple[int, int]]:
    """Per section of the template: how many of its items the report ticks, out of how many it lists.
    A deleted item still counts in the total, and an item the template does not list counts nowhere."""
    progress: dict[str, tuple[int, int]] = {}
    for index, (section, _text, _key) in enumerate(wanted):
        done, total = progress.get(section, (0, 0))
        progress[section] = (done + (index in ticked), total + 1)
    return progress


def _unpaired(
    wanted: Sequence[tuple[str, str, str]], unmatched: set[int], matched: dict[int, int], gaps: dict[int, list[_Entry]]
) -> tuple[dict[str, list[str]], list[ChecklistItem]]:
    """Pair the leftovers of each gap as rewordings (added to ``matched``); what is left over is missing or added."""
    missing_by_gap: dict[int, list[int]] = {}
    for index in sorted(unmatched):
        before = max((known for known in matched if known < index), default=-1)
        missing_by_gap.setdefault(before, []).append(index)
    missing: dict[str, list[str]] = {}
    added: list[ChecklistItem] = []
    for gap in sorted(set(missing_by_gap) | set(gaps)):
        template_items, report_items = missing_by_gap.get(gap, []), gaps.get(gap, [])
        paired = min(len(template_items), len(report_items))
        matched.update((index, entry.line) for index, entry in zip(template_items, report_items, strict=False))
        for index in template_items[paired:]:
            missing.setdefault(wanted[index][0], []).append(wanted[index][1])
        added += [entry.item for entry in report_items[paired:] if entry.item is not None]
    return missing, added


def normalised(text: str) -> str:
    """An item's wording without emphasis, comments, case or spacing: what makes it that item."""
    return " ".join(_NOISE.sub("", _COMMENT.sub(" ", text)).lower().split())


def _match(text: str, wanted: Sequence[tuple[str, str, str]], unmatched: set[int]) -> int | None:
    """The template item ``text`` is, among those not matched yet: the same wording, the same with a note
    appended, or else the closest rewording (an older revision of the template; of equals, the last).

    The rewording is measured in C++ by RapidFuzz (already a dependency, for ``grade``'s similar answers), and
    imported only when an item is not found as written: most reports copy their own template's wording."""
    for index in sorted(unmatched):
        known = wanted[index][2]
        if text == known or (min(len(text), len(known)) >= 15 and (text.startswith(known) or known.startswith(text))):
            unmatched.discard(index)
            return index
    from rapidfuzz.distance import Indel

    best, best_ratio = None, _SAME_ITEM
    for index in sorted(unmatched):
        ratio = Indel.normalized_similarity(text, wanted[index][2], score_cutoff=best_ratio)
        if ratio >= best_ratio:
            best, best_ratio = index, ratio
    if best is not None:
        unmatched.discard(best)
    return best


def _after_lines(wanted: Sequence[tuple[str, str, str]], matched_line: dict[int, int]) -> dict[str, int]:
    after: dict[str, int] = {}
    for index, line in sorted(matched_line.items()):
        after[wanted[index][0]] = max(after.get(wanted[index][0], 0), line)
    return after


def lines_text(lines: Sequence[int], named: int = 5) -> str:
    """``"line 4"``, ``"lines 4, 5 and 9"``, ``"lines 4, 5, 6, 7, 8 and 30 more"``."""
    shown = [str(line) for line in lines[:named]]
    if len(lines) == 1:
        return f"line {shown[0]}"
    if len(lines) <= named:
        return f"lines {', '.join(shown[:-1])} and {shown[-1]}"
    return f"lines {', '.join(shown)} and {len(lines) - named} more"
