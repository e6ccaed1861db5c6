"""The long fuzz run: 100,000+ damaged reports through the engine and the CLI, on every core.

Usage (from the repository root)::

    python scripts/fuzz_long.py                 # 100,000 inputs
    python scripts/fuzz_long.py --count 5000    # a quicker run
    python scripts/fuzz_long.py --start 100000  # other inputs than the last run

Input number N is reproducible from N alone (tests/support/fuzzing.py: generated_input). Every
input is checked with ``check_text`` and must keep every guarantee of
``fuzzing.assert_sound``; every 50th is also made into the site's report page, which must
hold no markup that runs code, no id or name a theme looks up and no title read as HTML (its table of
contents too), and its site is planned beside the student's HTML, SVG and other files, of which only raster
images may be published; every 25th is also run through the CLI, which must exit
0, 1 or 2 without a traceback; every 20th also reads a damaged template spec (a student's
report-spec.yaml is input too: ``fuzzing.mutated_spec``), which must be a Template or one
SpecError line, and a Template it gives must check the input soundly. A failing input is stored
under test-artifacts/fuzz/ with the error. The last line says COMPLETE (every input answered) or INCOMPLETE (a worker died, the
run stalled or was interrupted). Exit status: 0 when every input passed, 1 when any failed,
2 when the run is incomplete.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from click.testing import CliRunner  # noqa: E402
from support.fuzzing import (  # noqa: E402
    Sample,
    assert_publishes_safely,
    assert_renders_safely,
    assert_sound,
    describe,
    full_corpus,
    generated_input,
    mutated_spec,
)

from mkdocs_report_plugin.frontends.cli.main import main as cli  # noqa: E402
from mkdocs_report_plugin.reading.shipped import SPECS_FOLDER, shipped_years  # noqa: E402
from mkdocs_report_plugin.reading.spec import SpecError, spec_from_text  # noqa: E402

ARTIFACTS = REPO / "test-artifacts" / "fuzz"
CLI_EVERY = 25
RENDER_EVERY = 50
SPEC_EVERY = 20
HANG_SECONDS = 60  # an input still running after this long is a hang, recorded as a failure
STALL_SECONDS = 1800  # no answer at all for this long: a worker died or hangs where SIGALRM cannot reach it

_corpus: list[Sample] = []


def _init() -> None:
    _corpus.extend(full_corpus())
    signal.signal(signal.SIGALRM, _hang)


def _hang(signum: int, frame: object) -> None:
    raise TimeoutError(f"no answer after {HANG_SECONDS} s: the input makes the checker hang")


def _cli_failure(data: str | bytes) -> str | None:
    """Why the CLI misbehaved on ``data`` (a report file), or None."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "README.md"
        report.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        outcome = CliRunner().invoke(cli, ["check", str(report)])
        if outcome.exit_code not in (0, 1, 2):
            return f"CLI exit status {outcome.exit_code}"
        if outcome.exception is not None and not isinstance(outcome.exception, SystemExit):
            return "CLI raised:\n" + "".join(traceback.format_exception(outcome.exception))
        if "Traceback" in outcome.output:
            return "CLI printed a traceback"
    return None


def _run_one(seed: int) -> tuple[int, str, str | None]:
    """(seed, kind of input, failure or None); the kind says what the input went through."""
    data = generated_input(_corpus, seed)
    kind = "bytes" if isinstance(data, bytes) else "text"
    signal.alarm(HANG_SECONDS)
    try:
        result = assert_sound(data)
        kind += "/report" if result.is_report else "/not-a-report"
        if seed % RENDER_EVERY == 0:
            assert_renders_safely(result)
            assert_publishes_safely(data, random.Random(seed))
            kind += "+page"
        if seed % SPEC_EVERY == 0:
            _assert_spec_sound(seed, data)
            kind += "+spec"
    except Exception:  # noqa: BLE001 - every failure is recorded, the run goes on
        return seed, kind, traceback.format_exc()
    finally:
        signal.alarm(0)
    if seed % CLI_EVERY == 0:
        kind += "+cli"
        failure = _cli_failure(data)
        if failure:
            return seed, kind, failure
    return seed, kind, None


