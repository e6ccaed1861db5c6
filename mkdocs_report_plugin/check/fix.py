"""``mkdocs-report fix``: the findings' fixes applied to a report, round after round, the counts read again after each.

The fixes are the findings' own (``Finding.fix``, made by the rules with ``rules/fixes.py``). A round checks the
text, takes the fixes asked for (of the selected rules; the safe ones, and the unsafe ones when asked) whose lines
no other fix of the round touches, and applies them from the bottom of the file up, so that each one's line
numbers still hold; the next round checks the new text, and finds what waited for its lines. After each fix the
course's checker's reading (``reading/official.py``) is compared with the one before: every answer's words and
images must be as they were, but for the change the fix says it makes to its question. A fix that does otherwise
is undone and reported, never kept.

The file's bytes stay as they were but for the lines fixed: each line keeps its own line ending (``\\r\\n``,
``\\n``, ``\\r``), and a UTF-8 byte-order mark stays. A file that is not UTF-8 is saved as UTF-8 only by the fix
that says so (``checker-stops``); without it, such a file is not changed at all.

Nothing here writes: :func:`fix_report` says what the file would become, and the caller writes it (through
``reading/safe_files.py``) or shows the difference.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_report_plugin.check.engine import BOM, check_text
from mkdocs_report_plugin.check.options import CheckOptions
from mkdocs_report_plugin.model.report import Edit, Finding, Result
from mkdocs_report_plugin.reading import official
from mkdocs_report_plugin.reading.repository import read_limited

MAX_ROUNDS = 20
"""Rounds of checking and fixing before giving up: a fix waits a round for a fix on its lines, rarely two."""

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_NOT_UTF8 = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class Choice:
    """Which fixes to make: of the rules in ``select`` (every rule when empty) but those in ``ignore``; the
    unsafe ones too when ``unsafe``."""

    select: Collection[str] = ()
    ignore: Collection[str] = ()
    unsafe: bool = False

    def wants(self, finding: Finding) -> bool:
        fix = finding.fix
        chosen = (not self.select or finding.rule in self.select) and finding.rule not in self.ignore
        return fix is not None and chosen and (fix.safe or self.unsafe)


@dataclass
class Outcome:
    """What fixing a report made of it: its bytes before and after, the findings fixed (as found, in the order
    fixed), the fixes undone because the counts did not hold, and the check of the text after.

    ``refused`` says why nothing could be fixed (the file is not a report, or not UTF-8 without the fix that
    saves it so); ``before_text`` and ``after_text`` are the text as read, for a diff."""

    path: Path
    original: bytes
    fixed: bytes
    before_text: str = ""
    after_text: str = ""
    applied: list[Finding] = field(default_factory=list)
    undone: list[Finding] = field(default_factory=list)
    result: Result | None = None
    refused: str = ""
    rounds_left: bool = False  # stopped after MAX_ROUNDS with fixes still to make

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


class _Lines:
    """The report's lines, each with its own line ending, as edits change them."""

    def __init__(self, text: str) -> None:
        self.bom = text.startswith(BOM)
        parts = _LINE_BREAK.split(text.removeprefix(BOM))
        self.lines, self.endings = parts[0::2], [*parts[1::2], ""]
        usual = Counter(ending for ending in self.endings if ending).most_common(1)
        self.usual = usual[0][0] if usual else "\n"

    def copy(self) -> _Lines:
        twin = _Lines("")
        twin.bom, twin.lines, twin.endings, twin.usual = self.bom, list(self.lines), list(self.endings), self.usual
        return twin

    @property
    def text(self) -> str:
        """The text as the check reads it: ``\\n`` between lines, no byte-order mark."""
        return "\n".join(self.lines)

    @property
    def source(self) -> str:
        """The text as the file holds it."""
        return (BOM if self.bom else "") + "".join(
            line + ending for line, ending in zip(self.lines, self.endings, strict=True)
        )

    def apply(self, edit: Edit) -> None:
        """Lines ``edit.first`` to ``edit.last`` replaced by ``edit.lines``: the new lines take the replaced lines'
        endings in order, the last keeps the last one's, and any more the file's usual one."""
        start, replaced = edit.first - 1, max(edit.last - edit.first + 1, 0)
        old = self.endings[start : start + replaced]
        endings = [self.usual] * len(edit.lines)
        if old and endings:
            endings[: min(len(old), len(endings)) - 1] = old[: min(len(old), len(endings)) - 1]
            endings[-1] = old[-1]
        self.lines[start : start + replaced] = edit.lines
        self.endings[start : start + replaced] = endings


def fix_report(
    path: Path,
    choice: Choice,
    *,
    options: CheckOptions | None = None,
    display_path: str | None = None,
) -> Outcome:
    """Every fix ``choice`` wants made to the report at ``path``, in memory; raises ``OSError`` when the file
    cannot be read (as :func:`~.engine.check_report` would report it)."""
    shown = display_path or str(path)
    data = read_limited(path)

    def check(text: str | bytes) -> Result:
        return check_text(text, path.parent, options=options, display_path=shown)

    result = check(data)
    outcome = Outcome(path, data, data, result=result)
    if not result.is_report:
        outcome.refused = result.findings[0].message
        return outcome
    try:
        lines = _Lines(data.decode("utf-8"))
    except UnicodeDecodeError:
        saved = next((found for found in result.general if found.fix is not None and found.fix.utf8), None)
        if saved is None or not choice.wants(saved):
            outcome.refused = ("the file is not UTF-8, and `mkdocs-report fix` changes such a file only with the fix "
                               "that saves it as UTF-8 (rule checker-stops): run it without --select or --ignore "
                               "that leave checker-stops out.")  # fmt: skip
            return outcome
        outcome.before_text = result.text
        lines = _Lines(_read_as_utf8(data))
        outcome.applied.append(saved)
    else:
        outcome.before_text = lines.text
    _fix_rounds(lines, choice, check, outcome, first=None if outcome.applied else result)
    outcome.after_text = lines.text
    outcome.fixed = lines.source.encode("utf-8")
    return outcome


