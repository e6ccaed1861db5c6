"""Every rule's place: the order the checks run in and the rules reference lists them.

A new rule's id goes here, on its own line, where it should run; the registry refuses a rule that has no
place (:func:`~.registry.question_rule`). Two things read the order:

- a question's badge names its first error, and a question's findings come in this order (the checks of
  one question, then those of the whole report), so ``unanswered``, ``words`` and ``images`` come first:
  ``fail: not answered`` says more than ``fail: image not found`` when both apply;
- a check may leave a cause to a rule that runs before it only through a fact of the context
  (:class:`~.context.QuestionContext`), never through that rule's findings, so any order gives the same
  findings; the order is the reader's.
"""

from __future__ import annotations

ORDER: tuple[str, ...] = (
    # made by the engine and the batch (engine_findings.py)
    "not-a-report",
    "unreadable",
    "no-report",
    "report-path",
    "two-reports",
    "timeout",
    "unusable-spec",
    "group-spec",
    "internal-error",
    # what an answer holds (answers.py): first, for the badge
    "unanswered",
    "words",
    "images",
    # the files an answer points to (files.py)
    "image-not-found",
    "image-url",
    "link-not-found",
    "handin-image",
    "image-format",
    # how an answer is written (writing.py)
    "image-in-code",
    "leftover-marker",
    "answer-in-quote",
    "heading-cuts-answer",
    "accidental-heading",
    # the course's checker and hand-in (checker.py)
    "checker-stops",
    "handin-render",
    "official-divergence",
    # the questions as a whole (structure.py)
    "missing-question",
    "duplicate-question",
    "unknown-question",
    "template-drift",
    # the file's text (text.py)
    "render-stop",
    "render-slow",
    "encoding",
    # the project checklist (checklists.py)
    "checklist-mark",
    "checklist-missing",
    "checklist-added",
    # what the template leaves behind (leftovers.py)
    "placeholder-dashes",
)
