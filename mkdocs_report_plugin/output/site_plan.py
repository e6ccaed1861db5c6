"""Decide what happens to every file the report links to, before MkDocs renders it.

The engine lists each link and image with its source line (``Result.references``); this
module turns that list into a plan: files to publish next to the page and link targets
to change. What is wrong with a target is the engine's to say (its rules read the same
:func:`~mkdocs_report_plugin.reading.repository.locate`), so the build warns exactly what
``mkdocs-report check`` prints. Nothing here reads markdown syntax; the only edit to the
page source is replacing a target the engine found, on the line it found it.

Why targets are changed before rendering, and not in the HTML afterwards: MkDocs checks
every relative link while it renders and warns (without a line number) about targets it
does not know, which would make ``mkdocs build --strict`` fail on links we have already
dealt with.

Safety: a file is published only when both the path as written and the file it
resolves to (after symlinks) lie inside the project (the git work tree, by default), neither
is hidden, it is a regular file of at most ``MAX_FILE_BYTES``, and an image has an image's
suffix (``repository.locate`` says which, so the engine's findings name each refusal).

What is published at all: raster images (:data:`RASTER_SUFFIXES`), and nothing else of the student's. A file
on the site's own address runs its script when opened there, and an HTML page or an SVG image does (an SVG is
a page too, whose ``<script>`` and ``onload`` run when it is opened on its own): so an SVG the page shows is put
into the page as a ``data:`` URI in its ``<img>`` (:class:`Embed`), which browsers show without running anything
in it, and a link to any other file of the repository goes to the file on GitHub, as a link out of the report's
folder does. A raster image is only ever an image, whatever its bytes: served as ``image/png``, it runs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from mkdocs_report_plugin.model.report import Reference, Result
from mkdocs_report_plugin.output.embed import EMBED_SCHEME
from mkdocs_report_plugin.output.unresolved import UNRESOLVED_SCHEME, Unresolved
from mkdocs_report_plugin.reading.repository import (
    IMAGE_SUFFIXES,
    MAX_FILE_BYTES,
    Folders,
    Location,
    Status,
    inside,
    locate,
    path_part,
)

COURSE_FIGURES_URL = "https://github.com/SkafteNicki/dtu_mlops/blob/main/reports/"
"""Where the course keeps the example figures its template prompts link to."""

PROJECT_FOLDER = "_project"
"""Images outside the report's folder (but inside the project) are published here."""

RASTER_SUFFIXES = IMAGE_SUFFIXES - {".svg"}
"""The files the site publishes: images that are only ever images (an SVG is a page that can run script)."""


@dataclass(frozen=True)
class Placement:
    """Where the report lives and how its page is published."""

    project_dir: Path  # the repository's top folder; nothing outside it is ever published
    report_file: Path
    page_dir_uri: str  # the page's folder in the site, e.g. "report/" ("" for the site root)
    publish_files: bool  # True: the page comes from `path`, and the files of its folder are ours to copy
    docs_dir: Path
    file_url: Callable[[str], str | None] | None  # a project path -> the file's page in the repository, if known
    course_url: str  # the template's example figures, e.g. figures/wandb.png, live there

    @property
    def report_dir(self) -> Path:
        return self.report_file.parent


@dataclass(frozen=True)
class Publish:
    """A file to copy into the site at ``uri``."""

    source: Path
    uri: str


@dataclass(frozen=True)
class Rewrite:
    """Replace the link target ``old`` by ``new`` on source line ``line``."""

    line: int
    old: str
    new: str


@dataclass(frozen=True)
class Embed:
    """An SVG image the page shows inside itself (``report-embed:N`` until the page is made), never published."""

    source: Path
    reference: Reference


