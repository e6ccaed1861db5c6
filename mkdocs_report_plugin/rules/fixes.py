"""How ``mkdocs-report fix`` fixes a finding: the edits, worked out where the rule finds it, and what they change.

A rule that declares a fix (``autofix="safe"``) gives its finding a :class:`Fix` made here: the lines to replace
and what goes there, from the report's text and what the rule knows (where a fence ends, the file an image's
path means). A fix changes nothing else: it never removes a word the student wrote (fence lines, the template's
placeholder and its dashes are not), and it says how it changes the counts of the course's checker
(:func:`fix_of`). A fix that would take a question out of its range (the fence lines were words it needed) is
unsafe, and says why: ``mkdocs-report fix`` applies it only with ``--unsafe-fixes``. ``check/fix.py`` applies the
fixes, and reads the counts again after each.

Each builder returns no fix where it cannot be sure (a path with spaces, a placeholder whose removal would start a
list): the finding then keeps its advice and no fix. The fixes of ``handin-render`` are in :mod:`.handin_fixes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from mkdocs_report_plugin.model.report import Edit, Fix, Image, Range
from mkdocs_report_plugin.reading.official import official_image_count
from mkdocs_report_plugin.reading.template import placeholder_pattern
from mkdocs_report_plugin.rules.context import QuestionContext
from mkdocs_report_plugin.rules.phrasing import plural

# --- a fix and what it changes in the counts --------------------------------------------------------------------


def fix_of(
    context: QuestionContext, description: str, edits: Sequence[Edit], *, shown: int = 0, caution: str = ""
) -> Fix | None:
    """``edits`` as the fix of a finding on ``context``'s question, with the change they make to the course's
    checker's counts of the question; unsafe when a count would leave the question's range, or when ``caution``
    says why whatever the counts (a table shown as code). ``shown`` is the number of images that show after the
    fix and did not before. None without edits, or for a question the course's checker reads no answer of (no
    ``Answer:`` it splits on): what the fix changes in its counts is not sure."""
    if not edits or context.official_answer is None:
        return None
    words, images = _official_change(context, edits)
    caution = caution or _caution(context, words, images, _our_words_change(context, edits), shown)
    return Fix(description, tuple(edits), safe=not caution, caution=caution, words=words, images=images)


def _roles(edit: Edit, lines: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """The lines an edit takes away (-1) and puts in (+1), each with the line of the report whose place it takes:
    a new line stands where the line it replaces stood (the last one for any more)."""
    for number in range(edit.first, edit.last + 1):
        yield -1, number, lines[number - 1]
    for index, text in enumerate(edit.lines):
        yield 1, min(edit.first + index, max(edit.last, edit.first)), text


def _official_change(context: QuestionContext, edits: Sequence[Edit]) -> tuple[int, int]:
    """How the course's checker's word and image counts of the question change: line by line, the part of each
    line its answer holds (after ``Answer:``, before the ``##`` that cuts it, before the next ``Answer:``)."""
    answer = context.official_answer
    if answer is None:
        return 0, 0
    marker, lines = context.template.marker, context.document.lines
    later = [line for line in context.official.marker_lines if line > answer.marker_line]
    end = answer.cut_line or (later[0] if later else len(lines))
    words = images = 0
    for edit in edits:
        for sign, number, text in _roles(edit, lines):
            if not answer.marker_line <= number <= end:
                continue
            if number == answer.marker_line:
                text = text.split(marker, 1)[1] if marker in text else ""
            if number == answer.cut_line:
                text = text.split("##", 1)[0]
            elif number == end and later and answer.cut_line is None:
                text = text.split(marker, 1)[0]
            words += sign * len(text.split())
            images += sign * official_image_count(text)
    return words, images


def _our_words_change(context: QuestionContext, edits: Sequence[Edit]) -> int:
    """How this check's word count of the question changes (the placeholder left out, as the engine counts)."""
    answer = context.answer
    if answer is None:
        return 0
    placeholder = placeholder_pattern(context.template.placeholder)
    marker = context.template.marker.lower()
    first, last = answer.region
    change = 0
    for edit in edits:
        for sign, number, text in _roles(edit, context.document.lines):
            if not first <= number <= last:
                continue
            if number == answer.marker_line:
                at = text.lower().find(marker)
                text = text[at + len(marker) :] if at >= 0 else ""
            if number == answer.cut_line:
                text = text.split("##", 1)[0]
            change += sign * len((placeholder.sub(" ", text) if placeholder else text).split())
    return change


def _caution(context: QuestionContext, words: int, images: int, our_words: int, shown: int) -> str:
    """Why a fix is unsafe: a count it takes out of the question's range, from inside it or across it (too few
    images made too many)."""
    question, limits = context.question, context.question.constraints
    theirs = None if context.official.aborts else context.official_counts
    counts: list[tuple[str, int, int, Range | None, str]] = [
        ("this check", question.words, our_words, limits.words, "word"),
        ("this check", question.rendered_images, shown, limits.images, "image"),
    ]
    if theirs is not None:
        counts += [
            ("the course's checker", theirs[0], words, limits.words, "word"),
            ("the course's checker", theirs[1], images, limits.images, "image"),
        ]
    for who, before, change, allowed, noun in counts:
        after = before + change
        if allowed is None or not change or after in allowed:
            continue
        if before in allowed or (before < allowed.minimum) != (after < allowed.minimum):
            return f"the question would then have {plural(after, noun)} by {who}'s count, outside {allowed}"
    return ""


# --- images and paths ----------------------------------------------------------------------------------------

_MAX_TICK_RUNS = 200
"""Backtick runs read on one line: a line of more is left alone (pairing them is no longer a glance)."""
_ONE_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")


def untick_fix(context: QuestionContext, images: Sequence[Image]) -> Fix | None:
    """The backticks removed around each of ``images`` written alone between backticks in a line of text."""
    lines = context.document.lines
    edits, shown = [], 0
    for line in sorted({image.line for image in images}):
        sources = [image.source for image in images if image.line == line]
        text, freed = _untick(lines[line - 1], sources)
        if freed:
            edits.append(Edit(line, line, (text,)))
            shown += freed
    return fix_of(context, "backticks around the image removed", edits, shown=shown)


def _untick(text: str, sources: Sequence[str]) -> tuple[str, int]:
    """``text`` with each code span that holds only an image of ``sources`` written as that image, and how many."""
    runs = [match.span() for match in re.finditer("`+", text)]
    if len(runs) > _MAX_TICK_RUNS:
        return text, 0
    pieces, position, freed, index = [], 0, 0, 0
    while index < len(runs):
        opening = runs[index]
        size = opening[1] - opening[0]
        closing = next(
            (later for later in range(index + 1, len(runs)) if runs[later][1] - runs[later][0] == size), None
        )
        if closing is None:
            index += 1
            continue
        inner = text[opening[1] : runs[closing][0]].strip()
        if _ONE_IMAGE.fullmatch(inner) and any(f"]({source}" in inner or f"](<{source}" in inner for source in sources):
            pieces += [text[position : opening[0]], inner]
            position, freed = runs[closing][1], freed + 1
        index = closing + 1
    return "".join(pieces) + text[position:], freed


def retarget_fix(context: QuestionContext, line: int, written: str, path: str) -> Fix | None:
    """The target ``written`` of an image or link on ``line`` written as ``path`` (the name of the file that is
    there); none for a path that needs quoting in a link (spaces, parentheses, ``%``)."""
    if any(character in path + written for character in " ()<>%"):
        return None
    text = context.document.lines[line - 1]
    pattern = re.compile(r"(\]\(\s*|\bsrc\s*=\s*[\"']?)" + re.escape(written) + r"(?=[\s)\"'>])")
    rewritten = pattern.sub(lambda match: match[1] + path, text)
    if rewritten == text:
        return None
    return fix_of(context, f"the path written '{path}', as the file is named", [Edit(line, line, (rewritten,))])


def shown_links_fix(context: QuestionContext, links: Sequence[tuple[int, str]]) -> Fix | None:
    """A ``!`` before each link ``(line, target)`` written ``[text](target)``: the image shows instead."""
    lines = context.document.lines
    edits, shown = [], 0
    for line in sorted({line for line, _ in links}):
        text = lines[line - 1]
        for target in (target for at, target in links if at == line):
            text, count = _link_pattern(target).subn(r"!\g<0>", text)
            shown += count
        if text != lines[line - 1]:
            edits.append(Edit(line, line, (text,)))
    return fix_of(context, "'!' added: the link shows the image", edits, shown=shown)


def _link_pattern(target: str) -> re.Pattern[str]:
    """A link to ``target`` written inline, whose text holds no brackets (no image already), not an image."""
    return re.compile(
        r"(?<![!\]\\])\[[^\[\]\n]*\]\(\s*<?" + re.escape(target) + r">?(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
    )


def shown_link_targets(context: QuestionContext, targets: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """The links of ``targets`` that :func:`shown_links_fix` can turn into images: written inline on their line."""
    lines = context.document.lines
    return [(line, target) for line, target in targets if _link_pattern(target).search(lines[line - 1])]


def blank_line_fix(context: QuestionContext, line: int, description: str) -> Fix | None:
    """A blank line put before ``line``."""
    return fix_of(context, description, [Edit(line, line - 1, ("",))])


# --- what the template leaves behind ------------------------------------------------------------------------

_BLOCK_START = re.compile(r"^(?:[#>|<~`=]|[*+](?:\s|$)|\d{1,9}[.)](?:\s|$))")
"""What would make a line of text something else at the start of a line: a heading, quote, list, fence..."""


def unplaceholdered_fix(context: QuestionContext, line: int, found: re.Match[str]) -> Fix | None:
    """The template's placeholder deleted from a line of the answer (the line too, when nothing else is on it)."""
    text = context.document.lines[line - 1]
    head, tail = text[: found.start()], text[found.end() :]
    if not head.strip():
        kept = head + tail.lstrip() if tail.strip() else ""
    else:
        kept = head.rstrip() + (" " + tail.lstrip() if tail.strip() else "")
    if kept.strip() and _BLOCK_START.match(kept.lstrip()) and not _BLOCK_START.match(text.lstrip()):
        return None  # the text after it would start a heading, a list...
    edit = Edit(line, line, (kept,) if kept.strip() else ())
    return fix_of(context, "the placeholder deleted", [edit])


def undashed_fix(context: QuestionContext, line: int, inner: str) -> Fix | None:
    """The dashes deleted around ``inner``, the answer written between them on ``line``."""
    if _BLOCK_START.match(inner):
        return None  # without the dashes it would start a heading, a list...
    text = context.document.lines[line - 1]
    indent, trailing = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return fix_of(context, "the dashes deleted", [Edit(line, line, (indent + inner + trailing,))])
