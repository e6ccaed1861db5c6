"""The screenshots of ``mkdocs-report grade`` in docs/cli.md ("After the deadline"), from a class the project writes.

Usage (from the repository root, with the project's environment)::

    .venv/bin/python scripts/grade_screenshot.py

Seven groups written by ``tests/support/reportgen.py`` (our own words, no student's): passing, failing some
questions, one on the 2023 template, one whose report is missing, two sharing an answer, one the
course's checker stops on (a ``###`` after the last answer) and one whose figure is a GitHub page.
Graded into a temporary folder; scores and comments typed into its gradebook.csv as a teacher would;
graded again; opened in Debian's chromium (as ``scripts/screenshots.py`` does) at 1440x900, and the
top of the index written to ``docs/images/grade-index.png``, a group's feedback page to
``docs/images/grade-feedback.png``.
"""

from __future__ import annotations

import csv
import io
import random
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.browser import CHROMIUM_ARGS, chromium_path  # noqa: E402
from support.reportgen import hand_in, make_report  # noqa: E402

from mkdocs_report_plugin.frontends.cli.main import main as cli  # noqa: E402
from mkdocs_report_plugin.reading.shipped import shipped_specs  # noqa: E402

INDEX, FEEDBACK = REPO / "docs" / "images" / "grade-index.png", REPO / "docs" / "images" / "grade-feedback.png"
VIEWPORT = {"width": 1440, "height": 900}
VOCABULARY = ("model data pipeline docker cloud train test deploy monitor logging config sweep metric "
              "container bucket api service drift profile unit coverage lint build image run").split()  # fmt: skip
TYPED = {
    "group-01": {"score": "9", "comment": "A complete, well argued report.", "q14_points": "2"},
    "group-02": {"score": "6,5", "comment": "Good pipeline; the answers on testing and deployment are thin.",
                 "q4_points": "0", "q4_comment": "Four words do not explain the dependency setup."},
    "group-04": {"q13_points": "1", "q14_points": "0", "q21_points": "0"},
}  # fmt: skip


def own_answers(seed: int, generation: str = "2026") -> dict[int, str]:
    """An answer of the middle length to every question with a word range, in words drawn by ``seed``,
    with the fewest images the question asks for; a group number and two study numbers."""
    chance = random.Random(seed)
    answers = {1: f"Group {seed}", 2: f"s{230000 + seed * 11}, s{240000 + seed * 7}"}
    for number, limits in shipped_specs()[generation].constraints.items():
        if limits.words is not None:
            count = (limits.words.minimum + limits.words.maximum) // 2 or 10
            images = [f"![figure](figures/q{number}_{index}.png)" for index in range(limits.images.minimum)] \
                if limits.images is not None else []  # fmt: skip
            answers[number] = "\n\n".join([" ".join(chance.choices(VOCABULARY, k=count)), *images])
    return answers


def write_class(scrape: Path) -> None:
    hand_in(scrape, "group-01", make_report(own_answers(1)))
    hand_in(scrape, "group-02", make_report({**own_answers(2), 4: "We used a small network.", 30: "TODO"}))
    shared = own_answers(3)
    hand_in(scrape, "group-03", make_report(shared))
    copied = {**own_answers(4), 13: shared[13].replace("model", "network", 3)}
    hand_in(scrape, "group-04", make_report({**copied, 14: "Some words only.", 21: "no figure yet"}))
    hand_in(scrape, "group-05", make_report(own_answers(5, "2023"), generation="2023"))
    (scrape / "group-06" / "reports").mkdir(parents=True)
    hand_in(scrape, "group-07", make_report(own_answers(7)) + "\n### Appendix\n\nOur extra notes.\n")
    blob = "https://github.com/group-08/mlops/blob/main/reports/figures/architecture.png"
    answers = own_answers(8)
    hand_in(
        scrape, "group-08", make_report({**answers, 29: answers[29].split("\n\n")[0] + f"\n\n![architecture]({blob})"})
    )


def type_in(gradebook: Path) -> None:
    """What a teacher types in the spreadsheet, saved back as CSV."""
    rows = list(csv.DictReader(io.StringIO(gradebook.read_text("utf-8-sig"), newline="")))
    for row in rows:
        row.update(TYPED.get(row["group"], {}))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    gradebook.write_text(out.getvalue(), encoding="utf-8")


def main() -> int:
    executable = chromium_path()
    if executable is None:
        print("chromium is not installed (apt-get install chromium, or set CHROMIUM)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="grade-") as folder:
        scrape, output = Path(folder) / "scrape", Path(folder) / "grading"
        write_class(scrape)
        CliRunner().invoke(cli, ["grade", str(scrape), "-o", str(output), "-j", "1"])
        type_in(output / "gradebook.csv")
        outcome = CliRunner().invoke(cli, ["grade", str(scrape), "-o", str(output), "-j", "1"])
        print(outcome.output.replace(folder, "."), end="")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1, color_scheme="light")
            page.goto((output / "index.html").as_uri(), wait_until="load")
            page.screenshot(path=str(INDEX), animations="disabled", caret="hide")
            page.set_viewport_size({"width": 900, "height": 900})
            page.goto((output / "feedback" / "group-02.html").as_uri(), wait_until="load")
            page.screenshot(path=str(FEEDBACK), animations="disabled", caret="hide")
            browser.close()
    for image in (INDEX, FEEDBACK):
        print(f"{image.relative_to(REPO)}: {image.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