@dataclass
class SitePlan:
    publish: list[Publish] = field(default_factory=list)
    rewrites: list[Rewrite] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    unlinked: list[Reference] = field(default_factory=list)  # files of the repository with no address to link to
    embedded: list[Embed] = field(default_factory=list)

    @property
    def embedded_files(self) -> list[Path]:
        """The file of each ``report-embed:N`` target, by N: what the page extension puts in."""
        return [item.source for item in self.embedded]

    def embed(self, reference: Reference, source: Path) -> None:
        """Show the SVG image inside the page (a ``data:`` URI); the file is not published."""
        self.rewrites.append(Rewrite(reference.line, reference.target, f"{EMBED_SCHEME}:{len(self.embedded)}"))
        self.embedded.append(Embed(source, reference))

    def leave_unresolved(self, reference: Reference, reason: str) -> None:
        """Rewrite the target to a placeholder URL; the page explains it with ``reason``."""
        self.rewrites.append(Rewrite(reference.line, reference.target, f"{UNRESOLVED_SCHEME}:{len(self.unresolved)}"))
        self.unresolved.append(Unresolved(reference.target, reference.is_image, reason, reference.line))

    def info_lines(self, display_path: str, config_name: str) -> list[str]:
        """What the build tells the student at INFO level, line by line: files the page shows otherwise than the
        student may expect, none of them a problem; ``config_name`` is the builder's config file, as it is named."""
        notes = [(item.reference.line, f"the SVG image '{item.reference.target}' is shown inside the page rather than "
                  "published as a file of its own (an SVG opened on its own could run script on the site); the page "
                  "shows it all the same.") for item in self.embedded]  # fmt: skip
        notes += [(reference.line, f"'{reference.target}' is shown as text: the repository's address is not known. "
                   f"Set repo_url in {config_name}, or add the GitHub remote 'origin'.") for reference in self.unlinked]  # fmt: skip
        return [f"{display_path}:{line}: {note}" for line, note in sorted(notes, key=lambda pair: pair[0])]

    def unreported_images(self, result: Result) -> list[Unresolved]:
        """The images the page shows as a note that no finding names: none, as long as the rules foresee every
        reason the site has; the plugin warns of any other, so that no image leaves the page without a warning.
        With an image rule switched off, the user chose not to hear of such images: none is returned."""
        if {"image-not-found", "image-format"} & set(result.ignored):
            return []
        named = {found.target for found in result.findings}
        return [item for item in self.unresolved if item.is_image and item.target not in named]


def plan_site_files(result: Result, placement: Placement) -> SitePlan:
    """What to publish and rewrite for every local link and image of the report."""
    plan = SitePlan()
    for reference in result.references:
        where = locate(reference.target, placement.report_dir, placement.project_dir)
        if where is not None:
            _plan_reference(reference, where, result, placement, plan)
    plan.publish = list({item.uri: item for item in plan.publish}.values())  # one copy per file
    # An embedded SVG's target first: in [![fig](a.svg)](a.svg) the link's would replace both, and the image go.
    plan.rewrites.sort(key=lambda rewrite: not rewrite.new.startswith(EMBED_SCHEME + ":"))
    return plan


def branch_in_edit_uri(edit_uri: str | None) -> str | None:
    """The branch in MkDocs' ``edit_uri`` (``edit/main/docs/`` gives ``main``), if it names one."""
    parts = (edit_uri or "").strip("/").split("/")
    if parts[0] == "-":
        parts = parts[1:]
    return parts[1] if len(parts) >= 2 and parts[0] in ("edit", "blob", "tree") else None


# --- one reference -------------------------------------------------------------------


def _plan_reference(
    reference: Reference, where: Location, result: Result, placement: Placement, plan: SitePlan
) -> None:
    if where.status is Status.TOO_LARGE and not reference.is_image and not _published_with_page(where, placement):
        assert where.file is not None
        _link_to_repository(reference, where.file, placement, plan)  # GitHub shows it; nothing is copied
        return
    if not where.found:
        _plan_missing(reference, where, result, placement, plan)
        return
    assert where.file is not None
    if not placement.publish_files and inside(where.file, placement.docs_dir) and not where.from_root:
        return  # a file of the docs: MkDocs publishes and links it itself
    real = where.file.resolve()  # by what it resolves to: a link in figures/ may lead anywhere in the repository
    in_report_dir = inside(real, placement.report_dir.resolve())
    if Folders.of(placement.report_dir, placement.project_dir).hides(where.file):
        if reference.is_image:
            plan.leave_unresolved(
                reference, f"'{reference.target}' is in a hidden file or folder, which is never published"
            )
        else:
            _link_to_repository(reference, where.file, placement, plan)
    elif reference.is_image and not {where.file.suffix.lower(), real.suffix.lower()} <= IMAGE_SUFFIXES:
        plan.leave_unresolved(reference, f"'{reference.target}' is not an image file, so it is not published")
    elif reference.is_image and not where.file.is_file():
        plan.leave_unresolved(reference, f"'{reference.target}' is a folder, not an image file")
    elif reference.is_image and not _is_raster(where.file, real):
        plan.embed(reference, where.file)
    elif placement.publish_files and in_report_dir and _is_raster(where.file, real) and where.file.is_file():
        relative = where.file.relative_to(placement.report_dir).as_posix()
        plan.publish.append(Publish(where.file, placement.page_dir_uri + relative))
        if where.from_root:  # the site has no repository top: write it from the page's folder
            plan.rewrites.append(Rewrite(reference.line, reference.target, relative + _suffix(reference.target)))
    elif reference.is_image:
        in_project = where.file.relative_to(placement.project_dir).as_posix()
        plan.publish.append(Publish(where.file, f"{placement.page_dir_uri}{PROJECT_FOLDER}/{in_project}"))
        plan.rewrites.append(
            Rewrite(reference.line, reference.target, f"{PROJECT_FOLDER}/{in_project}{_suffix(reference.target)}")
        )
    else:
        _link_to_repository(reference, where.file, placement, plan)


