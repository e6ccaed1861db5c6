"""One group's folder of a scrape: where its report is, as the group wrote it, or why there is none.

After the deadline the course clones every group's repository into one folder, and its scripts read
``reports/README.md`` at the top of each. Groups write their report elsewhere too (``report/``,
``reports/readme.md``, a project folder one level deeper) or hand in nothing readable (an empty
folder, an empty ``reports/``, notes, a ``reports.zip``). Each folder is one row of the batch: the
report found, with a finding when the course's scripts would not read it there, or the reason it was
not checked, with what to do.

A group is read only through real paths inside its folder: a symbolic link to a folder is never followed
or listed, and a file that is a symbolic link counts only when it leads to a regular file of the group
(:func:`group_file`). A ``reports/README.md`` linking out of the group is not read; its row says so.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mkdocs_report_plugin.model.report import Finding
from mkdocs_report_plugin.reading.repository import inside
from mkdocs_report_plugin.rules import finding

COURSE_PATH = PurePosixPath("reports", "README.md")
"""Where the course's report.py finds the report: README.md in the repository's reports/ folder."""

REPORT_FOLDERS = frozenset({"reports", "report"})
ARCHIVES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".7z", ".rar", ".gz")
MAX_DEPTH = 3
"""Folders below the group's own searched for a report: ``project/reports/README.md`` is two."""

SNIFF_BYTES = 200_000
LISTED = 4


@dataclass(frozen=True)
class GroupReport:
    """What a group's folder holds: the report to check (with findings about where it is), or why none is."""

    folder: Path
    report: Path | None
    notes: list[Finding] = field(default_factory=list)  # report-path, two-reports
    not_checked: Finding | None = None  # no-report, with the reason


def is_group(folder: Path) -> bool:
    """A repository's top: it holds a ``reports/`` or ``report/`` folder (in any case), or a project README that is
    not the report and, below it, reports in one folder only (``MLOps_project/reports/README.md``)."""
    if any(child.is_dir() and child.name.lower() in REPORT_FOLDERS for child in _visible(folder)):
        return True
    readme = folder / "README.md"
    if not readme.is_file() or _looks_like_the_template(readme):
        return False
    named = _named_reports(folder, _files(folder))
    return len({_relative(folder, path).parts[0] for path in named}) == 1


def locate(folder: Path) -> GroupReport:
    """The report of the group whose repository is ``folder``, as the course's scripts would look for it and beyond."""
    files = _files(folder)
    candidates = _named_reports(folder, files) or _template_like(folder, files)
    if not candidates:
        return GroupReport(folder, None, not_checked=finding("no-report", None, 1, _why_none(folder, files)))
    readable = [path for path in candidates if not path.is_symlink() or group_file(path, folder)]
    if not readable:
        return GroupReport(folder, None, not_checked=finding("no-report", None, 1, _linked_out(folder, candidates[0])))
    report, *others = [*readable, *(path for path in candidates if path not in readable)]
    notes = []
    where = _relative(folder, report)
    if where != COURSE_PATH:
        notes.append(finding("report-path", None, 1, _off_the_course_path(where)))
    if others:
        notes.append(finding("two-reports", None, 1, _several(where, [_relative(folder, other) for other in others])))
    return GroupReport(folder, report, notes)


def is_archive(path: Path) -> bool:
    """``group-5.zip``, ``reports.tar.gz``: a file the course's scripts do not open."""
    return path.name.lower().endswith(ARCHIVES) and path.is_file()


def archive_name(path: Path) -> str:
    """``group-5`` for ``group-5.tar.gz``."""
    suffix = next(suffix for suffix in sorted(ARCHIVES, key=len, reverse=True) if path.name.lower().endswith(suffix))
    return path.name[: -len(suffix)] or path.name


def archive_not_checked(path: Path) -> Finding:
    """An archive handed in where a group's folder belongs (at the top of the scrape)."""
    return finding("no-report", None, 1,
                   f"an archive ({path.name}), not a folder: the course's scripts do not open archives. Unpack it into "
                   f"a folder of its own, with the report at {COURSE_PATH}, and check again.")  # fmt: skip


def group_file(path: Path, group: Path) -> bool:
    """Whether ``path`` is a file of ``group`` read through real paths: every folder from ``group`` down to it a
    real folder (no symbolic link followed), and the file a regular one, or a symbolic link to a regular file
    inside ``group``. Asked with ``lstat``/``stat`` before any ``open``: a pipe is never opened."""
    try:
        relative = Path(os.path.relpath(os.path.abspath(path), os.path.abspath(group)))
        if relative.parts[:1] == ("..",) or os.path.isabs(relative):
            return False
        step = Path(os.path.abspath(group))
        for part in relative.parts[:-1]:
            step = step / part
            if not stat.S_ISDIR(os.lstat(step).st_mode):
                return False
        if os.path.islink(path) and not inside(Path(os.path.realpath(path)), Path(os.path.realpath(group))):
            return False
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _visible(folder: Path) -> list[Path]:
    try:
        return sorted(child for child in folder.iterdir() if not child.name.startswith("."))
    except OSError:
        return []


