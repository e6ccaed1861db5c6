"""Projects for the plugin's tests: a report of our own on the 2026 structure, a site around it.

``valid_report()`` passes every question; tests swap single answers to break one thing.
Each answer carries a word of its own (``tagN``) so a test can find it on the page.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from mkdocs_report_plugin.reading.shipped import shipped_specs
from support.images import png

MKDOCS = [sys.executable, "-m", "mkdocs"]
BUILD_TIMEOUT = 180
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}
"""The environment a commit in a test's repository needs on a machine without a git identity."""

_VOCABULARY = (
    "our group packaged the classifier as a container image and checked every pull request with tests "
    "before the training job ran on a cloud machine with versioned data and tracked metrics"
).split()


def answer_words(number: int, count: int) -> str:
    """``count`` words for question ``number``, starting with its own tag word."""
    body = [f"tag{number}"] + [_VOCABULARY[(number * 7 + index) % len(_VOCABULARY)] for index in range(count - 1)]
    return " ".join(body)


def images_for(number: int, count: int) -> list[str]:
    return [f"figures/q{number}_{index}.png" for index in range(count)]


def good_answer(number: int) -> str:
    """An answer in the middle of question ``number``'s ranges, with the images it needs."""
    constraints = shipped_specs()["2026"].constraints[number]
    words = constraints.words
    text = answer_words(number, (words.minimum + words.maximum) // 2 if words else 3)
    shown = [
        f"![figure {index} of question {number}]({path})"
        for index, path in enumerate(images_for(number, constraints.images.minimum if constraints.images else 0))
    ]
    return "\n\n".join([text, *shown])


def _prompt(number: int) -> str:
    constraints = shipped_specs()["2026"].constraints[number]
    lines = [f"> **Tell us about part {number} of the project.**", ">"]
    if number == 14:  # like the template, a prompt links to an example figure nobody has
        lines += ["> **Take inspiration from [this figure](figures/wandb.png).**", ">"]
    images = constraints.images
    if images is not None and constraints.words is None:
        lines += [f"> **Insert {images} images of the setup.**", ">"]
    elif images is not None and number != 14:  # the architecture question: "Include a figure that describes ..."
        lines += ["> **Include a figure of the architecture.**", ">"]
    if constraints.words is not None:  # the prompts state every limit, as the template's do
        screenshots = f" + {images.minimum} to {images.maximum} screenshots" if images and number == 14 else ""
        lines += [f"> Recommended answer length: {constraints.words} words{screenshots}.", ">"]
    lines.append("> Answer:")
    return "\n".join(lines)


def valid_report(answers: Mapping[int, str] | None = None, *, front_matter: bool = False) -> str:
    """The 31 questions of the 2026 structure, every one passing unless ``answers`` says otherwise."""
    chosen = {number: good_answer(number) for number in range(1, 32)}
    chosen.update(answers or {})
    parts = ["---", "title: Our report", "---", ""] if front_matter else []
    parts += ["# Exam report of group 7", "", "## Checklist", "", "### Week 1", "",
              "* [x] Create a git repository (M5)", "* [ ] Use profiling to optimize the code (M12)", "",
              "## Group information"]  # fmt: skip
    for number in range(1, 32):
        parts += ["", f"### Question {number}", _prompt(number), "", chosen[number]]
    return "\n".join(parts) + "\n"


def all_images(report: str) -> list[str]:
    return sorted({path for number in range(1, 32) for path in images_for(number, 3) if path in report})


def make_project(
    root: Path,
    report: str | bytes | None = None,
    *,
    plugin: str | None = "      path: reports/README.md\n",
    extra: str = "",
    theme: str = "material",
    images: list[str] | None = None,
) -> Path:
    """A project folder: mkdocs.yml, docs/ with two ordinary pages, reports/README.md, its figures."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "docs" / "guide").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "img").mkdir(exist_ok=True)
    (root / "docs" / "img" / "logo.png").write_bytes(png(shade=10))
    (root / "docs" / "index.md").write_text(
        "# Home\n\nSee [the guide](guide/setup.md) and ![logo](img/logo.png).\n\n!!! note\n    A note.\n"
    )
    (root / "docs" / "guide" / "setup.md").write_text(
        "# Setup\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('hi')\n```\n\n[home](../index.md#home)\n"
    )
    text = valid_report() if report is None else report
    reports = root / "reports"
    (reports / "figures").mkdir(parents=True, exist_ok=True)
    (reports / "README.md").write_bytes(text.encode() if isinstance(text, str) else text)
    decoded = text if isinstance(text, str) else text.decode("utf-8", "replace")
    for path in all_images(decoded) if images is None else images:
        (reports / path).write_bytes(png())
    plugins = f"plugins:\n  - search\n  - report:\n{plugin}" if plugin is not None else "plugins:\n  - search\n"
    markdown = "markdown_extensions:\n  - admonition\n  - tables\n  - pymdownx.superfences\n  - pymdownx.tasklist\n"
    (root / "mkdocs.yml").write_text(f"site_name: Test site\ntheme:\n  name: {theme}\n{markdown}{plugins}{extra}")
    return root


def mkdocs(project: Path, *args: str, timeout: int = BUILD_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs <args>`` in ``project``; output is captured as text."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [*MKDOCS, *args], cwd=project, capture_output=True, text=True, timeout=timeout, env=environment, check=False
    )


def installed_command(name: str) -> str:
    """A command the test extra installs (``properdocs``, ``zensical``, ``mkdocs-report``): beside the tests' python,
    else on the PATH; a visible skip where it is not installed."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def run_installed(name: str, *args: str, cwd: Path, timeout: int = BUILD_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """``name args`` (see :func:`installed_command`) in ``cwd``; output is captured as text."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([installed_command(name), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=environment, check=False)  # fmt: skip


def zensical_project(project: Path, report: str, config: str) -> Path:
    """A student's repository as Zensical builds it: ``report`` in reports/README.md, linked as the docs' report page,
    and ``config`` as zensical.toml; the caller puts the report's figures in place."""
    (project / ".git").mkdir(parents=True)
    (project / "docs" / "report").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n\nThe [report](report/index.md).\n")
    (project / "reports").mkdir(exist_ok=True)
    (project / "reports" / "README.md").write_text(report, encoding="utf-8")
    (project / "docs" / "report" / "index.md").symlink_to("../../reports/README.md")
    (project / "zensical.toml").write_text(config, encoding="utf-8")
    return project


def build_in_process(project: Path) -> list[str]:
    """``mkdocs build`` of ``project`` in this process; the lines it logged, as ``LEVEL: message``.

    A third of a separate process' time, for tests of what a build makes and says. Where the command line is the
    point (the exit status, the log as a student reads it, ``--strict``), a test runs :func:`mkdocs`. A build that
    stops raises here, as MkDocs raises it.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logged: list[str] = []
    collector = _Collector(logged)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(collector)
    logger.setLevel(logging.INFO)  # what the command line shows
    previous = Path.cwd()
    os.chdir(project)
    try:
        build(load_config(str(project / "mkdocs.yml")))
    finally:
        os.chdir(previous)
        logger.removeHandler(collector)
        logger.setLevel(level)
    return logged


class _Collector(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.INFO)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def article(html_file: Path) -> str:
    """The page's content area (Material's <article>, or the mkdocs theme's main column)."""
    soup = BeautifulSoup(html_file.read_text(), "html.parser")
    content = soup.find("article") or soup.find("div", attrs={"role": "main"})
    assert content is not None, f"no content area in {html_file}"
    return str(content)


def check_json(report: Path) -> dict:
    """``mkdocs-report check --format json`` on ``report``, as a separate process, read back."""
    run = subprocess.run([sys.executable, "-m", "mkdocs_report_plugin", "check", "--format", "json", str(report)],
                         capture_output=True, text=True, check=False)  # fmt: skip
    return json.loads(run.stdout)


def report_warnings(stderr: str) -> list[str]:
    """The plugin's warnings in a build's log."""
    return [line for line in stderr.splitlines() if line.startswith("WARNING -  report:")]


def score_on_page(page: BeautifulSoup) -> str:
    """The score the report page's dashboard shows ("29/31")."""
    return page.select_one(".report-score strong").get_text()


def framed_handin(page: Path) -> str:
    """The document the hand-in page's frame holds: its ``srcdoc``, read as HTML reads an attribute value."""
    frames = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("iframe")
    assert len(frames) == 1 and not frames[0].has_attr("src"), "the page frames no file"
    return str(frames[0]["srcdoc"])
