"""What the check's speed-ups must not change: the reading of a report, the process's garbage collector, and the
benchmark script that measures them (issue 17). No timing here: speed is measured by benchmarks/run.py."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from support.course import SHARED

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.reading.parse import parse

REPO = Path(__file__).resolve().parent.parent


def test_a_setext_heading_in_an_answer_stays_a_heading() -> None:
    document = parse("### Question 1\n\n> Answer:\n\nOur setup\n---------\n\nWe use uv.\n")
    assert [(heading.text, heading.line, heading.atx) for heading in document.headings] == [
        ("Question 1", 1, True),
        ("Our setup", 5, False),
    ]


@pytest.mark.parametrize("enabled", [True, False])
def test_a_check_leaves_the_garbage_collector_as_it_found_it(enabled: bool) -> None:
    """The check does not touch the collector (the command line's exit is the package's one policy)."""
    report = "# Exam template for 02476 Machine Learning Operations\n\n### Question 1\n\n> Answer:\n\nWe did it.\n"
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        check_text(report)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.slow
def test_importing_the_package_plays_no_trick_on_the_garbage_collector() -> None:
    """Nothing at import but definitions: the collector runs through the import as it would through any other."""
    script = (
        "import gc; seen = []; gc.callbacks.append(lambda phase, info: seen.append(phase)); "
        "import mkdocs_report_plugin.frontends.cli.main, mkdocs_report_plugin.frontends.mkdocs.plugin; "
        "print(gc.isenabled(), seen.count('start') > 0, gc.get_freeze_count())"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)

    assert done.stdout.split() == ["True", "True", "0"]


@pytest.mark.slow
def test_the_benchmark_script_runs_every_part_quickly() -> None:
    """`benchmarks/run.py --quick` runs every part with few repetitions: the page it writes names the five
    targets of issue 25, each met or not, and the floor beside them (its numbers mean nothing on a smoke run)."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"seed reports not found at {SHARED / 'seeds'}")
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick"], capture_output=True,
                          text=True, timeout=900, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    page = done.stdout
    for section in ("## Targets (issue 25)", "### The floor", "## 1. ", "## 2. ", "## 3. ", "## 4. ", "## 5. "):
        assert section in page
    targets = page.split("## Targets (issue 25)")[1].split("\n## ")[0]
    expected = ["1.", "5."] + (["2.", "3.", "4."] if (SHARED / "handins" / "084").is_dir() else [])
    for name in expected:
        row = next((line for line in targets.splitlines() if line.startswith(f"| {name}")), "")
        assert "**met**" in row or "**not met by" in row, f"target {name} missing: {targets}"
    for floor in ("a native parse", "a minimal check script", "Python itself"):
        row = next((line for line in targets.splitlines() if line.startswith(f"| {floor}")), "")
        assert row.count("x |") == 1, f"floor {floor!r} missing: {targets}"
