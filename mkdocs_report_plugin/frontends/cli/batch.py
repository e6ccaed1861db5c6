"""Checking many hand-ins at once: finding the reports, naming them, checking them on all cores.

A teacher points the CLI at the course's scrape after the deadline: one folder per group. Every
group folder is exactly one row, whatever it holds (see ``groups.py``), and nothing in one hand-in
may stop the others: every path gives exactly one :class:`Result`, in the order the paths were
given, and a hand-in that cannot be read or has no report is a Result with a finding that says why.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from mkdocs_report_plugin.check.engine import SpecBeside, check_report
from mkdocs_report_plugin.frontends.cli import groups
from mkdocs_report_plugin.model.batch import Checked
from mkdocs_report_plugin.model.report import Result, Template
from mkdocs_report_plugin.rules import Level, finding

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

REPORT_NAME = "README.md"
REPORTS_FOLDER = "reports"
GLOB_CHARACTERS = frozenset("*?[")

DEFAULT_TIMEOUT = 60.0
"""Seconds one hand-in of a batch may take; a real report takes well under one."""


def collect(arguments: Iterable[str | Path]) -> list[Path]:
    """The reports and group folders that ``arguments`` stand for, in the order given, each once.

    An argument is a report file, a folder holding README.md (that file), a hand-in (a folder
    holding ``reports/`` or ``report/``: the folder, whose report :func:`check_one` finds), a folder
    of hand-ins, the course's scrape (every visible folder in it, one row each, whatever it holds),
    or a glob pattern, which is expanded here too so a quoted pattern works on every shell. A
    pattern or file that matches nothing is kept as given, so it is reported as unreadable instead
    of silently vanishing from the batch.
    """
    found: dict[Path, Path] = {}
    for argument in arguments:
        for path in _expand(str(argument)):
            found.setdefault(Path(os.path.abspath(path)), path)
    return list(found.values())


def _expand(argument: str) -> list[Path]:
    path = Path(argument)
    if not path.exists() and GLOB_CHARACTERS & set(argument):
        matches = _glob(argument)
        return [report for match in matches for report in _expand_existing(Path(match))] or [path]
    return _expand_existing(path)


def _glob(pattern: str) -> list[Path]:
    """The paths ``pattern`` matches, ``**`` included, without following symbolic links to folders.

    ``glob.glob`` follows them, so a link to a parent folder in one hand-in makes it run for
    minutes; pathlib's ``glob`` does not. A pattern pathlib cannot read matches nothing.
    """
    parts = Path(pattern).parts
    first_pattern = next(index for index, part in enumerate(parts) if GLOB_CHARACTERS & set(part))
    base = Path(*parts[:first_pattern]) if first_pattern else Path()
    try:
        return sorted(base.glob("/".join(parts[first_pattern:])))
    except (ValueError, OSError):
        return []


def _expand_existing(path: Path) -> list[Path]:
    """A group's folder stays a folder (its report is found when it is checked); a folder of groups is each of
    its visible folders, one row each; any other folder stands for the README.md it holds or should hold."""
    if not path.is_dir() or groups.is_group(path):
        return [path]
    visible = [child for child in sorted(path.iterdir()) if not child.name.startswith(".")]
    folders = [child for child in visible if child.is_dir()]
    if (path / REPORT_NAME).is_file() or not folders:
        return [path / REPORT_NAME]
    return [child for child in visible if child.is_dir() or groups.is_archive(child)]  # a group's zip is a row too


def report_name(path: Path) -> str:
    """``group-12`` for ``hand-ins/group-12/reports/README.md`` and for the group's folder ``hand-ins/group-12``:
    the folder above ``reports/``, else the folder holding the report."""
    return _naming_folder(path).name or str(path)


def _naming_folder(path: Path) -> Path:
    absolute = Path(os.path.abspath(path))
    if path.is_dir():
        return absolute
    if groups.is_archive(path):  # handed in instead of the group's folder
        return absolute.with_name(groups.archive_name(path))
    folder = absolute.parent
    return folder.parent if folder.name == REPORTS_FOLDER and folder.parent.name else folder


def names(paths: Sequence[Path]) -> list[str]:
    """A name per path: the group's folder, with as many folders above it as tell two groups of one name
    apart (``a/group-1`` and ``b/group-1``), the whole path only for two reports of one folder."""
    folders = [_naming_folder(path).parts for path in paths]
    depth = [1] * len(paths)
    while True:
        shown = ["/".join(parts[-depth[index] :]) for index, parts in enumerate(folders)]
        uses = Counter(shown)
        clashing = [index for index, name in enumerate(shown) if uses[name] > 1 and depth[index] < len(folders[index])]
        if not clashing:
            break
        for index in clashing:
            depth[index] += 1
    uses = Counter(shown)
    return [name if uses[name] == 1 else str(path) for name, path in zip(shown, paths, strict=True)]


def check_all(
    paths: Sequence[Path],
    *,
    jobs: int | None = None,
    advance: Callable[[int], None] | None = None,
    project_dir: Path | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    spec: Template | None = None,
    levels: Mapping[str, Level] | None = None,
    spec_beside: SpecBeside = "ignore",
) -> Iterator[Checked]:
    """Check ``paths`` and yield one :class:`Checked` per path, in order.

    Several reports are spread over ``jobs`` worker processes (default: every core), each
    given at most ``timeout`` seconds: a hand-in that takes longer is stopped and becomes a
    ``timeout`` Result, and the others go on. A single report, or ``timeout=None`` with
    one job, is checked in this process. ``advance(1)`` is called after each report, for a
    progress bar. Links are looked up in ``project_dir`` when given, else in the git work
    tree holding each report. ``spec`` applies to every report; without it each report's own
    choice is made (the shipped spec its prompts match). A group's ``report-spec.yaml`` beside its
    report is not applied unless ``spec_beside`` says so (a batch is a teacher's: a group must not set
    the limits it is graded by); each report where one lies says so (``group-spec``).
    ``levels`` (rule id -> off, info, warning or error) apply to every report.
    """
    check = functools.partial(check_one, project_dir=project_dir, spec=spec, levels=levels, spec_beside=spec_beside)
    workers = min(jobs or os.cpu_count() or 1, len(paths))
    if len(paths) <= 1 or (timeout is None and workers == 1):
        yield from _named(paths, map(check, paths), advance)
    else:
        yield from _named(paths, _in_workers(paths, workers, check, timeout), advance)


def _in_workers(
    paths: Sequence[Path], workers: int, check: Callable[[Path], Result], timeout: float | None
) -> Iterator[Result]:
    """Results from worker processes, in order. A worker past its hand-in's time limit is
    killed and replaced; if a worker dies (killed for memory, say), its hand-in is checked
    in this process instead."""
    import multiprocessing
    import time
    from multiprocessing.connection import wait

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pending = list(enumerate(paths))[::-1]
    busy: dict[Connection, tuple[BaseProcess, int, float]] = {}
    idle: list[tuple[BaseProcess, Connection]] = []
    done: dict[int, Result] = {}
    limit = float("inf") if timeout is None else timeout
    try:
        for index in range(len(paths)):
            while index not in done:
                while pending and len(busy) < workers:
                    process, connection = idle.pop() if idle else _start_worker(context, check)
                    number, path = pending.pop()
                    connection.send(path)
                    busy[connection] = (process, number, time.monotonic() + limit)
                first_deadline = min(deadline for _, _, deadline in busy.values())
                wait_for = None if first_deadline == float("inf") else max(0.0, first_deadline - time.monotonic())
                for ready in wait(list(busy), timeout=wait_for):
                    connection = cast("Connection", ready)  # wait() gives back the connections it was given
                    process, number, _ = busy.pop(connection)
                    try:
                        done[number] = connection.recv()
                        idle.append((process, connection))
                    except (EOFError, OSError):  # the worker died on this hand-in
                        _stop(process, connection)
                        done[number] = check(paths[number])
                now = time.monotonic()
                for connection, (process, number, deadline) in list(busy.items()):
                    if deadline <= now:
                        del busy[connection]
                        _stop(process, connection)
                        done[number] = _took_too_long(paths[number], limit)
            yield done.pop(index)
    finally:
        for process, connection in [*idle, *((process, connection) for connection, (process, _, _) in busy.items())]:
            _stop(process, connection)


def _start_worker(context: BaseContext, check: Callable[[Path], Result]) -> tuple[BaseProcess, Connection]:
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(theirs, check), daemon=True)  # type: ignore[attr-defined]
    process.start()
    theirs.close()
    return process, ours


def _serve(connection: Connection, check: Callable[[Path], Result]) -> None:
    """A worker: check each path it is sent and send the Result back, until the pipe closes."""
    while True:
        try:
            path = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(check(path))


def _stop(process: BaseProcess, connection: Connection) -> None:
    connection.close()
    process.kill()
    process.join()


def _took_too_long(path: Path, timeout: float) -> Result:
    shown = str(path)  # a report file, or a group's folder
    message = (f"took longer than {timeout:g} s, so checking {shown} was stopped; the other reports were checked. "
               "Check it alone, or give more time with --timeout.")  # fmt: skip
    return Result(shown, path, None, general=[finding("timeout", None, 1, message)])


def _named(
    paths: Sequence[Path], results: Iterable[Result], advance: Callable[[int], None] | None
) -> Iterator[Checked]:
    for name, result in zip(names(paths), results, strict=False):
        if advance is not None:
            advance(1)
        yield Checked(name, result)


def check_one(
    path: Path,
    project_dir: Path | None = None,
    spec: Template | None = None,
    levels: Mapping[str, Level] | None = None,
    spec_beside: SpecBeside = "ignore",
) -> Result:
    """``check_report`` of a report, or of the report found in a group's folder (with the findings on where it
    was found, or the one that says why none was), guarded so that a bug met on one hand-in is that hand-in's
    error row."""
    try:
        if groups.is_archive(path):
            return Result(str(path), path, None, general=[groups.archive_not_checked(path)])
        if not path.is_dir():
            return check_report(path, project_dir=project_dir, spec=spec, severity=levels, spec_beside=spec_beside)
        located = groups.locate(path)
        if located.report is None:
            return Result(str(path), path, None, general=[located.not_checked] if located.not_checked else [])
        result = check_report(located.report, project_dir=project_dir, spec=spec, severity=levels,
                              spec_beside=spec_beside)  # fmt: skip
        result.general = [*located.notes, *result.general] if result.is_report else [*result.general, *located.notes]
        return result
    except Exception as error:  # noqa: BLE001 - one hand-in must never stop the batch
        shown = str(path)  # a report file, or a group's folder
        message = (f"the checker failed on {shown} ({type(error).__name__}: {error}). "
                   "Please report this problem with the file; the other reports were checked.")  # fmt: skip
        return Result(shown, path, None, general=[finding("internal-error", None, 1, message)])
