"""The spec a template states itself: what ``mkdocs-report spec`` reads from a template's markdown.

Everything a teacher would otherwise copy by hand is read from the template: its title,
its ``##`` sections and the questions each holds, the placeholder under each question,
every question's short title and limits (from its prompt), and the project checklist. What
a template cannot say (the phrases that tell it from other revisions, the course checker's
header offset) is left at its default and named in :attr:`ReadTemplate.unread`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from mkdocs_report_plugin.model.report import ChecklistItem, ChecklistSection, SpecSection, Template
from mkdocs_report_plugin.reading.parse import Document, Heading, Section, answer_of, parse
from mkdocs_report_plugin.reading.shipped import shipped_specs
from mkdocs_report_plugin.reading.spec import DEFAULT_MARKER
from mkdocs_report_plugin.reading.template import constraints_from_prompt, numbered_run, read_from_prompts

_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class ReadTemplate:
    """A template read as a spec, and what could not be read from it (one sentence each)."""

    template: Template
    unread: list[str]


def read_template(text: str, name: str) -> ReadTemplate:
    """The spec that the template ``text`` states, named ``name``."""
    document = parse(text)
    unread = list(_unreadable_questions(document))
    count = numbered_run(section.number for section in document.sections)
    prompts = {section.number: section.prompt for section in document.sections if section.number <= count}
    strays = sorted({section.number for section in document.sections} - set(prompts))
    if strays:
        unread.append(f"'Question {strays[0]}'{' and others' if len(strays) > 1 else ''} far after the other "
                      f"questions (1-{count}) is not in the spec: fix its number if it belongs to the template.")  # fmt: skip
    title = _title(document)
    placeholder = _placeholder(document)
    if not title:
        unread.append("no '# ' title line above the questions; the spec has no title.")
    if not placeholder:
        unread.append("no placeholder line (like '--- question 1 fill here ---') under two questions or more; "
                      "the spec has none.")  # fmt: skip
    shipped = next((known for known in list(shipped_specs().values())[::-1] if title and known.title == title), None)
    unread.append("the phrases that tell this revision from others cannot be read from a template: 'identify' is "
                  "empty; add a phrase of its prompts if the spec is to be picked without configuration.")  # fmt: skip
    header_offset = shipped.header_offset if shipped else 0
    if shipped is None:
        unread.append("the course checker's header offset cannot be read from a template: 'checker.header_offset' "
                      "is 0; set it to the characters your course's hand-in conversion drops, if any.")  # fmt: skip
    template = read_from_prompts(prompts, count)
    return ReadTemplate(
        Template(
            template.generation, count, template.constraints, name=name, title=title, marker=DEFAULT_MARKER,
            placeholder=placeholder, sections=_sections(document, count),
            question_titles=_question_titles([section for section in document.sections if section.number <= count]),
            checklist=_checklist(document.checklist), expected_answers=count, header_offset=header_offset,
        ),
        unread,
    )  # fmt: skip


def _unreadable_questions(document: Document) -> Iterator[str]:
    for section in document.sections:
        if section.marker is None:
            yield f"Question {section.number} has no 'Answer:' marker."
        if "words" in section.prompt.lower() and constraints_from_prompt(section.prompt).words is None:
            yield (f"Question {section.number}'s prompt mentions words but no range like '100-200 words' could be "
                   "read; the spec gives it no word limit: add one by hand if needed.")  # fmt: skip


def _top_headings(document: Document, level: int) -> list[Heading]:
    return [heading for heading in document.headings if heading.atx and heading.level == level and not heading.nested]


def _title(document: Document) -> str:
    first_question = document.sections[0].line if document.sections else len(document.lines) + 1
    titles = [heading.text for heading in _top_headings(document, 1) if heading.line < first_question]
    return titles[0] if titles else ""


def _sections(document: Document, count: int) -> tuple[SpecSection, ...]:
    headings = _top_headings(document, 2)
    ends = [heading.line for heading in headings[1:]] + [len(document.lines) + 1]
    return tuple(
        SpecSection(heading.text, tuple(s.number for s in document.sections
                                        if heading.line < s.line < end and 1 <= s.number <= count))
        for heading, end in zip(headings, ends, strict=False)
    )  # fmt: skip


def _question_titles(sections: Sequence[Section]) -> dict[int, str]:
    """What each question asks, in short: the bold lines that open its prompt; none without them."""
    titles: dict[int, str] = {}
    for section in sections:
        lines = [line.strip().lstrip(">").strip() for line in section.prompt.split("\n")]
        lines = [line for line in lines if line]
        bold = []
        for line in lines:
            found = _BOLD.findall(line)
            if not found:
                break
            bold += found
        if bold:
            titles.setdefault(section.number, " ".join(" ".join(bold).split()))
    return titles


def _placeholder(document: Document) -> str:
    """The line the template puts under each question, its number written ``{number}``.

    A filled-in template keeps it under the questions not answered yet; a line is taken for
    the placeholder only when two questions or more hold it.
    """
    seen: Counter[str] = Counter()
    for section in document.sections:
        answer = answer_of(section, document)
        first = answer.text.strip().split("\n")[0].strip() if answer.text.strip() else ""
        number = re.compile(rf"(?<!\d){section.number}(?!\d)")
        if first and number.search(first):
            seen[number.sub("{number}", first, count=1)] += 1
    common = [(count, line) for line, count in seen.items() if count >= 2]
    return max(common)[1] if common else ""


def _checklist(items: Sequence[ChecklistItem]) -> tuple[ChecklistSection, ...]:
    parts: dict[str, list[str]] = {}
    for item in items:
        parts.setdefault(item.section, []).append(item.text)
    return tuple(ChecklistSection(title, tuple(texts)) for title, texts in parts.items())