def _files(folder: Path) -> list[Path]:
    """Every visible file of the group down to :data:`MAX_DEPTH` folders, shallowest first; links not followed.

    Nothing below a ``reports/`` folder is listed (its figures): no report is kept there. Walked with strings,
    not pathlib, since a batch does this for every group."""
    found: list[tuple[int, str]] = []
    top_depth = str(folder).rstrip(os.sep).count(os.sep)
    for top, folders, names in os.walk(folder):
        depth = top.rstrip(os.sep).count(os.sep) - top_depth
        deeper = depth < MAX_DEPTH and (depth == 0 or os.path.basename(top).lower() not in REPORT_FOLDERS)
        folders[:] = sorted(name for name in folders if not name.startswith(".")) if deeper else []
        found.extend((depth, os.path.join(top, name)) for name in names if not name.startswith("."))
    return [Path(path) for _, path in sorted(found)]


def _relative(folder: Path, path: Path) -> PurePosixPath:
    return PurePosixPath(path.relative_to(folder).as_posix())


def _named_reports(folder: Path, files: list[Path]) -> list[Path]:
    """``README.md`` in a ``reports/`` or ``report/`` folder, any case: the course's own path first, then that path
    in another case (read where file names ignore case), then the shallowest."""
    named = [path for path in files if path.name.lower() == "readme.md" and path.parent.name.lower() in REPORT_FOLDERS]

    def preference(path: Path) -> tuple[bool, bool, int, str]:
        where = _relative(folder, path)
        return where != COURSE_PATH, str(where).lower() != str(COURSE_PATH).lower(), len(where.parts), str(where)

    return sorted(named, key=preference)


def _template_like(folder: Path, files: list[Path]) -> list[Path]:
    """Markdown files that read as the exam template, when no report is where reports are kept."""
    return [path for path in files if path.suffix.lower() == ".md" and _looks_like_the_template(path, folder)]


def _looks_like_the_template(path: Path, group: Path | None = None) -> bool:
    if not group_file(path, group or path.parent):
        return False
    try:
        with path.open("rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    return b"### Question" in head and b"Answer:" in head


def _may_hold_the_report(folder: Path, archive: Path) -> bool:
    """An archive at the group's top, in a report folder, or named after the report (not ``data/train.tar.gz``)."""
    where = _relative(folder, archive)
    return len(where.parts) == 1 or where.parent.name.lower() in REPORT_FOLDERS or "report" in where.name.lower()


def _off_the_course_path(where: PurePosixPath) -> str:
    if str(where).lower() == str(COURSE_PATH).lower():
        reason = ("; the names differ in case, so they find it only on a system that ignores case in file names "
                  "(Windows, macOS), not on Linux")  # fmt: skip
    else:
        reason = ", so they find no report"
    return (f"the report is {where}, and the course's scripts read {COURSE_PATH} at the top of the repository"
            f"{reason}. Move or rename it to {COURSE_PATH} (git mv).")  # fmt: skip


def _linked_out(folder: Path, report: Path) -> str:
    where = _relative(folder, report)
    return (f"{where} is a symbolic link that does not lead to a file of the group's folder, so it was not read: "
            f"only the group's own files are checked. Commit the report itself at {COURSE_PATH}, not a link to it.")  # fmt: skip


def _several(used: PurePosixPath, others: list[PurePosixPath]) -> str:
    which = "the one the course's scripts read" if used == COURSE_PATH else f"the nearest to {COURSE_PATH}"
    names = ", ".join(str(other) for other in others[:LISTED]) + (" ..." if len(others) > LISTED else "")
    several = len(others) > 1
    return (f"{len(others) + 1} reports in this folder: {used} was checked ({which}); {names} "
            f"{'were' if several else 'was'} not. Keep one report, at {COURSE_PATH}, and delete or merge the other"
            f"{'s' if several else ''}.")  # fmt: skip


def _why_none(folder: Path, files: list[Path]) -> str:
    """Why a group has no report to check, in the words that tell the teacher (and the group) what to do."""
    course = f"The course's scripts read {COURSE_PATH}."
    if not _visible(folder):
        return f"the folder is empty (the group handed in nothing here). {course}"
    archives = [path for path in files if path.name.lower().endswith(ARCHIVES) and _may_hold_the_report(folder, path)]
    if archives:
        shown = ", ".join(str(_relative(folder, path)) for path in archives[:LISTED])
        return (f"no report, but an archive ({shown}); the course's scripts do not open archives. "
                f"Unpack it so that {COURSE_PATH} is a file of the repository, and check again.")  # fmt: skip
    kept = next((child for child in _visible(folder) if child.is_dir() and child.name.lower() in REPORT_FOLDERS), None)
    if kept is not None and kept.is_symlink():  # never listed: it may lead anywhere on the teacher's disk
        return (f"{kept.name}/ is a symbolic link to a folder, which is not followed: only the group's own files are "
                f"read. {course} Commit the folder itself, not a link to it.")  # fmt: skip
    if kept is not None and not _visible(kept):
        return f"{kept.name}/ is empty, with no README.md in it. {course}"
    if kept is not None:
        shown = ", ".join(child.name for child in _visible(kept)[:LISTED])
        return f"{kept.name}/ holds no README.md (it holds {shown}). {course}"
    if not files:
        return f"no report, and no file in this folder (only empty folders). {course}"
    shown = ", ".join(str(_relative(folder, path)) for path in files[:LISTED]) + (" ..." if len(files) > LISTED else "")
    which = "its only file" if len(files) == 1 else f"none of its {len(files)} files"
    return f"no report: {which} ({shown}) {'is not' if len(files) == 1 else 'is'} the exam template. {course}"