def _assert_spec_sound(seed: int, data: str | bytes) -> None:
    """A damaged shipped spec is a Template or one SpecError line; a Template checks ``data`` soundly."""
    years = shipped_years()
    text = mutated_spec((SPECS_FOLDER / f"{years[seed % len(years)]}.yaml").read_text(encoding="utf-8"), seed)
    try:
        template = spec_from_text(text, "report-spec.yaml")
    except SpecError as error:
        if "\n" in str(error).strip() or not str(error).startswith("report-spec.yaml"):
            raise AssertionError(f"a SpecError that is not one line naming the file: {error}") from None
        return
    assert_sound(data, spec=template)


def _store(seed: int, failure: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data = generated_input(_corpus, seed)
    (ARTIFACTS / f"input-{seed}.md").write_bytes(
        data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    )
    (ARTIFACTS / f"input-{seed}.txt").write_text(f"{describe(data)}\n\n{failure}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    options = parser.parse_args()

    _init()
    shared = sum(1 for sample in _corpus if not sample.name.startswith("generated/"))
    print(f"corpus: {len(_corpus)} reports ({shared} from ../shared); {options.count} inputs "
          f"from seed {options.start} on {options.processes} processes", flush=True)  # fmt: skip
    started = time.monotonic()
    seeds = range(options.start, options.start + options.count)
    kinds: Counter[str] = Counter()
    failures: list[int] = []
    done: set[int] = set()
    stopped = None
    try:
        _collect(seeds, options.processes, kinds, failures, done, started)
    except (_Stalled, KeyboardInterrupt) as reason:
        stopped = str(reason) or "interrupted"
    elapsed = time.monotonic() - started
    _print_counts(kinds)
    print(f"failures: {len(failures)}{' (inputs in ' + str(ARTIFACTS) + ')' if failures else ''}")
    print(f"duration: {elapsed:.0f} s on {options.processes} processes ({platform.processor() or platform.machine()}, "
          f"{platform.python_implementation()} {platform.python_version()})")  # fmt: skip
    missing = len(seeds) - len(done)
    if stopped or missing:  # never a silently short run: the last line says so, and the exit status too
        print(f"INCOMPLETE: {len(done)} of {len(seeds)} inputs checked ({stopped or f'{missing} never answered'}), "
              f"{len(failures)} failures, {elapsed:.0f} s", flush=True)  # fmt: skip
        return 2
    print(f"COMPLETE: {len(done)} of {len(seeds)} inputs checked (seeds {seeds.start}-{seeds.stop - 1}), "
          f"{len(failures)} failures, {elapsed:.0f} s", flush=True)  # fmt: skip
    return 1 if failures else 0


class _Stalled(Exception):
    """No input answered for STALL_SECONDS: a worker died (its inputs are lost) or hangs in C code."""


def _collect(
    seeds: range, processes: int, kinds: Counter[str], failures: list[int], done: set[int], started: float
) -> None:
    with multiprocessing.Pool(processes, initializer=_init) as pool:
        signal.signal(signal.SIGTERM, _terminated)  # after the fork: the workers keep the default
        answers = pool.imap_unordered(_run_one, seeds)  # one by one: .next(timeout) needs it
        while len(done) < len(seeds):
            try:
                seed, kind, failure = answers.next(timeout=STALL_SECONDS)
            except multiprocessing.TimeoutError:
                raise _Stalled(f"no answer for {STALL_SECONDS} s after {len(done)} inputs") from None
            except StopIteration:
                return
            done.add(seed)
            kinds[kind] += 1
            if failure:
                failures.append(seed)
                _store(seed, failure)
                print(f"FAIL input {seed}: {failure.strip().splitlines()[-1]}", flush=True)
            if len(done) % 5_000 == 0:
                print(f"{len(done)} inputs, {len(failures)} failures, {time.monotonic() - started:.0f} s", flush=True)


def _terminated(signum: int, frame: object) -> None:
    raise _Stalled("stopped by SIGTERM")


def _print_counts(kinds: Counter[str]) -> None:
    shapes: Counter[str] = Counter()
    for kind, count in kinds.items():
        shapes[kind.split("+")[0]] += count
    print(f"inputs: {sum(kinds.values())} ({', '.join(f'{k}: {v}' for k, v in sorted(shapes.items()))})")
    print(
        f"page renders and site plans: {sum(v for k, v in kinds.items() if '+page' in k)} (every {RENDER_EVERY}th input)"
    )
    print(f"CLI runs: {sum(v for k, v in kinds.items() if '+cli' in k)} (every {CLI_EVERY}th input)")
    print(f"damaged specs: {sum(v for k, v in kinds.items() if '+spec' in k)} (every {SPEC_EVERY}th input)")


if __name__ == "__main__":
    sys.exit(main())
