"""The check of a report, and its hand-in, made once per content: ``serve`` rebuilds and Zensical's renders reuse them.

A rebuild after editing another page must not pay for the check again. The key is what the
check reads: the report's bytes, the options, and the size and modification time of every
file its links and images point to (a figure replaced is a new check; a figure deleted too).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs_report_plugin.check.engine import check_report
from mkdocs_report_plugin.check.options import CheckOptions
from mkdocs_report_plugin.model.report import Result
from mkdocs_report_plugin.reading.defuse import Hazard, defuse_page, page_hazards
from mkdocs_report_plugin.reading.handin import handin_html, read_like_the_course
from mkdocs_report_plugin.reading.repository import Folders, locate

__all__ = ["checked_report", "converted_handin", "defused", "hazards_of"]

_Stat = tuple[int, int] | None


@dataclass(frozen=True)
class _Entry:
    content: bytes | None
    options: CheckOptions
    display_path: str
    files: tuple[tuple[Path, _Stat], ...]
    result: Result


_CACHE: dict[Path, _Entry] = {}
"""The last reports checked, oldest first. It lives as long as the process (``mkdocs serve`` keeps the plugin,
Zensical makes a new extension for every page), so it is bounded: a site has one report."""
_KEPT = 4


def checked_report(path: Path, options: CheckOptions, display_path: str) -> Result:
    """:func:`check_report`'s result, reused while the report, the options and the files it points to are unchanged."""
    content = _content(path)
    entry = _CACHE.get(path)
    if (
        entry is not None
        and content is not None
        and entry.content == content
        and entry.options == options
        and entry.display_path == display_path
        and all(_stat(file) == stat for file, stat in entry.files)
    ):
        _CACHE[path] = _CACHE.pop(path)  # the newest again
        return entry.result
    result = check_report(path, options=options, display_path=display_path)
    _CACHE.pop(path, None)
    _CACHE[path] = _Entry(content, options, display_path, _files_read(result, path, options.project_dir), result)
    while len(_CACHE) > _KEPT:
        del _CACHE[next(iter(_CACHE))]  # the oldest
    return result


@functools.lru_cache(maxsize=2)
def defused(text: str, markdown: str, first_line: int) -> str:
    """:func:`defuse_page` of the report ``text``'s page, once per page text; its code is known from the report's
    parse, which the check made (one parse per text, shared)."""
    return defuse_page(text, markdown, first_line)


@functools.lru_cache(maxsize=2)
def hazards_of(text: str) -> tuple[Hazard, ...]:
    """:func:`page_hazards`, once per report text, on the parse the check made."""
    return tuple(page_hazards(text))


def converted_handin(report_file: Path, offset: int) -> str:
    """The course's ``report.py html`` of the report, converted again only when its text changed.

    Raises what :func:`read_like_the_course` and :func:`handin_html` raise."""
    return _handin(read_like_the_course(report_file), offset)


@functools.lru_cache(maxsize=1)
def _handin(text: str, offset: int) -> str:
    """:func:`handin_html`, for the last text only: one report per site."""
    return handin_html(text, offset)


def _content(path: Path) -> bytes | None:
    """The report's bytes, or None for what is not a regular file (never cached: the engine says why)."""
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def _files_read(result: Result, path: Path, project_dir: Path | None) -> tuple[tuple[Path, _Stat], ...]:
    files = {path.parent / "report-spec.yaml"}
    root = Folders.of(path.parent, project_dir).root  # the repository the engine looked in
    for reference in result.references:
        where = locate(reference.target, path.parent, root)
        if where is not None and where.file is not None:
            files.add(where.file)
    return tuple((file, _stat(file)) for file in sorted(files))


def _stat(file: Path) -> _Stat:
    try:
        status = os.stat(file)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns)