def _read_as_utf8(data: bytes) -> str:
    """The file's text to save as UTF-8, line endings as they are: UTF-16 as the check read it (by its byte-order
    mark); else every run of bytes that is UTF-8 as such (a file saved partly as UTF-8 keeps those characters), and
    each other byte as the check read it, as Windows-1252 (the five bytes it leaves undefined as the Latin-1
    characters they are)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    text = data.decode("utf-8", errors="surrogateescape")
    return _NOT_UTF8.sub(lambda byte: _windows_1252(ord(byte[0]) - 0xDC00), text)


def _windows_1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _fix_rounds(
    lines: _Lines, choice: Choice, check: Callable[[str], Result], outcome: Outcome, first: Result | None
) -> None:
    """Check, fix what the round can, and again, until nothing is left to fix or :data:`MAX_ROUNDS`; ``first`` is
    the check of the text as it is, when there is one."""
    tried: set[tuple[str, str]] = set()  # fixes undone once are not tried again
    for _ in range(MAX_ROUNDS):
        result, first = first or check(lines.text), None
        outcome.result = result
        wanted = [
            found for found in result.findings if choice.wants(found) and (found.rule, found.message) not in tried
        ]
        chosen = _apart([found for found in wanted if found.fix is not None and found.fix.edits])
        if not chosen:
            return
        assert result.template is not None  # a report stays a report: no fix removes a question or its marker
        expected, marker = result.template.answers_expected, result.template.marker
        reading = official.read(lines.text, expected, marker)
        changes = [(found, _marker_of(result, found)) for found in chosen]
        made = _applied(lines, chosen)
        if _counts_hold(reading, official.read(made.text, expected, marker), changes):
            lines.lines, lines.endings = made.lines, made.endings
            outcome.applied += chosen
            continue
        for found, its_marker in changes[::-1]:  # one by one, to find the fix that counts otherwise than it says
            made = _applied(lines, [found])
            after = official.read(made.text, expected, marker)
            if _counts_hold(reading, after, [(found, its_marker)]):
                lines.lines, lines.endings, reading = made.lines, made.endings, after
                outcome.applied.append(found)
            else:
                outcome.undone.append(found)
                tried.add((found.rule, found.message))
    outcome.result = check(lines.text)
    outcome.rounds_left = any(choice.wants(found) for found in outcome.result.findings)


def _applied(lines: _Lines, fixes: list[Finding]) -> _Lines:
    """A copy of ``lines`` with the edits of ``fixes`` (none of which touch another's lines) made from the bottom of
    the file up, so that each edit's line numbers still hold when it is made."""
    made = lines.copy()
    edits = [edit for found in fixes if found.fix is not None for edit in found.fix.edits]
    for edit in sorted(edits, key=lambda each: (each.first, each.last), reverse=True):
        made.apply(edit)
    return made


def _apart(findings: list[Finding]) -> list[Finding]:
    """The fixes of one round, in the order of their lines: each whose lines no fix taken before touches. Taken in
    that order, a fix touches one taken before only if it starts before the farthest line those reach."""
    chosen: list[Finding] = []
    reach = -1
    for found in sorted(findings, key=_span):
        low, high = _span(found)
        if low > reach:
            chosen.append(found)
            reach = high
    return chosen


def _span(found: Finding) -> tuple[int, int]:
    """Where a fix's edits lie, in half lines: line ``n`` is ``2n``, the gap before it ``2n - 1`` (an insertion),
    so that an insertion and a replacement of the lines beside it do not overlap, and two insertions at one gap do."""
    assert found.fix is not None
    places = [(2 * edit.first - 1,) * 2 if edit.last < edit.first else (2 * edit.first, 2 * edit.last)
              for edit in found.fix.edits]  # fmt: skip
    return min(low for low, _ in places), max(high for _, high in places)


def _marker_of(result: Result, found: Finding) -> int | None:
    question = result.question(found.question) if found.question is not None else None
    return question.marker_line if question is not None else None


def _counts_hold(
    before: official.OfficialReading, after: official.OfficialReading, fixes: list[tuple[Finding, int | None]]
) -> bool:
    """Whether the course's checker reads the same answers after the fixes, each with the words and images it had,
    but for the changes the fixes say for their questions' answers (the answer after the question's ``Answer:``
    line, ``marker``). The last answer kept a second time whole (a ``###`` after it) is not compared: the checker
    stops on it before counting."""
    if len(before.answers) != len(after.answers):
        return False
    index_of = {answer.marker_line: index for index, answer in reversed(list(enumerate(before.answers)))}
    said: dict[int, tuple[int, int]] = {}
    for found, marker in fixes:
        if found.fix is not None and marker in index_of:
            words, images = said.get(index_of[marker], (0, 0))
            said[index_of[marker]] = (words + found.fix.words, images + found.fix.images)
    for index, (old, new) in enumerate(zip(before.answers, after.answers, strict=True)):
        words, images = said.get(index, (0, 0))
        if not old.repeated and (new.words, new.images) != (old.words + words, old.images + images):
            return False
    return True
