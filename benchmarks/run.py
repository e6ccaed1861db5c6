"""Measure mkdocs-report against the course's checker and against its own goals.

Run on demand, not in the test suite:

    python benchmarks/run.py                 # everything, writes docs/benchmarks.md
    python benchmarks/run.py --parts engine scaling --runs 5 --output -
    python benchmarks/run.py --parts scaling   # only that part, rewritten in place in docs/benchmarks.md

Every number is a median over repeated runs; competing commands are run interleaved,
so load on the machine hits both sides alike. The stand-in for the course's checker
runs in its own environment (created on first use from requirements-standin.txt).
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

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEEDS = Path(os.environ.get("REPORT_SHARED_DIR", REPO.parent / "shared")) / "seeds"
BENCH_ENVS = Path.home() / ".cache" / "mkdocs-report-bench"
STANDIN_ENV = BENCH_ENVS / "standin"
INSTALLED_ENV = BENCH_ENVS / "installed"
sys.path.insert(0, str(HERE))

from handins import PNG, report, write_class  # noqa: E402

from mkdocs_report_plugin import check_report, check_text  # noqa: E402
from mkdocs_report_plugin.frontends.cli.batch import check_all, collect  # noqa: E402

PARTS = ("cli", "engine", "batch", "plugin", "scaling")


@dataclass(frozen=True)
class Run:
    """One finished child process: wall seconds and peak resident memory in MiB."""

    seconds: float
    peak_mib: float


def run_process(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` to the end; its own peak RSS comes from wait4's rusage."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit status {child.returncode}")
    return Run(seconds, usage.ru_maxrss / 1024)


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
    return environment(STANDIN_ENV, "-r", str(HERE / "requirements-standin.txt"))


def installed_command() -> Path:
    """``mkdocs-report`` installed from this checkout as users get it (a wheel, not editable).

    An editable install puts an import hook in every start-up of its environment, which
    no user pays; the package is reinstalled on each run so the code measured is current.
    """
    python = environment(INSTALLED_ENV, str(REPO))
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(REPO)],
                   check=True, capture_output=True)  # fmt: skip
    return python.parent / "mkdocs-report"


def cli_part(runs: int) -> str:
    python = standin_python()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copy(seed("003"), work / "README.md")
        command = installed_command()
        ours_command = [str(command), "check", "README.md"]
        theirs_command = [str(python), str(HERE / "standin_checker.py"), "check"]
        ours, theirs = [], []
        for _ in range(runs):
            ours.append(run_process(ours_command, work))
            theirs.append(run_process(theirs_command, work))
    wall = statistics.median(r.seconds for r in ours), statistics.median(r.seconds for r in theirs)
    peak = statistics.median(r.peak_mib for r in ours), statistics.median(r.peak_mib for r in theirs)
    ratio = wall[0] / wall[1]
    imports = import_profile(command.with_name("python"), runs)
    return "\n\n".join([
        "## 1. `mkdocs-report check` vs the course's checker (seed 003)",
        f"Median of {runs} interleaved runs each, in a folder holding the seed as README.md; each "
        "tool in its own virtual environment, ours installed from this checkout as a wheel.",
        table(["", "mkdocs-report check", "stand-in for report.py check", "ratio"], [
            ["wall time", f"{wall[0] * 1000:.0f} ms", f"{wall[1] * 1000:.0f} ms", f"{ratio:.2f}x"],
            ["peak RSS", f"{peak[0]:.1f} MiB", f"{peak[1]:.1f} MiB", f"{peak[0] / peak[1]:.2f}x"],
        ]),
        f"Goal: wall time <= 0.5x — {verdict(ratio <= 0.5)}.",
        "The stand-in (`benchmarks/standin_checker.py`) imports typer, pydantic, loguru and markdown, "
        "as the course's script does, and reads README.md the documented way (split on `Answer:`, "
        "cut at `###`/`##`, count tokens and `![..](..)`); it agrees with the official verdict on "
        "seed 003 (24/31).",
        imports,
    ])  # fmt: skip


IMPORT_ROOTS = ("mkdocs_report_plugin", "markdown_it", "click")
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
    from mkdocs_report_plugin.reading import markdown_tokens, official, parse

    rows, breakdown = [], []
    for path in sorted(SEEDS.glob("*.md")):
        seconds = median_time(lambda: check_report(path), runs)
        size = path.stat().st_size / 1000
        per_40_kb = seconds * 1000 / size * 40
        rows.append([path.name[:3], f"{size:.1f} KB", f"{seconds * 1000:.2f} ms", f"{per_40_kb:.2f} ms"])
        if path.name.startswith("003"):
            text, _ = decode(path.read_bytes())
            count = check_text(text).template.question_count  # type: ignore[union-attr]
            spent = interleaved_medians({
                "total": lambda: check_text(text),
                "blocks": lambda: markdown_tokens._PARSER.parse(text),
                "tokens": lambda: markdown_tokens.read_tokens(text, {}),
                "document": lambda: parse.parse(text),
                "reading": lambda: official.read(text, count),
            }, runs)  # fmt: skip
            total, blocks, tokens = spent["total"], spent["blocks"], spent["tokens"]
            document, reading = spent["document"], spent["reading"]
            breakdown = [
                ["markdown-it-py, block structure (`_PARSER.parse`)", f"{blocks * 1000:.2f} ms",
                 f"{blocks / total:.0%}"],
                ["markdown-it-py, inline syntax where needed (rest of `read_tokens`)",
                 f"{(tokens - blocks) * 1000:.2f} ms", f"{(tokens - blocks) / total:.0%}"],
                ["our walk over the tokens (rest of `parse.parse`)", f"{(document - tokens) * 1000:.2f} ms",
                 f"{(document - tokens) / total:.0%}"],
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
    profile.runcall(lambda: [check_text(data) for _ in range(runs)])
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
        rows, rates = [], []
        for jobs in sorted({1, cores}):
            walls, cpus = [], []
            list(check_all(collect([root]), jobs=jobs))  # warm the file cache
            for _ in range(runs):
                wall, cpu = wall_and_cpu(lambda: list(check_all(collect([root]), jobs=jobs)))
                walls.append(wall)
                cpus.append(cpu)
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            rates.append(count / wall)
            rows.append([f"{jobs} process{'es' if jobs > 1 else ''}", f"{wall:.2f} s", f"{count / wall:.0f}/s",
                         f"{cpu:.2f} s", f"{count / cpu:.0f}/s"])  # fmt: skip
    speedup = f"{rates[-1] / rates[0]:.2f}x with {cores} processes" if cores > 1 else "n/a (one CPU)"
    return "\n\n".join([
        f"## 3. Batch: {count} generated hand-ins",
        f"`check_all(collect([folder]), jobs=N)` over {count} generated hand-ins (mean {size:.1f} KB, "
        f"`benchmarks/handins.py`, figures on disk), median of {runs} runs, collection included. "
        "CPU time is this process's and its workers' (user + system): reports per CPU-second shows "
        "what the pool itself costs, whatever else the machine is doing.",
        table(["processes", "wall time", "reports/s", "CPU time", "reports per CPU-second"], rows),
        f"Goal: >= 300 reports/s on one core — {verdict(rates[0] >= 300)}. Speed-up: {speedup}.",
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


SITE_YML = """site_name: Benchmark
theme:
  name: material
  font: false
