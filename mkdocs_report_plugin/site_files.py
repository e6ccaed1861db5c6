"""Decide what happens to every file the report links to, before MkDocs renders it.

The engine lists each link and image with its source line (``Result.references``); this
module turns that list into a plan: files to publish next to the page, link targets to
change, and what to tell the student. Nothing here reads markdown syntax; the only
edit to the page source is replacing a target the engine found, on the line it found it.

Why targets are changed before rendering, and not in the HTML afterwards: MkDocs checks
every relative link while it renders and warns (without a line number) about targets it
does not know, which would make ``mkdocs build --strict`` fail on links we have already
dealt with.

Safety: a file is published only when both the path as written and the file it
resolves to (after symlinks) lie inside the project folder (the folder of mkdocs.yml).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote



from .model import Finding, Reference, Result, Severity
from .render import parse_html

UNRESOLVED_SCHEME = "report-unresolved"
"""Targets we cannot serve are rewritten to ``report-unresolved:<n>``.

MkDocs leaves URLs with a scheme alone, and the plugin replaces them in the rendered
HTML (an image becomes a visible note, a link becomes its text).
"""

PROJECT_FOLDER = "_project"
"""Images outside the report's folder (but inside the project) are published here."""

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass(frozen=True)
class Placement:
    """Where the report lives and how its page is published."""

    project_dir: Path  # the folder of mkdocs.yml; nothing outside it is ever published
    report_file: Path
    page_dir_uri: str  # the page's folder in the site, e.g. "report/" ("" for the site root)
    publish_files: bool  # True: the page comes from `path`, and the files of its folder are ours to copy
    docs_dir: Path
    repo_base_url: str | None  # a project path appended to it gives the file in the repository
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
class Unresolved:
    """A target the page cannot show; kept to explain it in the HTML."""

    target: str
    is_image: bool
    reason: str


@dataclass
class SitePlan:
    publish: list[Publish] = field(default_factory=list)
    rewrites: list[Rewrite] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def leave_unresolved(self, reference: Reference, rule: str, reason: str, *, warn: bool = True) -> None:
        """Rewrite the target to a placeholder URL, and tell the student why when ``warn``.

        A missing or refused file is an error of the question (the reader sees nothing);
        a link the site cannot follow is only a warning (the answer itself is complete).
        """
        self.rewrites.append(
            Rewrite(reference.line, reference.target, f"{UNRESOLVED_SCHEME}:{len(self.unresolved)}")
        )
        self.unresolved.append(Unresolved(reference.target, reference.is_image, reason))
        if warn:
            severity: Severity = "warning" if rule == "link-outside-report" else "error"
            self.findings.append(Finding(rule, severity, reference.question, reference.line, reason))


def plan_site_files(result: Result, placement: Placement) -> SitePlan:
    """What to publish, rewrite and report for every local link and image of the report."""
    plan = SitePlan()
    for reference in result.references:
        if reference.is_remote or not _path_part(reference.target):
            continue
        _plan_reference(reference, result, placement, plan)
    plan.publish = list({item.uri: item for item in plan.publish}.values())  # one copy per file
    return plan


def repository_base_url(repo_url: str | None, edit_uri: str | None, docs_dir_in_repo: str) -> str | None:
    """The URL a project path is appended to, built from MkDocs' ``repo_url`` + ``edit_uri``.

    ``edit_uri`` points at the docs folder for editing (``edit/main/docs/``); a file
    elsewhere in the repository is shown at the same branch, one level up, in ``blob/``.
    """
    if not repo_url:
        return None
    uri = (edit_uri or "").strip("/")
    docs = docs_dir_in_repo.strip("/")
    if docs and (uri == docs or uri.endswith("/" + docs)):
        uri = uri[: len(uri) - len(docs)].strip("/")
    if uri.startswith("edit/"):
        uri = "blob/" + uri.removeprefix("edit/")
    if uri.startswith("-/edit/"):
        uri = "-/blob/" + uri.removeprefix("-/edit/")
    if not uri or uri.startswith("?"):
        uri = "blob/HEAD"
    return repo_url.rstrip("/") + "/" + uri + "/"


