"""Rules on what the template leaves behind once the student has written over it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mkdocs_report_plugin.rules.context import QuestionContext
from mkdocs_report_plugin.rules.fixes import undashed_fix
from mkdocs_report_plugin.rules.registry import Found, question_rule

_BETWEEN_DASHES = re.compile(r"^\s*-{2,}[ \t]*(?P<inner>[^-\s](?:.*[^-\s])?)[ \t]*-{2,}\s*$")
"""A whole line of text between two runs of dashes: the placeholder's frame around an answer."""


@question_rule("placeholder-dashes", "warning", autofix="safe")
def placeholder_dashes(context: QuestionContext) -> Iterator[Found]:
    """The answer is written between the placeholder's dashes (`--- 36 ---`).

    Why: The template's `--- question 1 fill here ---` was replaced only in the middle: the dashes show on the
    page and in the hand-in, and each run counts as a word for the official checker.

    Example:
        --- 36 ---

    Fix: Delete the dashes and keep your answer (`36`).

    Autofix: The dashes are deleted and the answer kept (the course's checker no longer counts them as words); an
    answer that would then start a heading or a list is left to you.
    """
    answer = context.answer
    if answer is None or answer.first_line is None or not context.question.answered:
        return
    for line, text in context.document.prose_lines(answer.first_line, answer.last_line or answer.first_line):
        framed = _BETWEEN_DASHES.match(text)
        if framed is None or context.placeholder(text):  # the untouched placeholder is leftover-marker's
            continue
        inner = framed["inner"]
        keep = f"your text ('{inner}')" if len(inner) <= _QUOTED else "your text"
        yield Found(line,
                    f"'{_excerpt(text.strip())}' is still between the template's dashes. Delete the dashes at the "
                    f"start and end of the line and keep {keep}: they show on the page and in the hand-in.",
                    fix=undashed_fix(context, line, inner))  # fmt: skip


_QUOTED = 40
"""The longest answer a message quotes whole; a longer line is pointed at by its first words."""


def _excerpt(line: str) -> str:
    """The line itself when short, else its first words: the student finds it without a paragraph quoted back."""
    if len(line) <= _QUOTED:
        return line
    return line[:_QUOTED].rsplit(" ", 1)[0] + " ..."
