"""The project checklist against the template spec's: marks no count reads, items missing, added or repeated."""

from __future__ import annotations

import pytest
from support.reportgen import line_of, make_report

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.model.report import Finding
from mkdocs_report_plugin.reading.shipped import shipped_specs

SPEC = shipped_specs()["2026"]


def checklist(
    marks: dict[str, str] | None = None, drop: tuple[str, ...] = (), extra: dict[str, str] | None = None
) -> str:
    """The 2026 spec's checklist as a student writes it: ``marks`` puts a mark before an item,
    ``drop`` leaves items out, ``extra`` adds a line after an item."""
    parts = []
    for section in SPEC.checklist:
        parts += [f"### {section.title}", ""]
        for item in section.items:
            if item in drop:
                continue
            parts.append(f"* {(marks or {}).get(item, '[ ]')} {item}")
            if item in (extra or {}):
                parts.append((extra or {})[item])
        parts.append("")
    return "\n".join(parts)


def findings(text: str, prefix: str = "checklist-") -> list[Finding]:
    return [found for found in check_text(text).findings if found.rule.startswith(prefix)]


FIRST = SPEC.checklist[0].items[0]
SECOND = SPEC.checklist[0].items[1]
LAST_OF_WEEK_3 = SPEC.checklist[2].items[-1]


def test_the_template_checklist_ticked_with_x_or_left_open_has_no_finding() -> None:
    text = make_report(checklist=checklist({FIRST: "[x]", SECOND: "[X]"}))
    assert findings(text) == []
    assert check_text(text).to_dict()["checklist"]["checked"] == 2


@pytest.mark.parametrize("mark", ["[v]", "[✓]", "[X ]", "[Y]", "✅", "❌", "[]"])
def test_a_mark_no_count_reads_is_one_finding_naming_the_lines_and_the_fix(mark: str) -> None:
    text = make_report(checklist=checklist({FIRST: mark, SECOND: mark}))
    [found] = findings(text)
    assert found.rule == "checklist-mark" and found.severity == "warning"
    first, second = line_of(text, FIRST), line_of(text, SECOND)
    assert found.line == first
    assert f"lines {first} and {second}: '{mark}' is not a box" in found.message
    assert "Write '[x]' before an item you did and '[ ]' before one you did not." in found.message


def test_an_emoji_bullet_that_is_no_item_of_the_template_is_a_note_not_a_box() -> None:
    text = make_report(checklist=checklist(extra={FIRST: "* ✅ all of week 1 went well"}))
    assert findings(text) == []


def test_items_deleted_are_named_with_where_to_put_them_back() -> None:
    text = make_report(checklist=checklist(drop=(LAST_OF_WEEK_3,)))
    [found] = findings(text)
    assert found.rule == "checklist-missing"
    before = SPEC.checklist[2].items[-2]
    assert found.line == line_of(text, before)
    assert f"Week 3 of the checklist lacks 1 item of the template (02476 (2026)): '{LAST_OF_WEEK_3}'" in found.message
    assert f"after line {found.line} as '* [ ] ...'" in found.message


def test_an_added_item_and_a_repeated_one_are_named_at_their_lines() -> None:
    text = make_report(
        checklist=checklist(extra={FIRST: "* [x] Wrote our own data loader (M99)", SECOND: f"* [x] {SECOND}"})
    )
    added, repeated = sorted(findings(text), key=lambda found: found.line)
    assert added.rule == repeated.rule == "checklist-added"
    assert added.line == line_of(text, "Wrote our own data loader")
    assert "Week 1 of the checklist has 1 item that the template (02476 (2026)) does not list" in added.message
    assert repeated.line == line_of(text, SECOND, occurrence=2)
    assert f"lists the checklist item of line {line_of(text, SECOND)} again" in repeated.message


def test_bold_notes_comments_and_an_older_wording_are_still_the_same_items() -> None:
    """What real hand-ins do: bold items, a note or a comment after an item, an older revision's wording."""
    third, fourth = SPEC.checklist[0].items[2], SPEC.checklist[0].items[3]
    text = make_report(checklist=checklist(drop=(FIRST, SECOND, third, fourth), extra={SPEC.checklist[0].items[4]: (
        f"* [x] **{FIRST}**\n* [x] {SECOND} <!-- Anna -->\n* [ ] {third} - not applicable\n"
        f"* [ ] {fourth.replace('appropriate', 'suitable')}"
    )}))  # fmt: skip
    assert findings(text) == []