# --- one reference -------------------------------------------------------------------


def _plan_reference(reference: Reference, result: Result, placement: Placement, plan: SitePlan) -> None:
    path = unquote(_path_part(reference.target))
    if path.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(path) or reference.target.lower().startswith("file:"):
        if reference.is_image:
            plan.leave_unresolved(reference, "file-outside-project", _absolute_message(reference))
        return  # an absolute link is a link into the site; MkDocs judges it
    written = Path(os.path.normpath(placement.report_dir / path))
    if not inside(written, placement.project_dir):
        plan.leave_unresolved(reference, "file-outside-project", _outside_message(reference))
        return
    if os.path.lexists(written) and not inside(written.resolve(), placement.project_dir.resolve()):
        plan.leave_unresolved(reference, "file-outside-project", _symlink_message(reference))
        return
    if written.is_file():
        _plan_existing_file(reference, written, placement, plan)
    elif written.is_dir():
        if not placement.publish_files and inside(written, placement.docs_dir):
            return  # a folder of the docs: MkDocs knows what to do with it
        _link_to_repository(reference, written, placement, plan)
    else:
        _plan_missing_file(reference, written, result, placement, plan)


def _plan_existing_file(reference: Reference, file: Path, placement: Placement, plan: SitePlan) -> None:
    if not placement.publish_files and inside(file, placement.docs_dir):
        return  # MkDocs publishes the docs folder itself
    if placement.publish_files and inside(file, placement.report_dir) and file.suffix.lower() != ".md":
        relative = file.relative_to(placement.report_dir).as_posix()
        plan.publish.append(Publish(file, placement.page_dir_uri + relative))
    elif reference.is_image:
        in_project = file.relative_to(placement.project_dir).as_posix()
        plan.publish.append(Publish(file, f"{placement.page_dir_uri}{PROJECT_FOLDER}/{in_project}"))
        plan.rewrites.append(
            Rewrite(reference.line, reference.target, f"{PROJECT_FOLDER}/{in_project}{_suffix(reference.target)}")
        )
    else:
        _link_to_repository(reference, file, placement, plan)


def _plan_missing_file(
    reference: Reference, file: Path, result: Result, placement: Placement, plan: SitePlan
) -> None:
    if not _in_answer(reference, result) and inside(file, placement.report_dir):
        # The template's own prompts link to the course's example figures
        # (figures/wandb.png, ...), which a student's repository does not have.
        relative = file.relative_to(placement.report_dir).as_posix()
        plan.rewrites.append(Rewrite(reference.line, reference.target, placement.course_url + relative))
        return
    kind = "image" if reference.is_image else "link target"
    message = f"the {kind} '{reference.target}' does not exist. Add the file or fix the path."
    plan.leave_unresolved(reference, "file-not-found", message, warn=not _engine_told(reference, result))


def _link_to_repository(reference: Reference, file: Path, placement: Placement, plan: SitePlan) -> None:
    in_project = file.relative_to(placement.project_dir).as_posix()
    if placement.repo_base_url:
        new = placement.repo_base_url + in_project + _suffix(reference.target)
        plan.rewrites.append(Rewrite(reference.line, reference.target, new))
        return
    message = (
        f"'{reference.target}' is outside the report's folder, so the site cannot show it. "
        "Set repo_url in mkdocs.yml to link it to the file in your repository."
    )
    plan.leave_unresolved(reference, "link-outside-report", message)


# --- messages ------------------------------------------------------------------------


def _absolute_message(reference: Reference) -> str:
    return (
        f"the image '{reference.target}' is an absolute path, so it was not published. "
        "Write it relative to the report, e.g. figures/diagram.png."
    )


def _outside_message(reference: Reference) -> str:
    return (
        f"'{reference.target}' points outside the project folder, so it was not published. "
        "Put the file in the figures/ folder next to the report."
    )


def _symlink_message(reference: Reference) -> str:
    return (
        f"'{reference.target}' is a symbolic link to a file outside the project, so it was not published. "
        "Copy the file into the figures/ folder instead."
    )


