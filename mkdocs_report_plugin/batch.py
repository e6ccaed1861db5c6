"""Checking many hand-ins at once: finding the reports, naming them, checking them on all cores.

A teacher points the CLI at hundreds of group folders after the deadline. Nothing in
one hand-in may stop the others: every path gives exactly one :class:`Result`, in the
order the paths were given, and a hand-in that cannot be read is a Result with a
finding that says why.
"""

from __future__ import annotations

import functools
import glob
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .engine import check_report, resolve_report_path
from .model import Finding, Result

REPORT_NAME = "README.md"
REPORTS_FOLDER = "reports"
GLOB_CHARACTERS = frozenset("*?[")

# Below this many reports a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 8
CHUNK_SIZE = 16


@dataclass(frozen=True)
class Checked:
    """One report of a batch and the short name a teacher knows it by (``group-12``)."""

    name: str
    result: Result


def collect(arguments: Iterable[str | Path]) -> list[Path]:
    """The report paths that ``arguments`` stand for, in the order given, each once.

    An argument is a report file, a hand-in (a folder holding ``reports/``), a
    folder holding README.md, a folder of hand-ins (every ``reports/README.md`` below it;
    a group folder beside them without one is kept, to be reported; with no
    ``reports/README.md`` anywhere, every README.md below it) or a glob
    pattern, which is expanded here too so a quoted pattern works on every shell.
    A pattern or folder that matches nothing is kept as given, so it is reported as
    unreadable instead of silently vanishing from the batch.
    """
    found: dict[Path, Path] = {}
    for argument in arguments:
        for path in _expand(str(argument)):
            found.setdefault(Path(os.path.abspath(resolve_report_path(path))), path)
    return list(found.values())


def _expand(argument: str) -> list[Path]:
    path = Path(argument)
    if not path.exists() and GLOB_CHARACTERS & set(argument):
        matches = sorted(glob.glob(argument, recursive=True))
        return [report for match in matches for report in _expand_existing(Path(match))] or [path]
    return _expand_existing(path)


def _expand_existing(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    if (path / REPORTS_FOLDER).is_dir():  # a hand-in's root: its README.md is the project's
        return [path / REPORTS_FOLDER / REPORT_NAME]
    if (path / REPORT_NAME).is_file():
        return [path]
    readmes = sorted(path.rglob(REPORT_NAME))
    in_reports = [readme for readme in readmes if readme.parent.name == REPORTS_FOLDER]
    if in_reports and all(readme.parents[2] == path for readme in in_reports):
        return _class_folder(path)
    return in_reports or readmes or [path]


def _class_folder(path: Path) -> list[Path]:
    """Where each group's report is or should be, so a group that lost it is an error row."""
    groups = sorted(child for child in path.iterdir() if child.is_dir() and not child.name.startswith("."))
    return [group / REPORTS_FOLDER / REPORT_NAME for group in groups]


def report_name(path: Path) -> str:
    """``group-12`` for ``hand-ins/group-12/reports/README.md``: the folder above ``reports/``,
    else the folder holding the report."""
    absolute = Path(os.path.abspath(path))
    report = absolute / REPORT_NAME if path.is_dir() else absolute
    folder = report.parent
    if folder.name == REPORTS_FOLDER and folder.parent.name:
        return folder.parent.name
    return folder.name or str(path)


def names(paths: Sequence[Path]) -> list[str]:
    """A name per path; names two paths share fall back to the paths, so rows stay distinct."""
    short = [report_name(path) for path in paths]
    uses = Counter(short)
    return [name if uses[name] == 1 else str(path) for name, path in zip(short, paths)]


def check_all(
    paths: Sequence[Path],
    *,
    jobs: int | None = None,
    advance: Callable[[int], None] | None = None,
    project_dir: Path | None = None,
) -> Iterator[Checked]:
    """Check ``paths`` and yield one :class:`Checked` per path, in order.

    Many reports are spread over ``jobs`` processes (default: every core); a few are
    checked in this process, where there is no pool to start. ``advance(1)`` is called
    after each report, for a progress bar. Links are looked up in ``project_dir`` when
    given, else in the git work tree holding each report.
    """
    check = functools.partial(check_one, project_dir=project_dir)
    workers = min(jobs or os.cpu_count() or 1, len(paths))
    if workers > 1 and len(paths) >= PARALLEL_THRESHOLD:
        yield from _named(paths, _in_pool(paths, workers, check), advance)
    else:
        yield from _named(paths, map(check, paths), advance)


def _in_pool(paths: Sequence[Path], workers: int, check: Callable[[Path], Result]) -> Iterator[Result]:
    """Results from a process pool, in order; if a worker dies (killed for memory, say),
    the reports not yet returned are checked in this process instead."""
    from concurrent.futures import ProcessPoolExecutor  # imported here: it costs start-up time
    from concurrent.futures.process import BrokenProcessPool

    returned = 0
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for result in pool.map(check, paths, chunksize=_chunk_size(len(paths), workers)):
                returned += 1
                yield result
    except BrokenProcessPool:
        yield from map(check, paths[returned:])


def _chunk_size(count: int, workers: int) -> int:
    """Chunks big enough to amortise pickling, small enough to keep every core busy to the end."""
    return max(1, min(CHUNK_SIZE, count // (workers * 4)))


def _named(
    paths: Sequence[Path], results: Iterable[Result], advance: Callable[[int], None] | None
) -> Iterator[Checked]:
    for name, result in zip(names(paths), results):
        if advance is not None:
            advance(1)
        yield Checked(name, result)


def check_one(path: Path, project_dir: Path | None = None) -> Result:
    """``check_report``, guarded so that a bug met on one hand-in is that hand-in's error row."""
    try:
        return check_report(path, project_dir=project_dir)
    except Exception as error:  # noqa: BLE001 - one hand-in must never stop the batch
        shown = str(resolve_report_path(path))
        message = (f"the checker failed on {shown} ({type(error).__name__}: {error}). "
                   "Please report this problem with the file; the other reports were checked.")  # fmt: skip
        return Result(shown, path, None, findings=[Finding("internal-error", "error", None, 1, message)])