markdown_extensions:
  - toc:
      permalink: true
  - tables
  - attr_list
"""


def plugin_part(runs: int) -> str:
    text, figures = report(7)
    with tempfile.TemporaryDirectory() as folder:
        with_plugin, plain = Path(folder) / "with-plugin", Path(folder) / "plain"
        for site, report_dir in ((with_plugin, with_plugin / "reports"), (plain, plain / "docs" / "report")):
            (site / "docs").mkdir(parents=True)
            (site / "docs" / "index.md").write_text("# Project\n\nSee the [report](report/index.md).\n")
            (report_dir / "figures").mkdir(parents=True)
            (report_dir / ("README.md" if site is with_plugin else "index.md")).write_text(text)
            for figure in figures:
                (report_dir / figure).write_bytes(PNG)
        (with_plugin / "docs" / "index.md").write_text("# Project\n")
        (with_plugin / "mkdocs.yml").write_text(SITE_YML + "plugins:\n  - report:\n      path: reports/README.md\n")
        (plain / "mkdocs.yml").write_text(SITE_YML)
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        ours, theirs = [], []
        run_process(command, with_plugin, env), run_process(command, plain, env)  # warm the file cache
        for _ in range(runs):
            ours.append(run_process(command, with_plugin, env).seconds)
            theirs.append(run_process(command, plain, env).seconds)
        built = (with_plugin / "site" / "report" / "index.html").exists()
        spent = plugin_profile(command, with_plugin, env)
    overhead = statistics.median(ours) / statistics.median(theirs) - 1
    return "\n\n".join([
        "## 4. `mkdocs build` with the plugin vs the same page as plain markdown",
        f"A Material site with one generated report ({len(text) / 1000:.0f} KB, {len(figures)} figures): "
        "published by the plugin from `reports/README.md`, or copied to `docs/report/index.md` with its "
        f"figures. Median of {runs} interleaved `mkdocs build` runs.",
        table(["site", "build time"], [["with the plugin", f"{statistics.median(ours):.2f} s"],
                                       ["plain page", f"{statistics.median(theirs):.2f} s"],
                                       ["overhead", f"{overhead:+.1%}"]]),
        f"Goal: overhead <= 10 % — {verdict(overhead <= 0.10 and built)}."
        + ("" if built else " (the plugin did not publish report/index.html: check the plugin)"),
        "Where the plugin's time goes, from one build under cProfile (which slows everything down):",
        table(["function", "cumulative"], [[f"`{name}`", f"{seconds * 1000:.0f} ms"] for name, seconds in spent]),
    ])  # fmt: skip


PROFILED = (("plugin.py", "<module>"), ("render.py", "<module>"), ("engine.py", "_check"),
            ("render.py", "decorate_page"), ("render.py", "_decorate"))  # fmt: skip


def plugin_profile(command: Sequence[str], site: Path, env: dict[str, str]) -> list[tuple[str, float]]:
    """Cumulative time of the plugin's import, its check and its page decoration in one build."""
    import pstats

    output = site / "build.prof"
    subprocess.run([command[0], "-m", "cProfile", "-o", str(output), *command[1:]], cwd=site, env=env,
                   check=True, capture_output=True)  # fmt: skip
    stats = pstats.Stats(str(output)).stats  # type: ignore[attr-defined]
    spent = []
    for (file, _, name), values in stats.items():
        if "mkdocs_report_plugin" in file and (Path(file).name, name) in PROFILED:
            spent.append((f"{Path(file).name} {name}", values[3]))
    return sorted(spent, key=lambda item: -item[1])