# --- helpers -------------------------------------------------------------------------


def _path_part(target: str) -> str:
    return re.split(r"[?#]", target, maxsplit=1)[0]


def _suffix(target: str) -> str:
    return target[len(_path_part(target)) :]


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies below it (both made absolute, links not followed)."""
    path, folder = Path(os.path.abspath(path)), Path(os.path.abspath(folder))
    return path == folder or folder in path.parents


def _in_answer(reference: Reference, result: Result) -> bool:
    question = result.question(reference.question) if reference.question else None
    if question is None or question.answer_line is None or question.answer_end_line is None:
        return False
    return question.answer_line <= reference.line <= question.answer_end_line


def _engine_told(reference: Reference, result: Result) -> bool:
    """Whether the engine already has a finding about this target on this line."""
    return any(f.line == reference.line and reference.target in f.message for f in result.findings)


# --- applying the plan ---------------------------------------------------------------


_NESTING_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+")
MAX_NESTING = 50
"""Python-Markdown recurses once per nested list level and crashes the whole build near 500."""


def defuse_deep_nesting(markdown: str, first_line: int) -> tuple[str, list[int]]:
    """Escape the first marker of lines that open lists nested ``MAX_NESTING`` deep or more.

    Such a line (``- - - - ...``) then renders as the text it is instead of stopping
    ``mkdocs build`` with a RecursionError. Returns the markdown and the source lines changed.
    """
    lines = markdown.split("\n")
    changed: list[int] = []
    for index, line in enumerate(lines):
        if _nesting_depth(line) >= MAX_NESTING:
            indent = len(line) - len(line.lstrip())
            lines[index] = line[:indent] + "\\" + line[indent:]
            changed.append(index + first_line)
    return "\n".join(lines), changed


def _nesting_depth(line: str) -> int:
    """How many list markers open the line (``- - 1. x`` is 3), counted up to ``MAX_NESTING``."""
    depth, position = 0, len(line) - len(line.lstrip())
    while depth < MAX_NESTING and (marker := _NESTING_MARKER.match(line, position)) is not None:
        depth, position = depth + 1, marker.end()
    return depth


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
            lines[index] = pattern.sub(lambda match: match[1] + rewrite.new, lines[index])
    return "\n".join(lines)


def _target_pattern(old: str) -> re.Pattern[str]:
    """``old`` where it stands as a target, ending where a target ends ("a.png" is not in "a.png.bak")."""
    spellings = "|".join(re.escape(spelling) for spelling in dict.fromkeys((old, unquote(old))))
    return re.compile(r"(\(<?|\]:[ \t]*|=[\"'])(?:" + spellings + r")(?=[)>\s\"']|$)")


def show_unresolved(html: str, unresolved: list[Unresolved]) -> str:
    """Replace placeholder targets in the rendered page: no broken image, no dead link.

    An image becomes a short note with its alt text and the missing file (so the reader
    sees what is missing, and no word of the student's is lost); a link keeps its text
    and loses its target.
    """
    if UNRESOLVED_SCHEME not in html:
        return html
    soup = parse_html(html)
    for tag in soup.find_all(["img", "a"]):
        attribute = "src" if tag.name == "img" else "href"
        item = _unresolved_item(str(tag.get(attribute, "")), unresolved)
        if item is None:
            continue
        if tag.name == "img":
            note = soup.new_tag("em", attrs={"class": "report-unresolved", "title": item.reason})
            alt = str(tag.get("alt", "")).strip()
            note.string = f"[image not shown: {alt} ({item.target})]" if alt else f"[image not shown: {item.target}]"
            tag.replace_with(note)
        else:
            tag.unwrap()
    return str(soup)


def _unresolved_item(target: str, unresolved: list[Unresolved]) -> Unresolved | None:
    prefix = UNRESOLVED_SCHEME + ":"
    if not target.startswith(prefix) or not target[len(prefix) :].isdigit():
        return None
    index = int(target[len(prefix) :])
    return unresolved[index] if index < len(unresolved) else None
