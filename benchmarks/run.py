"""Measure mkdocs-report against the course's checker and against its own goals.

Run on demand, not in the test suite:

    python benchmarks/run.py                 # everything, writes docs/benchmarks.md (under 10 minutes)
    python benchmarks/run.py --quick         # every part, few repetitions, to stdout: a smoke run
    python benchmarks/run.py --parts engine scaling --runs 5 --output -
    python benchmarks/run.py --parts scaling   # only that part, rewritten in place in docs/benchmarks.md

Every number is a median over repeated runs; competing commands are run interleaved,
so load on the machine hits both sides alike. The stand-in for the course's checker
runs in its own environment (created on first use from requirements-standin.txt).
Issue 17's five targets are measured as ratios in the same run and listed first on the page.
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(HERE))

from course_site import CourseSite, lay_out  # noqa: E402
from handins import report, write_class  # noqa: E402

from mkdocs_report_plugin import check_report, check_text  # noqa: E402
from mkdocs_report_plugin.frontends.cli.batch import check_all, collect  # noqa: E402
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
    """One of issue 17's targets, as measured in this run."""

    name: str
    measured: float  # a ratio, or reports per second
    goal: float
    at_most: bool  # the measure must stay at or below the goal (a ratio), else reach it (a rate)
    unit: str  # "x" for a ratio, "/s" for a rate
    note: str = ""

    @property
    def met(self) -> bool:
        return self.measured <= self.goal if self.at_most else self.measured >= self.goal

    def row(self) -> list[str]:
        shown, goal = f"{self.measured:.2f}{self.unit}", f"{'<=' if self.at_most else '>='} {self.goal:g}{self.unit}"
        if self.unit == "/s":
            shown, goal = f"{self.measured:.0f}/s", f">= {self.goal:g}/s"
        gap = abs(self.measured - self.goal)
        state = "met" if self.met else f"not met by {gap:.0f}/s" if self.unit == "/s" else f"not met by {gap:.2f}x"
        return [self.name, shown, goal, f"**{state}**", self.note]


TARGETS: list[Target] = []
"""Filled by the parts as they run; the page lists them first."""


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


def standin_python(quick: bool) -> Path | None:
    """The stand-in's python; a quick run uses it only when it exists (making it installs packages)."""
    python = STANDIN_ENV / "bin" / "python"
    if quick and not python.exists():
        return None
    return environment(STANDIN_ENV, "-r", str(HERE / "requirements-standin.txt"))


def installed_command(quick: bool) -> Path:
    """``mkdocs-report`` installed from this checkout as users get it (a wheel, not editable).

    An editable install puts an import hook in every start-up of its environment, which
    no user pays; the package is reinstalled on each run so the code measured is current.
    A quick run uses the command of the environment it runs in.
    """
    if quick:
        return Path(sys.executable).with_name("mkdocs-report")
    python = environment(INSTALLED_ENV, str(REPO))
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(REPO)],
                   check=True, capture_output=True)  # fmt: skip
    return python.parent / "mkdocs-report"


def cli_part(settings: Settings) -> str:
    runs = settings.runs
    python = standin_python(settings.quick)
    command = installed_command(settings.quick)
    heading = "## 1. `mkdocs-report check` vs the course's checker (seed 003)"
    if python is None:
        return f"{heading}\n\nNot measured: the stand-in's environment ({STANDIN_ENV}) is made by a full run."
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copy(seed("003"), work / "README.md")
        ours_command = [str(command), "check", "README.md"]
        theirs_command = [str(python), str(HERE / "standin_checker.py"), "check"]
        ours, theirs = [], []
        run_process(ours_command, work), run_process(theirs_command, work)  # warm the file cache
        for _ in range(runs):
            ours.append(run_process(ours_command, work))
            theirs.append(run_process(theirs_command, work))
    wall = statistics.median(r.seconds for r in ours), statistics.median(r.seconds for r in theirs)
    cpu = statistics.median(r.cpu for r in ours), statistics.median(r.cpu for r in theirs)
    peak = statistics.median(r.peak_mib for r in ours), statistics.median(r.peak_mib for r in theirs)
    TARGETS.append(Target("(d) `mkdocs-report check` / the course's `report.py check` (its stand-in)",
                          cpu[0] / cpu[1], 0.45, True, "x", f"wall time {wall[0] / wall[1]:.2f}x"))  # fmt: skip
    imports = import_profile(command.with_name("python"), runs)
    return "\n\n".join([
        heading,
        f"Median of {runs} interleaved runs each, in a folder holding the seed as README.md; each "
        "tool in its own virtual environment, ours installed from this checkout as a wheel. CPU time is "
        "the process's user + system time (wait4): on a machine others share, it is what their work "
        "disturbs least.",
        table(["", "mkdocs-report check", "stand-in for report.py check", "ratio"], [
            ["CPU time", f"{cpu[0] * 1000:.0f} ms", f"{cpu[1] * 1000:.0f} ms", f"{cpu[0] / cpu[1]:.2f}x"],
            ["wall time", f"{wall[0] * 1000:.0f} ms", f"{wall[1] * 1000:.0f} ms", f"{wall[0] / wall[1]:.2f}x"],
            ["peak RSS", f"{peak[0]:.1f} MiB", f"{peak[1]:.1f} MiB", f"{peak[0] / peak[1]:.2f}x"],
        ]),
        f"Goal (issue 17): CPU time <= 0.45x — {verdict(cpu[0] / cpu[1] <= 0.45)}.",
        "The stand-in (`benchmarks/standin_checker.py`) imports typer, pydantic, loguru and markdown, "
        "as the course's script does, and reads README.md the documented way (split on `Answer:`, "
        "cut at `###`/`##`, count tokens and `![..](..)`); it agrees with the official verdict on "
        "seed 003 (24/31).",
        imports,
    ])  # fmt: skip


