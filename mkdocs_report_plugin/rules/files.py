"""Rules on the files an answer points to: images and links in the repository, as GitHub, the site and the hand-in find them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs_report_plugin.model.report import Fix, Image, Question, is_remote_target
from mkdocs_report_plugin.reading.image_urls import why_no_picture
from mkdocs_report_plugin.reading.near_miss import near_miss
from mkdocs_report_plugin.reading.repository import (
    IMAGE_SUFFIXES,
    MAX_FILE_BYTES,
    Folders,
    Location,
    Status,
    inside,
    local_path,
    locate,
)
from mkdocs_report_plugin.rules.context import QuestionContext, ReportContext
from mkdocs_report_plugin.rules.fixes import retarget_fix
from mkdocs_report_plugin.rules.registry import Found, question_rule

ALLOWED_IMAGE_TYPES = (".png", ".jpg", ".jpeg")


def _image_not_found_outside_answers(context: ReportContext) -> Iterator[Found]:
    """The same, for images no question's check looks at: above the first question, in a prompt, under a
    question the template does not have; filed with the whole report, since no answer holds them."""
    for image, where, folders, in_prompt in _images_outside_answers(context):
        if in_prompt and where.status is Status.MISSING and where.file and inside(where.file, folders.report_dir):
            continue  # the template's prompts show the course's example figures, which the site links to
        message = _why_not_shown(image, where, folders)
        if message is not None:
            yield Found(image.line, message, target=image.source, warning=True)  # no question asks for it


@question_rule(
    "image-not-found", "error", badge="image not found", autofix="safe", report_check=_image_not_found_outside_answers
)
def image_not_found(context: QuestionContext) -> Iterator[Found]:
    """An image's file is not in the repository, or not one the site can show, so the page shows a note instead.

    Why: The teacher sees a broken image; the official checker still counts it. A path means what GitHub makes of
    it: relative to the report's folder, or from the repository's top folder with a leading `/`. The site never
    publishes a file in a hidden folder (`.cache/`, `.git/`), and a folder is not an image. An image outside the
    answers (above the first question, in a prompt) is reported too, for the whole report. It fails a question that
    asks for an image; in one that asks for none, and outside the answers, it is a warning: nothing the question is
    graded on is missing.

    Example:
        ![loss](figures/loss.png) while reports/figures/loss.png is missing.

    Fix: Add the file, or correct the path (a file beside it with almost the same name is named: `Did you mean
    'figures/test-converage.png'?`); the template asks for images in `figures/` next to the report.

    Autofix: In an answer, a path whose file is there under other capitals, or written with a backslash between
    folders, is written as the file is named, from the report's folder.
    """
    for image, where, folders in _located_images(context):
        message = _why_not_shown(image, where, folders)
        if message is not None:
            yield Found(
                image.line,
                message,
                target=image.source,
                fix=_renamed(context, image.line, image.source, where),
                warning=not _asks_for_images(context.question),
            )


def _asks_for_images(question: Question | None) -> bool:
    """An image that shows no picture fails a question that asks for at least one image: the teacher grades the
    picture. In a question that asks for none (or outside the answers) it is a warning: the answer is graded on
    its words, which still count, and an error there would fail a question for something it does not ask."""
    limits = question.constraints.images if question is not None else None
    return limits is not None and limits.minimum > 0


def _renamed(context: QuestionContext, line: int, written: str, where: Location) -> Fix | None:
    """The fix of a path GitHub does not find as written although the file is there (other capitals, ``\\``)."""
    if where.status not in (Status.WRONG_CASE, Status.BACKSLASH) or where.file is None or context.folders is None:
        return None
    return retarget_fix(context, line, written, context.folders.from_report(where.file))


def _why_not_shown(image: Image, where: Location, folders: Folders) -> str | None:
    """Why GitHub or the site shows no picture for ``image``, and what to do; None when it shows."""
    if where.status not in (Status.FOUND, Status.UNKNOWN):
        return _not_there(f"image '{image.source}'", where, folders, is_image=True)
    if not where.found or where.file is None:
        return None
    if folders.hides(where.file):
        return (
            f"image '{image.source}' is in a hidden file or folder (a name starting with '.'), which the "
            f"site never publishes. Put the file in figures/ next to the report."
        )
    if where.file.is_dir():
        return f"image '{image.source}' is a folder, not an image file. Write the image's own name, e.g. 'figures/name.png'."
    return None


def _image_url_outside_answers(context: ReportContext) -> Iterator[Found]:
    """The same, for images outside every answer (above the first question, in a prompt): a warning, since no
    question asks for them."""
    spans = context.answer_spans
    for image in context.document.images:
        if image.renders and not any(first <= image.line <= last for first, last in spans):
            yield from _web_page_image(image, None)


@question_rule("image-url", "error", badge="image address shows no picture", report_check=_image_url_outside_answers)
def image_url(context: QuestionContext) -> Iterator[Found]:
    """An image's address is a web page that shows the picture, not the picture: GitHub's page for the file (a
    `blob/` address), a Google Drive, Dropbox, OneDrive or Imgur share link; or a server on the student's own computer.

    Why: The course's checker counts the image, but the hand-in the teacher grades (and the site) asks that address
    for a picture, gets a web page, and shows none. Like a missing file, it fails a question that asks for an image,
    and is a warning in one that asks for none. Only the address is read: nothing is fetched.

    Example:
        ![loss](https://github.com/group-12/mlops/blob/main/reports/figures/loss.png)

    Fix: Save the image in `figures/` next to the report and write `figures/loss.png`: the course hands in that
    folder with the report.
    """
    if context.answer is None:
        return
    first, last = context.answer.written
    for image in context.document.images:
        if image.renders and first <= image.line <= last:
            yield from _web_page_image(image, context.question)


def _web_page_image(image: Image, question: Question | None) -> Iterator[Found]:
    reason = why_no_picture(image.source) if is_remote_target(image.source) else None
    if reason is None:
        return
    name = Path(urlsplit(image.source).path).name
    target = f"figures/{name}" if Path(name).suffix.lower() in ALLOWED_IMAGE_TYPES else "figures/name.png"
    message = (f"image '{image.source}' {reason}, so the hand-in the teacher grades shows no picture (the course's "
               f"checker still counts it). Save the image in figures/ next to the report and write {_as_target(target)}.")  # fmt: skip
    yield Found(image.line, message, target=image.source, warning=not _asks_for_images(question))


@question_rule("link-not-found", "warning", autofix="safe")
def link_not_found(context: QuestionContext) -> Iterator[Found]:
    """A link's target is not in the repository, so the link leads nowhere.

    Why: Readers follow the link on GitHub and on the site and find nothing. It is a warning: the grader does not
    read links.

    Example:
        [our Dockerfile](../dockerfiles/train.dockerfile) while dockerfiles/train.dockerfile does not exist.

    Fix: Correct the path (it starts at the report's folder; a leading `/` starts at the repository's top folder),
    or remove the link.

    Autofix: A path whose file is there under other capitals, or written with a backslash between folders, is
    written as the file is named, from the report's folder.
    """
    if context.answer is None or context.folders is None:
        return
    first, last = context.answer.written
    for reference in context.document.references:
        if reference.is_image or reference.question != context.question.number or not first <= reference.line <= last:
            continue
        where = context.locate(reference.target)
        if where is not None and where.status is Status.TOO_LARGE and not _published(where, context.folders):
            continue  # a link out of the report's folder goes to GitHub, which shows any size
        if where is not None and where.status not in (Status.FOUND, Status.UNKNOWN):
            message = _not_there(f"the link '{reference.target}'", where, context.folders, is_image=False)
            fix = _renamed(context, reference.line, reference.target, where)
            yield Found(reference.line, message, target=reference.target, fix=fix)


def _not_there(shown: str, where: Location, folders: Folders, *, is_image: bool) -> str:
    """Why GitHub shows nothing at ``where``, and what to write instead."""
    name = Path(local_path(where.target).replace("\\", "/")).name
    into_figures = f"Put the file in figures/ next to the report and write {_as_target('figures/' + name)}."
    if where.status is Status.MISSING:
        assert where.file is not None
        missing, fix = (
            ("not found", "Add the file or fix the path.")
            if is_image
            else ("leads nowhere", "Fix the path or remove the link.")
        )
        place = "in the repository" if folders.root is not None else "next to the report"
        return f"{shown} {missing}: there is no '{folders.in_repository(where.file)}' {place}. {fix}" + _hint(
            where, name, folders, is_image=is_image
        )
    if where.status in (Status.WRONG_CASE, Status.BACKSLASH):
        assert where.file is not None
        why = (
            "GitHub tells upper and lower case apart"
            if where.status is Status.WRONG_CASE
            else ("GitHub reads '\\' as part of a name, not between folders")
        )
        return f"{shown} leads nowhere on GitHub ({why}): write {_as_target(folders.from_report(where.file))}."
    if where.status is Status.OUTSIDE:
        return f"{shown} points outside the repository, so nobody else can see it. " + (
            into_figures if is_image else "Link to a file of the repository."
        )
    if where.status is Status.LINKED_OUT:
        return f"{shown} is a symbolic link to a file outside the repository, so it is not shown. Copy the file in instead."
    if where.status is Status.HIDDEN:
        return (
            f"{shown} is a symbolic link into a hidden file or folder (a name starting with '.'), which is never "
            "published. " + (into_figures if is_image else "Link to a file of the repository that is not hidden.")
        )
    if where.status is Status.NOT_A_FILE:
        return f"{shown} is not a regular file (a pipe, a device or a socket), so it is not shown. " + (
            into_figures if is_image else "Link to a file of the repository."
        )
    if where.status is Status.TOO_LARGE:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return f"{shown} is larger than {limit} MB, so it is not published. " + (
            "Save a smaller image (a screenshot or a PNG of at most a few MB)."
            if is_image
            else "Keep it out of the report's folder and link to it on GitHub."
        )
    return f"{shown} is a path on your own computer, which nobody else can open. " + (
        into_figures if is_image else "Link to the file in the repository instead.")  # fmt: skip


def _is_folder(where: Location) -> bool:
    return where.file is not None and where.file.is_dir()


def _published(where: Location, folders: Folders) -> bool:
    """Whether a link's file is published with the page: those in the report's folder (not its markdown)."""
    return where.file is not None and inside(where.file, folders.report_dir) and where.file.suffix.lower() != ".md"


def _hint(where: Location, name: str, folders: Folders, *, is_image: bool) -> str:
    """What the student most likely meant by a path that names nothing."""
    written = local_path(where.target)
    if is_image and written != f"figures/{name}" and (folders.report_dir / "figures" / name).is_file():
        return f" There is a figures/{name}: write {_as_target('figures/' + name)}."
    root = folders.root
    from_top = root / written if root is not None and not where.from_root else None
    if (
        from_top is not None
        and root is not None
        and not written.startswith("..")
        and inside(from_top, root)
        and from_top.exists()
    ):
        return (
            f" Paths start at the report's folder: for the repository's '{written}', "
            f"write {_as_target(folders.from_report(from_top))}."
        )
    if where.file is not None and (near := near_miss(where.file, folders, images_only=is_image)) is not None:
        return f" Did you mean {_as_target(written[: len(written) - len(name)] + near)}?"
    if _DOMAIN.match(written):
        return f" If it is a web address, write it with https:// in front: 'https://{where.target}'."
    if is_image and not where.from_root and not written.startswith(("figures/", "./figures/")):
        return f" The template asks for images in figures/: move it to figures/{name}."
    return ""


_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|app|ai|eu|dk|co|run)(?:/|:\d)",
                     re.IGNORECASE)  # fmt: skip
"""A web address without its scheme: a domain followed by a path or a port."""


def _as_target(path: str) -> str:
    """A path as the student should write it in a link: within ``<...>`` when it holds spaces or
    parentheses, which would otherwise end the link on GitHub."""
    return f"'<{path}>'" if any(character in path for character in " ()<>") else f"'{path}'"


@question_rule("handin-image", "warning")
def handin_image(context: QuestionContext) -> Iterator[Found]:
    """GitHub and the site show the image, but the hand-in the teacher grades will not.

    Why: After the deadline the course copies only the report's folder (`reports/`) and renders it with `report.py
    html`, which keeps image paths as written: a path that starts with `/`, or that leaves the report's folder,
    finds nothing there.

    Example:
        ![architecture](/reports/figures/architecture.png) or ![logo](../docs/logo.png)

    Fix: Keep the image in `figures/` next to the report and write `figures/name.png`.
    """
    for image, where, folders in _located_images(context):
        if where.status not in (Status.FOUND, Status.UNKNOWN):
            continue
        in_folder = where.file is not None and inside(where.file, folders.report_dir)
        shown = f"image '{image.source}'"
        if where.from_root:
            fix = (
                f"Write {_as_target(folders.from_report(where.file))}"
                if in_folder and where.file
                else ("Write the path from the report's folder, e.g. 'figures/name.png'")
            )
            message = (
                f"{shown} starts with '/': GitHub shows it from the repository's top folder, but the hand-in the "
                f"teacher grades (report.py html) keeps the path as written and will not find it. {fix}."
            )
        elif not in_folder:
            name = Path(local_path(image.source)).name
            message = (
                f"{shown} is outside the report's folder: the course hands in only that folder, so the teacher "
                f"will not see it. Copy it to figures/ and write {_as_target('figures/' + name)}."
            )
        else:
            continue
        yield Found(image.line, message, target=image.source)


def _image_format_outside_answers(context: ReportContext) -> Iterator[Found]:
    """Images no question's check looks at (above the first question, in a prompt) that the site does not publish,
    since they are not image files; the template's format applies to answers only."""
    for image, where, folders, _in_prompt in _images_outside_answers(context):
        if not where.found or where.file is None or where.file.is_dir() or folders.hides(where.file):
            continue  # image-not-found says why
        suffixes = {where.file.suffix.lower(), where.file.resolve().suffix.lower()}
        if not suffixes <= IMAGE_SUFFIXES:
            yield Found(image.line, f"image '{image.source}' is not an image file (.png, .jpg, .jpeg, .gif, .svg or "
                        ".webp), so the site does not publish it. Export it as PNG and write its name with .png.",
                        target=image.source)  # fmt: skip


@question_rule("image-format", "error", badge="image not .png or .jpg", report_check=_image_format_outside_answers)
def image_format(context: QuestionContext) -> Iterator[Found]:
    """An image is not a .png, .jpg or .jpeg file, as the template asks.

    Why: The course's hand-in only accepts these formats; other files may not show after grading. Outside the
    answers (above the first question, in a prompt), an image that is not an image file at all (a .pdf) is
    reported for the whole report: the site does not publish it.

    Example:
        ![architecture](figures/architecture.svg)

    Fix: Export the image as PNG (or JPEG) and update the link.
    """
    for image in context.question.images:
        if not image.renders or image.source.startswith("data:"):
            continue
        suffix = Path(local_path(image.source)).suffix.lower()
        if not suffix and (where := context.locate(image.source)) is not None and where.found and not _is_folder(where):
            yield Found(
                image.line,
                f"image '{image.source}' has no .png, .jpg or .jpeg suffix, so the site does not publish it. "
                "Save it as PNG and write its name with .png.",
                target=image.source,
            )
        if suffix and suffix not in ALLOWED_IMAGE_TYPES:
            yield Found(image.line, f"image '{image.source}' is a {suffix} file; the template asks for .png, .jpg or "
                        ".jpeg. Export it as PNG.", target=image.source)  # fmt: skip
        elif suffix and (real := _linked_file(context, image.source)) is not None:
            yield Found(image.line, f"image '{image.source}' is a symbolic link to '{real.name}', which is not a .png, "
                        ".jpg or .jpeg file, so the site does not publish it. Put the image itself in figures/.",
                        target=image.source)  # fmt: skip


def _linked_file(context: QuestionContext, target: str) -> Path | None:
    """The file an image found in the repository resolves to, when a symbolic link changes its suffix."""
    where = context.locate(target)
    if where is None or not where.found or where.file is None or _is_folder(where):
        return None
    real = where.file.resolve()
    return real if real.suffix.lower() not in ALLOWED_IMAGE_TYPES else None


def _images_outside_answers(context: ReportContext) -> Iterator[tuple[Image, Location, Folders, bool]]:
    """Images that show, with a path, where no question's check looks (outside every answer the engine checks),
    where each points, and whether it is in a question's prompt (below its heading, above its ``Answer:``), as the
    site judges the template's example figures."""
    folders = context.folders
    if folders is None:
        return
    document = context.document
    spans = context.answer_spans
    prompts = [
        (section.line, section.marker) for section in context.checked_sections.values() if section.marker is not None
    ]
    for image in document.images:
        if not image.renders or any(first <= image.line <= last for first, last in spans):
            continue
        where = locate(image.source, folders.report_dir, folders.root)
        if where is not None:
            yield image, where, folders, any(heading < image.line < marker for heading, marker in prompts)


def _located_images(context: QuestionContext) -> Iterator[tuple[Image, Location, Folders]]:
    """Images that show, with a path, anywhere the student wrote under the question (the
    counted answer and what a heading cut off from it), and where each points."""
    if context.answer is None or context.folders is None:
        return
    first, last = context.answer.written
    for image in context.document.images:
        if first <= image.line <= last and image.renders and (where := context.locate(image.source)) is not None:
            yield image, where, context.folders
