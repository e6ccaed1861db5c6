"""Measure mkdocs-report against the course's checker and against its own goals.

Run on demand, not in the test suite:

    python benchmarks/run.py                 # everything, writes docs/benchmarks.md (under 10 minutes)
    python benchmarks/run.py --quick         # every part, few repetitions, to stdout: a smoke run
    python benchmarks/run.py --parts engine scaling --runs 5 --output -
    python benchmarks/run.py --parts scaling   # only that part, rewritten in place in docs/benchmarks.md

Every number is a median over repeated runs; competing commands are run interleaved,
so load on the machine hits both sides alike. Issue 25's five targets are ratios measured
in the same run and listed first on the page, with the floor beside them: what a native
parse, a minimal check script and Python itself cost next to the course's checker.

Whatever runs as a process runs from a wheel: each run builds one from this checkout (its
build compiles the shipped specs and renders the rules reference, as a release's does) and
installs it into its own environment, where the course sites' MkDocs packages live too. An
editable install would measure an import hook, and with PYTHONDONTWRITEBYTECODE a recompile
of every module, on each start: no user pays either. The stand-in for the course's checker
runs in an environment of its own (requirements-standin.txt); both are made on first use in
~/.cache/mkdocs-report-bench/. The in-process parts (engine, scaling) import this checkout.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEEDS = Path(os.environ.get("REPORT_SHARED_DIR", REPO.parent / "shared")) / "seeds"
BENCH_ENVS = Path.home() / ".cache" / "mkdocs-report-bench"
STANDIN_ENV = BENCH_ENVS / "standin"
INSTALLED_ENV = BENCH_ENVS / "installed"
INSTALLED_BESIDE = ["mkdocs-material>=9.5", "mkdocstrings[python]>=0.26", "pyromark>=0.9"]
"""Installed beside the wheel: what the course's MkDocs configs use, and the native parser the floor is measured with
(pulldown-cmark, a Rust CommonMark parser; the package's own reader, named so that the floor never goes missing)."""
sys.path.insert(0, str(HERE))

from course_site import CourseSite, lay_out  # noqa: E402
from handins import report, write_class  # noqa: E402

from mkdocs_report_plugin import check_report, check_text  # noqa: E402
from mkdocs_report_plugin.model.report import Result  # noqa: E402

PARTS = ("cli", "engine", "batch", "plugin", "scaling")
COURSE_SITE = "084"
"""The real hand-in whose MkDocs site the plugin part builds (../shared/handins/084: Material, a report of 49 KB
with 9 figures; the course's sites are this small, so the report page is most of the build)."""


@dataclass(frozen=True)
class Settings:
    """How much each part repeats; ``--quick`` is a smoke run of every code path, not a measurement."""

    runs: int = 15
    reports: int = 300
    scales: tuple[int, ...] = (1, 10, 100)
    shape_counts: tuple[int, int] = (1000, 4000)
    quick: bool = False


QUICK = Settings(runs=2, reports=20, scales=(1, 2), shape_counts=(20, 80), quick=True)


@dataclass(frozen=True)
class Target:
    """One of issue 25's targets, a ratio of two things measured in turns in this run."""

    name: str
    measured: float
    goal: float  # the ratio must stay at or below it
    note: str = ""

    def row(self) -> list[str]:
        digits = 3 if self.goal < 0.1 else 2
        state = "met" if self.measured <= self.goal else f"not met by {self.measured - self.goal:.{digits}f}x"
        return [self.name, f"{self.measured:.{digits}f}x", f"<= {self.goal:g}x", f"**{state}**", self.note]


TARGETS: list[Target] = []
"""Filled by the parts as they run; the page lists them first, in the order of issue 25."""


@dataclass(frozen=True)
class Floor:
    """What something far simpler than our check costs, next to the course's checker: how low a target can go."""

    name: str
    ratio: float | None  # None: not measured in this run (the note says why)
    note: str = ""

    def row(self) -> list[str]:
        return [self.name, f"{self.ratio:.3f}x" if self.ratio is not None else "not measured", self.note]


FLOOR: list[Floor] = []


@dataclass(frozen=True)
class Run:
    """One finished child process: wall seconds, CPU seconds (user + system) and peak resident memory in MiB."""

    seconds: float
    cpu: float
    peak_mib: float


def run_process(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` to the end; its CPU time and peak RSS come from wait4's rusage."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit status {child.returncode}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


_Input = TypeVar("_Input")


def anew(check: Callable[[_Input], Result]) -> Callable[[_Input], Result]:
    """``check`` with the parse of the texts checked before forgotten: ``parse`` keeps the last two texts'
    documents for the page and the hand-in, and a benchmark that checks one text again must parse it again."""
    from mkdocs_report_plugin.reading.parse import parse

    def checked_anew(data: _Input) -> Result:
        parse.cache_clear()
        return check(data)

    return checked_anew


def median_time(action: Callable[[], object], runs: int) -> float:
    action()  # warm caches and imports: we measure steady state
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def best_time(action: Callable[[], object], runs: int) -> float:
    """The least CPU time of ``runs`` runs: on a shared machine wall time is mostly other work, and the
    tables that use it compare differences of timings, which that noise swamps."""
    action()
    samples = []
    for _ in range(runs):
        start = time.process_time()
        action()
        samples.append(time.process_time() - start)
    return min(samples)


def interleaved_medians(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median seconds of each action, timed in turns so that load changes hit all alike."""
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for action in actions.values():
        action()
    for _ in range(runs):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.md"))
    if not found:
        raise SystemExit(f"seed {prefix} not found in {SEEDS} (set REPORT_SHARED_DIR to the shared/ folder)")
    return found[0]


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(met: bool) -> str:
    return "**met**" if met else "**not met**"


# --- 1. the command line against the course's checker ------------------------------------


def environment(folder: Path, *requirements: str) -> Path:
    """The python of a virtual environment at ``folder``, made and filled on first use."""
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements], check=True)
    return python


def standin_python() -> Path:
    """The stand-in's python, in an environment of its own."""
    return environment(STANDIN_ENV, "-r", str(HERE / "requirements-standin.txt"))


@functools.cache
def installed_python() -> Path:
    """The python of an environment holding this checkout as users get it: a wheel built now, installed over the last.

    The wheel is built by pip as a release is (build isolation, build_static.py making ``_built/``); a package
    without ``_built/`` would measure the YAML reading and the rendering its build spares every run, so it stops here.
    """
    python = environment(INSTALLED_ENV, *INSTALLED_BESIDE)
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([str(python), "-m", "pip", "wheel", "-q", "--no-deps", "--wheel-dir", folder, str(REPO)],
                       check=True, capture_output=True)  # fmt: skip
        (wheel,) = Path(folder).glob("*.whl")
        for again in ([], ["--no-deps", "--force-reinstall"]):  # its dependencies, then the wheel over the last one
            subprocess.run([str(python), "-m", "pip", "install", "-q", *again, str(wheel)], check=True,
                           capture_output=True)  # fmt: skip
    where = subprocess.run([str(python), "-c", "import mkdocs_report_plugin, sys; print(mkdocs_report_plugin.__file__)"],
                           check=True, capture_output=True, text=True, cwd=BENCH_ENVS).stdout.strip()  # fmt: skip
    built = Path(where).parent / "_built"
    if not (built / "specs.py").is_file() or not (built / "rules.py").is_file():
        raise SystemExit(f"the wheel installed at {Path(where).parent} has no _built/: build_static.py did not run")
    return python


def interleaved_processes(commands: dict[str, list[str]], cwd: Path, runs: int,
                          env: dict[str, str] | None = None) -> dict[str, list[Run]]:  # fmt: skip
    """Each command run ``runs`` times, in turns, after one warm-up run each (the file cache)."""
    for command in commands.values():
        run_process(command, cwd, env)
    done: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            done[name].append(run_process(command, cwd, env))
    return done


def cpu(runs: Sequence[Run]) -> float:
    return statistics.median(run.cpu for run in runs)


def wall(runs: Sequence[Run]) -> float:
    return statistics.median(run.seconds for run in runs)


NATIVE_PARSE = """
import statistics, sys, time
import pyromark
text = open(sys.argv[1], encoding="utf-8").read()
list(pyromark.events_with_range(text))
samples = []
for _ in range(int(sys.argv[2])):
    start = time.process_time()
    list(pyromark.events_with_range(text))
    samples.append(time.process_time() - start)
print(statistics.median(samples))
"""
"""The parse a check needs of a report, natively: every event of pulldown-cmark (pyromark) with its source range."""


def native_parse(python: Path, path: Path, runs: int) -> float | None:
    """CPU seconds of a native parse of ``path`` in the installed environment; None without pyromark there."""
    done = subprocess.run([str(python), "-c", NATIVE_PARSE, str(path), str(max(20, runs * 4))], capture_output=True,
                          text=True, check=False)  # fmt: skip
    return float(done.stdout) if done.returncode == 0 else None


def cli_part(settings: Settings) -> str:
    runs, python, standin, report = settings.runs, installed_python(), standin_python(), seed("003")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copy(report, work / "README.md")
        done = interleaved_processes({
            "ours": [str(python.with_name("mkdocs-report")), "check", "README.md"],
            "theirs": [str(standin), str(HERE / "standin_checker.py"), "check"],
            "minimal": [str(python), str(HERE / "minimal_check.py")],
            "python": [str(python), "-c", "pass"],
        }, work, runs)  # fmt: skip
        imports = import_profile(python.with_name("mkdocs-report"), work, runs)
    theirs = cpu(done["theirs"])
    parse = native_parse(python, report, runs)
    size = report.stat().st_size / 1000
    TARGETS.append(Target("1. `mkdocs-report check` / the course's `report.py check` (its stand-in)",
                          cpu(done["ours"]) / theirs, 0.40, f"wall time {wall(done['ours']) / wall(done['theirs']):.2f}x"))  # fmt: skip
    FLOOR.extend([
        Floor(f"a native parse of the {size:.0f} KB report (pyromark, in process)",
              parse / theirs if parse is not None else None,
              f"{parse * 1000:.1f} ms" if parse is not None else "pyromark is not installed in the environment"),
        Floor("a minimal check script (`benchmarks/minimal_check.py`)", cpu(done["minimal"]) / theirs,
              f"{cpu(done['minimal']) * 1000:.0f} ms"),
        Floor("Python itself (`python -c pass`)", cpu(done["python"]) / theirs, f"{cpu(done['python']) * 1000:.0f} ms"),
    ])  # fmt: skip
    labels = {"ours": "`mkdocs-report check README.md`", "theirs": "stand-in for `report.py check`",
              "minimal": "`python benchmarks/minimal_check.py`", "python": "`python -c pass`"}  # fmt: skip
    rows = [[label, f"{cpu(done[name]) * 1000:.0f} ms", f"{wall(done[name]) * 1000:.0f} ms",
             f"{cpu(done[name]) / theirs:.3f}x"] for name, label in labels.items()]  # fmt: skip
    return "\n\n".join([
        "## 1. `mkdocs-report check` vs the course's checker (seed 003)",
        f"Median of {runs} interleaved runs each, in a folder holding the seed ({size:.1f} KB) as README.md; ours "
        "installed as a wheel, the stand-in in its own environment. CPU time is the process's user + system time "
        "(wait4): on a machine others share, it is what their work disturbs least.",
        table(["command", "CPU time", "wall time", "CPU vs the stand-in"], rows),
        "The stand-in (`benchmarks/standin_checker.py`) imports typer, pydantic, loguru and markdown, "
        "as the course's script does, and reads README.md the documented way (split on `Answer:`, "
        "cut at `###`/`##`, count tokens and `![..](..)`); it agrees with the official verdict on "
        "seed 003 (24/31). The minimal script reads the same way with `re` alone: the least a check costs in Python.",
        imports,
    ])  # fmt: skip