IMPORT_ROOTS = ("mkdocs_report_plugin", "pyromark", "click")
"""Packages whose import time is listed: ours module by module, the two we import whole."""


def import_profile(python: Path, runs: int) -> str:
    """What the ``check`` path imports and what each part costs, from ``python -X importtime``."""
    totals: list[float] = []
    times: dict[str, tuple[list[int], list[int]]] = {}
    for _ in range(runs):
        completed = subprocess.run([str(python), "-X", "importtime", "-c", "import mkdocs_report_plugin.frontends.cli.main"],
                                   capture_output=True, text=True, check=True)  # fmt: skip
        for line in completed.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)", line)
            if match and (match[3].startswith("mkdocs_report_plugin") or match[3] in IMPORT_ROOTS):
                own, cumulative = times.setdefault(match[3], ([], []))
                own.append(int(match[1]))
                cumulative.append(int(match[2]))
        totals.append(times["mkdocs_report_plugin.frontends.cli.main"][1][-1] / 1000)
    rows = sorted(([f"`{name}`", f"{statistics.median(own) / 1000:.1f} ms",
                    f"{statistics.median(cumulative) / 1000:.1f} ms"]
                   for name, (own, cumulative) in times.items()),
                  key=lambda row: -float(row[2].split()[0]))  # fmt: skip
    return ("### What `check` imports\n\n`python -X importtime -c \"import mkdocs_report_plugin.frontends.cli.main\"` in the "
            f"installed environment: median {statistics.median(totals):.0f} ms in all. Rendering (markdown, "
            "beautifulsoup4), the process pool and CSV are imported only by the commands that use them; "
            "a module's own time excludes what it imports.\n\n"
            + table(["module", "own", "with what it imports"], rows))  # fmt: skip


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
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_class(root, count)
        size = sum(path.stat().st_size for path in root.rglob("README.md")) / count / 1000
        rows, rates, cpus = [], [], []
        for jobs in sorted({1, cores}):
            walls, cpus = [], []
            list(check_all(collect([root]), jobs=jobs))  # warm the file cache
            for _ in range(runs):
                wall, cpu = wall_and_cpu(lambda: list(check_all(collect([root]), jobs=jobs)))
                walls.append(wall)
                cpus.append(cpu)
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            rates.append(count / wall)
            cpus.append(cpu)
            rows.append([f"{jobs} process{'es' if jobs > 1 else ''}", f"{wall:.2f} s", f"{count / wall:.0f}/s",
                         f"{cpu:.2f} s", f"{count / cpu:.0f}/s"])  # fmt: skip
    speedup = f"{rates[-1] / rates[0]:.2f}x with {cores} processes" if cores > 1 else "n/a (one CPU)"
    TARGETS.append(Target(f"(e) a batch check of {count} reports on this {cores}-CPU machine", rates[-1], 150, False,
                          "/s", f"{count / cpus[-1] * cores:.0f}/s if each CPU were ours alone"))  # fmt: skip
    return "\n\n".join([
        f"## 3. Batch: {count} generated hand-ins",
        f"`check_all(collect([folder]), jobs=N)` over {count} generated hand-ins (mean {size:.1f} KB, "
        f"`benchmarks/handins.py`, figures on disk), median of {runs} runs, collection included. "
        "CPU time is this process's and its workers' (user + system): reports per CPU-second shows "
        "what the pool itself costs, whatever else the machine is doing.",
        table(["processes", "wall time", "reports/s", "CPU time", "reports per CPU-second"], rows),
        f"Goal (issue 17): >= 150 reports/s with every core — {verdict(rates[-1] >= 150)}; the older goal, "
        f">= 300 reports/s on one core — {verdict(rates[0] >= 300)}. Speed-up: {speedup}.",
    ])  # fmt: skip


