"""A fast sample of the fuzzing: damaged reports, random text and bytes, through the engine and CLI.

The long run (scripts/fuzz_long.py, 100,000+ inputs) uses the same corpus, mutations and
properties (tests/support/fuzzing.py); this sample keeps the guarantees checked on every commit.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.course import REPO
from support.fuzzing import (
    ADVERSARIAL_CHARS,
    STR_MUTATIONS,
    Sample,
    assert_publishes_safely,
    assert_renders_safely,
    assert_sound,
    mutate,
    own_corpus,
    shared_corpus,
)

from mkdocs_report_plugin.frontends.cli.main import main as cli

OWN = own_corpus()
SHARED = shared_corpus()
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

mutation_names = st.lists(st.sampled_from(sorted(STR_MUTATIONS)), min_size=1, max_size=4)


def _damaged(corpus: list[Sample]) -> st.SearchStrategy[str | bytes]:
    return st.builds(
        lambda sample, names, seed: mutate(sample, random.Random(seed), names),
        st.sampled_from(corpus), mutation_names, st.integers(0, 2**32),
    )  # fmt: skip


@FAST
@given(_damaged(OWN))
def test_damaged_generated_reports_keep_every_guarantee(data: str | bytes) -> None:
    assert_sound(data)


@FAST
@given(st.data())
def test_damaged_course_reports_keep_every_guarantee(data: st.DataObject) -> None:
    if not SHARED:
        pytest.skip("course material (../shared/seeds, ../shared/templates) not found beside the checkout")
    assert_sound(data.draw(_damaged(SHARED)))


@FAST
@given(st.one_of(st.text(max_size=3000), st.binary(max_size=3000),
                 st.text(alphabet=ADVERSARIAL_CHARS + "\nAnswer:Question 0123456789", max_size=3000)))  # fmt: skip
def test_any_text_or_bytes_keep_every_guarantee(data: str | bytes) -> None:
    assert_sound(data)


@settings(max_examples=15, deadline=None)
@given(_damaged(OWN))
def test_damaged_reports_render_without_active_markup(data: str | bytes) -> None:
    assert_renders_safely(assert_sound(data))


@settings(max_examples=10, deadline=None)
@given(_damaged(OWN), st.integers(0, 2**32))
def test_damaged_reports_beside_html_and_svg_files_publish_only_raster_images(data: str | bytes, seed: int) -> None:
    assert_publishes_safely(data, random.Random(seed))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(_damaged(OWN), st.binary(max_size=2000)))
def test_the_cli_exits_0_1_or_2_without_a_traceback(tmp_path: Path, data: str | bytes) -> None:
    report = tmp_path / "README.md"
    report.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    for arguments in (["check", str(report)], ["check", "--format", "json", str(report)],
                      ["check", "--format", "github", str(report)]):  # fmt: skip
        outcome = CliRunner().invoke(cli, arguments)
        assert outcome.exit_code in (0, 1, 2), outcome.output
        assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.exception
        assert "Traceback" not in outcome.output


@pytest.mark.slow
def test_the_long_run_script_runs_and_reports_its_counts() -> None:
    """A tiny run of scripts/fuzz_long.py: it counts inputs and exits 0 when all pass."""
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "fuzz_long.py"), "--count", "60", "--start", "10", "--processes", "1"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "inputs: 60 (" in run.stdout and "failures: 0" in run.stdout
