"""The screenshot of ``mkdocs-report grade``'s index page in docs/cli.md, from a class the project writes.

Usage (from the repository root, with the project's environment)::

    .venv/bin/python scripts/grade_screenshot.py

Six groups written by ``tests/reportgen.py`` (our own words, no student's): passing, failing some
questions, one on the 2023 template, one whose report is missing, and two sharing an answer. Graded
into a temporary folder, opened in Debian's chromium (as ``scripts/screenshots.py`` does) and the top
of the page written to ``docs/images/grade-index.png``.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from reportgen import make_report  # noqa: E402
from test_batch import hand_in  # noqa: E402
from test_browser import CHROMIUM_ARGS, chromium_path  # noqa: E402

from mkdocs_report_plugin.frontends.cli.main import main as cli  # noqa: E402
from mkdocs_report_plugin.reading.shipped import shipped_specs  # noqa: E402

TARGET = REPO / "docs" / "images" / "grade-index.png"
VIEWPORT = {"width": 1280, "height": 900}
VOCABULARY = ("model data pipeline docker cloud train test deploy monitor logging config sweep metric "
              "container bucket api service drift profile unit coverage lint build image run").split()  # fmt: skip


def own_answers(seed: int, generation: str = "2026") -> dict[int, str]:
    """An answer of the middle length to every question with a word range, in words drawn by ``seed``,
    with the fewest images the question asks for."""
    chance = random.Random(seed)
    answers = {}
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


def main() -> int:
    executable = chromium_path()
    if executable is None:
        print("chromium is not installed (apt-get install chromium, or set CHROMIUM)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="grade-") as folder:
        scrape, output = Path(folder) / "scrape", Path(folder) / "out"
        write_class(scrape)
        outcome = CliRunner().invoke(cli, ["grade", str(scrape), "-o", str(output), "-j", "1"])
        print(outcome.output, end="")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1, color_scheme="light")
            page.goto((output / "index.html").as_uri(), wait_until="load")
            page.screenshot(path=str(TARGET), animations="disabled", caret="hide")
            browser.close()
    print(f"{TARGET.relative_to(REPO)}: {TARGET.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