def test_a_checklist_deleted_whole_or_from_another_template_is_not_a_list_of_missing_items() -> None:
    assert findings(make_report(checklist="")) == []
    assert findings(make_report()) == []  # reportgen's short checklist of our own words


def test_a_checklist_inside_a_code_block_is_not_read() -> None:
    text = make_report(checklist=checklist() + "\n```\n* [v] " + FIRST + "\n```\n")
    assert findings(text) == []


def test_the_counts_are_the_specs_items_a_deleted_one_included_a_repeated_one_once() -> None:
    """The dashboard's "Week 1: 2/20" counts the template's items: deleting an open item does
    not raise the share done, and an item ticked twice or one the template lacks is not counted."""
    week_1 = SPEC.checklist[0]
    text = make_report(
        checklist=checklist(
            {FIRST: "[x]", SECOND: "[x]"},
            drop=(week_1.items[-1],),
            extra={FIRST: f"* [x] {FIRST}\n* [x] Our own extra item that the course never asked for"},
        )
    )
    result = check_text(text)
    assert result.checklist_by_section()[week_1.title] == (2, len(week_1.items))
    counts = result.to_dict()["checklist"]
    assert (counts["checked"], counts["total"]) == (2, sum(len(section.items) for section in SPEC.checklist))


def test_a_checklist_that_is_not_the_templates_is_counted_as_written() -> None:
    own = "### Milestones\n\n* [x] Wrote the proposal\n* [ ] Trained the model\n"
    result = check_text(make_report(checklist=own))
    assert result.checklist_by_section() == {"Milestones": (1, 2)}


def _difflib_match(text: str, wanted: list[tuple[str, str, str]], unmatched: set[int]) -> int | None:
    """The matcher the checklist had before RapidFuzz (difflib's ratio), as the reference for the same matches."""
    import difflib

    for index in sorted(unmatched):
        known = wanted[index][2]
        if text == known or (min(len(text), len(known)) >= 15 and (text.startswith(known) or known.startswith(text))):
            unmatched.discard(index)
            return index
    best, best_ratio = None, 0.8
    for index in sorted(unmatched):
        matcher = difflib.SequenceMatcher(None, text, wanted[index][2])
        # the quick ratios are upper bounds of ratio(): a pair they rule out could not have been the best one
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = index, ratio
    if best is not None:
        unmatched.discard(best)
    return best


def _reports_of_every_revision() -> list[tuple[str, str]]:
    """Reports this project writes for each generation, and the course's templates, old revisions and seeds."""
    from support.course import SHARED

    reports = [(f"generated {generation}", make_report(generation=generation)) for generation in shipped_specs()]
    files = [*SHARED.glob("templates/*.md"), *SHARED.glob("templates/history/*.md"), *SHARED.glob("seeds/*.md")]
    return reports + [(path.name, path.read_text(encoding="utf-8")) for path in sorted(files)]


@pytest.mark.parametrize(("name", "text"), _reports_of_every_revision(), ids=lambda value: str(value)[:40])
def test_reworded_items_match_as_they_did_with_difflib_against_every_spec(
    name: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RapidFuzz measures rewordings now (in C++, shipped for grade already); on every revision of the template
    against every shipped spec, the items it pairs, and so the missing, added and ticked ones, are difflib's."""
    from mkdocs_report_plugin.reading import checklist as matching
    from mkdocs_report_plugin.reading.parse import parse

    document = parse(text)
    before = document.sections[0].line if document.sections else len(document.lines) + 1
    marked = matching.unread_marks(document.lines, before, document.code_lines)
    for spec in shipped_specs().values():
        ours = matching.compare(spec.checklist, document.checklist, marked)
        with monkeypatch.context() as patched:
            patched.setattr(matching, "_match", _difflib_match)
            assert ours == matching.compare(spec.checklist, document.checklist, marked), (name, spec.generation)
