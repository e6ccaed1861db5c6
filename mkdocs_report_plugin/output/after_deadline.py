"""A finding told after the deadline: what the teacher saw in the hand-in, not what to do before it.

Our messages are written for a student who can still fix the report: what is wrong, then the fix
("188 words; the range is 200-300. Add at least 12 words.", "... Move or rename it to
reports/README.md (git mv)."). Once the report is graded the fix is noise, and some of what helps
before the deadline is for the teacher only (how the course's checker counts a placeholder, how to
make a spec with ``mkdocs-report spec``). :func:`observation` keeps what was seen: the sentences and
clauses that describe, in the present tense ("the course's checker finds 30 answers"), without
the instructions. It reads any rule's message, so a new rule needs no entry here; a rule whose
findings only matter while writing (how GitHub shows a ``---`` line) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mkdocs_report_plugin.model.report import Finding

__all__ = ["NOT_TOLD_AFTER_THE_DEADLINE", "observation"]

NOT_TOLD_AFTER_THE_DEADLINE = frozenset(
    {"accidental-heading", "render-stop", "render-slow", "internal-error", "timeout", "unusable-spec"}
)
"""Rules whose findings a student need not read after grading: how GitHub or the site (not the hand-in)
shows something, or what went wrong in our checking (the teacher's business)."""

_INSTRUCTIONS = (
    "add|cut|delete|write|put|move|replace|keep|restore|fix|indent|export|save|copy|link|correct|remove|rename|use|"
    "check|make|give|split|close|raise|run|change|shorten|insert|leave|try|commit|convert|wrap|turn|place|mark|tick|"
    "fill|answer|name|escape|drop|merge|upload|push|unpack|avoid|set|edit|choose|see|note|please|if|whether|to fix|"
    "otherwise|either|start|end|retype|rewrite|reword|rephrase|type|spell|include|describe|explain|list|update|"
    "install|unzip|rerun|re-run|consider|remember|make sure|ask"
)
_INSTRUCTION_SENTENCE = re.compile(rf"^(?:{_INSTRUCTIONS})\b", re.IGNORECASE)
_INSTRUCTION_CLAUSE = re.compile(rf"(?:[;:,]| -) (?:then |and |or )?(?:{_INSTRUCTIONS})\b(?![-'])")
_TEACHER_ONLY = re.compile(
    r"mkdocs-report|git mv|report-spec\.yaml|--spec|--ignore|--severity|counts the placeholder|counts its \d+ words?",
    re.IGNORECASE,
)
_TEACHER_CLAUSE = re.compile(r",? and the course's checker counts its \d+ words?(?:, so it (?:passes|fails) the question"
                             r" at \d+ words)?")  # fmt: skip
_SENTENCES = re.compile(r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<=[.!?])\s+(?=[A-Z'\"(])")
_THIRD_PERSON = {"find": "finds", "count": "counts", "stop": "stops", "see": "sees", "show": "shows", "read": "reads",
                 "keep": "keeps", "fail": "fails", "pass": "passes"}  # fmt: skip
_VERBS = "|".join(_THIRD_PERSON)
_PRESENT_TENSE: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"\bwill not (\w+)"), r"does not \1"),
    (
        re.compile(rf"\bwill ({_VERBS})\b(.{{0,80}}?\band) ({_VERBS})\b"),
        lambda match: f"{_THIRD_PERSON[match[1]]}{match[2]} {_THIRD_PERSON[match[3]]}",
    ),
    (re.compile(rf"\bwill ({_VERBS})\b"), lambda match: _THIRD_PERSON[match[1]]),
    (re.compile(r"\bnot answered yet\b"), "not answered"),
    (re.compile(r"\bthe placeholder is still there\b"), "the template's placeholder was left in place"),
)


def observation(finding: Finding) -> str | None:
    """What ``finding`` says about the hand-in, for a student after grading: a sentence or more, capitalised
    and ending with a full stop, with no instruction, no command and no rule id; None when the finding is not
    told after the deadline (:data:`NOT_TOLD_AFTER_THE_DEADLINE`)."""
    if finding.rule in NOT_TOLD_AFTER_THE_DEADLINE:
        return None
    kept = [_described(sentence) for sentence in _SENTENCES.split(finding.message.strip())]
    text = " ".join(sentence for sentence in kept if sentence)
    if not text:  # the message is all instruction: say what kind of problem it was
        text = _described(finding.message.split(". ")[0]) or "Something here did not show as intended."
    return text


def _described(sentence: str) -> str:
    """A sentence with its instructions cut off, in the present tense; "" when nothing of it describes."""
    sentence = sentence.strip()
    if not sentence or _INSTRUCTION_SENTENCE.match(sentence):
        return ""
    sentence = _TEACHER_CLAUSE.sub("", sentence)
    if _TEACHER_ONLY.search(sentence):
        return ""
    if clause := _INSTRUCTION_CLAUSE.search(sentence):
        sentence = sentence[: clause.start()]
    for pattern, replacement in _PRESENT_TENSE:
        sentence = pattern.sub(replacement, sentence)
    sentence = sentence.rstrip(" ,;:.-")
    if not sentence:
        return ""
    first = sentence.split(" ", 1)[0]
    capital = sentence if "/" in first or "." in first else f"{sentence[:1].upper()}{sentence[1:]}"  # not a path
    return f"{capital}."