IMPORT_ROOTS = ("mkdocs_report_plugin", "pyromark", "click", "yaml", "markdown", "json")
"""Packages whose import time is listed: ours module by module, the others whole (those not imported are said so)."""


def import_profile(command: Path, cwd: Path, runs: int) -> str:
    """What ``mkdocs-report check README.md`` imports and what each part costs (``PYTHONPROFILEIMPORTTIME``)."""
    totals: list[float] = []
    times: dict[str, tuple[list[int], list[int]]] = {}
    for _ in range(runs):
        done = subprocess.run([str(command), "check", "README.md"], cwd=cwd, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}, check=False)  # fmt: skip
        total = 0
        for line in done.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
            if match is None:
                continue
            if len(match[3]) == 1:  # a module imported at the top (one space, no nesting): count it once
                total += int(match[2])
            if match[4].startswith("mkdocs_report_plugin") or match[4] in IMPORT_ROOTS:
                own, cumulative = times.setdefault(match[4], ([], []))
                own.append(int(match[1]))
                cumulative.append(int(match[2]))
        totals.append(total / 1000)
    rows = sorted(([f"`{name}`", f"{statistics.median(own) / 1000:.1f} ms",
                    f"{statistics.median(cumulative) / 1000:.1f} ms"]
                   for name, (own, cumulative) in times.items()),
                  key=lambda row: -float(row[2].split()[0]))  # fmt: skip
    absent = [f"`{root}`" for root in IMPORT_ROOTS if root not in times]
    return "\n\n".join([
        "### What `check` imports",
        f"`PYTHONPROFILEIMPORTTIME=1 mkdocs-report check README.md` in the installed environment: median "
        f"{statistics.median(totals):.0f} ms of imports in all (as `-X importtime` counts them, slower than without it). "
        f"Not imported: {', '.join(absent) or 'none of ' + ', '.join(IMPORT_ROOTS)}. A module's own time excludes "
        "what it imports.",
        table(["module", "own", "with what it imports"], rows),
    ])  # fmt: skip


