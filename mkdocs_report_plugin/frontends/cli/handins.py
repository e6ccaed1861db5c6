"""Each group's hand-in written as the teacher reads it, with the figures it shows copied beside it.

``report.py html`` writes ``report.html`` in the report's folder, and its images point at paths
relative to that folder (``figures/loss.png``, ``../outputs/cm.png``). The HTML must stay byte for
byte the course's, so it is not rewritten: it is written at the same place in a copy of the group's
folder (``handins/GROUP/reports/report.html``), and each figure it shows is copied to its own place
in that copy. Only regular files of the group, reached through real folders, are copied (nothing
hidden, no symbolic link to a folder followed, no link out of the group's folder, nothing from
another group), at most :data:`MAX_COPIED_BYTES` per group, and never onto the hand-in's own place:
a student's committed ``reports/report.html`` shown as a figure does not replace it.
``handins/GROUP.html`` opens the hand-in in the frame the site uses (sandboxed: no script of the
student's runs in the teacher's browser), so the teacher can type a group's name.

Everything is written through :mod:`~.safe_files` below the output folder, which the teacher named.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from mkdocs_report_plugin.frontends.cli.groups import group_file
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
from mkdocs_report_plugin.reading.repository import is_hidden, local_path, read_limited
from mkdocs_report_plugin.reading.safe_files import make_folders, write_file

HANDINS_FOLDER = "handins"

MAX_COPIED_BYTES = 100 * 1024 * 1024
"""The most bytes of figures copied for one group (100 MB): a hand-in's figures take a few MB; five files at the
20 MB limit of one file fit. Past it, figures are not copied, and the group's row lists them."""


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
    from mkdocs_report_plugin.output.companion_pages import HANDIN_SANDBOX, handin_page_html

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
    figures = _Figures(report.parent, group, mirror, output, reserved=page)
    not_found = tuple(source for source in image_sources(html) if not figures.copy(source))
    make_folders(page.parent, trusted=output)
    write_like_the_course(page, html, trusted=output)  # after the figures, and none was copied onto it
    opener = output / HANDINS_FOLDER / f"{key}.html"
    # Opened from the teacher's disk: Chromium loads no file:// image into a frame of an opaque origin, so the frame
    # keeps its file's own origin. Its sandbox still allows no script, so nothing of the student's runs either way.
    sandbox = "allow-same-origin " + HANDIN_SANDBOX
    framed = handin_page_html("../index.html", page.relative_to(opener.parent).as_posix(), sandbox=sandbox)
    write_file(opener, framed, trusted=output)
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


@dataclass
class _Figures:
    """The figures of one group's hand-in, copied into its mirror within the group's byte budget."""

    report_folder: Path
    group: Path
    mirror: Path
    output: Path
    reserved: Path  # the hand-in's own place: no figure is copied there
    copied: set[Path] = field(default_factory=set)
    spent: int = 0

    def copy(self, source: str) -> bool:
        """Copy the file ``source`` points at into the mirror; False when it is not a file of the group to copy.

        A remote image (``https://...``) needs no copy and counts as found."""
        if is_remote_target(source):
            return True
        path = local_path(source)
        if not path or path.startswith("/"):
            return False  # the browser reads it from the disk's top, not from the group's folder
        try:
            file = Path(os.path.normpath(self.report_folder / path))
            if not group_file(file, self.group) or is_hidden(file, self.group):  # group_file: inside the group
                return False
            if is_hidden(Path(os.path.realpath(file)), Path(os.path.realpath(self.group))):
                return False
            target = Path(os.path.abspath(self.mirror / os.path.relpath(file, os.path.abspath(self.group))))
            if target == Path(os.path.abspath(self.reserved)):
                return False  # a figure named like the hand-in (reports/report.html) must not replace it
            if target in self.copied:
                return True
            data = read_limited(file)
            if self.spent + len(data) > MAX_COPIED_BYTES:
                return False
            make_folders(target.parent, trusted=self.output)
            write_file(target, data, trusted=self.output)
        except (OSError, ValueError):  # a name no disk takes (a NUL byte), a file that cannot be read
            return False
        self.copied.add(target)
        self.spent += len(data)
        return True
