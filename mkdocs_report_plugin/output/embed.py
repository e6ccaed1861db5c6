"""Images put into the page itself as ``data:`` URIs: the standalone page, and a site that cannot publish them
(Zensical removes files an extension writes), read from the report's folder tree only.
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

__all__ = ["embed_images"]


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