# --- 2. the engine in process ---------------------------------------------------------------


def engine_part(runs: int) -> str:
    from mkdocs_report_plugin.check.engine import decode
    from mkdocs_report_plugin.reading import markdown_events, official, parse

    rows, breakdown = [], []
    for path in sorted(SEEDS.glob("*.md")):
        seconds = median_time(lambda: anew(check_report)(path), runs)
        size = path.stat().st_size / 1000
        per_40_kb = seconds * 1000 / size * 40
        rows.append([path.name[:3], f"{size:.1f} KB", f"{seconds * 1000:.2f} ms", f"{per_40_kb:.2f} ms"])
        if path.name.startswith("003"):
            text, _ = decode(path.read_bytes())
            count = check_text(text).template.question_count  # type: ignore[union-attr]
            spent = interleaved_medians({
                "total": lambda: anew(check_text)(text),
                "events": lambda: tuple(markdown_events._PARSER.events_with_range(text)),
                "markup": lambda: markdown_events.read_markup(text),
                "document": lambda: parse.parse.__wrapped__(text),
                "reading": lambda: official.read(text, count),
            }, runs)  # fmt: skip
            total, events, markup = spent["total"], spent["events"], spent["markup"]
            document, reading = spent["document"], spent["reading"]
            breakdown = [
                ["pulldown-cmark's events with their ranges (pyromark, in Rust)", f"{events * 1000:.2f} ms",
                 f"{events / total:.0%}"],
                ["our walk over the events (rest of `read_markup`)", f"{(markup - events) * 1000:.2f} ms",
                 f"{(markup - events) / total:.0%}"],
                ["sections, answers, checklist (rest of `parse.parse`)", f"{(document - markup) * 1000:.2f} ms",
                 f"{(document - markup) / total:.0%}"],
                ["official reading (`official.read`)", f"{reading * 1000:.2f} ms", f"{reading / total:.0%}"],
                ["rules and the rest", f"{(total - document - reading) * 1000:.2f} ms",
                 f"{(total - document - reading) / total:.0%}"],
                ["whole `check_text`", f"{total * 1000:.2f} ms", "100%"],
            ]  # fmt: skip
    worst = max(float(row[3].split()[0]) for row in rows)
    return "\n\n".join([
        "## 2. The engine in process, per seed report",
        f"`check_report(path)` (file read included), median of {runs} runs after one warm-up.",
        table(["seed", "size", "time", "time per 40 KB"], rows),
        f"Goal: under 2 ms for a 40 KB report — {verdict(worst < 2)}.",
        "### Where the time goes (seed 003)",
        table(["step", "median", "share"], breakdown),
        hotspots(seed("003"), runs),
        alternative_parser(seed("003"), runs),
    ])  # fmt: skip