def _plan_missing(reference: Reference, where: Location, result: Result, placement: Placement, plan: SitePlan) -> None:
    in_report_dir = where.file is not None and inside(where.file, placement.report_dir)
    if where.status is Status.MISSING and in_report_dir and _in_prompt(reference, result):
        # The template's own prompts link to the course's example figures
        # (figures/wandb.png, ...), which a student's repository does not have.
        assert where.file is not None
        relative = where.file.relative_to(placement.report_dir).as_posix()
        plan.rewrites.append(Rewrite(reference.line, reference.target, placement.course_url + relative))
        return
    kind = "image" if reference.is_image else "link target"
    plan.leave_unresolved(
        reference,
        _REFUSED.get(where.status, "the {kind} '{target}' is not in the repository").format(
            kind=kind, target=reference.target
        ),
    )


_REFUSED = {
    Status.HIDDEN: "the {kind} '{target}' leads into a hidden file or folder, which is never published",
    Status.NOT_A_FILE: "the {kind} '{target}' is not a regular file, so it is not published",
    Status.TOO_LARGE: f"the {{kind}} '{{target}}' is larger than {MAX_FILE_BYTES // 2**20} MB, so it is not published",
    Status.ON_DISK: "the {kind} '{target}' is a path on the student's own computer",
}
"""Why the page shows a target as text, for the statuses that are not simply a missing file."""


def _published_with_page(where: Location, placement: Placement) -> bool:
    """Whether the site would copy a link's file next to the page (a raster image of its folder)."""
    return (placement.publish_files and where.file is not None and inside(where.file, placement.report_dir)
            and where.file.suffix.lower() in RASTER_SUFFIXES)  # fmt: skip


def _is_raster(file: Path, real: Path) -> bool:
    """Whether the file is a raster image by its name and by the name of what it resolves to."""
    return {file.suffix.lower(), real.suffix.lower()} <= RASTER_SUFFIXES


def _link_to_repository(reference: Reference, file: Path, placement: Placement, plan: SitePlan) -> None:
    in_project = file.relative_to(placement.project_dir).as_posix()
    url = placement.file_url(in_project) if placement.file_url is not None else None
    if url is not None:
        plan.rewrites.append(Rewrite(reference.line, reference.target, url + _suffix(reference.target)))
        return
    if placement.file_url is None:  # links: false
        plan.leave_unresolved(reference, f"'{in_project}' is in the repository; links to it are switched off")
        return
    plan.leave_unresolved(reference, f"'{in_project}' is in the repository, but its address on the web is not known")
    plan.unlinked.append(reference)


# --- helpers -------------------------------------------------------------------------


def _suffix(target: str) -> str:
    return target[len(path_part(target)) :]


def _in_prompt(reference: Reference, result: Result) -> bool:
    """Whether the reference is in a question's prompt: below its heading, above ``Answer:``."""
    question = result.question(reference.question) if reference.question else None
    if question is None or question.marker_line is None:
        return False
    return question.line < reference.line < question.marker_line


# --- applying the plan ---------------------------------------------------------------


def first_line(text: str, markdown: str) -> int:
    """The report's line on which the page's markdown starts: MkDocs and Zensical strip the front matter first."""
    if markdown and text.endswith(markdown):
        return text[: len(text) - len(markdown)].count("\n") + 1
    return 1


def apply_rewrites(markdown: str, rewrites: list[Rewrite], first_line: int) -> str:
    """Replace targets in the page's markdown, ``first_line`` being its first source line.

    MkDocs hands plugins the markdown without the front matter, so source line ``n`` is
    line ``n - first_line`` of ``markdown``. A target is replaced only where it stands as
    a target: after ``(``, ``(<``, ``]: `` or ``="`` / ``='`` (an HTML attribute).
    """
    lines = markdown.split("\n")
    for rewrite in rewrites:
        pattern = _target_pattern(rewrite.old)
        index = rewrite.line - first_line
        if 0 <= index < len(lines):
            lines[index] = pattern.sub(_keeping_the_prefix(rewrite.new), lines[index])
    return "\n".join(lines)


def _keeping_the_prefix(new: str) -> Callable[[re.Match[str]], str]:
    """A replacement for :func:`_target_pattern`'s match: what stood before the target, then ``new``."""
    return lambda match: match[1] + new


def _target_pattern(old: str) -> re.Pattern[str]:
    """``old`` where it stands as a target, ending where a target ends ("a.png" is not in "a.png.bak")."""
    spellings = "|".join(re.escape(spelling) for spelling in dict.fromkeys((old, unquote(old))))
    return re.compile(r"(\(<?|\]:[ \t]*|=[\"'])(?:" + spellings + r")(?=[)>\s\"']|$)")
