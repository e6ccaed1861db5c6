"""Reports written by the project for its tests: the template's shape, our own words.

``make_report()`` gives a report on which every question passes; tests then break one
thing and look for the finding that says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from mkdocs_report_plugin.reading.shipped import shipped_specs

TITLE = "# Exam template for 02476 Machine Learning Operations"
VOCABULARY = (
    "we trained the model with a small convolutional network and tracked every run so that the team "
    "could compare results across data versions before deploying the service to the cloud"
).split()


def words(count: int, start: int = 0) -> str:
    """``count`` plain words, cycling through a fixed vocabulary."""
    return " ".join(VOCABULARY[(start + index) % len(VOCABULARY)] for index in range(count))


def good_answer(number: int, generation: str = "2026") -> str:
    """An answer inside the question's ranges: the middle of the word range, enough images."""
    constraints = shipped_specs()[generation].constraints[number]
    parts = []
    if constraints.words is not None:
        parts.append(words(max(1, (constraints.words.minimum + constraints.words.maximum) // 2), number))
    else:
        parts.append(f"Group {number}" if number == 1 else "s123456, s234567")
    if constraints.images is not None:
        parts += [f"![figure {index}](figures/q{number}_{index}.png)" for index in range(constraints.images.minimum)]
    return "\n\n".join(parts)


def prompt(number: int, generation: str = "2026") -> str:
    """A question prompt in the template's form, stating the ranges the way the template does."""
    constraints = shipped_specs()[generation].constraints[number]
    lines = [f"> **Question {number} asks about one part of the project.**", ">"]
    length = "Answer length" if generation == "2023" else "Recommended answer length"
    if constraints.words is not None:
        screenshots = ""
        if constraints.images is not None and number == 14:
            screenshots = f" + {constraints.images.minimum} to {constraints.images.maximum} screenshots"
        elif constraints.images is not None:  # the architecture question: "Include a figure that describes ..."
            lines += ["> **Include a figure of the project's architecture.**", ">"]
        lines += [f"> {length}: {constraints.words} words{screenshots}.", ">"]
    elif constraints.images is not None:
        lines += [f"> **Insert {constraints.images} images of the cloud setup.**", ">"]
    lines.append("> Answer:")
    return "\n".join(lines)


def make_report(
    answers: Mapping[int, str] | None = None,
    *,
    generation: str = "2026",
    omit: tuple[int, ...] = (),
    checklist: str | None = None,
) -> str:
    """A whole report: title, checklist, then every question with ``answers`` put over good ones."""
    count = shipped_specs()[generation].question_count
    chosen = {number: good_answer(number, generation) for number in range(1, count + 1)}
    chosen.update(answers or {})
    sections = [
        TITLE,
        "",
        "## Overall project checklist",
        "",
        checklist if checklist is not None else DEFAULT_CHECKLIST,
        "",
        "## Group information",
    ]
    for number in range(1, count + 1):
        if number in omit:
            continue
        sections += ["", f"### Question {number}", "", prompt(number, generation), "", chosen[number]]
    return "\n".join(sections) + "\n"


DEFAULT_CHECKLIST = """### Week 1

* [x] Create a git repository (M5)
* [x] Create a dedicated environment for you project (M2)
* [ ] Keep the requirements files up to date
    with whatever dependencies you use (M2+M6)

### Week 2

* [x] Write unit tests related to the data part of your code (M16)
* [ ] Create a trigger workflow for automatically building your docker images (M21)

### Extra

* [ ] Publish the documentation to GitHub Pages (M32)"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line on which ``needle`` occurs for the ``occurrence``-th time."""
    seen = 0
    for number, line in enumerate(text.split("\n"), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def write_report(folder: Path, text: str) -> Path:
    """Write ``text`` as ``folder/README.md`` with a file for every ``figures/`` image it names."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "figures").mkdir(exist_ok=True)
    for name in re.findall(r"\(figures/([^)\s]+)\)", text):
        (folder / "figures" / name).write_bytes(PNG_SIGNATURE)
    report = folder / "README.md"
    report.write_text(text, encoding="utf-8")
    return report


def hand_in(root: Path, group: str, text: str | None = None) -> Path:
    """``root/group/reports/README.md`` with every figure it links to, plus a project README."""
    reports = root / group / "reports"
    (reports / "figures").mkdir(parents=True)
    text = make_report() if text is None else text
    (reports / "README.md").write_text(text, encoding="utf-8")
    for number in range(1, 32):
        for index in range(3):
            (reports / "figures" / f"q{number}_{index}.png").write_bytes(PNG_SIGNATURE)
    (root / group / "README.md").write_text("# The group's project\n", encoding="utf-8")
    return reports / "README.md"