def hotspots(path: Path, runs: int) -> str:
    """The project's own functions that take the most time (cProfile, own time only)."""
    import cProfile
    import pstats

    data = path.read_bytes()
    profile = cProfile.Profile()
    profile.runcall(lambda: [anew(check_text)(data) for _ in range(runs)])
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    own = [(values[2] / runs, f"{Path(file).name}:{line} {name}") for (file, line, name), values in stats.items()
           if "mkdocs_report_plugin" in file]  # fmt: skip
    rows = [[f"`{where}`", f"{seconds * 1000:.2f} ms"] for seconds, where in sorted(own, reverse=True)[:6]]
    return "Our own functions with the most own time (cProfile, which slows everything down; per report):\n\n" + table(
        ["function", "own time"], rows
    )


def alternative_parser(path: Path, runs: int) -> str:
    """How fast the Rust port of markdown-it tokenises the same text, when it is installed."""
    try:
        import markdown_it_pyrs
    except ImportError:
        return ""
    text = path.read_text(encoding="utf-8")
    parser = markdown_it_pyrs.MarkdownIt("commonmark").enable_many(["table", "strikethrough"])
    seconds = median_time(lambda: parser.tree(text), runs)
    return (
        f"For comparison, markdown-it-pyrs (a Rust port, not a dependency) builds the same "
        f"CommonMark tree of seed 003 in {seconds * 1000:.2f} ms."
    )


# --- 3. a class of generated hand-ins ---------------------------------------------------------


