"""Each group's hand-in written as the teacher reads it, with the figures it shows copied beside it.

``report.py html`` writes ``report.html`` in the report's folder, and its images point at paths
relative to that folder (``figures/loss.png``, ``../outputs/cm.png``). The HTML must stay byte for
byte the course's, so it is not rewritten: it is written at the same place in a copy of the group's
folder (``handins/GROUP/reports/report.html``), and each figure it shows is copied to its own place
in that copy. Only regular files inside the group's folder are copied: nothing hidden, nothing a
symbolic link leads to outside it, nothing from another group. ``handins/GROUP.html`` is a small
page that opens the hand-in, so the teacher can type a group's name.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from mkdocs_report_plugin.model.batch import Checked
from mkdocs_report_plugin.model.report import is_remote_target
from mkdocs_report_plugin.reading.handin import (
    HANDIN_FILE,
    NestedTooDeep,
    handin_html,
    header_offset,
    read_like_the_course,
    write_like_the_course,
)
from mkdocs_report_plugin.reading.repository import Status, file_kind, inside, is_hidden, local_path

HANDINS_FOLDER = "handins"


@dataclass(frozen=True)
class WrittenHandin:
    """Where a group's hand-in was written (relative to the output folder), or why it was not."""

    page: str | None  # e.g. "handins/group-12.html", the page that opens it
    missing: str = ""  # why there is no hand-in
    images_not_found: tuple[str, ...] = ()  # image sources the hand-in shows that are not in the copy


def group_folder(report: Path, scrape: Path) -> Path:
    """The scrape's folder that holds ``report``: its first folder below the scrape (or the scrape itself)."""
    relative = Path(os.path.relpath(os.path.abspath(report), os.path.abspath(scrape)))
    return scrape / relative.parts[0] if len(relative.parts) > 1 else scrape


def write_handin(entry: Checked, key: str, scrape: Path, output: Path) -> WrittenHandin:
    """Write ``entry``'s hand-in under ``output/handins/KEY/`` as described above, or say why not."""
    result = entry.result
    report = Path(result.path if result.path is not None else result.display_path)
    slow = next((finding for finding in result.findings if finding.rule == "render-slow"), None)
    if slow is not None:
        return WrittenHandin(None, f"not rendered: line {slow.line} makes report.py html take minutes "
                             "(render-slow); run `mkdocs-report handin` on this report alone")  # fmt: skip
    try:
        html = handin_html(read_like_the_course(report), header_offset(result))
    except UnicodeDecodeError:
        return WrittenHandin(None, "report.py html cannot read it: the file is not valid UTF-8")
    except NestedTooDeep:
        return WrittenHandin(None, "report.py html fails on it: it is nested too deep for Python-Markdown")
    except OSError as error:
        return WrittenHandin(None, f"no report to render ({error.strerror or type(error).__name__})")
    group = group_folder(report, scrape)
    mirror = output / HANDINS_FOLDER / key
    page = mirror / os.path.relpath(os.path.abspath(report.parent), os.path.abspath(group)) / HANDIN_FILE
    page.parent.mkdir(parents=True, exist_ok=True)
    write_like_the_course(page, html)
    not_found = tuple(
        source for source in image_sources(html) if not _copy_figure(source, report.parent, group, mirror)
    )
    opener = output / HANDINS_FOLDER / f"{key}.html"
    opener.write_text(_opener_html(entry.name, page.relative_to(opener.parent).as_posix()), encoding="utf-8")
    return WrittenHandin(opener.relative_to(output).as_posix(), images_not_found=not_found)


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        source = dict(attrs).get("src")
        if tag == "img" and source:
            self.sources.append(source)


def image_sources(html: str) -> list[str]:
    """The ``src`` of every ``<img>`` of the hand-in, in order, each once: what the teacher's browser loads."""
    reader = _Images()
    reader.feed(html)
    return list(dict.fromkeys(reader.sources))


def _copy_figure(source: str, report_folder: Path, group: Path, mirror: Path) -> bool:
    """Copy the file ``source`` points at into the mirror; False when it is not a file of the group to copy.

    A remote image (``https://...``) needs no copy and counts as found."""
    if is_remote_target(source):
        return True
    path = local_path(source)
    if not path or path.startswith("/"):
        return False  # the browser reads it from the disk's top, not from the group's folder
    try:
        file = Path(os.path.normpath(report_folder / path))
        if not _copyable(file, group):
            return False
        target = mirror / os.path.relpath(file, os.path.abspath(group))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
    except (OSError, ValueError):  # a name no disk takes (a NUL byte), a file that cannot be read
        return False
    return True


def _copyable(file: Path, group: Path) -> bool:
    """A regular file of sensible size in ``group``, not hidden, and not a link that leads out of it or to a hidden file."""
    real_file, real_group = Path(os.path.realpath(file)), Path(os.path.realpath(group))
    if not inside(file, group) or is_hidden(file, group) or not inside(real_file, real_group):
        return False
    return not is_hidden(real_file, real_group) and not file.is_dir() and file_kind(file) is Status.FOUND


def _opener_html(name: str, target: str) -> str:
    from html import escape

    address = escape(target, quote=True)
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="refresh" content="0; url={address}">\n<title>{escape(name)}: hand-in</title>\n'
            f'</head>\n<body>\n<p><a href="{address}">{escape(name)}: the hand-in</a></p>\n</body>\n</html>\n')  # fmt: skip
