"""Who handed a report in: the group number and the students' study numbers, read from the answers
to the template's first two questions ("Enter the group number you signed up on ...", "Enter the
study number for each member in the group").

Groups write them in many ways (the real hand-ins): ``47``, ``Group 60``, ``Group: MLOps 1``,
``MLOPS4 i.e., group number 4``, ``--- 36 ---`` (the placeholder's dashes kept), ``*s223643,
s246024*``, a study number without its ``s`` (``183546``), a DTU username (``jonnil``), names
beside the numbers. What is read surely is given; what is not is said in ``notes`` for the
teacher, never guessed: ``Error 404 group number not found`` is no group number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mkdocs_report_plugin.model.report import Result

__all__ = ["GroupIdentity", "identity_of", "shortened"]

_NUMBER_QUESTION, _STUDENTS_QUESTION = "group number", "study number"
"""What the template's questions 1 and 2 ask, as their titles say it; questions 1 and 2 when no title says it."""

_MARKUP = re.compile(r"<!--.*?-->|^\s*>+|[*_`~]|^-{2,}|-{2,}$", re.DOTALL | re.MULTILINE)
_GROUP_NUMBER = re.compile(r"\bgroup\s*(?:number|no\.?|nr\.?|#)?\s*[:.#]?\s*(\d{1,4})\b", re.IGNORECASE)
_NUMBERS = re.compile(r"(?<![\d.])\d{1,4}(?![\d.])")
_DOUBT = re.compile(r"\b(?:not|unknown|n/?a|none|tbd|tba)\b|\?", re.IGNORECASE)
_STUDY_NUMBER = re.compile(r"(?<![A-Za-z0-9])([sS]?)(\d{6})(?![0-9])")
_USERNAME = re.compile(r"[a-z]{3,8}")
_SEPARATORS = re.compile(r"[,;\n|/&]+|\s+and\s+|\s{2,}|\t", re.IGNORECASE)
_LONGEST_NOTE = 60


@dataclass(frozen=True)
class GroupIdentity:
    """A group as the course knows it: its number and its students' ids, as read from the report."""

    number: str = ""  # "36"; "" when the answer names no number surely
    students: tuple[str, ...] = ()  # "s194727", lower case; a DTU username as written ("jonnil")
    notes: tuple[str, ...] = ()  # what was not read surely, for the teacher to check

    @property
    def students_text(self) -> str:
        return "; ".join(self.students)


def identity_of(result: Result) -> GroupIdentity:
    """The group number and the study numbers the report's answers give (see the module's notes)."""
    if result.template is None:
        return GroupIdentity()
    number, number_note = _group_number(_answer(result, _NUMBER_QUESTION, 1))
    students, students_notes = _students(_answer(result, _STUDENTS_QUESTION, 2))
    return GroupIdentity(number, students, tuple(note for note in (number_note, *students_notes) if note))


def _answer(result: Result, asked: str, fallback: int) -> str:
    """The answer to the question whose title asks for ``asked``, cleaned of the template's dashes and markdown."""
    titles = result.template.question_titles if result.template is not None else {}
    number = next((number for number, title in sorted(titles.items()) if asked in title.lower()), fallback)
    question = result.question(number)
    if question is None or not question.answered:
        return ""
    return " ".join(_MARKUP.sub(" ", question.answer).split())


def _group_number(text: str) -> tuple[str, str]:
    """The group number in ``text``, and a note when there is none to read surely."""
    if not text:
        return "", "no group number: question 1 is not answered"
    named = _GROUP_NUMBER.search(text)
    numbers = set(map(int, _NUMBERS.findall(text)))
    if _DOUBT.search(text) or (named is None and len(numbers) != 1):
        return "", f"group number unclear: '{shortened(text)}'"
    return str(int(named[1]) if named else numbers.pop()), ""


def _students(text: str) -> tuple[tuple[str, ...], list[str]]:
    """The study numbers in ``text`` (and DTU usernames listed among them), each once, and notes on what is
    not one."""
    if not text:
        return (), ["no study numbers: question 2 is not answered"]
    found: list[str] = []
    usernames: set[str] = set()
    notes: list[str] = []
    unread: list[str] = []
    for item in (part.strip(" .:-()[]") for part in _SEPARATORS.split(text)):
        if ids := _STUDY_NUMBER.findall(item):
            found += [f"s{digits}" for _prefix, digits in ids]
            notes += [f"read {digits} as s{digits}" for prefix, digits in ids if not prefix]
        elif _USERNAME.fullmatch(item):
            found.append(item)  # "jonnil": a DTU username, when it stands among study numbers
            usernames.add(item)
        elif item:
            unread.append(item)
    if usernames and not set(found) - usernames:  # no study number at all: these are words, not usernames
        unread, found = unread + found, []
    if unread:
        notes.append(f"not study numbers: '{shortened(', '.join(unread))}'")
    return tuple(dict.fromkeys(found)), notes


def shortened(text: str, longest: int = _LONGEST_NOTE) -> str:
    """``text`` as it is, or cut to ``longest`` characters with ``...`` at the end."""
    return text if len(text) <= longest else text[: longest - 3].rstrip() + "..."