def batch_part(runs: int, count: int) -> str:
    """``mkdocs-report check CLASS`` over generated hand-ins, as a teacher runs it, on one core and on every core, in
    turns with the stand-in checking one report: a report's share of the batch against one run of the course's."""
    cores = os.cpu_count() or 1
    python, standin = installed_python(), standin_python()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_class(root / "class", count)
        shutil.copy(seed("003"), root / "README.md")
        size = sum(path.stat().st_size for path in (root / "class").rglob("README.md")) / count / 1000
        commands = {f"{jobs}": [str(python.with_name("mkdocs-report")), "check", "class", "--format", "json", "-j",
                                str(jobs)] for jobs in sorted({1, cores})}  # fmt: skip
        done = interleaved_processes({**commands, "theirs": [str(standin), str(HERE / "standin_checker.py"), "check"]},
                                     root, runs)  # fmt: skip
    theirs = cpu(done.pop("theirs"))
    rows = [[f"{jobs} process{'es' if int(jobs) > 1 else ''}", f"{wall(runs_):.2f} s", f"{count / wall(runs_):.0f}/s",
             f"{cpu(runs_):.2f} s", f"{cpu(runs_) / count * 1000:.1f} ms", f"{cpu(runs_) / count / theirs:.3f}x"]
            for jobs, runs_ in done.items()]  # fmt: skip
    every = done[str(cores)]
    TARGETS.append(Target(f"5. a batch of {count} reports, CPU per report / one `report.py check` run",
                          cpu(every) / count / theirs, 0.010,
                          f"{count / wall(every):.0f} reports/s on {cores} CPUs; the stand-in {theirs * 1000:.0f} ms"))  # fmt: skip
    return "\n\n".join([
        f"## 3. Batch: {count} generated hand-ins",
        f"`mkdocs-report check class --format json -j N` over {count} generated hand-ins (mean {size:.1f} KB, "
        f"`benchmarks/handins.py`, figures on disk), in a class folder as a teacher's scrape; median of {runs} runs, "
        "in turns with the stand-in checking seed 003. CPU time is the command's and its workers' (user + system, "
        f"wait4); a report's share of it is set against the stand-in's one run ({theirs * 1000:.0f} ms).",
        table(["processes", "wall time", "reports/s", "CPU time", "CPU per report", "per report vs the stand-in"],
              rows),
    ])  # fmt: skip


# --- 4. the MkDocs plugin ---------------------------------------------------------------------