def wall_and_cpu(action: Callable[[], object]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (this process and the workers it waited for) of ``action``."""
    before, start = os.times(), time.perf_counter()
    action()
    after, wall = os.times(), time.perf_counter() - start
    cpu = sum(getattr(after, field) - getattr(before, field)
              for field in ("user", "system", "children_user", "children_system"))  # fmt: skip
    return wall, cpu


# --- 4. the MkDocs plugin ---------------------------------------------------------------------


def plugin_part(settings: Settings) -> str:
    """Issue 17's three targets on a real course site: a build, and ``serve``'s rebuilds after an edit."""
    heading = f"## 4. A real course site (hand-in {COURSE_SITE}): the plugin vs the report as a plain page"
    if not (SEEDS.parent / "handins" / COURSE_SITE / "SOURCE").is_file():
        return f"{heading}\n\nNot measured: hand-in {COURSE_SITE} not found in {SEEDS.parent / 'handins'}."
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "REPORT_SHARED_DIR": str(SEEDS.parent)}
    with tempfile.TemporaryDirectory() as folder:
        with_plugin, plain = lay_out(COURSE_SITE, Path(folder))
        builds = _interleaved_builds(with_plugin, plain, env, max(1, settings.runs // 2), warm=not settings.quick)
        built = (with_plugin.config.parent / "site" / "report" / "index.html").is_file()
        rebuilds = _interleaved_rebuilds(
            with_plugin, plain, env, 1 if settings.quick else 3, 1 if settings.quick else 3
        )
        spent = [] if settings.quick else plugin_profile(with_plugin, env)
    ratios = {kind: statistics.median(rebuilds[0][kind]) / statistics.median(rebuilds[1][kind]) for kind in rebuilds[0]}
    build_cpu = statistics.median(r.cpu for r in builds[0]) / statistics.median(r.cpu for r in builds[1])
    build_wall = statistics.median(r.seconds for r in builds[0]) / statistics.median(r.seconds for r in builds[1])
    TARGETS.extend([
        Target("(a) `mkdocs build` of a course site, the plugin / the report as a plain page", build_cpu, 1.10, True,
               "x", f"wall time {build_wall:.2f}x" + ("" if built else "; the plugin published no report page")),
        Target("(b) a `serve` rebuild after editing another page, the plugin / the plain page", ratios["other"], 1.05,
               True, "x"),
        Target("(c) a `serve` rebuild after editing the report, the plugin / the plain page", ratios["report"], 1.15,
               True, "x"),
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
            f"The hand-in's repository laid out by `tests/handins.py` (the course's `materialize.py`), its MkDocs config "
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
    return [
        f"{statistics.median(r.cpu for r in runs) * 1000:.0f} ms",
        f"{statistics.median(r.seconds for r in runs):.2f} s",
    ]


def _build_command(site: CourseSite) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "--config-file", str(site.config), "-d", "site"]


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
            command = [sys.executable, str(HERE / "course_site.py"), "serve", str(site.config), str(site.other_page),
                       str(site.report), str(rounds)]  # fmt: skip
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
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    model = re.search(r"Model name:\s*(.+)", cpu)
    load = os.getloadavg()[0]
    return (f"Machine: {model[1] if model else platform.processor()}, {os.cpu_count()} CPUs "
            f"(`lscpu`), {platform.system()} {platform.release()}, Python {platform.python_version()}. "
            "In-process parts import this checkout; the CLI part installs it as a wheel. Load average "
            f"when the run started: {load:.1f}.")  # fmt: skip


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
        f"Reproduce: `pip install -e .` then `{command.strip()}` (the stand-in checker's environment is "
        "made on first use in `~/.cache/mkdocs-report-bench/`). `--quick` runs every part with few repetitions, "
        "as a smoke test does; its numbers mean nothing.",
        targets_section(),
        *body,
    ]) + "\n"  # fmt: skip
    if output == "-":
        sys.stdout.write(page)
    else:
        Path(output).write_text(page, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)


def targets_section() -> str:
    """Issue 17's targets, each measured in this run, with whether it is met and by how much not."""
    return "\n\n".join([
        "## Targets (issue 17)",
        "Each a ratio of two things measured in turns in this run (or a rate), so the machine's load "
        "hits both sides; CPU time (user + system) decides, as others' work on a shared machine disturbs it least, "
        "and wall time is given beside it where it differs.",
        table(["target", "measured", "goal", "", "note"], [target.row() for target in TARGETS]) if TARGETS
        else "No target was measured by the parts run.",
        "Where the time goes: for (d), section 1's table of what `check` imports and section 2's steps of the check; "
        "for (e), section 3's CPU time per report; for (a)-(c), section 4's profile of a build.",
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
    page.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    print(f"rewrote {', '.join(sections)} in {page}", file=sys.stderr)


if __name__ == "__main__":
    main()