# --- 5. scaling -------------------------------------------------------------------------------


def scaling_part(runs: int) -> str:
    rows, base = [], None
    for scale in (1, 10, 100):
        text, _ = report(11, scale=scale)
        seconds = best_time(lambda: check_text(text), max(3, runs // scale))
        per_kb = seconds / (len(text) / 1000)
        base = base or per_kb
        rows.append([f"{scale}x", f"{len(text) / 1000:.0f} KB", f"{seconds * 1000:.1f} ms",
                     f"{per_kb * 1e6:.0f} µs", f"{per_kb / base:.2f}"])  # fmt: skip
    worst = max(float(row[4]) for row in rows)
    return "\n\n".join([
        "## 5. Scaling with the length of the answers",
        "One generated report whose every answer is 1, 10 and 100 times longer; `check_text`, CPU time of the "
        "process, least of several runs.",
        table(["answers", "size", "CPU time", "time per KB", "per KB vs 1x"], rows),
        f"Goal: linear, time per KB within 1.1x of the 1x report — {verdict(worst <= 1.1)}.",
        shapes_part(runs),
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

    standalone_html(check_text(text), embed_images=False)


def _paused_collector(action: Callable[[], object]) -> Callable[[], object]:
    """``action`` with CPython's cyclic garbage collector off, to tell its share of a growth from ours."""

    def paused() -> object:
        gc.disable()
        try:
            return action()
        finally:
            gc.enable()

    return paused


def shapes_part(runs: int) -> str:
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
        texts = {n: _with_shape(shape, n) for n in (0, 1000, 4000)}
        seconds = {n: best_time(lambda t=text: _check_and_export(t), repeat) for n, text in texts.items()}
        paused = {n: best_time(_paused_collector(lambda t=text: _check_and_export(t)), repeat)
                  for n, text in texts.items()}  # fmt: skip
        per_unit = {n: (seconds[n] - seconds[0]) / n for n in (1000, 4000)}
        per_unit_paused = {n: (paused[n] - paused[0]) / n for n in (1000, 4000)}
        growth, growth_paused = per_unit[4000] / per_unit[1000], per_unit_paused[4000] / per_unit_paused[1000]
        worst, worst_paused = max(worst, growth), max(worst_paused, growth_paused)
        for n in (1000, 4000):
            last = n == 4000
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
    parser.add_argument("--runs", type=int, default=15, help="repetitions per measurement (median)")
    parser.add_argument("--reports", type=int, default=1000, help="generated hand-ins for the batch part")
    parser.add_argument("--output", default=str(REPO / "docs" / "benchmarks.md"), help="'-' for stdout")
    options = parser.parse_args()
    started = machine()
    sections = {
        "cli": lambda: cli_part(options.runs),
        "engine": lambda: engine_part(options.runs * 4),
        "batch": lambda: batch_part(max(3, options.runs // 5), options.reports),
        "plugin": lambda: plugin_part(max(5, options.runs // 2)),
        "scaling": lambda: scaling_part(options.runs * 2),
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
    if options.output != "-" and set(options.parts) != set(PARTS) and Path(options.output).is_file():
        _replace_parts(Path(options.output), dict(zip(options.parts, body, strict=True)), command.strip(), started)
        return
    page = "\n\n".join([
        "# Benchmarks",
        "How fast `mkdocs-report` is next to the course's own checker, and against its goals. "
        "Every number is a median over repeated runs; compared commands run interleaved.",
        started,
        f"Reproduce: `pip install -e .` then `{command.strip()}` (the stand-in checker's environment is "
        "made on first use in `~/.cache/mkdocs-report-bench/`).",
        *body,
    ]) + "\n"  # fmt: skip
    if options.output == "-":
        sys.stdout.write(page)
    else:
        Path(options.output).write_text(page, encoding="utf-8")
        print(f"wrote {options.output}", file=sys.stderr)


def _replace_parts(page: Path, sections: dict[str, str], command: str, machine_line: str) -> None:
    """Put the parts just run in place of their sections ("## N. ...") of an existing page, the rest kept."""
    text = page.read_text(encoding="utf-8")
    for part, section in sections.items():
        number = PARTS.index(part) + 1
        found = re.search(rf"^## {number}\. .*?(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
        if found is None:
            raise SystemExit(f"{page} has no section '## {number}.': run every part to write the whole page")
        note = f"_This part was run on its own with `{command}`. {machine_line}_"
        text = text[: found.start()] + section + "\n\n" + note + "\n\n" + text[found.end() :]
    page.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    print(f"rewrote {', '.join(sections)} in {page}", file=sys.stderr)


if __name__ == "__main__":
    main()