def plugin_part(settings: Settings) -> str:
    """Issue 25's three targets on a real course site: a build, and ``serve``'s rebuilds after an edit."""
    heading = f"## 4. A real course site (hand-in {COURSE_SITE}): the plugin vs the report as a plain page"
    if not (SEEDS.parent / "handins" / COURSE_SITE / "SOURCE").is_file():
        return f"{heading}\n\nNot measured: hand-in {COURSE_SITE} not found in {SEEDS.parent / 'handins'}."
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "REPORT_SHARED_DIR": str(SEEDS.parent)}
    with tempfile.TemporaryDirectory() as folder:
        with_plugin, plain = lay_out(COURSE_SITE, Path(folder))
        builds = _interleaved_builds(with_plugin, plain, env, max(1, settings.runs // 2), warm=not settings.quick)
        built = (with_plugin.config.parent / "site" / "report" / "index.html").is_file()
        rebuilds = _interleaved_rebuilds(
            with_plugin, plain, env, 1 if settings.quick else 3, max(1, settings.runs // 3)
        )
        spent = [] if settings.quick else plugin_profile(with_plugin, env)
    ratios = {kind: statistics.median(rebuilds[0][kind]) / statistics.median(rebuilds[1][kind]) for kind in rebuilds[0]}
    build_cpu, build_wall = cpu(builds[0]) / cpu(builds[1]), wall(builds[0]) / wall(builds[1])
    TARGETS.extend([
        Target("2. `mkdocs build` of a course site, the plugin / the report as a plain page", build_cpu, 1.10,
               f"wall time {build_wall:.2f}x" + ("" if built else "; the plugin published no report page")),
        Target("3. a `serve` rebuild after editing the report, the plugin / the plain page", ratios["report"], 1.15),
        Target("4. a `serve` rebuild after editing another page, the plugin / the plain page", ratios["other"], 1.05),
    ])  # fmt: skip
    rows = [
        ["`mkdocs build` (a new process)", *_cpu_and_wall(builds[0]), *_cpu_and_wall(builds[1]), f"{build_cpu:.2f}x"],
        *[[label, f"{statistics.median(rebuilds[0][kind]) * 1000:.0f} ms", "",
           f"{statistics.median(rebuilds[1][kind]) * 1000:.0f} ms", "", f"{ratios[kind]:.2f}x"]
          for kind, label in (("first", "`serve`: the first build"), ("other", "`serve`: rebuild, another page edited"),
                              ("report", "`serve`: rebuild, the report edited"))],
    ]  # fmt: skip
    return "\n\n".join(
        [
            heading,
            f"The hand-in's repository laid out by `tests/support/handins.py` (the course's `materialize.py`), its MkDocs config "
            "as the group wrote it plus the two lines of the plugin; beside it the same repository and config without "
            "the plugin, the report's folder copied into the docs as `report/index.md` and listed in the nav. "
            f"`mkdocs build`: median of {len(builds[0])} interleaved runs. `serve`: `benchmarks/course_site.py` does what "
            "`mkdocs serve` does, in one process per site: the config loaded, `on_startup`, a first build, then rebuilds "
            "(`build(config, dirty=False)` with a config loaded anew and the plugin instances MkDocs keeps), after "
            "appending a line to the home page and after appending one to the report; CPU time of each build, median "
            "over the processes, run in turns.",
            table(["", "plugin: CPU", "plugin: wall", "plain page: CPU", "plain page: wall", "ratio (CPU)"], rows),
            *(
                [
                    "Where the plugin's time goes, from one `mkdocs build` under cProfile (which slows everything down), "
                    "cumulative time of our functions:",
                    table(
                        ["function", "cumulative"],
                        [[f"`{name}`", f"{seconds * 1000:.0f} ms"] for name, seconds in spent],
                    ),
                ]
                if spent
                else []
            ),
        ]
    )


def _cpu_and_wall(runs: Sequence[Run]) -> list[str]:
    return [f"{cpu(runs) * 1000:.0f} ms", f"{wall(runs):.2f} s"]


def _build_command(site: CourseSite) -> list[str]:
    return [str(installed_python()), "-m", "mkdocs", "build", "-q", "--config-file", str(site.config), "-d", "site"]


def _interleaved_builds(
    with_plugin: CourseSite, plain: CourseSite, env: dict[str, str], runs: int, *, warm: bool
) -> tuple[list[Run], list[Run]]:
    ours: list[Run] = []
    theirs: list[Run] = []
    if warm:  # the file cache, for the first measured builds
        run_process(_build_command(with_plugin), with_plugin.config.parent, env)
        run_process(_build_command(plain), plain.config.parent, env)
    for _ in range(runs):
        ours.append(run_process(_build_command(with_plugin), with_plugin.config.parent, env))
        theirs.append(run_process(_build_command(plain), plain.config.parent, env))
    return ours, theirs


def _interleaved_rebuilds(with_plugin: CourseSite, plain: CourseSite, env: dict[str, str], processes: int,
                          rounds: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:  # fmt: skip
    """CPU seconds of each kind of serve build, for both sites, each in ``processes`` processes of ``rounds`` edits."""
    import json

    spent: tuple[dict[str, list[float]], dict[str, list[float]]] = ({}, {})
    for _ in range(processes):
        for site, into in ((with_plugin, spent[0]), (plain, spent[1])):
            command = [str(installed_python()), str(HERE / "course_site.py"), "serve", str(site.config),
                       str(site.other_page), str(site.report), str(rounds)]  # fmt: skip
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            for kind, seconds in json.loads(done.stdout.splitlines()[-1]).items():
                into.setdefault(kind, []).extend(seconds)
    return spent


def plugin_profile(site: CourseSite, env: dict[str, str]) -> list[tuple[str, float]]:
    """Cumulative time of our package's costliest functions in one build (our module imports included)."""
    import pstats

    output = site.config.parent / "build.prof"
    command = _build_command(site)
    subprocess.run([command[0], "-m", "cProfile", "-o", str(output), *command[1:]], cwd=site.config.parent, env=env,
                   check=True, capture_output=True)  # fmt: skip
    stats = pstats.Stats(str(output)).stats  # type: ignore[attr-defined]
    spent: dict[str, float] = {}
    for (file, _, name), values in stats.items():
        if "mkdocs_report_plugin" in file:
            where = f"{Path(file).parent.name}/{Path(file).name} {name}"
            spent[where] = max(spent.get(where, 0.0), values[3])
    top = sorted(spent.items(), key=lambda item: -item[1])
    return [(name, seconds) for name, seconds in top if not name.endswith(("<module>", "__init__.py <module>"))][:8] + [
        (name, seconds) for name, seconds in top if name.endswith("<module>")
    ][:3]


# --- 5. scaling -------------------------------------------------------------------------------


def scaling_part(settings: Settings) -> str:
    runs = settings.runs * 2
    rows, base = [], None
    for scale in settings.scales:
        text, _ = report(11, scale=scale)
        seconds = best_time(lambda: anew(check_text)(text), max(3, runs // scale))
        per_kb = seconds / (len(text) / 1000)
        base = base or per_kb
        rows.append([f"{scale}x", f"{len(text) / 1000:.0f} KB", f"{seconds * 1000:.1f} ms",
                     f"{per_kb * 1e6:.0f} µs", f"{per_kb / base:.2f}"])  # fmt: skip
    worst = max(float(row[4]) for row in rows)
    return "\n\n".join([
        "## 5. Scaling with the length of the answers",
        f"One generated report whose every answer is {', '.join(map(str, settings.scales))} times longer; "
        "`check_text`, CPU time of the "
        "process, least of several runs.",
        table(["answers", "size", "CPU time", "time per KB", "per KB vs 1x"], rows),
        f"Goal: linear, time per KB within 1.1x of the 1x report — {verdict(worst <= 1.1)}.",
        shapes_part(runs, settings.shape_counts),
    ])  # fmt: skip


SHAPES: dict[str, Callable[[int], str]] = {
    "lines of an image and a link": lambda n: "![a](figures/a.png) [b](b.md)\n" * n,
    "the same, each its own file": lambda n: "".join(f"![a{i}](figures/a{i}.png) [b{i}](b{i}.md)\n" for i in range(n)),
    "a run of `[`": lambda n: "[" * (10 * n),
    "`<` right before `![`, on lines": lambda n: "<![alt](figures/x.png) `<![>`\n" * n,
    "runs of `*` around text": lambda n: ("*" * 200 + "x" + "*" * 200 + "\n") * (n // 10),
    "lines opening 60 lists": lambda n: ("- " * 60 + "deep\n\n") * (n // 4),
    "a list nested 60 deep": lambda n: "\n".join("  " * (i % 60) + "- item" for i in range(n)),
}
"""Shapes that once stopped or stalled a build (issue 18), repeated n times in one answer."""


def _with_shape(shape: Callable[[int], str], n: int) -> str:
    return report(11)[0].replace("> Answer:", "> Answer:\n\n" + (shape(n) if n else "") + "\n", 1)


def _check_and_export(text: str) -> None:
    from mkdocs_report_plugin.output.standalone import standalone_html

    standalone_html(anew(check_text)(text), embed_images=False)


def _paused_collector(action: Callable[[], object]) -> Callable[[], object]:
    """``action`` with CPython's cyclic garbage collector off, to tell its share of a growth from ours."""

    def paused() -> object:
        gc.disable()
        try:
            return action()
        finally:
            gc.enable()

    return paused


def shapes_part(runs: int, counts: tuple[int, int]) -> str:
    """Check plus the defused render (``mkdocs-report html``) of each shape at n and 4n, minus the report around it.

    The report around the shape costs less per KB than the shapes do, so time per KB of the
    whole file grows with n even when both parts are linear: the table divides the shape's
    own time (the whole minus the report without it) by n. The same with the garbage
    collector paused shows how much of a growth is CPython's, which traverses every live
    object (markdown-it's tokens, BeautifulSoup's tree) at each full collection.
    """
    rows, worst, worst_paused = [], 0.0, 0.0
    repeat = max(5, runs // 6)
    for name, shape in SHAPES.items():
        texts = {n: _with_shape(shape, n) for n in (0, *counts)}
        seconds = {n: best_time(lambda t=text: _check_and_export(t), repeat) for n, text in texts.items()}
        paused = {n: best_time(_paused_collector(lambda t=text: _check_and_export(t)), repeat)
                  for n, text in texts.items()}  # fmt: skip
        per_unit = {n: (seconds[n] - seconds[0]) / n for n in counts}
        per_unit_paused = {n: (paused[n] - paused[0]) / n for n in counts}
        growth, growth_paused = (
            per_unit[counts[1]] / per_unit[counts[0]],
            per_unit_paused[counts[1]] / per_unit_paused[counts[0]],
        )
        worst, worst_paused = max(worst, growth), max(worst_paused, growth_paused)
        for n in counts:
            last = n == counts[1]
            rows.append([name if not last else "", f"{n}", f"{len(texts[n]) / 1000:.0f} KB",
                         f"{seconds[n] * 1000:.0f} ms", f"{per_unit[n] * 1e6:.0f} µs",
                         f"{growth:.2f}" if last else "", f"{per_unit_paused[n] * 1e6:.0f} µs",
                         f"{growth_paused:.2f}" if last else ""])  # fmt: skip
    return "\n\n".join([
        "### Shapes that once stopped or stalled a build",
        "Each shape in the first answer, n and 4n times; `check_text` then `standalone_html` (the defused render "
        "of `mkdocs-report html`). The shape's own time is the whole minus the same report without the shape "
        f"({seconds[0] * 1000:.0f} ms), divided by n; CPU time of the process, least of {repeat} runs (wall time "
        "on a shared machine is mostly other work).",
        table(["shape", "n", "size", "CPU time", "shape's time per unit", "4n vs n", "GC paused: per unit", "4n vs n"],
              rows),
        f"Goal: linear, the shape's time per unit at 4n within 1.3x of n — {verdict(worst <= 1.3)} "
        f"(worst {worst:.2f}x; with CPython's garbage collector paused, worst {worst_paused:.2f}x).",
    ])  # fmt: skip


# --- the page ----------------------------------------------------------------------------------


def machine() -> str:
    cpu_info = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    model = re.search(r"Model name:\s*(.+)", cpu_info)
    loads = ", ".join(f"{load:.1f}" for load in os.getloadavg())
    return (f"Machine: {model[1] if model else platform.processor()}, {os.cpu_count()} CPUs "
            f"(`lscpu`), {platform.system()} {platform.release()}, Python {platform.python_version()}. "
            f"Load average when the run started (`uptime`: 1, 5, 15 minutes): {loads}. The machine is shared: other "
            "work slows both sides of each ratio alike, but not always by the same share; a quiet machine gives "
            "the numbers that count.")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--runs", type=int, default=Settings.runs, help="repetitions per measurement (median)")
    parser.add_argument("--reports", type=int, default=Settings.reports, help="generated hand-ins for the batch part")
    parser.add_argument("--quick", action="store_true", help="every part with few repetitions, to stdout: a smoke run")
    parser.add_argument("--output", default=None, help="'-' for stdout [default: docs/benchmarks.md; - with --quick]")
    options = parser.parse_args()
    settings = QUICK if options.quick else Settings(runs=options.runs, reports=options.reports)
    output = options.output or ("-" if options.quick else str(REPO / "docs" / "benchmarks.md"))
    started = machine()
    sections = {
        "cli": lambda: cli_part(settings),
        "engine": lambda: engine_part(settings.runs * 4),
        "batch": lambda: batch_part(max(1 if settings.quick else 3, settings.runs // 5), settings.reports),
        "plugin": lambda: plugin_part(settings),
        "scaling": lambda: scaling_part(settings),
    }
    body = []
    for part in options.parts:
        print(f"running {part} ...", file=sys.stderr)
        load = os.getloadavg()[0]
        body.append(
            sections[part]() + f"\n\n_Load average when this part started: {load:.1f} on "
            f"{os.cpu_count()} CPUs; other work on the machine slows both sides of a comparison._"
        )
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:])
    if output != "-" and set(options.parts) != set(PARTS) and Path(output).is_file():
        _replace_parts(Path(output), dict(zip(options.parts, body, strict=True)), command.strip(), started)
        return
    page = "\n\n".join([
        "# Benchmarks",
        "How fast `mkdocs-report` is next to the course's own checker, and against its goals. "
        "Every number is a median over repeated runs; compared commands run interleaved.",
        started,
        f"Reproduce: `{command.strip()}` from a checkout with its development environment (`make`). The run "
        "builds a wheel of the checkout and installs it into its own environment, beside the stand-in checker's "
        "(both made on first use in `~/.cache/mkdocs-report-bench/`); the in-process parts (2, 5) import the "
        "checkout. `--quick` runs every part with few repetitions, as a smoke test does; its numbers mean nothing.",
        targets_section(),
        *body,
    ]) + "\n"  # fmt: skip
    if output == "-":
        sys.stdout.write(page)
    else:
        Path(output).write_text(page, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)


def targets_section() -> str:
    """Issue 25's targets, each measured in this run, with whether it is met and by how much not; the floor below."""
    targets = sorted(TARGETS, key=lambda target: target.name)
    return "\n\n".join([
        "## Targets (issue 25)",
        "Each a ratio of two things measured in turns in this run, so the machine's load hits both sides; CPU time "
        "(user + system) decides, as others' work on a shared machine disturbs it least, and wall time is given "
        "beside it where it differs.",
        table(["target", "measured", "goal", "", "note"], [target.row() for target in targets]) if targets
        else "No target was measured by the parts run.",
        "### The floor",
        "How low the first and last ratio can go: what far less than our check costs, next to the same run of the "
        "stand-in for `report.py check` (section 1).",
        table(["", "vs `report.py check`", "note"], [floor.row() for floor in FLOOR]) if FLOOR
        else "Not measured by the parts run (section 1 measures it).",
        "Where the time goes: for 1, section 1's table of what `check` imports and section 2's steps of the check; "
        "for 5, section 3 and section 2; for 2-4, section 4's profile of a build.",
    ])  # fmt: skip


def _replace_parts(page: Path, sections: dict[str, str], command: str, machine_line: str) -> None:
    """Put the parts just run in place of their sections ("## N. ...") of an existing page, the rest kept."""
    text = page.read_text(encoding="utf-8")
    for part, section in sections.items():
        number = PARTS.index(part) + 1
        found = re.search(rf"^## {number}\. .*?(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
        note = f"_This part was run on its own with `{command}`. {machine_line}_"
        if found is None:  # a page written without this part: it goes at the end
            text = text.rstrip("\n") + "\n\n" + section + "\n\n" + note + "\n"
            continue
        text = text[: found.start()] + section + "\n\n" + note + "\n\n" + text[found.end() :]
    for target in TARGETS:  # the targets these parts measured, in place of their rows in the page's table
        row = "| " + " | ".join(target.row()) + " |"
        label = target.name.split(" ", 1)[0]
        text, replaced = re.subn(rf"^\| {re.escape(label)} .*$", lambda _: row, text, count=1, flags=re.MULTILINE)
        if not replaced:
            print(f"{page} lists no target {label}: run every part to write the whole page", file=sys.stderr)
    for floor in FLOOR:  # and the floor's rows
        row = "| " + " | ".join(floor.row()) + " |"
        text = re.sub(
            rf"^\| {re.escape(floor.name.split(' (')[0])}\b.*$", lambda _: row, text, count=1, flags=re.MULTILINE
        )
    page.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    print(f"rewrote {', '.join(sections)} in {page}", file=sys.stderr)


if __name__ == "__main__":
    main()
