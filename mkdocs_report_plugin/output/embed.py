"""Images put into the page itself as ``data:`` URIs: the standalone page, a site that cannot publish them
(Zensical removes files an extension writes), read from the report's folder tree only, and the SVG images a
site shows but does not publish (``report-embed:N``, planned by the front-end).
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from mkdocs_report_plugin.model.report import is_remote_target
from mkdocs_report_plugin.output.dashboard import ImageProblem
from mkdocs_report_plugin.reading.repository import RefusedFile, read_limited

__all__ = ["EMBED_SCHEME", "embed_images", "embed_planned"]

EMBED_SCHEME = "report-embed"
"""The placeholder scheme of an image the page shows inside itself: ``report-embed:3`` is the front-end's 4th file."""


def embed_images(root: Element, folder: Path | None) -> list[ImageProblem]:
    """Each local image's ``src`` made a ``data:`` URI; the images that could not be, and why.

    Only files inside ``folder``'s tree are ever read; an image that cannot be embedded stays
    as written, so the dashboard can list it.
    """
    problems: list[ImageProblem] = []
    for image in root.iter("img"):
        source = image.get("src") or ""
        if not source or source.startswith("data:"):
            continue
        data_uri = None
        if is_remote_target(source):
            reason = "a web address; the page needs the network to show it"
        elif folder is None:
            reason = "the report has no folder to read images from"
        else:
            data_uri, reason = _read_image(folder, source)
        if data_uri is None:
            problems.append(ImageProblem(source, reason))
        else:
            image.set("src", data_uri)
    return problems


def embed_planned(root: Element, files: list[Path]) -> list[ImageProblem]:
    """Each image whose ``src`` is ``report-embed:N`` gets ``files[N]`` as a ``data:`` URI; those that could not.

    The front-end chose the files (inside the repository, regular, at most 20 MB); they are read again here,
    without following them anywhere else than where the front-end found them."""
    problems: list[ImageProblem] = []
    prefix = EMBED_SCHEME + ":"
    for image in root.iter("img"):
        source = image.get("src") or ""
        index = source[len(prefix) :]
        if not source.startswith(prefix) or not index.isdigit() or int(index) >= len(files):
            continue
        file = files[int(index)]
        mime, _ = mimetypes.guess_type(file.resolve().name)
        try:
            data = read_limited(file)
        except OSError as error:
            refused = error.strerror if isinstance(error, RefusedFile) else None
            problems.append(ImageProblem(file.name, refused or "file could not be read"))
            continue
        image.set("src", f"data:{mime or 'image/svg+xml'};base64,{base64.b64encode(data).decode('ascii')}")
    return problems


def _read_image(folder: Path, source: str) -> tuple[str | None, str]:
    """(data URI, "") for a readable image inside ``folder``'s tree, else (None, reason)."""
    root = folder.resolve()
    target = (root / unquote(urlsplit(source).path)).resolve()
    if not target.is_relative_to(root):
        return None, "outside the report's folder, so it is not read"
    mime, _ = mimetypes.guess_type(target.name)
    if mime is None or not mime.startswith("image/"):
        return None, "not an image file (use .png, .jpg or .jpeg)"
    try:
        data = read_limited(target)  # a regular file of at most 20 MB: never a pipe, a device or a 2 GB file
    except FileNotFoundError:
        return None, "file not found"
    except OSError as error:
        refused = error.strerror if isinstance(error, RefusedFile) else None
        return None, refused or "file could not be read"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}", ""
